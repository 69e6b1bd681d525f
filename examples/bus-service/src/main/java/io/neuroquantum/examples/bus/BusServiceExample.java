package io.neuroquantum.examples.bus;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Another Vert.x service on the NeuroQuantum cluster's event bus, using only the bus contract
 * (docs/event-bus.md): it publishes to a channel, submits an annealing job and follows it to its
 * result, and streams a query's rows. It prints what it did as JSON lines on stdout.
 *
 * <p>Besides the cluster settings ({@link ClusterJoin}): {@code NQ_EXAMPLE_CHANNEL} (default
 * {@code custom:bus-service}) and {@code NQ_EXAMPLE_ROWS} (default 10000: the query reads the demo
 * table's first rows).
 *
 * <p>It runs as a verticle on virtual threads, so each step reads top to bottom with {@code await()},
 * and the consumers' handlers run on the same context as the steps (no locks needed).
 */
public final class BusServiceExample extends VerticleBase {

  public static void main(String[] args) {
    Vertx vertx = null;
    int exitCode = 0;
    try {
      // fails at once when no server is up: a lite member alone has nowhere to keep its subscriptions
      vertx = ClusterJoin.fromEnvironment().await();
      vertx.deployVerticle(new BusServiceExample(), new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))
          .await();
    } catch (Exception e) {
      JsonObject failed = new JsonObject().put("step", "failed").put("error", String.valueOf(e.getMessage()));
      if (e instanceof ReplyException r) {
        failed.put("code", r.failureCode());   // the failure codes of docs/event-bus.md
      }
      print(failed);
      exitCode = 1;
    }
    if (vertx != null) {
      vertx.close().await();   // leaves the cluster: the servers forget this service's consumers
    }
    System.exit(exitCode);
  }

  /** The three steps, one after the other; the deployment fails with the first step that fails. */
  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    publish(bus, ClusterJoin.env("NQ_EXAMPLE_CHANNEL", "custom:bus-service"));
    submitAndFollowJob(bus);
    streamQuery(Long.parseLong(ClusterJoin.env("NQ_EXAMPLE_ROWS", "10000")));
    return Future.succeededFuture();
  }

  /** 1. Publishes one message: every subscriber of the channel, on every node, receives it. */
  private void publish(EventBus bus, String channel) {
    JsonObject reply = bus.<JsonObject>request("nq.channels.publish", new JsonObject()
        .put("channel", channel)
        .put("data", new JsonObject().put("from", "bus-service").put("text", "hello from another service"))
        // the same key on a retry makes the retry safe: stored once, answered with the first offset
        .put("idempotency_key", UUID.randomUUID().toString())).await().body();
    print(new JsonObject().put("step", "published").put("channel", channel).mergeIn(reply));
  }

  /** 2. Submits a parallel-tempering Max-Cut job and prints its progress until its result. */
  private void submitAndFollowJob(EventBus bus) {
    JsonObject job = new JsonObject()
        .put("problem", new JsonObject().put("type", "maxcut").put("format", "gset").put("data", ringWithChords(62)))
        .put("solver", new JsonObject().put("type", "pt").put("seed", 7).put("sweeps", 20_000));
    JsonObject accepted = bus.<JsonObject>request("nq.anneal.submit", job).await().body();
    print(new JsonObject().put("step", "job_submitted").mergeIn(accepted));
    Promise<JsonObject> result = Promise.promise();
    ChannelFollower follower = ChannelFollower.follow(vertx, accepted.getString("channel"), (offset, event) -> {
      switch (event.getString("type")) {
        case "started" -> print(new JsonObject().put("step", "job_started").put("offset", offset));
        case "progress" -> print(new JsonObject().put("step", "job_progress").put("offset", offset)
            .put("sweeps_done", event.getLong("sweeps_done")).put("best_energy", event.getValue("best_energy")));
        case "result" -> result.tryComplete(event);
        default -> {
        }
      }
    });
    try {
      JsonObject event = result.future().timeout(10, TimeUnit.MINUTES).await();
      JsonObject answer = event.getJsonObject("result", new JsonObject());
      print(new JsonObject().put("step", "job_result").put("status", event.getString("status"))
          .put("best_energy", event.getValue("best_energy")).put("cut", answer.getJsonObject("objective", new JsonObject()).getValue("cut")));
    } finally {
      follower.close();
    }
  }

  /** 3. Streams the first {@code rows} rows of the server's demo table and checks them as they come. */
  private void streamQuery(long rows) {
    long[] count = {0};
    long[] idSum = {0};
    JsonObject last = QueryStream.run(vertx, new JsonObject()
        .put("sql", "SELECT id, temperature FROM sensor_readings WHERE id <= ? ORDER BY id")
        .put("params", new JsonArray().add(rows))
        .put("options", new JsonObject().put("batch_size", 500)), row -> {
          count[0]++;
          idSum[0] += row.getLong(0);
        });
    print(new JsonObject().put("step", "query_" + last.getString("type").substring("query_".length()))
        .put("rows", count[0]).put("id_sum", idSum[0]).put("total_rows", last.getValue("total_rows"))
        .put("error", last.getValue("error")));
  }

  /** A Max-Cut instance in G-set format: a ring of {@code n} vertices with a chord from every third one. */
  private static String ringWithChords(int n) {
    StringBuilder edges = new StringBuilder();
    int m = 0;
    for (int v = 1; v <= n; v++) {
      edges.append(v).append(' ').append(v % n + 1).append(" 1\n");
      m++;
      if (v % 3 == 0) {
        edges.append(v).append(' ').append((v + n / 2 - 1) % n + 1).append(" 1\n");
        m++;
      }
    }
    return n + " " + m + "\n" + edges;
  }

  private static void print(JsonObject line) {
    System.out.println(line.encode());
  }
}
