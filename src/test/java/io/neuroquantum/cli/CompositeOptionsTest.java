package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composites and warm starts through the command line: {@code --roof-duality},
 * {@code --spin-reversals}, {@code --beta-range}, {@code --schedule custom:FILE} and
 * {@code --initial-state FILE}, each checked against the exact ground energy of a small QUBO, and
 * their refusals.
 */
class CompositeOptionsTest {

  private static JsonNode json(CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  /** A random 16-variable QUBO, as COO; {@code submodular}: every quadratic term ≤ 0 (roof duality decides it). */
  private static Path qubo(Path dir, long seed, boolean submodular) throws Exception {
    Random rnd = new Random(seed);
    StringBuilder coo = new StringBuilder("# vartype=BINARY\n");
    for (int i = 0; i < 16; i++) {
      coo.append(i).append(' ').append(i).append(' ').append(rnd.nextInt(21) - 10).append('\n');
      for (int j = i + 1; j < 16; j++) {
        if (rnd.nextInt(4) == 0) {
          int q = rnd.nextInt(9) + 1;
          coo.append(i).append(' ').append(j).append(' ').append(submodular ? -q : q - 5).append('\n');
        }
      }
    }
    return Files.writeString(dir.resolve("q" + seed + ".coo"), coo);
  }

  private static CliRunner.Result solve(Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("solve", "--problem", "qubo", "--input", input.toString(), "--seed", "4",
        "--json"));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static double groundEnergy(Path input) throws Exception {
    return json(solve(input, "--solver", "exact")).path("energy").asDouble();
  }

  @Test
  void roof_duality_fixes_a_submodular_qubo_completely_and_says_so(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 1, true);
    JsonNode j = json(solve(input, "--roof-duality", "--sweeps", "200", "--reads", "4"));
    JsonNode roof = j.path("stats").path("roof_duality");
    assertThat(roof.path("fixed_variables").asInt()).isEqualTo(16);
    assertThat(roof.path("free_variables").asInt()).isZero();
    assertThat(roof.path("fixed")).hasSize(16);
    assertThat(j.path("energy").asDouble()).isEqualTo(groundEnergy(input));
    assertThat(j.path("parameters").path("roof_duality").asBoolean()).isTrue();
  }

  @Test
  void roof_duality_on_a_frustrated_qubo_keeps_the_ground_energy(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 2, false);
    JsonNode j = json(solve(input, "--roof-duality", "--solver", "tabu", "--reads", "2"));
    JsonNode roof = j.path("stats").path("roof_duality");
    assertThat(roof.path("fixed_variables").asInt() + roof.path("free_variables").asInt()).isEqualTo(16);
    assertThat(j.path("energy").asDouble()).isEqualTo(groundEnergy(input));
  }

  @Test
  void spin_reversals_run_one_solve_per_gauge_and_pool_the_reads(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 3, false);
    JsonNode j = json(solve(input, "--spin-reversals", "3", "--sweeps", "500", "--reads", "5"));
    assertThat(j.path("stats").path("spin_reversals").path("transforms").asInt()).isEqualTo(3);
    assertThat(j.path("stats").path("spin_reversals").path("gauges_used").asInt()).isEqualTo(3);
    assertThat(j.path("stats").path("reads").asInt()).isEqualTo(15);
    assertThat(j.path("energy").asDouble()).isEqualTo(groundEnergy(input));
    // around the exact solver a gauge changes nothing but the labels: still every ground state
    JsonNode exact = json(solve(input, "--solver", "exact", "--spin-reversals", "2", "--roof-duality"));
    assertThat(exact.path("energy").asDouble()).isEqualTo(groundEnergy(input));
  }

  @Test
  void beta_range_and_a_custom_schedule_file_drive_the_anneal(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 4, false);
    JsonNode ranged = json(solve(input, "--beta-range", "0.01,5", "--sweeps", "300", "--reads", "8"));
    assertThat(ranged.path("parameters").path("beta_range").asText()).isEqualTo("0.01,5");
    assertThat(ranged.path("energy").asDouble()).isEqualTo(groundEnergy(input));

    String betas = IntStream.range(0, 120).mapToObj(k -> String.valueOf(0.02 + 0.05 * k))
        .collect(Collectors.joining("\n", "# a linear schedule, one β per sweep\n", "\n"));
    Path schedule = Files.writeString(dir.resolve("betas.txt"), betas);
    JsonNode custom = json(solve(input, "--schedule", "custom:" + schedule, "--reads", "8"));
    assertThat(custom.path("stats").path("sweeps").asLong()).isEqualTo(120);
    assertThat(custom.path("parameters").path("betas")).hasSize(120);
    assertThat(custom.path("energy").asDouble()).isEqualTo(groundEnergy(input));
  }

  @Test
  void an_initial_state_at_a_ground_state_is_where_descent_stays(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 5, false);
    JsonNode ground = json(solve(input, "--solver", "exact"));
    String state = IntStream.range(0, 16).mapToObj(i -> ground.path("solution").get(i).asText())
        .collect(Collectors.joining(" "));
    Path file = Files.writeString(dir.resolve("start.txt"), "# the exact solver's ground state\n" + state + "\n");
    JsonNode descent = json(solve(input, "--solver", "descent", "--initial-state", file.toString()));
    assertThat(descent.path("solution")).isEqualTo(ground.path("solution"));
    assertThat(descent.path("stats").path("reads").asInt()).isEqualTo(1);
    JsonNode sa = json(solve(input, "--initial-state", file.toString(), "--sweeps", "50", "--reads", "2"));
    assertThat(sa.path("energy").asDouble()).isEqualTo(ground.path("energy").asDouble());
  }

  @Test
  void bad_values_and_misplaced_options_are_refused_with_the_option_named(@TempDir Path dir) throws Exception {
    Path input = qubo(dir, 6, false);
    CliRunner.Result range = solve(input, "--beta-range", "3");
    assertThat(range.exitCode()).isNotZero();
    assertThat(range.err()).contains("--beta-range: beta_range must be HOT,COLD");

    Path schedule = Files.writeString(dir.resolve("b.txt"), "0.1 0.2 0.3\n");
    CliRunner.Result both = solve(input, "--schedule", "custom:" + schedule, "--sweeps", "10");
    assertThat(both.exitCode()).isNotZero();
    assertThat(both.err()).contains("--sweeps: parameter 'sweeps' does not combine with 'betas'");

    CliRunner.Result onPt = solve(input, "--solver", "pt", "--beta-range", "0.1,2");
    assertThat(onPt.exitCode()).isNotZero();
    assertThat(onPt.err()).contains("--beta-range: parameter 'beta_range' does not apply to solver 'pt'");

    Path shortState = Files.writeString(dir.resolve("short.txt"), "0 1 0\n");
    CliRunner.Result wrong = solve(input, "--initial-state", shortState.toString());
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("initial state 0");

    Path junk = Files.writeString(dir.resolve("junk.txt"), "0 1 2\n");
    CliRunner.Result notSpin = solve(input, "--initial-state", junk.toString());
    assertThat(notSpin.exitCode()).isNotZero();
    assertThat(notSpin.err()).contains("line 1").contains("\"2\"");

    CliRunner.Result zero = solve(input, "--spin-reversals", "0");
    assertThat(zero.exitCode()).isNotZero();
    assertThat(zero.err()).contains("--spin-reversals: spin_reversals must be between 1 and 65536, got 0");
  }
}
