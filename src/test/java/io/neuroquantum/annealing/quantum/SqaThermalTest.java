package io.neuroquantum.annealing.quantum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.StopCheck;
import org.junit.jupiter.api.Test;

/**
 * Path-integral Monte Carlo at fixed Γ = 1 and β = 2 on a frustrated 6-spin model with fields, against
 * exact diagonalisation. Statistical errors come from 50 bins of 4000 sweeps (bins much longer than
 * the autocorrelation time). The Trotter error of the energy falls like 1/M²; Richardson's
 * extrapolation (4·E₃₂ − E₁₆)/3 removes that term and must match the exact energy within 4 standard
 * errors, as must ⟨σ₀ᶻσ₁ᶻ⟩ and ⟨H_P⟩ at M = 32 allowing for their remaining 1/M² error (measured 0.015
 * at M = 16, so ¼ of that at 32 is added to the tolerance).
 */
class SqaThermalTest {
  private static final double GAMMA = 1;
  private static final double BETA = 2;

  static Ising frustrated() {
    return Ising.builder(6).addQuadratic(0, 1, 1).addQuadratic(1, 2, 1).addQuadratic(2, 0, 1)
        .addQuadratic(3, 4, -1).addQuadratic(4, 5, 1).addQuadratic(5, 3, 1).addQuadratic(0, 3, 1)
        .addQuadratic(2, 5, -1).addLinear(0, 0.5).addLinear(4, -0.5).build();
  }

  /** Mean and standard error of the energy ⟨H⟩, ⟨H_P⟩ and ⟨σ₀ᶻσ₁ᶻ⟩ estimators. */
  record Estimate(double energy, double energyError, double problem, double problemError, double zz, double zzError) {
  }

  static Estimate sample(Ising model, int slices, long seed) {
    TrotterReplica r = new TrotterReplica(CsrIsing.of(model), slices, seed);
    for (int t = 0; t < 2000; t++) {
      r.sweep(BETA, GAMMA, true, StopCheck.never());
    }
    int bins = 50;
    int perBin = 4000;
    double[] e = new double[bins];
    double[] p = new double[bins];
    double[] zz = new double[bins];
    for (int b = 0; b < bins; b++) {
      for (int t = 0; t < perBin; t++) {
        r.sweep(BETA, GAMMA, true, StopCheck.never());
        double ep = r.meanProblemEnergy();
        e[b] += ep - GAMMA * r.transverseMagnetisation(BETA, GAMMA);
        p[b] += ep;
        double z = 0;
        for (int k = 0; k < slices; k++) {
          z += r.spin(0, k) * r.spin(1, k);
        }
        zz[b] += z / slices;
      }
      e[b] /= perBin;
      p[b] /= perBin;
      zz[b] /= perBin;
    }
    return new Estimate(mean(e), stdError(e), mean(p), stdError(p), mean(zz), stdError(zz));
  }

  @Test
  void energy_and_correlations_match_the_exact_thermal_values_as_the_trotter_error_shrinks() {
    Ising model = frustrated();
    TfimSpectrum.ThermalAverages exact = TfimSpectrum.of(model).thermal(GAMMA, BETA);
    Estimate m4 = sample(model, 4, 1);
    Estimate m8 = sample(model, 8, 2);
    Estimate m16 = sample(model, 16, 3);
    Estimate m32 = sample(model, 32, 4);
    double e4 = m4.energy() - exact.energy();
    double e8 = m8.energy() - exact.energy();
    double e16 = m16.energy() - exact.energy();

    // The Trotter error shrinks about fourfold per doubling of M (measured 1.13, 0.35, 0.087).
    assertThat(Math.abs(e4) / Math.abs(e8)).isBetween(2.5, 5.5);
    assertThat(Math.abs(e8) / Math.abs(e16)).isBetween(2.0, 6.5);
    assertThat(Math.abs(m32.energy() - exact.energy())).isLessThan(Math.abs(e16));

    double extrapolated = (4 * m32.energy() - m16.energy()) / 3;
    double extrapolatedError = Math.hypot(4 * m32.energyError(), m16.energyError()) / 3;
    assertThat(extrapolated).isCloseTo(exact.energy(), within(4 * extrapolatedError));

    assertThat(m32.zz()).isCloseTo(exact.zz()[0][1], within(4 * m32.zzError() + 0.015 / 4));
    assertThat(m32.problem()).isCloseTo(exact.problemEnergy(),
        within(4 * m32.problemError() + Math.abs(m16.problem() - exact.problemEnergy()) / 4));
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double stdError(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1) / x.length);
  }
}
