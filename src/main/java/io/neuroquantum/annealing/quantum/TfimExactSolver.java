package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.solvers.ProgressTracker;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.Arrays;

/**
 * Quantum annealing done exactly for small models (n ≤ 20): the state starts in the ground state of
 * H(0) = −Γ₀Σσˣ + H_P and evolves under H(t) = −Γ(t/T)·Σσˣ + H_P for a time T (ħ = 1) with
 * {@link StateVectorEvolution}; the answer is the final distribution, from which {@code reads}
 * samples are drawn (seeded). {@link #run} also gives the ground-state probability and the expected
 * energy. The adaptive field schedule needs a sampler's measurements and is not accepted here.
 *
 * <pre>{@code
 * TfimExactResult r = new TfimExactSolver(TfimExactSolver.Config.defaults().withAnnealTime(50)).run(ising, RunControl.defaults());
 * double p = r.groundStateProbability();
 * }</pre>
 */
public final class TfimExactSolver implements Solver {

  /**
   * @param field Γ₀, Γ_f and schedule, or null for {@link TransverseFieldConfig#defaultFor}
   * @param annealTime T, or 0 for the default 100/ε (ε the typical local field)
   * @param reads samples drawn from the final distribution
   */
  public record Config(TransverseFieldConfig field, double annealTime, int reads, long seed,
      StateVectorEvolution.Options integrator) {

    public static final int DEFAULT_READS = 100;
    public static final double DEFAULT_TIME_FACTOR = 100;

    public Config {
      if (!(annealTime >= 0) || !Double.isFinite(annealTime)) {
        throw new IllegalArgumentException("anneal time must be finite and non-negative (0 = default): " + annealTime);
      }
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
      if (field != null && field.schedule() instanceof FieldSchedule.Adaptive) {
        throw new IllegalArgumentException(
            "the adaptive field schedule steers on a sampler's measurements; tfim-exact takes linear or exponential");
      }
    }

    public static Config defaults() {
      return new Config(null, 0, DEFAULT_READS, 1L, StateVectorEvolution.Options.DEFAULT);
    }

    public Config withField(TransverseFieldConfig f) {
      return new Config(f, annealTime, reads, seed, integrator);
    }

    public Config withAnnealTime(double t) {
      return new Config(field, t, reads, seed, integrator);
    }

    public Config withReads(int r) {
      return new Config(field, annealTime, r, seed, integrator);
    }

    public Config withSeed(long s) {
      return new Config(field, annealTime, reads, s, integrator);
    }

    public Config withIntegrator(StateVectorEvolution.Options o) {
      return new Config(field, annealTime, reads, seed, o);
    }
  }

  private static final int PROGRESS_UNITS = 1000;

  private final Config config;

  public TfimExactSolver(Config config) {
    this.config = config;
  }

  public TfimExactSolver() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "tfim-exact";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    return run(model, control).samples();
  }

  public TfimExactResult run(QuadraticModel model, RunControl control) {
    Ising ising = model.toIsing();
    StateVectorEvolution evolution = StateVectorEvolution.of(ising);
    StopCheck stop = control.start();
    TransverseFieldConfig field = config.field() != null ? config.field() : TransverseFieldConfig.defaultFor(ising);
    double eps = TransverseFieldConfig.typicalLocalField(ising);
    double time = config.annealTime() > 0 ? config.annealTime() : Config.DEFAULT_TIME_FACTOR / (eps > 0 ? eps : 1);
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        PROGRESS_UNITS, stop.startNanos());

    long t0 = System.nanoTime();
    StateVector psi = evolution.groundState(field.gamma0(), 1);
    long[] reported = {0};
    StateVectorEvolution.Report report = evolution.evolve(psi, t -> field.field(t / time), t -> 1, 0, time,
        config.integrator(), stop, fraction -> {
          long units = (long) (fraction * PROGRESS_UNITS);
          if (units > reported[0]) {
            tracker.advance(units - reported[0], Double.POSITIVE_INFINITY);
            reported[0] = units;
          }
        });
    long nanos = System.nanoTime() - t0;

    double[] p = psi.probabilities();
    int n = ising.numVariables();
    byte[][] states = draw(p, n, config.reads(), config.seed());
    double[] energies = new double[states.length];
    for (int r = 0; r < states.length; r++) {
      energies[r] = ising.energyUnchecked(states[r]);
    }
    SamplingStats stats = new SamplingStats(0, 0, report.steps(), config.reads(), 0, stop.reason());
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), nanos);
    SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, timing, stats);
    tracker.finish(spins.bestEnergy());
    SampleSet samples = model.varType() == VarType.SPIN ? spins : spins.relabel(model);
    return new TfimExactResult(samples, p, evolution.groundStateProbability(psi),
        evolution.expectedProblemEnergy(psi), time, report);
  }

  /** {@code reads} basis states drawn from p by inverse transform, seeded per read like the samplers. */
  private static byte[][] draw(double[] p, int n, int reads, long seed) {
    double[] cumulative = new double[p.length];
    double sum = 0;
    for (int z = 0; z < p.length; z++) {
      sum += p[z];
      cumulative[z] = sum;
    }
    byte[][] states = new byte[reads][];
    for (int r = 0; r < reads; r++) {
      double x = (SplitMix64.streamSeed(seed, r) >>> 11) * 0x1.0p-53 * sum;
      int z = Arrays.binarySearch(cumulative, x);
      z = z >= 0 ? z : Math.min(p.length - 1, -z - 1);
      states[r] = BasisEnergies.spins(z, n);
    }
    return states;
  }
}
