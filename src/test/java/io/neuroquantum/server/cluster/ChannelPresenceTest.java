package io.neuroquantum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.presence.PresenceClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel's presence entry on its own: each member owns its part; a departed member's part goes whole. */
class ChannelPresenceTest {

  private static final PresenceClient ANN = new PresenceClient("c1", "ann", "{\"name\":\"Ann\"}");
  private static final PresenceClient BOB = new PresenceClient("c2", "bob", null);
  private static final PresenceClient CID = new PresenceClient("c3", "cid", null);

  @Test
  void a_departed_members_part_is_dropped_whole_and_reported_once() {
    ChannelPresence p = new ChannelPresence();
    p.put("A", ANN, 1_000);
    p.put("B", BOB, 1_000);
    p.put("B", CID, 1_000);
    assertThat(p.dropPart("B")).containsExactly(BOB, CID);
    assertThat(p.dropPart("B")).as("a second survivor finds nothing to announce").isEmpty();
    assertThat(p.live(0)).containsExactly(ANN);
  }

  @Test
  void entries_not_renewed_stop_counting_and_are_pruned() {
    ChannelPresence p = new ChannelPresence();
    p.put("A", ANN, 1_000);
    p.put("B", BOB, 2_000);
    assertThat(p.live(1_000)).as("expired at its expiry time").containsExactly(BOB);
    p.pruneExpired(2_000);
    assertThat(p.isEmpty()).isTrue();
  }

  @Test
  void rewriting_a_members_part_renews_it_and_puts_it_right() {
    ChannelPresence p = new ChannelPresence();
    p.put("A", ANN, 1_000);
    p.put("A", BOB, 1_000);   // BOB left, but his removal was lost
    p.put("B", CID, 1_000);
    p.replacePart("A", List.of(ANN), 5_000);
    assertThat(p.live(2_000)).containsExactly(ANN);
    assertThat(p.entries().get("c3").member()).as("another member's part untouched").isEqualTo("B");
    assertThat(p.remove("c1")).isTrue();
    assertThat(p.remove("c1")).isFalse();
  }
}
