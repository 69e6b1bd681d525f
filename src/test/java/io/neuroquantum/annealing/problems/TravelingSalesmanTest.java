package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.TsplibReader;
import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import org.junit.jupiter.api.Test;

class TravelingSalesmanTest {

  private static final double[][] SQUARE = {{0, 1, 2, 1}, {1, 0, 1, 2}, {2, 1, 0, 1}, {1, 2, 1, 0}};

  @Test
  void a_permutation_sample_has_energy_equal_to_its_tour_length() {
    TravelingSalesman tsp = TravelingSalesman.of(SQUARE);
    CompiledQubo compiled = tsp.compile();
    int[] order = {0, 2, 1, 3};
    byte[] x = new byte[16];
    for (int p = 0; p < 4; p++) {
      x[tsp.variable(order[p], p)] = 1;
    }
    assertThat(compiled.qubo().energy(x)).isEqualTo(tsp.tourLength(order)).isEqualTo(6);
    assertThat(compiled.isFeasible(x)).isTrue();
    TravelingSalesman.Tour tour = tsp.decode(x);
    assertThat(tour.order()).containsExactly(order);
    assertThat(tour.repaired()).isFalse();
  }

  @Test
  void the_penalty_makes_skipping_a_city_more_expensive_than_visiting_it() {
    TravelingSalesman tsp = TravelingSalesman.of(SQUARE);
    CompiledQubo compiled = tsp.compile();
    byte[] skip = new byte[16];   // cities 0, 1, 2 at positions 0, 1, 2; city 3 and position 3 empty
    skip[tsp.variable(0, 0)] = 1;
    skip[tsp.variable(1, 1)] = 1;
    skip[tsp.variable(2, 2)] = 1;
    assertThat(compiled.qubo().energy(skip)).isGreaterThan(4.0);   // the best full tour is 4
  }

  @Test
  void infeasible_samples_are_repaired_into_tours_and_flagged() {
    TravelingSalesman tsp = TravelingSalesman.of(SQUARE);
    byte[] x = new byte[16];
    x[tsp.variable(0, 0)] = 1;
    x[tsp.variable(1, 0)] = 1;   // two cities at position 0
    x[tsp.variable(2, 2)] = 1;
    TravelingSalesman.Tour tour = tsp.decode(x);
    assertThat(tour.order()).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(tour.repaired()).isTrue();
    assertThat(tour.length()).isEqualTo(tsp.tourLength(tour.order()));
    assertThat(tsp.decode(new byte[16]).order()).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void burma14_gets_a_feasible_tour_through_the_qubo_route() {
    TravelingSalesman tsp = TravelingSalesman.of(
        TsplibReader.read(TestInstances.open("tsplib/burma14.tsp"), "burma14").distances());
    EncodedProblem problem = EncodedProblem.tsp(tsp);
    SampleSet samples = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1)).solve(problem.model());
    Answer answer = problem.bestAnswer(samples);
    assertThat(answer.feasible()).isTrue();
    double length = (double) answer.objective().get("tour_length");
    assertThat(answer.energy()).isEqualTo(length);   // no penalty left: the sample is a permutation
    assertThat(length).isGreaterThanOrEqualTo(3323);
    System.out.printf("burma14 via QUBO + SA: tour %.0f, gap %.1f %% to the optimum 3323%n", length,
        100 * (length - 3323) / 3323);
  }

  @Test
  void rejects_bad_matrices() {
    assertThatThrownBy(() -> TravelingSalesman.of(new double[][] {{0, 1}, {1, 0}})).hasMessageContaining("at least 3");
    assertThatThrownBy(() -> TravelingSalesman.of(new double[][] {{0, 1, 2}, {1, 0}, {2, 1, 0}}))
        .hasMessageContaining("row 1 has 2 entries");
    assertThatThrownBy(() -> TravelingSalesman.of(new double[][] {{0, 1, -2}, {1, 0, 1}, {2, 1, 0}}))
        .hasMessageContaining("non-negative");
  }
}
