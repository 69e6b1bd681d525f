package io.neuroquantum.server.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How channel state crosses between cluster members (primary to backup, map to caller): compact
 * binary layouts for {@link ChannelLog}, {@link ChannelHistory.Position},
 * {@link ChannelHistory.Appended} and {@link ChannelHistory.Recovery}, so the channel classes stay free of Hazelcast.
 */
final class ChannelSerializers {
  private ChannelSerializers() {
  }

  static void register(SerializationConfig config) {
    config.addSerializerConfig(new SerializerConfig().setTypeClass(ChannelLog.class).setImplementation(new LogSerializer()));
    config.addSerializerConfig(new SerializerConfig().setTypeClass(ChannelHistory.Position.class)
        .setImplementation(new PositionSerializer()));
    config.addSerializerConfig(new SerializerConfig().setTypeClass(ChannelHistory.Recovery.class)
        .setImplementation(new RecoverySerializer()));
    config.addSerializerConfig(new SerializerConfig().setTypeClass(ChannelHistory.Appended.class)
        .setImplementation(new AppendedSerializer()));
    config.addDataSerializableFactory(ChannelOps.FACTORY_ID, ChannelOps::create);
  }

  private static void writeEntries(ObjectDataOutput out, int size, Iterable<ChannelHistory.Entry> entries) throws IOException {
    out.writeInt(size);
    for (ChannelHistory.Entry e : entries) {
      out.writeLong(e.offset());
      out.writeLong(e.timestampMs());
      out.writeByteArray(e.data());
    }
  }

  private static void readEntries(ObjectDataInput in, java.util.Collection<ChannelHistory.Entry> into) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      long offset = in.readLong();
      long ts = in.readLong();
      into.add(new ChannelHistory.Entry(offset, in.readByteArray(), ts));
    }
  }

  static final class LogSerializer implements StreamSerializer<ChannelLog> {
    @Override
    public void write(ObjectDataOutput out, ChannelLog log) throws IOException {
      out.writeString(log.epoch());
      out.writeLong(log.offset());
      out.writeLong(log.lastActivityMs());
      out.writeString(log.owner());
      writeEntries(out, log.size(), log.entries());
      out.writeInt(log.keys().size());
      for (ChannelLog.KeyedPublish k : log.keys()) {
        out.writeString(k.key());
        out.writeLong(k.offset());
        out.writeLong(k.timestampMs());
      }
    }

    @Override
    public ChannelLog read(ObjectDataInput in) throws IOException {
      String epoch = in.readString();
      long offset = in.readLong();
      long lastActivity = in.readLong();
      String owner = in.readString();
      ArrayDeque<ChannelHistory.Entry> entries = new ArrayDeque<>();
      readEntries(in, entries);
      int n = in.readInt();
      List<ChannelLog.KeyedPublish> keys = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        keys.add(new ChannelLog.KeyedPublish(in.readString(), in.readLong(), in.readLong()));
      }
      return new ChannelLog(epoch, offset, lastActivity, owner, entries, keys);
    }

    @Override
    public int getTypeId() {
      return 7101;
    }
  }

  static final class PositionSerializer implements StreamSerializer<ChannelHistory.Position> {
    @Override
    public void write(ObjectDataOutput out, ChannelHistory.Position p) throws IOException {
      writePosition(out, p);
    }

    @Override
    public ChannelHistory.Position read(ObjectDataInput in) throws IOException {
      return readPosition(in);
    }

    @Override
    public int getTypeId() {
      return 7102;
    }
  }

  static void writePosition(ObjectDataOutput out, ChannelHistory.Position p) throws IOException {
    out.writeLong(p.offset());
    out.writeString(p.epoch());
    out.writeInt(p.historySize());
    out.writeString(p.owner());
  }

  static ChannelHistory.Position readPosition(ObjectDataInput in) throws IOException {
    return new ChannelHistory.Position(in.readLong(), in.readString(), in.readInt(), in.readString());
  }

  static final class RecoverySerializer implements StreamSerializer<ChannelHistory.Recovery> {
    @Override
    public void write(ObjectDataOutput out, ChannelHistory.Recovery r) throws IOException {
      out.writeBoolean(r.recovered());
      writePosition(out, r.position());
      writeEntries(out, r.missed().size(), r.missed());
    }

    @Override
    public ChannelHistory.Recovery read(ObjectDataInput in) throws IOException {
      boolean recovered = in.readBoolean();
      ChannelHistory.Position position = readPosition(in);
      List<ChannelHistory.Entry> missed = new ArrayList<>();
      readEntries(in, missed);
      return new ChannelHistory.Recovery(recovered, missed, position);
    }

    @Override
    public int getTypeId() {
      return 7103;
    }
  }

  static final class AppendedSerializer implements StreamSerializer<ChannelHistory.Appended> {
    @Override
    public void write(ObjectDataOutput out, ChannelHistory.Appended a) throws IOException {
      out.writeLong(a.offset());
      out.writeString(a.epoch());
      out.writeBoolean(a.duplicate());
    }

    @Override
    public ChannelHistory.Appended read(ObjectDataInput in) throws IOException {
      return new ChannelHistory.Appended(in.readLong(), in.readString(), in.readBoolean());
    }

    @Override
    public int getTypeId() {
      return 7104;
    }
  }
}
