package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings 4 and 5 of issue 13 from the outside: the real server runs in its own JVM with a 256 MB
 * heap that exits on the first OutOfMemoryError, and must keep answering while unauthenticated
 * clients send it 30 MB bodies, a 107-byte body asks for a million-variable colouring, and a job asks
 * for hundreds of millions of sweeps. The old server buffered and parsed every body before looking
 * at credentials, built the colouring before counting its variables, and allocated one double per
 * sweep; each of those takes a 256 MB server down.
 */
class JobsUnderHostileLoadTest {

  private static final long THIRTY_MB = 30L << 20;

  private static ForkedServer server;
  private static Vertx vertx;
  private static WebClient web;
  private static JWTAuth issuer;

  @BeforeAll
  static void start() throws Exception {
    // the defaults but one: the jobs' memory budget (512 MB by default, for a heap of 1 GB or more)
    // sized for this heap
    server = ForkedServer.start(256, new JsonObject().put("anneal", new JsonObject()
        .put("max_jobs_memory_bytes", 128 << 20)
        // one user submits all of them: the memory budget, not the per-user share, is what is tried here
        .put("max_jobs_per_user", 64)));
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    issuer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestServer.SECRET)));
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
    vertx.close().await();
    server.close();
  }

  private static String token(String user) {
    return issuer.generateToken(new JsonObject().put("sub", user).put("roles", new JsonArray().add("user")),
        new JWTOptions().setExpiresInSeconds(3600));
  }

  /** Forty (or n) hostile clients at once, each streaming a body without credentials; their statuses. */
  private static Future<List<Integer>> flood(int clients, String path, AtomicLong sent) {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      statuses.add(threads.submit(() -> RawHttp.post(server.port(), path, null, THIRTY_MB, THIRTY_MB, sent, 120_000)));
    }
    threads.shutdown();
    return vertx.executeBlocking(() -> {
      List<Integer> out = new ArrayList<>();
      for (java.util.concurrent.Future<Integer> status : statuses) {
        out.add(status.get());
      }
      return out;
    });
  }

  /** Polls /health while {@code load} runs; returns the slowest answer's time (ms), -1 if one never came. */
  private static long healthWhile(Future<?> load) throws InterruptedException {
    long slowest = 0;
    while (!load.isComplete()) {
      long t0 = System.nanoTime();
      int status = server.health(Duration.ofSeconds(30));
      if (status != 200) {
        return -1;
      }
      slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
      Thread.sleep(200);
    }
    return slowest;
  }

  @Test
  void forty_unauthenticated_30_mb_job_bodies_are_refused_unread() throws Exception {
    AtomicLong sent = new AtomicLong();
    Future<List<Integer>> statuses = flood(40, "/api/v1/anneal/jobs", sent);
    long slowestHealth = healthWhile(statuses);
    assertThat(server.alive()).as(server.output()).isTrue();
    assertThat(statuses.await()).as("every unauthenticated body is refused with 401, unread").hasSize(40)
        .allMatch(status -> status == 401);
    assertThat(slowestHealth).as("/health answered throughout").isNotNegative();
    assertThat(server.health(Duration.ofSeconds(10))).isEqualTo(200);
    System.out.printf("40 × 30 MB unauthenticated: %d MB of 1200 MB sent before the 401s, slowest /health %d ms,"
        + " server heap in use after %d MB%n", sent.get() >> 20, slowestHealth, server.heapUsedBytes() >> 20);

    assertThat(flood(10, "/api/v1/query/stream", new AtomicLong()).await()).hasSize(10).allMatch(status -> status == 401);
    assertThat(server.alive()).as(server.output()).isTrue();
  }

  @Test
  void eight_colouring_jobs_of_a_million_variables_are_refused_before_they_are_built() throws Exception {
    // 107 bytes that ask for 1000 vertices × 1000 colours = 10⁶ variables and ~5·10⁸ quadratic terms
    JsonObject job = new JsonObject().put("problem", new JsonObject().put("type", "coloring").put("colors", 1000)
        .put("graph", new JsonObject().put("nodes", 1000).put("edges", new JsonArray().add(new JsonArray().add(0).add(1)))))
        .put("solver", new JsonObject().put("type", "sa"));
    String alice = token("alice");
    long t0 = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replies.add(web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(alice)
          .timeout(120_000).sendJsonObject(job));
    }
    Future.join(replies).await();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(server.alive()).as(server.output()).isTrue();
    for (Future<HttpResponse<Buffer>> reply : replies) {
      assertThat(reply.succeeded()).as(String.valueOf(reply.cause())).isTrue();
      assertThat(reply.result().statusCode()).as(reply.result().bodyAsString()).isEqualTo(400);
      assertThat(reply.result().bodyAsJsonObject().getJsonObject("error").getString("message"))
          .contains("anneal.max_variables");
    }
    // the old server needed 7 s and 1.9 GB for each; counting first takes milliseconds
    assertThat(ms).as("eight refusals").isLessThan(30_000);
    System.out.printf("eight 10⁶-variable colouring jobs refused in %d ms%n", ms);
    assertThat(server.health(Duration.ofSeconds(10))).isEqualTo(200);
  }

  @Test
  void eight_jobs_within_the_bounds_at_once_are_held_to_the_jobs_memory_budget() throws Exception {
    // TSP on 100 cities: a 40 KB body, 10⁴ variables and 1.98·10⁶ quadratic terms, a model of ~40 MB
    JsonArray rows = new JsonArray();
    for (int i = 0; i < 100; i++) {
      JsonArray row = new JsonArray();
      for (int j = 0; j < 100; j++) {
        row.add(i == j ? 0 : 1 + (i * 31 + j * 17) % 97);
      }
      rows.add(row);
    }
    JsonObject job = new JsonObject().put("problem", new JsonObject().put("type", "tsp").put("distances", rows))
        .put("solver", new JsonObject().put("type", "sa").put("reads", 1).put("sweeps", 10_000_000)
            .put("time_limit_ms", 60_000));
    String carl = token("carl");
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replies.add(web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(carl)
          .timeout(120_000).sendJsonObject(job));
    }
    Future.join(replies).await();
    assertThat(server.alive()).as(server.output()).isTrue();
    List<Integer> statuses = replies.stream().map(r -> r.succeeded() ? r.result().statusCode() : -1).toList();
    assertThat(statuses).as(replies.toString()).containsOnly(202, 429).contains(202, 429);
    for (Future<HttpResponse<Buffer>> reply : replies) {
      if (reply.result().statusCode() == 429) {
        assertThat(reply.result().bodyAsJsonObject().getJsonObject("error").getString("message"))
            .contains("anneal.max_jobs_memory_bytes");
      } else {
        web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/"
            + reply.result().bodyAsJsonObject().getString("job_id")).bearerTokenAuthentication(carl).send().await();
      }
    }
    System.out.printf("eight TSP-100 jobs at once: %s, heap in use %d MB%n", statuses, server.heapUsedBytes() >> 20);
    assertThat(server.health(Duration.ofSeconds(10))).isEqualTo(200);
  }

  @Test
  void hundreds_of_millions_of_sweeps_under_a_time_limit_run_in_bounded_memory() throws Exception {
    String bob = token("bob");
    JsonObject tiny = new JsonObject().put("type", "qubo").put("num_variables", 2).put("terms", new JsonArray()
        .add(new JsonArray().add(0).add(1).add(-1.0)).add(new JsonArray().add(0).add(0).add(0.5)));
    for (int sweeps : new int[] {700_000_000, Integer.MAX_VALUE}) {
      HttpResponse<Buffer> accepted = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs")
          .bearerTokenAuthentication(bob).sendJsonObject(new JsonObject().put("problem", tiny).put("solver",
              new JsonObject().put("type", "sa").put("reads", 1).put("sweeps", sweeps).put("time_limit_ms", 3000)))
          .await();
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String id = accepted.bodyAsJsonObject().getString("job_id");
      long t0 = System.nanoTime();
      JsonObject job = null;
      while (System.nanoTime() - t0 < 90_000_000_000L) {
        job = web.get(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(bob).send()
            .await().bodyAsJsonObject();
        if (!List.of("queued", "running").contains(job.getString("status"))) {
          break;
        }
        Thread.sleep(200);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(server.alive()).as(server.output()).isTrue();
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
      assertThat(job.getJsonObject("result").getJsonObject("stats").getString("stop_reason")).isEqualTo("time_limit");
      System.out.printf("sa with %d sweeps and time_limit_ms 3000: %s after %d ms, heap in use %d MB%n", sweeps,
          job.getString("status"), ms, server.heapUsedBytes() >> 20);
    }
  }
}
