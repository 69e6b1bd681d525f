package io.neuroquantum.server.anneal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where one distributed tempering run's slot ranges (or a multi-start job's runs) go: the coordinator asks every node's lease desk
 * ({@link ReplicaWorkers}) for workers and takes them round-robin over the nodes that answered, its
 * own node first, so {@code workers: 4} on two nodes puts ranges 0 and 2 on one node and 1 and 3 on
 * the other. Fewer workers than asked is fine (the answer does not depend on how the ladder is split);
 * none is an error. Also watches the cluster: a node that leaves while it holds a range fails the run.
 */
record ReplicaPlacement(List<Worker> workers) {

  /** One leased worker: its node and address. */
  record Worker(String node, String address) {
  }

  private static final DeliveryOptions LEASE = new DeliveryOptions().setSendTimeout(10_000);

  /** Leases up to {@code want} workers. Blocks: call it from a worker thread. */
  static ReplicaPlacement lease(Vertx vertx, int want) {
    List<String> nodes = ReplicaWorkers.nodes(vertx);
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String node : nodes) {
      answers.add(vertx.eventBus().<JsonObject>request(ReplicaWorkers.leaseAddress(node), new JsonObject().put("want", want),
          LEASE).map(m -> m.body()));
    }
    Blocking.await(Future.join(answers));   // a node without a desk, or slow to answer, just gets no ranges
    List<ArrayDeque<Worker>> offered = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      ArrayDeque<Worker> queue = new ArrayDeque<>();
      if (answers.get(i).succeeded()) {
        JsonArray addresses = answers.get(i).result().getJsonArray("workers", new JsonArray());
        for (int k = 0; k < addresses.size(); k++) {
          queue.add(new Worker(nodes.get(i), addresses.getString(k)));
        }
      }
      offered.add(queue);
    }
    List<Worker> picked = new ArrayList<>();
    boolean any = true;
    while (picked.size() < want && any) {
      any = false;
      for (ArrayDeque<Worker> queue : offered) {
        if (picked.size() < want && !queue.isEmpty()) {
          picked.add(queue.poll());
          any = true;
        }
      }
    }
    if (picked.isEmpty()) {
      throw new IllegalStateException("no replica workers: no node's lease desk answered (" + nodes.size() + " node(s))");
    }
    return new ReplicaPlacement(List.copyOf(picked));
  }

  /** A node holding one of these workers that is no longer in the cluster, or null while all are. */
  String departedNode(Vertx vertx) {
    Set<String> present = new HashSet<>(ReplicaWorkers.nodes(vertx));
    for (Worker w : workers) {
      if (!present.contains(w.node())) {
        return w.node();
      }
    }
    return null;
  }

  /** Which node and worker got which slots ({@code from[i]..from[i+1]} to worker i), for the job's result. */
  JsonArray toJson(int[] from) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < workers.size(); i++) {
      out.add(new JsonObject().put("node", workers.get(i).node()).put("worker", workers.get(i).address())
          .put("slots", new JsonArray().add(from[i]).add(from[i + 1])));
    }
    return out;
  }

  /** Which node and worker executed how many multi-start runs ({@code runs[i]} by worker i), for the job's result. */
  JsonArray runsToJson(int[] runs) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < workers.size(); i++) {
      out.add(new JsonObject().put("node", workers.get(i).node()).put("worker", workers.get(i).address())
          .put("runs", runs[i]));
    }
    return out;
  }

  /** Asks the lease desk of every node holding one of these workers to stop the job's runs there (best effort). */
  void cancel(Vertx vertx, String job) {
    workers.stream().map(Worker::node).distinct().forEach(node ->
        vertx.eventBus().request(ReplicaWorkers.leaseAddress(node), new JsonObject().put("cancel", job), LEASE));
  }

  /** The distinct nodes holding workers. */
  int nodeCount() {
    return (int) workers.stream().map(Worker::node).distinct().count();
  }

  /**
   * Blocks this (worker) thread for {@code future}, checking once a second that every node of this
   * placement is still in the cluster: a request to a node that died may otherwise wait for its
   * whole send timeout.
   */
  <T> T awaitWhileNodesLive(Vertx vertx, Future<T> future) {
    return awaitWhileNodesLive(vertx, future, () -> { });
  }

  /** As above, running {@code everySecond} (on this thread) at each check, e.g. to pass a cancellation on. */
  <T> T awaitWhileNodesLive(Vertx vertx, Future<T> future, Runnable everySecond) {
    CompletableFuture<T> f = future.toCompletionStage().toCompletableFuture();
    while (true) {
      try {
        return f.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillWaiting) {
        everySecond.run();
        failIfDeparted(vertx);
      } catch (ExecutionException e) {
        failIfDeparted(vertx);
        throw Blocking.rethrow(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for replica workers", e);
      }
    }
  }

  private void failIfDeparted(Vertx vertx) {
    String gone = departedNode(vertx);
    if (gone != null) {
      throw new IllegalStateException("replica worker node " + gone + " left the cluster during the job; the "
          + "replicas it held are lost, so the job fails (its slots are not reassigned)");
    }
  }

}
