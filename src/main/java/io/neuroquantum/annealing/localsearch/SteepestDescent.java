package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.solvers.StartStates;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.ParallelReads;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Steepest descent, as dwave-samplers' {@code SteepestDescentSolver}: from each start, make the single
 * flip that lowers the energy most, until none does. The state it ends in is a local minimum: no single
 * flip (and, with one-hot groups, no shift or exchange move, see {@link GroupMoves}) improves it.
 *
 * <p>Two uses: as a {@link Solver} from random or given initial states, and as a post-processor of any
 * {@link SampleSet} ({@link #postProcess}), where each sample is descended and its energy recomputed on
 * the model. A step scans the kept local fields (O(n), no allocation) and a flip updates the neighbours'
 * fields (O(degree)); ties go to the lowest index, so the result is deterministic.
 */
public final class SteepestDescent implements Solver, PostProcessor {

  /**
   * @param reads starts; read r begins at {@code initialStates[r mod count]}, or at a random state drawn
   *     from {@code SplitMix64.streamSeed(seed, r)} when there are no initial states
   * @param seed master seed of the random starts
   * @param initialStates starting states in the model's variable type, or null
   * @param oneHotGroups the model's one-hot groups (colouring, TSP) for compound moves, or null
   */
  public record Config(int reads, long seed, byte[][] initialStates, OneHotGroups oneHotGroups) {

    public static final int DEFAULT_READS = 10;

    public Config {
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_READS, 1L, null, null);
    }

    public Config withReads(int n) {
      return new Config(n, seed, initialStates, oneHotGroups);
    }

    public Config withSeed(long s) {
      return new Config(reads, s, initialStates, oneHotGroups);
    }

    /** Starts from these states (model's variable type); reads default to their number. */
    public Config withInitialStates(byte[][] states) {
      return new Config(states.length, seed, states, oneHotGroups);
    }

    public Config withOneHotGroups(OneHotGroups groups) {
      return new Config(reads, seed, initialStates, groups);
    }
  }

  /** Steps between two stop checks: a descent from a random state on a large model takes many. */
  private static final int CHECK_EVERY = 1024;

  private final Config config;

  public SteepestDescent(Config config) {
    this.config = config;
  }

  public SteepestDescent() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "descent";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    StartStates starts = StartStates.of(config.initialStates(), model);
    CsrIsing csr = CsrIsing.of(model.toIsing());
    double tolerance = tolerance(model);
    ReadResults results = new ReadResults(config.reads());
    ParallelReads.run(config.reads(), control.threads(), r -> {
      long t0 = System.nanoTime();
      FlipState state = new FlipState(csr);
      if (starts.isEmpty()) {
        state.randomize(new SplittableRandom(SplitMix64.streamSeed(config.seed(), r)));
      } else {
        state.load(starts.forRead(r));
      }
      Work work = descend(state, groupMoves(csr), tolerance, stop);
      results.read(r, state.spins.clone(), 1, work.considered, work.flips, work.steps, System.nanoTime() - t0);
    });
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), results.kernelNanos());
    return results.toSampleSet(model, timing, results.stats(stop.reason()));
  }

  /**
   * Descends every sample of {@code samples} (taken as states of {@code model}) to a local minimum. The
   * result keeps each sample's occurrences, merges samples that end in the same state, and takes its
   * energies from the model; timing adds the descent to the original's, statistics stay the original's.
   */
  @Override
  public SampleSet postProcess(SampleSet samples, QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    CsrIsing csr = CsrIsing.of(model.toIsing());
    double tolerance = tolerance(model);
    List<Sample> in = samples.samples();
    StartStates starts = StartStates.of(samples, model);
    ReadResults results = new ReadResults(in.size());
    ParallelReads.run(in.size(), control.threads(), r -> {
      long t0 = System.nanoTime();
      FlipState state = new FlipState(csr);
      state.load(starts.forRead(r));
      Work work = descend(state, groupMoves(csr), tolerance, stop);
      results.read(r, state.spins.clone(), in.get(r).occurrences(), work.considered, work.flips, work.steps,
          System.nanoTime() - t0);
    });
    long descentNanos = System.nanoTime() - stop.startNanos();
    Timing timing = new Timing(samples.timing().totalNanos() + descentNanos,
        samples.timing().samplingNanos() + results.kernelNanos());
    return results.toSampleSet(model, timing, samples.stats());
  }

  /** What one descent did. */
  record Work(long steps, long flips, long considered) {
  }

  /**
   * Makes the best single flip while one lowers the energy by more than {@code tolerance}; then, with
   * group moves, the best compound move, and back to single flips. Stops early only if {@code stop} says so.
   */
  static Work descend(FlipState state, GroupMoves moves, double tolerance, StopCheck stop) {
    final int n = state.n;
    final byte[] s = state.spins;
    final double[] f = state.field;
    long steps = 0;
    long flips = 0;
    long considered = 0;
    while (true) {
      int best = -1;
      double bestDelta = -tolerance;
      for (int i = 0; i < n; i++) {
        double d = -2 * s[i] * f[i];
        if (d < bestDelta) {
          bestDelta = d;
          best = i;
        }
      }
      considered += n;
      boolean compoundStep = false;
      if (best >= 0) {
        state.flip(best);
        flips++;
      } else {
        int compound = moves == null ? 0 : moves.applyBest(state, tolerance, stop);
        if (compound == 0) {
          break;
        }
        flips += compound;
        compoundStep = true;
      }
      steps++;
      // a compound step scans every group's moves, far more than a single flip's O(n) scan
      if ((compoundStep || steps % CHECK_EVERY == 0) && stop.shouldStop()) {
        break;
      }
    }
    return new Work(steps, flips, considered);
  }

  private GroupMoves groupMoves(CsrIsing csr) {
    return config.oneHotGroups() == null ? null : new GroupMoves(config.oneHotGroups(), csr.numVariables());
  }

  /**
   * Improvements smaller than this are rounding, not progress: without it, floating-point noise in
   * the kept fields could make two states each look lower than the other and the descent cycle.
   */
  static double tolerance(QuadraticModel model) {
    return 1e-9 * Math.max(1.0, model.maxAbsCoefficient());
  }
}
