package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import io.neuroquantum.annealing.hardware.quera.AhsProgram.TimeSeries;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The MIS → AHS program encoding, and Aquila's validation rules applied to it and to hand-broken programs. */
class AhsEncodingTest {

  private static final AquilaCapabilities AQUILA = AquilaCapabilities.AQUILA;
  private final MisAhsEncoder encoder = new MisAhsEncoder(AQUILA);
  private final AhsProgramValidator validator = new AhsProgramValidator(AQUILA);

  /** A side×side square lattice with unit spacing; radius 1 joins nearest neighbours only. */
  static UnitDiskMis squareLattice(int side) {
    double[] x = new double[side * side];
    double[] y = new double[side * side];
    for (int i = 0; i < side * side; i++) {
      x[i] = i % side;
      y[i] = i / side;
    }
    return new UnitDiskMis(x, y, 1.0);
  }

  @Test
  void a_square_lattice_becomes_a_valid_program_whose_blockade_graph_is_the_lattice() throws Exception {
    AhsEncoding encoding = encoder.encode(squareLattice(5), HardwareParameters.reads(100));
    AhsProgram program = encoding.program();

    assertThat(validator.violations(program)).isEmpty();
    assertThat(program.sites()).isEqualTo(25);
    assertThat(encoding.graph().edgeSet()).hasSize(40);
    // the blockade radius falls between the nearest (edge) and diagonal (non-edge) spacing on the device
    double spacing = program.x().get(1).subtract(program.x().get(0)).doubleValue();
    assertThat(spacing).isLessThan(encoding.blockadeRadius());
    assertThat(spacing * Math.sqrt(2)).isGreaterThan(encoding.blockadeRadius());
    assertThat(spacing).isGreaterThanOrEqualTo(AQUILA.spacingRadialMin().doubleValue());
    // the drive: Ω 0 → max → 0, Δ from negative to positive, everything ending together
    assertThat(program.amplitude().values()).first().isEqualTo(BigDecimal.ZERO);
    assertThat(program.amplitude().values()).contains(AQUILA.rabiMax().stripTrailingZeros());
    assertThat(program.detuning().values().get(0).signum()).isNegative();
    assertThat(program.detuning().values().get(program.detuning().values().size() - 1).signum()).isPositive();
    // the final detuning sits between the interaction at a non-edge and at an edge
    assertThat(encoding.finalDetuning()).isBetween(AQUILA.interaction(spacing * Math.sqrt(2)), AQUILA.interaction(spacing));
  }

  @Test
  void the_program_json_reads_back_the_same_and_accepts_numbers_as_strings() throws Exception {
    AhsProgram program = encoder.encode(squareLattice(3), HardwareParameters.reads(10)).program();
    String json = program.toJson();
    assertThat(json).contains("\"braketSchemaHeader\":{\"name\":\"braket.ir.ahs.program\",\"version\":\"1\"}")
        .contains("\"ahs_register\"").contains("\"drivingFields\"").contains("\"localDetuning\":[]");
    AhsProgram back = AhsProgram.parse(json);
    assertThat(validator.violations(back)).isEmpty();
    assertThat(back.x()).usingElementComparator(BigDecimal::compareTo).isEqualTo(program.x());
    // the Python SDK sends Decimals as strings: "1E-7"
    AhsProgram fromStrings = AhsProgram.parse(json.replaceAll("(?<=[\\[,])(-?[0-9][0-9.E-]*)(?=[\\],])", "\"$1\""));
    assertThat(fromStrings.detuning().values()).usingElementComparator(BigDecimal::compareTo)
        .isEqualTo(program.detuning().values());
  }

  @Test
  void points_too_close_for_the_blockade_scale_are_refused_with_the_reason() {
    // the closest pair is 0.2 apart while the longest edge is 1: 0.2 × 7 µm < 4 µm
    UnitDiskMis close = new UnitDiskMis(new double[] {0, 0.2, 1.2}, new double[] {0, 0, 0}, 1.0);
    assertThatThrownBy(() -> encoder.encode(close, HardwareParameters.reads(10)))
        .isInstanceOf(HardwareException.class)
        .hasMessageContaining("closer than Aquila's 4.0 µm")
        .satisfies(e -> assertThat(((HardwareException) e).retryable()).isFalse());
  }

  @Test
  void a_register_larger_than_the_area_is_refused() {
    assertThatThrownBy(() -> encoder.encode(squareLattice(12), HardwareParameters.reads(10)))
        .isInstanceOf(HardwareException.class).hasMessageContaining("Aquila's area is 75.0 × 76.0 µm");
  }

  @Test
  void more_shots_or_atoms_or_time_than_aquila_has_are_refused() {
    assertThatThrownBy(() -> encoder.encode(squareLattice(2), HardwareParameters.reads(1001)))
        .hasMessageContaining("1000 shots per task");
    double[] many = new double[257];
    assertThatThrownBy(() -> encoder.encode(new UnitDiskMis(many, many, 1), HardwareParameters.reads(1)))
        .hasMessageContaining("at most 256 atoms");
    HardwareParameters tooLong = new HardwareParameters(null, 10, OptionalDouble.of(5.0), OptionalDouble.empty(), Map.of());
    assertThatThrownBy(() -> encoder.encode(squareLattice(2), tooLong)).hasMessageContaining("annealing time 5.0 µs");
  }

  @Test
  void the_validator_refuses_what_aquila_refuses() throws Exception {
    AhsProgram good = encoder.encode(squareLattice(2), HardwareParameters.reads(10)).program();
    List<BigDecimal> amplitude = new ArrayList<>(good.amplitude().values());
    amplitude.set(1, new BigDecimal("1.4E9"));
    AhsProgram loud = new AhsProgram(good.x(), good.y(), good.filling(),
        new TimeSeries(good.amplitude().times(), amplitude), good.phase(), good.detuning(), 0);
    assertThat(validator.violations(loud)).anySatisfy(v -> assertThat(v)
        .isEqualTo("Value 1 (1400000000) in amplitude time_series outside the allowed range [0, 15800000]"))
        .anySatisfy(v -> assertThat(v).contains("amplitude slope between time points 0 and 1"));

    List<BigDecimal> times = new ArrayList<>(good.detuning().times());
    times.set(1, new BigDecimal("3.0000001E-7"));
    AhsProgram offGrid = new AhsProgram(good.x(), good.y(), good.filling(), good.amplitude(), good.phase(),
        new TimeSeries(times, good.detuning().values()), 0);
    assertThat(validator.violations(offGrid)).anySatisfy(v -> assertThat(v).contains("not a multiple of the time resolution"));

    List<BigDecimal> x = new ArrayList<>(good.x());
    x.set(1, x.get(0).add(new BigDecimal("3E-6")));
    AhsProgram crowded = new AhsProgram(x, good.y(), good.filling(), good.amplitude(), good.phase(), good.detuning(), 0);
    assertThat(validator.violations(crowded)).anySatisfy(v -> assertThat(v).contains("closer than the minimum radial spacing"));

    List<BigDecimal> y = new ArrayList<>(good.y());
    y.set(2, y.get(2).add(new BigDecimal("1E-6")));
    y.set(3, y.get(3).add(new BigDecimal("-1E-6")));
    AhsProgram rows = new AhsProgram(good.x(), y, good.filling(), good.amplitude(), good.phase(), good.detuning(), 0);
    assertThat(validator.violations(rows)).anySatisfy(v -> assertThat(v).contains("minimum vertical spacing"));

    AhsProgram local = new AhsProgram(good.x(), good.y(), good.filling(), good.amplitude(), good.phase(), good.detuning(), 1);
    assertThat(validator.violations(local)).anySatisfy(v -> assertThat(v).contains("local detuning is an experimental"));

    TimeSeries shortPhase = new TimeSeries(List.of(BigDecimal.ZERO, new BigDecimal("1E-6")), good.phase().values());
    AhsProgram uneven = new AhsProgram(good.x(), good.y(), good.filling(), good.amplitude(), shortPhase, good.detuning(), 0);
    assertThat(validator.violations(uneven)).anySatisfy(v -> assertThat(v).contains("must end at the same time"));
  }
}
