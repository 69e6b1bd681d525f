package io.neuroquantum.server;

import static io.neuroquantum.server.JobsTestServer.maxcutJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annealing jobs end to end: REST in, progress and result on the job's channel over a WebSocket. */
class AnnealJobsIntegrationTest {

  private static JobsTestServer jobs;

  @BeforeAll
  static void start() {
    jobs = JobsTestServer.start();
  }

  @AfterAll
  static void stop() {
    jobs.close();
  }

  private static String text(String instance) throws Exception {
    return Files.readString(TestInstances.path(instance));
  }

  @Test
  void g1_over_rest_with_live_progress_on_the_job_channel() throws Exception {
    try (WsTestClient ws = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("alice"))) {
      ws.nextOfType("connected");
      HttpResponse<Buffer> accepted = jobs.submit("alice", maxcutJob(text("gset/G1"), new JsonObject()
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

      JsonObject stored = jobs.job("alice", id);
      assertThat(stored.getString("status")).isEqualTo("completed");
      assertThat(stored.getString("solver")).isEqualTo("sa");
      assertThat(stored.getDouble("best_energy")).isEqualTo(result.getDouble("best_energy"));
      assertThat(stored.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(11624.0);
      assertThat(stored.getJsonObject("result").getJsonArray("solution")).hasSize(800);
      JsonArray list = jobs.get("alice", JobsTestServer.JOBS).bodyAsJsonObject().getJsonArray("jobs");
      assertThat(list.stream().map(o -> ((JsonObject) o).getString("job_id"))).contains(id);
      assertThat(jobs.get("mallory", JobsTestServer.JOBS + "/" + id).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void cancelling_a_long_job_keeps_its_best_answer_so_far() throws Exception {
    HttpResponse<Buffer> accepted = jobs.submit("bob", maxcutJob(text("gset/G11"), new JsonObject()
        .put("type", "pt").put("seed", 2).put("sweeps", 2_000_000).put("replicas", 8)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("job_id");
    jobs.awaitJob("bob", id, j -> "running".equals(j.getString("status")));
    Thread.sleep(500);
    HttpResponse<Buffer> cancelled = jobs.cancel("bob", id);
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getBoolean("cancelled")).isTrue();
    JsonObject job = jobs.job("bob", id);
    assertThat(job.getString("status")).isEqualTo("cancelled");
    assertThat(job.getDouble("best_energy")).isNegative();
    assertThat(job.getJsonObject("result").getJsonObject("stats").getString("stop_reason")).isEqualTo("cancelled");
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isGreaterThan(400.0);
  }

  @Test
  void a_pt_job_can_run_its_replicas_on_worker_verticles() throws Exception {
    try (WsTestClient ws = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("gina"))) {
      ws.nextOfType("connected");
      String id = jobs.submit("gina", maxcutJob(text("gset/G11"), new JsonObject().put("type", "pt").put("seed", 1)
          .put("workers", 2).put("sweeps", 8000))).bodyAsJsonObject().getString("job_id");
      ws.subscribe("anneal:" + id);
      JsonObject progress;
      do {
        progress = ws.nextOfType("message").getJsonObject("data");
      } while (!"progress".equals(progress.getString("type")));
      assertThat(progress.getJsonArray("swap_acceptance")).isNotEmpty();   // per neighbouring pair, live
      jobs.cancel("gina", id);
    }
    String id = jobs.submit("gina", maxcutJob(text("gset/G11"), new JsonObject().put("type", "pt").put("seed", 1)
        .put("workers", 2))).bodyAsJsonObject().getString("job_id");
    JsonObject job = jobs.awaitJob("gina", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(564.0);
    assertThat(job.getJsonObject("result").getJsonObject("stats").getJsonObject("tempering").getLong("round_trips"))
        .isPositive();
    // a model with fields runs on scalar replicas on the workers: h = (0.5, 0), J01 = 1 → ground energy −1.5
    HttpResponse<Buffer> weighted = jobs.submit("gina", new JsonObject().put("problem", new JsonObject()
        .put("type", "ising").put("h", new JsonArray().add(0.5).add(0)).put("j", new JsonArray()
            .add(new JsonArray().add(0).add(1).add(1.0)))).put("solver", new JsonObject().put("type", "pt").put("workers", 2)
        .put("sweeps", 200)));
    assertThat(weighted.statusCode()).as(weighted.bodyAsString()).isEqualTo(202);
    JsonObject weightedJob = jobs.awaitJob("gina", weighted.bodyAsJsonObject().getString("job_id"),
        j -> !"queued".equals(j.getString("status")) && !"running".equals(j.getString("status")));
    assertThat(weightedJob.getString("status")).as(weightedJob.encode()).isEqualTo("completed");
    assertThat(weightedJob.getJsonObject("result").getDouble("energy")).isEqualTo(-1.5);
    HttpResponse<Buffer> clusterMoves = jobs.submit("gina", maxcutJob(text("gset/G11"), new JsonObject()
        .put("type", "pt").put("cluster_moves", true).put("workers", 2)));
    assertThat(clusterMoves.statusCode()).isEqualTo(400);
    assertThat(clusterMoves.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("solver.workers").contains("cluster moves");
  }

  @Test
  void multi_start_runs_spread_over_worker_verticles() throws Exception {
    String id = jobs.submit("hank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("seed", 1)
        .put("sweeps", 4000).put("reads", 16).put("starts", 2).put("parallel_runs", 2).put("workers", 2)))
        .bodyAsJsonObject().getString("job_id");
    JsonObject job = jobs.awaitJob("hank", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getJsonObject("result").getJsonObject("stats").getInteger("reads")).isEqualTo(2 * 2 * 16);
    assertThat(job.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isGreaterThanOrEqualTo(560.0);
  }

  @Test
  void bad_jobs_get_a_status_and_a_reason() throws Exception {
    HttpResponse<Buffer> malformed = jobs.web().post(jobs.port(), "127.0.0.1", JobsTestServer.JOBS)
        .bearerTokenAuthentication(jobs.token("carol")).sendBuffer(Buffer.buffer("{not json")).await();
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");

    HttpResponse<Buffer> badSolver = jobs.submit("carol", maxcutJob("2 1\n1 2 1\n", new JsonObject().put("type", "magic")));
    assertThat(badSolver.statusCode()).isEqualTo(400);
    assertThat(badSolver.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("solver.type");

    HttpResponse<Buffer> badFile = jobs.submit("carol", maxcutJob("2 1\n1 x 1\n", new JsonObject().put("type", "sa")));
    assertThat(badFile.statusCode()).isEqualTo(400);
    assertThat(badFile.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("problem.data:2");

    HttpResponse<Buffer> badParam = jobs.submit("carol", maxcutJob("2 1\n1 2 1\n", new JsonObject()
        .put("type", "sa").put("replicas", 4)));
    assertThat(badParam.statusCode()).isEqualTo(400);
    assertThat(badParam.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("solver.replicas");

    HttpResponse<Buffer> badIndex = jobs.submit("carol", new JsonObject().put("problem", new JsonObject()
        .put("type", "qubo").put("num_variables", 2).put("terms", new JsonArray().add(new JsonArray().add(0).add(5).add(1.0)))));
    assertThat(badIndex.statusCode()).isEqualTo(400);
    assertThat(badIndex.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("not in 0..1");

    HttpResponse<Buffer> hardware = jobs.submit("carol", maxcutJob("2 1\n1 2 1\n", null).put("backend", "dwave"));
    assertThat(hardware.statusCode()).isEqualTo(400);
    assertThat(hardware.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_backend");
    assertThat(hardware.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("not configured on this server", "hardware.backends");

    HttpResponse<Buffer> anonymous = jobs.web().post(jobs.port(), "127.0.0.1", JobsTestServer.JOBS)
        .sendJsonObject(maxcutJob("2 1\n1 2 1\n", null)).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(jobs.get("carol", "/api/v1/anneal/jobs/no-such-job").statusCode()).isEqualTo(404);
  }

  @Test
  void json_problems_are_solved_too() throws Exception {
    JsonObject qubo = new JsonObject().put("problem", new JsonObject().put("type", "qubo").put("num_variables", 3)
        .put("terms", new JsonArray().add(new JsonArray().add(0).add(0).add(-1)).add(new JsonArray().add(0).add(1).add(2))
            .add(new JsonArray().add(1).add(2).add(-1)))).put("solver", new JsonObject().put("type", "exact"));
    String id = jobs.submit("dave", qubo).bodyAsJsonObject().getString("job_id");
    JsonObject job = jobs.awaitJob("dave", id, j -> "completed".equals(j.getString("status")));
    assertThat(job.getDouble("best_energy")).isEqualTo(-1.0);
  }

  @Test
  void other_services_submit_and_cancel_over_the_event_bus() throws Exception {
    var bus = jobs.bus();
    JsonObject reply = bus.<JsonObject>request(io.neuroquantum.server.bus.Addresses.ANNEAL_SUBMIT,
        maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000).put("reads", 1))
            .put("owner", "svc"))
        .await().body();
    String id = reply.getString("job_id");
    assertThat(reply.getString("channel")).isEqualTo("anneal:" + id);
    jobs.awaitJob("svc", id, j -> "running".equals(j.getString("status")));
    JsonObject cancelled = bus.<JsonObject>request(io.neuroquantum.server.bus.Addresses.ANNEAL_CANCEL,
        new JsonObject().put("job_id", id)).await().body();
    assertThat(cancelled.getBoolean("cancelled")).isTrue();
    assertThat(jobs.job("svc", id).getString("status")).isEqualTo("cancelled");
  }

  @Test
  void a_full_queue_answers_429_with_retry_after() throws Exception {
    try (JobsTestServer small = JobsTestServer.start(new JsonObject().put("anneal", new JsonObject()
        .put("max_running", 1).put("max_queued", 1).put("max_jobs_per_user", 3)))) {
      JsonObject longJob = maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000)
          .put("reads", 1));
      String first = small.submit("erin", longJob).bodyAsJsonObject().getString("job_id");
      String second = small.submit("erin", longJob).bodyAsJsonObject().getString("job_id");
      HttpResponse<Buffer> third = small.submit("erin", longJob);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.getHeader("Retry-After")).isNotNull();
      assertThat(third.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("queue_full");
      for (String id : List.of(second, first)) {   // the queued one first: its cancel must not wait for the other
        HttpResponse<Buffer> cancel = small.cancel("erin", id);
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(small.job("erin", id).getString("status"))
            .isEqualTo("cancelled");
      }
      assertThat(small.submit("erin", maxcutJob("2 1\n1 2 1\n", null)).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void one_user_cannot_take_every_place_in_the_queue() throws Exception {
    try (JobsTestServer small = JobsTestServer.start(new JsonObject().put("anneal", new JsonObject()
        .put("max_running", 1).put("max_queued", 3).put("max_jobs_per_user", 2)))) {
      JsonObject longJob = maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("sweeps", 100_000_000)
          .put("reads", 1));
      String first = small.submit("mallory", longJob).bodyAsJsonObject().getString("job_id");
      String second = small.submit("mallory", longJob).bodyAsJsonObject().getString("job_id");
      HttpResponse<Buffer> third = small.submit("mallory", longJob);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.getHeader("Retry-After")).isNotNull();
      JsonObject error = third.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("too_many_jobs");
      assertThat(error.getString("message")).contains("anneal.max_jobs_per_user");
      // another user still gets a place, and mallory gets one back once a job of hers has ended
      HttpResponse<Buffer> other = small.submit("grace", maxcutJob("2 1\n1 2 1\n", null));
      assertThat(other.statusCode()).isEqualTo(202);
      small.cancel("mallory", second);
      small.awaitJob("mallory", second, j -> "cancelled".equals(j.getString("status")));
      // the cancelled job had not started (one runs at a time): its place is free at once
      HttpResponse<Buffer> again = small.submit("mallory", maxcutJob("2 1\n1 2 1\n", null));
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
      small.cancel("mallory", first);
    }
  }

  @Test
  void a_restart_keeps_finished_jobs_and_marks_interrupted_ones(@TempDir Path dir) throws Exception {
    JsonObject conf = new JsonObject().put("anneal", new JsonObject().put("store_path", dir.resolve("jobs").toString()));
    String finished;
    String running;
    try (JobsTestServer before = JobsTestServer.start(conf)) {
      finished = before.submit("frank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa").put("seed", 3)))
          .bodyAsJsonObject().getString("job_id");
      before.awaitJob("frank", finished, j -> "completed".equals(j.getString("status")));
      running = before.submit("frank", maxcutJob(text("gset/G11"), new JsonObject().put("type", "sa")
          .put("sweeps", 100_000_000).put("reads", 1))).bodyAsJsonObject().getString("job_id");
      before.awaitJob("frank", running, j -> "running".equals(j.getString("status")));
    }
    try (JobsTestServer after = JobsTestServer.start(conf)) {
      JsonObject done = after.job("frank", finished);
      assertThat(done.getString("status")).isEqualTo("completed");
      assertThat(done.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(564.0);
      JsonObject interrupted = after.job("frank", running);
      assertThat(interrupted.getString("status")).isEqualTo("interrupted");
    }
  }
}
