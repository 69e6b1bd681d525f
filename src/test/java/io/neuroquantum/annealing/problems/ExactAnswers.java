package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.RunControl;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.jgrapht.Graph;
import org.jgrapht.generate.GnpRandomGraphGenerator;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.util.SupplierUtil;

/** Brute force on both sides: every ground state of the encoding, and the problem's own optimum. */
final class ExactAnswers {
  private ExactAnswers() {
  }

  /** All ground states of the encoding, each decoded; asserts each is feasible as sampled (no repair). */
  static List<Answer> groundAnswers(EncodedProblem problem) {
    SampleSet ground = new ExactSolver(30, 1 << 12).solve(problem.model(), RunControl.defaults().withThreads(2));
    List<Answer> answers = ground.samples().stream().map(problem::decode).toList();
    for (Answer a : answers) {
      assertThat(a.feasible()).as("a ground state of the %s encoding is feasible", problem.type()).isTrue();
    }
    return answers;
  }

  static double groundEnergy(EncodedProblem problem) {
    return new ExactSolver().solve(problem.model(), RunControl.defaults().withThreads(2)).bestEnergy();
  }

  /** The minimum of {@code value} over all subsets of n elements (bit i of the mask: element i). */
  static double minOverSubsets(int n, java.util.function.LongToDoubleFunction value) {
    double best = Double.POSITIVE_INFINITY;
    for (long mask = 0; mask < 1L << n; mask++) {
      best = Math.min(best, value.applyAsDouble(mask));
    }
    return best;
  }

  static Graph<Integer, DefaultEdge> randomGraph(int n, double p, long seed) {
    Graph<Integer, DefaultEdge> g = new SimpleGraph<>(SupplierUtil.createIntegerSupplier(),
        SupplierUtil.DEFAULT_EDGE_SUPPLIER, false);
    new GnpRandomGraphGenerator<Integer, DefaultEdge>(n, p, seed).generateGraph(g);
    return g;
  }

  /** Vertex index i of a graph built by {@link #randomGraph} is the vertex i itself. */
  static boolean edge(Graph<Integer, DefaultEdge> g, int u, int v) {
    return g.containsEdge(u, v);
  }

  static Sample sample(byte... values) {
    return new Sample(values, 0, 1);
  }

  static byte[] bits(int n, IntFunction<Boolean> on) {
    byte[] x = new byte[n];
    IntStream.range(0, n).forEach(i -> x[i] = (byte) (on.apply(i) ? 1 : 0));
    return x;
  }
}
