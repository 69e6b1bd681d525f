package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.ProgressTracker;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.neuroquantum.annealing.solvers.TemperingCoordinator;
import io.neuroquantum.annealing.solvers.TemperingResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Parallel tempering with its replicas on worker verticles: the ladder's slots are split into
 * contiguous ranges, one {@link ReplicaWorkerVerticle} each; after every exchange interval the
 * workers report their lane energies over the event bus, the coordinator (this class, with the
 * library's {@link TemperingCoordinator}) decides the swaps by the Metropolis rule and sends them
 * back with the next round. Swaps use the even-odd scheme, so a slot trades with at most one
 * neighbour per round and a swap across two workers needs only a snapshot of the edge slots. For a
 * given seed the answer equals the in-process run with {@link ParallelTempering.Exchange#EVEN_ODD}.
 *
 * <p>{@link #run} blocks until the workers reply: call it from a worker thread (or any thread that
 * is not an event loop), never an event loop.
 */
public final class DistributedTempering {

  private static final DeliveryOptions ROUND = new DeliveryOptions().setSendTimeout(3_600_000L);

  private DistributedTempering() {
  }

  /** The configuration the distributed run uses: {@code config} with even-odd swaps. */
  public static ParallelTempering prepare(ParallelTempering pt) {
    return new ParallelTempering(pt.config().withExchange(ParallelTempering.Exchange.EVEN_ODD));
  }

  public static TemperingResult run(Vertx vertx, ParallelTempering solver, QuadraticModel model, RunControl control,
      int workers, WorkerPool pool) {
    return run(vertx, solver, model, control, workers, pool, coordinator -> { });
  }

  /** As above, handing the coordinator to {@code observer} first (see {@link ParallelTempering#run}). */
  public static TemperingResult run(Vertx vertx, ParallelTempering solver, QuadraticModel model, RunControl control,
      int workers, WorkerPool pool, java.util.function.Consumer<TemperingCoordinator> observer) {
    ParallelTempering pt = prepare(solver);
    ParallelTempering.Plan plan = pt.plan(model);
    if (!plan.isBitSliced()) {
      throw new IllegalArgumentException("replicas on worker verticles need a ±J model (no fields, one coupling "
          + "magnitude); this one runs in-process");
    }
    if (pt.config().clusterMoves()) {
      throw new IllegalArgumentException("cluster moves run in-process only");
    }
    ReplicaMessages.register(vertx);
    StopCheck stop = control.start();
    TemperingCoordinator coordinator = plan.coordinator(stop.startNanos());
    observer.accept(coordinator);
    int slots = plan.temperatures();
    int w = Math.max(1, Math.min(workers, slots));
    int[] from = new int[w + 1];
    for (int i = 0; i <= w; i++) {
      from[i] = slots * i / w;
    }
    String prefix = "nq.internal.anneal.replica." + UUID.randomUUID() + ".";
    List<String> deployments = new ArrayList<>();
    try {
      for (int i = 0; i < w; i++) {
        int lo = from[i];
        int hi = from[i + 1];
        String address = prefix + i;
        deployments.add(join(vertx.deployVerticle(() -> new ReplicaWorkerVerticle(plan, lo, hi, address),
            pool.deploymentOptions())));
      }
      return coordinate(vertx, model, control, plan, coordinator, stop, prefix, from);
    } finally {
      for (String id : deployments) {
        join(vertx.undeploy(id));
      }
    }
  }

  private static TemperingResult coordinate(Vertx vertx, QuadraticModel model, RunControl control,
      ParallelTempering.Plan plan, TemperingCoordinator coordinator, StopCheck stop, String prefix, int[] from) {
    int w = from.length - 1;
    int runs = plan.runs();
    long total = plan.config().sweeps();
    ProgressTracker tracker = new ProgressTracker(control.progress(), control.progressIntervalNanos(), total,
        stop.startNanos());
    long t0 = System.nanoTime();
    int[] saves = new int[runs];
    Arrays.fill(saves, -1);
    long[] masks = new long[plan.temperatures() - 1];
    int[] holder = new int[runs];   // which worker saved each run's best state last
    ReplicaMessages.Swept[] swept = new ReplicaMessages.Swept[w];
    long done = 0;
    while (true) {
      boolean finish = done > 0 && (done >= total || stop.shouldStop()
          || (plan.config().targetEnergy() != null && coordinator.bestEnergy() <= plan.config().targetEnergy()));
      int k = (int) Math.min(plan.interval(), Math.max(1, total - done));
      List<Future<Object>> replies = new ArrayList<>(w);
      for (int i = 0; i < w; i++) {
        ReplicaMessages.Step step = new ReplicaMessages.Step(k, coordinator.betas(), saves, masks,
            i > 0 && swept[i - 1] != null ? swept[i - 1].highestSnapshot() : null,
            i + 1 < w && swept[i + 1] != null ? swept[i + 1].lowestSnapshot() : null, finish);
        replies.add(vertx.eventBus().request(prefix + i, step, ROUND).map(m -> m.body()));
      }
      join(Future.all(replies));
      if (finish) {
        return finished(model, plan, coordinator, stop, tracker, t0, replies, holder, done);
      }
      for (int i = 0; i < w; i++) {
        swept[i] = (ReplicaMessages.Swept) replies.get(i).result();
        double[][] energies = swept[i].energies();
        for (int s = 0; s < energies.length; s++) {
          System.arraycopy(energies[s], 0, coordinator.energies(from[i] + s), 0, energies[s].length);
        }
      }
      done += k;
      saves = coordinator.record(done);
      for (int r = 0; r < runs; r++) {
        if (saves[r] >= 0) {
          holder[r] = workerOf(saves[r], from);
        }
      }
      masks = coordinator.decide();
      tracker.advance(k, coordinator.bestEnergy());
      coordinator.maybeReshape(done);
    }
  }

  private static TemperingResult finished(QuadraticModel model, ParallelTempering.Plan plan,
      TemperingCoordinator coordinator, StopCheck stop, ProgressTracker tracker, long t0, List<Future<Object>> replies,
      int[] holder, long done) {
    byte[][] states = new byte[plan.runs()][];
    long attempts = 0;
    long accepted = 0;
    long nanos = 0;
    for (Future<Object> reply : replies) {
      ReplicaMessages.Finished f = (ReplicaMessages.Finished) reply.result();
      attempts += f.attempts();
      accepted += f.accepted();
      nanos += f.kernelNanos();
    }
    for (int r = 0; r < states.length; r++) {
      states[r] = ((ReplicaMessages.Finished) replies.get(holder[r]).result()).bestStates()[r];
    }
    SampleSet samples = plan.samples(model, states, attempts, accepted, done, nanos, stop, t0);
    tracker.finish(samples.bestEnergy());
    return new TemperingResult(samples, coordinator.stats());
  }

  /** Blocks this (worker) thread for a future completed on an event loop; {@code await} is for virtual threads. */
  static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static int workerOf(int slot, int[] from) {
    int i = 0;
    while (from[i + 1] <= slot) {
      i++;
    }
    return i;
  }
}
