package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.problems.JobShop.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobShopTest {

  /** Two jobs crossing two machines: the optimum interleaves them (makespan 4, not 6). */
  private static final List<List<Operation>> CROSSING = List.of(
      List.of(new Operation(0, 2), new Operation(1, 1)),
      List.of(new Operation(1, 1), new Operation(0, 2)));

  /** Three jobs on two machines. */
  private static final List<List<Operation>> THREE = List.of(
      List.of(new Operation(0, 1), new Operation(1, 2)),
      List.of(new Operation(1, 1), new Operation(0, 1)),
      List.of(new Operation(0, 1)));

  @Test
  void the_encodings_ground_energy_is_the_minimum_makespan() {
    for (List<List<Operation>> jobs : List.of(CROSSING, THREE)) {
      int horizon = 5;
      JobShop shop = JobShop.of(jobs, horizon);
      assertThat(shop.numVariables()).isLessThanOrEqualTo(26);
      int best = bruteForceMakespan(shop, jobs, horizon);
      EncodedProblem problem = EncodedProblem.of(shop);
      assertThat(ExactAnswers.groundEnergy(problem)).isEqualTo(best);
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat(a.objective().get("makespan")).isEqualTo(best);
        assertThat(shop.isFeasible((int[]) a.objective().get("starts"))).isTrue();
      }
    }
  }

  /**
   * The feasibility form: with the horizon at the minimum makespan its ground states (energy 0) are
   * exactly the feasible schedules ending by the horizon, counted by brute force, each decoded as such;
   * one step shorter, no state has energy 0.
   */
  @Test
  void the_feasibility_forms_zero_energy_states_are_exactly_the_schedules_within_the_horizon() {
    for (List<List<Operation>> jobs : List.of(CROSSING, THREE)) {
      int best = bruteForceMakespan(JobShop.of(jobs, 5), jobs, 5);
      JobShop shop = JobShop.of(jobs, best, true);
      EncodedProblem problem = EncodedProblem.of(shop);
      assertThat(ExactAnswers.groundEnergy(problem)).isZero();
      List<Answer> ground = ExactAnswers.groundAnswers(problem);
      assertThat(ground).hasSize(bruteForceCount(shop, jobs, best));
      for (Answer a : ground) {
        assertThat(a.feasible()).isTrue();
        assertThat(a.objective().get("makespan")).isEqualTo(best);
        assertThat(shop.isFeasible((int[]) a.objective().get("starts"))).isTrue();
      }
      JobShop shorter;
      try {
        shorter = JobShop.of(jobs, best - 1, true);
      } catch (io.neuroquantum.annealing.model.InvalidModelException e) {
        continue;   // a job or a machine alone needs more than best − 1 steps: refused before any model
      }
      assertThat(ExactAnswers.groundEnergy(EncodedProblem.of(shorter))).isPositive();
    }
  }

  @Test
  void an_empty_sample_is_repaired_into_a_feasible_schedule() {
    JobShop shop = JobShop.of(CROSSING, 6);
    Answer a = shop.decode(ExactAnswers.sample(new byte[shop.numVariables()]));
    assertThat(a.feasible()).isFalse();
    assertThat(shop.isFeasible((int[]) a.objective().get("starts"))).isTrue();
  }

  @Test
  void a_horizon_too_short_is_refused() {
    assertThatThrownBy(() -> JobShop.of(CROSSING, 2)).hasMessageContaining("longer than the horizon 2");
  }

  /** How many combinations of start times are feasible and end by the horizon. */
  private static int bruteForceCount(JobShop shop, List<List<Operation>> jobs, int horizon) {
    return (int) feasibleMakespans(shop, jobs, horizon).count();
  }

  /** The least makespan over every combination of start times inside the horizon. */
  private static int bruteForceMakespan(JobShop shop, List<List<Operation>> jobs, int horizon) {
    return feasibleMakespans(shop, jobs, horizon).min().orElse(Integer.MAX_VALUE);
  }

  /** The makespan of each combination of start times (each in 0..horizon−1) that is feasible and ends by the horizon. */
  private static java.util.stream.IntStream feasibleMakespans(JobShop shop, List<List<Operation>> jobs, int horizon) {
    int ops = jobs.stream().mapToInt(List::size).sum();
    long combos = (long) Math.pow(horizon, ops);
    return java.util.stream.LongStream.range(0, combos).mapToObj(c -> {
      int[] starts = new int[ops];
      long rest = c;
      for (int o = 0; o < ops; o++) {
        starts[o] = (int) (rest % horizon);
        rest /= horizon;
      }
      return starts;
    }).filter(starts -> shop.isFeasible(starts) && shop.makespan(starts) <= horizon).mapToInt(shop::makespan);
  }
}
