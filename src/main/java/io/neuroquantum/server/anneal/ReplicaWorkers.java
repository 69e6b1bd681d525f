package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.solvers.CancellationToken;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's replica workers: {@code count} {@link ReplicaWorkerVerticle}s deployed once, at start,
 * on a worker pool of their own ({@value #POOL}, one thread per worker), each on the cluster-wide
 * address {@code nq.internal.anneal.replicas.<node>.<i>}, plus the node's lease desk on
 * {@code nq.internal.anneal.replicas.<node>.lease}. A coordinator on any node asks the desks for
 * workers ({@code {want}} → {@code {node, workers: [address, …]}}, least busy first) and places its
 * slot ranges or multi-start runs on them ({@link ReplicaPlacement}). The desk also takes
 * {@code {cancel: job}}: it stops the multi-start runs of a cancelled job that this node's workers
 * are executing (they are blocked in the run, so the desk, on an event loop, flips the run's token).
 */
final class ReplicaWorkers {

  /** The workers' pool, as it appears in the vertx_pool_* metrics. */
  static final String POOL = "nq-anneal-replicas";

  private static final String PREFIX = "nq.internal.anneal.replicas.";

  private final List<String> addresses;
  private final List<AtomicInteger> held;
  private final List<String> deployments;
  private final MessageConsumer<JsonObject> desk;

  private ReplicaWorkers(List<String> addresses, List<AtomicInteger> held, List<String> deployments,
      MessageConsumer<JsonObject> desk) {
    this.addresses = addresses;
    this.held = held;
    this.deployments = deployments;
    this.desk = desk;
  }

  /**
   * Deploys {@code count} workers (dropping a run's slots after {@code idleTimeoutMs} without a
   * message) and the lease desk, from the calling verticle's context.
   */
  static Future<ReplicaWorkers> deploy(Vertx vertx, int count, long idleTimeoutMs) {
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("anneal.replica_workers must be at least 1: " + count));
    }
    if (idleTimeoutMs < 1) {
      return Future.failedFuture(new IllegalArgumentException("anneal.replica_idle_timeout_ms must be positive: "
          + idleTimeoutMs));
    }
    ReplicaMessages.register(vertx);
    String node = nodeId(vertx);
    DeploymentOptions options = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(POOL)
        .setWorkerPoolSize(count);
    List<String> addresses = new ArrayList<>();
    List<AtomicInteger> held = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    ConcurrentMap<String, CancellationToken> cancellations = new ConcurrentHashMap<>();
    for (int i = 0; i < count; i++) {
      String address = PREFIX + node + "." + i;
      AtomicInteger load = new AtomicInteger();
      addresses.add(address);
      held.add(load);
      deployed.add(vertx.deployVerticle(new ReplicaWorkerVerticle(address, idleTimeoutMs, load, cancellations), options));
    }
    return Future.all(deployed).compose(all -> {
      List<String> ids = new ArrayList<>();
      for (Future<String> f : deployed) {
        ids.add(f.result());
      }
      ReplicaWorkers[] self = new ReplicaWorkers[1];
      MessageConsumer<JsonObject> desk = vertx.eventBus().consumer(leaseAddress(node), msg -> {
        String cancel = msg.body() == null ? null : msg.body().getString("cancel");
        if (cancel != null) {
          CancellationToken token = cancellations.get(cancel);
          if (token != null) {
            token.cancel();
          }
          msg.reply(null);
        } else {
          self[0].lease(node, msg);
        }
      });
      self[0] = new ReplicaWorkers(addresses, held, ids, desk);
      return desk.completion().map(v -> self[0]);
    });
  }

  /** Answers a lease request: up to {@code want} of this node's workers, the ones holding fewest runs first. */
  private void lease(String node, Message<JsonObject> msg) {
    int want = msg.body() == null ? 0 : msg.body().getInteger("want", 0);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> held.get(i).get()).thenComparing(i -> i));
    JsonArray workers = new JsonArray();
    for (int k = 0; k < Math.min(want, order.size()); k++) {
      workers.add(addresses.get(order.get(k)));
    }
    msg.reply(new JsonObject().put("node", node).put("workers", workers));
  }

  int size() {
    return addresses.size();
  }

  Future<Void> undeploy(Vertx vertx) {
    List<Future<Void>> all = new ArrayList<>();
    all.add(desk.unregister());
    for (String id : deployments) {
      all.add(vertx.undeploy(id));
    }
    return Future.join(all).mapEmpty();
  }

  static String leaseAddress(String node) {
    return PREFIX + node + ".lease";
  }

  /** This node's id in the cluster (Vert.x's, the Hazelcast member's UUID), or {@code local} on a lone server. */
  static String nodeId(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    return cm == null ? "local" : cm.getNodeId();
  }

  /** The cluster's nodes as this node sees them now, its own first; just {@code local} on a lone server. */
  static List<String> nodes(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    if (cm == null) {
      return List.of("local");
    }
    String self = cm.getNodeId();
    List<String> nodes = new ArrayList<>(cm.getNodes());
    nodes.remove(self);
    nodes.sort(null);
    nodes.add(0, self);
    return nodes;
  }

  private static ClusterManager clusterManager(Vertx vertx) {
    return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
  }
}
