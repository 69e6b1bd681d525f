package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.neuroquantum.server.anneal.DistributedTempering;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel tempering with its slot ranges on replica workers of two real server JVMs forming a
 * cluster: a job submitted to one node with {@code workers: 4} puts ranges on both nodes (its result
 * says where), and its answer, best energy and best sample, is the in-process answer for the seed.
 */
class ClusterTemperingIntegrationTest {

  private static Vertx vertx;
  private static WebClient web;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void tearDown() {
    web.close();
    vertx.close().await();
  }

  @Test
  void a_pt_job_spread_over_two_nodes_gives_the_in_process_answer() throws Exception {
    String g11 = Files.readString(TestInstances.path("gset/G11"));
    JsonObject solver = new JsonObject().put("type", "pt").put("seed", 11).put("sweeps", 400).put("workers", 4);
    List<ForkedServer> nodes = ForkedCluster.start(2, new JsonObject()
        .put("anneal", new JsonObject().put("replica_workers", 2).put("max_workers", 4)));
    try {
      ForkedServer a = nodes.get(0);
      String token = TestServer.tokenFor("alice");
      JsonObject accepted = web.post(a.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
              .put("data", g11)).put("solver", solver)).await().bodyAsJsonObject();
      String id = accepted.getString("job_id");
      assertThat(id).as(accepted.encode()).isNotNull();
      JsonObject job = awaitEnd(a, token, id);
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
      JsonObject result = job.getJsonObject("result");

      JsonArray placement = result.getJsonArray("replica_placement");
      assertThat(placement).hasSize(4);
      Set<String> placedOn = new HashSet<>();
      int next = 0;
      for (int i = 0; i < placement.size(); i++) {
        JsonObject range = placement.getJsonObject(i);
        placedOn.add(range.getString("node"));
        assertThat(range.getJsonArray("slots").getInteger(0)).isEqualTo(next);   // contiguous, covering the ladder
        next = range.getJsonArray("slots").getInteger(1);
      }
      assertThat(placedOn).as(placement.encode()).hasSize(2);
      assertThat(next).isEqualTo(result.getJsonObject("stats").getJsonObject("tempering").getJsonArray("betas").size());

      MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("gset/G11"), "G11"));
      EncodedProblem encoded = EncodedProblem.maxCut(problem);
      ParallelTempering pt = DistributedTempering.prepare(new ParallelTempering(ParallelTempering.Config.defaults()
          .withSeed(11).withSweeps(400)));
      SampleSet local = pt.run(encoded.model(), RunControl.defaults()).samples();
      Answer expected = encoded.bestAnswer(local);
      assertThat(result.getDouble("energy")).isEqualTo(expected.energy());
      JsonArray solution = new JsonArray();
      for (int v : expected.solution()) {
        solution.add(v);
      }
      assertThat(result.getJsonArray("solution")).isEqualTo(solution);
      assertThat(result.getJsonObject("stats").getLong("spin_updates")).isEqualTo(local.stats().spinUpdateAttempts());
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  /**
   * A multi-start sa job with {@code workers: 4} on a weighted instance (which pt could not spread):
   * its runs go to both nodes' replica workers, and its answer is the in-process answer for the seed.
   */
  @Test
  void a_multi_start_job_spread_over_two_nodes_gives_the_in_process_answer() throws Exception {
    String g05 = Files.readString(TestInstances.path("biqmac/rudy/pw05_100.0"));
    JsonObject solver = new JsonObject().put("type", "sa").put("seed", 7).put("sweeps", 300).put("reads", 2)
        .put("starts", 3).put("parallel_runs", 4).put("workers", 4);
    List<ForkedServer> nodes = ForkedCluster.start(2, new JsonObject()
        .put("anneal", new JsonObject().put("replica_workers", 2).put("max_workers", 4)));
    try {
      ForkedServer a = nodes.get(0);
      String token = TestServer.tokenFor("alice");
      JsonObject accepted = web.post(a.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
              .put("data", g05)).put("solver", solver)).await().bodyAsJsonObject();
      String id = accepted.getString("job_id");
      assertThat(id).as(accepted.encode()).isNotNull();
      JsonObject job = awaitEnd(a, token, id);
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
      JsonObject result = job.getJsonObject("result");

      JsonArray placement = result.getJsonArray("replica_placement");
      assertThat(placement).as(result.encode()).hasSize(4);
      Set<String> placedOn = new HashSet<>();
      int runs = 0;
      for (int i = 0; i < placement.size(); i++) {
        placedOn.add(placement.getJsonObject(i).getString("node"));
        runs += placement.getJsonObject(i).getInteger("runs");
      }
      assertThat(placedOn).as(placement.encode()).hasSize(2);
      assertThat(runs).isEqualTo(3 * 4);

      MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/pw05_100.0"), "pw05_100.0"));
      EncodedProblem encoded = EncodedProblem.maxCut(problem);
      AdvancedAnnealing strategy = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withSeed(7)
          .withBudget(300, 2).withStarts(3, 4));
      SampleSet local = strategy.run(encoded.model(), RunControl.defaults()).samples();
      Answer expected = encoded.bestAnswer(local);
      assertThat(result.getDouble("energy")).isEqualTo(expected.energy());
      JsonArray solution = new JsonArray();
      for (int v : expected.solution()) {
        solution.add(v);
      }
      assertThat(result.getJsonArray("solution")).isEqualTo(solution);
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  private JsonObject awaitEnd(ForkedServer node, String token, String id) throws InterruptedException {
    return JobsTestServer.poll(() -> web.get(node.port(), "127.0.0.1", JobsTestServer.JOBS + "/" + id)
        .bearerTokenAuthentication(token).send().await().bodyAsJsonObject(), JobsTestServer::ended, Duration.ofMinutes(5));
  }

  /** Killing the node that holds some of a running job's replicas fails the job with a reason, on the coordinator's node. */
  @Test
  void a_worker_node_dying_mid_job_fails_the_job_with_a_reason() throws Exception {
    String g11 = Files.readString(TestInstances.path("gset/G11"));
    JsonObject solver = new JsonObject().put("type", "pt").put("seed", 3).put("sweeps", 200_000).put("workers", 4);
    List<ForkedServer> nodes = ForkedCluster.start(2, new JsonObject()
        .put("anneal", new JsonObject().put("replica_workers", 2).put("max_workers", 4)));
    try {
      ForkedServer a = nodes.get(0);
      String token = TestServer.tokenFor("alice");
      JsonObject accepted = web.post(a.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
              .put("data", g11)).put("solver", solver)).await().bodyAsJsonObject();
      String id = accepted.getString("job_id");
      assertThat(id).as(accepted.encode()).isNotNull();
      JsonObject job = null;
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline) {   // running, and past the first rounds: the ranges are placed
        job = web.get(a.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(token).send().await()
            .bodyAsJsonObject();
        if ("running".equals(job.getString("status"))) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("running");
      Thread.sleep(2_000);
      nodes.get(1).kill();
      deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline && "running".equals(job.getString("status"))) {
        Thread.sleep(500);
        job = web.get(a.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(token).send().await()
            .bodyAsJsonObject();
      }
      assertThat(job.getString("status")).as(job.encode()).isEqualTo("failed");
      assertThat(job.getString("error")).as(job.encode()).contains("replica worker");
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }
}
