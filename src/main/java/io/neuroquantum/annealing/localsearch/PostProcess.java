package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The post-processing a solve can end with, by the name a user gives it ({@code postprocess: "descent"},
 * {@code --postprocess descent}): decided here once, so the CLI and the job server accept the same
 * names and refuse others with the same message.
 */
public enum PostProcess {
  /** The solver's samples as they are. */
  NONE,
  /** Each sample descended to a local minimum by {@link SteepestDescent}. */
  DESCENT,
  /** A {@link TabuSearch} read started from each sample, with its default iteration count. */
  TABU;

  /** The post-processing named {@code name} (case-insensitive); null or blank means {@link #NONE}. */
  public static PostProcess parse(String name) {
    if (name == null || name.isBlank()) {
      return NONE;
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("unknown postprocess \"" + name + "\" (available: "
          + Arrays.stream(values()).map(PostProcess::label).collect(Collectors.joining(", ")) + ")");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code solver} followed by this post-processing. One-hot groups (from the encoded problem, may
   * be null) let the descent recolour vertices and swap cities, which single flips cannot do without
   * crossing a penalty; tabu search walks across such penalties and does not need them.
   */
  public Solver applyTo(Solver solver, OneHotGroups oneHotGroups) {
    return switch (this) {
      case NONE -> solver;
      case DESCENT -> new PostProcessed(solver,
          new SteepestDescent(SteepestDescent.Config.defaults().withOneHotGroups(oneHotGroups)));
      case TABU -> new PostProcessed(solver, new TabuSearch());
    };
  }
}
