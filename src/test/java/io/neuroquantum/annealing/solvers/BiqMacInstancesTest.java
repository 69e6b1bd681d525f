package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.problems.MaxCut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Simulated annealing with its defaults reaches the listed optima of Biq Mac Max-Cut instances. */
class BiqMacInstancesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "rudy/g05_60.0, 536", "rudy/g05_80.0, 929", "rudy/g05_100.0, 1430",
      "rudy/pm1s_80.0, 79", "rudy/pm1s_100.0, 127", "rudy/pm1d_80.0, 227", "rudy/pm1d_100.0, 340",
      "rudy/w01_100.0, 651", "rudy/w05_100.0, 1646", "rudy/w09_100.0, 2121",
      "rudy/pw01_100.0, 2019", "rudy/pw05_100.0, 8190", "rudy/pw09_100.0, 13585",
      "ising/t2g10_5555, 6049461", "ising/t2g10_6666, 5757868", "ising/t2g10_7777, 6509837",
      "ising/t3g5_5555, 10933215", "ising/t3g5_6666, 11582216", "ising/t3g5_7777, 11552046"})
  void reaches_the_listed_max_cut(String file, double optimum) {
    MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/" + file), file));
    SimulatedAnnealing sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1));
    double energy = sa.solve(problem.toIsing()).bestEnergy();
    assertThat(problem.cutFromEnergy(energy)).isEqualTo(optimum);
  }
}
