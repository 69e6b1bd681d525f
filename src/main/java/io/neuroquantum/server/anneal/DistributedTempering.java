package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.ScalarSlotRange;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Parallel tempering with its replicas on replica workers, possibly on several cluster nodes, for any
 * model (±J models on the bit-sliced kernel, the others on scalar replicas that stay in place while
 * their temperatures move: {@link ScalarSlotRange}): the ladder's slots are split into contiguous ranges, one per leased {@link ReplicaWorkerVerticle}
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
    String refusal = refusal(pt.config());
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
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
      // the model goes to each worker once: packed for ±J models, as plain terms for the scalar kernel
      PackedSlotRange.Glass glass = plan.isBitSliced() ? PackedSlotRange.Glass.of(plan) : null;
      ReplicaMessages.Terms terms = plan.isBitSliced() ? null : ReplicaMessages.Terms.of(plan.ising());
      List<Future<Object>> opened = new ArrayList<>(w);
      for (int i = 0; i < w; i++) {
        opened.add(round.send(i, plan.isBitSliced()
            ? new ReplicaMessages.Open(job, from[i], from[i + 1], plan.config().seed(), slots, glass)
            : new ReplicaMessages.OpenScalar(job, from[i], from[i + 1], plan.config().seed(), slots, plan.lanes(), terms)));
      }
      placement.awaitWhileNodesLive(vertx, Future.all(opened));
      TemperingResult result = TemperingLoop.run(model, plan, coordinator, new WorkerSlots(plan, round, from), control,
          stop);
      finished = true;   // the finishing step dropped every worker's slots
      return new Outcome(result, placement.toJson(from));
    } finally {
      if (!finished) {
        round.closeAll();
      }
    }
  }

  /**
   * Why a configuration cannot put its replicas on workers, or null if it can: any model can (the
   * bit-sliced kernel for ±J models, the scalar one for the others), but cluster moves and one-hot
   * moves (colouring, TSP) run in-process only.
   */
  public static String refusal(ParallelTempering.Config config) {
    if (config.clusterMoves()) {
      return "cluster moves run in-process only";
    }
    if (config.oneHotGroups() != null) {
      return "one-hot moves (colouring, TSP) run in-process only";
    }
    return null;
  }

  /**
   * Which position holds which temperature, per lane, in a scalar run: the in-process kernel swaps
   * replicas, the workers keep theirs in place and get the swapped temperatures instead.
   */
  private static final class Positions {
    final int[][] positionOf;   // [temperature][lane]
    final int[][] temperatureAt;   // [position][lane]

    Positions(int temperatures, int lanes) {
      positionOf = new int[temperatures][lanes];
      temperatureAt = new int[temperatures][lanes];
      for (int t = 0; t < temperatures; t++) {
        Arrays.fill(positionOf[t], t);
        Arrays.fill(temperatureAt[t], t);
      }
    }

    /** Each position's β in each lane, {@code [p · lanes + r]}. */
    double[] betas(TemperingCoordinator coordinator, int lanes) {
      double[] out = new double[positionOf.length * lanes];
      for (int t = 0; t < positionOf.length; t++) {
        for (int r = 0; r < lanes; r++) {
          out[positionOf[t][r] * lanes + r] = coordinator.beta(t);
        }
      }
      return out;
    }

    /** The swaps the coordinator decided, as moves of temperatures between positions. */
    void swap(long[] masks) {
      for (int t = 0; t < masks.length; t++) {
        for (long m = masks[t]; m != 0; m &= m - 1) {
          int r = Long.numberOfTrailingZeros(m);
          int a = positionOf[t][r];
          int b = positionOf[t + 1][r];
          positionOf[t][r] = b;
          positionOf[t + 1][r] = a;
          temperatureAt[a][r] = t + 1;
          temperatureAt[b][r] = t;
        }
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
   * The slots on worker verticles, worker i holding positions {@code [from[i], from[i+1])}: a step is one
   * message to each worker (saves, swaps, sweeps), answered with its energies and edge snapshots. On the
   * bit-sliced kernel a position is a temperature and swaps move lanes between workers (with the
   * neighbours' edge snapshots of the last step); on the scalar kernel replicas stay at their position
   * and swaps move temperatures instead ({@link Positions}).
   */
  private static final class WorkerSlots implements TemperingSlots {
    private final Round round;
    private final int[] from;
    private final int lanes;
    private final Positions positions;   // null on the bit-sliced kernel
    private final ReplicaMessages.Swept[] swept;
    private final int[] holder;   // which worker saved each run's best state last
    private double[] betas;   // of the last step; the finishing message carries them unused

    WorkerSlots(ParallelTempering.Plan plan, Round round, int[] from) {
      this.round = round;
      this.from = from;
      this.lanes = plan.lanes();
      this.positions = plan.isBitSliced() ? null : new Positions(plan.temperatures(), plan.lanes());
      this.swept = new ReplicaMessages.Swept[from.length - 1];
      this.holder = new int[plan.runs()];
    }

    @Override
    public boolean step(int sweeps, int[] saves, long[] masks, TemperingCoordinator coordinator, StopCheck stop) {
      int[] at = byPosition(saves);   // before the swaps move the temperatures
      if (positions != null) {
        positions.swap(masks);
      }
      betas = positions == null ? coordinator.betas() : positions.betas(coordinator, lanes);
      List<Object> replies = send(sweeps, at, positions == null ? masks : new long[0], false);
      for (int i = 0; i < swept.length; i++) {
        swept[i] = (ReplicaMessages.Swept) replies.get(i);
        if (swept[i].slots() != from[i + 1] - from[i] || swept[i].lanes() != lanes) {
          throw new IllegalStateException("replica worker " + i + " reported " + swept[i].slots() + " slots of "
              + swept[i].lanes() + " lanes, expected " + (from[i + 1] - from[i]) + " of " + lanes);
        }
        for (int s = 0; s < swept[i].slots(); s++) {
          if (positions == null) {
            System.arraycopy(swept[i].energies(), s * lanes, coordinator.energies(from[i] + s), 0, lanes);
          } else {
            for (int r = 0; r < lanes; r++) {   // position from[i] + s holds a temperature of its own in each lane
              coordinator.energies(positions.temperatureAt[from[i] + s][r])[r] = swept[i].energies()[s * lanes + r];
            }
          }
        }
      }
      return true;   // workers sweep whole blocks; the loop checks the time limit and cancellation between them
    }

    @Override
    public Finished finish(int[] saves) {
      // no swaps: the bests were recorded before any, and nothing sweeps after them
      List<Object> replies = send(0, byPosition(saves), positions == null ? new long[from[from.length - 1] - 1]
          : new long[0], true);
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

    /** The saves as the workers name them (by position), noting which worker holds each run's best. */
    private int[] byPosition(int[] saves) {
      int[] at = saves.clone();
      for (int r = 0; r < at.length; r++) {
        if (at[r] >= 0) {
          if (positions != null) {
            at[r] = positions.positionOf[at[r]][r];
          }
          holder[r] = workerOf(at[r], from);
        }
      }
      return at;
    }

    private List<Object> send(int sweeps, int[] saves, long[] masks, boolean finish) {
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
