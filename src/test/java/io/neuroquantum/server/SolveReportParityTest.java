package io.neuroquantum.server;

import static io.neuroquantum.server.JobsTestServer.maxcutJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.cli.CliRunner;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code solve --json} and a job's result are one report: the same run (same problem, solver,
 * parameters and seed) through the command line and through a real server's REST API gives the same
 * fields with the same values, apart from what measures this machine (times, ns per update).
 */
class SolveReportParityTest {

  /** Fields that measure the run rather than describe it: present in both, values not compared. */
  private static final Set<String> MEASURED = Set.of("timing.total_ms", "timing.sampling_ms",
      "stats.ns_per_spin_update", "stats.tempering.best_energy_trace", "stats.postprocess.seconds");

  private static JobsTestServer jobs;

  @BeforeAll
  static void start() {
    jobs = JobsTestServer.start();
  }

  @AfterAll
  static void stop() {
    jobs.close();
  }

  @Test
  void sa_with_descent_post_processing_reports_the_same_through_the_cli_and_a_job() throws Exception {
    compare(new JsonObject().put("type", "sa").put("sweeps", 300).put("reads", 8).put("seed", 5)
            .put("postprocess", "descent"),
        "--solver", "sa", "--sweeps", "300", "--reads", "8", "--seed", "5", "--postprocess", "descent");
  }

  @Test
  void pt_reports_its_tempering_statistics_the_same_through_the_cli_and_a_job() throws Exception {
    JsonNode report = compare(new JsonObject().put("type", "pt").put("sweeps", 200).put("replicas", 8).put("reads", 4)
            .put("ladder", "feedback").put("seed", 3),
        "--solver", "pt", "--sweeps", "200", "--replicas", "8", "--reads", "4", "--ladder", "feedback", "--seed", "3");
    assertThat(report.path("stats").path("tempering").path("betas")).hasSize(8);
    assertThat(report.path("stats").path("tempering").path("best_energy_trace").size()).isPositive();
  }

  @Test
  void num_samples_lists_the_same_distinct_samples_through_the_cli_and_a_job() throws Exception {
    JsonNode report = compare(new JsonObject().put("type", "sa").put("sweeps", 50).put("reads", 16).put("seed", 2),
        new JsonObject().put("num_samples", 5),
        "--solver", "sa", "--sweeps", "50", "--reads", "16", "--seed", "2", "--num-samples", "5");
    assertThat(report.path("samples").size()).isBetween(1, 5);
    assertThat(report.path("samples").get(0).path("energy").asDouble()).isEqualTo(report.path("energy").asDouble());
  }

  @Test
  void a_bad_num_samples_is_refused_with_the_reason() throws Exception {
    JsonObject body = maxcutJob(Files.readString(TestInstances.path("biqmac/rudy/g05_60.0")),
        new JsonObject().put("type", "sa")).put("num_samples", 0);
    var response = jobs.submit("pat", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo("num_samples must be a positive integer or \"all\", found 0");
  }

  @Test
  void composites_report_what_they_did_the_same_through_the_cli_and_a_job() throws Exception {
    JsonNode report = compare(new JsonObject().put("type", "sa").put("sweeps", 300).put("reads", 4).put("seed", 6)
            .put("spin_reversals", 2).put("roof_duality", true).put("beta_range", "0.05,4"),
        "--solver", "sa", "--sweeps", "300", "--reads", "4", "--seed", "6", "--spin-reversals", "2", "--roof-duality",
        "--beta-range", "0.05,4");
    assertThat(report.path("stats").path("spin_reversals").path("gauges_used").asInt()).isEqualTo(2);
    assertThat(report.path("stats").path("roof_duality").has("fixed_variables")).isTrue();
  }

  /** Runs the job and the command; asserts the reports agree and returns the command's. */
  private static JsonNode compare(JsonObject solver, String... solverArgs) throws Exception {
    return compare(solver, new JsonObject(), solverArgs);
  }

  private static JsonNode compare(JsonObject solver, JsonObject moreBody, String... solverArgs) throws Exception {
    String instance = "biqmac/rudy/g05_60.0";
    JsonObject body = maxcutJob(Files.readString(TestInstances.path(instance)), solver).mergeIn(moreBody);
    String id = jobs.submit("pat", body).bodyAsJsonObject().getString("job_id");

    List<String> args = new ArrayList<>(List.of("solve", "--problem", "maxcut", "--input",
        TestInstances.path(instance).toString(), "--json"));
    args.addAll(List.of(solverArgs));
    CliRunner.Result cli = CliRunner.run(args.toArray(String[]::new));
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    JsonNode fromCli = mapper.readTree(cli.out());

    JsonObject job = jobs.awaitEnd("pat", id);
    assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
    JsonNode fromJob = mapper.readTree(job.getJsonObject("result").encode());
    assertSame("", fromCli, fromJob);
    assertThat(job.getDouble("best_energy")).isEqualTo(fromCli.path("energy").asDouble());
    return fromCli;
  }

  private static void assertSame(String path, JsonNode cli, JsonNode job) {
    if (MEASURED.contains(path)) {
      assertThat(job.getNodeType()).as(path).isEqualTo(cli.getNodeType());
      return;
    }
    if (!cli.isObject()) {
      assertThat(job).as(path).isEqualTo(cli);
      return;
    }
    List<String> cliFields = new ArrayList<>();
    cli.fieldNames().forEachRemaining(cliFields::add);
    List<String> jobFields = new ArrayList<>();
    for (Iterator<String> it = job.fieldNames(); it.hasNext(); ) {
      jobFields.add(it.next());
    }
    assertThat(jobFields).as("fields of " + (path.isEmpty() ? "the report" : path)).containsExactlyInAnyOrderElementsOf(cliFields);
    for (String f : cliFields) {
      assertSame(path.isEmpty() ? f : path + "." + f, cli.get(f), job.get(f));
    }
  }
}
