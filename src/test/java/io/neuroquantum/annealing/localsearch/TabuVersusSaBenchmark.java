package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tabu search against simulated annealing at equal wall time on G-set Max-Cut instances, and SA
 * followed by tabu post-processing in the same budget. Not a test: run with
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=TabuVersusSaBenchmark -DskipClientTests}
 * ({@code -Dnq.data=…} points at the shared data set; {@code -Dnq.tabu.instances=G22,G43},
 * {@code -Dnq.tabu.budgets=1,3,10,30} (seconds) and {@code -Dnq.tabu.seeds=3} pick the runs). Prints
 * the Markdown table of docs/tabu.md and writes it to target/tabu-vs-sa.md.
 *
 * <p>Fairness: every solver gets the same {@link #THREADS} threads and the same budget B, and its wall
 * time is measured around the call, from outside.
 * <ul>
 *   <li>SA: 128 reads (two 64-lane words of the multi-spin kernel, so both threads work; the default
 *       64 reads would use one), sweeps chosen so the run takes about B, from a calibration run of
 *       the same solver made just before, and a time limit of B as a cap.</li>
 *   <li>tabu: as many reads as threads, no iteration bound, time limit B.</li>
 *   <li>SA+tabu: SA as above in B/2, then a tabu read from each of its {@link #THREADS} best samples
 *       (what {@code --postprocess tabu} does, restricted to the samples that get a thread) until B.</li>
 * </ul>
 * Time to target (TTT): wall time, from outside, at which a progress report (every 10 ms) first
 * shows the best-known cut. The 1-minute load average is read after each run; the machine is shared.
 */
@Tag("benchmark")
class TabuVersusSaBenchmark {

  private static final int THREADS = 2;
  private static final int SA_READS = 128;
  private static final Map<String, Integer> BEST_KNOWN = Map.of("G22", 13359, "G43", 6660);

  record Run(double cut, double seconds, double tttSeconds, double load) {
  }

  @Test
  void tabu_against_sa_at_equal_wall_time() throws IOException {
    Path data = Path.of(System.getProperty("nq.data", "../shared/data"));
    String[] instances = System.getProperty("nq.tabu.instances", "G22,G43").split(",");
    double[] budgets = Arrays.stream(System.getProperty("nq.tabu.budgets", "1,3,10,30").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    int seeds = Integer.getInteger("nq.tabu.seeds", 3);
    StringBuilder table = new StringBuilder("| instance | budget s | solver | best cut | mean cut | gap of best to best-known"
        + " | reached best-known | mean TTT s | mean wall s | SA sweeps | load avg (1 min) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder cli = new StringBuilder();
    for (String name : instances) {
      MaxCut<Integer> problem;
      try (Reader r = Files.newBufferedReader(data.resolve("gset").resolve(name), StandardCharsets.UTF_8)) {
        problem = MaxCut.of(GsetReader.read(r, name));
      }
      Ising ising = problem.toIsing();
      int bestKnown = BEST_KNOWN.get(name);
      double target = problem.totalWeight() - 2.0 * bestKnown;   // the Ising energy of the best-known cut
      warmUp(ising);
      for (double budget : budgets) {
        int sweeps = saSweepsFor(ising, budget);
        int halfSweeps = Math.max(1, sweeps / 2);
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (long seed = 1; seed <= seeds; seed++) {
          long s = seed;
          runs.computeIfAbsent("SA", k -> new ArrayList<>()).add(measure(problem, target,
              (control, started) -> sa(s, sweeps).solve(ising, control.withTimeLimit(seconds(budget)))));
          runs.computeIfAbsent("tabu", k -> new ArrayList<>()).add(measure(problem, target,
              (control, started) -> tabu(s).solve(ising, control.withTimeLimit(seconds(budget)))));
          runs.computeIfAbsent("SA+tabu", k -> new ArrayList<>()).add(measure(problem, target, (control, started) -> {
            SampleSet raw = sa(s, halfSweeps).solve(ising, control.withTimeLimit(seconds(budget / 2)));
            double left = Math.max(0.05, budget - (System.nanoTime() - started) / 1e9);
            return tabu(s).postProcess(raw.truncate(THREADS), ising, control.withTimeLimit(seconds(left)));
          }));
        }
        runs.forEach((solver, list) -> {
          String row = row(name, budget, solver, list, bestKnown, solver.equals("tabu") ? "—"
              : String.valueOf(solver.equals("SA") ? sweeps : halfSweeps));
          System.out.print(row);
          table.append(row);
        });
      }
      cli.append(cliPostProcess(name, problem, ising));
    }
    String out = table + "\nSA defaults (64 reads × 10 000 sweeps) followed by `--postprocess tabu` as the CLI runs it "
        + "(a tabu read of 100·n iterations from each of SA's samples), seed 1, " + THREADS + " threads:\n\n"
        + "| instance | SA cut | SA + tabu cut | SA wall s | tabu wall s | load avg (1 min) |\n|---|---|---|---|---|---|\n"
        + cli;
    System.out.println(out);
    Files.writeString(Path.of("target/tabu-vs-sa.md"), out);
  }

  private static SimulatedAnnealing sa(long seed, int sweeps) {
    return new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(seed).withReads(SA_READS)
        .withSweeps(sweeps));
  }

  private static TabuSearch tabu(long seed) {
    return new TabuSearch(TabuSearch.Config.defaults().withSeed(seed).withReads(THREADS)
        .withIterations(Long.MAX_VALUE));
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  /** JIT: both kernels run for a while before anything is measured. */
  private static void warmUp(Ising ising) {
    RunControl control = RunControl.defaults().withThreads(THREADS);
    sa(1, 500).solve(ising, control);
    tabu(1).solve(ising, control.withTimeLimit(Duration.ofSeconds(2)));
  }

  /** Sweeps that make SA (128 reads, {@link #THREADS} threads) take about {@code budget}, timed just now. */
  private static int saSweepsFor(Ising ising, double budget) {
    int probe = 300;
    long t0 = System.nanoTime();
    sa(99, probe).solve(ising, RunControl.defaults().withThreads(THREADS));
    double perSweep = (System.nanoTime() - t0) / 1e9 / probe;
    return Math.max(10, (int) (budget / perSweep));
  }

  interface Call {
    SampleSet solve(RunControl control, long startedNanos);
  }

  private static Run measure(MaxCut<Integer> problem, double target, Call call) {
    AtomicLong hit = new AtomicLong(-1);
    long t0 = System.nanoTime();
    RunControl control = RunControl.defaults().withThreads(THREADS).withProgress(p -> {
      if (p.bestEnergy() <= target + 1e-9) {
        hit.compareAndSet(-1, System.nanoTime() - t0);
      }
    }, Duration.ofMillis(10));
    SampleSet result = call.solve(control, t0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (result.bestEnergy() <= target + 1e-9) {
      hit.compareAndSet(-1, System.nanoTime() - t0);
    }
    return new Run(problem.cutFromEnergy(result.bestEnergy()), seconds, hit.get() < 0 ? Double.NaN : hit.get() / 1e9,
        loadAverage());
  }

  private static String row(String instance, double budget, String solver, List<Run> runs, int bestKnown, String sweeps) {
    double best = runs.stream().mapToDouble(Run::cut).max().orElseThrow();
    double mean = runs.stream().mapToDouble(Run::cut).average().orElseThrow();
    long reached = runs.stream().filter(r -> !Double.isNaN(r.tttSeconds())).count();
    String ttt = reached == 0 ? "—" : String.format(Locale.ROOT, "%.2f",
        runs.stream().filter(r -> !Double.isNaN(r.tttSeconds())).mapToDouble(Run::tttSeconds).average().orElseThrow());
    return String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.1f | %.3f %% | %d/%d | %s | %.2f | %s | %.1f |%n",
        instance, budget == Math.rint(budget) ? String.valueOf((long) budget) : String.valueOf(budget), solver, best,
        mean, 100.0 * (bestKnown - best) / bestKnown, reached, runs.size(), ttt,
        runs.stream().mapToDouble(Run::seconds).average().orElseThrow(), sweeps,
        runs.stream().mapToDouble(Run::load).average().orElseThrow());
  }

  /** SA with its defaults, then {@code PostProcess.TABU} as the CLI's {@code --postprocess tabu} applies it. */
  private static String cliPostProcess(String name, MaxCut<Integer> problem, Ising ising) {
    RunControl control = RunControl.defaults().withThreads(THREADS);
    long t0 = System.nanoTime();
    SampleSet raw = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1)).solve(ising, control);
    long t1 = System.nanoTime();
    SampleSet post = ((PostProcessed) PostProcess.TABU.applyTo(new SimulatedAnnealing(), null)).finish(raw, ising, control);
    long t2 = System.nanoTime();
    String row = String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f | %.1f |%n", name,
        problem.cutFromEnergy(raw.bestEnergy()), problem.cutFromEnergy(post.bestEnergy()), (t1 - t0) / 1e9,
        (t2 - t1) / 1e9, loadAverage());
    System.out.print(row);
    return row;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
