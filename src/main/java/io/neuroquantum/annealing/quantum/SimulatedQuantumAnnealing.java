package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.ParallelReads;
import io.neuroquantum.annealing.solvers.ProgressTracker;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.util.Arrays;

/**
 * Simulated quantum annealing: path-integral Monte Carlo of H(u) = −Γ(u)·Σσˣ + H_P at a fixed
 * inverse temperature β with M Trotter slices ({@link TrotterReplica}), Γ lowered along the
 * {@link TransverseFieldConfig}'s schedule, one sweep per step. Like SA: each read keeps the best
 * slice it saw (checked after every sweep) or, on request, returns all M slices of its final state;
 * reads run on threads with seeds {@code SplitMix64.streamSeed(seed, read)}, so the answer does not
 * depend on the thread count; a time limit or cancellation stops within a sweep.
 *
 * <p>Defaults: M = 32, 1000 sweeps, 16 reads, Γ from {@link TransverseFieldConfig#defaultFor}, and
 * β = the cold end of {@link BetaRange#defaultFor} (the temperature SA ends at) but at most 2M/ε, ε the
 * typical local field: each slice sees β/M, and slices with (β/M)·ε much above 2 barely move (and the
 * Trotter error grows), which on weighted instances left the anneal frozen at the start.
 *
 * <pre>{@code
 * SampleSet result = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults().withSlices(16).withSeed(7))
 *     .solve(model);
 * }</pre>
 */
public final class SimulatedQuantumAnnealing implements Solver {

  /**
   * @param sweeps sweeps per read, each a proposal per spin and slice plus a worldline proposal per spin
   * @param reads independent anneals
   * @param slices Trotter slices M ≥ 2
   * @param field the transverse field, or null for {@link TransverseFieldConfig#defaultFor}
   * @param beta total inverse temperature β (each slice sees β/M), or 0 for BetaRange's cold end
   * @param worldlineMoves propose whole-worldline flips after every sweep
   * @param allSlices return every slice of each read's final state instead of its best slice
   */
  public record Config(int sweeps, int reads, int slices, long seed, TransverseFieldConfig field, double beta,
      boolean worldlineMoves, boolean allSlices, TrotterReplica.Layout layout) {

    public static final int DEFAULT_SWEEPS = 1000;
    public static final int DEFAULT_READS = 16;
    public static final int DEFAULT_SLICES = 32;

    public Config {
      if (sweeps < 1) {
        throw new IllegalArgumentException("sweeps must be at least 1: " + sweeps);
      }
      if (reads < 1) {
        throw new IllegalArgumentException("reads must be at least 1: " + reads);
      }
      if (slices < 2) {
        throw new IllegalArgumentException("SQA needs at least 2 Trotter slices: " + slices);
      }
      if (!(beta >= 0) || !Double.isFinite(beta)) {
        throw new IllegalArgumentException("β must be finite and positive (0 = default): " + beta);
      }
      if (field != null && !(field.gammaFinal() > 0)) {
        throw new IllegalArgumentException("SQA needs a final field Γ_f > 0 (K⊥ diverges at Γ = 0)");
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_SWEEPS, DEFAULT_READS, DEFAULT_SLICES, 1L, null, 0, true, false,
          TrotterReplica.Layout.SLICE_MAJOR);
    }

    public Config withSweeps(int v) {
      return new Config(v, reads, slices, seed, field, beta, worldlineMoves, allSlices, layout);
    }

    public Config withReads(int v) {
      return new Config(sweeps, v, slices, seed, field, beta, worldlineMoves, allSlices, layout);
    }

    public Config withSlices(int v) {
      return new Config(sweeps, reads, v, seed, field, beta, worldlineMoves, allSlices, layout);
    }

    public Config withSeed(long v) {
      return new Config(sweeps, reads, slices, v, field, beta, worldlineMoves, allSlices, layout);
    }

    public Config withField(TransverseFieldConfig v) {
      return new Config(sweeps, reads, slices, seed, v, beta, worldlineMoves, allSlices, layout);
    }

    public Config withBeta(double v) {
      return new Config(sweeps, reads, slices, seed, field, v, worldlineMoves, allSlices, layout);
    }

    public Config withWorldlineMoves(boolean v) {
      return new Config(sweeps, reads, slices, seed, field, beta, v, allSlices, layout);
    }

    public Config withAllSlices(boolean v) {
      return new Config(sweeps, reads, slices, seed, field, beta, worldlineMoves, v, layout);
    }

    public Config withLayout(TrotterReplica.Layout v) {
      return new Config(sweeps, reads, slices, seed, field, beta, worldlineMoves, allSlices, v);
    }
  }

  private final Config config;

  public SimulatedQuantumAnnealing(Config config) {
    this.config = config;
  }

  public SimulatedQuantumAnnealing() {
    this(Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "sqa";
  }

  /** The field the solve will use for {@code ising}: the configured one or the default. */
  public TransverseFieldConfig fieldFor(Ising ising) {
    return config.field() != null ? config.field() : TransverseFieldConfig.defaultFor(ising);
  }

  /** Cap on (β/M)·ε in the default β: colder slices freeze (and the Trotter error grows). */
  static final double MAX_SLICE_BETA_FIELD = 2;
  /**
   * Floor on (β/M)·ε: each slice must be cold on the problem's own scale (M·T of order ε, as in
   * Martoňák, Santoro and Tosatti 2002), or the slices stay thermally excited whatever Γ does; on
   * G11 SA's cold end alone (β/M·ε = 0.35) left SQA at cut 558–562, β/M·ε ≥ 1 reaches 564.
   */
  static final double MIN_SLICE_BETA_FIELD = 1;

  /** The β the solve will use for {@code ising}. */
  public double betaFor(Ising ising) {
    if (config.beta() > 0) {
      return config.beta();
    }
    double eps = TransverseFieldConfig.typicalLocalField(ising);
    double cold = BetaRange.defaultFor(ising).cold();
    if (!(eps > 0)) {
      return cold;
    }
    double floor = MIN_SLICE_BETA_FIELD * config.slices() / eps;
    return Math.min(MAX_SLICE_BETA_FIELD * config.slices() / eps, Math.max(cold, floor));
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    StopCheck stop = control.start();
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    TransverseFieldConfig field = fieldFor(ising);
    double beta = betaFor(ising);
    int reads = config.reads();
    int sweeps = config.sweeps();
    int m = config.slices();
    int perRead = config.allSlices() ? m : 1;
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(),
        (long) reads * sweeps, stop.startNanos());
    int reportEvery = Math.max(1, sweeps / 100);
    byte[][] states = new byte[reads * perRead][];
    long[] attempts = new long[reads];
    long[] accepted = new long[reads];
    long[] sweepsRun = new long[reads];
    long[] nanos = new long[reads];

    ParallelReads.run(reads, control.threads(), r -> {
      TrotterReplica replica = new TrotterReplica(csr, m, SplitMix64.streamSeed(config.seed(), r), config.layout());
      AdaptiveFieldControl path = new AdaptiveFieldControl(field, sweeps);
      long t0 = System.nanoTime();
      int done = 0;
      int unreported = 0;
      while (done < sweeps && !stop.shouldStop()) {
        double gamma = path.field(done);
        boolean whole = replica.sweep(beta, gamma, config.worldlineMoves(), stop);
        replica.recordBestSlice();
        if (!whole) {
          break;
        }
        path.observe(done, replica.transverseMagnetisation(beta, gamma) / csr.numVariables());
        done++;
        if (++unreported == reportEvery) {
          tracker.advance(unreported, replica.bestEnergy());
          unreported = 0;
        }
      }
      replica.recordBestSlice();
      tracker.advance(unreported, replica.bestEnergy());
      if (config.allSlices()) {
        for (int k = 0; k < m; k++) {
          states[r * m + k] = replica.slice(k);
        }
      } else {
        states[r] = replica.bestSpins();
      }
      attempts[r] = replica.attempts();
      accepted[r] = replica.accepted();
      sweepsRun[r] = done;
      nanos[r] = System.nanoTime() - t0;
    });

    double[] energies = new double[states.length];
    for (int r = 0; r < states.length; r++) {
      energies[r] = ising.energyUnchecked(states[r]);
    }
    long totalAttempts = Arrays.stream(attempts).sum();
    long samplingNanos = Arrays.stream(nanos).sum();
    SamplingStats stats = new SamplingStats(totalAttempts, Arrays.stream(accepted).sum(),
        Arrays.stream(sweepsRun).max().orElse(0), reads,
        totalAttempts == 0 ? 0 : (double) samplingNanos / totalAttempts, stop.reason());
    Timing timing = new Timing(System.nanoTime() - stop.startNanos(), samplingNanos);
    SampleSet spins = SampleSet.fromReads(VarType.SPIN, states, energies, timing, stats);
    tracker.finish(spins.bestEnergy());
    return model.varType() == VarType.SPIN ? spins : spins.relabel(model);
  }
}
