package io.neuroquantum.annealing.model;

/**
 * Upper bounds on model size, checked while a model is built so that an oversized input fails before
 * it allocates. Interactions are counted as added, before duplicates are merged.
 */
public record ModelLimits(int maxVariables, long maxInteractions) {

  /** Generous defaults for a single machine: a million variables, fifty million interactions. */
  public static final ModelLimits DEFAULT = new ModelLimits(1_000_000, 50_000_000L);

  public ModelLimits {
    if (maxVariables < 1 || maxInteractions < 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxVariables + ", " + maxInteractions);
    }
  }

  void checkVariables(long n) {
    if (n > maxVariables) {
      throw new InvalidModelException(
          "model has " + n + " variables, over the limit of " + maxVariables);
    }
  }

  void checkInteractions(long m) {
    if (m > maxInteractions) {
      throw new InvalidModelException(
          "model has more than " + maxInteractions + " interactions, the configured limit");
    }
  }
}
