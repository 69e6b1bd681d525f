package io.neuroquantum.server.gateway;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection and subscription counts per user across every gateway instance of this node, for the
 * per-user limits of a single node (a cluster counts in its shared map instead, see
 * {@code ClusterUserLimits}). Thread-safe: gateway instances run on different event loops. Its
 * answers are immediate: the futures of {@link UserLimits} are complete when returned.
 *
 * <p>Each check-and-count and each release is one atomic step on the user's map entry
 * ({@link ConcurrentHashMap#compute}), and an entry is removed in the same step that brings it to
 * zero, so a count can never be taken on an entry that a concurrent release is removing (the
 * earlier counter-object-then-CAS scheme could, which let a user exceed the limit). A connection's
 * count is held by a {@link UserLimits.Lease} that releases at most once, whichever paths try.
 */
public final class ConnectionRegistry implements UserLimits {
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> subscriptionsPerUser = new ConcurrentHashMap<>();



  @Override
  public Future<Lease> admitConnection(String user, int limit) {
    return Future.succeededFuture(tryOpen(user, limit));
  }

  @Override
  public Future<Boolean> admitSubscription(String user, int limit) {
    return Future.succeededFuture(trySubscribe(user, limit));
  }

  @Override
  public void releaseSubscription(String user) {
    unsubscribed(user);
  }

  /** Counts a new connection for the user unless that would exceed {@code limit}; null when it would. */
  Lease tryOpen(String user, int limit) {
    return tryIncrement(perUser, user, limit) ? new OnceLease(user, () -> decrement(perUser, user)) : null;
  }

  /** Counts a new subscription for the user unless that would exceed {@code limit}. */
  boolean trySubscribe(String user, int limit) {
    return tryIncrement(subscriptionsPerUser, user, limit);
  }

  void unsubscribed(String user) {
    decrement(subscriptionsPerUser, user);
  }

  private static boolean tryIncrement(ConcurrentHashMap<String, Integer> counts, String user, int limit) {
    boolean[] admitted = new boolean[1];
    counts.compute(user, (u, count) -> {
      int current = count == null ? 0 : count;
      if (current >= limit) {
        return count;
      }
      admitted[0] = true;
      return current + 1;
    });
    return admitted[0];
  }

  private static void decrement(ConcurrentHashMap<String, Integer> counts, String user) {
    counts.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
  }

  int connections(String user) {
    return perUser.getOrDefault(user, 0);
  }

  int subscriptions(String user) {
    return subscriptionsPerUser.getOrDefault(user, 0);
  }
}
