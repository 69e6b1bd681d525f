package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;

/**
 * Improves the samples another solver returned. The result keeps each sample's occurrences, merges
 * samples that end in the same state, takes energies from the model, and has no sample above the
 * energy it started at.
 */
public interface PostProcessor {

  /** The name a user asks for it by: {@code descent}, {@code tabu}. */
  String name();

  SampleSet postProcess(SampleSet samples, QuadraticModel model, RunControl control);
}
