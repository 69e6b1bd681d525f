package io.neuroquantum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split-brain rule: one (epoch, offset) names one message everywhere, whatever the two sides did. */
class ChannelMergeTest {

  private static final ChannelLog.Limits LIMITS = new ChannelLog.Limits(100, Long.MAX_VALUE, Long.MAX_VALUE, 300_000, 100);

  /** A copy of a channel in epoch "e1" with these messages appended at time 1000 + i. */
  private static ChannelLog log(String... messages) {
    ChannelLog log = new ChannelLog("e1", 1000);
    for (int i = 0; i < messages.length; i++) {
      log.append(messages[i].getBytes(StandardCharsets.UTF_8), null, 1000 + i, LIMITS);
    }
    return log;
  }

  private static List<String> history(ChannelLog log) {
    List<String> out = new ArrayList<>();
    for (ChannelHistory.Entry e : log.entries()) {
      out.add(e.offset() + ":" + new String(e.data(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void identical_copies_are_kept_as_they_are() {
    ChannelLog existing = log("a", "b");
    assertThat(ChannelMerge.reconcile(existing, log("a", "b"), "new")).isSameAs(existing);
  }

  @Test
  void the_copy_that_extends_the_other_is_kept_whichever_side_it_is_on() {
    ChannelLog longer = log("a", "b", "c");
    assertThat(ChannelMerge.reconcile(longer, log("a", "b"), "new")).isSameAs(longer);
    ChannelLog longerMerging = log("a", "b", "c");
    assertThat(ChannelMerge.reconcile(log("a", "b"), longerMerging, "new")).isSameAs(longerMerging);
    ChannelLog anything = log("x");
    assertThat(ChannelMerge.reconcile(log(), anything, "new")).isSameAs(anything);
  }

  @Test
  void copies_that_numbered_different_messages_alike_get_a_new_epoch_with_the_survivors_history() {
    ChannelLog existing = log("a", "b", "c-left", "d-left");
    ChannelLog merging = log("a", "b", "c-right");
    ChannelLog merged = ChannelMerge.reconcile(existing, merging, "new");
    assertThat(merged.epoch()).isEqualTo("new");
    assertThat(merged.offset()).isEqualTo(4);
    assertThat(history(merged)).containsExactly("1:a", "2:b", "3:c-left", "4:d-left");
    // A client of either side asking for what followed offset 2 in the old epoch is told recovered: false
    assertThat(merged.since(2, "e1").recovered()).isFalse();
    assertThat(merged.since(2, "new").recovered()).isTrue();
  }

  @Test
  void equal_offsets_with_different_messages_are_a_divergence() {
    ChannelLog merged = ChannelMerge.reconcile(log("a", "left"), log("a", "right"), "new");
    assertThat(merged.epoch()).isEqualTo("new");
    assertThat(history(merged)).containsExactly("1:a", "2:left");
  }

  @Test
  void when_the_shorter_copys_last_message_is_no_longer_kept_it_cannot_be_told_and_counts_as_divergence() {
    ChannelLog.Limits none = new ChannelLog.Limits(0, Long.MAX_VALUE, Long.MAX_VALUE, 300_000, 100);
    ChannelLog existing = new ChannelLog("e1", 1000);
    ChannelLog merging = new ChannelLog("e1", 1000);
    existing.append(new byte[] {1}, null, 1001, none);
    merging.append(new byte[] {2}, null, 1001, none);
    assertThat(ChannelMerge.reconcile(existing, merging, "new").epoch()).isEqualTo("new");
  }

  @Test
  void a_history_given_a_new_epoch_forgets_its_idempotency_keys() {
    ChannelLog existing = log("a");
    existing.append("left".getBytes(StandardCharsets.UTF_8), "key-1", 1001, LIMITS);
    ChannelLog merged = ChannelMerge.reconcile(existing, log("a", "right"), "new");
    assertThat(merged.epoch()).isEqualTo("new");
    assertThat(merged.keys()).as("offsets of the old epoch must not answer a retry in the new one").isEmpty();
    assertThat(merged.append(new byte[] {1}, "key-1", 1002, LIMITS).duplicate()).isFalse();
  }

  @Test
  void different_epochs_are_each_coherent_and_the_survivors_copy_is_kept() {
    ChannelLog existing = log("a");
    ChannelLog merging = new ChannelLog("e2", 1000);
    merging.append(new byte[] {9}, null, 1001, LIMITS);
    assertThat(ChannelMerge.reconcile(existing, merging, "new")).isSameAs(existing);
  }

  @Test
  void one_sided_copies_are_kept_and_an_owner_survives_from_either_side() {
    ChannelLog only = log("a");
    assertThat(ChannelMerge.reconcile(null, only, "new")).isSameAs(only);
    assertThat(ChannelMerge.reconcile(only, null, "new")).isSameAs(only);
    ChannelLog owned = log("a");
    owned.claim("alice");
    ChannelLog kept = ChannelMerge.reconcile(log("a"), owned, "new");
    assertThat(kept.owner()).isEqualTo("alice");
    ChannelLog bob = log("a", "b");
    bob.claim("bob");
    assertThat(ChannelMerge.reconcile(bob, owned, "new").owner()).isEqualTo("bob");
  }
}
