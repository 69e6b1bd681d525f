package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Multi-start and parallel runs on worker verticles: the runs of each start go round-robin to
 * {@link RunWorkerVerticle}s over the event bus; the strategy (convergence, combining) stays here.
 * Blocks while the runs work: call it from a worker thread.
 */
public final class DistributedRuns {

  private static final DeliveryOptions RUN = new DeliveryOptions().setSendTimeout(24 * 3_600_000L);

  private DistributedRuns() {
  }

  public static AdvancedAnnealing.Report run(Vertx vertx, AdvancedAnnealing strategy, QuadraticModel model,
      RunControl control, int workers, WorkerPool pool) {
    ReplicaMessages.register(vertx);
    var ising = model.toIsing();
    String prefix = "nq.internal.anneal.runs." + UUID.randomUUID() + ".";
    List<String> deployments = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        String address = prefix + i;
        deployments.add(Blocking.await(vertx.deployVerticle(
            () -> new RunWorkerVerticle(strategy, ising, control, address), pool.deploymentOptions())));
      }
      return strategy.run(model, control, (start, count) -> {
        List<Future<Object>> replies = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
          replies.add(vertx.eventBus().request(prefix + (r % workers), new ReplicaMessages.RunTask(start, r), RUN)
              .map(m -> m.body()));
        }
        Blocking.await(Future.all(replies));
        AdvancedAnnealing.RunResult[] results = new AdvancedAnnealing.RunResult[count];
        for (int r = 0; r < count; r++) {
          results[r] = (AdvancedAnnealing.RunResult) replies.get(r).result();
        }
        return results;
      });
    } finally {
      for (String id : deployments) {
        Blocking.await(vertx.undeploy(id));
      }
    }
  }
}
