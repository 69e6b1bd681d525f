package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Max-2-SAT, number partitioning and knapsack as jobs over REST: from JSON and from a file's text, the
 * answer in the job's result; hostile sizes refused with 400 and the bound's name before the model is built.
 */
class NumberedProblemJobsIntegrationTest {

  private static TestServer server;
  private static Vertx vertx;
  private static WebClient web;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    web.close();
    vertx.close().await();
    server.close();
  }

  @Test
  void max2sat_from_the_cnf_text_and_from_json_clauses() throws Exception {
    JsonObject file = result(new JsonObject().put("type", "max2sat")
        .put("data", Files.readString(TestInstances.path("max2sat/s2v120c1200-1.cnf"))));
    assertThat(file.getJsonObject("objective").getInteger("unsatisfied_clauses")).isEqualTo(161);
    assertThat(file.getBoolean("feasible")).isTrue();

    // x1 ∨ ¬x2, x2, ¬x1, x1 ∨ x2: x2 true forces x1 (clause 1) against ¬x1; one clause must stay unsatisfied
    JsonObject json = result(new JsonObject().put("type", "max2sat")
        .put("clauses", new JsonArray("[[1,-2],[2],[-1],[1,2]]")));
    assertThat(json.getJsonObject("objective").getInteger("unsatisfied_clauses")).isEqualTo(1);
    assertThat(json.getJsonObject("objective").getDouble("unsatisfied_weight")).isEqualTo(1.0);
  }

  @Test
  void number_partitioning_and_knapsack_from_json() throws Exception {
    JsonObject split = result(new JsonObject().put("type", "number_partitioning")
        .put("numbers", new JsonArray("[4, 5, 6, 7, 8]")));   // {4, 5, 6} and {7, 8}: 15 each
    assertThat(split.getJsonObject("objective").getDouble("difference")).isZero();

    JsonObject packed = result(new JsonObject().put("type", "knapsack").put("capacity", 10)
        .put("weights", new JsonArray("[5, 4, 6, 3]")).put("values", new JsonArray("[6, 5, 8, 2]")));
    assertThat(packed.getJsonObject("objective").getDouble("value")).isEqualTo(13.0);
    assertThat(packed.getJsonObject("objective").getJsonArray("items")).containsExactly(1, 2);
  }

  /** Two jobs on two machines, horizon 7: job 0 (m0 for 3, m1 for 2) and job 1 (m1 for 2, m0 for 2); optimum 5. */
  @Test
  void jobshop_and_portfolio_from_json() throws Exception {
    JsonObject schedule = result(new JsonObject().put("type", "jobshop").put("horizon", 7)
        .put("jobs", new JsonArray("[[[0, 3], [1, 2]], [[1, 2], [0, 2]]]")));
    assertThat(schedule.getJsonObject("objective").getInteger("makespan")).isEqualTo(5);
    JsonArray starts = schedule.getJsonObject("objective").getJsonArray("starts");
    assertThat(starts.getInteger(1)).isGreaterThanOrEqualTo(starts.getInteger(0) + 3);
    assertThat(starts.getInteger(3)).isGreaterThanOrEqualTo(starts.getInteger(2) + 2);

    // three uncorrelated assets, hold 2: the two highest returns when risk is cheap
    JsonObject held = result(new JsonObject().put("type", "portfolio").put("assets", 2).put("risk_aversion", 0.1)
        .put("returns", new JsonArray("[0.3, 0.1, 0.2]"))
        .put("covariance", new JsonArray("[[0.01, 0, 0], [0, 0.01, 0], [0, 0, 0.01]]")));
    assertThat(held.getJsonObject("objective").getJsonArray("assets")).containsExactly(0, 2);
  }

  @Test
  void hostile_sizes_are_refused_before_the_model_is_built() {
    // 3000 numbers: 4.5·10⁶ pairs, each a term; a body of 15 kB
    JsonArray many = new JsonArray();
    for (int i = 0; i < 3000; i++) {
      many.add(i + 1);
    }
    assertThat(refusal(new JsonObject().put("type", "number_partitioning").put("numbers", many)))
        .contains("3000 numbers").contains("anneal.max_quadratic_terms");
    // a knapsack of 2000 items: 2000 + 63 slack bits, every pair a term
    JsonArray ones = new JsonArray();
    for (int i = 0; i < 2000; i++) {
      ones.add(1);
    }
    assertThat(refusal(new JsonObject().put("type", "knapsack").put("capacity", Long.MAX_VALUE / 2)
        .put("weights", ones).put("values", ones)))
        .contains("2000 items").contains("anneal.max_quadratic_terms");
    // a cnf header asking for more variables than a job may have
    assertThat(refusal(new JsonObject().put("type", "max2sat").put("data", "p cnf 1000000 1\n1 0\n")))
        .contains("anneal.max_variables");
    // one operation over a horizon of 10⁹ steps: 2·10⁹ start variables, refused before the windows exist
    assertThat(refusal(new JsonObject().put("type", "jobshop").put("horizon", 1_000_000_000)
        .put("jobs", new JsonArray("[[[0, 1]]]")))).contains("anneal.max_variables");
    assertThat(refusal(new JsonObject().put("type", "jobshop").put("jobs", new JsonArray("[[[0, 1]]]"))))
        .contains("needs \"horizon\"");
    assertThat(refusal(new JsonObject().put("type", "portfolio").put("assets", 1).put("risk_aversion", 1)
        .put("returns", many).put("covariance", new JsonArray()))).contains("3000 assets").contains("anneal.max_quadratic_terms");
    assertThat(refusal(new JsonObject().put("type", "max2sat").put("clauses", new JsonArray("[[1, 2, 3]]"))))
        .contains("1 or 2 non-zero literals");
    assertThat(refusal(new JsonObject().put("type", "knapsack").put("capacity", 5)
        .put("weights", new JsonArray("[1, 2]")).put("values", new JsonArray("[1]"))))
        .contains("2 items but problem.values 1");
  }

  private static HttpResponse<Buffer> submit(JsonObject problem) {
    JsonObject job = new JsonObject().put("problem", problem).put("solver", new JsonObject().put("seed", 1));
    return web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(server.token("nora"))
        .sendJsonObject(job).await();
  }

  private static String refusal(JsonObject problem) {
    HttpResponse<Buffer> r = submit(problem);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    return r.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  /** Submits the problem (default solver, seed 1) and returns the completed job's result. */
  private static JsonObject result(JsonObject problem) throws Exception {
    HttpResponse<Buffer> accepted = submit(problem);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("job_id");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject job = web.get(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
          .bearerTokenAuthentication(server.token("nora")).send().await().bodyAsJsonObject();
      if (!List.of("queued", "running").contains(job.getString("status"))) {
        assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
        assertThat(job.getJsonObject("result").getString("problem")).isEqualTo(problem.getString("type"));
        return job.getJsonObject("result");
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job " + id + " did not end in time");
  }
}
