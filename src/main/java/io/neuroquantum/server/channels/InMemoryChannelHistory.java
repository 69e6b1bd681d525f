package io.neuroquantum.server.channels;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Channel history in this JVM's heap: per channel a bounded queue (size and age) with offsets
 * counted from 1 and a random epoch created with the channel, so a restarted node never serves
 * offsets from a previous life. Not thread-safe: the channel manager verticle is its only user.
 */
public final class InMemoryChannelHistory implements ChannelHistory {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Function<String, NamespacePolicy> policyOf;
  private final Map<String, Stream> streams = new HashMap<>();

  /** @param policyOf the namespace policy (history size and age) of a channel name */
  public InMemoryChannelHistory(Function<String, NamespacePolicy> policyOf) {
    this.policyOf = policyOf;
  }

  private static final class Stream {
    final String epoch;
    final int maxSize;
    final long ttlMs;
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long offset;

    Stream(int maxSize, long ttlMs) {
      byte[] bytes = new byte[6];
      RANDOM.nextBytes(bytes);
      this.epoch = HexFormat.of().formatHex(bytes);
      this.maxSize = maxSize;
      this.ttlMs = ttlMs;
    }

    void trim(long nowMs) {
      while (entries.size() > maxSize) {
        entries.pollFirst();
      }
      while (!entries.isEmpty() && nowMs - entries.peekFirst().timestampMs() > ttlMs) {
        entries.pollFirst();
      }
    }
  }

  private Stream stream(String channel) {
    return streams.computeIfAbsent(channel, c -> {
      NamespacePolicy p = policyOf.apply(c);
      return new Stream(p.historySize(), p.historyTtlMs());
    });
  }

  @Override
  public Position append(String channel, byte[] data, long nowMs) {
    Stream s = stream(channel);
    s.offset++;
    if (s.maxSize > 0) {
      s.entries.addLast(new Entry(s.offset, data, nowMs));
    }
    s.trim(nowMs);
    return new Position(s.offset, s.epoch);
  }

  @Override
  public Position position(String channel, long nowMs) {
    Stream s = stream(channel);
    return new Position(s.offset, s.epoch);
  }

  @Override
  public Recovery since(String channel, long offset, String epoch, long nowMs) {
    Stream s = stream(channel);
    s.trim(nowMs);
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
    java.util.Collections.reverse(missed);
    return new Recovery(true, missed, position, s.entries.size());
  }

  @Override
  public int size(String channel, long nowMs) {
    Stream s = streams.get(channel);
    if (s == null) {
      return 0;
    }
    s.trim(nowMs);
    return s.entries.size();
  }
}
