package io.neuroquantum.annealing.model;

/**
 * A quadratic unconstrained binary optimisation problem: minimise {@code xᵀQx + offset} over
 * x ∈ {0,1}ⁿ, with the diagonal of Q as the linear terms (xᵢ² = xᵢ).
 *
 * <pre>{@code
 * Qubo qubo = Qubo.builder(3)
 *     .addLinear(0, -1).addQuadratic(0, 1, 2).addOffset(0.5)
 *     .build();
 * double e = qubo.energy(new byte[] {1, 0, 1});
 * }</pre>
 */
public final class Qubo extends QuadraticModel {

  Qubo(double[] linear, int[] rowStart, int[] columns, double[] values, double offset) {
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
    return VarType.BINARY;
  }

  @Override
  public Qubo toQubo() {
    return this;
  }

  /**
   * The equivalent Ising model under x = (s + 1) / 2: for every assignment the two energies are equal.
   * qᵢⱼxᵢxⱼ becomes Jᵢⱼ = qᵢⱼ/4 with qᵢⱼ/4 added to hᵢ, hⱼ and the offset; qᵢᵢxᵢ gives hᵢ += qᵢᵢ/2
   * and offset += qᵢᵢ/2.
   */
  @Override
  public Ising toIsing() {
    int n = numVariables();
    Ising.Builder b = Ising.builder(n, new ModelLimits(Math.max(1, n), Math.max(numInteractions(), 0)));
    double[] h = new double[n];
    double[] offset = {offset()};
    for (int i = 0; i < n; i++) {
      double q = linear(i);
      h[i] += q / 2;
      offset[0] += q / 2;
    }
    forEachInteraction((i, j, q) -> {
      b.addQuadratic(i, j, q / 4);
      h[i] += q / 4;
      h[j] += q / 4;
      offset[0] += q / 4;
    });
    for (int i = 0; i < n; i++) {
      b.addLinear(i, h[i]);
    }
    return b.addOffset(offset[0]).build();
  }

  /** Builds a {@link Qubo}. */
  public static final class Builder extends QuadraticModel.Builder<Qubo, Builder> {
    Builder(int numVariables, ModelLimits limits) {
      super(numVariables, limits);
    }

    @Override
    Builder self() {
      return this;
    }

    @Override
    Qubo create(double[] linear, int[] rowStart, int[] columns, double[] values, double offset) {
      return new Qubo(linear, rowStart, columns, values, offset);
    }
  }
}
