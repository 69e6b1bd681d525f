package io.neuroquantum.annealing.model;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import org.ojalgo.matrix.store.R064Store;

/**
 * A sparse, immutable quadratic model over n variables: {@code E(v) = Σ aᵢvᵢ + Σ_{i<j} bᵢⱼvᵢvⱼ + c}.
 * {@link Qubo} reads it over binary variables, {@link Ising} over spins; both convert into each other
 * exactly, offset included, with the formulas dimod uses (blueprint §3.2).
 *
 * <p>Storage: the linear terms in a dense array and the quadratic terms as a compressed sparse row
 * upper triangle (row i holds the partners j &gt; i in ascending order). Exact-zero quadratic terms
 * are dropped at build time.
 */
public abstract sealed class QuadraticModel permits Qubo, Ising {

  private final double[] linear;
  private final int[] rowStart;
  private final int[] columns;
  private final double[] values;
  private final double offset;

  QuadraticModel(double[] linear, int[] rowStart, int[] columns, double[] values, double offset) {
    this.linear = linear;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
    this.offset = offset;
  }

  public abstract VarType varType();

  public abstract Qubo toQubo();

  public abstract Ising toIsing();

  public final int numVariables() {
    return linear.length;
  }

  /** Number of nonzero quadratic terms (each pair counted once). */
  public final int numInteractions() {
    return columns.length;
  }

  public final double offset() {
    return offset;
  }

  public final double linear(int i) {
    checkIndex(i);
    return linear[i];
  }

  /** The coefficient of vᵢvⱼ (zero when the term is absent); symmetric in i and j. */
  public final double quadratic(int i, int j) {
    checkIndex(i);
    checkIndex(j);
    if (i == j) {
      throw new InvalidModelException("quadratic(" + i + ", " + j + "): i and j must differ");
    }
    int row = Math.min(i, j);
    int col = Math.max(i, j);
    int k = Arrays.binarySearch(columns, rowStart[row], rowStart[row + 1], col);
    return k >= 0 ? values[k] : 0.0;
  }

  /** Visits every quadratic term once, i &lt; j, in row-major order. */
  public final void forEachInteraction(InteractionConsumer consumer) {
    int n = linear.length;
    for (int i = 0; i < n; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        consumer.accept(i, columns[k], values[k]);
      }
    }
  }

  /** A builder for a model of {@code type} over n variables, with the default limits. */
  public static Builder<?, ?> builder(VarType type, int numVariables) {
    return builder(type, numVariables, ModelLimits.DEFAULT);
  }

  public static Builder<?, ?> builder(VarType type, int numVariables, ModelLimits limits) {
    return type == VarType.SPIN ? Ising.builder(numVariables, limits) : Qubo.builder(numVariables, limits);
  }

  /**
   * This model with variable i fixed to {@code value} (0/1 or ±1 as its type says): n−1 variables,
   * indices above i moved down by one. aᵢ·value joins the offset and each bᵢⱼ·value joins aⱼ, so the
   * energy of every assignment of the others is unchanged.
   */
  public final QuadraticModel fixVariable(int i, int value) {
    checkIndex(i);
    if (!varType().accepts(value)) {
      throw new InvalidModelException("cannot fix variable " + i + " to " + value + ": not a "
          + varType().name().toLowerCase(Locale.ROOT) + " value (" + varType().low() + " or "
          + varType().high() + ")");
    }
    int n = linear.length;
    Builder<?, ?> b = builder(varType(), n - 1, new ModelLimits(Math.max(1, n), numInteractions()));
    b.addOffset(offset + linear[i] * value);
    for (int k = 0; k < n; k++) {
      if (k != i) {
        b.addLinear(k < i ? k : k - 1, linear[k]);
      }
    }
    forEachInteraction((u, v, bias) -> {
      if (u == i) {
        b.addLinear(v < i ? v : v - 1, bias * value);
      } else if (v == i) {
        b.addLinear(u < i ? u : u - 1, bias * value);
      } else {
        b.addQuadratic(u < i ? u : u - 1, v < i ? v : v - 1, bias);
      }
    });
    return b.build();
  }

  /** A copy of the linear coefficients. */
  public final double[] linearCoefficients() {
    return linear.clone();
  }

  /**
   * A dense n×n view for small exact checks (ojAlgo): linear terms on the diagonal, each quadratic
   * term once in the upper triangle, so {@code E(v) = vᵀMv + offset}. Never used in hot loops.
   */
  public final R064Store toDenseMatrix() {
    int n = linear.length;
    R064Store m = R064Store.FACTORY.make(n, n);
    for (int i = 0; i < n; i++) {
      m.set(i, i, linear[i]);
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        m.set(i, columns[k], values[k]);
      }
    }
    return m;
  }

  /** The largest absolute coefficient, linear or quadratic (0 for an empty model). */
  public final double maxAbsCoefficient() {
    double max = 0;
    for (double a : linear) {
      max = Math.max(max, Math.abs(a));
    }
    for (double b : values) {
      max = Math.max(max, Math.abs(b));
    }
    return max;
  }

  /**
   * The energy of one assignment, whose values must belong to this model's {@link #varType()}.
   *
   * @throws InvalidModelException if the length or a value does not fit
   */
  public final double energy(byte[] sample) {
    checkSample(sample);
    return energyUnchecked(sample);
  }

  /**
   * The energies of many samples at once (each checked as {@link #energy(byte[])} checks it): one
   * array for the answers, nothing allocated per sample.
   */
  public final double[] energies(byte[][] samples) {
    double[] out = new double[samples.length];
    for (int r = 0; r < samples.length; r++) {
      checkSample(samples[r]);
      out[r] = energyUnchecked(samples[r]);
    }
    return out;
  }

  /** Energy without validation, for callers that produced the sample themselves. */
  public final double energyUnchecked(byte[] v) {
    int n = linear.length;
    double e = offset;
    for (int i = 0; i < n; i++) {
      int vi = v[i];
      if (vi == 0) {
        continue;
      }
      double field = linear[i];
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        field += values[k] * v[columns[k]];
      }
      e += vi * field;
    }
    return e;
  }

  /** Checks that a sample has this model's length and domain. */
  public final void checkSample(byte[] sample) {
    if (sample == null || sample.length != linear.length) {
      throw new InvalidModelException("sample has " + (sample == null ? "no" : sample.length)
          + " values, the model has " + linear.length + " variables");
    }
    VarType type = varType();
    for (int i = 0; i < sample.length; i++) {
      if (!type.accepts(sample[i])) {
        throw new InvalidModelException("sample value " + sample[i] + " at index " + i
            + " is not a " + type.name().toLowerCase() + " value (" + type.low() + " or " + type.high() + ")");
      }
    }
  }

  /**
   * True when both models have the same type, size and terms, each coefficient within
   * {@code relTol} of the other relative to the larger magnitude (or absolutely below 1).
   */
  public final boolean approximatelyEquals(QuadraticModel other, double relTol) {
    if (other.varType() != varType() || other.numVariables() != numVariables()
        || other.numInteractions() != numInteractions()
        || !Arrays.equals(rowStart, other.rowStart) || !Arrays.equals(columns, other.columns)) {
      return false;
    }
    if (!close(offset, other.offset, relTol)) {
      return false;
    }
    for (int i = 0; i < linear.length; i++) {
      if (!close(linear[i], other.linear[i], relTol)) {
        return false;
      }
    }
    for (int k = 0; k < values.length; k++) {
      if (!close(values[k], other.values[k], relTol)) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double a, double b, double relTol) {
    return Math.abs(a - b) <= relTol * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= linear.length) {
      throw new InvalidModelException("variable index " + i + " out of range [0, " + linear.length + ")");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[variables=" + numVariables() + ", interactions="
        + numInteractions() + ", offset=" + offset + "]";
  }

  /**
   * Collects terms for a model. Terms may come in any order; (i, j) and (j, i) are the same term,
   * and repeats are summed or rejected as {@link #duplicates(DuplicateTerms)} says. Every
   * coefficient must be finite and every index in range, or the call fails with a message that
   * names the term.
   */
  public abstract static sealed class Builder<M extends QuadraticModel, B extends Builder<M, B>>
      permits Qubo.Builder, Ising.Builder {

    private final int n;
    private final ModelLimits limits;
    private final double[] linear;
    private final BitSet linearSeen = new BitSet();
    private int[] termI = new int[16];
    private int[] termJ = new int[16];
    private double[] termValue = new double[16];
    private int termCount;
    private double offset;
    private DuplicateTerms duplicates = DuplicateTerms.SUM;

    Builder(int numVariables, ModelLimits limits) {
      if (numVariables < 0) {
        throw new InvalidModelException("number of variables must not be negative: " + numVariables);
      }
      limits.checkVariables(numVariables);
      this.n = numVariables;
      this.limits = limits;
      this.linear = new double[numVariables];
    }

    abstract B self();

    abstract M create(double[] linear, int[] rowStart, int[] columns, double[] values, double offset);

    public final int numVariables() {
      return n;
    }

    public final B duplicates(DuplicateTerms policy) {
      this.duplicates = policy;
      return self();
    }

    public final B addOffset(double value) {
      requireFinite(value, "offset");
      offset += value;
      return self();
    }

    public final B addLinear(int i, double value) {
      checkIndex(i, "linear term");
      requireFinite(value, "linear term " + i);
      if (duplicates == DuplicateTerms.REJECT && linearSeen.get(i)) {
        throw new InvalidModelException("duplicate linear term " + i);
      }
      linearSeen.set(i);
      linear[i] += value;
      return self();
    }

    public final B addQuadratic(int i, int j, double value) {
      checkIndex(i, "quadratic term (" + i + ", " + j + ")");
      checkIndex(j, "quadratic term (" + i + ", " + j + ")");
      if (i == j) {
        throw new InvalidModelException("quadratic term (" + i + ", " + j
            + ") needs two different variables; add it as a linear term");
      }
      requireFinite(value, "quadratic term (" + i + ", " + j + ")");
      if (termCount == termI.length) {
        limits.checkInteractions(termCount + 1L);
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, termCount * 2L);
        termI = Arrays.copyOf(termI, capacity);
        termJ = Arrays.copyOf(termJ, capacity);
        termValue = Arrays.copyOf(termValue, capacity);
      }
      termI[termCount] = Math.min(i, j);
      termJ[termCount] = Math.max(i, j);
      termValue[termCount] = value;
      termCount++;
      return self();
    }

    /** A term in matrix form: i == j is the linear term of i, otherwise the quadratic term (i, j). */
    public final B add(int i, int j, double value) {
      return i == j ? addLinear(i, value) : addQuadratic(i, j, value);
    }

    public final M build() {
      limits.checkInteractions(termCount);
      // Counting sort by row, then sort each row's columns; keeps the build O(m log degree).
      int[] rowStart = new int[n + 1];
      for (int t = 0; t < termCount; t++) {
        rowStart[termI[t] + 1]++;
      }
      for (int i = 0; i < n; i++) {
        rowStart[i + 1] += rowStart[i];
      }
      long[] keyed = new long[termCount];
      int[] fill = Arrays.copyOf(rowStart, n);
      for (int t = 0; t < termCount; t++) {
        keyed[fill[termI[t]]++] = ((long) termJ[t] << 32) | t;
      }
      int[] columns = new int[termCount];
      double[] values = new double[termCount];
      int[] compactStart = new int[n + 1];
      int out = 0;
      for (int i = 0; i < n; i++) {
        compactStart[i] = out;
        Arrays.sort(keyed, rowStart[i], rowStart[i + 1]);
        int k = rowStart[i];
        while (k < rowStart[i + 1]) {
          int col = (int) (keyed[k] >>> 32);
          double sum = termValue[(int) keyed[k]];
          k++;
          while (k < rowStart[i + 1] && (int) (keyed[k] >>> 32) == col) {
            if (duplicates == DuplicateTerms.REJECT) {
              throw new InvalidModelException("duplicate quadratic term (" + i + ", " + col + ")");
            }
            sum += termValue[(int) keyed[k]];
            k++;
          }
          if (!Double.isFinite(sum)) {
            throw new InvalidModelException("quadratic term (" + i + ", " + col + ") sums to " + sum);
          }
          if (sum != 0.0) {
            columns[out] = col;
            values[out] = sum;
            out++;
          }
        }
      }
      compactStart[n] = out;
      for (double a : linear) {
        if (!Double.isFinite(a)) {
          throw new InvalidModelException("a linear term sums to " + a);
        }
      }
      if (!Double.isFinite(offset)) {
        throw new InvalidModelException("offset sums to " + offset);
      }
      return create(linear.clone(), compactStart, Arrays.copyOf(columns, out), Arrays.copyOf(values, out), offset);
    }

    private void checkIndex(int i, String what) {
      if (i < 0 || i >= n) {
        throw new InvalidModelException(what + ": variable index " + i + " out of range [0, " + n + ")");
      }
    }

    private static void requireFinite(double value, String what) {
      if (!Double.isFinite(value)) {
        throw new InvalidModelException(what + " has a non-finite coefficient: " + value);
      }
    }
  }
}
