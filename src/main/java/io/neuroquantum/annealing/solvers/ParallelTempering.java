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

  /** Which neighbouring pairs try to swap each round (see {@link TemperingCoordinator}). */
  public enum Exchange {
    ALL_PAIRS, EVEN_ODD
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
   * @param exchange all neighbouring pairs per round (default) or even and odd pairs in turn
   */
  public record Config(int sweeps, int temperatures, int exchangeInterval, int runs, long seed, BetaRange betaRange,
      Ladder ladder, boolean clusterMoves, Double targetEnergy, OneHotGroups oneHotGroups, Exchange exchange) {

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
      return new Config(DEFAULT_SWEEPS, 0, 0, 0, 1L, null, Ladder.GEOMETRIC, false, null, null, Exchange.ALL_PAIRS);
    }

    public Config withSweeps(int n) {
      return new Config(n, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withTemperatures(int n) {
      return new Config(sweeps, n, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withExchangeInterval(int n) {
      return new Config(sweeps, temperatures, n, runs, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withRuns(int n) {
      return new Config(sweeps, temperatures, exchangeInterval, n, seed, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withSeed(long s) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, s, betaRange, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withBetaRange(BetaRange r) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, r, ladder, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withLadder(Ladder l) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, l, clusterMoves, targetEnergy, oneHotGroups, exchange);
    }

    public Config withClusterMoves(boolean on) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, on, targetEnergy, oneHotGroups, exchange);
    }

    public Config withExchange(Exchange scheme) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy,
          oneHotGroups, scheme);
    }

    public Config withOneHotGroups(OneHotGroups groups) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, targetEnergy,
          groups, exchange);
    }

    public Config withTargetEnergy(Double e) {
      return new Config(sweeps, temperatures, exchangeInterval, runs, seed, betaRange, ladder, clusterMoves, e, oneHotGroups, exchange);
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
    return (int) Math.max(8, Math.min(MAX_DEFAULT_TEMPERATURES, Math.ceil(1 + span * Math.sqrt(n) / 5)));
  }

  /** Whether {@code model} runs on the bit-sliced kernel (64 runs per machine word): a ±J model. */
  public static boolean isBitSliced(QuadraticModel model) {
    return PackedSpinGlass.of(CsrIsing.of(model.toIsing())) != null;
  }

  /** Runs of the scalar kernel when {@code runs} is 0; the bit-sliced kernel always has 64 lanes. */
  public static final int DEFAULT_SCALAR_RUNS = 8;

  /** Runs the bit-sliced kernel makes at once: one per bit of a machine word. */
  public static final int BIT_SLICED_LANES = PackedReplicas.LANES;

  /** Most temperatures a default ladder has ({@link #defaultTemperatures}). */
  public static final int MAX_DEFAULT_TEMPERATURES = 64;

  /**
   * What a run of this configuration on {@code model} consists of: the kernel kind, the ladder, the
   * exchange interval and the runs. The in-process run and the bus-distributed one build the same.
   */
  public Plan plan(QuadraticModel model) {
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    BetaRange range = config.betaRange() != null ? config.betaRange() : defaultBetaRange(ising);
    int temperatures = config.temperatures() > 0 ? config.temperatures() : defaultTemperatures(csr.n, range);
    PackedSpinGlass packed = PackedSpinGlass.of(csr);
    int interval = config.exchangeInterval() > 0 ? config.exchangeInterval() : packed != null ? 4 : 1;
    int lanes = packed != null ? PackedReplicas.LANES : config.runs() > 0 ? config.runs() : DEFAULT_SCALAR_RUNS;
    int runs = config.runs() > 0 ? Math.min(config.runs(), lanes) : lanes;
    return new Plan(config, ising, csr, packed, TemperatureLadder.geometric(range, temperatures), interval, lanes, runs);
  }

  /** A planned run (see {@link #plan}); {@link #isBitSliced()} models can also run on worker verticles. */
  public record Plan(Config config, Ising ising, CsrIsing csr, PackedSpinGlass packed, TemperatureLadder ladder,
      int interval, int lanes, int runs) {

    public boolean isBitSliced() {
      return packed != null;
    }

    public int temperatures() {
      return ladder.size();
    }

    public TemperingCoordinator coordinator(long startNanos) {
      return new TemperingCoordinator(ladder, lanes, runs, config.seed(), config.exchange(),
          config.ladder() == Ladder.FEEDBACK, config.sweeps(), interval, startNanos);
    }

    TemperingKernel kernel() {
      return packed != null
          ? new PackedTemperingKernel(packed, ladder.size(), config.seed())
          : new ScalarTemperingKernel(csr, ladder.size(), lanes, config.seed(), config.oneHotGroups());
    }

    /** The sample set of the runs' best states (as the model's own variable type). */
    public SampleSet samples(QuadraticModel model, byte[][] bestStates, long attempts, long accepted, long sweeps,
        long kernelNanos, StopCheck stop, long t0) {
      double[] energies = new double[runs];
      for (int r = 0; r < runs; r++) {
        energies[r] = ising.energyUnchecked(bestStates[r]);
      }
      SamplingStats stats = new SamplingStats(attempts, accepted, sweeps, runs,
          attempts == 0 ? 0 : (double) kernelNanos / attempts, stop.reason());
      Timing timing = new Timing(System.nanoTime() - stop.startNanos(), System.nanoTime() - t0);
      SampleSet spins = SampleSet.fromReads(VarType.SPIN, bestStates, energies, timing, stats);
      return model.varType() == VarType.SPIN ? spins : spins.relabel(model);
    }
  }

  public TemperingResult run(QuadraticModel model, RunControl control) {
    return run(model, control, coordinator -> { });
  }

  /**
   * As {@link #run(QuadraticModel, RunControl)}, handing the run's coordinator to {@code observer}
   * first: a progress listener (called on the same thread as the coordinator) may read its
   * {@link TemperingCoordinator#stats()} to report swap rates while the run goes on.
   */
  public TemperingResult run(QuadraticModel model, RunControl control,
      java.util.function.Consumer<TemperingCoordinator> observer) {
    StopCheck stop = control.start();
    Plan plan = plan(model);
    TemperingCoordinator coordinator = plan.coordinator(stop.startNanos());
    observer.accept(coordinator);
    try (SlotWorkers workers = new SlotWorkers(control.threads())) {
      return TemperingLoop.run(model, plan, coordinator, new InProcessSlots(plan.kernel(), workers, config), control, stop);
    }
  }

  /**
   * The slots in this process: they sweep on a thread pool, one slot per task, and with cluster moves
   * each block ends with Houdayer moves at the colder half of the ladder.
   */
  private static final class InProcessSlots implements TemperingSlots {
    private final TemperingKernel kernel;
    private final SlotWorkers workers;
    private final Config config;
    private final byte[][] bestState;
    private final long[] slotNanos;

    InProcessSlots(TemperingKernel kernel, SlotWorkers workers, Config config) {
      this.kernel = kernel;
      this.workers = workers;
      this.config = config;
      this.bestState = new byte[kernel.lanes()][];
      this.slotNanos = new long[kernel.slots()];
    }

    @Override
    public boolean step(int sweeps, int[] saves, long[] masks, TemperingCoordinator coordinator, StopCheck stop) {
      save(saves);
      for (int t = 0; t < masks.length; t++) {
        if (masks[t] != 0) {
          kernel.exchange(t, t + 1, masks[t]);
        }
      }
      int slots = kernel.slots();
      boolean[] whole = new boolean[slots];
      workers.forEachSlot(slots, t -> {
        long s0 = System.nanoTime();
        whole[t] = kernel.sweep(t, coordinator.beta(t), sweeps, stop);
        kernel.energies(t, coordinator.energies(t));
        slotNanos[t] += System.nanoTime() - s0;
      });
      if (config.clusterMoves()) {
        for (int t = slots / 2; t < slots; t++) {
          for (int p = 0; 2 * p + 1 < coordinator.runs(); p++) {
            coordinator.countClusterMove(kernel.clusterMove(t, p, coordinator.nextRandom()));
          }
          kernel.energies(t, coordinator.energies(t));
        }
      }
      boolean all = true;
      for (boolean w : whole) {
        all &= w;
      }
      return all;
    }

    @Override
    public Finished finish(int[] saves) {
      save(saves);
      long sum = 0;
      for (long ns : slotNanos) {
        sum += ns;
      }
      return new Finished(java.util.Arrays.copyOf(bestState, saves.length), kernel.attempts(), kernel.accepted(), sum);
    }

    private void save(int[] saves) {
      for (int r = 0; r < saves.length; r++) {
        if (saves[r] >= 0) {
          bestState[r] = kernel.state(saves[r], r);
        }
      }
    }
  }
}
