package io.neuroquantum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A user's count in the cluster on its own: the limit holds against the sum of every member's part. */
class UserCountsTest {

  @Test
  void the_limit_holds_across_members_and_a_departed_members_part_frees_room() {
    UserCounts counts = new UserCounts();
    assertThat(counts.tryAdd("A", 3)).isTrue();
    assertThat(counts.tryAdd("A", 3)).isTrue();
    assertThat(counts.tryAdd("B", 3)).isTrue();
    assertThat(counts.tryAdd("B", 3)).as("at the limit on another member").isFalse();
    assertThat(counts.total()).isEqualTo(3);
    assertThat(counts.drop("A")).isTrue();
    assertThat(counts.drop("A")).isFalse();
    assertThat(counts.tryAdd("B", 3)).isTrue();
    assertThat(counts.total()).isEqualTo(2);
  }

  @Test
  void a_release_never_goes_below_zero_and_empties_the_entry() {
    UserCounts counts = new UserCounts();
    counts.tryAdd("A", 1);
    counts.release("A");
    counts.release("A");   // a late release after the part was dropped
    assertThat(counts.total()).isZero();
    assertThat(counts.isEmpty()).isTrue();
  }
}
