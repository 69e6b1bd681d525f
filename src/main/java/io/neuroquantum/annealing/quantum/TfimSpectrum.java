package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import java.util.Arrays;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Exact diagonalisation of H(Γ) = −Γ·Σᵢσᵢˣ + H_problem for up to 12 spins, with ojAlgo's symmetric
 * eigensolver on the dense real matrix: the instantaneous spectrum, the gap along an anneal, and
 * thermal averages for checking samplers.
 *
 * <p>Degenerate ground states. A gap that closes at Γ = 0 because H_P has several ground states is not
 * the gap that limits an anneal: ending in any of them is success. Two things handle it. (1) Without
 * linear terms, H commutes with the global flip Πσˣ and the anneal never leaves the even sector
 * (the state starts there), so the spectrum is taken in that sector of dimension 2ⁿ⁻¹, which also
 * removes the trivial twofold degeneracy. (2) If g basis states (g sector states) minimise H_P, the
 * lowest g levels all meet at Γ = 0, and the gap reported is λ_g − λ₀: to the first level that does
 * not end in the ground energy. Cost: a full eigendecomposition, O(dim³); eigenvalues took 0.27 s at
 * dim 1024 and 2.5 s at 2048 (n = 12 without fields) here, so n = 12 with fields (dim 4096) is about
 * 8 times slower again, and a gap profile multiplies that by its grid points.
 *
 * <pre>{@code
 * TfimSpectrum spectrum = TfimSpectrum.of(ising);
 * TfimSpectrum.GapProfile gaps = spectrum.gapAlong(TransverseFieldConfig.defaultFor(ising), 101);
 * double minGap = gaps.minGap();
 * }</pre>
 */
public final class TfimSpectrum {

  public static final int MAX_QUBITS = 12;

  /**
   * @param progress schedule progress u at each grid point
   * @param fields Γ(u) at each grid point
   * @param gaps λ_g − λ₀ at each grid point
   * @param adiabaticTimes |⟨g|∂H/∂u|0⟩| / (λ_g − λ₀)² at each grid point: an anneal of duration T
   *     stays adiabatic when T is well above their maximum, {@code adiabaticTime}
   */
  public record GapProfile(double[] progress, double[] fields, double[] gaps, double minGap, double minGapProgress,
      double minGapField, double[] adiabaticTimes, double adiabaticTime) {
  }

  /**
   * Thermal averages in e^{−βH}/Z.
   *
   * @param energy ⟨H⟩
   * @param problemEnergy ⟨H_P⟩ (offset included)
   * @param transverseEnergy ⟨−Γ·Σσˣ⟩
   * @param zz ⟨σᵢᶻσⱼᶻ⟩
   */
  public record ThermalAverages(double energy, double problemEnergy, double transverseEnergy, double[][] zz) {
  }

  private final int n;
  private final double[] energy;
  private final boolean evenSector;
  /** Sector basis: representative basis states (top bit clear in the even sector). */
  private final int[] basis;
  private final int groundDegeneracy;

  private TfimSpectrum(Ising model) {
    this.n = model.numVariables();
    this.energy = BasisEnergies.of(model, MAX_QUBITS, "exact diagonalisation (dense 2ⁿ×2ⁿ matrix)");
    boolean noFields = true;
    for (int i = 0; i < n; i++) {
      noFields &= model.linear(i) == 0;
    }
    this.evenSector = noFields && n > 1;
    int dim = evenSector ? 1 << (n - 1) : 1 << n;
    this.basis = new int[dim];
    for (int k = 0; k < dim; k++) {
      basis[k] = k;
    }
    int g = 0;
    for (int z : BasisEnergies.groundStates(energy)) {
      if (!evenSector || (z >>> (n - 1) & 1) == 0) {
        g++;
      }
    }
    this.groundDegeneracy = g;
  }

  public static TfimSpectrum of(Ising model) {
    return new TfimSpectrum(model);
  }

  /** True when the spectrum is that of the even sector of the global spin flip (no linear terms). */
  public boolean usesSpinFlipSymmetry() {
    return evenSector;
  }

  /** Ground states of H_P counted in the sector used: the lowest this many levels meet at Γ = 0. */
  public int classicalGroundDegeneracy() {
    return groundDegeneracy;
  }

  public int dimension() {
    return basis.length;
  }

  /** All eigenvalues of H(Γ) in the sector used, ascending. */
  public double[] eigenvalues(double gamma) {
    checkGamma(gamma);
    R064Store h = sectorMatrix(gamma);
    Eigenvalue<Double> evd = Eigenvalue.R064.make(h, true);
    if (!evd.computeValuesOnly(h)) {
      throw new IllegalStateException("eigendecomposition failed at Γ = " + gamma);
    }
    double[] values = new double[basis.length];
    for (int k = 0; k < values.length; k++) {
      values[k] = evd.getEigenvalues().get(k).doubleValue();
    }
    Arrays.sort(values);
    return values;
  }

  /** λ_g − λ₀ at Γ, g the classical ground degeneracy in the sector (class comment). */
  public double gap(double gamma) {
    if (groundDegeneracy >= basis.length) {
      return 0;
    }
    double[] values = eigenvalues(gamma);
    return values[groundDegeneracy] - values[0];
  }

  /**
   * The gap and the adiabatic time scale at {@code points} evenly spaced progress values of the
   * schedule, and their extremes. With ∂H/∂u = −Γ'(u)·Σσˣ, the matrix element comes from the
   * eigenvectors of levels 0 and g.
   */
  public GapProfile gapAlong(TransverseFieldConfig field, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("need at least 2 grid points: " + points);
    }
    double[] u = new double[points];
    double[] g = new double[points];
    double[] gammas = new double[points];
    double[] times = new double[points];
    int best = 0;
    double maxTime = 0;
    double du = 1e-6;
    for (int k = 0; k < points; k++) {
      u[k] = (double) k / (points - 1);
      gammas[k] = field.field(u[k]);
      double slope = (field.field(Math.min(1, u[k] + du)) - field.field(Math.max(0, u[k] - du)))
          / (Math.min(1, u[k] + du) - Math.max(0, u[k] - du));
      double[] gapAndElement = gapAndTransverseElement(gammas[k]);
      g[k] = gapAndElement[0];
      times[k] = Math.abs(slope * gapAndElement[1]) / (g[k] * g[k]);
      maxTime = Math.max(maxTime, times[k]);
      if (g[k] < g[best]) {
        best = k;
      }
    }
    return new GapProfile(u, gammas, g, g[best], u[best], gammas[best], times, maxTime);
  }

  /** {λ_g − λ₀, ⟨g|Σσˣ|0⟩} at Γ. */
  private double[] gapAndTransverseElement(double gamma) {
    if (groundDegeneracy >= basis.length) {
      return new double[] {0, 0};
    }
    R064Store h = sectorMatrix(gamma);
    Eigenvalue<Double> evd = Eigenvalue.R064.make(h, true);
    if (!evd.decompose(h)) {
      throw new IllegalStateException("eigendecomposition failed at Γ = " + gamma);
    }
    int dim = basis.length;
    Integer[] order = new Integer[dim];
    double[] lambda = new double[dim];
    for (int m = 0; m < dim; m++) {
      order[m] = m;
      lambda[m] = evd.getD().doubleValue(m, m);
    }
    Arrays.sort(order, (x, y) -> Double.compare(lambda[x], lambda[y]));
    int m0 = order[0];
    int mg = order[groundDegeneracy];
    var v = evd.getV();
    R064Store x = sectorMatrix(1.0);   // −Σσˣ off the diagonal, H_P on it
    double element = 0;
    for (int r = 0; r < dim; r++) {
      double row = 0;
      for (int c = 0; c < dim; c++) {
        if (c != r) {
          row -= x.doubleValue(r, c) * v.doubleValue(c, m0);
        }
      }
      element += v.doubleValue(r, mg) * row;
    }
    return new double[] {lambda[mg] - lambda[m0], element};
  }

  /** Thermal averages of H(Γ) at inverse temperature β, over the full 2ⁿ space. */
  public ThermalAverages thermal(double gamma, double beta) {
    checkGamma(gamma);
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("β must be positive and finite: " + beta);
    }
    int dim = 1 << n;
    R064Store h = R064Store.FACTORY.make(dim, dim);
    for (int z = 0; z < dim; z++) {
      h.set(z, z, energy[z]);
      for (int q = 0; q < n; q++) {
        h.set(z, z ^ (1 << q), -gamma);
      }
    }
    Eigenvalue<Double> evd = Eigenvalue.R064.make(h, true);
    if (!evd.decompose(h)) {
      throw new IllegalStateException("eigendecomposition failed at Γ = " + gamma);
    }
    double[] lambda = new double[dim];
    double min = Double.POSITIVE_INFINITY;
    for (int m = 0; m < dim; m++) {
      lambda[m] = evd.getD().doubleValue(m, m);
      min = Math.min(min, lambda[m]);
    }
    var v = evd.getV();
    double z = 0;
    double e = 0;
    double ep = 0;
    double[][] zz = new double[n][n];
    double[] weightOfBasis = new double[dim];
    for (int m = 0; m < dim; m++) {
      double w = Math.exp(-beta * (lambda[m] - min));
      z += w;
      e += w * lambda[m];
      for (int b = 0; b < dim; b++) {
        double amp = v.doubleValue(b, m);
        weightOfBasis[b] += w * amp * amp;
      }
    }
    for (int b = 0; b < dim; b++) {
      double p = weightOfBasis[b] / z;
      ep += p * energy[b];
      for (int i = 0; i < n; i++) {
        int si = (b >>> i & 1) == 0 ? 1 : -1;
        for (int j = 0; j < n; j++) {
          int sj = (b >>> j & 1) == 0 ? 1 : -1;
          zz[i][j] += p * si * sj;
        }
      }
    }
    e /= z;
    return new ThermalAverages(e, ep, e - ep, zz);
  }

  private R064Store sectorMatrix(double gamma) {
    int dim = basis.length;
    R064Store h = R064Store.FACTORY.make(dim, dim);
    int mask = (1 << n) - 1;
    for (int k = 0; k < dim; k++) {
      int z = basis[k];
      h.set(k, k, energy[z]);
      for (int q = 0; q < n; q++) {
        int y = z ^ (1 << q);
        if (evenSector && (y >>> (n - 1) & 1) != 0) {
          y = ~y & mask;   // |y⟩ + |ȳ⟩ is represented by the partner with the top bit clear
        }
        h.add(k, y, -gamma);
      }
    }
    return h;
  }

  private static void checkGamma(double gamma) {
    if (!Double.isFinite(gamma) || gamma < 0) {
      throw new IllegalArgumentException("Γ must be finite and non-negative: " + gamma);
    }
  }
}
