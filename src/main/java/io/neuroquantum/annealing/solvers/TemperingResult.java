package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.SampleSet;

/**
 * The samples of a parallel-tempering run (one read per run: its best state) and its statistics. The
 * samples carry the statistics as their {@code tempering} info, so callers that only see a
 * {@link SampleSet} (the command line, job results) report them too.
 */
public record TemperingResult(SampleSet samples, TemperingStats stats) {

  public TemperingResult {
    samples = samples.withInfo("tempering", stats.toInfo());
  }
}
