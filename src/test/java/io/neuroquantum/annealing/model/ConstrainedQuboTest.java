package io.neuroquantum.annealing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.solvers.ExactSolver;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstrainedQuboTest {

  private static final ExactSolver EXACT = new ExactSolver();

  /** Every assignment of n bits, for checking penalties state by state. */
  private static byte[][] allAssignments(int n) {
    byte[][] all = new byte[1 << n][n];
    for (int m = 0; m < 1 << n; m++) {
      for (int i = 0; i < n; i++) {
        all[m][i] = (byte) (m >>> i & 1);
      }
    }
    return all;
  }

  /** The compiled energy of decision values x, minimised over every slack assignment. */
  private static double minOverSlack(CompiledQubo compiled, byte[] x) {
    double min = Double.POSITIVE_INFINITY;
    for (byte[] slack : allAssignments(compiled.numSlackVariables())) {
      byte[] full = new byte[x.length + slack.length];
      System.arraycopy(x, 0, full, 0, x.length);
      System.arraycopy(slack, 0, full, x.length, slack.length);
      min = Math.min(min, compiled.qubo().energy(full));
    }
    return min;
  }

  @Test
  void one_hot_penalty_is_zero_exactly_on_feasible_states() {
    ConstrainedQubo cq = ConstrainedQubo.of(Qubo.builder(4).build(), List.of(Constraint.oneHot("pick one", 0, 1, 2, 3)));
    CompiledQubo compiled = cq.withPenaltyWeight(3).compile();
    for (byte[] x : allAssignments(4)) {
      int ones = x[0] + x[1] + x[2] + x[3];
      assertThat(compiled.qubo().energy(x)).isEqualTo(3.0 * (ones - 1) * (ones - 1));
      assertThat(compiled.isFeasible(x)).isEqualTo(ones == 1);
    }
  }

  @Test
  void at_most_one_uses_pairwise_penalty_without_slack() {
    ConstrainedQubo cq = ConstrainedQubo.of(Qubo.builder(3).build(), List.of(Constraint.atMostOne("≤1", 0, 1, 2)));
    CompiledQubo compiled = cq.withPenaltyWeight(2).compile();
    assertThat(compiled.numSlackVariables()).isZero();
    for (byte[] x : allAssignments(3)) {
      int ones = x[0] + x[1] + x[2];
      assertThat(compiled.qubo().energy(x)).isEqualTo(2.0 * ones * (ones - 1) / 2);
      assertThat(compiled.isFeasible(x)).isEqualTo(ones <= 1);
    }
  }

  @Test
  void inequality_slack_can_absorb_every_feasible_state_and_no_infeasible_one() {
    // 3x0 + 2x1 + 4x2 ≤ 5
    Constraint c = Constraint.lessOrEqual("capacity", new int[] {0, 1, 2}, new double[] {3, 2, 4}, 5);
    CompiledQubo compiled = ConstrainedQubo.of(Qubo.builder(3).build(), List.of(c)).withPenaltyWeight(1).compile();
    assertThat(compiled.numSlackVariables()).isEqualTo(3);   // slack range [0, 5]: weights 1, 2, 2
    for (byte[] x : allAssignments(3)) {
      double minPenalty = minOverSlack(compiled, x);
      boolean feasible = 3 * x[0] + 2 * x[1] + 4 * x[2] <= 5;
      assertThat(minPenalty == 0).as("state %s", java.util.Arrays.toString(x)).isEqualTo(feasible);
      assertThat(c.isSatisfied(x)).isEqualTo(feasible);
    }
  }

  @Test
  void greater_or_equal_and_at_most_k_compile_to_the_right_feasible_set() {
    Constraint atLeast = Constraint.greaterOrEqual("≥2", new int[] {0, 1, 2, 3}, new double[] {1, 1, 1, 1}, 2);
    Constraint atMost = Constraint.atMostK("≤3", 3, 0, 1, 2, 3);
    CompiledQubo compiled = ConstrainedQubo.of(Qubo.builder(4).build(), List.of(atLeast, atMost)).compile();
    SampleSet ground = EXACT.solve(compiled.qubo());
    assertThat(ground.bestEnergy()).isEqualTo(0.0);
    for (Sample s : ground.samples()) {
      byte[] x = s.values();
      int ones = x[0] + x[1] + x[2] + x[3];
      assertThat(ones).isBetween(2, 3);
      assertThat(compiled.isFeasible(x)).isTrue();
    }
  }

  @Test
  void automatic_weight_makes_the_constrained_optimum_the_ground_state() {
    // Objective rewards taking every item (−5 each) but only one may be taken; the
    // unconstrained optimum (all ones) is infeasible.
    Qubo objective = Qubo.builder(4).addLinear(0, -5).addLinear(1, -6).addLinear(2, -5).addLinear(3, -4)
        .addQuadratic(0, 1, 1).build();
    ConstrainedQubo cq = ConstrainedQubo.of(objective, List.of(Constraint.oneHot("one item", 0, 1, 2, 3)));
    assertThat(cq.penaltyWeight()).isEqualTo(7.0);   // max single-flip change: |−6| + |1|
    CompiledQubo compiled = cq.compile();
    Sample best = EXACT.solve(compiled.qubo()).best();
    assertThat(best.values()).containsExactly(0, 1, 0, 0);
    assertThat(compiled.objectiveValue(best.values())).isEqualTo(-6);
    assertThat(compiled.isFeasible(best.values())).isTrue();
  }

  @Test
  void per_constraint_weights_override_the_model_weight() {
    Constraint strong = Constraint.oneHot("strong", 0, 1).withWeight(10);
    Constraint weak = Constraint.oneHot("weak", 2, 3);
    CompiledQubo compiled = ConstrainedQubo.of(Qubo.builder(4).build(), List.of(strong, weak)).withPenaltyWeight(1)
        .compile();
    assertThat(compiled.qubo().energy(new byte[] {0, 0, 1, 0})).isEqualTo(10);
    assertThat(compiled.qubo().energy(new byte[] {1, 0, 0, 0})).isEqualTo(1);
  }

  @Test
  void violations_are_reported_by_label() {
    ConstrainedQubo cq = ConstrainedQubo.of(Qubo.builder(3).build(),
        List.of(Constraint.oneHot("a", 0, 1), Constraint.atMostOne("b", 1, 2)));
    assertThat(cq.violated(new byte[] {1, 1, 1})).extracting(Constraint::label).containsExactly("a", "b");
    assertThat(cq.violated(new byte[] {1, 0, 1})).isEmpty();
  }

  @Test
  void bad_constraints_are_rejected_with_a_reason() {
    assertThatThrownBy(() -> Constraint.oneHot("dup", 1, 1)).hasMessageContaining("lists variable 1 twice");
    assertThatThrownBy(() -> Constraint.lessOrEqual("frac", new int[] {0}, new double[] {0.1234567}, 1))
        .hasMessageContaining("at most 6 places");
    assertThatThrownBy(() -> Constraint.equality("nan", new int[] {0}, new double[] {Double.NaN}, 1))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> ConstrainedQubo.of(Qubo.builder(2).build(), List.of(Constraint.oneHot("x", 0, 5))))
        .hasMessageContaining("names variable 5");
    assertThatThrownBy(() -> ConstrainedQubo.of(Qubo.builder(2).build(),
        List.of(Constraint.lessOrEqual("never", new int[] {0, 1}, new double[] {1, 1}, -1))).compile())
        .hasMessageContaining("can never be satisfied");
    assertThatThrownBy(() -> Constraint.oneHot("w", 0, 1).withWeight(-1)).hasMessageContaining("must be positive");
  }

  @Test
  void slack_encoding_sums_exactly_to_the_range() {
    assertThat(BinaryExpansion.weights(5)).containsExactly(1, 2, 2);
    assertThat(BinaryExpansion.weights(7)).containsExactly(1, 2, 4);
    assertThat(BinaryExpansion.weights(1)).containsExactly(1);
    assertThat(BinaryExpansion.weights(0)).isEmpty();
  }

  @Test
  void real_coefficient_inequalities_get_a_slack_in_decimal_units_that_is_exact() {
    // 0.5x0 + 1.25x1 + 0.75x2 ≥ 1.2: slack unit 0.01 (b has two places), range 2.5 − 1.2 = 1.30 → 130 units
    Constraint c = Constraint.greaterOrEqual("real", new int[] {0, 1, 2}, new double[] {0.5, 1.25, 0.75}, 1.2);
    assertThat(c.slackResolution()).isEqualTo(0.01);
    CompiledQubo compiled = ConstrainedQubo.of(Qubo.builder(3).build(), List.of(c)).withPenaltyWeight(1).compile();
    assertThat(compiled.numSlackVariables()).isEqualTo(8);   // 1+2+…+64 = 127, then 3
    for (byte[] x : allAssignments(3)) {
      double minPenalty = minOverSlack(compiled, x);
      double lhs = 0.5 * x[0] + 1.25 * x[1] + 0.75 * x[2];
      boolean feasible = lhs >= 1.2;
      assertThat(Math.abs(minPenalty) < 1e-9).as("state %s", java.util.Arrays.toString(x)).isEqualTo(feasible);
      assertThat(c.violation(x)).isCloseTo(feasible ? 0 : 1.2 - lhs, org.assertj.core.api.Assertions.within(1e-12));
    }
  }
}
