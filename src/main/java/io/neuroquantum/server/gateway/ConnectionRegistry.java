package io.neuroquantum.server.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection and subscription counts per user across every gateway instance of this node, for the
 * per-user limits. Thread-safe: gateway instances run on different event loops.
 */
public final class ConnectionRegistry {
  private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> subscriptionsPerUser = new ConcurrentHashMap<>();

  /** Counts a new connection for the user unless that would exceed {@code limit}. */
  boolean tryOpen(String user, int limit) {
    return tryIncrement(perUser, user, limit);
  }

  /** Counts a new subscription for the user unless that would exceed {@code limit}. */
  boolean trySubscribe(String user, int limit) {
    return tryIncrement(subscriptionsPerUser, user, limit);
  }

  void unsubscribed(String user) {
    subscriptionsPerUser.computeIfPresent(user, (u, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  private static boolean tryIncrement(ConcurrentHashMap<String, AtomicInteger> counts, String user, int limit) {
    AtomicInteger count = counts.computeIfAbsent(user, u -> new AtomicInteger());
    while (true) {
      int current = count.get();
      if (current >= limit) {
        return false;
      }
      if (count.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void closed(String user) {
    perUser.computeIfPresent(user, (u, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  int connections(String user) {
    AtomicInteger count = perUser.get(user);
    return count == null ? 0 : count.get();
  }
}
