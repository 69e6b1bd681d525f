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
 * forgotten whole (a new epoch afterwards) unless watched, a publish retried with its idempotency
 * key within the window stored once.
 */
public abstract class ChannelHistoryContract {

  /** Idempotency keys are remembered this long in every namespace here. */
  protected static final long KEY_WINDOW_MS = 60_000;

  /**
   * Namespaces: {@code small:} keeps 3 messages and 3 idempotency keys, {@code idle:} expires after
   * 1 s, others keep 100 of each.
   */
  protected static NamespacePolicy policy(String channel) {
    int size = channel.startsWith("small:") ? 3 : 100;
    long idle = channel.startsWith("idle:") ? 1_000 : 600_000;
    return new NamespacePolicy(Set.of("*"), Set.of("*"), size, 600_000, OverflowPolicy.DROP_OLDEST, false, false,
        false, false, 1 << 20, idle, KEY_WINDOW_MS, size, false, false);
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
      ChannelHistory.Appended p = await(h.append("custom:a", json("m" + i), null, now()));
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
      await(h.append("custom:r", json("m" + i), null, now()));
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
      await(h.append("small:r", json("m" + i), null, now()));
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
      await(h.append("custom:lost", json("m" + i), null, now()));
    }
    await(h.claim("custom:lost", "alice", now()));
    lose("custom:lost");
    ChannelHistory.Appended p = await(h.append("custom:lost", json("after"), null, now()));
    assertThat(p.epoch()).isNotEqualTo(epoch);
    assertThat(p.offset()).isEqualTo(1);
    assertThat(await(h.open("custom:lost", now())).owner()).as("the owner goes with the data").isNull();
    ChannelHistory.Recovery r = await(h.since("custom:lost", 2, epoch, now()));
    assertThat(r.recovered()).isFalse();
    assertThat(r.missed()).isEmpty();
  }

  @Test
  void idleChannelsExpireWholeUnlessWatched() throws Exception {
    ChannelHistory h = history();
    String idleEpoch = await(h.append("idle:gone", json("x"), null, now())).epoch();
    String watchedEpoch = await(h.append("idle:watched", json("x"), null, now())).epoch();
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

  @Test
  void aRetryWithTheSameKeyGetsTheFirstOffsetAndIsStoredOnce() {
    ChannelHistory h = history();
    long t = now();
    String epoch = await(h.open("custom:idem", t)).epoch();
    ChannelHistory.Appended first = await(h.append("custom:idem", json("m1"), "key-1", t));
    assertThat(first).isEqualTo(new ChannelHistory.Appended(1, epoch, false));
    ChannelHistory.Appended retry = await(h.append("custom:idem", json("m1 again"), "key-1", t + 1_000));
    assertThat(retry).as("the first publish's offset and epoch").isEqualTo(new ChannelHistory.Appended(1, epoch, true));
    ChannelHistory.Position after = await(h.open("custom:idem", t + 1_000));
    assertThat(after.offset()).isEqualTo(1);
    assertThat(after.historySize()).as("stored once").isEqualTo(1);
    ChannelHistory.Recovery all = await(h.since("custom:idem", 0, epoch, t + 1_000));
    assertThat(all.missed()).extracting(e -> new String(e.data(), StandardCharsets.UTF_8)).containsExactly("\"m1\"");

    assertThat(await(h.append("custom:idem", json("m2"), "key-2", t + 2_000)))
        .as("another key is another message").isEqualTo(new ChannelHistory.Appended(2, epoch, false));
    assertThat(await(h.append("custom:idem", json("m3"), null, t + 2_000)).offset()).isEqualTo(3);
    assertThat(await(h.append("custom:idem", json("m3"), null, t + 2_000)).offset())
        .as("without a key nothing is deduplicated").isEqualTo(4);
    assertThat(await(h.append("custom:idem", json("m1 again"), "key-1", t + 3_000)))
        .isEqualTo(new ChannelHistory.Appended(1, epoch, true));
    ChannelHistory.Appended elsewhere = await(h.append("custom:idem-other", json("m1"), "key-1", t + 3_000));
    assertThat(elsewhere.offset()).as("keys are per channel").isEqualTo(1);
    assertThat(elsewhere.duplicate()).isFalse();
  }

  @Test
  void aKeyIsForgottenOnceItsWindowHasPassed() {
    ChannelHistory h = history();
    long t = now();   // the store is given the time: here it moves on by the window without waiting
    assertThat(await(h.append("custom:window", json("m1"), "key", t)).offset()).isEqualTo(1);
    ChannelHistory.Appended atTheEdge = await(h.append("custom:window", json("m1"), "key", t + KEY_WINDOW_MS));
    assertThat(atTheEdge.duplicate()).as("still within the window").isTrue();
    assertThat(atTheEdge.offset()).isEqualTo(1);
    ChannelHistory.Appended past = await(h.append("custom:window", json("m1"), "key", t + KEY_WINDOW_MS + 1));
    assertThat(past.duplicate()).as("past the window: a new publish").isFalse();
    assertThat(past.offset()).isEqualTo(2);
    ChannelHistory.Appended retryOfTheNewOne = await(h.append("custom:window", json("m1"), "key", t + KEY_WINDOW_MS + 2));
    assertThat(retryOfTheNewOne.duplicate()).isTrue();
    assertThat(retryOfTheNewOne.offset()).as("the key now names the new publish").isEqualTo(2);
  }

  @Test
  void aChannelRemembersABoundedNumberOfKeysTheOldestGoFirst() {
    ChannelHistory h = history();
    long t = now();
    for (int i = 1; i <= 4; i++) {   // small: remembers 3
      assertThat(await(h.append("small:keys", json("m" + i), "key-" + i, t)).offset()).isEqualTo(i);
    }
    ChannelHistory.Appended oldest = await(h.append("small:keys", json("m1"), "key-1", t));
    assertThat(oldest.duplicate()).as("the oldest key made room for the fourth").isFalse();
    assertThat(oldest.offset()).isEqualTo(5);
    ChannelHistory.Appended newest = await(h.append("small:keys", json("m4"), "key-4", t));
    assertThat(newest.duplicate()).isTrue();
    assertThat(newest.offset()).isEqualTo(4);
  }

  @Test
  void aLostChannelForgetsItsKeysWithItsEpoch() throws Exception {
    ChannelHistory h = history();
    ChannelHistory.Appended first = await(h.append("custom:lost-keys", json("m1"), "key", now()));
    lose("custom:lost-keys");
    ChannelHistory.Appended again = await(h.append("custom:lost-keys", json("m1"), "key", now()));
    assertThat(again.epoch()).isNotEqualTo(first.epoch());
    assertThat(again.duplicate()).as("the key went with the data: stored again, in the new epoch").isFalse();
    assertThat(again.offset()).isEqualTo(1);
  }
}
