package io.neuroquantum.server.channels;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Channel history in this JVM's heap: a {@link ChannelLog} per channel, its epoch random at
 * creation, so a restarted node never serves offsets from a previous life. Every call completes at
 * once.
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

  private final Function<String, NamespacePolicy> policyOf;
  private final long maxBytes;
  private final Map<String, ChannelLog> logs = new HashMap<>();
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

  private ChannelLog log(String channel, long nowMs) {
    return logs.computeIfAbsent(channel, c -> new ChannelLog(ChannelLog.newEpoch(), nowMs));
  }

  private ChannelLog.Limits limits(String channel) {
    return ChannelLog.Limits.of(policyOf.apply(channel));
  }

  @Override
  public Future<Appended> append(String channel, byte[] data, String idempotencyKey, long nowMs) {
    ChannelLog log = log(channel, nowMs);
    long before = log.bytes();
    Appended appended = log.append(data, idempotencyKey, nowMs, limits(channel));
    bytes += log.bytes() - before;
    if (bytes > maxBytes) {
      evictLargest();
    }
    return Future.succeededFuture(appended);
  }

  /** Cuts the largest histories down to a common level until all fit in 90 % of the budget. */
  private void evictLargest() {
    long toFree = bytes - maxBytes * 9 / 10;
    List<ChannelLog> byBytes = new ArrayList<>();
    for (ChannelLog log : logs.values()) {
      if (log.bytes() > 0) {
        byBytes.add(log);
      }
    }
    byBytes.sort(Comparator.comparingLong(ChannelLog::bytes).reversed());
    // Find the level L with sum(max(0, bytes - L)) >= toFree, then cut every log above L to L.
    long level = 0;
    long above = 0;
    for (int i = 0; i < byBytes.size(); i++) {
      long next = i + 1 < byBytes.size() ? byBytes.get(i + 1).bytes() : 0;
      above += byBytes.get(i).bytes();
      long freedAtNext = above - (i + 1) * next;
      if (freedAtNext >= toFree) {
        level = Math.max(next, (above - toFree) / (i + 1));
        break;
      }
    }
    for (ChannelLog log : byBytes) {
      if (log.bytes() <= level) {
        break;
      }
      while (log.bytes() > level && log.size() > 0) {
        bytes -= log.dropOldest();
        evicted++;
      }
    }
  }

  @Override
  public Future<Position> open(String channel, long nowMs) {
    ChannelLog log = log(channel, nowMs);
    log.touch(nowMs);
    bytes -= log.trim(nowMs, limits(channel));
    return Future.succeededFuture(log.position());
  }

  @Override
  public Future<Recovery> since(String channel, long offset, String epoch, long nowMs) {
    ChannelLog log = log(channel, nowMs);
    log.touch(nowMs);
    bytes -= log.trim(nowMs, limits(channel));
    return Future.succeededFuture(log.since(offset, epoch));
  }

  @Override
  public Future<String> claim(String channel, String owner, long nowMs) {
    ChannelLog log = log(channel, nowMs);
    log.touch(nowMs);
    return Future.succeededFuture(log.claim(owner));
  }

  @Override
  public Future<Void> touch(String channel, long nowMs) {
    ChannelLog log = logs.get(channel);
    if (log != null) {
      log.touch(nowMs);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, Position>> expireIdle(long nowMs, Set<String> watched) {
    Map<String, Position> positions = new HashMap<>();
    for (Iterator<Map.Entry<String, ChannelLog>> it = logs.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, ChannelLog> e = it.next();
      ChannelLog log = e.getValue();
      NamespacePolicy policy = policyOf.apply(e.getKey());
      bytes -= log.trim(nowMs, ChannelLog.Limits.of(policy));
      if (watched.contains(e.getKey())) {
        log.touch(nowMs);
        positions.put(e.getKey(), log.position());
      } else if (nowMs - log.lastActivityMs() > policy.idleTtlMs()) {
        bytes -= log.bytes();
        it.remove();
      }
    }
    return Future.succeededFuture(positions);
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
    return logs.size();
  }
}
