package io.neuroquantum.annealing.cqm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqmQuboTest {

  /** a binary; n ∈ [−1, 2]; m ∈ [0, 3]; a real-coefficient inequality, a ≥ and an equality. */
  private static ConstrainedQuadraticModel mixed() {
    return ConstrainedQuadraticModel.builder()
        .addBinary("a").addInteger("n", -1, 2).addInteger("m", 0, 3)
        .minimize(o -> o.term("a", 2).term("n", -3).term("n", "n", 1).term("a", "m", 1)
            .term("n", "m", -0.5).constant(4))
        .constraint("real", c -> c.term("a", 1.5).term("n", 1).term("m", 0.5), Sense.LE, 2.5)
        .constraint("cover", c -> c.term("a", 1).term("m", 1), Sense.GE, 1)
        .constraint("balance", c -> c.term("n", 1).term("m", 1).term("a", -1), Sense.EQ, 1)
        .build();
  }

  /** Every assignment of the model's variables (small models only). */
  private static List<long[]> allAssignments(ConstrainedQuadraticModel m) {
    List<long[]> out = new java.util.ArrayList<>();
    long[] v = new long[m.numVariables()];
    for (int i = 0; i < v.length; i++) {
      v[i] = m.variable(i).lower();
    }
    while (true) {
      out.add(v.clone());
      int i = 0;
      while (i < v.length && v[i] == m.variable(i).upper()) {
        v[i] = m.variable(i).lower();
        i++;
      }
      if (i == v.length) {
        return out;
      }
      v[i]++;
    }
  }

  @Test
  void the_qubo_minimum_over_slack_is_the_objective_on_feasible_states_and_above_every_feasible_one_elsewhere() {
    ConstrainedQuadraticModel m = mixed();
    CqmQubo q = CqmQubo.of(m);
    int d = q.numDecisionBits();
    int s = q.numSlackBits();
    assertThat(d).isEqualTo(1 + 2 + 2);
    double worstFeasible = Double.NEGATIVE_INFINITY;
    double[] minOverSlack = new double[1 << d];
    for (int bits = 0; bits < 1 << d; bits++) {
      double min = Double.POSITIVE_INFINITY;
      for (int slack = 0; slack < 1 << s; slack++) {
        byte[] x = new byte[d + s];
        for (int k = 0; k < d; k++) {
          x[k] = (byte) (bits >>> k & 1);
        }
        for (int k = 0; k < s; k++) {
          x[d + k] = (byte) (slack >>> k & 1);
        }
        min = Math.min(min, q.qubo().energy(x));
      }
      minOverSlack[bits] = min;
      byte[] decision = new byte[d + s];
      for (int k = 0; k < d; k++) {
        decision[k] = (byte) (bits >>> k & 1);
      }
      long[] values = q.values(decision);
      if (m.isFeasible(values)) {
        assertThat(min).as("feasible %s", Arrays.toString(values)).isCloseTo(m.objectiveValue(values), within(1e-9));
        worstFeasible = Math.max(worstFeasible, min);
      }
    }
    for (int bits = 0; bits < 1 << d; bits++) {
      byte[] decision = new byte[d + s];
      for (int k = 0; k < d; k++) {
        decision[k] = (byte) (bits >>> k & 1);
      }
      long[] values = q.values(decision);
      if (!m.isFeasible(values)) {
        assertThat(minOverSlack[bits]).as("infeasible %s", Arrays.toString(values)).isGreaterThan(worstFeasible);
      }
    }
  }

  @Test
  void the_exact_qubo_ground_state_decodes_to_the_brute_force_optimum() {
    ConstrainedQuadraticModel m = mixed();
    double best = allAssignments(m).stream().filter(m::isFeasible).mapToDouble(m::objectiveValue).min().orElseThrow();
    CqmQubo q = CqmQubo.of(m);
    SampleSet ground = new ExactSolver().solve(q.qubo());
    List<CqmSample> decoded = q.decode(ground);
    assertThat(decoded.get(0).feasible()).isTrue();
    assertThat(decoded.get(0).objective()).isCloseTo(best, within(1e-9));
    assertThat(ground.bestEnergy()).isCloseTo(best, within(1e-9));
  }

  @Test
  void violations_are_reported_per_constraint_with_their_amounts() {
    ConstrainedQuadraticModel m = mixed();
    // a=1, n=2, m=3: real 1.5+2+1.5 = 5 > 2.5 by 2.5; cover holds; balance 2+3−1 = 4 ≠ 1 by 3
    assertThat(m.violations(new long[] {1, 2, 3})).containsExactly(2.5, 0, 3);
    CqmQubo q = CqmQubo.of(m);
    byte[] sample = new byte[q.qubo().numVariables()];
    sample[0] = 1;                // a = 1
    sample[1] = 1;                // n = −1 + 1 + 2 = 2
    sample[2] = 1;
    sample[3] = 1;                // m = 1 + 2 = 3
    sample[4] = 1;
    CqmSample d = q.decode(sample);
    assertThat(d.values()).containsExactly(1, 2, 3);
    assertThat(d.violations()).containsExactly(2.5, 0, 3);
    assertThat(d.feasible()).isFalse();
    assertThat(d.numViolated()).isEqualTo(2);
  }

  @Test
  void the_automatic_penalty_per_smallest_violation_exceeds_the_objectives_spread() {
    ConstrainedQuadraticModel m = mixed();
    List<long[]> all = allAssignments(m);
    double spread = all.stream().mapToDouble(m::objectiveValue).max().orElseThrow()
        - all.stream().mapToDouble(m::objectiveValue).min().orElseThrow();
    double[] p = CqmQubo.of(m).penalties();
    // "real" has data in tenths (1.5, 0.5): its smallest violation is 0.1; the others' is 1
    assertThat(p[0] * 0.01).isGreaterThan(spread);
    assertThat(p[1]).isGreaterThan(spread).isEqualTo(p[2]);
    assertThat(p[0] * 0.01).isCloseTo(p[1], within(1e-9));
    assertThat(CqmQubo.of(m, 7).penalties()).containsExactly(7, 7, 7);
  }

  @Test
  void a_maximised_objective_is_negated_in_the_qubo_and_reported_as_written() {
    ConstrainedQuadraticModel m = ConstrainedQuadraticModel.builder().addInteger("k", 0, 5)
        .maximize(o -> o.term("k", 2)).constraint("cap", c -> c.term("k", 1), Sense.LE, 3).build();
    CqmQubo q = CqmQubo.of(m);
    List<CqmSample> decoded = q.decode(new ExactSolver().solve(q.qubo()));
    assertThat(decoded.get(0).values()).containsExactly(3);
    assertThat(decoded.get(0).objective()).isEqualTo(6);
    assertThat(decoded.get(0).energy()).isEqualTo(-6);
  }

  @Test
  void discrete_variables_are_one_hot_groups_of_bits() {
    ConstrainedQuadraticModel m = ConstrainedQuadraticModel.builder().addInteger("n", 0, 2)
        .addDiscrete("colour", "red", "green", "blue")
        .minimize(o -> o.term("red", 3).term("green", 1).term("blue", 2).term("n", "green", -1)).build();
    CqmQubo q = CqmQubo.of(m);
    OneHotGroups groups = q.oneHotGroups();
    assertThat(groups.groups()).hasDimensions(1, 3);
    assertThat(groups.groups()[0]).containsExactly(2, 3, 4);   // n takes bits 0 and 1
    CqmSample best = q.decode(new ExactSolver().solve(q.qubo())).get(0);
    assertThat(m.byName(best.values())).containsEntry("green", 1L).containsEntry("n", 2L);
    assertThat(best.objective()).isEqualTo(-1);
  }

  @Test
  void quadratic_constraints_keep_the_guarantee_through_the_degree_four_reduction() {
    ConstrainedQuadraticModel m = ConstrainedQuadraticModel.builder()
        .addBinary("a").addBinary("b").addInteger("n", 0, 3)
        .minimize(o -> o.term("a", -2).term("b", -3).term("n", -1).term("a", "n", 1))
        .constraint("le", t -> t.term("a", "n", 1).term("b", 1), Sense.LE, 2)
        .constraint("ge", t -> t.term("n", "b", 1), Sense.GE, 1)
        .constraint("eq", t -> t.term("a", "b", 1).term("n", 1), Sense.EQ, 2)
        .build();
    CqmQubo q = CqmQubo.of(m);
    assertThat(q.numAuxiliaryBits()).isPositive();
    int d = q.numDecisionBits();
    double worstFeasible = Double.NEGATIVE_INFINITY;
    double bestInfeasible = Double.POSITIVE_INFINITY;
    io.neuroquantum.annealing.solvers.ExactSolver exact = new io.neuroquantum.annealing.solvers.ExactSolver();
    for (int bits = 0; bits < 1 << d; bits++) {
      java.util.Map<Integer, Byte> decision = new java.util.HashMap<>();
      byte[] sample = new byte[q.qubo().numVariables()];
      for (int k = 0; k < d; k++) {
        decision.put(k, (byte) (bits >>> k & 1));
        sample[k] = (byte) (bits >>> k & 1);
      }
      // the minimum over slack and auxiliary bits, exactly
      double min = exact.solve(io.neuroquantum.annealing.composites.FixedVariables.of(q.qubo(), decision).reduced())
          .bestEnergy();
      long[] values = q.values(sample);
      if (m.isFeasible(values)) {
        assertThat(min).as("feasible %s", Arrays.toString(values)).isCloseTo(m.objectiveValue(values), within(1e-9));
        worstFeasible = Math.max(worstFeasible, min);
      } else {
        bestInfeasible = Math.min(bestInfeasible, min);
      }
    }
    assertThat(worstFeasible).isEqualTo(-5);   // (a, b, n) = (0, 1, 2) and (1, 1, 1)
    assertThat(bestInfeasible).isGreaterThan(worstFeasible);
    CqmSample best = q.decode(exact.solve(q.qubo())).get(0);
    assertThat(best.feasible()).isTrue();
    assertThat(best.objective()).isEqualTo(-5);
  }

  @Test
  void bad_models_are_refused_with_a_reason() {
    assertThatThrownBy(() -> ConstrainedQuadraticModel.builder().addBinary("x").addInteger("x", 0, 2))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> ConstrainedQuadraticModel.builder().addInteger("x", 3, 2)).hasMessageContaining("above upper");
    assertThatThrownBy(() -> ConstrainedQuadraticModel.builder().addInteger("x", 0, 1L << 50))
        .hasMessageContaining("wider than 2^40");
    assertThatThrownBy(() -> ConstrainedQuadraticModel.builder().addBinary("x").minimize(o -> o.term("y", 1)))
        .hasMessageContaining("y is used but not declared");
    assertThatThrownBy(() -> ConstrainedQuadraticModel.builder().addBinary("x")
        .constraint("c", t -> t.term("x", 1), Sense.LE, 1).constraint("c", t -> t.term("x", 1), Sense.GE, 0))
        .hasMessageContaining("used twice");
    ConstrainedQuadraticModel quadratic = ConstrainedQuadraticModel.builder().addBinary("x").addBinary("y")
        .constraint("q", t -> t.term("x", "y", 1), Sense.GE, 2).build();
    assertThatThrownBy(() -> CqmQubo.of(quadratic)).hasMessageContaining("constraint q can never be satisfied");
    ConstrainedQuadraticModel impossible = ConstrainedQuadraticModel.builder().addInteger("k", 0, 3)
        .constraint("never", t -> t.term("k", 1), Sense.GE, 4).build();
    assertThatThrownBy(() -> CqmQubo.of(impossible)).hasMessageContaining("can never be satisfied");
    ConstrainedQuadraticModel thirds = ConstrainedQuadraticModel.builder().addBinary("x").addBinary("y")
        .constraint("third", t -> t.term("x", 1.0 / 3).term("y", 1), Sense.EQ, 1).build();
    assertThatThrownBy(() -> CqmQubo.of(thirds)).hasMessageContaining("decimals");
    assertThat(CqmQubo.of(thirds, 5).penalties()).containsExactly(5);
  }
}
