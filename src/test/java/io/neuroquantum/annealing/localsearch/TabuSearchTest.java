package io.neuroquantum.annealing.localsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.RunControl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TabuSearchTest {

  private static final RunControl TWO_THREADS = RunControl.defaults().withThreads(2);

  @Test
  void never_returns_a_worse_energy_than_its_start() {
    for (long seed = 1; seed <= 6; seed++) {
      Qubo qubo = LocalSearchModels.randomQubo(50, 0.2, seed);
      // the start is a local minimum: every tabu move from it goes uphill first
      byte[] start = new SteepestDescent(SteepestDescent.Config.defaults().withSeed(seed).withReads(1))
          .solve(qubo, TWO_THREADS).best().values();
      SampleSet result = new TabuSearch(TabuSearch.Config.defaults().withSeed(seed).withIterations(200)
          .withInitialStates(new byte[][] {start})).solve(qubo, TWO_THREADS);
      assertThat(result.bestEnergy()).isLessThanOrEqualTo(qubo.energy(start) + 1e-12);
      assertThat(result.bestEnergy()).isCloseTo(qubo.energy(result.best().values()), within(1e-9));
    }
  }

  @Test
  void post_processing_keeps_every_sample_at_or_below_where_it_started() {
    Qubo qubo = LocalSearchModels.randomQubo(60, 0.1, 4);
    SampleSet raw = LocalSearchModels.randomSamples(qubo, 10, 2);
    SampleSet post = new TabuSearch(TabuSearch.Config.defaults().withIterations(500)).postProcess(raw, qubo, TWO_THREADS);
    assertThat(post.totalOccurrences()).isEqualTo(raw.totalOccurrences());
    assertThat(post.samples().get(post.samples().size() - 1).energy())
        .isLessThanOrEqualTo(raw.samples().get(raw.samples().size() - 1).energy() + 1e-12);
    assertThat(post.bestEnergy()).isLessThanOrEqualTo(raw.bestEnergy());
  }

  @Test
  void finds_the_ground_state_of_small_models() {
    for (long seed = 1; seed <= 4; seed++) {
      Qubo qubo = LocalSearchModels.randomQubo(22, 0.4, 100 + seed);
      double ground = new ExactSolver().solve(qubo, TWO_THREADS).bestEnergy();
      SampleSet tabu = new TabuSearch(TabuSearch.Config.defaults().withSeed(seed).withIterations(20_000))
          .solve(qubo, TWO_THREADS);
      assertThat(tabu.bestEnergy()).as("seed %d", seed).isCloseTo(ground, within(1e-9));
    }
  }

  /**
   * Under a time limit with more reads than threads, each read gets a share of the time: before, reads
   * beyond the thread count started at the deadline and returned their random starts.
   */
  @Test
  void under_a_time_limit_every_read_searches_even_with_more_reads_than_threads() {
    Qubo qubo = LocalSearchModels.randomQubo(4000, 0.002, 9);   // past TabuWalk.CHECK_EVERY flips from a random start to a local minimum
    SampleSet result = new TabuSearch(TabuSearch.Config.defaults().withSeed(3).withReads(3)
        .withIterations(Long.MAX_VALUE / 4)).solve(qubo, RunControl.defaults().withThreads(1)
        .withTimeLimit(java.time.Duration.ofMillis(1500)));
    assertThat(result.stats().stopReason()).isEqualTo("time_limit");
    assertThat(result.totalOccurrences()).isEqualTo(3);
    for (var sample : result.samples()) {
      byte[] x = sample.values().clone();
      double e = qubo.energy(x);
      for (int i = 0; i < x.length; i++) {   // a searched read ends at a single-flip local minimum, a random start does not
        x[i] ^= 1;
        assertThat(qubo.energy(x)).as("flip %d of a returned sample", i).isGreaterThanOrEqualTo(e - 1e-9);
        x[i] ^= 1;
      }
    }
  }

  @Test
  void the_same_seed_gives_the_same_answer_for_any_thread_count() {
    Qubo qubo = LocalSearchModels.randomQubo(120, 0.05, 8);
    TabuSearch tabu = new TabuSearch(TabuSearch.Config.defaults().withSeed(5).withReads(6).withIterations(3_000));
    SampleSet one = tabu.solve(qubo, RunControl.defaults().withThreads(1));
    SampleSet two = tabu.solve(qubo, TWO_THREADS);
    assertThat(two.samples()).isEqualTo(one.samples());
  }

  @Test
  void tenure_follows_dwave_samplers_default() {
    assertThat(TabuSearch.autoTenure(8)).isEqualTo(2);
    assertThat(TabuSearch.autoTenure(800)).isEqualTo(20);
    // a tenure as long as the model has variables would leave no move: it is capped below n
    Qubo qubo = LocalSearchModels.randomQubo(5, 0.5, new SplittableRandom(1).nextLong());
    SampleSet result = new TabuSearch(TabuSearch.Config.defaults().withTenure(50).withIterations(100)).solve(qubo, TWO_THREADS);
    assertThat(result.isEmpty()).isFalse();
  }
}
