package io.neuroquantum.server.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.dwave.MockSapi;
import io.neuroquantum.annealing.hardware.quera.BraketMock;
import io.neuroquantum.server.ForkedServer;
import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Anneal jobs on hardware backends, end to end: a forked server with {@code hardware.backends: [dwave,
 * quera]} whose credentials and endpoints (from its environment) point at the D-Wave SAPI mock and the
 * Braket mock running in this JVM; jobs go in over REST, their channel is read over a WebSocket. The
 * last test greps everything the server said and every reply for the D-Wave token and the AWS secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardwareJobsIntegrationTest {

  static final String DWAVE_TOKEN = "DEV-hwjobs-token-5e5e5e5e5e5e";
  static final String AWS_KEY_ID = "AKIAHWJOBSEXAMPLE";
  static final String AWS_SECRET = "hwjobs/secret/Kq8pZ3xY7wVbN2mR4tL6";
  static final String AWS_SESSION_TOKEN = "hwjobs-session-IQoJb3JpZ2luX2VjEHwaCXVzLWVhc3QtMSJH";
  static final String BUCKET = "amazon-braket-us-east-1-123456789012";

  static Vertx vertx;
  static WebClient web;
  static MockSapi sapi;
  static BraketMock braket;
  static ForkedServer server;
  /** Every REST reply body, for the token grep. */
  static final List<String> replies = new CopyOnWriteArrayList<>();
  static final List<String> jobIds = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    sapi = new MockSapi(DWAVE_TOKEN, 6);
    sapi.start();
    braket = BraketMock.start(vertx, Map.of(AWS_KEY_ID, AWS_SECRET), Set.of(BUCKET));
    Map<String, String> env = new HashMap<>(braket.environment(AWS_KEY_ID, AWS_SECRET, BUCKET));
    env.put("AWS_SESSION_TOKEN", AWS_SESSION_TOKEN);
    env.put("NQ_DWAVE_TOKEN", DWAVE_TOKEN);
    env.put("NQ_DWAVE_ENDPOINT", sapi.endpoint());
    // every logger at TRACE (Netty's and Vert.x's too), so the credential grep covers every level
    String everything = java.nio.file.Path.of("src/test/resources/logback-everything-trace.xml").toAbsolutePath().toString();
    server = ForkedServer.start(512, new JsonObject().put("hardware",
        new JsonObject().put("backends", new JsonArray().add("dwave").add("quera"))),
        List.of("-Dlogback.configurationFile=" + everything), env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    braket.close();
    sapi.close();
    vertx.close().await();
  }

  /** A 4×5 grid: bipartite, so its maximum cut takes all 31 edges. */
  static JsonObject gridMaxCut() {
    JsonArray edges = new JsonArray();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 5; c++) {
        int v = r * 5 + c;
        if (c < 4) {
          edges.add(new JsonArray().add(v).add(v + 1));
        }
        if (r < 3) {
          edges.add(new JsonArray().add(v).add(v + 5));
        }
      }
    }
    return new JsonObject().put("type", "maxcut").put("graph", new JsonObject().put("nodes", 20).put("edges", edges));
  }

  static JsonObject dwaveJob() {
    return new JsonObject().put("backend", "dwave").put("problem", gridMaxCut())
        .put("hardware", new JsonObject().put("num_reads", 50).put("annealing_time", 20));
  }

  static HttpResponse<Buffer> submit(String user, JsonObject job) {
    HttpResponse<Buffer> r = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .bearerTokenAuthentication(TestServer.tokenFor(user)).sendJsonObject(job).await();
    replies.add(r.bodyAsString());
    if (r.statusCode() == 202) {
      jobIds.add(user + "/" + r.bodyAsJsonObject().getString("job_id"));
    }
    return r;
  }

  static JsonObject get(String user, String path) {
    HttpResponse<Buffer> r = web.get(server.port(), "127.0.0.1", path)
        .bearerTokenAuthentication(TestServer.tokenFor(user)).send().await();
    replies.add(r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject awaitJob(String user, String id, Predicate<JsonObject> until) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = get(user, "/api/v1/anneal/jobs/" + id);
      if (until.test(job)) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not get there in time");
  }

  static boolean ended(JsonObject job) {
    return !Set.of("queued", "running").contains(job.getString("status"));
  }

  /** The job's channel until its result event, every event's data in order. */
  static List<JsonObject> eventsUntilResult(WsTestClient ws) {
    List<JsonObject> events = new ArrayList<>();
    while (true) {
      JsonObject data = ws.nextOfType("message").getJsonObject("data");
      events.add(data);
      if ("result".equals(data.getString("type"))) {
        return events;
      }
    }
  }

  @Test
  @Order(10)
  void a_max_cut_job_on_dwave_completes_with_the_maximum_cut_and_the_vendor_states_on_its_channel() {
    try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("alice"))) {
      ws.nextOfType("connected");
      HttpResponse<Buffer> accepted = submit("alice", dwaveJob());
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String id = accepted.bodyAsJsonObject().getString("job_id");
      ws.subscribe("anneal:" + id);
      List<JsonObject> events = eventsUntilResult(ws);
      List<String> states = events.stream().filter(e -> "progress".equals(e.getString("type")))
          .map(e -> e.getString("vendor_state")).toList();
      // a subscriber may join after the first events: what it sees is in order and ends at done
      assertThat(states).isNotEmpty().endsWith("done");
      JsonObject result = events.get(events.size() - 1);
      assertThat(result.getString("status")).as(result.encode()).isEqualTo("completed");
      JsonObject report = result.getJsonObject("result");
      assertThat(report.getJsonObject("objective").getDouble("cut")).isEqualTo(31.0);
      assertThat(report.getString("backend")).isEqualTo("dwave");
      assertThat(report.getBoolean("feasible")).isTrue();
      assertThat(report.getJsonArray("solution")).hasSize(20);
      assertThat(report.getJsonObject("info").getString("solver")).isEqualTo("Advantage_mock");
      assertThat(report.getJsonObject("info").containsKey("chain_break_fraction")).isTrue();
      assertThat(report.getJsonObject("info").containsKey("timing")).isTrue();

      JsonObject stored = get("alice", "/api/v1/anneal/jobs/" + id);
      assertThat(stored.getString("status")).isEqualTo("completed");
      assertThat(stored.getString("solver")).isEqualTo("dwave");
      assertThat(stored.getDouble("best_energy")).isEqualTo(result.getDouble("best_energy"));
    }
  }

  @Test
  @Order(20)
  void a_job_cancelled_while_queued_at_the_vendor_ends_cancelled() throws Exception {
    sapi.setQueueDelay(Duration.ofMinutes(10));   // the problem stays PENDING at the vendor
    try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("bob"))) {
      ws.nextOfType("connected");
      HttpResponse<Buffer> accepted = submit("bob", dwaveJob());
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String id = accepted.bodyAsJsonObject().getString("job_id");
      ws.subscribe("anneal:" + id);
      // "submitted": the vendor has accepted the problem and holds it in its queue
      awaitJob("bob", id, j -> "running".equals(j.getString("status")));
      while (!"submitted".equals(ws.nextOfType("message").getJsonObject("data").getString("vendor_state"))) {
        // earlier events
      }
      HttpResponse<Buffer> cancelled = web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
          .bearerTokenAuthentication(TestServer.tokenFor("bob")).send().await();
      replies.add(cancelled.bodyAsString());
      assertThat(cancelled.statusCode()).isEqualTo(200);
      assertThat(cancelled.bodyAsJsonObject().getBoolean("cancelled")).isTrue();
      JsonObject job = awaitJob("bob", id, HardwareJobsIntegrationTest::ended);
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("cancelled");
      assertThat(job.getString("error")).contains("cancelled at dwave");
    } finally {
      sapi.setQueueDelay(Duration.ofMillis(300));
    }
  }

  // ---- cancellation at each stage a job can be caught in (the library tests cover every stage)

  /** DELETEs the job and waits for it to end; the reply comes once it has. */
  static JsonObject cancel(String user, String id) throws Exception {
    HttpResponse<Buffer> r = web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
        .bearerTokenAuthentication(TestServer.tokenFor(user)).send().await();
    replies.add(r.bodyAsString());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static String submitted(String user, JsonObject job) {
    HttpResponse<Buffer> accepted = submit(user, job);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("job_id");
  }

  static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never got to " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A cancelled job: ended cancelled with the reason, and no result (none half-written). */
  static JsonObject assertCancelled(String user, String id, String reason) throws Exception {
    JsonObject job = awaitJob(user, id, HardwareJobsIntegrationTest::ended);
    assertThat(job.getString("status")).as(job.encode()).isEqualTo("cancelled");
    assertThat(job.getString("error")).contains(reason);
    assertThat(job.getValue("result")).as(job.encode()).isNull();
    return job;
  }

  @Test
  @Order(21)
  void a_hybrid_job_cancelled_during_its_upload_is_never_submitted_to_dwave() throws Exception {
    sapi.setPartDelay(Duration.ofSeconds(3));
    try {
      int accepted = sapi.problemsAccepted();
      int parts = sapi.partsStarted.get();
      String id = submitted("frank", dwaveJob().put("hardware", new JsonObject().put("time_limit", 5)));
      await("an upload part", () -> sapi.partsStarted.get() > parts);
      assertThat(cancel("frank", id).getBoolean("cancelled")).isTrue();
      assertCancelled("frank", id, "cancelled before dwave had the problem (during the upload");
      assertThat(sapi.problemsAccepted()).isEqualTo(accepted);
    } finally {
      sapi.setPartDelay(Duration.ZERO);
    }
  }

  @Test
  @Order(22)
  void a_job_cancelled_while_its_problem_runs_at_dwave_is_cancelled_there() throws Exception {
    sapi.setRunTime(Duration.ofMinutes(10));   // the problem stays IN_PROGRESS
    try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("frank"))) {
      ws.nextOfType("connected");
      int cancels = sapi.cancelRequests.size();
      String id = submitted("frank", dwaveJob());
      ws.subscribe("anneal:" + id);
      while (!"running".equals(ws.nextOfType("message").getJsonObject("data").getString("vendor_state"))) {
        // submitted, then running: a subscriber that joined late still sees running, which lasts
      }
      assertThat(cancel("frank", id).getBoolean("cancelled")).isTrue();
      assertCancelled("frank", id, "cancelled at dwave");
      assertThat(sapi.cancelRequests.subList(cancels, sapi.cancelRequests.size())).singleElement()
          .satisfies(c -> assertThat(c).endsWith(" IN_PROGRESS"));
    } finally {
      sapi.setRunTime(Duration.ZERO);
    }
  }

  /** Submits {@code job}, cancels it once the vendor's answer read has begun ({@code reads} grows), and checks it kept nothing. */
  static void cancelWhileTheAnswerIsRead(String user, JsonObject job, java.util.concurrent.atomic.AtomicInteger reads)
      throws Exception {
    int before = reads.get();
    String id = submitted(user, job);
    await("the answer read", () -> reads.get() > before);
    assertThat(cancel(user, id).getBoolean("cancelled")).isTrue();
    assertCancelled(user, id, "its answer was not kept");
  }

  @Test
  @Order(23)
  void a_job_cancelled_while_its_answer_is_read_ends_cancelled_without_it() throws Exception {
    sapi.setAnswerDelay(Duration.ofSeconds(3));
    try {
      cancelWhileTheAnswerIsRead("frank", dwaveJob(), sapi.answerReadsStarted);
    } finally {
      sapi.setAnswerDelay(Duration.ZERO);
    }
  }

  @Test
  @Order(24)
  void cancelling_a_completed_job_changes_nothing() throws Exception {
    String id = submitted("frank", dwaveJob());
    JsonObject done = awaitJob("frank", id, HardwareJobsIntegrationTest::ended);
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("completed");
    JsonObject reply = cancel("frank", id);
    assertThat(reply.getBoolean("cancelled")).isFalse();
    assertThat(reply.getString("status")).isEqualTo("completed");
    JsonObject after = get("frank", "/api/v1/anneal/jobs/" + id);
    assertThat(after.getString("status")).isEqualTo("completed");
    assertThat(after.getJsonObject("result")).isEqualTo(done.getJsonObject("result"));
  }

  static JsonObject queraJob(int side) {
    JsonArray x = new JsonArray();
    JsonArray y = new JsonArray();
    for (int i = 0; i < side * side; i++) {
      x.add((double) (i % side));
      y.add((double) (i / side));
    }
    return new JsonObject().put("backend", "quera")
        .put("problem", new JsonObject().put("type", "unit_disk_mis").put("x", x).put("y", y).put("radius", 1.0))
        .put("hardware", new JsonObject().put("num_reads", 20));
  }

  @Test
  @Order(25)
  void a_quera_job_cancelled_while_running_is_cancelled_at_braket_and_one_cancelled_while_read_keeps_nothing()
      throws Exception {
    braket.holdTasksAt("RUNNING");
    int cancels = braket.cancelRequests.size();
    try {
      long running = braket.tasksAt("RUNNING");
      String id = submitted("grace", queraJob(2));
      await("RUNNING at Braket", () -> braket.tasksAt("RUNNING") > running);
      assertThat(cancel("grace", id).getBoolean("cancelled")).isTrue();
      assertCancelled("grace", id, "cancelled at quera");
      assertThat(braket.cancelRequests.subList(cancels, braket.cancelRequests.size())).singleElement()
          .satisfies(c -> assertThat(c).endsWith(" RUNNING"));
    } finally {
      braket.holdTasksAt(null);
    }
    braket.setResultDelay(Duration.ofSeconds(3));
    try {
      cancelWhileTheAnswerIsRead("grace", queraJob(2), braket.resultReadsStarted);
    } finally {
      braket.setResultDelay(Duration.ZERO);
    }
  }

  // ---- a vendor that refuses the credentials

  @Test
  @Order(26)
  void a_vendor_refusing_the_credentials_fails_the_job_without_echoing_them() throws Exception {
    sapi.refuseTokenEchoingIt = true;
    try {
      String id = submitted("heidi", dwaveJob());
      JsonObject failed = awaitJob("heidi", id, HardwareJobsIntegrationTest::ended);
      assertThat(failed.getString("status")).isEqualTo("failed");
      assertThat(failed.getString("error")).contains("401");
    } finally {
      sapi.refuseTokenEchoingIt = false;
    }
    braket.refuseNextEchoingTheSessionToken(1);
    String id = submitted("heidi", queraJob(2));
    JsonObject failed = awaitJob("heidi", id, HardwareJobsIntegrationTest::ended);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("error")).contains("403").contains("UnrecognizedClientException");
  }

  @Test
  @Order(30)
  void a_failing_vendor_fails_that_job_with_its_reason_and_the_next_job_completes() throws Exception {
    sapi.failNextProblemWith = "Internal SAPI Error (reference # 4242). Contact System Administrator";
    HttpResponse<Buffer> accepted = submit("carol", dwaveJob());
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject failed = awaitJob("carol", accepted.bodyAsJsonObject().getString("job_id"), HardwareJobsIntegrationTest::ended);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("error")).contains("Internal SAPI Error (reference # 4242)");

    HttpResponse<Buffer> next = submit("carol", dwaveJob());
    JsonObject done = awaitJob("carol", next.bodyAsJsonObject().getString("job_id"), HardwareJobsIntegrationTest::ended);
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("completed");
    assertThat(done.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(31.0);
    assertThat(server.health(Duration.ofSeconds(30))).isEqualTo(200);
  }

  @Test
  @Order(40)
  void a_unit_disk_mis_job_on_quera_finds_the_13_vertex_set_of_a_5x5_lattice() throws Exception {
    JsonArray x = new JsonArray();
    JsonArray y = new JsonArray();
    for (int i = 0; i < 25; i++) {
      x.add((double) (i % 5));
      y.add((double) (i / 5));
    }
    JsonObject job = new JsonObject().put("backend", "quera")
        .put("problem", new JsonObject().put("type", "unit_disk_mis").put("x", x).put("y", y).put("radius", 1.0))
        .put("hardware", new JsonObject().put("num_reads", 100));
    HttpResponse<Buffer> accepted = submit("dave", job);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject done = awaitJob("dave", accepted.bodyAsJsonObject().getString("job_id"), HardwareJobsIntegrationTest::ended);
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("completed");
    JsonObject report = done.getJsonObject("result");
    assertThat(report.getBoolean("feasible")).isTrue();
    assertThat(report.getJsonObject("objective").getInteger("set_size")).isEqualTo(13);
    assertThat(report.getJsonArray("solution")).hasSize(13);
    assertThat(report.getJsonObject("info").getString("task_arn")).startsWith("arn:aws:braket:");
  }

  @Test
  @Order(50)
  void a_backend_not_configured_or_unknown_is_refused_with_the_reason() {
    HttpResponse<Buffer> unknown = submit("erin", dwaveJob().put("backend", "ibmq"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_backend");
    assertThat(unknown.bodyAsString()).contains("does not exist");
    HttpResponse<Buffer> badParams = submit("erin", dwaveJob().put("hardware", new JsonObject().put("num_reads", 0)));
    assertThat(badParams.statusCode()).isEqualTo(400);
    assertThat(badParams.bodyAsString()).contains("num_reads must be at least 1");
  }

  @Test
  @Order(60)
  void neither_the_dwave_token_nor_the_aws_secret_appears_in_the_logs_replies_or_job_records() {
    List<String> said = new ArrayList<>(replies);
    for (String owned : jobIds) {
      String[] userAndId = owned.split("/");
      said.add(get(userAndId[0], "/api/v1/anneal/jobs/" + userAndId[1]).encode());
      said.add(get(userAndId[0], "/api/v1/anneal/jobs").encode());
    }
    said.addAll(server.allOutput());
    assertThat(jobIds).hasSizeGreaterThanOrEqualTo(5);
    assertThat(server.allOutput()).isNotEmpty();
    // the server did log at DEBUG and TRACE, its HTTP client's and the vendors' clients' lines included
    assertThat(server.allOutput()).anyMatch(l -> l.contains(" DEBUG ")).anyMatch(l -> l.contains(" TRACE "))
        .anyMatch(l -> l.contains("BraketClient"));
    List<String> leaks = said.stream().filter(text -> text.contains(DWAVE_TOKEN) || text.contains(AWS_SECRET)
        || text.contains(AWS_SESSION_TOKEN)).toList();
    assertThat(leaks).as("lines holding a credential").isEmpty();
  }
}
