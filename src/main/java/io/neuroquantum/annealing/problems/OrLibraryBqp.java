package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.Map;

/**
 * An OR-Library {@code bqp} instance: maximise f(x), solved as the QUBO of energy −f(x) that
 * {@link io.neuroquantum.annealing.io.OrLibraryBqpReader} builds. The answer reports
 * {@code value} = f(x), the number OR-Library's best-known tables list.
 */
public record OrLibraryBqp(Qubo model) implements QuboProblem {

  @Override
  public String type() {
    return "bqp";
  }

  /** The OR-Library objective f(x) of an energy of {@link #model()}. */
  public static double value(double energy) {
    return energy == 0 ? 0 : -energy;
  }

  @Override
  public Answer decode(Sample sample) {
    return new Answer(sample.energy(), Map.of("value", value(sample.energy())), true, sample.toIntArray(),
        sample.energy());
  }
}
