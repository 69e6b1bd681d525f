package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solve model.lp}: a constrained quadratic model read from a CPLEX LP file, solved as its
 * penalty QUBO, reported as the model's variables, objective and per-constraint feasibility.
 */
class CqmSolveCommandTest {

  /** CqmOptimaTest's two-capacity knapsack (optimum 40, proven there by ojAlgo's integer solver). */
  static final String KNAPSACK = resource("/cqm/knapsack.lp");

  /** A test resource's text. */
  static String resource(String name) {
    try (java.io.InputStream in = CqmSolveCommandTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }

  private static JsonNode json(CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void the_knapsack_lp_is_solved_to_its_optimum_with_every_constraint_reported(@TempDir Path dir) throws Exception {
    Path lp = Files.writeString(dir.resolve("knapsack.lp"), KNAPSACK);
    JsonNode j = json(CliRunner.run("solve", lp.toString(), "--seed", "11", "--sweeps", "4000", "--threads", "2",
        "--json"));
    assertThat(j.path("problem").asText()).isEqualTo("cqm");
    assertThat(j.path("feasible").asBoolean()).isTrue();
    JsonNode o = j.path("objective");
    assertThat(o.path("objective").asDouble()).isEqualTo(40.0);
    assertThat(o.path("sense").asText()).isEqualTo("maximize");
    assertThat(o.path("violated_constraints").asInt()).isZero();
    assertThat(o.path("constraints").path("weight").path("satisfied").asBoolean()).isTrue();
    assertThat(o.path("constraints").path("volume").path("violation").asDouble()).isZero();
    JsonNode x = o.path("variables");
    int[] weight = {5, 7, 3, 4, 8, 2};
    double[] volume = {1.5, 0.5, 2.0, 1.0, 2.5, 0.5};
    double[] value = {10, 13, 7, 8, 15, 4};
    double w = 0;
    double v = 0;
    double total = 0;
    for (int i = 0; i < 6; i++) {
      long n = x.path("n" + i).asLong();
      assertThat(n).isBetween(0L, 2L);
      w += weight[i] * n;
      v += volume[i] * n;
      total += value[i] * n;
    }
    assertThat(w).isLessThanOrEqualTo(20);
    assertThat(v).isLessThanOrEqualTo(5.5);
    assertThat(total).isEqualTo(40.0);
  }

  @Test
  void a_cqm_through_pt_with_input_and_problem_named(@TempDir Path dir) throws Exception {
    Path lp = Files.writeString(dir.resolve("model.txt"), KNAPSACK);
    JsonNode j = json(CliRunner.run("solve", "--problem", "cqm", "--input", lp.toString(), "--solver", "pt",
        "--sweeps", "2000", "--seed", "11", "--threads", "2", "--json"));
    assertThat(j.path("objective").path("objective").asDouble()).isEqualTo(40.0);
    assertThat(j.path("feasible").asBoolean()).isTrue();
  }

  @Test
  void a_hubo_file_is_solved_to_its_enumerated_minimum(@TempDir Path dir) throws Exception {
    String text = """
        # coefficient, then 0-based variable indices; cubic and quartic terms
        -3 0 1 2
        2 1 2 3 4
        -2 3 4 5
        1.5 0 5
        -1 2
        4 0 1 2 3 4 5
        0.5
        """;
    Path file = Files.writeString(dir.resolve("model.hubo"), text);
    io.neuroquantum.annealing.hubo.Hubo hubo = io.neuroquantum.annealing.hubo.HuboReader.read(file);
    double min = Double.POSITIVE_INFINITY;
    for (int s = 0; s < 1 << 6; s++) {
      byte[] x = new byte[6];
      for (int i = 0; i < 6; i++) {
        x[i] = (byte) (s >> i & 1);
      }
      min = Math.min(min, hubo.energy(x));
    }
    for (String solver : new String[] {"exact", "sa"}) {
      JsonNode j = json(CliRunner.run("solve", "--problem", "hubo", "--input", file.toString(), "--solver", solver,
          "--seed", "3", "--json"));
      assertThat(j.path("problem").asText()).isEqualTo("hubo");
      assertThat(j.path("objective").path("hubo_energy").asDouble()).as(solver).isEqualTo(min);
      assertThat(j.path("energy").asDouble()).as(solver).isEqualTo(min);
      assertThat(j.path("feasible").asBoolean()).isTrue();
      assertThat(j.path("solution")).hasSize(6);
    }
    Path bad = Files.writeString(dir.resolve("bad.hubo"), "1 0 x\n");
    CliRunner.Result r = CliRunner.run("solve", "--problem", "hubo", "--input", bad.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("bad.hubo line 1");
  }

  @Test
  void a_file_that_is_not_lp_needs_its_problem_named_and_lp_takes_no_format(@TempDir Path dir) throws Exception {
    Path coo = Files.writeString(dir.resolve("q.coo"), "0 0 -1\n");
    CliRunner.Result r = CliRunner.run("solve", coo.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("--problem is required for q.coo");
    Path lp = Files.writeString(dir.resolve("k.lp"), KNAPSACK);
    CliRunner.Result f = CliRunner.run("solve", lp.toString(), "--format", "coo");
    assertThat(f.exitCode()).isNotZero();
    assertThat(f.err()).contains("--format does not apply to a cqm");
  }
}
