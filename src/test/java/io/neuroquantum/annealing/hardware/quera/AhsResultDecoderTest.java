package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.model.Sample;
import org.junit.jupiter.api.Test;

/**
 * Golden pre/post vectors for the results.json decoding: post 0 means Rydberg (or lost), and a shot
 * that lacks a requested atom is not used.
 */
class AhsResultDecoderTest {

  /** A path 0-1-2 / 3-4-5 of two rows, as in Braket's 2×3 example: sites 1 apart, radius 1 (no diagonals). */
  private static final UnitDiskMis TWO_BY_THREE = new UnitDiskMis(
      new double[] {0, 1, 2, 0, 1, 2}, new double[] {0, 0, 0, 1, 1, 1}, 1.0);

  private final AhsResultDecoder decoder = new AhsResultDecoder();

  private static AhsEncoding encoding() throws Exception {
    return new MisAhsEncoder(AquilaCapabilities.AQUILA).encode(TWO_BY_THREE, HardwareParameters.reads(10));
  }

  private static String results(String... shots) {
    return """
        {"braketSchemaHeader": {"name": "braket.task_result.analog_hamiltonian_simulation_task_result", "version": "1"},
         "taskMetadata": {"braketSchemaHeader": {"name": "braket.task_result.task_metadata", "version": "1"},
           "id": "arn:aws:braket:us-east-1:123456789012:quantum-task/x", "shots": %d,
           "deviceId": "arn:aws:braket:us-east-1::device/qpu/quera/Aquila",
           "createdAt": "2026-11-25T10:00:00.000Z", "endedAt": "2026-11-25T10:05:00.000Z", "status": "COMPLETED"},
         "measurements": [%s]}
        """.formatted(shots.length, String.join(",", shots));
  }

  private static String shot(String status, String pre, String post) {
    return "{\"shotMetadata\": {\"shotStatus\": \"" + status + "\"}, \"shotResult\": {\"preSequence\": " + pre
        + ", \"postSequence\": " + post + "}}";
  }

  @Test
  void post_zero_is_rydberg_and_the_checkerboard_is_read_as_a_maximum_set() throws Exception {
    // Rydberg at 0, 2, 4: post = 0 there, 1 (ground) elsewhere
    HardwareResult result = decoder.decode(results(shot("Success", "[1,1,1,1,1,1]", "[0,1,0,1,0,1]")), encoding());
    Sample best = result.samples().best();
    assertThat(best.toIntArray()).containsExactly(1, 0, 1, 0, 1, 0);
    assertThat(best.energy()).isEqualTo(-3.0);
    assertThat(result.info()).containsEntry("shots_used", 1).containsEntry("raw_independent_fraction", 1.0)
        .containsEntry("best_size", 3);
  }

  @Test
  void a_shot_missing_a_requested_atom_is_dropped_and_failed_shots_are_skipped() throws Exception {
    String missingAtom = shot("Success", "[1,1,0,1,1,1]", "[0,1,0,1,0,1]");
    String failed = "{\"shotMetadata\": {\"shotStatus\": \"Failure\"}, \"shotResult\": {\"preSequence\": null, \"postSequence\": null}}";
    String good = shot("Success", "[1,1,1,1,1,1]", "[1,0,1,0,1,0]");
    HardwareResult result = decoder.decode(results(missingAtom, failed, good), encoding());
    assertThat(result.samples().totalOccurrences()).isEqualTo(1);
    assertThat(result.samples().best().toIntArray()).containsExactly(0, 1, 0, 1, 0, 1);
    assertThat(result.info()).containsEntry("shots_measured", 3).containsEntry("shots_successful", 2)
        .containsEntry("shots_used", 1);
  }

  @Test
  void violations_are_repaired_and_the_set_grown_to_maximal() throws Exception {
    // all of row 0 read as Rydberg (0-1 and 1-2 conflict): vertex 1 is dropped, then 4 is added
    HardwareResult result = decoder.decode(results(shot("Success", "[1,1,1,1,1,1]", "[0,0,0,1,1,1]")), encoding());
    assertThat(result.samples().best().toIntArray()).containsExactly(1, 0, 1, 0, 1, 0);
    assertThat(result.info()).containsEntry("repaired_shots", 1).containsEntry("raw_independent_fraction", 0.0);
    // nothing read as Rydberg still gives a maximal set
    HardwareResult empty = decoder.decode(results(shot("Success", "[1,1,1,1,1,1]", "[1,1,1,1,1,1]")), encoding());
    assertThat(-empty.samples().best().energy()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void no_usable_shot_is_an_error_with_the_reason() throws Exception {
    AhsEncoding encoding = encoding();
    assertThatThrownBy(() -> decoder.decode(results(shot("Success", "[0,1,1,1,1,1]", "[0,1,1,1,1,1]")), encoding))
        .hasMessageContaining("none of the task's 1 shots had every requested atom");
    assertThatThrownBy(() -> decoder.decode("{\"braketSchemaHeader\":{\"name\":\"other\"}}", encoding))
        .hasMessageContaining("not an AHS task result");
  }
}
