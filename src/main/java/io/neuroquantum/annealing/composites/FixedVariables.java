package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.VarType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model with some variables set to given values (dimod's {@code fix_variable}): the rest form a
 * smaller model of the same type whose energy equals the original's for every assignment of them
 * (fixed terms move into the linear terms and the offset). Samples of the smaller model expand back.
 */
public final class FixedVariables {

  private final QuadraticModel original;
  private final Map<Integer, Byte> fixed;
  private final int[] free;          // reduced index → original index
  private final QuadraticModel reduced;

  private FixedVariables(QuadraticModel original, Map<Integer, Byte> fixed, int[] free, QuadraticModel reduced) {
    this.original = original;
    this.fixed = fixed;
    this.free = free;
    this.reduced = reduced;
  }

  /** Fixes each variable of {@code values} (in the model's own variable type) to its value. */
  public static FixedVariables of(QuadraticModel model, Map<Integer, Byte> values) {
    int n = model.numVariables();
    Map<Integer, Byte> fixed = new TreeMap<>(values);
    int[] position = new int[n];
    Arrays.fill(position, -1);
    for (Map.Entry<Integer, Byte> e : fixed.entrySet()) {
      int i = e.getKey();
      if (i < 0 || i >= n) {
        throw new InvalidModelException("fixed variable " + i + " is outside 0.." + (n - 1));
      }
      if (!model.varType().accepts(e.getValue())) {
        throw new InvalidModelException("fixed value " + e.getValue() + " of variable " + i + " is not a "
            + model.varType().name().toLowerCase() + " value");
      }
    }
    int m = 0;
    int[] free = new int[n - fixed.size()];
    for (int i = 0; i < n; i++) {
      if (!fixed.containsKey(i)) {
        position[i] = m;
        free[m++] = i;
      }
    }
    double[] linear = new double[m];
    double[] offset = {model.offset()};
    for (int i = 0; i < n; i++) {
      if (position[i] >= 0) {
        linear[position[i]] += model.linear(i);
      } else {
        offset[0] += model.linear(i) * fixed.get(i);
      }
    }
    List<double[]> pairs = new ArrayList<>();
    model.forEachInteraction((i, j, b) -> {
      int pi = position[i];
      int pj = position[j];
      if (pi >= 0 && pj >= 0) {
        pairs.add(new double[] {pi, pj, b});
      } else if (pi >= 0) {
        linear[pi] += b * fixed.get(j);
      } else if (pj >= 0) {
        linear[pj] += b * fixed.get(i);
      } else {
        offset[0] += b * fixed.get(i) * fixed.get(j);
      }
    });
    QuadraticModel reduced = model.varType() == VarType.BINARY
        ? fill(Qubo.builder(m), linear, pairs, offset[0]).build()
        : fill(Ising.builder(m), linear, pairs, offset[0]).build();
    return new FixedVariables(model, Map.copyOf(fixed), free, reduced);
  }

  private static <B extends QuadraticModel.Builder<?, B>> B fill(B b, double[] linear, List<double[]> pairs,
      double offset) {
    for (int i = 0; i < linear.length; i++) {
      b.addLinear(i, linear[i]);
    }
    for (double[] p : pairs) {
      b.addQuadratic((int) p[0], (int) p[1], p[2]);
    }
    return b.addOffset(offset);
  }

  public QuadraticModel original() {
    return original;
  }

  /** The model over the free variables, in their original order. */
  public QuadraticModel reduced() {
    return reduced;
  }

  public Map<Integer, Byte> fixed() {
    return fixed;
  }

  /** The original index of each variable of the reduced model. */
  public int[] freeVariables() {
    return free.clone();
  }

  /** A full assignment from one of the reduced model. */
  public byte[] expand(byte[] reducedValues) {
    if (reducedValues.length != free.length) {
      throw new InvalidModelException("sample has " + reducedValues.length + " values, the reduced model has " + free.length);
    }
    byte[] full = new byte[original.numVariables()];
    fixed.forEach((i, v) -> full[i] = v);
    for (int k = 0; k < free.length; k++) {
      full[free[k]] = reducedValues[k];
    }
    return full;
  }

  /** Samples of the reduced model as samples of the original, energies taken from the original. */
  public SampleSet expand(SampleSet samples) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples.samples()) {
      byte[] values = s.values();
      for (int k = 0; k < values.length; k++) {
        values[k] = samples.varType().convert(values[k], original.varType());
      }
      byte[] full = expand(values);
      out.add(new Sample(full, original.energyUnchecked(full), s.occurrences()));
    }
    return SampleSet.of(original.varType(), out, samples.timing(), samples.stats()).withInfo(samples.info());
  }
}
