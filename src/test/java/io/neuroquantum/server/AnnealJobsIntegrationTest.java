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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annealing jobs end to end: REST in, progress and result on the job's channel over a WebSocket. */
class AnnealJobsIntegrationTest {

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

  private static String text(String instance) throws Exception {
    return Files.readString(TestInstances.path(instance));
  }

  private static JsonObject maxcutJob(String data, JsonObject solver) {
    return new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset").put("data", data))
        .put("solver", solver);
  }

  private static HttpResponse<Buffer> submit(TestServer s, String user, JsonObject job) {
    return web.post(s.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(s.token(user))
        .sendJsonObject(job).await();
  }

  private static HttpResponse<Buffer> get(TestServer s, String user, String path) {
    return web.get(s.port(), "127.0.0.1", path).bearerTokenAuthentication(s.token(user)).send().await();
  }

  private static JsonObject awaitJob(TestServer s, String user, String id, Predicate<JsonObject> until) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject job = get(s, user, "/api/v1/anneal/jobs/" + id).bodyAsJsonObject();
      if (until.test(job)) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job " + id + " did not get there in time");
  }

  @Test
  void g1_over_rest_with_live_progress_on_the_job_channel() throws Exception {
    try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), server.token("alice"))) {
      ws.nextOfType("connected");
      HttpResponse<Buffer> accepted = submit(server, "alice", maxcutJob(text("gset/G1"), new JsonObject()
          .put("type", "sa").put("seed", 1)));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String id = accepted.bodyAsJsonObject().getString("job_id");
      assertThat(accepted.bodyAsJsonObject().getString("channel")).isEqualTo("anneal:" + id);
      assertThat(accepted.bodyAsJsonObject().getString("websocket_url")).endsWith("/ws");
      ws.subscribe("anneal:" + id);
      List<JsonObject> events = new ArrayList<>();
      JsonObject result;
      while (true) {
        JsonObject data = ws.nextOfType("message").getJsonObject("data");
        events.add(data);
        if ("result".equals(data.getString("type"))) {
          result = data;
          break;
        }
      }
      assertThat(events).anyMatch(e -> "progress".equals(e.getString("type")) && e.getValue("best_energy") != null);
      assertThat(result.getString("status")).isEqualTo("completed");
      assertThat(result.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(11624.0);

      JsonObject stored = get(server, "alice", "/api/v1/anneal/jobs/" + id).bodyAsJsonObject();
      assertThat(stored.getString("status")).isEqualTo("completed");
      assertThat(stored.getString("solver")).isEqualTo("sa");
      assertThat(stored.getDouble("best_energy")).isEqualTo(result.getDouble("best_energy"));
      assertThat(stored.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(11624.0);
      assertThat(stored.getJsonObject("result").getJsonArray("solution")).hasSize(800);
      JsonArray list = get(server, "alice", "/api/v1/anneal/jobs").bodyAsJsonObject().getJsonArray("jobs");
      assertThat(list.stream().map(o -> ((JsonObject) o).getString("job_id"))).contains(id);
      assertThat(get(server, "mallory", "/api/v1/anneal/jobs/" + id).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void cancelling_a_long_job_keeps_its_best_answer_so_far() throws Exception {
    HttpResponse<Buffer> accepted = submit(server, "bob", maxcutJob(text("gset/G11"), new JsonObject()
        .put("type", "pt").put("seed", 2).put("sweeps", 2_000_000).put("replicas", 8)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("job_id");
    awaitJob(server, "bob", id, j -> "running".equals(j.getString("status")));
    Thread.sleep(500);
    HttpResponse<Buffer> cancelled = web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
        .bearerTokenAuthentication(server.token("bob")).send().await();
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getBoolean("cancelled")).isTrue();
    JsonObject job = get(server, "bob", "/api/v1/anneal/jobs/" + id).bodyAsJsonObject();
    assertThat(job.getString("status")).isEqualTo("cancelled");
    assertThat(job.getDouble("best_energy")).isNegative();
    assertThat(job.getJsonObject("result").getJsonObject("stats").getString("stop_reason")).isEqualTo("cancelled");
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isGreaterThan(400.0);
  }

  @Test
  void a_pt_job_can_run_its_replicas_on_worker_verticles() throws Exception {
    try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), server.token("gina"))) {
      ws.nextOfType("connected");
      String id = submit(server, "gina", maxcutJob(text("gset/G11"), new JsonObject().put("type", "pt").put("seed", 1)
          .put("workers", 2).put("sweeps", 8000))).bodyAsJsonObject().getString("job_id");
      ws.subscribe("anneal:" + id);
      JsonObject progress;
      do {
        progress = ws.nextOfType("message").getJsonObject("data");
      } while (!"progress".equals(progress.getString("type")));
      assertThat(progress.getJsonArray("swap_acceptance")).isNotEmpty();   // per neighbouring pair, live
      web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(server.token("gina"))
          .send().await();
    }
    String id = submit(server, "gina", maxcutJob(text("gset/G11"), new JsonObject().put("type", "pt").put("seed", 1)
        .put("workers", 2))).bodyAsJsonObject().getString("job_id");
    JsonObject job = awaitJob(server, "gina", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(564.0);
    assertThat(job.getJsonObject("result").getJsonObject("stats").getJsonObject("tempering").getLong("round_trips"))
        .isPositive();
    // a model with fields runs on scalar replicas on the workers: h = (0.5, 0), J01 = 1 → ground energy −1.5
    HttpResponse<Buffer> weighted = submit(server, "gina", new JsonObject().put("problem", new JsonObject()
        .put("type", "ising").put("h", new JsonArray().add(0.5).add(0)).put("j", new JsonArray()
            .add(new JsonArray().add(0).add(1).add(1.0)))).put("solver", new JsonObject().put("type", "pt").put("workers", 2)
        .put("sweeps", 200)));
    assertThat(weighted.statusCode()).as(weighted.bodyAsString()).isEqualTo(202);
    JsonObject weightedJob = awaitJob(server, "gina", weighted.bodyAsJsonObject().getString("job_id"),
        j -> !"queued".equals(j.getString("status")) && !"running".equals(j.getString("status")));
    assertThat(weightedJob.getString("status")).as(weightedJob.encode()).isEqualTo("completed");
    assertThat(weightedJob.getJsonObject("result").getDouble("energy")).isEqualTo(-1.5);
    HttpResponse<Buffer> clusterMoves = submit(server, "gina", maxcutJob(text("gset/G11"), new JsonObject()
        .put("type", "pt").put("cluster_moves", true).put("workers", 2)));
    assertThat(clusterMoves.statusCode()).isEqualTo(400);
    assertThat(clusterMoves.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("solver.workers").contains("cluster moves");
  }

  @Test
  void multi_start_runs_spread_over_worker_verticles() throws Exception {
    String id = submit(server, "hank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("seed", 1)
        .put("sweeps", 4000).put("reads", 16).put("starts", 2).put("parallel_runs", 2).put("workers", 2)))
        .bodyAsJsonObject().getString("job_id");
    JsonObject job = awaitJob(server, "hank", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getJsonObject("result").getJsonObject("stats").getInteger("reads")).isEqualTo(2 * 2 * 16);
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isGreaterThanOrEqualTo(560.0);
  }

  @Test
  void bad_jobs_get_a_status_and_a_reason() throws Exception {
    HttpResponse<Buffer> malformed = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .bearerTokenAuthentication(server.token("carol")).sendBuffer(Buffer.buffer("{not json")).await();
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");

    HttpResponse<Buffer> badSolver = submit(server, "carol", maxcutJob("2 1\n1 2 1\n", new JsonObject().put("type", "magic")));
    assertThat(badSolver.statusCode()).isEqualTo(400);
    assertThat(badSolver.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("solver.type");

    HttpResponse<Buffer> badFile = submit(server, "carol", maxcutJob("2 1\n1 x 1\n", new JsonObject().put("type", "sa")));
    assertThat(badFile.statusCode()).isEqualTo(400);
    assertThat(badFile.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("problem.data:2");

    HttpResponse<Buffer> badParam = submit(server, "carol", maxcutJob("2 1\n1 2 1\n", new JsonObject()
        .put("type", "sa").put("replicas", 4)));
    assertThat(badParam.statusCode()).isEqualTo(400);
    assertThat(badParam.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("solver.replicas");

    HttpResponse<Buffer> badIndex = submit(server, "carol", new JsonObject().put("problem", new JsonObject()
        .put("type", "qubo").put("num_variables", 2).put("terms", new JsonArray().add(new JsonArray().add(0).add(5).add(1.0)))));
    assertThat(badIndex.statusCode()).isEqualTo(400);
    assertThat(badIndex.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("not in 0..1");

    HttpResponse<Buffer> hardware = submit(server, "carol", maxcutJob("2 1\n1 2 1\n", null).put("backend", "dwave"));
    assertThat(hardware.statusCode()).isEqualTo(400);
    assertThat(hardware.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_backend");
    assertThat(hardware.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("not configured on this server", "hardware.backends");

    HttpResponse<Buffer> anonymous = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .sendJsonObject(maxcutJob("2 1\n1 2 1\n", null)).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(get(server, "carol", "/api/v1/anneal/jobs/no-such-job").statusCode()).isEqualTo(404);
  }

  @Test
  void json_problems_are_solved_too() throws Exception {
    JsonObject qubo = new JsonObject().put("problem", new JsonObject().put("type", "qubo").put("num_variables", 3)
        .put("terms", new JsonArray().add(new JsonArray().add(0).add(0).add(-1)).add(new JsonArray().add(0).add(1).add(2))
            .add(new JsonArray().add(1).add(2).add(-1)))).put("solver", new JsonObject().put("type", "exact"));
    String id = submit(server, "dave", qubo).bodyAsJsonObject().getString("job_id");
    JsonObject job = awaitJob(server, "dave", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getDouble("best_energy")).isEqualTo(-1.0);
  }

  @Test
  void other_services_submit_and_cancel_over_the_event_bus() throws Exception {
    var bus = server.server().vertx().eventBus();
    JsonObject reply = bus.<JsonObject>request(io.neuroquantum.server.bus.Addresses.ANNEAL_SUBMIT,
        maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000).put("reads", 1))
            .put("owner", "svc"))
        .await().body();
    String id = reply.getString("job_id");
    assertThat(reply.getString("channel")).isEqualTo("anneal:" + id);
    awaitJob(server, "svc", id, j -> "running".equals(j.getString("status")));
    JsonObject cancelled = bus.<JsonObject>request(io.neuroquantum.server.bus.Addresses.ANNEAL_CANCEL,
        new JsonObject().put("job_id", id)).await().body();
    assertThat(cancelled.getBoolean("cancelled")).isTrue();
    assertThat(get(server, "svc", "/api/v1/anneal/jobs/" + id).bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
  }

  @Test
  void a_full_queue_answers_429_with_retry_after() throws Exception {
    try (TestServer small = TestServer.start(new JsonObject().put("anneal", new JsonObject()
        .put("max_running", 1).put("max_queued", 1).put("max_jobs_per_user", 3)))) {
      JsonObject longJob = maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000)
          .put("reads", 1));
      String first = submit(small, "erin", longJob).bodyAsJsonObject().getString("job_id");
      String second = submit(small, "erin", longJob).bodyAsJsonObject().getString("job_id");
      HttpResponse<Buffer> third = submit(small, "erin", longJob);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.getHeader("Retry-After")).isNotNull();
      assertThat(third.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("queue_full");
      for (String id : List.of(second, first)) {   // the queued one first: its cancel must not wait for the other
        HttpResponse<Buffer> cancel = web.delete(small.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
            .bearerTokenAuthentication(small.token("erin")).send().await();
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(get(small, "erin", "/api/v1/anneal/jobs/" + id).bodyAsJsonObject().getString("status"))
            .isEqualTo("cancelled");
      }
      assertThat(submit(small, "erin", maxcutJob("2 1\n1 2 1\n", null)).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void one_user_cannot_take_every_place_in_the_queue() throws Exception {
    try (TestServer small = TestServer.start(new JsonObject().put("anneal", new JsonObject()
        .put("max_running", 1).put("max_queued", 3).put("max_jobs_per_user", 2)))) {
      JsonObject longJob = maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000)
          .put("reads", 1));
      String first = submit(small, "mallory", longJob).bodyAsJsonObject().getString("job_id");
      String second = submit(small, "mallory", longJob).bodyAsJsonObject().getString("job_id");
      HttpResponse<Buffer> third = submit(small, "mallory", longJob);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.getHeader("Retry-After")).isNotNull();
      JsonObject error = third.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("too_many_jobs");
      assertThat(error.getString("message")).contains("anneal.max_jobs_per_user");
      // another user still gets a place, and mallory gets one back once a job of hers has ended
      HttpResponse<Buffer> other = submit(small, "grace", maxcutJob("2 1\n1 2 1\n", null));
      assertThat(other.statusCode()).isEqualTo(202);
      web.delete(small.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + second)
          .bearerTokenAuthentication(small.token("mallory")).send().await();
      awaitJob(small, "mallory", second, j -> "cancelled".equals(j.getString("status")));
      // the cancelled job had not started (one runs at a time): its place is free at once
      HttpResponse<Buffer> again = submit(small, "mallory", maxcutJob("2 1\n1 2 1\n", null));
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
      web.delete(small.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + first)
          .bearerTokenAuthentication(small.token("mallory")).send().await();
    }
  }

  @Test
  void a_restart_keeps_finished_jobs_and_marks_interrupted_ones(@TempDir Path dir) throws Exception {
    JsonObject conf = new JsonObject().put("anneal", new JsonObject().put("store_path", dir.resolve("jobs").toString()));
    String finished;
    String running;
    try (TestServer before = TestServer.start(conf)) {
      finished = submit(before, "frank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("seed", 3)))
          .bodyAsJsonObject().getString("job_id");
      awaitJob(before, "frank", finished, j -> "completed".equals(j.getString("status")));
      running = submit(before, "frank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa")
          .put("sweeps", 100_000_000).put("reads", 1))).bodyAsJsonObject().getString("job_id");
      awaitJob(before, "frank", running, j -> "running".equals(j.getString("status")));
    }
    try (TestServer after = TestServer.start(conf)) {
      JsonObject done = get(after, "frank", "/api/v1/anneal/jobs/" + finished).bodyAsJsonObject();
      assertThat(done.getString("status")).isEqualTo("completed");
      assertThat(done.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(564.0);
      JsonObject interrupted = get(after, "frank", "/api/v1/anneal/jobs/" + running).bodyAsJsonObject();
      assertThat(interrupted.getString("status")).isEqualTo("interrupted");
    }
  }
}
