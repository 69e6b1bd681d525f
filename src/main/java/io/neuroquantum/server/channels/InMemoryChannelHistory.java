package io.neuroquantum.server.channels;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Channel history in this JVM's heap: per channel a bounded queue (count, age and bytes) with
 * offsets counted from 1 and a random epoch created with the channel, so a restarted node never
 * serves offsets from a previous life.
 *
 * <p>Memory is bounded across channels too: past {@code maxBytes} of payload in all, the largest
 * histories give up their oldest messages first ("water filling": every channel above a level is
 * cut down to it), so one user publishing large messages cannot take the heap, and costs other
 * channels their history only once his own are no bigger than theirs. A subscriber that needed an
 * evicted message gets {@code recovered: false}, as for any message gone from history.
 *
 * <p>Not thread-safe: the channel manager verticle is its only user (gauges read {@link #bytes()}).
 */
public final class InMemoryChannelHistory implements ChannelHistory {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** What an entry costs besides its payload: the record, its array header, the deque slot. */
  static final int ENTRY_OVERHEAD = 64;

  private final Function<String, NamespacePolicy> policyOf;
  private final long maxBytes;
  private final Map<String, Stream> streams = new HashMap<>();
  private volatile long bytes;
  private volatile long evicted;

  /**
   * @param policyOf the namespace policy (history count, age and bytes) of a channel name
   * @param maxBytes the most bytes all histories together may hold
   */
  public InMemoryChannelHistory(Function<String, NamespacePolicy> policyOf, long maxBytes) {
    this.policyOf = policyOf;
    this.maxBytes = maxBytes;
  }

  private static final class Stream {
    final String epoch;
    final int maxSize;
    final long ttlMs;
    final long maxBytes;
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long offset;
    long bytes;
    long lastActivityMs;

    Stream(int maxSize, long ttlMs, long maxBytes, long nowMs) {
      byte[] random = new byte[6];
      RANDOM.nextBytes(random);
      this.epoch = HexFormat.of().formatHex(random);
      this.maxSize = maxSize;
      this.ttlMs = ttlMs;
      this.maxBytes = maxBytes;
      this.lastActivityMs = nowMs;
    }
  }

  private static long cost(Entry e) {
    return e.data().length + ENTRY_OVERHEAD;
  }

  private Stream stream(String channel, long nowMs) {
    return streams.computeIfAbsent(channel, c -> {
      NamespacePolicy p = policyOf.apply(c);
      return new Stream(p.historySize(), p.historyTtlMs(), p.historyMaxBytes(), nowMs);
    });
  }

  private void dropOldest(Stream s) {
    Entry e = s.entries.pollFirst();
    s.bytes -= cost(e);
    bytes -= cost(e);
  }

  private void trim(Stream s, long nowMs) {
    while (s.entries.size() > s.maxSize || s.bytes > s.maxBytes && !s.entries.isEmpty()) {
      dropOldest(s);
    }
    while (!s.entries.isEmpty() && nowMs - s.entries.peekFirst().timestampMs() > s.ttlMs) {
      dropOldest(s);
    }
  }

  @Override
  public Position append(String channel, byte[] data, long nowMs) {
    Stream s = stream(channel, nowMs);
    s.offset++;
    s.lastActivityMs = nowMs;
    if (s.maxSize > 0) {
      Entry e = new Entry(s.offset, data, nowMs);
      s.entries.addLast(e);
      s.bytes += cost(e);
      bytes += cost(e);
    }
    trim(s, nowMs);
    if (bytes > maxBytes) {
      evictLargest();
    }
    return new Position(s.offset, s.epoch);
  }

  /** Cuts the largest histories down to a common level until all fit in 90 % of the budget. */
  private void evictLargest() {
    long toFree = bytes - maxBytes * 9 / 10;
    List<Stream> byBytes = new ArrayList<>();
    for (Stream s : streams.values()) {
      if (s.bytes > 0) {
        byBytes.add(s);
      }
    }
    byBytes.sort(Comparator.comparingLong((Stream s) -> s.bytes).reversed());
    // Find the level L with sum(max(0, bytes - L)) >= toFree, then cut every stream above L to L.
    long level = 0;
    long above = 0;
    for (int i = 0; i < byBytes.size(); i++) {
      long next = i + 1 < byBytes.size() ? byBytes.get(i + 1).bytes : 0;
      above += byBytes.get(i).bytes;
      long freedAtNext = above - (i + 1) * next;
      if (freedAtNext >= toFree) {
        level = Math.max(next, (above - toFree) / (i + 1));
        break;
      }
    }
    for (Stream s : byBytes) {
      if (s.bytes <= level) {
        break;
      }
      while (s.bytes > level && !s.entries.isEmpty()) {
        dropOldest(s);
        evicted++;
      }
    }
  }

  @Override
  public Position position(String channel, long nowMs) {
    Stream s = stream(channel, nowMs);
    s.lastActivityMs = nowMs;
    return new Position(s.offset, s.epoch);
  }

  @Override
  public Recovery since(String channel, long offset, String epoch, long nowMs) {
    Stream s = stream(channel, nowMs);
    s.lastActivityMs = nowMs;
    trim(s, nowMs);
    Position position = new Position(s.offset, s.epoch);
    if (!s.epoch.equals(epoch) || offset > s.offset) {
      return new Recovery(false, List.of(), position, s.entries.size());
    }
    if (offset == s.offset) {
      return new Recovery(true, List.of(), position, s.entries.size());
    }
    long oldestKept = s.entries.isEmpty() ? s.offset + 1 : s.entries.peekFirst().offset();
    if (oldestKept > offset + 1) {
      return new Recovery(false, List.of(), position, s.entries.size());   // some were dropped
    }
    List<Entry> missed = new ArrayList<>((int) (s.offset - offset));
    Iterator<Entry> it = s.entries.descendingIterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.offset() <= offset) {
        break;
      }
      missed.add(e);
    }
    Collections.reverse(missed);
    return new Recovery(true, missed, position, s.entries.size());
  }

  @Override
  public int size(String channel, long nowMs) {
    Stream s = streams.get(channel);
    if (s == null) {
      return 0;
    }
    trim(s, nowMs);
    return s.entries.size();
  }

  @Override
  public void touch(String channel, long nowMs) {
    Stream s = streams.get(channel);
    if (s != null) {
      s.lastActivityMs = nowMs;
    }
  }

  @Override
  public List<String> expireIdle(long nowMs, Predicate<String> inUse) {
    List<String> expired = new ArrayList<>();
    for (Iterator<Map.Entry<String, Stream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Stream> e = it.next();
      Stream s = e.getValue();
      trim(s, nowMs);
      long idleTtl = policyOf.apply(e.getKey()).idleTtlMs();
      if (nowMs - s.lastActivityMs > idleTtl && !inUse.test(e.getKey())) {
        while (!s.entries.isEmpty()) {
          dropOldest(s);
        }
        it.remove();
        expired.add(e.getKey());
      }
    }
    return expired;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public long evictions() {
    return evicted;
  }

  @Override
  public int channels() {
    return streams.size();
  }
}
