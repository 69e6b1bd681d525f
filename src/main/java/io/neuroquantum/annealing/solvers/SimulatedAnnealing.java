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
   * @param kernel which kernel runs the sweeps
   * @param customBetas β of each sweep (see {@link BetaSchedule#custom}), replacing schedule and range;
   *     sweeps is then its length; null for none
   * @param initialStates warm starts in the model's variable type, read r from state r mod count
   *     (runs on the scalar kernel); null for random starts
   */
  public record Config(int sweeps, int reads, long seed, BetaSchedule.Kind schedule, BetaRange betaRange,
      Kernel kernel, double[] customBetas, byte[][] initialStates) {

    public static final int DEFAULT_SWEEPS = 10_000;
    public static final int DEFAULT_READS = 64;

    public Config {
      if (sweeps < 1) {
        throw new IllegalArgumentException("sweeps must be at least 1: " + sweeps);
      }
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
      if (customBetas != null) {
        customBetas = BetaSchedule.checkedCustom(customBetas);
        if (sweeps != customBetas.length) {
          throw new IllegalArgumentException("a custom schedule of " + customBetas.length + " betas runs "
              + customBetas.length + " sweeps, not " + sweeps);
        }
      }
      if (initialStates != null) {
        if (initialStates.length == 0) {
          throw new IllegalArgumentException("initial states: none given (null means random starts)");
        }
        initialStates = java.util.Arrays.stream(initialStates).map(byte[]::clone).toArray(byte[][]::new);
      }
    }

    Config(int sweeps, int reads, long seed, BetaSchedule.Kind schedule, BetaRange betaRange, Kernel kernel) {
      this(sweeps, reads, seed, schedule, betaRange, kernel, null, null);
    }

    public static Config defaults() {
      return new Config(DEFAULT_SWEEPS, DEFAULT_READS, 1L, BetaSchedule.Kind.GEOMETRIC, null, Kernel.AUTO);
    }

    public Config withSweeps(int n) {
      return new Config(n, reads, seed, schedule, betaRange, kernel, customBetas, initialStates);
    }

    public Config withReads(int n) {
      return new Config(sweeps, n, seed, schedule, betaRange, kernel, customBetas, initialStates);
    }

    public Config withSeed(long s) {
      return new Config(sweeps, reads, s, schedule, betaRange, kernel, customBetas, initialStates);
    }

    public Config withSchedule(BetaSchedule.Kind kind) {
      return new Config(sweeps, reads, seed, kind, betaRange, kernel, customBetas, initialStates);
    }

    public Config withBetaRange(BetaRange range) {
      return new Config(sweeps, reads, seed, schedule, range, kernel, customBetas, initialStates);
    }

    /** Anneals at these betas, one per sweep (the sweep count becomes their number). */
    public Config withCustomSchedule(double[] betas) {
      double[] b = BetaSchedule.checkedCustom(betas);
      return new Config(b.length, reads, seed, schedule, betaRange, kernel, b, initialStates);
    }

    /** Starts read r from {@code states[r mod states.length]} (model's variable type) instead of a random state. */
    public Config withInitialStates(byte[][] states) {
      return new Config(sweeps, reads, seed, schedule, betaRange, kernel, customBetas, states);
    }

    public Config withKernel(Kernel k) {
      return new Config(sweeps, reads, seed, schedule, betaRange, k, customBetas, initialStates);
    }
  }

  /**
   * AUTO runs ±J models (no fields, one coupling magnitude: unweighted and ±1 Max-Cut) on the
   * multi-spin coded kernel, 64 reads per word, and everything else on the scalar kernel. SCALAR
   * forces the scalar kernel, the one that matches dwave-samplers step for step.
   */
  public enum Kernel {
    AUTO, SCALAR
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
    // β is computed sweep by sweep: a table of them would make memory grow with the sweep count
    BetaSchedule schedule = config.customBetas() != null ? BetaSchedule.custom(config.customBetas())
        : config.schedule().of(range);
    int sweeps = config.sweeps();
    StartStates starts = StartStates.of(config.initialStates(), model);
    PackedSpinGlass packed = config.kernel() == Kernel.AUTO && starts.isEmpty() ? PackedSpinGlass.of(csr) : null;
    if (packed != null) {
      return solvePacked(model, ising, packed, schedule, control, stop);
    }
    int reads = config.reads();
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        (long) reads * config.sweeps(), stop.startNanos());
    int reportEvery = Math.max(1, config.sweeps() / 100);

    Results results = new Results(reads, reads);

    ParallelReads.run(reads, control.threads(), r -> {
      SpinReplica replica = new SpinReplica(csr, SplitMix64.streamSeed(config.seed(), r),
          starts.isEmpty() ? null : starts.forRead(r));
      long t0 = System.nanoTime();
      int done = 0;
      int unreported = 0;
      while (done < sweeps && !stop.shouldStop()) {
        boolean whole = replica.sweep(schedule.beta(done, sweeps), stop);
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
      results.states[r] = replica.bestSpins();
      results.energies[r] = ising.energyUnchecked(results.states[r]);
      results.task(r, replica.attempts(), replica.accepted(), done, System.nanoTime() - t0);
    });
    return results.toSampleSet(model, stop, tracker);
  }

  /**
   * Reads in batches of 64 lanes of {@link PackedReplicas}; batch b uses seed stream b, and lane r of
   * it is read 64·b + r. Lane energies are checked after every 8th sweep and after every sweep of the
   * last quarter of the schedule, where the low states appear.
   */
  private SampleSet solvePacked(QuadraticModel model, Ising ising, PackedSpinGlass packed, BetaSchedule schedule,
      RunControl control, StopCheck stop) {
    int reads = config.reads();
    int batches = (reads + PackedReplicas.LANES - 1) / PackedReplicas.LANES;
    int sweeps = config.sweeps();
    int checkEveryFrom = sweeps - sweeps / 4;
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        (long) reads * sweeps, stop.startNanos());
    int reportEvery = Math.max(1, sweeps / 100);
    Results results = new Results(reads, batches);

    ParallelReads.run(batches, control.threads(), b -> {
      int lanes = Math.min(PackedReplicas.LANES, reads - b * PackedReplicas.LANES);
      PackedReplicas replicas = new PackedReplicas(packed, SplitMix64.streamSeed(config.seed(), b));
      long t0 = System.nanoTime();
      int done = 0;
      int unreported = 0;
      while (done < sweeps && !stop.shouldStop()) {
        boolean whole = replicas.sweep(schedule.beta(done, sweeps), stop);
        if (!whole) {
          break;
        }
        if (done >= checkEveryFrom || (done & 7) == 7) {
          replicas.recordBest();
        }
        done++;
        if (++unreported == reportEvery) {
          tracker.advance((long) unreported * lanes, replicas.lowestBestEnergy(lanes));
          unreported = 0;
        }
      }
      replicas.recordBest();
      tracker.advance((long) unreported * lanes, replicas.lowestBestEnergy(lanes));
      long nanos = System.nanoTime() - t0;
      for (int lane = 0; lane < lanes; lane++) {
        int r = b * PackedReplicas.LANES + lane;
        results.states[r] = replicas.bestState(lane);
        results.energies[r] = ising.energyUnchecked(results.states[r]);
      }
      results.task(b, replicas.attempts(), replicas.accepted(), done, nanos);
    });
    return results.toSampleSet(model, stop, tracker);
  }

  /** What the parallel tasks of one solve write, each into its own slots, and the sample set made of it. */
  private static final class Results {
    final byte[][] states;
    final double[] energies;
    private final long[] attempts;
    private final long[] accepted;
    private final long[] sweepsRun;
    private final long[] kernelNanos;

    Results(int reads, int tasks) {
      states = new byte[reads][];
      energies = new double[reads];
      attempts = new long[tasks];
      accepted = new long[tasks];
      sweepsRun = new long[tasks];
      kernelNanos = new long[tasks];
    }

    void task(int t, long attemptCount, long acceptedCount, long sweeps, long nanos) {
      attempts[t] = attemptCount;
      accepted[t] = acceptedCount;
      sweepsRun[t] = sweeps;
      kernelNanos[t] = nanos;
    }

    SampleSet toSampleSet(QuadraticModel model, StopCheck stop, ProgressTracker tracker) {
      long totalAttempts = java.util.Arrays.stream(attempts).sum();
      long samplingNanos = java.util.Arrays.stream(kernelNanos).sum();
      SamplingStats stats = new SamplingStats(totalAttempts, java.util.Arrays.stream(accepted).sum(),
          java.util.Arrays.stream(sweepsRun).max().orElse(0), states.length,
          totalAttempts == 0 ? 0 : (double) samplingNanos / totalAttempts, stop.reason());
      Timing timing = new Timing(System.nanoTime() - stop.startNanos(), samplingNanos);
      SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, timing, stats);
      tracker.finish(spins.bestEnergy());
      return model.varType() == VarType.SPIN ? spins : spins.relabel(model);
    }
  }
}
