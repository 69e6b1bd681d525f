package io.neuroquantum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelHistoryContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel contract on the cluster store: two Hazelcast members in this JVM, configured as the
 * server configures them, each with its own {@link ClusterChannelHistory}; the contract's calls go
 * through the second member, so they cross to the member that holds each channel.
 */
class ClusterChannelHistoryTest extends ChannelHistoryContract {

  private static Vertx vertx;
  private static HazelcastInstance first;
  private static HazelcastInstance second;
  private static ClusterChannelHistory onFirst;
  private static ClusterChannelHistory onSecond;

  @BeforeAll
  static void startMembers() {
    int port = 21000 + ThreadLocalRandom.current().nextInt(2000) * 2;
    ClusterSettings settings = new ClusterSettings(true, "nq-test-" + System.nanoTime(), "127.0.0.1", port,
        List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1)), 1, 100);
    first = Hazelcast.newHazelcastInstance(settings.hazelcastConfig(64L << 20));
    second = Hazelcast.newHazelcastInstance(settings.hazelcastConfig(64L << 20));
    vertx = Vertx.vertx();
    onFirst = new ClusterChannelHistory(first, ChannelHistoryContract::policy, vertx.getOrCreateContext());
    onSecond = new ClusterChannelHistory(second, ChannelHistoryContract::policy, vertx.getOrCreateContext());
  }

  @AfterAll
  static void stopMembers() {
    second.shutdown();
    first.shutdown();
    vertx.close().await();
  }

  @Override
  protected ChannelHistory history() {
    return onSecond;
  }

  @Override
  protected long idleExpiryMs() {
    return ChannelOps.MIN_TTL_SECONDS * 1000L + 2_000;
  }

  @Override
  protected void lose(String channel) {
    first.getMap(ClusterChannelHistory.MAP).delete(channel);   // what losing its primary and backup does
  }

  @Test
  void twoMembersAppendingAtOnceGetOneOrder() {
    List<Future<ChannelHistory.Appended>> appends = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] data = ("" + i).getBytes(StandardCharsets.UTF_8);
      appends.add(onFirst.append("custom:race", data, null, System.currentTimeMillis()));
      appends.add(onSecond.append("custom:race", data, null, System.currentTimeMillis()));
    }
    Set<Long> offsets = new HashSet<>();
    Set<String> epochs = new HashSet<>();
    for (Future<ChannelHistory.Appended> f : appends) {
      ChannelHistory.Appended p = await(f);
      offsets.add(p.offset());
      epochs.add(p.epoch());
    }
    assertThat(epochs).hasSize(1);
    assertThat(offsets).hasSize(1000);
    assertThat(offsets).allMatch(o -> o >= 1 && o <= 1000);
    ChannelHistory.Recovery all = await(onFirst.since("custom:race", 0, epochs.iterator().next(), System.currentTimeMillis()));
    assertThat(all.recovered()).isFalse();   // 100 kept of 1000: offset 1 is gone
    assertThat(await(onFirst.since("custom:race", 900, epochs.iterator().next(), System.currentTimeMillis())).missed())
        .extracting(ChannelHistory.Entry::offset).hasSize(100).isSorted();
  }

  @Test
  void twoMembersRetryingTheSameKeysAtOnceStoreEachOnce() {
    List<Future<ChannelHistory.Appended>> fromFirst = new ArrayList<>();
    List<Future<ChannelHistory.Appended>> fromSecond = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] data = ("" + i).getBytes(StandardCharsets.UTF_8);
      fromFirst.add(onFirst.append("custom:retries", data, "key-" + i, System.currentTimeMillis()));
      fromSecond.add(onSecond.append("custom:retries", data, "key-" + i, System.currentTimeMillis()));
    }
    Set<Long> offsets = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ChannelHistory.Appended a = await(fromFirst.get(i));
      ChannelHistory.Appended b = await(fromSecond.get(i));
      assertThat(a.offset()).as("key-%d names one message", i).isEqualTo(b.offset());
      assertThat(a.duplicate() ^ b.duplicate()).as("key-%d: one stored it, the other was told it is a duplicate", i).isTrue();
      offsets.add(a.offset());
    }
    assertThat(offsets).hasSize(50);
    assertThat(await(onFirst.open("custom:retries", System.currentTimeMillis())).offset()).isEqualTo(50);
  }
}
