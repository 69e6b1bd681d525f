package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.schedules.TemperatureLadder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel tempering (replica exchange Monte Carlo): replicas of the model sit at a ladder of
 * temperatures, sweep independently, and after every exchange interval neighbouring temperatures
 * swap their states with the Metropolis probability min(1, exp((βᵢ − βⱼ)(Eᵢ − Eⱼ))). Hot replicas
 * cross barriers, cold ones descend, and swaps carry states between the two.
 *
 * <p>Each of the {@code runs} is an independent tempering simulation (its own replicas, its own swaps)
 * and returns one read, its best state. ±J models run 64 runs bit-sliced in one word per spin
 * ({@link PackedTemperingKernel}); others run {@link SpinReplica}s. Slots sweep on up to
 * {@link RunControl#threads()} threads between exchanges; the exchanges themselves use one random
 * stream, so for a given seed the answer does not depend on the thread count.
 *
 * <p>Options: a geometric ladder, or a feedback-optimised one (Katzgraber et al. 2006, re-placed a few
 * times during the first quarter of the run); Houdayer's isoenergetic cluster moves between pairs of
 * runs at the colder half of the ladder; a target energy that ends the run when reached.
 *
 * <pre>{@code
 * TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(3)).run(model, RunControl.defaults());
 * double best = r.samples().bestEnergy();
 * double[] swapRates = r.stats().swapAcceptance();
 * }</pre>
 */
public final class ParallelTempering implements Solver {

  /** How the temperatures are placed. */
  public enum Ladder {
    GEOMETRIC, FEEDBACK
  }

  /**
   * @param sweeps sweeps per replica
   * @param temperatures ladder size, or 0 to derive it from the model's size and β range
   * @param exchangeInterval sweeps between exchange rounds, or 0 for the kernel's default
   * @param runs independent tempering runs (reads), or 0 for the kernel's natural count: 64 for ±J
   *     models (the bit-sliced kernel simulates 64 whatever is asked), 8 otherwise
   * @param seed master seed
   * @param betaRange hottest and coldest β, or null for {@link #defaultBetaRange}
   * @param ladder geometric or feedback-optimised
   * @param clusterMoves Houdayer moves between runs 2p and 2p+1 at the colder half of the ladder
   * @param targetEnergy stop as soon as a run reaches this energy (null: run all sweeps)
   * @param oneHotGroups one-hot groups of the model (colouring, TSP) for moves that keep them one-hot
   *     after every sweep, or null for single flips only
   */
  public record Config(int sweeps, int temperatures, int exchangeInterval, int runs, long seed, BetaRange betaRange,
      Ladder ladder, boolean clusterMoves, Double targetEnergy, OneHotGroups oneHotGroups) {

    public static final int DEFAULT_SWEEPS = 4_000;

    public Config {
      if (sweeps < 1) {
        throw new IllegalArgumentException("sweeps must be at least 1: " + sweeps);
      }
      if (temperatures != 0 && temperatures < 2) {
        throw new IllegalArgumentException("temperatures must be at least 2 (or 0 for automatic): " + temperatures);
      }
      if (exchangeInterval < 0) {
        throw new IllegalArgumentException("exchange interval must be positive (or 0 for automatic): " + exchangeInterval);
      }
      if (runs < 0 || runs > 64) {
        throw new IllegalArgumentException("runs must be in 1..64 (or 0 for automatic): " + runs);
      }
      if (clusterMoves && runs == 1) {
        throw new IllegalArgumentException("cluster moves pair runs: need at least 2");
      }
      if (targetEnergy != null && !Double.isFinite(targetEnergy)) {
        throw new IllegalArgumentException("target energy must be finite: " + targetEnergy);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_SWEEPS, 0, 0, 0, 1L, null, Ladder.GEOMETRIC, false, null, null);
    }

    public Config withSweeps(int n) {
      return new Config(n, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withTemperatures(int n) {
      return new Config(sweeps, n, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withExchangeInterval(int n) {
      return new Config(sweeps, temperatures, n, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withRuns(int n) {
      return new Config(sweeps, temperatures, exchangeInterval, n, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withSeed(long s) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, s, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withBetaRange(BetaRange r) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, r, ladder, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withLadder(Ladder l) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, l, clusterMoves, targetEnergy, oneHotGroups);
    }

    public Config withClusterMoves(boolean on) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, on, targetEnergy, oneHotGroups);
    }

    public Config withOneHotGroups(OneHotGroups groups) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy,
          groups);
    }

    public Config withTargetEnergy(Double e) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, e, oneHotGroups);
    }
  }

  private final Config config;

  public ParallelTempering(Config config) {
    this.config = config;
  }

  public ParallelTempering() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "pt";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    return run(model, control).samples();
  }

  /**
   * The hottest β lets a flip against a typical (root-mean-square) local field pass half the time, so
   * the hottest replica decorrelates within a few sweeps without wasting temperatures far above the
   * model's scale; the coldest is {@link BetaRange#defaultFor}'s (1 % excitation of the weakest spins).
   */
  public static BetaRange defaultBetaRange(Ising model) {
    int n = model.numVariables();
    double[] sumSq = new double[n];
    for (int i = 0; i < n; i++) {
      sumSq[i] = model.linear(i) * model.linear(i);
    }
    model.forEachInteraction((i, j, v) -> {
      sumSq[i] += v * v;
      sumSq[j] += v * v;
    });
    double mean = 0;
    for (double s : sumSq) {
      mean += s;
    }
    mean /= Math.max(1, n);
    BetaRange sa = BetaRange.defaultFor(model);
    if (!(mean > 0)) {
      return sa;
    }
    double hot = Math.log(2) / (2 * Math.sqrt(mean));
    return new BetaRange(Math.min(hot, sa.cold() / 2), Math.max(sa.cold(), 2 * Math.min(hot, sa.cold() / 2)));
  }

  /**
   * Temperatures for a geometric ladder with neighbouring swaps accepted often: energy fluctuations
   * grow like √n, so the ratio between neighbours must shrink like 1/√n.
   */
  static int defaultTemperatures(int n, BetaRange range) {
    double span = Math.log(range.cold() / range.hot());
    return (int) Math.max(8, Math.min(64, Math.ceil(1 + span * Math.sqrt(n) / 5)));
  }

  public TemperingResult run(QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    BetaRange range = config.betaRange() != null ? config.betaRange() : defaultBetaRange(ising);
    int temperatures = config.temperatures() > 0 ? config.temperatures() : defaultTemperatures(csr.n, range);
    PackedSpinGlass packed = PackedSpinGlass.of(csr);
    TemperingKernel kernel = packed != null
        ? new PackedTemperingKernel(packed, temperatures, config.seed())
        : new ScalarTemperingKernel(csr, temperatures, config.runs() > 0 ? config.runs() : 8, config.seed(),
            config.oneHotGroups());
    int interval = config.exchangeInterval() > 0 ? config.exchangeInterval() : packed != null ? 4 : 1;
    Exchange exchange = new Exchange(kernel, TemperatureLadder.geometric(range, temperatures), config, stop, csr.n);
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        config.sweeps(), stop.startNanos());
    long t0 = System.nanoTime();
    long kernelNanos;
    try (SlotWorkers workers = new SlotWorkers(control.threads())) {
      kernelNanos = exchange.run(workers, interval, tracker);
    }
    int runs = exchange.runs();
    byte[][] states = new byte[runs][];
    double[] energies = new double[runs];
    for (int r = 0; r < runs; r++) {
      states[r] = exchange.bestState(r);
      energies[r] = ising.energyUnchecked(states[r]);
    }
    long attempts = kernel.attempts();
    SamplingStats stats = new SamplingStats(attempts, kernel.accepted(), exchange.sweepsDone(), runs,
        attempts == 0 ? 0 : (double) kernelNanos / attempts, stop.reason());
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), System.nanoTime() - t0);
    SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, timing, stats);
    tracker.finish(spins.bestEnergy());
    SampleSet samples = model.varType() == VarType.SPIN ? spins : spins.relabel(model);
    return new TemperingResult(samples, exchange.stats());
  }

  /** The coordinator: holds the ladder, the energies and labels, decides swaps, keeps statistics. */
  private static final class Exchange {
    private static final int FROM_HOT = 1;
    private static final int FROM_COLD = 2;

    private final TemperingKernel kernel;
    private final Config config;
    private final StopCheck stop;
    private final int slots;
    private final int lanes;
    private final int runs;
    private double[] betas;
    private final double[][] energy;      // [slot][lane]
    private final int[][] label;          // [slot][lane]: which replica (by starting slot) is there
    private final int[][] direction;      // [lane][replica]: the end it visited last
    private final int[] roundTrips;       // [replica], summed over lanes
    private final long[] upVisits;        // [slot]: feedback histogram
    private final long[] downVisits;
    private final long[] swapTried;
    private final long[] swapAccepted;
    private final double[] bestEnergy;    // [lane]
    private final byte[][] bestState;     // [lane]
    private final List<TemperingStats.BestEnergyPoint> trace = new ArrayList<>();
    private final long[] slotNanos;
    private double globalBest = Double.POSITIVE_INFINITY;
    private long rng;
    private long rounds;
    private long sweepsDone;
    private long clusterMoves;
    private long clusterSpins;

    Exchange(TemperingKernel kernel, TemperatureLadder ladder, Config config, StopCheck stop, int n) {
      this.kernel = kernel;
      this.config = config;
      this.stop = stop;
      this.slots = kernel.slots();
      this.lanes = kernel.lanes();
      this.runs = config.runs() > 0 ? Math.min(config.runs(), lanes) : lanes;
      this.betas = ladder.betas();
      this.energy = new double[slots][lanes];
      this.label = new int[slots][lanes];
      this.direction = new int[lanes][slots];
      for (int t = 0; t < slots; t++) {
        java.util.Arrays.fill(label[t], t);
      }
      this.roundTrips = new int[slots];
      this.upVisits = new long[slots];
      this.downVisits = new long[slots];
      this.swapTried = new long[slots - 1];
      this.swapAccepted = new long[slots - 1];
      this.bestEnergy = new double[lanes];
      java.util.Arrays.fill(bestEnergy, Double.POSITIVE_INFINITY);
      this.bestState = new byte[lanes][];
      this.slotNanos = new long[slots];
      this.rng = SplitMix64.streamSeed(config.seed(), -1);
    }

    private long nextRandom() {
      long z = (rng += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    private double nextDouble() {
      return (nextRandom() >>> 11) * 0x1.0p-53;
    }

    /** Runs the whole schedule; returns the kernel time summed over slots (core-nanoseconds). */
    long run(SlotWorkers workers, int interval, ProgressTracker tracker) {
      long total = config.sweeps();
      // feedback: re-place the ladder at 1/32, 1/16, 1/8 and 1/4 of the run, each from fresh counts
      long nextFeedback = config.ladder() == Ladder.FEEDBACK ? Math.max(interval, total / 32) : Long.MAX_VALUE;
      boolean stopped = false;
      while (sweepsDone < total && !stopped) {
        int k = (int) Math.min(interval, total - sweepsDone);
        double[] b = betas;
        boolean[] whole = new boolean[slots];
        workers.forEachSlot(slots, t -> {
          long s0 = System.nanoTime();
          whole[t] = kernel.sweep(t, b[t], k, stop);
          kernel.energies(t, energy[t]);
          slotNanos[t] += System.nanoTime() - s0;
        });
        for (boolean w : whole) {
          stopped |= !w;
        }
        sweepsDone += k;
        if (config.clusterMoves()) {
          clusterMoves();
        }
        recordBest();
        if (!stopped) {
          exchange();
        }
        tracker.advance(k, globalBest);
        if (config.targetEnergy() != null && globalBest <= config.targetEnergy()) {
          break;
        }
        if (sweepsDone >= nextFeedback && sweepsDone <= total / 4) {
          reshapeLadder();
          nextFeedback *= 2;
        }
        stopped |= stop.shouldStop();
      }
      long sum = 0;
      for (long ns : slotNanos) {
        sum += ns;
      }
      return sum;
    }

    private void clusterMoves() {
      for (int t = slots / 2; t < slots; t++) {
        for (int p = 0; 2 * p + 1 < runs; p++) {
          int size = kernel.clusterMove(t, p, nextRandom());
          if (size > 0) {
            clusterMoves++;
            clusterSpins += size;
          }
        }
        kernel.energies(t, energy[t]);
      }
    }

    private void recordBest() {
      for (int r = 0; r < runs; r++) {
        int at = -1;
        double e = bestEnergy[r];
        for (int t = 0; t < slots; t++) {
          if (energy[t][r] < e) {
            e = energy[t][r];
            at = t;
          }
        }
        if (at >= 0) {
          bestEnergy[r] = e;
          bestState[r] = kernel.state(at, r);
          if (e < globalBest) {
            globalBest = e;
            trace.add(new TemperingStats.BestEnergyPoint(sweepsDone,
                (System.nanoTime() - stop.startNanos()) / 1e6, e));
          }
        }
      }
    }

    /** Metropolis swaps over every neighbouring pair, hot to cold, each lane independently. */
    private void exchange() {
      rounds++;
      for (int t = 0; t + 1 < slots; t++) {
        double dBeta = betas[t] - betas[t + 1];
        long mask = 0;
        double[] hot = energy[t];
        double[] cold = energy[t + 1];
        for (int r = 0; r < lanes; r++) {
          double x = dBeta * (hot[r] - cold[r]);   // log acceptance
          if (x >= 0 || nextDouble() < Math.exp(x)) {
            mask |= 1L << r;
            double e = hot[r];
            hot[r] = cold[r];
            cold[r] = e;
            int l = label[t][r];
            label[t][r] = label[t + 1][r];
            label[t + 1][r] = l;
          }
        }
        swapTried[t] += runs;
        swapAccepted[t] += Long.bitCount(runs == 64 ? mask : mask & ((1L << runs) - 1));
        if (mask != 0) {
          kernel.exchange(t, t + 1, mask);
        }
      }
      for (int r = 0; r < runs; r++) {
        int[] dir = direction[r];
        int hotReplica = label[0][r];
        if (dir[hotReplica] == FROM_COLD) {
          roundTrips[hotReplica]++;   // went hot → cold → hot
        }
        dir[hotReplica] = FROM_HOT;
        dir[label[slots - 1][r]] = FROM_COLD;
        for (int t = 0; t < slots; t++) {
          int d = dir[label[t][r]];
          if (d == FROM_HOT) {
            upVisits[t]++;
          } else if (d == FROM_COLD) {
            downVisits[t]++;
          }
        }
      }
    }

    private void reshapeLadder() {
      double[] f = new double[slots];
      for (int t = 0; t < slots; t++) {
        long all = upVisits[t] + downVisits[t];
        if (all == 0) {
          return;   // no replica has reached an end yet: too early to tell
        }
        f[t] = (double) upVisits[t] / all;
      }
      betas = new TemperatureLadder(betas).reshaped(f).betas();
      java.util.Arrays.fill(upVisits, 0);
      java.util.Arrays.fill(downVisits, 0);
    }

    byte[] bestState(int run) {
      return bestState[run];
    }

    int runs() {
      return runs;
    }

    long sweepsDone() {
      return sweepsDone;
    }

    TemperingStats stats() {
      double[] acceptance = new double[slots - 1];
      for (int t = 0; t < slots - 1; t++) {
        acceptance[t] = swapTried[t] == 0 ? 0 : (double) swapAccepted[t] / swapTried[t];
      }
      return new TemperingStats(betas.clone(), acceptance, roundTrips.clone(), rounds, clusterMoves,
          clusterMoves == 0 ? 0 : (double) clusterSpins / clusterMoves, List.copyOf(trace));
    }
  }
}
