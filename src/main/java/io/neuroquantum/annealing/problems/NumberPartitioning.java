package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Number partitioning: split numbers into two sets whose sums are as close as possible. Spin sᵢ = ±1
 * puts number i on one side or the other; the Ising model (Lucas 2014, §2.1) is
 * {@code E(s) = (Σᵢ aᵢsᵢ)² = Σᵢ aᵢ² + 2Σ_{i<j} aᵢaⱼsᵢsⱼ}: the squared difference of the two sums.
 * Every assignment is a partition, so nothing is penalised or repaired.
 */
public final class NumberPartitioning implements QuboProblem {

  private final double[] numbers;

  private NumberPartitioning(double[] numbers) {
    this.numbers = numbers;
  }

  public static NumberPartitioning of(double... numbers) {
    if (numbers.length < 2) {
      throw new InvalidModelException("number partitioning needs at least 2 numbers, got " + numbers.length);
    }
    for (double a : numbers) {
      if (!Double.isFinite(a)) {
        throw new InvalidModelException("number partitioning: non-finite number " + a);
      }
    }
    return new NumberPartitioning(numbers.clone());
  }

  @Override
  public String type() {
    return "number_partitioning";
  }

  @Override
  public Ising model() {
    Ising.Builder b = Ising.builder(numbers.length);
    double squares = 0;
    for (int i = 0; i < numbers.length; i++) {
      squares += numbers[i] * numbers[i];
      for (int j = i + 1; j < numbers.length; j++) {
        b.addQuadratic(i, j, 2 * numbers[i] * numbers[j]);
      }
    }
    return b.addOffset(squares).build();
  }

  /** |Σ over side 1 − Σ over side 0| for sides in {0, 1}. */
  public double difference(int[] sides) {
    double d = 0;
    for (int i = 0; i < numbers.length; i++) {
      d += sides[i] == 1 ? numbers[i] : -numbers[i];
    }
    return Math.abs(d);
  }

  /** The energy is the squared difference of the two sums. */
  @Override
  public java.util.Optional<EncodedProblem.EnergyObjective> objectiveOfEnergy() {
    return java.util.Optional.of(new EncodedProblem.EnergyObjective("difference", e -> Math.sqrt(Math.max(0, e))));
  }

  @Override
  public Answer decode(Sample sample) {
    int[] sides = new int[numbers.length];
    for (int i = 0; i < sides.length; i++) {
      sides[i] = sample.value(i) > 0 ? 1 : 0;   // spin +1 or bit 1: side 1
    }
    Map<String, Object> objective = new LinkedHashMap<>();
    double difference = difference(sides);
    objective.put("difference", difference);
    objective.put("sides", sides);
    return new Answer(sample.energy(), objective, true, sample.toIntArray(), difference);
  }
}
