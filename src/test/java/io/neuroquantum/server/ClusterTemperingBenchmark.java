package io.neuroquantum.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sweeps per second of pt jobs on two clustered server JVMs on loopback: in-process (no workers, the
 * node's threads) against replicas on 2 and 4 replica workers placed round-robin over both nodes, on
 * G22 (unweighted) and G27 (±1 weights) on the bit-sliced kernel, t3g7_5555 (Gaussian weights) on
 * scalar replicas, same seed. Time is the job's own {@code timing.sampling_ms}.
 * Not a test: {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=ClusterTemperingBenchmark
 * -DskipClientTests -Dnq.data=../shared/data}.
 */
@Tag("benchmark")
class ClusterTemperingBenchmark {

  @Test
  void two_nodes_on_loopback_against_in_process() throws Exception {
    Path data = Path.of(System.getProperty("nq.data", "../shared/data"));
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    List<ForkedServer> nodes = ForkedCluster.start(2, new JsonObject()
        .put("anneal", new JsonObject().put("replica_workers", 2).put("max_workers", 4)));
    try {
      ForkedServer a = nodes.get(0);
      String token = TestServer.tokenFor("bench");
      System.out.println("| instance | placement | sweeps/s (best of 2) | overhead vs in-process |");
      System.out.println("|---|---|---|---|");
      // G22, G27: ±J, bit-sliced; t3g7_5555: a 3D toroidal spin glass with Gaussian weights, scalar replicas
      for (String instance : new String[] {"gset/G22", "gset/G27", "spinglass/biqmac_ising/t3g7_5555"}) {
        String text = Files.readString(data.resolve(instance));
        int sweeps = instance.startsWith("gset") ? 480 : 4000;
        double inProcess = 0;
        for (int workers : new int[] {0, 2, 4}) {
          double best = Double.MAX_VALUE;
          for (int rep = 0; rep < 3; rep++) {   // the first is a warm-up
            JsonObject solver = new JsonObject().put("type", "pt").put("seed", 1).put("sweeps", sweeps);
            if (workers > 0) {
              solver.put("workers", workers);
            }
            JsonObject job = run(web, a, token, new JsonObject().put("problem", new JsonObject().put("type", "maxcut")
                .put("format", "gset").put("data", text)).put("solver", solver));
            double seconds = job.getJsonObject("result").getJsonObject("timing").getLong("sampling_ms") / 1000.0;
            if (rep > 0) {
              best = Math.min(best, seconds);
            }
          }
          if (workers == 0) {
            inProcess = best;
          }
          System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %s |%n", instance,
              workers == 0 ? "in-process (2 threads)" : workers + " workers over 2 nodes", sweeps / best,
              workers == 0 ? "" : String.format(Locale.ROOT, "%+.1f %%", 100 * (best / inProcess - 1)));
        }
      }
    } finally {
      ForkedCluster.closeAll(nodes);
      web.close();
      vertx.close().await();
    }
  }

  private static JsonObject run(WebClient web, ForkedServer s, String token, JsonObject body) throws Exception {
    JsonObject accepted = web.post(s.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(token)
        .sendJsonObject(body).await().bodyAsJsonObject();
    String id = accepted.getString("job_id");
    if (id == null) {
      throw new IllegalStateException(accepted.encode());
    }
    while (true) {
      JsonObject job = web.get(s.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(token)
          .send().await().bodyAsJsonObject();
      String status = job.getString("status");
      if ("completed".equals(status)) {
        return job;
      }
      if (!"queued".equals(status) && !"running".equals(status)) {
        throw new IllegalStateException(job.encode());
      }
      Thread.sleep(100);
    }
  }
}
