package io.neuroquantum.server.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.neuroquantum.server.presence.PresenceClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The changes made to a channel's entry in the cluster's presence map, each run atomically where the
 * entry lives and again on its backup (so everything they depend on, the time included, is chosen
 * by the caller and carried in). Every change drops entries that expired, stores the channel with
 * the presence TTL (an entry nobody renews disappears), and removes it once empty.
 */
final class PresenceOps {
  private PresenceOps() {
  }

  static final int FACTORY_ID = 7200;

  static void register(SerializationConfig config) {
    config.addDataSerializableFactory(FACTORY_ID, PresenceOps::create);
  }

  static IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case ChannelPresence.ID -> new ChannelPresence();
      case Add.ID -> new Add();
      case Remove.ID -> new Remove();
      case ReplacePart.ID -> new ReplacePart();
      case DropPart.ID -> new DropPart();
      default -> throw new IllegalArgumentException("unknown presence operation " + classId);
    };
  }

  static void writeClient(ObjectDataOutput out, PresenceClient who) throws IOException {
    out.writeString(who.client());
    out.writeString(who.user());
    out.writeString(who.info());
  }

  static PresenceClient readClient(ObjectDataInput in) throws IOException {
    return new PresenceClient(in.readString(), in.readString(), in.readString());
  }

  /** A change made by one member at one time; its entries count until {@code nowMs + ttlMs}. */
  abstract static class Change implements EntryProcessor<String, ChannelPresence, Boolean>, IdentifiedDataSerializable {
    String member;
    long nowMs;
    long ttlMs;

    Change() {
    }

    Change(String member, long nowMs, long ttlMs) {
      this.member = member;
      this.nowMs = nowMs;
      this.ttlMs = ttlMs;
    }

    @Override
    public Boolean process(Map.Entry<String, ChannelPresence> entry) {
      ChannelPresence presence = entry.getValue() != null ? entry.getValue() : new ChannelPresence();
      apply(presence);
      presence.pruneExpired(nowMs);
      if (presence.isEmpty()) {
        entry.setValue(null);   // removes the channel's entry
      } else {
        EntryTtl.store(entry, presence, ttlMs, 1);
      }
      return Boolean.TRUE;
    }

    abstract void apply(ChannelPresence presence);

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(member);
      out.writeLong(nowMs);
      out.writeLong(ttlMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      member = in.readString();
      nowMs = in.readLong();
      ttlMs = in.readLong();
    }
  }

  /** A connection of {@code member} subscribed. */
  static final class Add extends Change {
    static final int ID = 2;
    PresenceClient who;

    Add() {
    }

    Add(String member, PresenceClient who, long nowMs, long ttlMs) {
      super(member, nowMs, ttlMs);
      this.who = who;
    }

    @Override
    void apply(ChannelPresence presence) {
      presence.put(member, who, nowMs + ttlMs);
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      writeClient(out, who);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      who = readClient(in);
    }
  }

  /** A connection unsubscribed or closed. */
  static final class Remove extends Change {
    static final int ID = 3;
    String client;

    Remove() {
    }

    Remove(String member, String client, long nowMs, long ttlMs) {
      super(member, nowMs, ttlMs);
      this.client = client;
    }

    @Override
    void apply(ChannelPresence presence) {
      presence.remove(client);
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(client);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      client = in.readString();
    }
  }

  /** The member's whole part of the channel, written again: renews it and puts it right. */
  static final class ReplacePart extends Change {
    static final int ID = 4;
    List<PresenceClient> clients;

    ReplacePart() {
    }

    ReplacePart(String member, List<PresenceClient> clients, long nowMs, long ttlMs) {
      super(member, nowMs, ttlMs);
      this.clients = clients;
    }

    @Override
    void apply(ChannelPresence presence) {
      presence.replacePart(member, clients, nowMs + ttlMs);
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeInt(clients.size());
      for (PresenceClient who : clients) {
        writeClient(out, who);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      int n = in.readInt();
      clients = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        clients.add(readClient(in));
      }
    }
  }

  /**
   * Drops the part of a member that left the cluster, returning who was in it (null when it had
   * none here). Every survivor runs it; only the first finds anything, so each leave is announced once.
   */
  static final class DropPart implements EntryProcessor<String, ChannelPresence, List<PresenceClient>>,
      IdentifiedDataSerializable {
    static final int ID = 5;
    String member;

    DropPart() {
    }

    DropPart(String member) {
      this.member = member;
    }

    @Override
    public List<PresenceClient> process(Map.Entry<String, ChannelPresence> entry) {
      ChannelPresence presence = entry.getValue();
      if (presence == null) {
        return null;
      }
      List<PresenceClient> dropped = presence.dropPart(member);
      if (dropped.isEmpty()) {
        return null;   // unchanged: nothing written, nothing sent to the backup
      }
      if (presence.isEmpty()) {
        entry.setValue(null);
      } else {
        entry.setValue(presence);   // keeps the entry's TTL
      }
      return dropped;
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(member);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      member = in.readString();
    }
  }
}
