package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.OrLibraryJobShopReader;
import io.neuroquantum.annealing.model.Qubo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sizes the job server checks before a job-shop's model is built are bounds of the built model:
 * {@link JobShop#variablesAtMost} and {@link JobShop#quadraticTermsAtMost} against the model itself.
 */
class JobShopSizeTest {

  @Test
  void the_bounds_hold_for_ft06_and_random_instances() {
    List<List<JobShop.Operation>> ft06 =
        OrLibraryJobShopReader.read(TestInstances.open("jobshop/jobshop1.txt"), "jobshop1.txt", "ft06", DeclaredSize.ANY);
    for (int horizon : new int[] {55, 60, 70}) {
      check(ft06, horizon);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 30; trial++) {
      int machines = 1 + random.nextInt(4);
      List<List<JobShop.Operation>> jobs = new ArrayList<>();
      int total = 0;
      for (int j = 0, n = 1 + random.nextInt(4); j < n; j++) {
        List<JobShop.Operation> steps = new ArrayList<>();
        for (int k = 0, m = 1 + random.nextInt(3); k < m; k++) {
          int d = 1 + random.nextInt(4);
          total += d;
          steps.add(new JobShop.Operation(random.nextInt(machines), d));
        }
        jobs.add(steps);
      }
      check(jobs, total + random.nextInt(5));   // all in a row always fits
    }
  }

  private static void check(List<List<JobShop.Operation>> jobs, int horizon) {
    JobShop shop = JobShop.of(jobs, horizon);
    Qubo model = shop.model();
    assertThat((long) model.numVariables()).isEqualTo(shop.numVariables())
        .isLessThanOrEqualTo(JobShop.variablesAtMost(jobs, horizon));
    assertThat((long) model.numInteractions()).isLessThanOrEqualTo(shop.quadraticTermsAtMost());
  }
}
