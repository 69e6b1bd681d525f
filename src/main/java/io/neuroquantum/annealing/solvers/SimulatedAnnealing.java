package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.schedules.BetaSchedule;

/**
 * Simulated annealing with sequential Metropolis sweeps, as in dwave-samplers, plus what its users
 * ask for: each read returns the best state it saw (checked after every sweep), a time limit and
 * cancellation act within a sweep, progress is reported while it runs, and reads spread over threads
 * with seeds derived from (seed, read index), so the answer is the same for any thread count.
 *
 * <pre>{@code
 * SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(7)).solve(model);
 * }</pre>
 */
public final class SimulatedAnnealing implements Solver {

  /**
   * @param sweeps sweeps per read; each sweep proposes one flip of every variable
   * @param reads independent anneals, each from its own random state
   * @param seed master seed; read r uses {@code SplitMix64.streamSeed(seed, r)}
   * @param schedule how β moves from hot to cold
   * @param betaRange start and end β, or null for {@link BetaRange#defaultFor}
   */
  public record Config(int sweeps, int reads, long seed, BetaSchedule.Kind schedule, BetaRange betaRange) {

    public static final int DEFAULT_SWEEPS = 10_000;
    public static final int DEFAULT_READS = 32;

    public Config {
      if (sweeps < 1) {
        throw new IllegalArgumentException("sweeps must be at least 1: " + sweeps);
      }
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_SWEEPS, DEFAULT_READS, 1L, BetaSchedule.Kind.GEOMETRIC, null);
    }

    public Config withSweeps(int n) {
      return new Config(n, reads, seed, schedule, betaRange);
    }

    public Config withReads(int n) {
      return new Config(sweeps, n, seed, schedule, betaRange);
    }

    public Config withSeed(long s) {
      return new Config(sweeps, reads, s, schedule, betaRange);
    }

    public Config withSchedule(BetaSchedule.Kind kind) {
      return new Config(sweeps, reads, seed, kind, betaRange);
    }

    public Config withBetaRange(BetaRange range) {
      return new Config(sweeps, reads, seed, schedule, range);
    }
  }

  private final Config config;

  public SimulatedAnnealing(Config config) {
    this.config = config;
  }

  public SimulatedAnnealing() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "sa";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    BetaRange range = config.betaRange() != null ? config.betaRange() : BetaRange.defaultFor(ising);
    double[] betas = config.schedule().of(range).betas(config.sweeps());
    int reads = config.reads();
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        (long) reads * config.sweeps(), stop.startNanos());
    int reportEvery = Math.max(1, config.sweeps() / 100);

    byte[][] states = new byte[reads][];
    double[] energies = new double[reads];
    long[] attempts = new long[reads];
    long[] accepted = new long[reads];
    long[] sweepsRun = new long[reads];
    long[] kernelNanos = new long[reads];

    ParallelReads.run(reads, control.threads(), r -> {
      SpinReplica replica = new SpinReplica(csr, SplitMix64.streamSeed(config.seed(), r));
      long t0 = System.nanoTime();
      int done = 0;
      int unreported = 0;
      while (done < betas.length && !stop.shouldStop()) {
        boolean whole = replica.sweep(betas[done], stop);
        replica.recordIfBest();
        if (!whole) {
          break;
        }
        done++;
        if (++unreported == reportEvery) {
          tracker.advance(unreported, replica.bestEnergy());
          unreported = 0;
        }
      }
      replica.recordIfBest();
      tracker.advance(unreported, replica.bestEnergy());
      states[r] = replica.bestSpins();
      energies[r] = ising.energyUnchecked(states[r]);
      attempts[r] = replica.attempts();
      accepted[r] = replica.accepted();
      sweepsRun[r] = done;
      kernelNanos[r] = System.nanoTime() - t0;
    });

    long totalAttempts = sum(attempts);
    long samplingNanos = sum(kernelNanos);
    SamplingStats stats = new SamplingStats(totalAttempts, sum(accepted), max(sweepsRun), reads,
        totalAttempts == 0 ? 0 : (double) samplingNanos / totalAttempts, stop.reason());
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), samplingNanos);
    SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, timing, stats);
    tracker.finish(spins.bestEnergy());
    return model.varType() == VarType.SPIN ? spins : spins.relabel(model);
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  private static long max(long[] values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
