package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.cluster.ClusterSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Annealing jobs in a cluster of real server JVMs whose job records live in PostgreSQL (embedded,
 * started here): a job taken by one node is read, followed and cancelled from another; a killed
 * node's job is marked {@code interrupted} by the survivor with its best energy so far; a restart
 * of every node keeps finished results.
 */
class ClusterJobsIntegrationTest {

  private static EmbeddedPostgres postgres;
  private static Vertx vertx;
  private static WebClient web;

  @BeforeAll
  static void setUp() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void tearDown() throws Exception {
    web.close();
    vertx.close().await();
    postgres.close();
  }

  /** A cluster's node settings: its job records in a schema of their own (one schema per cluster). */
  private static JsonObject nodeConfig(String name, int basePort, int nodes) {
    return new JsonObject().put("cluster", ForkedCluster.clusterSection(name, basePort, nodes))
        .put("anneal", new JsonObject().put("store", "postgres").put("postgres", new JsonObject()
            .put("host", "localhost").put("port", postgres.getPort()).put("database", "postgres")
            .put("user", "postgres").put("password", "postgres").put("schema", name.replace('-', '_'))));
  }

  private static List<ForkedServer> startCluster(String name, int nodes) {
    return startCluster(name, ForkedCluster.basePort(), nodes);
  }

  private static List<ForkedServer> startCluster(String name, int basePort, int nodes) {
    return ForkedCluster.start(nodes, nodeConfig(name, basePort, nodes));
  }

  /**
   * Another Vert.x service on the cluster's event bus, as a Hazelcast lite member (it holds no data,
   * so its coming and going moves nothing): what sends {@code nq.anneal.*} requests from outside.
   */
  private static Vertx busService(String name, int basePort, int nodes) throws Exception {
    JsonObject section = ForkedCluster.clusterSection(name, basePort, nodes).put("port", basePort + nodes);
    com.hazelcast.config.Config hz = ClusterSettings.fromConfig(new JsonObject().put("cluster", section))
        .hazelcastConfig(16L << 20).setLiteMember(true);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hz)).buildClustered().await();
  }

  private static JsonObject g11(JsonObject solver) throws Exception {
    return new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
        .put("data", Files.readString(TestInstances.path("gset/G11")))).put("solver", solver);
  }

  /**
   * Runs until cancelled (or the 10-minute time limit) and reports progress every 250 ms: pt reports
   * after each exchange round (sa only every hundredth of its sweeps).
   */
  private static JsonObject longJob() throws Exception {
    return g11(new JsonObject().put("type", "pt").put("seed", 5).put("sweeps", 2_000_000).put("replicas", 8));
  }

  private static String submit(ForkedServer node, String user, JsonObject job) {
    HttpResponse<Buffer> accepted = web.post(node.port(), "127.0.0.1", "/api/v1/anneal/jobs")
        .bearerTokenAuthentication(TestServer.tokenFor(user)).sendJsonObject(job).await();
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("job_id");
  }

  private static HttpResponse<Buffer> get(ForkedServer node, String user, String path) {
    return web.get(node.port(), "127.0.0.1", path).bearerTokenAuthentication(TestServer.tokenFor(user)).send().await();
  }

  private static HttpResponse<Buffer> cancel(ForkedServer node, String user, String id) {
    return web.delete(node.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id)
        .bearerTokenAuthentication(TestServer.tokenFor(user)).send().await();
  }

  /** Reads the job from {@code node} until {@code until} holds (generous: the machine may be loaded). */
  private static JsonObject awaitJob(ForkedServer node, String user, String id, Predicate<JsonObject> until)
      throws Exception {
    long deadline = System.nanoTime() + 180_000_000_000L;
    JsonObject job = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> r = get(node, user, "/api/v1/anneal/jobs/" + id);
      job = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
      if (job != null && until.test(job)) {
        return job;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " did not get there; last read " + job + "\n" + node.output());
  }

  /** The job's events on {@code ws} until one of {@code type}. */
  private static JsonObject nextEvent(WsTestClient ws, String type) {
    while (true) {
      JsonObject data = ws.nextOfType("message").getJsonObject("data");
      if (type.equals(data.getString("type"))) {
        return data;
      }
    }
  }

  @Test
  void a_job_taken_by_one_node_is_read_followed_and_cancelled_from_another() throws Exception {
    String name = "nq-jobs-" + System.nanoTime();
    int basePort = ForkedCluster.basePort();
    List<ForkedServer> nodes = startCluster(name, basePort, 2);
    ForkedServer a = nodes.get(0);
    ForkedServer b = nodes.get(1);
    Vertx service = null;
    try (WsTestClient onB = WsTestClient.connect(vertx, b.port(), TestServer.tokenFor("alice"))) {
      onB.nextOfType("connected");
      String running = submit(a, "alice", longJob());
      onB.subscribe("anneal:" + running);
      assertThat(nextEvent(onB, "progress").getValue("best_energy")).as("followed on B").isNotNull();
      JsonObject readOnB = awaitJob(b, "alice", running, j -> "running".equals(j.getString("status")));
      String nodeA = readOnB.getString("node");
      assertThat(nodeA).as("the record names the node that runs it").isNotBlank();
      // one job runs at a time on A (anneal.max_running 1): this one waits in A's queue
      String queued = submit(a, "alice", longJob());
      String third = submit(a, "alice", longJob());
      assertThat(awaitJob(b, "alice", queued, j -> true).getString("status")).isEqualTo("queued");
      assertThat(get(b, "alice", "/api/v1/anneal/jobs").bodyAsJsonObject().getJsonArray("jobs").stream()
          .map(o -> ((JsonObject) o).getString("job_id"))).contains(running, queued);
      assertThat(get(b, "mallory", "/api/v1/anneal/jobs/" + running).statusCode()).isEqualTo(404);
      assertThat(cancel(b, "mallory", running).statusCode()).isEqualTo(404);

      HttpResponse<Buffer> cancelQueued = cancel(b, "alice", queued);
      assertThat(cancelQueued.statusCode()).as(cancelQueued.bodyAsString()).isEqualTo(200);
      assertThat(cancelQueued.bodyAsJsonObject().getBoolean("cancelled")).isTrue();
      assertThat(awaitJob(a, "alice", queued, j -> true).getString("status")).isEqualTo("cancelled");

      HttpResponse<Buffer> cancelRunning = cancel(b, "alice", running);
      assertThat(cancelRunning.statusCode()).as(cancelRunning.bodyAsString()).isEqualTo(200);
      assertThat(cancelRunning.bodyAsJsonObject().getBoolean("cancelled")).isTrue();
      // the reply came once A had stored the best answer so far
      JsonObject onA = get(a, "alice", "/api/v1/anneal/jobs/" + running).bodyAsJsonObject();
      assertThat(onA.getString("status")).isEqualTo("cancelled");
      assertThat(onA.getString("node")).isEqualTo(nodeA);
      assertThat(onA.getDouble("best_energy")).isNegative();
      assertThat(onA.getJsonObject("result").getJsonObject("stats").getString("stop_reason")).isEqualTo("cancelled");
      assertThat(nextEvent(onB, "result").getString("status")).isEqualTo("cancelled");
      // a job that has ended is not cancelled again, from either node
      JsonObject again = cancel(b, "alice", running).bodyAsJsonObject();
      assertThat(again.getBoolean("cancelled")).isFalse();
      assertThat(again.getString("status")).isEqualTo("cancelled");

      // the third job now runs on A; a service cancels it on the bus, whichever node takes the request
      awaitJob(b, "alice", third, j -> "running".equals(j.getString("status")));
      service = busService(name, basePort, 2);
      JsonObject onBus = service.eventBus().<JsonObject>request(Addresses.ANNEAL_CANCEL,
          new JsonObject().put("job_id", third).put("owner", "alice")).await().body();
      assertThat(onBus.getBoolean("cancelled")).isTrue();
      assertThat(get(b, "alice", "/api/v1/anneal/jobs/" + third).bodyAsJsonObject().getString("status"))
          .isEqualTo("cancelled");
    } finally {
      if (service != null) {
        service.close().await();
      }
      ForkedCluster.closeAll(nodes);
    }
  }

  @Test
  void a_killed_nodes_job_is_interrupted_on_the_survivor_with_its_best_energy_so_far() throws Exception {
    List<ForkedServer> nodes = startCluster("nq-jobs-" + System.nanoTime(), 2);
    ForkedServer survivor = nodes.get(0);
    ForkedServer doomed = nodes.get(1);
    try (WsTestClient follower = WsTestClient.connect(vertx, survivor.port(), TestServer.tokenFor("ivan"))) {
      follower.nextOfType("connected");
      String id = submit(doomed, "ivan", longJob());
      follower.subscribe("anneal:" + id);
      // progress has reported a best energy and the record keeps it (anneal.best_so_far_interval_ms)
      JsonObject running = awaitJob(survivor, "ivan", id,
          j -> "running".equals(j.getString("status")) && j.getValue("best_energy") != null);
      doomed.kill();

      JsonObject interrupted = awaitJob(survivor, "ivan", id, j -> !"running".equals(j.getString("status")));
      assertThat(interrupted.getString("status")).isEqualTo("interrupted");
      assertThat(interrupted.getString("error")).contains("left the cluster");
      assertThat(interrupted.getDouble("best_energy")).isNegative()
          .isLessThanOrEqualTo(running.getDouble("best_energy"));
      JsonObject ended = nextEvent(follower, "result");
      assertThat(ended.getString("status")).as("the follower hears it from the survivor").isEqualTo("interrupted");
      assertThat(ended.getDouble("best_energy")).isEqualTo(interrupted.getDouble("best_energy"));
      // a cancel now finds the job ended
      JsonObject cancelled = cancel(survivor, "ivan", id).bodyAsJsonObject();
      assertThat(cancelled.getBoolean("cancelled")).isFalse();
      assertThat(cancelled.getString("status")).isEqualTo("interrupted");
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  @Test
  void a_restart_of_every_node_keeps_finished_results() throws Exception {
    String name = "nq-jobs-" + System.nanoTime();
    List<ForkedServer> before = startCluster(name, 2);
    String finished;
    String unfinished;
    try {
      finished = submit(before.get(0), "judy", g11(new JsonObject().put("type", "sa").put("seed", 3)));
      awaitJob(before.get(1), "judy", finished, j -> "completed".equals(j.getString("status")));
      unfinished = submit(before.get(1), "judy", longJob());
      awaitJob(before.get(0), "judy", unfinished, j -> "running".equals(j.getString("status")));
      for (ForkedServer node : before) {
        node.kill();   // the whole cluster at once: nobody is left to mark anything
      }
    } finally {
      ForkedCluster.closeAll(before);
    }
    List<ForkedServer> after = startCluster(name, 2);
    try {
      for (ForkedServer node : after) {
        JsonObject done = get(node, "judy", "/api/v1/anneal/jobs/" + finished).bodyAsJsonObject();
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getJsonObject("result").getJsonObject("objective").getDouble("cut")).isEqualTo(564.0);
        // the first node up found the job's node gone and ended it
        JsonObject orphan = get(node, "judy", "/api/v1/anneal/jobs/" + unfinished).bodyAsJsonObject();
        assertThat(orphan.getString("status")).isEqualTo("interrupted");
      }
    } finally {
      ForkedCluster.closeAll(after);
    }
  }
}
