package io.neuroquantum.annealing.cqm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.model.SampleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Constrained models with integer variables solved through their QUBO by the project's annealers
 * (seeded) and checked against ojAlgo's exact integer solve: the best feasible sample must reach the
 * proven optimum.
 */
class CqmOptimaTest {

  /**
   * A bounded knapsack with two capacities: up to 2 copies of each of 6 items, a weight limit with
   * integer weights and a volume limit with real (decimal) volumes; maximise the value.
   */
  static ConstrainedQuadraticModel knapsack() {
    double[] value = {10, 13, 7, 8, 15, 4};
    int[] weight = {5, 7, 3, 4, 8, 2};
    double[] volume = {1.5, 0.5, 2.0, 1.0, 2.5, 0.5};
    ConstrainedQuadraticModel.Builder b = ConstrainedQuadraticModel.builder();
    for (int i = 0; i < value.length; i++) {
      b.addInteger("n" + i, 0, 2);
    }
    return b.maximize(o -> {
      for (int i = 0; i < value.length; i++) {
        o.term("n" + i, value[i]);
      }
    }).constraint("weight", c -> {
      for (int i = 0; i < weight.length; i++) {
        c.term("n" + i, weight[i]);
      }
    }, Sense.LE, 20).constraint("volume", c -> {
      for (int i = 0; i < volume.length; i++) {
        c.term("n" + i, volume[i]);
      }
    }, Sense.LE, 5.5).build();
  }

  /**
   * Capacitated facility location: 3 sites (open: binary, fixed cost), 4 customers with integer
   * demands; integer shipments x_fc cover each demand exactly and a site ships at most its capacity,
   * only if open. Minimise fixed plus shipping cost.
   */
  static ConstrainedQuadraticModel facilityLocation() {
    double[] fixed = {12, 9, 14};
    int[] capacity = {5, 4, 6};
    int[] demand = {2, 3, 1, 2};
    double[][] ship = {{1, 4, 3, 5}, {3, 1, 2, 2}, {5, 3, 1, 1}};
    ConstrainedQuadraticModel.Builder b = ConstrainedQuadraticModel.builder();
    for (int f = 0; f < fixed.length; f++) {
      b.addBinary("open" + f);
      for (int c = 0; c < demand.length; c++) {
        b.addInteger("x" + f + c, 0, demand[c]);
      }
    }
    b.minimize(o -> {
      for (int f = 0; f < fixed.length; f++) {
        o.term("open" + f, fixed[f]);
        for (int c = 0; c < demand.length; c++) {
          o.term("x" + f + c, ship[f][c]);
        }
      }
    });
    for (int c = 0; c < demand.length; c++) {
      int customer = c;
      b.constraint("demand" + c, t -> {
        for (int f = 0; f < fixed.length; f++) {
          t.term("x" + f + customer, 1);
        }
      }, Sense.EQ, demand[c]);
    }
    for (int f = 0; f < fixed.length; f++) {
      int site = f;
      b.constraint("capacity" + f, t -> {
        for (int c = 0; c < demand.length; c++) {
          t.term("x" + site + c, 1);
        }
        t.term("open" + site, -capacity[site]);
      }, Sense.LE, 0);
    }
    return b.build();
  }

  private static final RunControl TWO_THREADS = RunControl.defaults().withThreads(2);

  private static CqmSample bestFeasible(CqmQubo q, SampleSet samples) {
    List<CqmSample> decoded = q.decode(samples);
    assertThat(decoded.get(0).feasible()).as("best sample feasible: %s", decoded.get(0)).isTrue();
    return decoded.get(0);
  }

  @Test
  void the_two_capacity_knapsack_reaches_ojalgos_optimum_with_sa_and_pt() {
    ConstrainedQuadraticModel m = knapsack();
    OjAlgoOptimum.Result exact = OjAlgoOptimum.solve(m);
    assertThat(exact.objective()).isEqualTo(40);   // 2·item0 + 2·item3 + item5; 12 bits and 11 slack bits
    assertThat(m.isFeasible(exact.values())).isTrue();
    CqmQubo q = CqmQubo.of(m);

    SampleSet sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(11).withSweeps(4000))
        .solve(q.qubo(), TWO_THREADS);
    assertThat(bestFeasible(q, sa).objective()).isCloseTo(exact.objective(), within(1e-9));

    SampleSet pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(11).withSweeps(2000))
        .solve(q.qubo(), TWO_THREADS);
    assertThat(bestFeasible(q, pt).objective()).isCloseTo(exact.objective(), within(1e-9));
  }

  @Test
  void the_facility_location_model_reaches_ojalgos_optimum_with_sa_and_pt() {
    ConstrainedQuadraticModel m = facilityLocation();
    OjAlgoOptimum.Result exact = OjAlgoOptimum.solve(m);
    assertThat(exact.objective()).isEqualTo(36);   // sites 0 and 1 open; 24 bits and 9 slack bits
    assertThat(m.isFeasible(exact.values())).isTrue();
    CqmQubo q = CqmQubo.of(m);

    SampleSet sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(5).withSweeps(4000))
        .solve(q.qubo(), TWO_THREADS);
    assertThat(bestFeasible(q, sa).objective()).isCloseTo(exact.objective(), within(1e-9));

    SampleSet pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(5).withSweeps(2000))
        .solve(q.qubo(), TWO_THREADS);
    assertThat(bestFeasible(q, pt).objective()).isCloseTo(exact.objective(), within(1e-9));
  }
}
