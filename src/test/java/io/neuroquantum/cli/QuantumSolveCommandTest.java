package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --solver sqa | tfim-exact} and {@code bench sqa} from the command line. */
class QuantumSolveCommandTest {

  private static JsonNode json(CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void sqa_solves_max_cut_with_its_own_options() throws Exception {
    JsonNode j = json(CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("biqmac/rudy/g05_60.0").toString(), "--solver", "sqa", "--slices", "8", "--sweeps", "300",
        "--reads", "4", "--gamma0", "12", "--gamma-final", "0.05", "--field-schedule", "exponential:3", "--seed", "1",
        "--json"));
    assertThat(j.path("solver").asText()).isEqualTo("sqa");
    assertThat(j.path("objective").path("cut").asDouble()).isEqualTo(536);
    assertThat(j.path("stats").path("spin_updates").asLong()).isEqualTo(4L * 300 * 60 * 8 * 2);
    assertThat(j.path("stats").path("ns_per_spin_update").asDouble()).isPositive();
  }

  @Test
  void tfim_exact_reports_the_ground_state_probability(@TempDir Path dir) throws Exception {
    Path triangle = Files.writeString(dir.resolve("t.coo"), "# vartype=SPIN\n0 1 1\n1 2 1\n0 2 -1\n0 0 0.5\n");
    JsonNode j = json(CliRunner.run("solve", "--problem", "ising", "--input", triangle.toString(), "--solver",
        "tfim-exact", "--anneal-time", "40", "--reads", "50", "--seed", "1", "--json"));
    assertThat(j.path("solver").asText()).isEqualTo("tfim-exact");
    assertThat(j.path("energy").asDouble()).isEqualTo(-3.5);
    assertThat(j.path("stats").path("tfim_exact").path("ground_state_probability").asDouble()).isGreaterThan(0.9);
  }

  @Test
  void bad_quantum_options_are_clear_errors(@TempDir Path dir) throws Exception {
    String input = TestInstances.path("biqmac/rudy/g05_60.0").toString();
    CliRunner.Result slices = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "sqa",
        "--slices", "1");
    assertThat(slices.exitCode()).isEqualTo(1);
    assertThat(slices.err()).contains("--slices: slices must be between 2 and 2147483647, got 1");
    CliRunner.Result nan = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "sqa",
        "--gamma0", "NaN", "--gamma-final", "0.1");
    assertThat(nan.err()).contains("--gamma0: gamma0 must be a finite number, got NaN");
    CliRunner.Result schedule = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "sqa",
        "--gamma0", "5", "--gamma-final", "0.1", "--field-schedule", "cosine");
    assertThat(schedule.err()).contains("unknown field schedule");
    CliRunner.Result big = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "tfim-exact");
    assertThat(big.err()).contains("at most 20 spins");
  }

  @Test
  void bench_sqa_reports_ns_per_spin_slice_update() throws Exception {
    CliRunner.Result r = CliRunner.run("bench", "sqa", "--input", TestInstances.path("biqmac/rudy/g05_60.0").toString(),
        "--sweeps", "20", "--reads", "1", "--slices", "4", "--warmups", "0", "--repeats", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("ns per spin-slice update attempt");
  }
}
