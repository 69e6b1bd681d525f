package io.neuroquantum.server.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChannelHistory} promises, run against the one-node store and the cluster store:
 * offsets numbered from 1 in one epoch, recovery all or nothing, owners claimed once, idle channels
 * forgotten whole (a new epoch afterwards) unless watched.
 */
public abstract class ChannelHistoryContract {

  /** Namespaces: {@code small:} keeps 3 messages, {@code idle:} expires after 1 s, others keep 100. */
  protected static NamespacePolicy policy(String channel) {
    int size = channel.startsWith("small:") ? 3 : 100;
    long idle = channel.startsWith("idle:") ? 1_000 : 600_000;
    return new NamespacePolicy(Set.of("*"), Set.of("*"), size, 600_000, OverflowPolicy.DROP_OLDEST, false, false,
        false, false, 1 << 20, idle, false, false);
  }

  /** The store under test; {@link #policy} gives its namespaces. */
  protected abstract ChannelHistory history();

  /** How long after its idle TTL (1 s here) the store may take to forget an idle channel. */
  protected long idleExpiryMs() {
    return 1_000;
  }

  /** Makes the store lose a channel's data (the cluster: its entry; one node: expiry). */
  protected abstract void lose(String channel) throws Exception;

  protected static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static byte[] json(String s) {
    return ("\"" + s + "\"").getBytes(StandardCharsets.UTF_8);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  @Test
  void offsetsCountFromOneInOneEpoch() {
    ChannelHistory h = history();
    ChannelHistory.Position open = await(h.open("custom:a", now()));
    assertThat(open.offset()).isZero();
    for (int i = 1; i <= 5; i++) {
      ChannelHistory.Position p = await(h.append("custom:a", json("m" + i), now()));
      assertThat(p.offset()).isEqualTo(i);
      assertThat(p.epoch()).isEqualTo(open.epoch());
    }
    ChannelHistory.Position after = await(h.open("custom:a", now()));
    assertThat(after.offset()).isEqualTo(5);
    assertThat(after.historySize()).isEqualTo(5);
    assertThat(await(h.open("custom:b", now())).epoch()).isNotEqualTo(open.epoch());
  }

  @Test
  void recoveryIsAllOrNothing() {
    ChannelHistory h = history();
    String epoch = await(h.open("custom:r", now())).epoch();
    for (int i = 1; i <= 10; i++) {
      await(h.append("custom:r", json("m" + i), now()));
    }
    ChannelHistory.Recovery r = await(h.since("custom:r", 6, epoch, now()));
    assertThat(r.recovered()).isTrue();
    assertThat(r.missed()).extracting(ChannelHistory.Entry::offset).containsExactly(7L, 8L, 9L, 10L);
    assertThat(new String(r.missed().get(0).data(), StandardCharsets.UTF_8)).isEqualTo("\"m7\"");
    assertThat(await(h.since("custom:r", 10, epoch, now())).recovered()).isTrue();
    assertThat(await(h.since("custom:r", 10, epoch, now())).missed()).isEmpty();
    ChannelHistory.Recovery wrongEpoch = await(h.since("custom:r", 6, "000000000000", now()));
    assertThat(wrongEpoch.recovered()).isFalse();
    assertThat(wrongEpoch.missed()).isEmpty();
    assertThat(wrongEpoch.position().offset()).isEqualTo(10);
    assertThat(await(h.since("custom:r", 11, epoch, now())).recovered()).isFalse();   // from the future

    String small = await(h.open("small:r", now())).epoch();
    for (int i = 1; i <= 5; i++) {
      await(h.append("small:r", json("m" + i), now()));
    }
    ChannelHistory.Recovery trimmed = await(h.since("small:r", 1, small, now()));
    assertThat(trimmed.recovered()).as("2 is gone: never a partial list").isFalse();
    assertThat(trimmed.missed()).isEmpty();
    assertThat(await(h.since("small:r", 2, small, now())).missed()).extracting(ChannelHistory.Entry::offset)
        .containsExactly(3L, 4L, 5L);
  }

  @Test
  void theFirstClaimOwnsTheChannel() {
    ChannelHistory h = history();
    assertThat(await(h.claim("custom:o", "alice", now()))).isEqualTo("alice");
    assertThat(await(h.claim("custom:o", "bob", now()))).isEqualTo("alice");
    assertThat(await(h.claim("custom:o", "alice", now()))).isEqualTo("alice");
    assertThat(await(h.open("custom:o", now())).owner()).isEqualTo("alice");
    assertThat(await(h.open("custom:unclaimed", now())).owner()).isNull();
  }

  @Test
  void aLostChannelComesBackWithANewEpochNeverAPartialHistory() throws Exception {
    ChannelHistory h = history();
    String epoch = await(h.open("custom:lost", now())).epoch();
    for (int i = 1; i <= 4; i++) {
      await(h.append("custom:lost", json("m" + i), now()));
    }
    await(h.claim("custom:lost", "alice", now()));
    lose("custom:lost");
    ChannelHistory.Position p = await(h.append("custom:lost", json("after"), now()));
    assertThat(p.epoch()).isNotEqualTo(epoch);
    assertThat(p.offset()).isEqualTo(1);
    assertThat(p.owner()).as("the owner goes with the data").isNull();
    ChannelHistory.Recovery r = await(h.since("custom:lost", 2, epoch, now()));
    assertThat(r.recovered()).isFalse();
    assertThat(r.missed()).isEmpty();
  }

  @Test
  void idleChannelsExpireWholeUnlessWatched() throws Exception {
    ChannelHistory h = history();
    String idleEpoch = await(h.append("idle:gone", json("x"), now())).epoch();
    String watchedEpoch = await(h.append("idle:watched", json("x"), now())).epoch();
    await(h.claim("idle:gone", "alice", now()));
    long until = now() + idleExpiryMs() + 1_000;
    Map<String, ChannelHistory.Position> positions = Map.of();
    while (now() < until) {
      positions = await(h.expireIdle(now(), Set.of("idle:watched")));
      Thread.sleep(100);
    }
    assertThat(positions).containsKey("idle:watched");
    assertThat(positions.get("idle:watched").offset()).isEqualTo(1);
    ChannelHistory.Position gone = await(h.open("idle:gone", now()));
    assertThat(gone.epoch()).isNotEqualTo(idleEpoch);
    assertThat(gone.offset()).isZero();
    assertThat(gone.owner()).isNull();
    ChannelHistory.Position kept = await(h.open("idle:watched", now()));
    assertThat(kept.epoch()).isEqualTo(watchedEpoch);
    assertThat(kept.offset()).isEqualTo(1);
  }

  @Test
  void touchDoesNotCreate() {
    ChannelHistory h = history();
    await(h.touch("custom:never", now()));
    assertThat(await(h.expireIdle(now(), Set.of("custom:never")))).doesNotContainKey("custom:never");
  }
}
