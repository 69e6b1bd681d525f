package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.SampleSet;

/** The samples of a parallel-tempering run (one read per run: its best state) and its statistics. */
public record TemperingResult(SampleSet samples, TemperingStats stats) {
}
