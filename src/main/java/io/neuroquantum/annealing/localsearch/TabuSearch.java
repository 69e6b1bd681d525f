package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.solvers.StartStates;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.ParallelReads;
import io.neuroquantum.annealing.solvers.ProgressTracker;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Multistart tabu search over single flips, in the outline of dwave-samplers' {@code TabuSampler}
 * (Palubeckis' MST2): each iteration makes the best flip that is not tabu, even uphill, which walks
 * out of local minima; a flipped variable stays tabu for {@code tenure} iterations unless flipping it
 * would beat the read's best energy (aspiration). When a run goes {@code restartAfter} iterations
 * without improving its own best, the search restarts from the read's best state with a tenth of its
 * variables flipped at random, close to the best state but outside its basin.
 *
 * <p>Each read is an independent multistart search seeded from (seed, read index), so a seed gives the
 * same answer for any thread count; it returns the best state it saw, which is never worse than its
 * start. A read ends after {@code iterations} iterations, at {@code targetEnergy}, or when the run
 * control's time limit or cancellation says so. An iteration costs O(degree) on integral models, O(degree · log n) on others (see
 * {@link TabuWalk}); ties between equal moves are broken at random. Progress (iterations done, best
 * energy so far) goes to the run control's listener while the reads run.
 *
 * <p>With a time limit and more reads than threads, the reads run in waves on each thread and each
 * wave has an equal share of the time (a read that ends early leaves its time to the next), so every
 * read searches rather than the ones beyond the thread count starting at the deadline.
 */
public final class TabuSearch implements Solver, PostProcessor {

  /**
   * @param reads independent searches
   * @param seed master seed; read r uses {@code SplitMix64.streamSeed(seed, r)}
   * @param iterations flips per read, or 0 for {@link #autoIterations} (100·n, at least 10 000)
   * @param tenure iterations a flipped variable stays tabu, or −1 for min(20, n/4) as dwave-samplers
   * @param restartAfter iterations without improving the run's best before a restart, or 0 for
   *     {@link #autoRestartAfter} (10·n, at least 1000)
   * @param targetEnergy a read stops once it reaches this energy (NaN: never)
   * @param initialStates starting states in the model's variable type (read r uses state r mod count),
   *     or null for random starts
   */
  public record Config(int reads, long seed, long iterations, int tenure, long restartAfter, double targetEnergy,
      byte[][] initialStates) {

    public static final int DEFAULT_READS = 4;

    public Config {
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
      if (iterations < 0) {
        throw new IllegalArgumentException("iterations must not be negative (0 = automatic): " + iterations);
      }
      if (tenure < -1) {
        throw new IllegalArgumentException("tenure must be at least 0 (or -1 = automatic): " + tenure);
      }
      if (restartAfter < 0) {
        throw new IllegalArgumentException("restartAfter must not be negative (0 = automatic): " + restartAfter);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_READS, 1L, 0, -1, 0, Double.NaN, null);
    }

    public Config withReads(int n) {
      return new Config(n, seed, iterations, tenure, restartAfter, targetEnergy, initialStates);
    }

    public Config withSeed(long s) {
      return new Config(reads, s, iterations, tenure, restartAfter, targetEnergy, initialStates);
    }

    public Config withIterations(long n) {
      return new Config(reads, seed, n, tenure, restartAfter, targetEnergy, initialStates);
    }

    public Config withTenure(int t) {
      return new Config(reads, seed, iterations, t, restartAfter, targetEnergy, initialStates);
    }

    public Config withRestartAfter(long n) {
      return new Config(reads, seed, iterations, tenure, n, targetEnergy, initialStates);
    }

    public Config withTargetEnergy(double e) {
      return new Config(reads, seed, iterations, tenure, restartAfter, e, initialStates);
    }

    /** Starts from these states (model's variable type); reads default to their number. */
    public Config withInitialStates(byte[][] states) {
      return new Config(states.length, seed, iterations, tenure, restartAfter, targetEnergy, states);
    }
  }

  /** Fraction of the variables flipped at random when a run restarts from the best state. */
  private static final double RESTART_FLIPS = 0.1;

  private final Config config;

  public TabuSearch(Config config) {
    this.config = config;
  }

  public TabuSearch() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "tabu";
  }

  public static long autoIterations(int n) {
    return Math.max(10_000L, 100L * n);
  }

  public static long autoRestartAfter(int n) {
    return Math.max(1_000L, 10L * n);
  }

  public static int autoTenure(int n) {
    return Math.min(20, n / 4);
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    StartStates starts = StartStates.of(config.initialStates(), model);
    ReadResults results = walk(model, control, stop, config.reads(),
        r -> starts.isEmpty() ? null : starts.forRead(r), r -> 1);
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), results.kernelNanos());
    return results.toSampleSet(model, timing, results.stats(stop.reason()));
  }

  /**
   * One read started from each sample (read r from the r-th lowest), with this config's iterations;
   * {@code reads} and {@code initialStates} of the config do not apply. Timing adds the search to the
   * original's, statistics stay the original's.
   */
  @Override
  public SampleSet postProcess(SampleSet samples, QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    List<Sample> in = samples.samples();
    StartStates starts = StartStates.of(samples, model);
    ReadResults results = walk(model, control, stop, in.size(), starts::forRead, r -> in.get(r).occurrences());
    long searchNanos = System.nanoTime() - stop.startNanos();
    Timing timing = new Timing(samples.timing().totalNanos() + searchNanos,
        samples.timing().samplingNanos() + results.kernelNanos());
    return results.toSampleSet(model, timing, samples.stats());
  }

  /** Runs {@code reads} walks in parallel; read r starts at {@code start(r)} (spins) or at random when null. */
  private ReadResults walk(QuadraticModel model, RunControl control, StopCheck stop, int reads,
      IntFunction<byte[]> start, IntUnaryOperator occurrences) {
    CsrIsing csr = CsrIsing.of(model.toIsing());
    int n = csr.numVariables();
    TabuWalk.Settings settings = new TabuWalk.Settings(
        config.iterations() > 0 ? config.iterations() : autoIterations(n),
        config.tenure() >= 0 ? Math.min(config.tenure(), Math.max(0, n - 1)) : autoTenure(n),
        config.restartAfter() > 0 ? config.restartAfter() : autoRestartAfter(n),
        Math.max(1, (int) Math.round(RESTART_FLIPS * n)),
        config.targetEnergy(), SteepestDescent.tolerance(model));
    ReadResults results = new ReadResults(reads);
    long iterationsPerRead = settings.iterations();
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        iterationsPerRead > Long.MAX_VALUE / reads ? Long.MAX_VALUE : reads * iterationsPerRead, stop.startNanos());
    int threads = Math.max(1, Math.min(control.threads(), reads));
    int waves = (reads + threads - 1) / threads;
    ParallelReads.run(reads, control.threads(), r -> {
      StopCheck share = stop.share(r / threads, waves);   // reads are taken in order, so read r is in wave r / threads
      long t0 = System.nanoTime();
      SplittableRandom random = new SplittableRandom(SplitMix64.streamSeed(config.seed(), r));
      FlipState state = new FlipState(csr);
      byte[] initial = start.apply(r);
      if (initial == null) {
        state.randomize(random);
      } else {
        state.load(initial);
      }
      TabuWalk tabuWalk = new TabuWalk(state, FreeMoves.of(csr, random), settings, random);
      tabuWalk.run(share, tracker::advance);
      stop.adopt(share);
      results.read(r, tabuWalk.bestSpins(), occurrences.applyAsInt(r), tabuWalk.iterations() * n,
          tabuWalk.flips(), tabuWalk.iterations(), System.nanoTime() - t0);
    });
    double best = Double.POSITIVE_INFINITY;
    for (byte[] spins : results.spins) {
      best = Math.min(best, csr.energy(spins));
    }
    tracker.finish(best);
    return results;
  }
}
