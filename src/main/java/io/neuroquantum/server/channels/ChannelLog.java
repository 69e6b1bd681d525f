package io.neuroquantum.server.channels;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One channel's state: epoch, last offset, owner, last activity, its bounded history (count, age
 * and bytes) and the idempotency keys of its recent publishes (count and age). Both stores keep one of these per channel and change it only through these methods,
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
  /** Recent publishes' idempotency keys, oldest first (insertion order). */
  private final LinkedHashMap<String, KeyedPublish> keys;

  /** A publish made with an idempotency key: the offset it got, and when. */
  public record KeyedPublish(String key, long offset, long timestampMs) {
  }

  public ChannelLog(String epoch, long nowMs) {
    this(epoch, 0, nowMs, null, new ArrayDeque<>(), List.of());
  }

  /** A log as it was stored (the cluster store's deserializer); {@code keys} oldest first. */
  public ChannelLog(String epoch, long offset, long lastActivityMs, String owner, ArrayDeque<ChannelHistory.Entry> entries,
      List<KeyedPublish> keys) {
    this.epoch = epoch;
    this.offset = offset;
    this.lastActivityMs = lastActivityMs;
    this.owner = owner;
    this.entries = entries;
    for (ChannelHistory.Entry e : entries) {
      bytes += cost(e);
    }
    this.keys = new LinkedHashMap<>();
    for (KeyedPublish k : keys) {
      this.keys.put(k.key(), k);
    }
  }

  /** A fresh random epoch: 12 hex digits, so a recreated channel never serves a previous life's offsets. */
  public static String newEpoch() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /**
   * How a namespace bounds a history (most messages, oldest age, most payload bytes) and the
   * idempotency keys it remembers (for how long, how many at most; 0 keys: none).
   */
  public record Limits(int maxSize, long ttlMs, long maxBytes, long idempotencyWindowMs, int idempotencyMaxKeys) {
    public static Limits of(NamespacePolicy p) {
      return new Limits(p.historySize(), p.historyTtlMs(), p.historyMaxBytes(), p.idempotencyWindowMs(),
          p.idempotencyMaxKeys());
    }
  }

  static long cost(ChannelHistory.Entry e) {
    return e.data().length + ENTRY_OVERHEAD;
  }

  /**
   * Numbers and keeps a message, unless {@code idempotencyKey} (nullable) was used within the
   * window: then nothing changes but the activity time, and the first publish's offset comes back
   * as a duplicate. {@link #bytes()} tells the change in bytes held.
   */
  public ChannelHistory.Appended append(byte[] data, String idempotencyKey, long nowMs, Limits limits) {
    KeyedPublish seen = idempotencyKey == null ? null : keys.get(idempotencyKey);
    if (seen != null && nowMs - seen.timestampMs() <= limits.idempotencyWindowMs()) {
      touch(nowMs);
      return new ChannelHistory.Appended(seen.offset(), epoch, true);
    }
    offset++;
    lastActivityMs = nowMs;
    if (limits.maxSize() > 0) {
      ChannelHistory.Entry e = new ChannelHistory.Entry(offset, data, nowMs);
      entries.addLast(e);
      bytes += cost(e);
    }
    if (idempotencyKey != null && limits.idempotencyMaxKeys() > 0) {
      keys.remove(idempotencyKey);   // one past its window: the new use goes last, in time order
      keys.put(idempotencyKey, new KeyedPublish(idempotencyKey, offset, nowMs));
    }
    trim(nowMs, limits);
    return new ChannelHistory.Appended(offset, epoch, false);
  }

  /**
   * Forgets the keys past the count limit (oldest first) and the oldest ones past the window. Nodes'
   * clocks differ a little, so the keys are only roughly in time order and one past its window may
   * stay behind a younger one: the count bound holds exactly, and a lookup checks the window itself.
   */
  private void forgetKeys(long nowMs, Limits limits) {
    Iterator<KeyedPublish> it = keys.values().iterator();
    while (it.hasNext()) {
      KeyedPublish oldest = it.next();
      if (keys.size() <= limits.idempotencyMaxKeys() && nowMs - oldest.timestampMs() <= limits.idempotencyWindowMs()) {
        break;
      }
      it.remove();
    }
  }

  /** Drops what is past the count, byte or age limit (and the keys past theirs); returns the bytes freed. */
  public long trim(long nowMs, Limits limits) {
    forgetKeys(nowMs, limits);
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
   * channel that disagree): subscribers of the old epoch are told {@code recovered: false}. The
   * idempotency keys are not carried over: like any new epoch, it forgets them.
   */
  public ChannelLog withEpoch(String newEpoch, long lastActivityMs, String owner) {
    return new ChannelLog(newEpoch, offset, Math.max(this.lastActivityMs, lastActivityMs), owner, entries.clone(),
        List.of());
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

  /** The idempotency keys remembered, oldest first (read-only use: the serializer). */
  public Collection<KeyedPublish> keys() {
    return keys.values();
  }

  public long bytes() {
    return bytes;
  }
}
