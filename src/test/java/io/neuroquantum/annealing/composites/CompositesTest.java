package io.neuroquantum.annealing.composites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompositesTest {

  private static final RunControl TWO = RunControl.defaults().withThreads(2);

  /** A random QUBO; {@code submodular} makes every quadratic term ≤ 0. */
  private static Qubo randomQubo(SplittableRandom rnd, int n, double density, boolean submodular) {
    Qubo.Builder b = Qubo.builder(n).addOffset(rnd.nextInt(-3, 3));
    for (int i = 0; i < n; i++) {
      b.addLinear(i, rnd.nextInt(-6, 7));
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < density) {
          int q = rnd.nextInt(1, 6);
          b.addQuadratic(i, j, submodular || rnd.nextBoolean() ? -q : q);
        }
      }
    }
    return b.build();
  }

  private static byte[] bits(long mask, int n) {
    byte[] x = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = (byte) (mask >>> i & 1);
    }
    return x;
  }

  /** Every minimum of a small QUBO, by enumeration. */
  private static List<byte[]> allMinima(Qubo q) {
    int n = q.numVariables();
    double best = Double.POSITIVE_INFINITY;
    List<byte[]> minima = new ArrayList<>();
    for (long m = 0; m < 1L << n; m++) {
      byte[] x = bits(m, n);
      double e = q.energy(x);
      if (e < best - 1e-9) {
        best = e;
        minima.clear();
      }
      if (e <= best + 1e-9) {
        minima.add(x);
      }
    }
    return minima;
  }

  @Test
  void fixing_variables_keeps_every_energy_for_qubo_and_ising() {
    SplittableRandom rnd = new SplittableRandom(1);
    Qubo q = randomQubo(rnd, 7, 0.5, false);
    Ising s = q.toIsing();
    FixedVariables fq = FixedVariables.of(q, Map.of(1, (byte) 1, 4, (byte) 0));
    FixedVariables fs = FixedVariables.of(s, Map.of(1, (byte) 1, 4, (byte) -1));
    assertThat(fq.reduced().numVariables()).isEqualTo(5);
    assertThat(fq.freeVariables()).containsExactly(0, 2, 3, 5, 6);
    for (long m = 0; m < 1 << 5; m++) {
      byte[] x = bits(m, 5);
      assertThat(fq.reduced().energy(x)).isCloseTo(q.energy(fq.expand(x)), within(1e-9));
      byte[] spins = x.clone();
      for (int k = 0; k < 5; k++) {
        spins[k] = (byte) (2 * spins[k] - 1);
      }
      assertThat(fs.reduced().energy(spins)).isCloseTo(s.energy(fs.expand(spins)), within(1e-9));
      assertThat(fs.expand(spins)[1]).isEqualTo((byte) 1);
    }
    SampleSet full = new FixVariablesComposite(new ExactSolver(), Map.of(1, (byte) 1, 4, (byte) 0)).solve(q);
    assertThat(full.best().value(1)).isEqualTo((byte) 1);
    assertThat(full.bestEnergy()).isCloseTo(q.energy(full.best().values()), within(1e-9));
    assertThatThrownBy(() -> FixedVariables.of(q, Map.of(9, (byte) 1))).hasMessageContaining("outside 0..6");
    assertThatThrownBy(() -> FixedVariables.of(q, Map.of(0, (byte) -1))).hasMessageContaining("not a binary value");
  }

  @Test
  void a_gauge_keeps_energies_and_spin_reversals_pool_their_reads() {
    SplittableRandom rnd = new SplittableRandom(2);
    Ising s = randomQubo(rnd, 9, 0.6, false).toIsing();
    SpinReversalComposite srt = new SpinReversalComposite(
        new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(4).withReads(16).withSweeps(500)), 4, 9);
    byte[] g = srt.gauge(2, 9);
    Ising t = SpinReversalComposite.transform(s, g);
    for (long m = 0; m < 1 << 9; m++) {
      byte[] spins = bits(m, 9);
      byte[] gauged = new byte[9];
      for (int i = 0; i < 9; i++) {
        spins[i] = (byte) (2 * spins[i] - 1);
        gauged[i] = (byte) (g[i] * spins[i]);
      }
      assertThat(t.energy(gauged)).isCloseTo(s.energy(spins), within(1e-9));
    }
    assertThat(srt.gauge(0, 9)).isNotEqualTo(srt.gauge(1, 9));
    SampleSet pooled = srt.solve(s, TWO);
    assertThat(pooled.totalOccurrences()).isEqualTo(4 * 16);
    assertThat(pooled.bestEnergy()).isCloseTo(new ExactSolver().solve(s).bestEnergy(), within(1e-9));
    pooled.samples().forEach(x -> assertThat(x.energy()).isCloseTo(s.energy(x.values()), within(1e-9)));
    Qubo q = s.toQubo();
    SampleSet binary = srt.solve(q, TWO);
    assertThat(binary.varType()).isEqualTo(q.varType());
    assertThat(binary.bestEnergy()).isCloseTo(pooled.bestEnergy(), within(1e-9));
  }

  @Test
  void every_value_roof_duality_fixes_agrees_with_every_minimum() {
    SplittableRandom rnd = new SplittableRandom(16);
    int fixedTotal = 0;
    for (int round = 0; round < 40; round++) {
      int n = 6 + rnd.nextInt(6);
      Qubo q = randomQubo(rnd, n, 0.2 + 0.3 * rnd.nextDouble(), false);
      Map<Integer, Byte> fixed = RoofDuality.persistentVariables(q);
      for (byte[] minimum : allMinima(q)) {
        fixed.forEach((i, v) -> assertThat(minimum[i]).as("variable %d", i).isEqualTo(v));
      }
      fixedTotal += fixed.size();
      Map<Integer, Byte> spins = RoofDuality.persistentVariables(q.toIsing());
      assertThat(spins.keySet()).isEqualTo(fixed.keySet());
      spins.forEach((i, v) -> assertThat(v).isEqualTo((byte) (2 * fixed.get(i) - 1)));
    }
    assertThat(fixedTotal).as("roof duality proved something on these models").isGreaterThan(40);
  }

  @Test
  void a_submodular_qubo_with_one_minimum_is_fixed_completely() {
    SplittableRandom rnd = new SplittableRandom(5);
    int complete = 0;
    for (int round = 0; round < 20; round++) {
      Qubo q = randomQubo(rnd, 10, 0.4, true);
      List<byte[]> minima = allMinima(q);
      Map<Integer, Byte> fixed = RoofDuality.persistentVariables(q);
      for (byte[] minimum : minima) {
        fixed.forEach((i, v) -> assertThat(minimum[i]).isEqualTo(v));
      }
      if (minima.size() == 1) {
        assertThat(fixed).hasSize(10);
        complete++;
      }
    }
    assertThat(complete).isPositive();
  }

  @Test
  void the_roof_duality_composite_solves_the_rest_and_returns_whole_samples() {
    SplittableRandom rnd = new SplittableRandom(8);
    Qubo q = randomQubo(rnd, 14, 0.3, false);
    SampleSet exact = new ExactSolver().solve(q);
    SampleSet viaRoof = new RoofDualityComposite(
        new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(3).withReads(16).withSweeps(1000)))
        .solve(q, TWO);
    assertThat(viaRoof.best().size()).isEqualTo(14);
    assertThat(viaRoof.bestEnergy()).isCloseTo(exact.bestEnergy(), within(1e-9));
    assertThat(q.energy(viaRoof.best().values())).isCloseTo(viaRoof.bestEnergy(), within(1e-9));
  }
}
