package io.neuroquantum.annealing.model;

/** A {@link SampleSet} with the labels of its variables: sample value k belongs to {@code variables.label(k)}. */
public record LabelledSampleSet(SampleSet samples, Variables variables) {
}
