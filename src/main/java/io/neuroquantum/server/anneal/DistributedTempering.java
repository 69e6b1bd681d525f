package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.neuroquantum.annealing.solvers.TemperingCoordinator;
import io.neuroquantum.annealing.solvers.TemperingLoop;
import io.neuroquantum.annealing.solvers.TemperingResult;
import io.neuroquantum.annealing.solvers.TemperingSlots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Parallel tempering with its replicas on replica workers, possibly on several cluster nodes: the
 * ladder's slots are split into contiguous ranges, one per leased {@link ReplicaWorkerVerticle}
 * ({@link ReplicaPlacement}: round-robin over the nodes); after every exchange interval the workers
 * report their lane energies over the event bus, the coordinator (this class, with the library's
 * {@link TemperingCoordinator}) decides the swaps by the Metropolis rule and sends them back with the
 * next round. Swaps use the even-odd scheme, so a slot trades with at most one neighbour per round and
 * a swap across two workers needs only a snapshot of the edge slots. Each slot has its own random
 * stream, whichever worker holds it, so for a given seed the answer equals the in-process run with
 * {@link ParallelTempering.Exchange#EVEN_ODD}, whatever the placement.
 *
 * <p>A worker's node leaving the cluster mid-run fails the run with that reason (its replicas are
 * gone; they are not reassigned). {@link #run} blocks until the workers reply: call it from a worker
 * thread (or any thread that is not an event loop), never an event loop.
 */
public final class DistributedTempering {

  /** A round's reply may take as long as its sweeps; a dead node is noticed by {@link ReplicaPlacement} meanwhile. */
  private static final DeliveryOptions ROUND = ReplicaCodec.options(24 * 3_600_000L);

  private DistributedTempering() {
  }

  /** What a distributed run gives: the tempering result and which node and worker held which slots. */
  public record Outcome(TemperingResult result, JsonArray placement) {
  }

  /** The configuration the distributed run uses: {@code config} with even-odd swaps. */
  public static ParallelTempering prepare(ParallelTempering pt) {
    return new ParallelTempering(pt.config().withExchange(ParallelTempering.Exchange.EVEN_ODD));
  }

  public static Outcome run(Vertx vertx, ParallelTempering solver, QuadraticModel model, RunControl control,
      int workers) {
    return run(vertx, solver, model, control, workers, coordinator -> { });
  }

  /** As above, handing the coordinator to {@code observer} first (see {@link ParallelTempering#run}). */
  public static Outcome run(Vertx vertx, ParallelTempering solver, QuadraticModel model, RunControl control,
      int workers, Consumer<TemperingCoordinator> observer) {
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
    ReplicaPlacement placement = ReplicaPlacement.lease(vertx, Math.max(1, Math.min(workers, slots)));
    int w = placement.workers().size();
    int[] from = new int[w + 1];
    for (int i = 0; i <= w; i++) {
      from[i] = slots * i / w;
    }
    String job = UUID.randomUUID().toString();
    Round round = new Round(vertx, placement, job);
    boolean finished = false;
    try {
      PackedSlotRange.Glass glass = PackedSlotRange.Glass.of(plan);
      List<Future<Object>> opened = new ArrayList<>(w);
      for (int i = 0; i < w; i++) {   // the model goes to each worker once
        opened.add(round.send(i, new ReplicaMessages.Open(job, from[i], from[i + 1], plan.config().seed(), slots, glass)));
      }
      placement.awaitWhileNodesLive(vertx, Future.all(opened));
      TemperingResult result = TemperingLoop.run(model, plan, coordinator, new WorkerSlots(round, from, plan.lanes()),
          control, stop);
      finished = true;   // the finishing step dropped every worker's slots
      return new Outcome(result, placement.toJson(from));
    } finally {
      if (!finished) {
        round.closeAll();
      }
    }
  }

  /** Sends one run's messages to its workers, in the replica codec. */
  private record Round(Vertx vertx, ReplicaPlacement placement, String job) {

    Future<Object> send(int worker, ReplicaMessages.ReplicaMessage message) {
      ReplicaPlacement.Worker to = placement.workers().get(worker);
      return vertx.eventBus().request(to.address(), message, ROUND).map(m -> (Object) m.body()).recover(e ->
          Future.failedFuture(new IllegalStateException("replica worker " + to.address() + " on node " + to.node()
              + ": " + e.getMessage(), e)));
    }

    /** Best effort: a run that ends early frees its workers now rather than at their idle timeout. */
    void closeAll() {
      for (int i = 0; i < placement.workers().size(); i++) {
        send(i, new ReplicaMessages.Close(job));
      }
    }

    List<Object> all(List<Future<Object>> replies) {
      placement.awaitWhileNodesLive(vertx, Future.all(replies));
      List<Object> out = new ArrayList<>(replies.size());
      for (Future<Object> r : replies) {
        out.add(r.result());
      }
      return out;
    }
  }

  /**
   * The slots on worker verticles, worker i holding {@code [from[i], from[i+1])}: a step is one message
   * to each worker (saves, swaps with the neighbours' edge snapshots of the last step, sweeps), answered
   * with its slots' energies and its edge snapshots.
   */
  private static final class WorkerSlots implements TemperingSlots {
    private final Round round;
    private final int[] from;
    private final int lanes;
    private final ReplicaMessages.Swept[] swept;
    private int[] holder;   // which worker saved each run's best state last
    private double[] betas;   // the ladder of the last step (the finishing message carries it unused)

    WorkerSlots(Round round, int[] from, int lanes) {
      this.round = round;
      this.from = from;
      this.lanes = lanes;
      this.swept = new ReplicaMessages.Swept[from.length - 1];
    }

    @Override
    public boolean step(int sweeps, int[] saves, long[] masks, TemperingCoordinator coordinator, StopCheck stop) {
      betas = coordinator.betas();
      List<Object> replies = send(sweeps, saves, masks, false);
      for (int i = 0; i < swept.length; i++) {
        swept[i] = (ReplicaMessages.Swept) replies.get(i);
        if (swept[i].slots() != from[i + 1] - from[i] || swept[i].lanes() != lanes) {
          throw new IllegalStateException("replica worker " + i + " reported " + swept[i].slots() + " slots of "
              + swept[i].lanes() + " lanes, expected " + (from[i + 1] - from[i]) + " of " + lanes);
        }
        for (int s = 0; s < swept[i].slots(); s++) {
          System.arraycopy(swept[i].energies(), s * lanes, coordinator.energies(from[i] + s), 0, lanes);
        }
      }
      return true;   // workers sweep whole blocks; the loop checks the time limit and cancellation between them
    }

    @Override
    public Finished finish(int[] saves) {
      // no swaps: the saved bests were recorded before any, and nothing sweeps after them
      List<Object> replies = send(0, saves, new long[from[from.length - 1] - 1], true);
      byte[][] states = new byte[saves.length][];
      long attempts = 0;
      long accepted = 0;
      long nanos = 0;
      for (Object reply : replies) {
        ReplicaMessages.Finished f = (ReplicaMessages.Finished) reply;
        attempts += f.attempts();
        accepted += f.accepted();
        nanos += f.kernelNanos();
      }
      for (int r = 0; r < states.length; r++) {
        states[r] = ((ReplicaMessages.Finished) replies.get(holder[r])).bestStates()[r];
      }
      return new Finished(states, attempts, accepted, nanos);
    }

    private List<Object> send(int sweeps, int[] saves, long[] masks, boolean finish) {
      if (holder == null) {
        holder = new int[saves.length];
      }
      for (int r = 0; r < saves.length; r++) {
        if (saves[r] >= 0) {
          holder[r] = workerOf(saves[r], from);
        }
      }
      int w = swept.length;
      List<Future<Object>> requests = new ArrayList<>(w);
      for (int i = 0; i < w; i++) {
        requests.add(round.send(i, new ReplicaMessages.Step(round.job(), sweeps, betas, saves, masks,
            i > 0 && swept[i - 1] != null ? swept[i - 1].highestSnapshot() : null,
            i + 1 < w && swept[i + 1] != null ? swept[i + 1].lowestSnapshot() : null, finish)));
      }
      return round.all(requests);
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
