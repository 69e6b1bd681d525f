package io.neuroquantum.annealing.strategies;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TransverseFieldConfig;
import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.ParallelReads;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.SpinReplica;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Runs annealing under an {@link AdvancedAnnealingConfig}: multi-start and parallel runs around
 * classical annealing (geometric or adaptive cooling) or simulated quantum annealing (tunnelling
 * strength, coherence time), with a convergence stop between runs.
 *
 * <pre>{@code
 * AdvancedAnnealing.Report r = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults()
 *     .withStarts(10, 2).withConvergence(0.5, 4)).run(model, RunControl.defaults());
 * }</pre>
 */
public final class AdvancedAnnealing implements Solver {

  static final int COOLING_BLOCKS = 100;

  /**
   * @param samples every read of every run
   * @param kernel {@code sa}, {@code sa-adaptive} or {@code sqa}
   * @param gamma0 the initial transverse field used (0 for classical runs)
   * @param runs runs made (starts × parallel runs, fewer when convergence stopped early)
   * @param annealsPerRun anneals in each run (more than 1 with a coherence time)
   * @param converged whether the convergence window ended the search
   * @param bestAfterRun best energy after each run, in run order
   * @param coolingSchedule the β of each block of the first run's first read (adaptive cooling only)
   */
  public record Report(SampleSet samples, String kernel, double gamma0, int runs, int annealsPerRun, boolean converged,
      List<Double> bestAfterRun, double[] coolingSchedule) {

    /** The samples carry the strategy's figures as their {@code strategy} info (see {@code SampleSet#info}). */
    public Report {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("kernel", kernel);
      info.put("gamma0", gamma0);
      info.put("runs", runs);
      info.put("anneals_per_run", annealsPerRun);
      info.put("converged", converged);
      info.put("best_after_run", List.copyOf(bestAfterRun));
      if (coolingSchedule != null) {
        info.put("cooling_schedule", java.util.Arrays.stream(coolingSchedule).boxed().toList());
      }
      samples = samples.withInfo("strategy", info);
    }
  }

  private final AdvancedAnnealingConfig config;

  public AdvancedAnnealing(AdvancedAnnealingConfig config) {
    this.config = config;
  }

  public AdvancedAnnealingConfig config() {
    return config;
  }

  /** Trotter slices of a quantum run (tunnelling strength &gt; 0): SQA's default. */
  public static int quantumSlices() {
    return SimulatedQuantumAnnealing.Config.DEFAULT_SLICES;
  }

  @Override
  public String name() {
    return "advanced";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    return run(model, control).samples();
  }

  /** One run's reads, its spin-update attempts, and (adaptive cooling) its first read's schedule. */
  public record RunResult(List<Sample> reads, long attempts, double[] schedule) {
  }

  /**
   * Runs the parallel runs of one start and returns their results in run order; each is
   * {@link #runOne}. The default uses this JVM's threads; the server spreads them over worker
   * verticles. Either way the seeds come from (seed, start, run), so the answer is the same.
   */
  @FunctionalInterface
  public interface RunScheduler {
    RunResult[] runStart(int start, int parallelRuns);
  }

  public Report run(QuadraticModel model, RunControl control) {
    return run(model, control, null);
  }

  /** What every run does on this model: the kernel, Γ₀, and how the sweeps split into anneals. */
  private record Shape(String kernel, double gamma0, int perAnneal, int anneals) {
  }

  private Shape shape(Ising ising) {
    double eps = TransverseFieldConfig.typicalLocalField(ising);
    double gamma0 = config.tunnellingStrength() * (eps > 0 ? eps : 1);
    int perAnneal = config.coherenceTime() > 0 ? Math.min(config.coherenceTime(), config.sweeps()) : config.sweeps();
    int anneals = config.tunnellingStrength() > 0 ? (config.sweeps() + perAnneal - 1) / perAnneal : 1;
    String kernel = config.tunnellingStrength() > 0 ? "sqa" : config.adaptiveCooling() ? "sa-adaptive" : "sa";
    return new Shape(kernel, gamma0, perAnneal, anneals);
  }

  /** One run, the unit a worker executes: seeded from (seed, start, run). */
  public RunResult runOne(Ising ising, int start, int run, RunControl control, StopCheck stop) {
    Shape shape = shape(ising);
    long seed = SplitMix64.streamSeed(SplitMix64.streamSeed(config.seed(), start), run);
    if (config.tunnellingStrength() > 0) {
      return quantumRun(ising, seed, shape.gamma0(), shape.perAnneal(), shape.anneals(), control);
    }
    return config.adaptiveCooling() ? adaptiveRun(ising, seed, stop != null ? stop : control.start())
        : classicalRun(ising, seed, control);
  }

  /** As {@link #run(QuadraticModel, RunControl)}, with the runs of each start executed by {@code scheduler}. */
  public Report run(QuadraticModel model, RunControl control, RunScheduler scheduler) {
    StopCheck stop = control.start();
    Ising ising = model.toIsing();
    Shape shape = shape(ising);
    RunScheduler runner = scheduler != null ? scheduler : (start, count) -> {
      RunResult[] results = new RunResult[count];
      ParallelReads.run(count, control.threads(), r -> results[r] = runOne(ising, start, r, control, stop));
      return results;
    };

    List<Sample> all = new ArrayList<>();
    List<Double> bestAfterRun = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int sinceImprovement = 0;
    boolean converged = false;
    long attempts = 0;
    double[] schedule = null;
    int runs = 0;
    for (int start = 0; start < config.starts() && !converged && !stop.shouldStop(); start++) {
      RunResult[] results = runner.runStart(start, config.parallelRuns());
      for (RunResult result : results) {
        runs++;
        all.addAll(result.reads());
        attempts += result.attempts();
        if (schedule == null) {
          schedule = result.schedule();
        }
        double runBest = result.reads().stream().mapToDouble(Sample::energy).min().orElse(Double.POSITIVE_INFINITY);
        if (runBest < best - config.convergenceThreshold() || best == Double.POSITIVE_INFINITY) {
          sinceImprovement = 0;
        } else {
          sinceImprovement++;
        }
        best = Math.min(best, runBest);
        bestAfterRun.add(best);
        if (config.convergenceWindow() > 0 && sinceImprovement >= config.convergenceWindow()) {
          converged = true;
        }
      }
    }
    // asked once more: a cancellation or deadline that cut the last start's runs short (inside the
    // runs' own checks) must be reported, although the loop above had no further start to ask for
    stop.shouldStop();
    long nanos = System.nanoTime() - stop.startNanos();
    SamplingStats stats = new SamplingStats(attempts, 0, config.sweeps(), all.size(),
        attempts == 0 ? 0 : (double) nanos / attempts, stop.reason());
    byte[][] states = new byte[all.size()][];
    double[] energies = new double[all.size()];
    for (int i = 0; i < all.size(); i++) {
      states[i] = all.get(i).values();
      energies[i] = ising.energyUnchecked(states[i]);
    }
    SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, new Timing(nanos, nanos), stats);
    SampleSet samples = model.varType() == VarType.SPIN ? spins : spins.relabel(model);
    return new Report(samples, shape.kernel(), config.tunnellingStrength() > 0 ? shape.gamma0() : 0, runs,
        shape.anneals(), converged,
        List.copyOf(bestAfterRun), schedule);
  }

  private static List<Sample> expand(SampleSet set) {
    List<Sample> reads = new ArrayList<>();
    for (Sample s : set.samples()) {
      for (int k = 0; k < s.occurrences(); k++) {
        reads.add(new Sample(s.values(), s.energy(), 1));
      }
    }
    return reads;
  }

  private RunResult classicalRun(Ising ising, long seed, RunControl control) {
    SampleSet set = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(config.sweeps())
        .withReads(config.reads()).withSeed(seed)).solve(ising, control.withThreads(1));
    return new RunResult(expand(set), set.stats().spinUpdateAttempts(), null);
  }

  /** ⌈sweeps / coherenceTime⌉ independent quantum anneals, each from a fresh random state. */
  private RunResult quantumRun(Ising ising, long seed, double gamma0, int perAnneal, int anneals, RunControl control) {
    double eps = TransverseFieldConfig.typicalLocalField(ising);
    double gammaFinal = Math.min(gamma0, TransverseFieldConfig.DEFAULT_FINAL_FACTOR * (eps > 0 ? eps : 1));
    TransverseFieldConfig field = TransverseFieldConfig.defaultFor(ising).withFields(gamma0, gammaFinal);
    List<Sample> reads = new ArrayList<>();
    long attempts = 0;
    for (int a = 0; a < anneals; a++) {
      SampleSet set = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults().withSweeps(perAnneal)
          .withReads(config.reads()).withSeed(SplitMix64.streamSeed(seed, a)).withField(field))
          .solve(ising, control.withThreads(1));
      reads.addAll(expand(set));
      attempts += set.stats().spinUpdateAttempts();
    }
    return new RunResult(reads, attempts, null);
  }

  /** Classical reads on the adaptive schedule (class comment of the config). */
  private RunResult adaptiveRun(Ising ising, long seed, StopCheck stop) {
    CsrIsing csr = CsrIsing.of(ising);
    BetaRange range = BetaRange.defaultFor(ising);
    List<Sample> reads = new ArrayList<>();
    long attempts = 0;
    double[] firstSchedule = null;
    for (int read = 0; read < config.reads(); read++) {
      SpinReplica replica = new SpinReplica(csr, SplitMix64.streamSeed(seed, read));
      double[] schedule = AdaptiveCooling.anneal(replica, range, config.sweeps(), COOLING_BLOCKS, stop);
      if (firstSchedule == null) {
        firstSchedule = schedule;
      }
      replica.recordIfBest();
      reads.add(new Sample(replica.bestSpins(), replica.bestEnergy(), 1));
      attempts += replica.attempts();
    }
    return new RunResult(reads, attempts, firstSchedule);
  }
}
