package io.neuroquantum.annealing.model;

/**
 * An Ising model: minimise {@code Σ hᵢsᵢ + Σ_{i<j} Jᵢⱼsᵢsⱼ + offset} over s ∈ {-1,+1}ⁿ.
 *
 * <pre>{@code
 * Ising ising = Ising.builder(2).addLinear(0, 0.5).addQuadratic(0, 1, -1).build();
 * double e = ising.energy(new byte[] {1, 1});   // 0.5 - 1 = -0.5
 * }</pre>
 */
public final class Ising extends QuadraticModel {

  Ising(double[] linear, int[] rowStart, int[] columns, double[] values, double offset) {
    super(linear, rowStart, columns, values, offset);
  }

  public static Builder builder(int numVariables) {
    return new Builder(numVariables, ModelLimits.DEFAULT);
  }

  public static Builder builder(int numVariables, ModelLimits limits) {
    return new Builder(numVariables, limits);
  }

  @Override
  public VarType varType() {
    return VarType.SPIN;
  }

  @Override
  public Ising toIsing() {
    return this;
  }

  /**
   * The equivalent QUBO under s = 2x − 1: for every assignment the two energies are equal.
   * Jᵢⱼsᵢsⱼ becomes qᵢⱼ = 4Jᵢⱼ with −2Jᵢⱼ on qᵢᵢ and qⱼⱼ and +Jᵢⱼ on the offset; hᵢsᵢ gives
   * qᵢᵢ += 2hᵢ and offset −= hᵢ.
   */
  @Override
  public Qubo toQubo() {
    int n = numVariables();
    Qubo.Builder b = Qubo.builder(n, new ModelLimits(Math.max(1, n), Math.max(numInteractions(), 0)));
    double[] q = new double[n];
    double[] offset = {offset()};
    for (int i = 0; i < n; i++) {
      double h = linear(i);
      q[i] += 2 * h;
      offset[0] -= h;
    }
    forEachInteraction((i, j, coupling) -> {
      b.addQuadratic(i, j, 4 * coupling);
      q[i] -= 2 * coupling;
      q[j] -= 2 * coupling;
      offset[0] += coupling;
    });
    for (int i = 0; i < n; i++) {
      b.addLinear(i, q[i]);
    }
    return b.addOffset(offset[0]).build();
  }

  /** Builds an {@link Ising} model. */
  public static final class Builder extends QuadraticModel.Builder<Ising, Builder> {
    Builder(int numVariables, ModelLimits limits) {
      super(numVariables, limits);
    }

    @Override
    Builder self() {
      return this;
    }

    @Override
    Ising create(double[] linear, int[] rowStart, int[] columns, double[] values, double offset) {
      return new Ising(linear, rowStart, columns, values, offset);
    }
  }
}
