package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * 0/1 knapsack: choose items of the largest total value whose total weight fits the capacity.
 * Variable i (of the first n) is 1 when item i is packed. The objective is {@code −Σ vᵢxᵢ}; the
 * capacity {@code Σ wᵢxᵢ ≤ C} becomes an equality with slack bits in log encoding (weights 1, 2, 4, …,
 * the last capped so they sum to C: ⌈log₂(C+1)⌉ bits, see {@link ConstrainedQubo}), penalised by
 * {@code P·(Σ wᵢxᵢ + Σ 2ᵏsₖ − C)²}.
 *
 * <p>Penalty P = 2·max vᵢ: any P &gt; max vᵢ works, because in an overweight state removing any
 * packed item loses at most max vᵢ of value and lowers the penalty by at least P (the excess is a
 * positive integer and falls by wᵢ ≥ 1). So every minimum fits and the QUBO's optimum is the true one.
 * Decoding drops the items of lowest value per weight until the rest fits.
 */
public final class Knapsack implements QuboProblem {

  private final double[] values;
  private final long[] weights;
  private final long capacity;

  private Knapsack(double[] values, long[] weights, long capacity) {
    this.values = values;
    this.weights = weights;
    this.capacity = capacity;
  }

  /** Items with non-negative values and positive integer weights, and a non-negative integer capacity. */
  public static Knapsack of(double[] values, long[] weights, long capacity) {
    if (values.length != weights.length || values.length == 0) {
      throw new InvalidModelException("knapsack: " + values.length + " values and " + weights.length
          + " weights; need one of each per item, at least one item");
    }
    if (capacity < 0) {
      throw new InvalidModelException("knapsack: capacity must not be negative: " + capacity);
    }
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0) || !Double.isFinite(values[i])) {
        throw new InvalidModelException("knapsack: item " + i + " has value " + values[i] + "; values must be finite and ≥ 0");
      }
      if (weights[i] < 1) {
        throw new InvalidModelException("knapsack: item " + i + " has weight " + weights[i] + "; weights must be ≥ 1");
      }
    }
    return new Knapsack(values.clone(), weights.clone(), capacity);
  }

  public int numItems() {
    return values.length;
  }

  public double penaltyWeight() {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max > 0 ? 2 * max : 1.0;
  }

  public ConstrainedQubo constrained() {
    int n = values.length;
    Qubo.Builder objective = Qubo.builder(n);
    for (int i = 0; i < n; i++) {
      objective.addLinear(i, -values[i]);
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = weights[i];
    }
    Constraint fits = Constraint.lessOrEqual("capacity " + capacity, IntStream.range(0, n).toArray(), w, capacity);
    return ConstrainedQubo.of(objective.build(), java.util.List.of(fits)).withPenaltyWeight(penaltyWeight());
  }

  public CompiledQubo compile() {
    return constrained().compile();
  }

  @Override
  public String type() {
    return "knapsack";
  }

  @Override
  public Qubo model() {
    return compile().qubo();
  }

  /** A packing: items, total value and weight, and how many items the decoder removed to make it fit. */
  public record Packing(int[] items, double value, long weight, int removed) {
  }

  public Packing decode(byte[] x) {
    boolean[] packed = new boolean[values.length];
    long weight = 0;
    for (int i = 0; i < values.length; i++) {
      packed[i] = x[i] == 1;
      weight += packed[i] ? weights[i] : 0;
    }
    int removed = 0;
    while (weight > capacity) {
      int worst = -1;
      for (int i = 0; i < values.length; i++) {
        if (packed[i] && (worst < 0 || values[i] * weights[worst] < values[worst] * weights[i])) {
          worst = i;
        }
      }
      packed[worst] = false;
      weight -= weights[worst];
      removed++;
    }
    int[] items = IntStream.range(0, values.length).filter(i -> packed[i]).toArray();
    double value = 0;
    for (int i : items) {
      value += values[i];
    }
    return new Packing(items, value, weight, removed);
  }

  @Override
  public Answer decode(Sample sample) {
    Packing p = decode(sample.values());
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("value", p.value());
    objective.put("weight", p.weight());
    objective.put("items", p.items());
    objective.put("repaired", p.removed() > 0);
    return new Answer(sample.energy(), objective, p.removed() == 0, sample.toIntArray(), -p.value());
  }
}
