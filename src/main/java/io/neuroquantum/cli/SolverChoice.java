package io.neuroquantum.cli;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.quantum.FieldSchedule;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.quantum.TransverseFieldConfig;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Locale;

/** The solvers the command line can name, and how their options map onto each one's config. */
enum SolverChoice {
  SA, PT, EXACT, SQA, TFIM_EXACT;

  static SolverChoice parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("unknown solver \"" + name + "\" (available: sa, pt, exact, sqa, tfim-exact)");
    }
  }

  /** Parallel tempering's own options; null means the solver's default. */
  record TemperingOptions(Integer replicas, String ladder, boolean clusterMoves, Integer exchangeInterval) {
    static final TemperingOptions DEFAULTS = new TemperingOptions(null, null, false, null);
  }

  Solver create(Integer sweeps, Integer reads, long seed, String schedule) {
    return create(sweeps, reads, seed, schedule, "auto");
  }

  Solver create(Integer sweeps, Integer reads, long seed, String schedule, String kernel) {
    return create(sweeps, reads, seed, schedule, kernel, TemperingOptions.DEFAULTS);
  }

  /** The quantum solvers' options; null means the solver's default (Γ from the model's energy scale). */
  record QuantumOptions(Integer slices, Double gamma0, Double gammaFinal, String fieldSchedule, Double annealTime) {
    static final QuantumOptions DEFAULTS = new QuantumOptions(null, null, null, null, null);

    /** The field config, or null when nothing about it was given. */
    TransverseFieldConfig field(boolean exact) {
      if (gamma0 == null && gammaFinal == null && fieldSchedule == null) {
        return null;
      }
      if (gamma0 == null || (gammaFinal == null && !exact)) {
        throw new InvalidModelException("--gamma0 and --gamma-final go together (the defaults come from the model)");
      }
      FieldSchedule schedule = fieldSchedule == null ? new FieldSchedule.Linear() : FieldSchedule.parse(fieldSchedule);
      return new TransverseFieldConfig(gamma0, gammaFinal == null ? 0 : gammaFinal, schedule);
    }
  }

  Solver create(Integer sweeps, Integer reads, long seed, String schedule, String kernel, TemperingOptions pt) {
    return create(sweeps, reads, seed, schedule, kernel, pt, QuantumOptions.DEFAULTS);
  }

  Solver create(Integer sweeps, Integer reads, long seed, String schedule, String kernel, TemperingOptions pt,
      QuantumOptions quantum) {
    return switch (this) {
      case SA -> {
        SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSeed(seed);
        if (sweeps != null) {
          c = c.withSweeps(sweeps);
        }
        if (reads != null) {
          c = c.withReads(reads);
        }
        if (schedule != null) {
          c = c.withSchedule(parseEnum(BetaSchedule.Kind.class, schedule, "schedule"));
        }
        c = c.withKernel(parseEnum(SimulatedAnnealing.Kernel.class, kernel, "kernel"));
        yield new SimulatedAnnealing(c);
      }
      case PT -> {
        ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(seed)
            .withClusterMoves(pt.clusterMoves());
        if (sweeps != null) {
          c = c.withSweeps(sweeps);
        }
        if (reads != null) {
          c = c.withRuns(reads);
        }
        if (pt.replicas() != null) {
          c = c.withTemperatures(pt.replicas());
        }
        if (pt.ladder() != null) {
          c = c.withLadder(parseEnum(ParallelTempering.Ladder.class, pt.ladder(), "ladder"));
        }
        if (pt.exchangeInterval() != null) {
          c = c.withExchangeInterval(pt.exchangeInterval());
        }
        yield new ParallelTempering(c);
      }
      case EXACT -> new ExactSolver();
      case SQA -> {
        SimulatedQuantumAnnealing.Config c = SimulatedQuantumAnnealing.Config.defaults().withSeed(seed)
            .withField(quantum.field(false));
        if (sweeps != null) {
          c = c.withSweeps(sweeps);
        }
        if (reads != null) {
          c = c.withReads(reads);
        }
        if (quantum.slices() != null) {
          c = c.withSlices(quantum.slices());
        }
        yield new SimulatedQuantumAnnealing(c);
      }
      case TFIM_EXACT -> {
        TfimExactSolver.Config c = TfimExactSolver.Config.defaults().withSeed(seed).withField(quantum.field(true));
        if (reads != null) {
          c = c.withReads(reads);
        }
        if (quantum.annealTime() != null) {
          c = c.withAnnealTime(quantum.annealTime());
        }
        yield new TfimExactSolver(c);
      }
    };
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String what) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("unknown " + what + " \"" + value + "\"");
    }
  }
}
