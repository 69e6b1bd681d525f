package io.neuroquantum.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The registry on its own, hammered from more threads than the machine has cores: what it admits
 * never exceeds the limit at any moment, and the counts end exact.
 */
class ConnectionRegistryTest {

  @Test
  void connections_and_subscriptions_never_exceed_the_limit_and_end_exact_under_contention() throws Exception {
    ConnectionRegistry registry = new ConnectionRegistry();
    int threads = 8;
    int rounds = 200_000;
    AtomicInteger connectionsHeld = new AtomicInteger();
    AtomicInteger subscriptionsHeld = new AtomicInteger();
    AtomicInteger mostConnections = new AtomicInteger();
    AtomicInteger mostSubscriptions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            UserLimits.Lease lease = registry.tryOpen("u", 1);
            if (lease != null) {
              mostConnections.accumulateAndGet(connectionsHeld.incrementAndGet(), Math::max);
              connectionsHeld.decrementAndGet();
              lease.release();
              lease.release();   // releasing twice is harmless
            }
            if (registry.trySubscribe("u", 1)) {
              mostSubscriptions.accumulateAndGet(subscriptionsHeld.incrementAndGet(), Math::max);
              subscriptionsHeld.decrementAndGet();
              registry.unsubscribed("u");
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : workers) {
        w.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(mostConnections.get()).as("connections held at once, limit 1").isEqualTo(1);
    assertThat(mostSubscriptions.get()).as("subscriptions held at once, limit 1").isEqualTo(1);
    assertThat(registry.connections("u")).isZero();
    assertThat(registry.subscriptions("u")).isZero();
    List<UserLimits.Lease> leases = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leases.add(registry.tryOpen("u", 3));
    }
    assertThat(leases).doesNotContainNull();
    assertThat(registry.tryOpen("u", 3)).isNull();
    leases.forEach(UserLimits.Lease::release);
    assertThat(registry.connections("u")).isZero();
  }
}
