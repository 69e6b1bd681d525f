package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.solvers.ExactSolver;
import java.util.SplittableRandom;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;

class MaxCutTest {

  static Graph<Integer, DefaultWeightedEdge> randomWeightedGraph(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    for (int v = 0; v < n; v++) {
      g.addVertex(v);
    }
    for (int u = 0; u < n; u++) {
      for (int v = u + 1; v < n; v++) {
        if (rnd.nextDouble() < 0.5) {
          g.setEdgeWeight(g.addEdge(u, v), rnd.nextInt(-3, 6));
        }
      }
    }
    return g;
  }

  @Test
  void cut_equals_half_of_total_weight_minus_energy_for_every_assignment() {
    MaxCut<Integer> problem = MaxCut.of(randomWeightedGraph(1, 12));
    Ising ising = problem.toIsing();
    SplittableRandom rnd = new SplittableRandom(2);
    for (int t = 0; t < 200; t++) {
      byte[] s = new byte[12];
      for (int i = 0; i < 12; i++) {
        s[i] = (byte) (rnd.nextBoolean() ? 1 : -1);
      }
      MaxCut.Cut cut = problem.decode(s, VarType.SPIN);
      assertThat(cut.value()).isEqualTo(problem.cutFromEnergy(ising.energy(s)));
    }
  }

  @Test
  void exact_ground_state_is_the_maximum_cut_by_enumeration() {
    MaxCut<Integer> problem = MaxCut.of(randomWeightedGraph(3, 14));
    double best = 0;
    for (int m = 0; m < 1 << 14; m++) {
      int[] sides = new int[14];
      for (int i = 0; i < 14; i++) {
        sides[i] = m >>> i & 1;
      }
      best = Math.max(best, problem.cutValue(sides));
    }
    double energy = new ExactSolver().solve(problem.toIsing()).bestEnergy();
    assertThat(problem.cutFromEnergy(energy)).isEqualTo(best);
  }

  @Test
  void qubo_samples_decode_to_the_same_cut() {
    MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/g05_60.0"), "g05_60.0"));
    byte[] bits = new byte[60];
    byte[] spins = new byte[60];
    for (int i = 0; i < 60; i++) {
      bits[i] = (byte) (i % 3 == 0 ? 1 : 0);
      spins[i] = (byte) (2 * bits[i] - 1);
    }
    assertThat(problem.decode(bits, VarType.BINARY).value()).isEqualTo(problem.decode(spins, VarType.SPIN).value());
    assertThat(problem.cutFromEnergy(problem.toIsing().toQubo().energy(bits)))
        .isEqualTo(problem.decode(bits, VarType.BINARY).value());
  }

  @Test
  void rejects_non_finite_weights() {
    Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    g.addVertex(0);
    g.addVertex(1);
    g.setEdgeWeight(g.addEdge(0, 1), Double.NaN);
    assertThatThrownBy(() -> MaxCut.of(g)).hasMessageContaining("non-finite weight");
  }
}
