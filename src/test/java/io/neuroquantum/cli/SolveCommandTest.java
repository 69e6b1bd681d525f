package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolveCommandTest {

  private static JsonNode json(CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void json_output_has_the_blueprint_fields_and_nothing_else_on_stdout() throws Exception {
    CliRunner.Result r = CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("biqmac/rudy/g05_60.0").toString(), "--seed", "3", "--sweeps", "500", "--reads", "4",
        "--json");
    JsonNode j = json(r);
    assertThat(r.out().strip().lines().count()).isEqualTo(1);
    assertThat(j.path("problem").asText()).isEqualTo("maxcut");
    assertThat(j.path("solver").asText()).isEqualTo("sa");
    assertThat(j.path("energy").isNumber()).isTrue();
    double totalWeight = io.neuroquantum.annealing.problems.MaxCut.of(io.neuroquantum.annealing.io.GsetReader.read(
        TestInstances.open("biqmac/rudy/g05_60.0"), "g05_60.0")).totalWeight();
    assertThat(j.path("objective").path("cut").asDouble()).isEqualTo((totalWeight - j.path("energy").asDouble()) / 2);
    assertThat(j.path("feasible").asBoolean()).isTrue();
    assertThat(j.path("solution")).hasSize(60);
    assertThat(j.path("timing").has("total_ms")).isTrue();
    assertThat(j.path("timing").has("sampling_ms")).isTrue();
    // an unweighted graph runs on the packed kernel: 64 lanes simulated, 4 of them reported
    assertThat(j.path("stats").path("spin_updates").asLong()).isEqualTo(64L * 500 * 60);
    assertThat(j.path("stats").path("ns_per_spin_update").asDouble()).isPositive();
    assertThat(j.path("stats").path("seed").asLong()).isEqualTo(3);
  }

  @Test
  void parallel_tempering_reports_its_ladder_swaps_and_round_trips() throws Exception {
    JsonNode j = json(CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("biqmac/ising/t2g10_5555").toString(), "--solver", "pt", "--seed", "2", "--sweeps", "400",
        "--replicas", "12", "--reads", "4", "--cluster-moves", "--ladder", "feedback", "--json"));
    assertThat(j.path("solver").asText()).isEqualTo("pt");
    assertThat(j.path("objective").path("cut").asDouble()).isEqualTo(6049461);
    JsonNode t = j.path("stats").path("tempering");
    assertThat(t.path("betas")).hasSize(12);
    assertThat(t.path("swap_acceptance")).hasSize(11);
    assertThat(t.path("round_trips_per_replica")).hasSize(12);
    assertThat(t.path("exchange_rounds").asLong()).isEqualTo(400);
    assertThat(t.path("cluster_moves").asLong()).isPositive();
    assertThat(t.path("best_energy_trace").get(0)).hasSize(3);
    assertThat(j.path("stats").path("reads").asInt()).isEqualTo(4);
  }

  @Test
  void same_seed_and_input_give_the_same_answer_for_any_thread_count() throws Exception {
    String input = TestInstances.path("biqmac/ising/t2g10_5555").toString();
    JsonNode one = json(CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--seed", "9", "--sweeps",
        "300", "--threads", "1", "--json"));
    JsonNode two = json(CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--seed", "9", "--sweeps",
        "300", "--threads", "2", "--json"));
    assertThat(one.path("solution")).isEqualTo(two.path("solution"));
    assertThat(one.path("energy")).isEqualTo(two.path("energy"));
  }

  @Test
  void solves_coloring_tsp_qubo_and_ising_files(@TempDir Path dir) throws Exception {
    JsonNode col = json(CliRunner.run("solve", "--problem", "coloring", "--colors", "4", "--input",
        TestInstances.path("coloring/myciel3.col").toString(), "--seed", "1", "--json"));
    assertThat(col.path("objective").path("conflicts").asInt()).isZero();
    assertThat(col.path("objective").path("coloring")).hasSize(11);

    JsonNode tsp = json(CliRunner.run("solve", "--problem", "tsp", "--input",
        TestInstances.path("tsplib/burma14.tsp").toString(), "--seed", "1", "--sweeps", "2000", "--json"));
    assertThat(tsp.path("objective").path("tour")).hasSize(14);
    assertThat(tsp.path("objective").path("tour_length").asDouble()).isGreaterThanOrEqualTo(3323);

    Path qubo = Files.writeString(dir.resolve("q.coo"), "0 0 -1\n1 1 -1\n0 1 2\n");
    JsonNode q = json(CliRunner.run("solve", "--problem", "qubo", "--input", qubo.toString(), "--solver", "exact",
        "--json"));
    assertThat(q.path("energy").asDouble()).isEqualTo(-1);
    assertThat(q.path("solver").asText()).isEqualTo("exact");

    Path ising = Files.writeString(dir.resolve("i.coo"), "# vartype=SPIN\n0 1 1\n1 2 1\n0 2 1\n");
    JsonNode i = json(CliRunner.run("solve", "--problem", "ising", "--input", ising.toString(), "--json"));
    assertThat(i.path("energy").asDouble()).isEqualTo(-1);   // a frustrated triangle
  }

  @Test
  void bad_input_is_a_clear_error_with_a_non_zero_exit(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.gset"), "3 2\n1 2 1\n2 three 1\n");
    CliRunner.Result r = CliRunner.run("solve", "--problem", "maxcut", "--input", bad.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("error: bad.gset:3: vertex must be an integer, found \"three\"");
    assertThat(r.out()).isEmpty();

    CliRunner.Result missing = CliRunner.run("solve", "--problem", "maxcut", "--input", dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");

    CliRunner.Result unknown = CliRunner.run("solve", "--problem", "bin_packing", "--input", bad.toString());
    assertThat(unknown.err()).contains("unknown problem \"bin_packing\"").contains("max2sat, number_partitioning, knapsack, jobshop, portfolio");

    CliRunner.Result solver = CliRunner.run("solve", "--problem", "maxcut", "--solver", "magic", "--input",
        TestInstances.path("biqmac/rudy/g05_60.0").toString());
    assertThat(solver.err()).contains("unknown solver \"magic\"");

    CliRunner.Result colors = CliRunner.run("solve", "--problem", "coloring", "--input",
        TestInstances.path("coloring/myciel3.col").toString());
    assertThat(colors.err()).contains("--colors");

    Path tooBig = Files.writeString(dir.resolve("big.coo"), "0 40 1\n");
    CliRunner.Result exact = CliRunner.run("solve", "--problem", "qubo", "--solver", "exact", "--input", tooBig.toString());
    assertThat(exact.err()).contains("over its limit of 30");
  }

  @Test
  void an_option_the_solver_does_not_take_is_refused_as_a_job_body_refuses_it() throws Exception {
    String input = TestInstances.path("biqmac/rudy/g05_60.0").toString();
    CliRunner.Result replicas = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "sa",
        "--replicas", "4");
    assertThat(replicas.exitCode()).isEqualTo(1);
    assertThat(replicas.err()).contains("error: --replicas: parameter 'replicas' does not apply to solver 'sa' "
        + "(it is a parameter of pt; sa takes sweeps, reads,");
    assertThat(replicas.out()).isEmpty();

    CliRunner.Result sweeps = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--sweeps", "0");
    assertThat(sweeps.err()).contains("error: --sweeps: sweeps must be between 1 and 2147483647, got 0");
    CliRunner.Result exact = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "exact",
        "--reads", "3");
    assertThat(exact.err()).contains("error: --reads: parameter 'reads' does not apply to solver 'exact'");
    CliRunner.Result workers = CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--workers", "2");
    assertThat(workers.err()).contains("Unknown option").contains("'--workers'");   // the command line runs in-process
  }

  @Test
  void the_multi_start_strategy_and_the_local_searches_are_solvers_of_the_command_line_too() throws Exception {
    String input = TestInstances.path("biqmac/rudy/g05_60.0").toString();
    JsonNode strategy = json(CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--starts", "2",
        "--parallel-runs", "2", "--sweeps", "300", "--reads", "2", "--seed", "4", "--json"));
    assertThat(strategy.path("stats").path("reads").asInt()).isEqualTo(2 * 2 * 2);
    assertThat(strategy.path("stats").path("strategy").path("runs").asInt()).isEqualTo(4);
    assertThat(strategy.path("parameters").path("starts").asInt()).isEqualTo(2);

    JsonNode tabu = json(CliRunner.run("solve", "--problem", "maxcut", "--input", input, "--solver", "tabu",
        "--reads", "2", "--iterations", "2000", "--seed", "4", "--json"));
    assertThat(tabu.path("solver").asText()).isEqualTo("tabu");
    assertThat(tabu.path("objective").path("cut").asDouble()).isPositive();
  }

  @Test
  void postprocess_descent_takes_every_sample_to_a_local_minimum_and_says_so() throws Exception {
    // a short colouring anneal leaves defects that one-hot moves of the descent repair
    JsonNode raw = json(CliRunner.run("solve", "--problem", "coloring", "--colors", "4", "--input",
        TestInstances.path("coloring/myciel3.col").toString(), "--sweeps", "3", "--reads", "8", "--seed", "2", "--json"));
    JsonNode post = json(CliRunner.run("solve", "--problem", "coloring", "--colors", "4", "--input",
        TestInstances.path("coloring/myciel3.col").toString(), "--sweeps", "3", "--reads", "8", "--seed", "2",
        "--postprocess", "descent", "--json"));
    JsonNode pp = post.path("stats").path("postprocess");
    assertThat(pp.path("method").asText()).isEqualTo("descent");
    assertThat(pp.path("best_energy_before").asDouble()).isEqualTo(raw.path("energy").asDouble());
    assertThat(pp.path("best_energy_after").asDouble()).isLessThanOrEqualTo(pp.path("best_energy_before").asDouble());
    assertThat(post.path("energy").asDouble()).isLessThanOrEqualTo(raw.path("energy").asDouble());
    assertThat(raw.path("stats").has("postprocess")).isFalse();
  }

  @Test
  void a_time_limit_returns_the_best_so_far() throws Exception {
    JsonNode j = json(CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("gset/G1").toString(), "--sweeps", "100000000", "--reads", "2", "--time-limit-ms", "300",
        "--json"));
    assertThat(j.path("stats").path("stop_reason").asText()).isEqualTo("time_limit");
    assertThat(j.path("stats").path("sweeps").asLong()).isLessThan(100_000_000L);
    assertThat(j.path("solution")).hasSize(800);
    assertThat(j.path("objective").path("cut").asDouble()).isPositive();
  }

  @Test
  void bench_reports_ns_per_spin_update() throws Exception {
    CliRunner.Result r = CliRunner.run("bench", "sa", "--input", TestInstances.path("biqmac/rudy/g05_60.0").toString(),
        "--sweeps", "100", "--reads", "2", "--warmups", "0", "--repeats", "2", "--json");
    JsonNode j = json(r);
    assertThat(j.path("median_ns_per_spin_update").asDouble()).isPositive();
    assertThat(j.path("ns_per_spin_update")).hasSize(2);
  }
}
