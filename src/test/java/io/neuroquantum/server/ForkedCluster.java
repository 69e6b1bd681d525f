package io.neuroquantum.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several {@link ForkedServer}s forming one cluster on loopback, each with its own HTTP and
 * Hazelcast ports, started side by side (each JVM joins the others as it comes up).
 */
final class ForkedCluster {
  private ForkedCluster() {
  }

  /** A cluster section naming every member of a cluster of {@code nodes} on ports from {@code basePort}. */
  static JsonObject clusterSection(String name, int basePort, int nodes) {
    JsonArray members = new JsonArray();
    for (int i = 0; i < nodes; i++) {
      members.add("127.0.0.1:" + (basePort + i));
    }
    return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", basePort).put("members", members);
  }

  /** A random first Hazelcast port, so clusters of tests run side by side do not meet. */
  static int basePort() {
    return 23000 + ThreadLocalRandom.current().nextInt(300) * 20;
  }

  /**
   * Starts {@code nodes} servers with {@code config} plus a cluster section naming them all.
   *
   * @param config the settings every node shares (a {@code cluster} section in it is merged in)
   */
  static List<ForkedServer> start(int nodes, JsonObject config) {
    return start(nodes, config, i -> new JsonObject());
  }

  /** The same, with settings of each node's own (node i gets {@code perNode.apply(i)} merged in, deeply). */
  static List<ForkedServer> start(int nodes, JsonObject config, java.util.function.IntFunction<JsonObject> perNode) {
    String name = "nq-it-" + System.nanoTime();
    int basePort = basePort();
    JsonObject cluster = clusterSection(name, basePort, nodes).mergeIn(config.getJsonObject("cluster", new JsonObject()));
    JsonObject full = config.copy().put("cluster", cluster);
    List<CompletableFuture<ForkedServer>> starting = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      JsonObject own = full.copy().mergeIn(perNode.apply(i), true);
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return ForkedServer.start(256, own);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    List<ForkedServer> servers = new ArrayList<>();
    try {
      for (CompletableFuture<ForkedServer> f : starting) {
        servers.add(f.join());
      }
    } catch (RuntimeException e) {
      starting.forEach(f -> f.thenAccept(ForkedCluster::closeQuietly));
      throw e;
    }
    return servers;
  }

  static void closeAll(List<ForkedServer> servers) {
    servers.forEach(ForkedCluster::closeQuietly);
  }

  private static void closeQuietly(ForkedServer server) {
    try {
      server.close();
    } catch (Exception e) {
      // already gone
    }
  }
}
