package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SA against SQA at equal spin-update budgets: success probability (fraction of reads whose best
 * state is a ground state) against sweeps, on a Denchev et al. (2016) weak-strong cluster pair and on
 * a plain random ±J instance. SQA runs M = 16 slices with worldline moves, so one SQA sweep is
 * 2·n·M spin-slice attempts and is matched by 2·M SA sweeps (scalar kernel, default β range).
 * Writes docs/quantum-sa-vs-sqa.svg and prints the table that docs/quantum.md quotes. Run with
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=SqaVersusSaBenchmark -DskipClientTests}.
 */
@Tag("benchmark")
class SqaVersusSaBenchmark {
  private static final int SLICES = 16;
  private static final int READS = 200;
  private static final int[] SQA_SWEEPS = {3, 10, 30, 100, 300, 1000, 3000};

  /**
   * {@code pairs} of Denchev's unit (two K₄,₄ clusters of 8, strong fields +1, weak −0.44, 4 links
   * between them), the strong clusters joined in a ring by 4 ferromagnetic links each. Every term is
   * minimised by all spins −1, so that is the ground state; each weak cluster has a false minimum.
   */
  static Ising denchevRing(int pairs) {
    Ising.Builder b = Ising.builder(16 * pairs);
    for (int p = 0; p < pairs; p++) {
      addPair(b, 16 * p);
      if (pairs > 1 && (pairs > 2 || p == 0)) {
        int next = 16 * ((p + 1) % pairs);
        for (int i = 0; i < 4; i++) {
          b.addQuadratic(16 * p + 4 + i, next + i, -1);
        }
      }
    }
    return b.build();
  }

  private static void addPair(Ising.Builder b, int offset) {
    for (int c = 0; c < 2; c++) {
      int base = offset + 8 * c;
      for (int i = 0; i < 4; i++) {
        b.addLinear(base + i, c == 0 ? 1 : -0.44);
        b.addLinear(base + 4 + i, c == 0 ? 1 : -0.44);
        for (int j = 0; j < 4; j++) {
          b.addQuadratic(base + i, base + 4 + j, -1);
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      b.addQuadratic(offset + i, offset + 8 + i, -1);
    }
  }

  /** ±1 couplings with probability 0.3 on 24 spins, no fields (seed 2016). */
  static Ising randomSpinGlass() {
    Random rnd = new Random(2016);
    Ising.Builder b = Ising.builder(24);
    for (int i = 0; i < 24; i++) {
      for (int j = i + 1; j < 24; j++) {
        if (rnd.nextDouble() < 0.3) {
          b.addQuadratic(i, j, rnd.nextBoolean() ? 1 : -1);
        }
      }
    }
    return b.build();
  }

  static byte[] allDown(int n) {
    byte[] s = new byte[n];
    java.util.Arrays.fill(s, (byte) -1);
    return s;
  }

  static double success(SampleSet set, double ground) {
    int hits = 0;
    for (Sample s : set.samples()) {
      if (Math.abs(s.energy() - ground) < 1e-9) {
        hits += s.occurrences();
      }
    }
    return (double) hits / set.totalOccurrences();
  }

  @Test
  void success_probability_against_sweeps_at_equal_spin_updates() throws Exception {
    StringBuilder table = new StringBuilder();
    SvgPlot plot = new SvgPlot("Success probability at equal spin updates (SQA M = 16)",
        "spin(-slice) update attempts per read", "P(ground state)");
    for (String name : new String[] {"weak-strong ring, 4 pairs (n=64)", "random ±J (n=24)"}) {
      Ising model = name.startsWith("weak") ? denchevRing(4) : randomSpinGlass();
      double ground = name.startsWith("weak") ? model.energy(allDown(model.numVariables()))
          : new ExactSolver().solve(model).bestEnergy();
      int n = model.numVariables();
      int points = SQA_SWEEPS.length;
      double[] updates = new double[points];
      double[] sa = new double[points];
      double[] sqa = new double[points];
      double[] sqaAdaptive = new double[points];
      double nsSa = 0;
      double nsSqa = 0;
      for (int p = 0; p < points; p++) {
        int sweeps = SQA_SWEEPS[p];
        updates[p] = 2.0 * n * SLICES * sweeps;
        RunControl control = RunControl.defaults();
        SampleSet a = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1).withReads(READS)
            .withSweeps(2 * SLICES * sweeps).withKernel(SimulatedAnnealing.Kernel.SCALAR)).solve(model, control);
        SimulatedQuantumAnnealing.Config q = SimulatedQuantumAnnealing.Config.defaults().withSeed(1).withReads(READS)
            .withSlices(SLICES).withSweeps(sweeps);
        SampleSet b = new SimulatedQuantumAnnealing(q).solve(model, control);
        SimulatedQuantumAnnealing adaptive = new SimulatedQuantumAnnealing(q);
        TransverseFieldConfig field = adaptive.fieldFor(model).withSchedule(new FieldSchedule.Adaptive(1.5));
        SampleSet c = new SimulatedQuantumAnnealing(q.withField(field)).solve(model, control);
        sa[p] = success(a, ground);
        sqa[p] = success(b, ground);
        sqaAdaptive[p] = success(c, ground);
        nsSa = a.stats().nsPerSpinUpdate();
        nsSqa = b.stats().nsPerSpinUpdate();
        table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.3f | %.3f | %.3f |%n", name, sweeps,
            2 * SLICES * sweeps, updates[p], sa[p], sqa[p], sqaAdaptive[p]));
      }
      table.append(String.format(Locale.ROOT, "| %s | ns per update (largest budget): SA %.1f, SQA %.1f | | | | | |%n",
          name, nsSa, nsSqa));
      String tag = name.startsWith("weak") ? "WS" : "random";
      plot.add("SA, " + tag, updates, sa, false).add("SQA, " + tag, updates, sqa, true)
          .add("SQA adaptive, " + tag, updates, sqaAdaptive, true);
    }
    System.out.println("| instance | SQA sweeps | SA sweeps | updates/read | P SA | P SQA linear | P SQA adaptive |");
    System.out.print(table);
    Path out = Path.of("docs/quantum-sa-vs-sqa.svg");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, plot.render());
    }
  }
}
