package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.List;
import java.util.Optional;

/**
 * A solver as users name it: its name, what it is, the parameters it takes (besides the ones every
 * solver takes, {@link SolverRegistry#COMMON}) and how a checked set of them becomes a {@link Solver}.
 */
public record SolverSpec(String name, String summary, List<Parameter> parameters, Factory factory) {

  /** Builds the solver from checked values; may refuse combinations a single value cannot show. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @param oneHotGroups the problem's one-hot groups (colouring, TSP), or null: moves that keep them
     *     one-hot, for the solvers that have such moves
     */
    Solver create(ParameterValues values, OneHotGroups oneHotGroups);
  }

  public SolverSpec {
    parameters = List.copyOf(parameters);
  }

  public Optional<Parameter> parameter(String key) {
    return parameters.stream().filter(p -> p.name().equals(key)).findFirst();
  }
}
