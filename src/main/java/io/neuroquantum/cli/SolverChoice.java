package io.neuroquantum.cli;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Locale;

/** The solvers the command line can name, and how their options map onto each one's config. */
enum SolverChoice {
  SA, PT, EXACT;

  static SolverChoice parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("unknown solver \"" + name + "\" (available: sa, pt, exact)");
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

  Solver create(Integer sweeps, Integer reads, long seed, String schedule, String kernel, TemperingOptions pt) {
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
