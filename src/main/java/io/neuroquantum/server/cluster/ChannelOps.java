package io.neuroquantum.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelLog;
import java.io.IOException;
import java.util.Map;

/**
 * The changes made to a channel's entry in the cluster map, each run atomically on the member that
 * holds the channel (Hazelcast runs a partition's operations one at a time), then run again on the
 * backup copy: this is where a channel's offsets are assigned, so every node sees one order. All
 * inputs that must agree between the two runs (a new channel's epoch, the time) are chosen by the
 * caller and carried in. Every change stores the entry with its namespace's idle TTL, so a channel
 * nobody publishes to or watches disappears from the cluster by itself.
 */
final class ChannelOps {
  private ChannelOps() {
  }

  static final int FACTORY_ID = 7100;
  /** The shortest idle TTL of a channel in the cluster (the renewal of watched channels runs every 5 s). */
  static final int MIN_TTL_SECONDS = 10;

  static IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case Append.ID -> new Append();
      case Open.ID -> new Open();
      case Since.ID -> new Since();
      case Claim.ID -> new Claim();
      case Touch.ID -> new Touch();
      default -> throw new IllegalArgumentException("unknown channel operation " + classId);
    };
  }

  /** What every change carries: the epoch for a channel it creates, the time, the namespace's bounds. */
  abstract static class Op<R> implements EntryProcessor<String, ChannelLog, R>, IdentifiedDataSerializable {
    String newEpoch;
    long nowMs;
    int maxSize;
    long ttlMs;
    long maxBytes;
    long idempotencyWindowMs;
    int idempotencyMaxKeys;
    long idleTtlMs;

    Op<R> with(String newEpoch, long nowMs, ChannelLog.Limits limits, long idleTtlMs) {
      this.newEpoch = newEpoch;
      this.nowMs = nowMs;
      this.maxSize = limits.maxSize();
      this.ttlMs = limits.ttlMs();
      this.maxBytes = limits.maxBytes();
      this.idempotencyWindowMs = limits.idempotencyWindowMs();
      this.idempotencyMaxKeys = limits.idempotencyMaxKeys();
      this.idleTtlMs = idleTtlMs;
      return this;
    }

    ChannelLog.Limits limits() {
      return new ChannelLog.Limits(maxSize, ttlMs, maxBytes, idempotencyWindowMs, idempotencyMaxKeys);
    }

    /** The channel's log, created with the carried epoch if the channel is new (or was lost). */
    ChannelLog logOf(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = entry.getValue();
      return log != null ? log : new ChannelLog(newEpoch, nowMs);
    }

    /**
     * Stores the log with the idle TTL, at least {@link #MIN_TTL_SECONDS}: longer than the channel
     * manager's renewal interval for watched channels.
     */
    void store(Map.Entry<String, ChannelLog> entry, ChannelLog log) {
      EntryTtl.store(entry, log, idleTtlMs, MIN_TTL_SECONDS);
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(newEpoch);
      out.writeLong(nowMs);
      out.writeInt(maxSize);
      out.writeLong(ttlMs);
      out.writeLong(maxBytes);
      out.writeLong(idempotencyWindowMs);
      out.writeInt(idempotencyMaxKeys);
      out.writeLong(idleTtlMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      newEpoch = in.readString();
      nowMs = in.readLong();
      maxSize = in.readInt();
      ttlMs = in.readLong();
      maxBytes = in.readLong();
      idempotencyWindowMs = in.readLong();
      idempotencyMaxKeys = in.readInt();
      idleTtlMs = in.readLong();
    }
  }

  /**
   * Numbers a message and keeps it: the cluster's offset assignment. With an idempotency key the
   * channel's recent keys are checked in the same step, so a retry on any node finds the first try.
   */
  static final class Append extends Op<ChannelHistory.Appended> {
    static final int ID = 1;
    byte[] data;
    String idempotencyKey;

    Append() {
    }

    Append(byte[] data, String idempotencyKey) {
      this.data = data;
      this.idempotencyKey = idempotencyKey;
    }

    @Override
    public ChannelHistory.Appended process(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = logOf(entry);
      ChannelHistory.Appended appended = log.append(data, idempotencyKey, nowMs, limits());
      store(entry, log);
      return appended;
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeByteArray(data);
      out.writeString(idempotencyKey);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      data = in.readByteArray();
      idempotencyKey = in.readString();
    }
  }

  /** The channel's position, creating it (and its epoch) if new. */
  static final class Open extends Op<ChannelHistory.Position> {
    static final int ID = 2;

    @Override
    public ChannelHistory.Position process(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = logOf(entry);
      log.touch(nowMs);
      log.trim(nowMs, limits());
      store(entry, log);
      return log.position();
    }

    @Override
    public int getClassId() {
      return ID;
    }
  }

  /** The recovery rule of {@link ChannelLog#since}, applied where the channel lives. */
  static final class Since extends Op<ChannelHistory.Recovery> {
    static final int ID = 3;
    long since;
    String clientEpoch;

    Since() {
    }

    Since(long since, String clientEpoch) {
      this.since = since;
      this.clientEpoch = clientEpoch;
    }

    @Override
    public ChannelHistory.Recovery process(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = logOf(entry);
      log.touch(nowMs);
      log.trim(nowMs, limits());
      store(entry, log);
      return log.since(since, clientEpoch);
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeLong(since);
      out.writeString(clientEpoch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      since = in.readLong();
      clientEpoch = in.readString();
    }
  }

  /** Makes a user the channel's owner unless another one is. */
  static final class Claim extends Op<String> {
    static final int ID = 4;
    String owner;

    Claim() {
    }

    Claim(String owner) {
      this.owner = owner;
    }

    @Override
    public String process(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = logOf(entry);
      log.touch(nowMs);
      String result = log.claim(owner);
      store(entry, log);
      return result;
    }

    @Override
    public int getClassId() {
      return ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(owner);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      owner = in.readString();
    }
  }

  /** Counts as activity on an existing channel (a subscriber somewhere keeps it alive); returns its position. */
  static final class Touch extends Op<ChannelHistory.Position> {
    static final int ID = 5;

    @Override
    public ChannelHistory.Position process(Map.Entry<String, ChannelLog> entry) {
      ChannelLog log = entry.getValue();
      if (log == null) {
        return null;
      }
      log.touch(nowMs);
      log.trim(nowMs, limits());
      store(entry, log);
      return log.position();
    }

    @Override
    public int getClassId() {
      return ID;
    }
  }
}
