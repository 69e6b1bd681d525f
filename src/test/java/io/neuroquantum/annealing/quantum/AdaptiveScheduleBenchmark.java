package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When the adaptive field schedule helps SQA: failure rates (reads not ending in a ground state) of
 * linear against adaptive:1.5, many reads and three seeds per point, on the weak-strong cluster ring
 * and on a ferromagnetic ring. Not a test:
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=AdaptiveScheduleBenchmark -DskipClientTests}.
 */
@Tag("benchmark")
class AdaptiveScheduleBenchmark {

  private static Ising ferromagneticRing(int n) {
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addQuadratic(i, (i + 1) % n, -1);
    }
    return b.build();
  }

  @Test
  void linear_against_adaptive() {
    System.out.println("| instance | SQA sweeps | reads | failures linear | failures adaptive:1.5 | difference (σ) |");
    System.out.println("|---|---|---|---|---|---|");
    Ising ring = SqaVersusSaBenchmark.denchevRing(4);
    byte[] down = new byte[ring.numVariables()];
    java.util.Arrays.fill(down, (byte) -1);
    for (int sweeps : new int[] {10, 30, 100, 200}) {
      row("weak-strong ring (n=64)", ring, ring.energy(down), sweeps, 4000);
    }
    Ising ferro = ferromagneticRing(128);
    for (int sweeps : new int[] {30, 100, 300}) {
      row("ferromagnetic ring (n=128)", ferro, -128, sweeps, 400);
    }
  }

  private static void row(String name, Ising model, double ground, int sweeps, int reads) {
    long[] fails = new long[2];
    long total = 0;
    for (long seed : new long[] {11, 12, 13}) {
      FieldSchedule[] schedules = {new FieldSchedule.Linear(), new FieldSchedule.Adaptive(1.5)};
      for (int k = 0; k < 2; k++) {
        SampleSet r = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults().withSweeps(sweeps)
            .withReads(reads).withSlices(16).withSeed(seed)
            .withField(TransverseFieldConfig.defaultFor(model).withSchedule(schedules[k]))).solve(model, RunControl.defaults());
        for (Sample s : r.samples()) {
          if (s.energy() > ground + 1e-9) {
            fails[k] += s.occurrences();
          }
        }
      }
      total += reads;
    }
    double a = (double) fails[0] / total;
    double b = (double) fails[1] / total;
    double sigma = Math.sqrt(a * (1 - a) / total + b * (1 - b) / total);
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %+.1f |%n", name, sweeps, total, a, b,
        sigma == 0 ? 0 : (b - a) / sigma);
  }
}
