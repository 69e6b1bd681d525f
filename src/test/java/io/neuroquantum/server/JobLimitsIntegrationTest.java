package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings 4 and 5 of issue 13 that need no small heap to show: who is asked for credentials before
 * a body is read, what one user may make the server hold at once, and every cost bound of a job,
 * each refused with 400 and the name of the bound before anything is built.
 */
class JobLimitsIntegrationTest {

  private static TestServer server;
  private static Vertx vertx;
  private static WebClient web;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    http = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    web.close();
    http.close().await();
    vertx.close().await();
    server.close();
  }

  private static HttpResponse<Buffer> submit(TestServer s, String user, JsonObject job) {
    return web.post(s.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(s.token(user))
        .sendJsonObject(job).await();
  }

  private static JsonObject g11(JsonObject solver) throws Exception {
    return new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
        .put("data", Files.readString(TestInstances.path("gset/G11")))).put("solver", solver);
  }

  private static JsonObject tiny(JsonObject solver) {
    return new JsonObject().put("problem", new JsonObject().put("type", "qubo").put("num_variables", 2)
        .put("terms", new JsonArray().add(new JsonArray().add(0).add(1).add(-1.0)))).put("solver", solver);
  }

  private static String refusal(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    return r.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  private static JsonObject awaitEnd(TestServer s, String user, String id) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    JsonObject job = null;
    while (System.nanoTime() < deadline) {
      job = web.get(s.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(s.token(user))
          .send().await().bodyAsJsonObject();
      if (!List.of("queued", "running").contains(job.getString("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " is still " + job);
  }

  // ---- finding 4: credentials before the body ------------------------------------------------

  @Test
  void a_job_body_without_credentials_is_401_whatever_it_holds() {
    HttpResponse<Buffer> hello = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .sendBuffer(Buffer.buffer("hello")).await();
    assertThat(hello.statusCode()).as(hello.bodyAsString()).isEqualTo(401);
    HttpResponse<Buffer> badToken = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .bearerTokenAuthentication("not-a-token").sendBuffer(Buffer.buffer("hello")).await();
    assertThat(badToken.statusCode()).isEqualTo(401);
    // the answer comes before any of the body is sent: the old server waited to read it all first
    assertThat(RawHttp.post(server.port(), "/api/v1/anneal/jobs", null, 30 << 20, 0, null, 10_000)).isEqualTo(401);
    assertThat(RawHttp.post(server.port(), "/api/v1/query/stream", null, 30 << 20, 0, null, 10_000)).isEqualTo(401);
    // over the body limit with credentials: 413 without reading it either
    assertThat(RawHttp.post(server.port(), "/api/v1/anneal/jobs", server.token("lena"), 30 << 20, 0, null, 10_000))
        .isEqualTo(413);
  }

  /** Opens a POST that declares {@code length} bytes and sends only the first {@code send} of them. */
  private static Future<HttpClientRequest> openBody(TestServer s, String user, long length, int send) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(s.port())
        .setURI("/api/v1/anneal/jobs").putHeader("Authorization", "Bearer " + s.token(user))
        .putHeader("content-type", "application/json").putHeader("content-length", Long.toString(length)))
        .compose(req -> req.write(Buffer.buffer(new byte[send])).map(req));
  }

  @Test
  void one_user_cannot_make_the_server_hold_more_than_their_share_of_bodies() throws Exception {
    try (TestServer small = TestServer.start(new JsonObject()
        .put("anneal", new JsonObject().put("max_body_bytes", 1 << 20))
        .put("http", new JsonObject().put("max_inflight_body_bytes_per_user", 1 << 20)
            .put("max_inflight_body_bytes", 2 << 20)))) {
      // ivan's first body is on its way (half sent, the client holding the rest back)
      HttpClientRequest first = openBody(small, "ivan", 1 << 20, 1 << 19).await();
      Promise<Integer> firstStatus = Promise.promise();
      first.response().onComplete(ar -> firstStatus.tryComplete(ar.succeeded() ? ar.result().statusCode() : -1));
      Thread.sleep(300);
      HttpResponse<Buffer> second = web.post(small.port(), "127.0.0.1", "/api/v1/anneal/jobs")
          .bearerTokenAuthentication(small.token("ivan")).putHeader("content-type", "application/json")
          .sendBuffer(Buffer.buffer(new byte[600_000])).await();
      assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(429);
      assertThat(second.getHeader("Retry-After")).isNotNull();
      assertThat(second.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .contains("http.max_inflight_body_bytes_per_user");

      // another user still gets in; a third one finds the server's whole budget in use
      HttpClientRequest judy = openBody(small, "judy", 1 << 20, 1 << 19).await();
      Thread.sleep(300);
      HttpResponse<Buffer> kim = web.post(small.port(), "127.0.0.1", "/api/v1/anneal/jobs")
          .bearerTokenAuthentication(small.token("kim")).sendBuffer(Buffer.buffer(new byte[600_000])).await();
      assertThat(kim.statusCode()).as(kim.bodyAsString()).isEqualTo(503);
      assertThat(kim.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .contains("http.max_inflight_body_bytes");

      // once ivan's body is complete and answered, his share is free again
      first.end(Buffer.buffer(new byte[1 << 19])).await();
      assertThat(firstStatus.future().timeout(30, TimeUnit.SECONDS).await()).isEqualTo(400);
      HttpResponse<Buffer> again = submit(small, "ivan", tiny(new JsonObject().put("type", "exact")));
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
      // and a body whose client went away mid-way gives its reservation back too: with judy's
      // megabyte still counted, leo's and kim's would not both fit
      judy.reset();
      HttpClientRequest leo = openBody(small, "leo", 1 << 20, 1 << 19).await();
      int status = 503;
      for (long deadline = System.nanoTime() + 10_000_000_000L; status == 503 && System.nanoTime() < deadline; ) {
        Thread.sleep(100);
        status = RawHttp.post(small.port(), "/api/v1/anneal/jobs", small.token("kim"), 1 << 20, 1 << 20, null, 10_000);
      }
      assertThat(status).as("kim's megabyte fits once judy's is released").isEqualTo(400);
      leo.reset();
    }
  }

  // ---- finding 5: cost bounds before anything is built ---------------------------------------

  @Test
  void derived_problem_sizes_are_bounded_before_the_model_is_built() {
    JsonObject colouring = new JsonObject().put("problem", new JsonObject().put("type", "coloring").put("colors", 1000)
        .put("graph", new JsonObject().put("nodes", 1000).put("edges", new JsonArray().add(new JsonArray().add(0).add(1)))));
    long t0 = System.nanoTime();
    assertThat(refusal(submit(server, "lena", colouring))).contains("anneal.max_variables").contains("1000000");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("refused before building").isLessThan(5_000);

    // 300 vertices × 300 colours is under max_variables but ~13 million one-hot terms
    JsonObject dense = new JsonObject().put("problem", new JsonObject().put("type", "coloring").put("colors", 300)
        .put("graph", new JsonObject().put("nodes", 300).put("edges", new JsonArray().add(new JsonArray().add(0).add(1)))));
    assertThat(refusal(submit(server, "lena", dense))).contains("anneal.max_quadratic_terms");

    // the same through a 30-byte DIMACS file
    JsonObject file = new JsonObject().put("problem", new JsonObject().put("type", "coloring").put("colors", 1000)
        .put("format", "dimacs").put("data", "p edge 1000 1\ne 1 2\n"));
    assertThat(refusal(submit(server, "lena", file))).contains("anneal.max_variables");

    // TSP: 120 cities are 14 400 variables but 2·120²·119 ≈ 3.4 million quadratic terms
    JsonArray rows = new JsonArray();
    for (int i = 0; i < 120; i++) {
      JsonArray row = new JsonArray();
      for (int j = 0; j < 120; j++) {
        row.add(Math.abs(i - j));
      }
      rows.add(row);
    }
    assertThat(refusal(submit(server, "lena", new JsonObject().put("problem", new JsonObject().put("type", "tsp")
        .put("distances", rows))))).contains("anneal.max_quadratic_terms");
    String tsplib = "NAME: big\nTYPE: TSP\nDIMENSION: 4000\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n";
    assertThat(refusal(submit(server, "lena", new JsonObject().put("problem", new JsonObject().put("type", "tsp")
        .put("data", tsplib))))).contains("anneal.max_variables");
  }

  /** A CQM body of {@code count} variables in [0, upper], listed in one constraint when {@code constrained}. */
  private static JsonObject integers(int count, long upper, boolean constrained) {
    JsonArray variables = new JsonArray();
    JsonObject linear = new JsonObject();
    for (int i = 0; i < count; i++) {
      variables.add(new JsonObject().put("name", "x" + i).put("vartype", "INTEGER").put("upper_bound", upper));
      linear.put("x" + i, 1);
    }
    JsonArray constraints = new JsonArray();
    if (constrained) {
      constraints.add(new JsonObject().put("label", "all").put("linear", linear).put("sense", "<=").put("rhs", 3));
    }
    return new JsonObject().put("problem", new JsonObject().put("type", "cqm").put("variables", variables)
        .put("objective", new JsonObject().put("linear", linear)).put("constraints", constraints));
  }

  private static JsonObject hubo(JsonArray terms) {
    return new JsonObject().put("problem", new JsonObject().put("type", "hubo").put("terms", terms));
  }

  @Test
  void cqm_and_hubo_bodies_asking_for_huge_qubos_are_refused_with_the_bound_before_the_qubo_is_built() {
    // an integer wider than 2^40 − 1 would not fit a QUBO at all
    assertThat(refusal(submit(server, "nina", integers(1, 1L << 50, false))))
        .contains("problem.variables[0]").contains("wider than 2^40");
    // 200 integers of 40 bits are 8000 bits; one constraint over all of them pairs them: ~32 million terms
    assertThat(refusal(submit(server, "nina", integers(200, (1L << 40) - 1, true))))
        .contains("the CQM's QUBO").contains("anneal.max_quadratic_terms");
    // 6000 integers of 40 bits: 240 000 decision bits
    assertThat(refusal(submit(server, "nina", integers(6000, (1L << 40) - 1, false))))
        .contains("the CQM's QUBO").contains("anneal.max_variables");

    // 3000 constraints over the same 40 binaries, each with its slack: ~3 million penalty terms before they merge
    JsonArray binaries = new JsonArray();
    JsonObject linear = new JsonObject();
    for (int i = 0; i < 40; i++) {
      binaries.add(new JsonObject().put("name", "b" + i).put("vartype", "BINARY"));
      linear.put("b" + i, i % 7 + 1);
    }
    JsonArray constraints = new JsonArray();
    for (int c = 0; c < 3000; c++) {
      constraints.add(new JsonObject().put("label", "c" + c).put("linear", linear).put("sense", "<=").put("rhs", 20 + c % 50));
    }
    assertThat(refusal(submit(server, "nina", new JsonObject().put("problem", new JsonObject().put("type", "cqm")
        .put("variables", binaries).put("objective", new JsonObject().put("linear", linear))
        .put("constraints", constraints))))).contains("anneal.max_quadratic_terms");

    // a HUBO term of degree 20
    JsonArray twenty = new JsonArray();
    for (int i = 0; i < 20; i++) {
      twenty.add(i);
    }
    assertThat(refusal(submit(server, "nina", hubo(new JsonArray().add(new JsonArray().add(twenty).add(1.5))))))
        .contains("degree 20").contains("anneal.max_term_degree = 12");
    // 10 000 terms of degree ≤ 12 over 400 variables: ~1.3·10⁷ pair moves of the reduction (10 substitutions of
    // 132 moves a term of degree 12), while its ≤ 100 000 auxiliaries and 310 000 terms are within the other bounds
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    JsonArray many = new JsonArray();
    for (int t = 0; t < 10_000; t++) {
      JsonArray vars = new JsonArray();
      rnd.ints(12, 0, 400).forEach(vars::add);
      many.add(new JsonArray().add(vars).add(1));
    }
    assertThat(refusal(submit(server, "nina", hubo(many)))).contains("anneal.max_reduction_steps");

    // malformed bodies: 400 with what is wrong
    assertThat(refusal(submit(server, "nina", new JsonObject().put("problem", new JsonObject().put("type", "cqm")
        .put("variables", new JsonArray().add(new JsonObject().put("name", "s").put("vartype", "SPIN")))
        .put("objective", new JsonObject())))))
        .isEqualTo("problem.variables[0]: vartype SPIN is not supported (BINARY or INTEGER; a discrete "
            + "variable is a \"discrete\" group)");
    assertThat(refusal(submit(server, "nina", hubo(new JsonArray().add(new JsonArray().add(1).add(2))))))
        .contains("problem.terms[0] must be [[variables…], coefficient]");
    assertThat(refusal(submit(server, "nina", new JsonObject().put("problem", new JsonObject().put("type", "cqm")
        .put("format", "lp").put("data", "Minimize\n x\nSubject To\n c: x <=\nEnd\n")))))
        .startsWith("problem.data: ");
  }

  @Test
  void work_memory_time_and_workers_are_bounded_before_a_job_runs() throws Exception {
    // 2³¹−1 sweeps × 64 reads × 800 variables: the old server accepted it and died of OutOfMemoryError
    assertThat(refusal(submit(server, "mona", g11(new JsonObject().put("type", "sa").put("sweeps", Integer.MAX_VALUE)))))
        .contains("anneal.max_spin_updates");
    assertThat(refusal(submit(server, "mona", g11(new JsonObject().put("type", "sqa").put("slices", 100_000)))))
        .contains("anneal.max_spin_updates");
    assertThat(refusal(submit(server, "mona", tiny(new JsonObject().put("type", "sa").put("sweeps", 1)
        .put("reads", 2_000_000_000))))).contains("anneal.max_solver_memory_bytes");
    assertThat(refusal(submit(server, "mona", g11(new JsonObject().put("type", "pt").put("sweeps", 1)
        .put("replicas", 1_000_000))))).contains("anneal.max_solver_memory_bytes");
    assertThat(refusal(submit(server, "mona", tiny(new JsonObject().put("type", "sa").put("sweeps", 1)
        .put("starts", 1).put("parallel_runs", 1_000_000_000))))).contains("anneal.max_solver_memory_bytes");
    assertThat(refusal(submit(server, "mona", tiny(new JsonObject().put("type", "sa")
        .put("time_limit_ms", 365L * 24 * 3_600_000))))).contains("anneal.max_time_limit_ms");
    assertThat(refusal(submit(server, "mona", g11(new JsonObject().put("type", "pt").put("workers", 10_000)))))
        .contains("anneal.max_workers");
  }

  @Test
  void replica_workers_run_on_their_own_bounded_pool() throws Exception {
    HttpResponse<Buffer> accepted = submit(server, "nina", g11(new JsonObject().put("type", "pt").put("seed", 1)
        .put("workers", 2).put("sweeps", 400)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject job = awaitEnd(server, "nina", accepted.bodyAsJsonObject().getString("job_id"));
    assertThat(job.getString("status")).isEqualTo("completed");
    String metrics = web.get(server.port(), "127.0.0.1", "/metrics").bearerTokenAuthentication(server.token("ops", "metrics")).send().await().bodyAsString();
    assertThat(metrics).contains("pool_name=\"nq-anneal-replicas\"");   // pt's replica workers: a pool of their own
  }

  @Test
  void an_error_inside_a_job_fails_the_job_with_its_reason() throws Exception {
    // bounds opened wide so that the job gets to run and a 16 GB array is asked for
    try (TestServer open = TestServer.start(new JsonObject().put("anneal", new JsonObject()
        .put("max_solver_memory_bytes", Long.MAX_VALUE).put("max_spin_updates", Long.MAX_VALUE)
        .put("max_jobs_memory_bytes", Long.MAX_VALUE)))) {
      HttpResponse<Buffer> accepted = submit(open, "olga", tiny(new JsonObject().put("type", "sa").put("sweeps", 1)
          .put("reads", 2_000_000_000)));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      JsonObject job = awaitEnd(open, "olga", accepted.bodyAsJsonObject().getString("job_id"));
      assertThat(job.getString("status")).isEqualTo("failed");
      assertThat(job.getString("error")).containsIgnoringCase("memory");
      // and the server goes on taking jobs
      HttpResponse<Buffer> next = submit(open, "olga", tiny(new JsonObject().put("type", "exact")));
      assertThat(awaitEnd(open, "olga", next.bodyAsJsonObject().getString("job_id")).getString("status"))
          .isEqualTo("completed");
    }
  }
}
