package io.neuroquantum.annealing.model;

/** Receives the quadratic terms of a model, each once, with i &lt; j. */
@FunctionalInterface
public interface InteractionConsumer {
  void accept(int i, int j, double value);
}
