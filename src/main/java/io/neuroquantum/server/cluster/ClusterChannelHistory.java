package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryEvictedListener;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelLog;
import io.neuroquantum.server.channels.NamespacePolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel history shared by the cluster: one entry per channel in the Hazelcast map
 * {@value #MAP}, holding its {@link ChannelLog} (epoch, offset, owner, bounded history), changed
 * only by {@link ChannelOps} where the entry lives and copied synchronously to a backup member. A
 * member's crash loses nothing; losing a channel's primary and backup together loses the entry
 * whole, so the next use starts a new epoch (never a partial history).
 *
 * <p>Bounds: each channel as on one node (count, age, bytes of its namespace); all entries on a
 * member at most {@code history_max_bytes} (the map's used-heap eviction, whole channels, least
 * recently used first: their subscribers see {@code recovered: false}); idle channels expire by the
 * entry's TTL, which every change and every {@link #expireIdle} of a node that watches the channel
 * renews.
 */
public final class ClusterChannelHistory implements ChannelHistory {

  public static final String MAP = "nq.channels";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterChannelHistory.class);

  private final IMap<String, ChannelLog> map;
  private final Function<String, NamespacePolicy> policyOf;
  private final Context context;
  private final AtomicLong evicted = new AtomicLong();

  /**
   * @param context where the futures complete (the channel manager's)
   */
  public ClusterChannelHistory(HazelcastInstance hazelcast, Function<String, NamespacePolicy> policyOf, Context context) {
    this.map = hazelcast.getMap(MAP);
    this.policyOf = policyOf;
    this.context = context;
    map.addLocalEntryListener((EntryEvictedListener<String, ChannelLog>) e -> evicted.incrementAndGet());
  }

  private <R> ChannelOps.Op<R> prepare(ChannelOps.Op<R> op, String channel, long nowMs) {
    NamespacePolicy p = policyOf.apply(channel);
    return op.with(ChannelLog.newEpoch(), nowMs, ChannelLog.Limits.of(p), p.idleTtlMs());
  }

  /** A change that may be made twice with the same outcome: retried when the cluster cannot say whether it was made. */
  private <R> Future<R> run(String channel, ChannelOps.Op<R> op, long nowMs) {
    return run(channel, op, nowMs, 3);
  }

  private <R> Future<R> run(String channel, ChannelOps.Op<R> op, long nowMs, int retries) {
    CompletionStage<R> stage = map.submitToKey(channel, prepare(op, channel, nowMs));
    return Future.fromCompletionStage(stage, context).recover(err -> {
      if (retries > 0 && indeterminate(err)) {
        return run(channel, op, nowMs, retries - 1);
      }
      return Future.failedFuture(unavailable(err));
    });
  }

  /** A member left while the change was made, so whether its backup has it is unknown (migrations, shutdowns). */
  private static boolean indeterminate(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof IndeterminateOperationStateException) {
        return true;
      }
    }
    return false;
  }

  /** What a client is told: the kind of failure, not Hazelcast's invocation dump (that goes to the log). */
  private static Throwable unavailable(Throwable err) {
    LOG.warn("channel store operation failed", err);
    return new IllegalStateException("the cluster's channel store could not complete the operation ("
        + err.getClass().getSimpleName() + ")");
  }

  /**
   * Not retried: a second try could store the message twice. The publisher hears that it may be
   * stored, and a retry of its own with the same idempotency key finds out without storing it twice
   * (if the first try was stored, the cluster's fan-out finds it as a gap and delivers it).
   */
  @Override
  public Future<Appended> append(String channel, byte[] data, String idempotencyKey, long nowMs) {
    return run(channel, new ChannelOps.Append(data, idempotencyKey), nowMs, 0);
  }

  @Override
  public Future<Position> open(String channel, long nowMs) {
    return run(channel, new ChannelOps.Open(), nowMs);
  }

  @Override
  public Future<Recovery> since(String channel, long offset, String epoch, long nowMs) {
    return run(channel, new ChannelOps.Since(offset, epoch), nowMs);
  }

  @Override
  public Future<String> claim(String channel, String owner, long nowMs) {
    return run(channel, new ChannelOps.Claim(owner), nowMs);
  }

  @Override
  public Future<Void> touch(String channel, long nowMs) {
    return run(channel, new ChannelOps.Touch(), nowMs).mapEmpty();
  }

  /**
   * Renews the TTL of the channels this node watches, one batch per idle TTL; the others expire
   * by their TTL without being asked.
   */
  @Override
  public Future<Map<String, Position>> expireIdle(long nowMs, Set<String> watched) {
    if (watched.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<NamespacePolicy, Set<String>> byPolicy = new HashMap<>();
    for (String channel : watched) {
      byPolicy.computeIfAbsent(policyOf.apply(channel), p -> new HashSet<>()).add(channel);
    }
    java.util.List<Future<Map<String, Position>>> batches = new java.util.ArrayList<>();
    byPolicy.forEach((policy, channels) -> {
      ChannelOps.Touch touch = new ChannelOps.Touch();
      touch.with(null, nowMs, ChannelLog.Limits.of(policy), policy.idleTtlMs());
      batches.add(Future.fromCompletionStage(map.submitToKeys(channels, touch), context));
    });
    return Future.join(batches).map(done -> {
      Map<String, Position> positions = new HashMap<>();
      for (Future<Map<String, Position>> batch : batches) {
        if (batch.succeeded()) {
          batch.result().forEach((channel, p) -> {
            if (p != null) {
              positions.put(channel, p);
            }
          });
        }
      }
      return positions;
    });
  }

  @Override
  public long bytes() {
    return map.getLocalMapStats().getOwnedEntryMemoryCost();
  }

  @Override
  public long evictions() {
    return evicted.get();
  }

  @Override
  public int channels() {
    return (int) map.getLocalMapStats().getOwnedEntryCount();
  }
}
