package io.neuroquantum.annealing.quantum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import org.junit.jupiter.api.Test;

/** Exact diagonalisation against closed forms (all to 1e-10). */
class TfimSpectrumTest {

  @Test
  void one_spin_levels_are_plus_minus_the_field_magnitude() {
    TfimSpectrum s = TfimSpectrum.of(Ising.builder(1).addLinear(0, 0.6).build());
    double[] levels = s.eigenvalues(0.8);
    assertThat(levels[0]).isCloseTo(-1.0, within(1e-10));
    assertThat(levels[1]).isCloseTo(1.0, within(1e-10));
  }

  @Test
  void two_coupled_spins_use_the_even_sector_of_the_global_flip() {
    double j = 0.7;
    double gamma = 1.3;
    TfimSpectrum s = TfimSpectrum.of(Ising.builder(2).addQuadratic(0, 1, j).build());
    assertThat(s.usesSpinFlipSymmetry()).isTrue();
    double r = Math.sqrt(j * j + 4 * gamma * gamma);   // |00⟩+|11⟩ and |01⟩+|10⟩ coupled by −2Γ
    assertThat(s.eigenvalues(gamma)).containsExactly(new double[] {-r, r}, within(1e-10));
  }

  @Test
  void degenerate_classical_ground_states_are_skipped_when_measuring_the_gap() {
    // Antiferromagnetic triangle: 6 classical ground states (E = −1), 3 in the even sector, excited E = 3.
    Ising triangle = Ising.builder(3).addQuadratic(0, 1, 1).addQuadratic(1, 2, 1).addQuadratic(0, 2, 1).build();
    TfimSpectrum s = TfimSpectrum.of(triangle);
    assertThat(s.classicalGroundDegeneracy()).isEqualTo(3);
    assertThat(s.gap(0)).isCloseTo(4, within(1e-10));
    TfimSpectrum.GapProfile profile = s.gapAlong(new TransverseFieldConfig(3, 0, new FieldSchedule.Linear()), 31);
    assertThat(profile.minGap()).isGreaterThan(0.5);
    assertThat(profile.adiabaticTime()).isFinite();
  }

  @Test
  void thermal_averages_of_one_spin_follow_the_closed_form() {
    double h = 0.6;
    double gamma = 0.8;
    double beta = 1.7;
    TfimSpectrum.ThermalAverages t = TfimSpectrum.of(Ising.builder(1).addLinear(0, h).build()).thermal(gamma, beta);
    double r = Math.hypot(h, gamma);
    assertThat(t.energy()).isCloseTo(-r * Math.tanh(beta * r), within(1e-10));
    assertThat(t.problemEnergy()).isCloseTo(-h * h / r * Math.tanh(beta * r), within(1e-10));
    assertThat(t.zz()[0][0]).isCloseTo(1, within(1e-12));
  }

  @Test
  void rejects_what_it_cannot_diagonalise() {
    assertThatThrownBy(() -> TfimSpectrum.of(Ising.builder(13).build()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("at most 12");
    TfimSpectrum s = TfimSpectrum.of(Ising.builder(2).addQuadratic(0, 1, 1).build());
    assertThatThrownBy(() -> s.eigenvalues(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.eigenvalues(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.thermal(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
