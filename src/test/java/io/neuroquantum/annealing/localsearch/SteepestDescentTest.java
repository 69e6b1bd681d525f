package io.neuroquantum.annealing.localsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import org.jgrapht.Graph;
import org.jgrapht.generate.GnpRandomGraphGenerator;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.util.SupplierUtil;
import org.junit.jupiter.api.Test;

class SteepestDescentTest {

  private static final RunControl TWO_THREADS = RunControl.defaults().withThreads(2);

  @Test
  void every_read_ends_in_a_single_flip_local_minimum() {
    for (long seed = 1; seed <= 5; seed++) {
      Qubo qubo = LocalSearchModels.randomQubo(60, 0.2, seed);
      SampleSet result = new SteepestDescent(SteepestDescent.Config.defaults().withSeed(seed).withReads(20))
          .solve(qubo, TWO_THREADS);
      assertThat(result.totalOccurrences()).isEqualTo(20);
      for (Sample s : result.samples()) {
        assertThat(LocalSearchModels.isSingleFlipMinimum(qubo, s.values())).as("seed %d", seed).isTrue();
        assertThat(s.energy()).isCloseTo(qubo.energy(s.values()), within(1e-9));
      }
    }
  }

  @Test
  void works_on_ising_models_in_spins() {
    Ising ising = LocalSearchModels.randomQubo(40, 0.3, 9).toIsing();
    SampleSet result = new SteepestDescent().solve(ising, TWO_THREADS);
    for (Sample s : result.samples()) {
      assertThat(LocalSearchModels.isSingleFlipMinimum(ising, s.values())).isTrue();
    }
  }

  @Test
  void the_same_seed_gives_the_same_answer_for_any_thread_count() {
    Qubo qubo = LocalSearchModels.randomQubo(80, 0.1, 3);
    SteepestDescent descent = new SteepestDescent(SteepestDescent.Config.defaults().withSeed(42).withReads(16));
    SampleSet one = descent.solve(qubo, RunControl.defaults().withThreads(1));
    SampleSet two = descent.solve(qubo, TWO_THREADS);
    assertThat(two.samples()).isEqualTo(one.samples());
    SampleSet other = new SteepestDescent(SteepestDescent.Config.defaults().withSeed(43).withReads(16))
        .solve(qubo, TWO_THREADS);
    assertThat(other.samples()).isNotEqualTo(one.samples());
  }

  @Test
  void post_processing_lowers_no_sample_keeps_the_reads_and_recomputes_energies() {
    Qubo qubo = LocalSearchModels.randomQubo(100, 0.05, 5);
    SampleSet raw = LocalSearchModels.randomSamples(qubo, 32, 1);   // far above their local minima
    SampleSet post = new SteepestDescent().postProcess(raw, qubo, TWO_THREADS);
    assertThat(post.totalOccurrences()).isEqualTo(raw.totalOccurrences());
    assertThat(post.bestEnergy()).isLessThan(raw.bestEnergy());
    for (Sample s : post.samples()) {
      assertThat(s.energy()).isCloseTo(qubo.energy(s.values()), within(1e-9));
      assertThat(LocalSearchModels.isSingleFlipMinimum(qubo, s.values())).isTrue();
    }
    // descending a set taken in the other variable type gives the same states
    SampleSet viaSpins = new SteepestDescent().postProcess(raw, qubo.toIsing(), TWO_THREADS);
    assertThat(viaSpins.bestEnergy()).isCloseTo(post.bestEnergy(), within(1e-9));
  }

  @Test
  void a_post_processed_solver_equals_its_solver_then_the_descent() {
    Qubo qubo = LocalSearchModels.randomQubo(50, 0.1, 11);
    Solver sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(2).withSweeps(5).withReads(8));
    SampleSet composed = PostProcess.parse("descent").applyTo(sa, null).solve(qubo, TWO_THREADS);
    SampleSet byHand = new SteepestDescent().postProcess(sa.solve(qubo, TWO_THREADS), qubo, TWO_THREADS);
    assertThat(composed.samples()).isEqualTo(byHand.samples());
    assertThat(PostProcess.parse("descent").applyTo(sa, null).name()).isEqualTo("sa");
    assertThat(PostProcess.parse(null).applyTo(sa, null)).isSameAs(sa);
  }

  @Test
  void unknown_post_processing_is_refused_with_the_names_that_exist() {
    assertThatThrownBy(() -> PostProcess.parse("greedy"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("unknown postprocess \"greedy\" (available: none, descent, tabu)");
  }

  @Test
  void with_one_hot_groups_no_recolouring_of_one_vertex_or_two_neighbours_improves_the_result() {
    Graph<Integer, DefaultEdge> graph = new SimpleGraph<>(SupplierUtil.createIntegerSupplier(),
        SupplierUtil.DEFAULT_EDGE_SUPPLIER, false);
    new GnpRandomGraphGenerator<Integer, DefaultEdge>(30, 0.3, 7L).generateGraph(graph);
    GraphColoring<Integer> coloring = GraphColoring.of(graph, 4);
    EncodedProblem problem = EncodedProblem.coloring(coloring);
    SampleSet raw = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1).withSweeps(20)
        .withReads(16)).solve(problem.model(), TWO_THREADS);
    SampleSet plain = new SteepestDescent().postProcess(raw, problem.model(), TWO_THREADS);
    SampleSet grouped = new SteepestDescent(SteepestDescent.Config.defaults()
        .withOneHotGroups(problem.oneHotGroups())).postProcess(raw, problem.model(), TWO_THREADS);
    assertThat(grouped.bestEnergy()).isLessThanOrEqualTo(plain.bestEnergy());
    for (Sample s : grouped.samples()) {
      assertThat(noRecolouringImproves(coloring, problem, s)).isTrue();
      assertThat(noRecolouringOfTwoNeighboursImproves(graph, coloring, problem, s)).isTrue();
    }
  }

  /** The ejection chains' shortest case, checked by brute force: recolouring v and then a neighbour u. */
  private static boolean noRecolouringOfTwoNeighboursImproves(Graph<Integer, DefaultEdge> graph,
      GraphColoring<Integer> coloring, EncodedProblem problem, Sample s) {
    byte[] x = s.values();
    double e = problem.model().energy(x);
    int k = coloring.numColors();
    for (DefaultEdge edge : graph.edgeSet()) {
      int v = graph.getEdgeSource(edge);
      int u = graph.getEdgeTarget(edge);
      int cv = colorOf(coloring, x, v);
      int cu = colorOf(coloring, x, u);
      for (int a = 0; cv >= 0 && cu >= 0 && a < k; a++) {
        for (int b = 0; a != cv && b < k; b++) {
          if (b == cu) {
            continue;
          }
          byte[] y = x.clone();
          y[coloring.variable(v, cv)] = 0;
          y[coloring.variable(v, a)] = 1;
          y[coloring.variable(u, cu)] = 0;
          y[coloring.variable(u, b)] = 1;
          if (problem.model().energy(y) < e - 1e-9) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The vertex's only colour, or −1 when it has none or several. */
  private static int colorOf(GraphColoring<Integer> coloring, byte[] x, int v) {
    int found = -1;
    for (int c = 0; c < coloring.numColors(); c++) {
      if (x[coloring.variable(v, c)] == 1) {
        if (found >= 0) {
          return -1;
        }
        found = c;
      }
    }
    return found;
  }

  /** Moving any vertex's single colour to another colour does not lower the QUBO energy. */
  private static boolean noRecolouringImproves(GraphColoring<Integer> coloring, EncodedProblem problem, Sample s) {
    byte[] x = s.values();
    double e = problem.model().energy(x);
    for (int v = 0; v < coloring.numVertices(); v++) {
      for (int from = 0; from < coloring.numColors(); from++) {
        if (x[coloring.variable(v, from)] == 0) {
          continue;
        }
        for (int to = 0; to < coloring.numColors(); to++) {
          if (to == from || x[coloring.variable(v, to)] == 1) {
            continue;
          }
          byte[] y = x.clone();
          y[coloring.variable(v, from)] = 0;
          y[coloring.variable(v, to)] = 1;
          if (problem.model().energy(y) < e - 1e-9) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
