package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --all / --num-samples K}: every ground state of an exact solve, not just one. */
class SolveSamplesListingTest {

  /** (x0 + x1 + x2 − 1)²: exactly one variable set, three ground states at energy 0. */
  private static final String ONE_HOT = "# vartype=BINARY\n# offset=1\n0 0 -1\n1 1 -1\n2 2 -1\n0 1 2\n0 2 2\n1 2 2\n";

  @Test
  void solvesADimodJsonBqm(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bqm.json");
    try (var in = getClass().getResourceAsStream("/dimod/bqm_v3_labels.json")) {
      Files.write(file, in.readAllBytes());
    }
    // dimod's test BQM: every bias and the offset 3 at their best at once, so the ground energy is 3 - 5 - 5
    CliRunner.Result r = CliRunner.run("solve", "--problem", "ising", "--format", "dimod", "--input", file.toString(),
        "--solver", "exact", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("energy").asDouble()).isEqualTo(-7);
    CliRunner.Result wrongType = CliRunner.run("solve", "--problem", "qubo", "--format", "dimod", "--input",
        file.toString());
    assertThat(wrongType.exitCode()).isNotZero();
    assertThat(wrongType.err()).contains("holds a SPIN model but a BINARY model was asked for");
  }

  @Test
  void allListsEveryGroundStateOfAnExactSolve(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("onehot.coo"), ONE_HOT);
    CliRunner.Result r = CliRunner.run("solve", "--problem", "qubo", "--input", file.toString(), "--solver", "exact",
        "--all", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode samples = new ObjectMapper().readTree(r.out()).path("samples");
    assertThat(samples).hasSize(3);
    for (JsonNode s : samples) {
      assertThat(s.path("energy").asDouble()).isZero();
      int ones = 0;
      for (JsonNode v : s.path("sample")) {
        ones += v.asInt();
      }
      assertThat(ones).isEqualTo(1);
    }
    CliRunner.Result two = CliRunner.run("solve", "--problem", "qubo", "--input", file.toString(), "--solver", "exact",
        "--num-samples", "2", "--json");
    assertThat(new ObjectMapper().readTree(two.out()).path("samples")).hasSize(2);
    CliRunner.Result bad = CliRunner.run("solve", "--problem", "qubo", "--input", file.toString(), "--num-samples", "0");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("--num-samples must be at least 1");
  }
}
