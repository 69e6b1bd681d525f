package io.neuroquantum.server.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.InMemoryChannelHistory;
import io.neuroquantum.server.channels.NamespacePolicy;
import io.neuroquantum.server.channels.OverflowPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What keeping a channel's history in the cluster costs a publish, against the in-memory store of a
 * single node: two Hazelcast members in this JVM configured as the server configures them (one
 * synchronous backup), appends of 150-byte messages through the second member to channels whose
 * kept history holds 10, 100 and 1000 messages. Reported: the latency of one append awaited at a time
 * (what a lone publisher waits for) and appends per second with 64 in flight (what many publishers
 * get from one channel), with the JVM's CPU time per append.
 *
 * <pre>./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=ClusterHistoryCostBenchmark</pre>
 */
@Tag("benchmark")
class ClusterHistoryCostBenchmark {

  private static final byte[] MESSAGE = new byte[150];
  private static final int[] HISTORY_SIZES = {10, 100, 1000};

  private static NamespacePolicy policy(String channel) {
    int size = Integer.parseInt(channel.substring(1, channel.indexOf(':')));
    return new NamespacePolicy(Set.of("*"), Set.of("*"), size, 3_600_000, OverflowPolicy.DROP_OLDEST, false, false,
        false, false, 64L << 20, 600_000, 300_000, 1000, false, false);
  }

  @Test
  void costOfAClusterHistoryPerPublish() throws Exception {
    int port = 24000 + ThreadLocalRandom.current().nextInt(1000) * 2;
    ClusterSettings settings = new ClusterSettings(true, "nq-bench-" + System.nanoTime(), "127.0.0.1", port,
        List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1)), 1, 100);
    HazelcastInstance first = Hazelcast.newHazelcastInstance(settings.hazelcastConfig(256L << 20));
    HazelcastInstance second = Hazelcast.newHazelcastInstance(settings.hazelcastConfig(256L << 20));
    Vertx vertx = Vertx.vertx();
    try {
      ChannelHistory cluster = new ClusterChannelHistory(second, ClusterHistoryCostBenchmark::policy,
          vertx.getOrCreateContext());
      ChannelHistory memory = new InMemoryChannelHistory(ClusterHistoryCostBenchmark::policy, 256L << 20);
      System.out.printf("%-8s %8s %14s %14s %16s%n", "store", "history", "awaited µs", "appends/s", "CPU µs/append");
      for (int round = 0; round < 2; round++) {   // the first round warms up
        for (int size : HISTORY_SIZES) {
          for (ChannelHistory store : List.of(memory, cluster)) {
            String name = store == memory ? "memory" : "cluster";
            String channel = "h" + size + ":bench-" + round + "-" + name;
            pipelined(store, channel, size, 64);   // fills the history
            double awaited = awaited(store, channel, store == memory ? 20_000 : 2_000);
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            int n = store == memory ? 200_000 : 10_000;
            pipelined(store, channel, n, 64);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuPer = (cpuNanos() - cpu0) / 1e3 / n;
            if (round == 1) {
              System.out.printf("%-8s %8d %14.1f %14.0f %16.1f%n", name, size, awaited, n / seconds, cpuPer);
            }
          }
        }
      }
      System.out.printf("load average %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
    } finally {
      second.shutdown();
      first.shutdown();
      vertx.close().await();
    }
  }

  /** Mean µs of one append awaited before the next. */
  private static double awaited(ChannelHistory store, String channel, int n) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      store.append(channel, MESSAGE, null, System.currentTimeMillis()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    return (System.nanoTime() - t0) / 1e3 / n;
  }

  /** {@code n} appends with at most {@code inFlight} outstanding. */
  private static void pipelined(ChannelHistory store, String channel, int n, int inFlight) throws Exception {
    List<Future<ChannelHistory.Appended>> window = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      window.add(store.append(channel, MESSAGE, null, System.currentTimeMillis()));
      if (window.size() == inFlight) {
        for (Future<ChannelHistory.Appended> f : window) {
          f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        window.clear();
      }
    }
    for (Future<ChannelHistory.Appended> f : window) {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
