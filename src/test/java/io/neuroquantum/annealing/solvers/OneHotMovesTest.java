package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.DimacsColReader;
import io.neuroquantum.annealing.io.TsplibReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import java.util.HashMap;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.junit.jupiter.api.Test;

/**
 * One-hot preserving moves: they sample the model's own Boltzmann distribution (checked state by
 * state against exact weights), and with them parallel tempering solves colouring and TSP through
 * the QUBO.
 */
class OneHotMovesTest {

  /** Runs only the moves from a feasible state and compares visit frequencies with exp(−βE)/Z. */
  private static void samplesBoltzmannOverTheFeasibleStates(QuadraticModel model,
      io.neuroquantum.annealing.model.OneHotGroups groups, byte[] feasibleStart, double beta) {
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    SpinReplica replica = new SpinReplica(csr, 42, feasibleStart);
    OneHotMoves moves = new OneHotMoves(groups, csr.n);
    Map<String, Integer> visits = new HashMap<>();
    Map<String, Double> energy = new HashMap<>();
    int steps = 400_000;
    for (int i = 0; i < 2_000; i++) {
      moves.sweep(replica, beta);
    }
    for (int i = 0; i < steps; i++) {
      moves.sweep(replica, beta);
      byte[] s = replica.spinsView();
      String key = new String(s, java.nio.charset.StandardCharsets.ISO_8859_1);
      visits.merge(key, 1, Integer::sum);
      energy.putIfAbsent(key, ising.energy(s.clone()));
      assertThat(replica.energy()).isCloseTo(energy.get(key), within(1e-6));
    }
    double z = 0;
    for (double e : energy.values()) {
      z += Math.exp(-beta * e);
    }
    for (Map.Entry<String, Integer> v : visits.entrySet()) {
      double expected = Math.exp(-beta * energy.get(v.getKey())) / z;
      double observed = (double) v.getValue() / steps;
      // consecutive sweeps are correlated; 5 binomial standard errors of an effective 1/4 of the steps
      double tolerance = 5 * Math.sqrt(expected * (1 - expected) / (steps / 4.0)) + 1e-4;
      assertThat(observed).as("state frequency").isCloseTo(expected, within(tolerance));
    }
  }

  @Test
  void exchange_moves_sample_the_boltzmann_distribution_over_tours() {
    double[][] d = {{0, 3, 9, 4, 7}, {3, 0, 5, 8, 6}, {9, 5, 0, 2, 7}, {4, 8, 2, 0, 3}, {7, 6, 7, 3, 0}};
    TravelingSalesman tsp = TravelingSalesman.of(d);
    byte[] identity = new byte[25];
    java.util.Arrays.fill(identity, (byte) -1);
    for (int c = 0; c < 5; c++) {
      identity[tsp.variable(c, c)] = 1;
    }
    samplesBoltzmannOverTheFeasibleStates(tsp.compile().qubo(), tsp.oneHotGroups(), identity, 0.3);
  }

  @Test
  void shift_moves_sample_the_boltzmann_distribution_over_colourings() {
    Graph<Integer, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
    for (int v = 0; v < 4; v++) {
      g.addVertex(v);
    }
    g.addEdge(0, 1);
    g.addEdge(1, 2);
    g.addEdge(2, 3);
    g.addEdge(3, 0);
    g.addEdge(0, 2);
    GraphColoring<Integer> coloring = GraphColoring.of(g, 3);
    byte[] allFirst = new byte[12];
    java.util.Arrays.fill(allFirst, (byte) -1);
    for (int v = 0; v < 4; v++) {
      allFirst[coloring.variable(v, 0)] = 1;
    }
    samplesBoltzmannOverTheFeasibleStates(coloring.compile().qubo(), coloring.oneHotGroups(), allFirst, 0.8);
  }

  private static Answer solveWithPt(EncodedProblem problem) {
    ParallelTempering pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(1).withSweeps(1000)
        .withOneHotGroups(problem.oneHotGroups()));
    return problem.bestAnswer(pt.solve(problem.model()));
  }

  @Test
  void burma14_and_ulysses16_reach_their_optimal_tours_through_the_qubo() {
    for (String name : new String[] {"burma14", "ulysses16"}) {
      TravelingSalesman tsp = TravelingSalesman.of(
          TsplibReader.read(TestInstances.open("tsplib/" + name + ".tsp"), name).distances());
      Answer answer = solveWithPt(EncodedProblem.tsp(tsp));
      assertThat(answer.feasible()).isTrue();
      assertThat((double) answer.objective().get("tour_length")).as(name).isEqualTo(name.equals("burma14") ? 3323 : 6859);
    }
  }

  @Test
  void dsjc125_1_is_coloured_with_five_colours() {
    Graph<Integer, DefaultEdge> graph = DimacsColReader.read(TestInstances.open("coloring/DSJC125.1.col"), "DSJC125.1");
    Answer answer = solveWithPt(EncodedProblem.coloring(GraphColoring.of(graph, 5)));
    assertThat(answer.objective().get("conflicts")).isEqualTo(0);
    assertThat(answer.feasible()).isTrue();
  }
}
