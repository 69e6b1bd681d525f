package io.neuroquantum.cli;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Locale;

/** The solvers the command line can name, and how their options map onto each one's config. */
enum SolverChoice {
  SA, EXACT;

  static SolverChoice parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("unknown solver \"" + name + "\" (available: sa, exact)");
    }
  }

  Solver create(Integer sweeps, Integer reads, long seed, String schedule) {
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
          c = c.withSchedule(BetaSchedule.Kind.valueOf(schedule.toUpperCase(Locale.ROOT)));
        }
        yield new SimulatedAnnealing(c);
      }
      case EXACT -> new ExactSolver();
    };
  }
}
