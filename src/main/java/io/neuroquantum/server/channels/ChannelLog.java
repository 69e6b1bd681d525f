package io.neuroquantum.server.channels;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * One channel's state: epoch, last offset, owner, last activity and its bounded history (count, age
 * and bytes). Both stores keep one of these per channel and change it only through these methods,
 * so numbering, trimming and the recovery rule are decided here once: in the heap for one node,
 * inside a Hazelcast entry processor on the member that holds the channel for a cluster.
 *
 * <p>Deterministic given its inputs (the epoch and the time are passed in), because the cluster
 * store runs the same change again on the backup copy. Not thread-safe.
 */
public final class ChannelLog {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** What an entry costs besides its payload: the record, its array header, the deque slot. */
  public static final int ENTRY_OVERHEAD = 64;

  private final String epoch;
  private long offset;
  private long lastActivityMs;
  private String owner;
  private final ArrayDeque<ChannelHistory.Entry> entries;
  private long bytes;

  public ChannelLog(String epoch, long nowMs) {
    this(epoch, 0, nowMs, null, new ArrayDeque<>());
  }

  /** A log as it was stored (the cluster store's deserializer). */
  public ChannelLog(String epoch, long offset, long lastActivityMs, String owner, ArrayDeque<ChannelHistory.Entry> entries) {
    this.epoch = epoch;
    this.offset = offset;
    this.lastActivityMs = lastActivityMs;
    this.owner = owner;
    this.entries = entries;
    for (ChannelHistory.Entry e : entries) {
      bytes += cost(e);
    }
  }

  /** A fresh random epoch: 12 hex digits, so a recreated channel never serves a previous life's offsets. */
  public static String newEpoch() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** How a namespace bounds a history: most messages, oldest age, most payload bytes. */
  public record Limits(int maxSize, long ttlMs, long maxBytes) {
    public static Limits of(NamespacePolicy p) {
      return new Limits(p.historySize(), p.historyTtlMs(), p.historyMaxBytes());
    }
  }

  static long cost(ChannelHistory.Entry e) {
    return e.data().length + ENTRY_OVERHEAD;
  }

  /** Numbers and keeps a message; returns the change in bytes held (may be negative after trimming). */
  public long append(byte[] data, long nowMs, Limits limits) {
    long before = bytes;
    offset++;
    lastActivityMs = nowMs;
    if (limits.maxSize() > 0) {
      ChannelHistory.Entry e = new ChannelHistory.Entry(offset, data, nowMs);
      entries.addLast(e);
      bytes += cost(e);
    }
    trim(nowMs, limits);
    return bytes - before;
  }

  /** Drops what is past the count, byte or age limit; returns the bytes freed. */
  public long trim(long nowMs, Limits limits) {
    long before = bytes;
    while (entries.size() > limits.maxSize() || bytes > limits.maxBytes() && !entries.isEmpty()) {
      dropOldest();
    }
    while (!entries.isEmpty() && nowMs - entries.peekFirst().timestampMs() > limits.ttlMs()) {
      dropOldest();
    }
    return before - bytes;
  }

  /** Drops the oldest kept message; returns the bytes freed (0 if none is kept). */
  public long dropOldest() {
    ChannelHistory.Entry e = entries.pollFirst();
    if (e == null) {
      return 0;
    }
    bytes -= cost(e);
    return cost(e);
  }

  public void touch(long nowMs) {
    lastActivityMs = Math.max(lastActivityMs, nowMs);
  }

  /** Makes {@code candidate} the owner unless someone else is; returns the owner after. */
  public String claim(String candidate) {
    if (owner == null) {
      owner = candidate;
    }
    return owner;
  }

  /**
   * This log's history and offsets under another epoch (a split-brain merge found two lives of the
   * channel that disagree): subscribers of the old epoch are told {@code recovered: false}.
   */
  public ChannelLog withEpoch(String newEpoch, long lastActivityMs, String owner) {
    return new ChannelLog(newEpoch, offset, Math.max(this.lastActivityMs, lastActivityMs), owner, entries.clone());
  }

  /** The kept message with this offset, or null (never kept, or trimmed). */
  public ChannelHistory.Entry entryAt(long at) {
    if (entries.isEmpty() || at < entries.peekFirst().offset() || at > entries.peekLast().offset()) {
      return null;
    }
    Iterator<ChannelHistory.Entry> it = entries.descendingIterator();
    while (it.hasNext()) {
      ChannelHistory.Entry e = it.next();
      if (e.offset() == at) {
        return e;
      }
      if (e.offset() < at) {
        return null;
      }
    }
    return null;
  }

  public ChannelHistory.Position position() {
    return new ChannelHistory.Position(offset, epoch, entries.size(), owner);
  }

  /**
   * The recovery rule: every message after {@code since} if the epoch is the client's and none of
   * them has been dropped; otherwise nothing and {@code recovered: false}. Never a partial list.
   */
  public ChannelHistory.Recovery since(long since, String clientEpoch) {
    ChannelHistory.Position position = position();
    if (!epoch.equals(clientEpoch) || since > offset) {
      return new ChannelHistory.Recovery(false, List.of(), position);
    }
    if (since == offset) {
      return new ChannelHistory.Recovery(true, List.of(), position);
    }
    long oldestKept = entries.isEmpty() ? offset + 1 : entries.peekFirst().offset();
    if (oldestKept > since + 1) {
      return new ChannelHistory.Recovery(false, List.of(), position);   // some were dropped
    }
    List<ChannelHistory.Entry> missed = new ArrayList<>((int) (offset - since));
    Iterator<ChannelHistory.Entry> it = entries.descendingIterator();
    while (it.hasNext()) {
      ChannelHistory.Entry e = it.next();
      if (e.offset() <= since) {
        break;
      }
      missed.add(e);
    }
    Collections.reverse(missed);
    return new ChannelHistory.Recovery(true, missed, position);
  }

  public String epoch() {
    return epoch;
  }

  public long offset() {
    return offset;
  }

  public long lastActivityMs() {
    return lastActivityMs;
  }

  public String owner() {
    return owner;
  }

  /** The kept messages, oldest first (read-only use: the serializer). */
  public Iterable<ChannelHistory.Entry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  public long bytes() {
    return bytes;
  }
}
