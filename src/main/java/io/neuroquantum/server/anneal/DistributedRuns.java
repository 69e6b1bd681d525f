package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Multi-start and parallel runs on the replica workers of every node ({@link ReplicaWorkers}): the
 * model goes to each leased worker once ({@link ReplicaMessages.OpenRuns}), the runs of each start
 * go round-robin to them ({@link ReplicaMessages.RunOne}), and the strategy (convergence, combining)
 * stays here. Every run is seeded from (seed, start, run) and runs on one thread, so the answer is
 * the in-process answer whatever the placement. A cancelled job's runs are stopped on every node; a
 * node that leaves while it holds a run fails the job, as for tempering. Blocks while the runs work:
 * call it from a worker thread.
 */
public final class DistributedRuns {

  /** A run's reply may take as long as the run; a dead node is noticed by {@link ReplicaPlacement} meanwhile. */
  private static final DeliveryOptions RUN = ReplicaCodec.options(24 * 3_600_000L);

  private DistributedRuns() {
  }

  /** What a distributed multi-start gives: the strategy's report and which node and worker ran how many runs. */
  public record Outcome(AdvancedAnnealing.Report report, JsonArray placement) {
  }

  public static Outcome run(Vertx vertx, AdvancedAnnealing strategy, QuadraticModel model, RunControl control,
      int workers) {
    ReplicaMessages.register(vertx);
    StopCheck clock = control.start();
    ReplicaPlacement placement = ReplicaPlacement.lease(vertx,
        Math.max(1, Math.min(workers, strategy.config().parallelRuns())));
    int w = placement.workers().size();
    String job = UUID.randomUUID().toString();
    int[] runsBy = new int[w];
    boolean[] cancelSent = {false};
    Runnable passCancellationOn = () -> {
      if (!cancelSent[0] && clock.shouldStop()) {
        cancelSent[0] = true;   // cancelled, or past the time limit: the runs in flight stop within a sweep
        placement.cancel(vertx, job);
      }
    };
    try {
      long limitMs = control.timeLimit() == null ? 0 : Math.max(1, control.timeLimit().toMillis());
      ReplicaMessages.OpenRuns open = new ReplicaMessages.OpenRuns(job, strategy.config(),
          ReplicaMessages.Terms.of(model.toIsing()), limitMs);
      List<Future<Object>> opened = new ArrayList<>(w);
      for (int i = 0; i < w; i++) {
        opened.add(send(vertx, placement, i, open));
      }
      placement.awaitWhileNodesLive(vertx, Future.all(opened), passCancellationOn);
      AdvancedAnnealing.Report report = strategy.run(model, control, (start, count) -> {
        List<Future<Object>> replies = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
          runsBy[r % w]++;
          replies.add(send(vertx, placement, r % w, new ReplicaMessages.RunOne(job, start, r)));
        }
        placement.awaitWhileNodesLive(vertx, Future.all(replies), passCancellationOn);
        AdvancedAnnealing.RunResult[] results = new AdvancedAnnealing.RunResult[count];
        for (int r = 0; r < count; r++) {
          results[r] = ((ReplicaMessages.RunDone) replies.get(r).result()).toResult();
        }
        return results;
      });
      return new Outcome(report, placement.runsToJson(runsBy));
    } finally {
      for (int i = 0; i < w; i++) {   // best effort: frees the workers now rather than at their idle timeout
        send(vertx, placement, i, new ReplicaMessages.Close(job));
      }
    }
  }

  private static Future<Object> send(Vertx vertx, ReplicaPlacement placement, int worker,
      ReplicaMessages.ReplicaMessage message) {
    ReplicaPlacement.Worker to = placement.workers().get(worker);
    return vertx.eventBus().request(to.address(), message, RUN).map(m -> (Object) m.body()).recover(e ->
        Future.failedFuture(new IllegalStateException("replica worker " + to.address() + " on node " + to.node()
            + ": " + e.getMessage(), e)));
  }
}
