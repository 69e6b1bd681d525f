package io.neuroquantum.annealing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepetitionInfo;
import org.ojalgo.matrix.store.R064Store;

class QuadraticModelTest {

  /** A random QUBO with real coefficients spanning several orders of magnitude. */
  static Qubo randomQubo(SplittableRandom rnd, int n, double density) {
    Qubo.Builder b = Qubo.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, coefficient(rnd));
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < density) {
          b.addQuadratic(i, j, coefficient(rnd));
        }
      }
    }
    return b.addOffset(coefficient(rnd)).build();
  }

  static Ising randomIsing(SplittableRandom rnd, int n, double density) {
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, coefficient(rnd));
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < density) {
          b.addQuadratic(i, j, coefficient(rnd));
        }
      }
    }
    return b.addOffset(coefficient(rnd)).build();
  }

  private static double coefficient(SplittableRandom rnd) {
    return (rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextInt(-3, 4));
  }

  static byte[] randomBits(SplittableRandom rnd, int n) {
    byte[] x = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = (byte) rnd.nextInt(2);
    }
    return x;
  }

  static byte[] toSpins(byte[] x) {
    byte[] s = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = (byte) (2 * x[i] - 1);
    }
    return s;
  }

  private static void assertRelativelyClose(double a, double b) {
    assertThat(Math.abs(a - b)).isLessThanOrEqualTo(1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b))));
  }

  @RepeatedTest(50)
  void qubo_and_its_ising_have_equal_energies_on_every_assignment(RepetitionInfo rep) {
    SplittableRandom rnd = new SplittableRandom(rep.getCurrentRepetition());
    int n = rnd.nextInt(1, 60);
    Qubo qubo = randomQubo(rnd, n, rnd.nextDouble());
    Ising ising = qubo.toIsing();
    for (int t = 0; t < 40; t++) {
      byte[] x = randomBits(rnd, n);
      assertRelativelyClose(qubo.energy(x), ising.energy(toSpins(x)));
    }
  }

  @RepeatedTest(50)
  void ising_and_its_qubo_have_equal_energies_on_every_assignment(RepetitionInfo rep) {
    SplittableRandom rnd = new SplittableRandom(1000 + rep.getCurrentRepetition());
    int n = rnd.nextInt(1, 60);
    Ising ising = randomIsing(rnd, n, rnd.nextDouble());
    Qubo qubo = ising.toQubo();
    for (int t = 0; t < 40; t++) {
      byte[] x = randomBits(rnd, n);
      assertRelativelyClose(qubo.energy(x), ising.energy(toSpins(x)));
    }
  }

  @RepeatedTest(30)
  void round_trips_return_the_same_model(RepetitionInfo rep) {
    SplittableRandom rnd = new SplittableRandom(2000 + rep.getCurrentRepetition());
    int n = rnd.nextInt(1, 40);
    Qubo qubo = randomQubo(rnd, n, 0.3);
    assertThat(qubo.toIsing().toQubo().approximatelyEquals(qubo, 1e-9)).isTrue();
    Ising ising = randomIsing(rnd, n, 0.3);
    assertThat(ising.toQubo().toIsing().approximatelyEquals(ising, 1e-9)).isTrue();
  }

  @Test
  void integer_round_trip_is_exact() {
    Qubo qubo = Qubo.builder(3).addLinear(0, 3).addLinear(2, -5).addQuadratic(0, 1, 7).addQuadratic(1, 2, -2)
        .addOffset(4).build();
    Qubo back = qubo.toIsing().toQubo();
    assertThat(back.approximatelyEquals(qubo, 0)).isTrue();
  }

  @Test
  void conversion_follows_dimod_formulas() {
    // dimod: BQM({0: 1}, {(0, 1): 4}, 0, BINARY).change_vartype(SPIN) gives h = {0: 1.5, 1: 1}, J = {(0,1): 1}, offset 1.5
    Ising ising = Qubo.builder(2).addLinear(0, 1).addQuadratic(0, 1, 4).build().toIsing();
    assertThat(ising.linear(0)).isEqualTo(1.5);
    assertThat(ising.linear(1)).isEqualTo(1.0);
    assertThat(ising.quadratic(0, 1)).isEqualTo(1.0);
    assertThat(ising.offset()).isEqualTo(1.5);
  }

  @RepeatedTest(10)
  void energy_agrees_with_dense_matrix_product_from_ojalgo(RepetitionInfo rep) {
    SplittableRandom rnd = new SplittableRandom(3000 + rep.getCurrentRepetition());
    int n = rnd.nextInt(2, 30);
    Qubo qubo = randomQubo(rnd, n, 0.5);
    R064Store q = qubo.toDenseMatrix();
    byte[] x = randomBits(rnd, n);
    R064Store vec = R064Store.FACTORY.make(n, 1);
    for (int i = 0; i < n; i++) {
      vec.set(i, 0, x[i]);
    }
    double dense = vec.transpose().multiply(q).multiply(vec).doubleValue(0, 0) + qubo.offset();
    assertRelativelyClose(qubo.energy(x), dense);
  }

  @Test
  void ising_energy_agrees_with_dense_matrix_product_on_spins() {
    SplittableRandom rnd = new SplittableRandom(77);
    Ising ising = randomIsing(rnd, 12, 0.6);
    byte[] s = toSpins(randomBits(rnd, 12));
    R064Store m = ising.toDenseMatrix();
    R064Store vec = R064Store.FACTORY.make(12, 1);
    for (int i = 0; i < 12; i++) {
      vec.set(i, 0, s[i]);
    }
    // the diagonal holds h: sᵢhᵢsᵢ = hᵢ, so add Σh(sᵢ − 1) to turn it into Σhᵢsᵢ
    double correction = 0;
    for (int i = 0; i < 12; i++) {
      correction += ising.linear(i) * (s[i] - 1);
    }
    double dense = vec.transpose().multiply(m).multiply(vec).doubleValue(0, 0) + correction + ising.offset();
    assertRelativelyClose(ising.energy(s), dense);
  }

  @Test
  void duplicate_terms_are_summed_by_default_and_both_orders_are_one_term() {
    Qubo qubo = Qubo.builder(2).addQuadratic(0, 1, 1).addQuadratic(1, 0, 2).addLinear(0, 1).addLinear(0, 1).build();
    assertThat(qubo.quadratic(0, 1)).isEqualTo(3);
    assertThat(qubo.quadratic(1, 0)).isEqualTo(3);
    assertThat(qubo.linear(0)).isEqualTo(2);
    assertThat(qubo.numInteractions()).isEqualTo(1);
  }

  @Test
  void duplicate_terms_can_be_rejected() {
    assertThatThrownBy(() -> Qubo.builder(2).duplicates(DuplicateTerms.REJECT)
        .addQuadratic(0, 1, 1).addQuadratic(1, 0, 2).build())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("duplicate quadratic term (0, 1)");
    assertThatThrownBy(() -> Ising.builder(2).duplicates(DuplicateTerms.REJECT).addLinear(1, 1).addLinear(1, 1))
        .hasMessageContaining("duplicate linear term 1");
  }

  @Test
  void non_finite_coefficients_are_rejected_with_the_term_named() {
    assertThatThrownBy(() -> Qubo.builder(3).addQuadratic(0, 2, Double.NaN))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("(0, 2)").hasMessageContaining("NaN");
    assertThatThrownBy(() -> Ising.builder(3).addLinear(1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("linear term 1").hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Ising.builder(3).addOffset(Double.NEGATIVE_INFINITY)).hasMessageContaining("offset");
    assertThatThrownBy(() -> Qubo.builder(2).addQuadratic(0, 1, Double.MAX_VALUE).addQuadratic(1, 0, Double.MAX_VALUE).build())
        .hasMessageContaining("sums to Infinity");
  }

  @Test
  void indices_out_of_range_and_self_interactions_are_rejected() {
    assertThatThrownBy(() -> Qubo.builder(3).addQuadratic(0, 3, 1)).hasMessageContaining("index 3 out of range [0, 3)");
    assertThatThrownBy(() -> Qubo.builder(3).addLinear(-1, 1)).hasMessageContaining("index -1");
    assertThatThrownBy(() -> Ising.builder(3).addQuadratic(1, 1, 1)).hasMessageContaining("two different variables");
    assertThat(Qubo.builder(3).add(1, 1, 2.5).build().linear(1)).isEqualTo(2.5);
  }

  @Test
  void models_over_the_size_limit_are_rejected() {
    ModelLimits limits = new ModelLimits(10, 3);
    assertThatThrownBy(() -> Qubo.builder(11, limits)).hasMessageContaining("over the limit of 10");
    Qubo.Builder b = Qubo.builder(10, limits);
    b.addQuadratic(0, 1, 1).addQuadratic(0, 2, 1).addQuadratic(0, 3, 1).addQuadratic(0, 4, 1);
    assertThatThrownBy(b::build).hasMessageContaining("more than 3 interactions");
  }

  @Test
  void samples_of_the_wrong_length_or_domain_are_rejected() {
    Qubo qubo = Qubo.builder(2).addQuadratic(0, 1, 1).build();
    assertThatThrownBy(() -> qubo.energy(new byte[] {1})).hasMessageContaining("1 values, the model has 2");
    assertThatThrownBy(() -> qubo.energy(new byte[] {1, -1})).hasMessageContaining("not a binary value");
    Ising ising = qubo.toIsing();
    assertThatThrownBy(() -> ising.energy(new byte[] {0, 1})).hasMessageContaining("not a spin value");
  }

  @Test
  void zero_terms_are_dropped_and_absent_terms_read_as_zero() {
    Qubo qubo = Qubo.builder(3).addQuadratic(0, 1, 1).addQuadratic(0, 1, -1).addQuadratic(1, 2, 0).build();
    assertThat(qubo.numInteractions()).isZero();
    assertThat(qubo.quadratic(2, 0)).isZero();
  }
}
