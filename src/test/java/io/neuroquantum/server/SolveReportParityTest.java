package io.neuroquantum.server;

import static io.neuroquantum.server.JobsTestServer.maxcutJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.cqm.ConstrainedQuadraticModel;
import io.neuroquantum.annealing.cqm.CqmJson;
import io.neuroquantum.annealing.cqm.CqmQubo;
import io.neuroquantum.annealing.cqm.OjAlgoOptimum;
import io.neuroquantum.annealing.hubo.Hubo;
import io.neuroquantum.annealing.hubo.HuboJson;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.cli.CliRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  // ---- constrained and higher-order models ------------------------------------------------------

  /**
   * CqmOptimaTest's two-capacity knapsack in the job API's JSON form: up to 2 copies of 6 items, integer
   * weights ≤ 20 and decimal volumes ≤ 5.5, maximise the value. ojAlgo proves 40.
   */
  private static final String KNAPSACK = """
      {"variables": [
        {"name": "n0", "vartype": "INTEGER", "upper_bound": 2}, {"name": "n1", "vartype": "INTEGER", "upper_bound": 2},
        {"name": "n2", "vartype": "INTEGER", "upper_bound": 2}, {"name": "n3", "vartype": "INTEGER", "upper_bound": 2},
        {"name": "n4", "vartype": "INTEGER", "upper_bound": 2}, {"name": "n5", "vartype": "INTEGER", "upper_bound": 2}],
       "objective": {"sense": "maximize", "linear": {"n0": 10, "n1": 13, "n2": 7, "n3": 8, "n4": 15, "n5": 4}},
       "constraints": [
        {"label": "weight", "linear": {"n0": 5, "n1": 7, "n2": 3, "n3": 4, "n4": 8, "n5": 2}, "sense": "<=", "rhs": 20},
        {"label": "volume", "linear": {"n0": 1.5, "n1": 0.5, "n2": 2.0, "n3": 1.0, "n4": 2.5, "n5": 0.5},
         "sense": "<=", "rhs": 5.5}]}""";

  /** The same knapsack as an LP file (variables in the same order, so the same QUBO). */
  private static final String KNAPSACK_LP;

  static {
    try (java.io.InputStream in = SolveReportParityTest.class.getResourceAsStream("/cqm/knapsack.lp")) {
      KNAPSACK_LP = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_knapsack_cqm_job_reaches_ojalgos_optimum_and_reports_as_solve_does_on_the_same_file(@TempDir Path dir)
      throws Exception {
    ConstrainedQuadraticModel model = CqmJson.read(new ObjectMapper().readTree(KNAPSACK), ModelLimits.DEFAULT);
    double optimum = OjAlgoOptimum.solve(model).objective();
    assertThat(optimum).isEqualTo(40);
    Path file = dir.resolve("knapsack.json");
    Files.writeString(file, KNAPSACK);
    JsonNode report = compare(new JsonObject(KNAPSACK).put("type", "cqm"),
        new JsonObject().put("type", "sa").put("sweeps", 4000).put("seed", 11), new JsonObject().put("num_samples", 4),
        List.of("--problem", "cqm", "--input", file.toString()), "--solver", "sa", "--sweeps", "4000", "--seed", "11",
        "--num-samples", "4");
    assertThat(report.path("problem").asText()).isEqualTo("cqm");
    assertThat(report.path("feasible").asBoolean()).isTrue();
    assertThat(report.path("objective").path("objective").asDouble()).isEqualTo(optimum);
    assertThat(report.path("objective").path("constraints").path("volume").path("satisfied").asBoolean()).isTrue();
    // every listed sample says whether it is feasible, its objective, and by how much it misses what it breaks
    assertThat(report.path("samples").size()).isBetween(1, 4);
    for (JsonNode row : report.path("samples")) {
      assertThat(row.has("feasible") && row.has("objective") && row.path("violations").isObject()).as(row.toString()).isTrue();
      long[] values = decode(model, row.path("sample"));
      double[] violations = model.violations(values);
      assertThat(row.path("feasible").asBoolean()).isEqualTo(model.isFeasible(values));
      assertThat(row.path("objective").asDouble()).isEqualTo(model.objectiveValue(values));
      for (int c = 0; c < violations.length; c++) {
        JsonNode v = row.path("violations").path(model.constraints().get(c).label());
        assertThat(v.isMissingNode() ? 0 : v.asDouble()).isEqualTo(violations[c]);
      }
    }

    // the LP text of the same model, as the job's data and as solve's file: the same run again
    Path lp = dir.resolve("knapsack.lp");
    Files.writeString(lp, KNAPSACK_LP);
    JsonNode fromLp = compare(new JsonObject().put("type", "cqm").put("format", "lp").put("data", KNAPSACK_LP),
        new JsonObject().put("type", "sa").put("sweeps", 4000).put("seed", 11), new JsonObject(),
        List.of(lp.toString()), "--solver", "sa", "--sweeps", "4000", "--seed", "11");
    assertThat(fromLp.path("objective").path("objective").asDouble()).isEqualTo(optimum);
    assertThat(fromLp.path("solution")).isEqualTo(report.path("solution"));
  }

  /** The model's values in a listed QUBO sample (decision bits first, in CqmQubo's layout). */
  private static long[] decode(ConstrainedQuadraticModel model, JsonNode sample) {
    CqmQubo q = CqmQubo.of(model);
    byte[] bits = new byte[sample.size()];
    for (int k = 0; k < bits.length; k++) {
      bits[k] = (byte) sample.get(k).asInt();
    }
    return q.values(bits);
  }

  @Test
  void a_hubo_jobs_energy_is_the_polynomials_exact_energy_and_reports_as_solve_does(@TempDir Path dir) throws Exception {
    // 14 variables, 30 terms of degree 1 to 5: small enough to know the minimum by enumeration
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    JsonArray terms = new JsonArray();
    for (int t = 0; t < 30; t++) {
      JsonArray vars = new JsonArray();
      rnd.ints(1 + rnd.nextInt(5), 0, 14).forEach(vars::add);
      terms.add(new JsonArray().add(vars).add(Math.round(rnd.nextDouble(-5, 5) * 4) / 4.0));
    }
    JsonObject doc = new JsonObject().put("num_variables", 14).put("terms", terms).put("offset", 1.5);
    Hubo hubo = HuboJson.read(new ObjectMapper().readTree(doc.encode()), ModelLimits.DEFAULT);
    assertThat(hubo.degree()).isGreaterThanOrEqualTo(4);
    double minimum = Double.POSITIVE_INFINITY;
    for (int mask = 0; mask < 1 << 14; mask++) {
      minimum = Math.min(minimum, hubo.energy(bits(mask, 14)));
    }
    Path file = dir.resolve("poly.json");
    Files.writeString(file, doc.encode());
    JsonNode report = compare(doc.copy().put("type", "hubo"),
        new JsonObject().put("type", "sa").put("sweeps", 2000).put("seed", 4), new JsonObject().put("num_samples", "all"),
        List.of("--problem", "hubo", "--input", file.toString()), "--solver", "sa", "--sweeps", "2000", "--seed", "4",
        "--all");
    byte[] solution = new byte[14];
    for (int i = 0; i < 14; i++) {
      solution[i] = (byte) report.path("solution").get(i).asInt();
    }
    assertThat(report.path("objective").path("hubo_energy").asDouble()).isEqualTo(hubo.energy(solution)).isEqualTo(minimum);
    assertThat(report.path("feasible").asBoolean()).isTrue();
    assertThat(report.path("energy").asDouble()).isCloseTo(minimum, org.assertj.core.api.Assertions.within(1e-9));   // consistent auxiliaries: the QUBO's energy is the HUBO's
    assertThat(report.path("samples").size()).isPositive();
    for (JsonNode row : report.path("samples")) {
      assertThat(row.has("hubo_energy") && row.has("feasible")).as(row.toString()).isTrue();
      byte[] x = new byte[14];
      for (int i = 0; i < 14; i++) {
        x[i] = (byte) row.path("sample").get(i).asInt();
      }
      assertThat(row.path("hubo_energy").asDouble()).isEqualTo(hubo.energy(x));
      if (row.path("feasible").asBoolean()) {
        assertThat(row.path("energy").asDouble()).isCloseTo(hubo.energy(x), org.assertj.core.api.Assertions.within(1e-9));
      }
    }
  }

  private static byte[] bits(int mask, int n) {
    byte[] x = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = (byte) (mask >>> i & 1);
    }
    return x;
  }

  /** Runs the job and the command; asserts the reports agree and returns the command's. */
  private static JsonNode compare(JsonObject solver, String... solverArgs) throws Exception {
    return compare(solver, new JsonObject(), solverArgs);
  }

  private static JsonNode compare(JsonObject solver, JsonObject moreBody, String... solverArgs) throws Exception {
    String instance = "biqmac/rudy/g05_60.0";
    return compare(new JsonObject().put("type", "maxcut").put("format", "gset")
            .put("data", Files.readString(TestInstances.path(instance))), solver, moreBody,
        List.of("--problem", "maxcut", "--input", TestInstances.path(instance).toString()), solverArgs);
  }

  /** The job of {@code problem}, and {@code solve} with {@code problemArgs} (the same problem from a file). */
  private static JsonNode compare(JsonObject problem, JsonObject solver, JsonObject moreBody, List<String> problemArgs,
      String... solverArgs) throws Exception {
    JsonObject body = new JsonObject().put("problem", problem).put("solver", solver).mergeIn(moreBody);
    var submitted = jobs.submit("pat", body);
    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(202);
    String id = submitted.bodyAsJsonObject().getString("job_id");

    List<String> args = new ArrayList<>(List.of("solve"));
    args.addAll(problemArgs);
    args.add("--json");
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
