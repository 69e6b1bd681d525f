package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.solvers.CancellationToken;
import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.ScalarSlotRange;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.neuroquantum.server.anneal.ReplicaMessages.Close;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.server.anneal.ReplicaMessages.Open;
import io.neuroquantum.server.anneal.ReplicaMessages.OpenRuns;
import io.neuroquantum.server.anneal.ReplicaMessages.OpenScalar;
import io.neuroquantum.server.anneal.ReplicaMessages.RunDone;
import io.neuroquantum.server.anneal.ReplicaMessages.RunOne;
import io.neuroquantum.server.anneal.ReplicaMessages.ReplicaMessage;
import io.neuroquantum.server.anneal.ReplicaMessages.Step;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-lived replica worker (WORKER threading model: sweeping blocks), deployed once per node at
 * start by {@link ReplicaWorkers}, listening on a cluster-wide address so that a coordinator on any
 * node can give it slots. It holds the slots of each run it was opened for, keyed by the run's id,
 * between rounds: {@link Open} builds them, each {@link Step} is one exchange round (keep bests, swap,
 * sweep, report energies), the finishing step or a {@link Close} drops them, and so does an idle
 * timeout: a coordinator that died (its node crashed) must not leave its replicas here for good.
 *
 * <p>It also executes whole runs of multi-start strategies ({@link OpenRuns} once per job, then one
 * {@link RunOne} per run). Messages are handled one at a time on the verticle's context, so the map
 * needs no lock; runs of several jobs on one worker take turns. A cancelled job's run stops within a
 * sweep: its token is flipped by the node's lease desk, which runs on an event loop, not here.
 */
final class ReplicaWorkerVerticle extends VerticleBase {

  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(ReplicaCodec.NAME);

  private final String address;
  private final long idleTimeoutMs;
  private final AtomicInteger held;   // how many runs this worker holds, for the node's lease desk
  private final Map<String, Held> runs = new HashMap<>();
  private MessageConsumer<ReplicaMessage> consumer;
  private long timer;

  /**
   * One job's part here and when the coordinator last spoke to it: a tempering run's slots, or a
   * multi-start strategy with its model, whose runs it executes one request at a time.
   */
  private static final class Held {
    final PackedSlotRange range;
    final ScalarSlotRange scalar;
    final MultiStart multiStart;
    long lastUsedNanos = System.nanoTime();

    Held(PackedSlotRange range, ScalarSlotRange scalar, MultiStart multiStart) {
      this.range = range;
      this.scalar = scalar;
      this.multiStart = multiStart;
    }
  }

  /** A multi-start job's strategy and model here, with the control its runs share (one thread each). */
  private record MultiStart(AdvancedAnnealing strategy, Ising model, RunControl control) {
  }

  /** The node's cancellation tokens of multi-start jobs, by job: the lease desk flips them while a run blocks this worker. */
  private final ConcurrentMap<String, CancellationToken> cancellations;

  ReplicaWorkerVerticle(String address, long idleTimeoutMs, AtomicInteger held,
      ConcurrentMap<String, CancellationToken> cancellations) {
    this.address = address;
    this.idleTimeoutMs = idleTimeoutMs;
    this.held = held;
    this.cancellations = cancellations;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(address, this::onMessage);
    timer = vertx.setPeriodic(Math.max(100, idleTimeoutMs / 4), id -> dropIdle());
    return consumer.completion();
  }

  private void onMessage(Message<ReplicaMessage> msg) {
    try {
      switch (msg.body()) {
        case Open open -> open(open, msg);
        case Step step -> step(step, msg);
        case Close close -> {
          drop(close.job());
          msg.reply(null);
        }
        case OpenScalar open -> {
          hold(open.job(), new Held(null, new ScalarSlotRange(open.model().toIsing(), open.seed(), open.lanes(),
              open.temperatures(), open.from(), open.to()), null));
          msg.reply(null);
        }
        case OpenRuns open -> openRuns(open, msg);
        case RunOne run -> runOne(run, msg);
        case null, default -> msg.fail(400, "a replica worker takes open, step and close, not " + msg.body());
      }
    } catch (RuntimeException | Error e) {
      msg.fail(500, JobFailures.reason(e));   // the coordinator waits for this reply: it must hear of the failure
    }
  }

  private void open(Open open, Message<ReplicaMessage> msg) {
    PackedSlotRange range = new PackedSlotRange(open.glass(), open.seed(), open.temperatures(), open.from(), open.to());
    hold(open.job(), new Held(range, null, null));
    msg.reply(null);
  }

  private void hold(String job, Held part) {
    if (runs.put(job, part) == null) {
      held.incrementAndGet();
    }
  }

  private void openRuns(OpenRuns open, Message<ReplicaMessage> msg) {
    CancellationToken token = cancellations.computeIfAbsent(open.job(), job -> new CancellationToken());
    RunControl control = RunControl.defaults().withThreads(1).withCancellation(token);
    if (open.timeLimitMs() > 0) {
      control = control.withTimeLimit(Duration.ofMillis(open.timeLimitMs()));
    }
    hold(open.job(), new Held(null, null, new MultiStart(new AdvancedAnnealing(open.config()), open.model().toIsing(), control)));
    msg.reply(null);
  }

  private void runOne(RunOne task, Message<ReplicaMessage> msg) {
    Held part = runs.get(task.job());
    if (part == null || part.multiStart == null) {
      msg.fail(404, "replica worker " + address + " holds no multi-start job " + task.job()
          + " (never opened, or dropped after " + idleTimeoutMs + " ms idle)");
      return;
    }
    MultiStart m = part.multiStart;
    AdvancedAnnealing.RunResult result = m.strategy().runOne(m.model(), task.start(), task.run(), m.control(), null);
    part.lastUsedNanos = System.nanoTime();
    msg.reply(RunDone.of(result), REPLY);
  }

  private void step(Step step, Message<ReplicaMessage> msg) {
    Held run = runs.get(step.job());
    if (run != null && run.scalar != null) {
      scalarStep(step, run, msg);
      return;
    }
    if (run == null || run.range == null) {
      msg.fail(404, "replica worker " + address + " holds no slots of run " + step.job()
          + " (never opened, or dropped after " + idleTimeoutMs + " ms idle)");
      return;
    }
    run.lastUsedNanos = System.nanoTime();
    PackedSlotRange range = run.range;
    int from = range.from();
    int to = range.to();
    for (int lane = 0; lane < step.saveSlot().length; lane++) {
      int slot = step.saveSlot()[lane];
      if (slot >= from && slot < to) {
        range.saveBest(slot, lane);
      }
    }
    long[] masks = step.masks();
    for (int t = Math.max(0, from - 1); t < Math.min(to, masks.length); t++) {
      if (masks[t] == 0) {
        continue;
      }
      if (t >= from && t + 1 < to) {
        range.exchange(t, t + 1, masks[t]);
      } else if (t + 1 == from) {
        range.exchangeWith(from, step.belowSnapshot(), masks[t]);
      } else if (t == to - 1) {
        range.exchangeWith(to - 1, step.aboveSnapshot(), masks[t]);
      }
    }
    if (step.finish()) {
      byte[][] bests = new byte[step.saveSlot().length][];
      for (int lane = 0; lane < bests.length; lane++) {
        bests[lane] = range.savedBest(lane);
      }
      drop(step.job());
      msg.reply(new ReplicaMessages.Finished(bests, range.attempts(), range.accepted(), range.kernelNanos()), REPLY);
      return;
    }
    range.sweep(step.betas(), step.sweeps(), StopCheck.never());
    double[][] energies = range.energies();
    int lanes = energies[0].length;
    double[] flat = new double[energies.length * lanes];
    for (int s = 0; s < energies.length; s++) {
      System.arraycopy(energies[s], 0, flat, s * lanes, lanes);
    }
    msg.reply(new ReplicaMessages.Swept(lanes, flat, range.snapshot(from), range.snapshot(to - 1)), REPLY);
  }

  /** A round of a scalar run: keep the bests pointed at, then sweep each replica at its own β (no swaps: β moved). */
  private void scalarStep(Step step, Held run, Message<ReplicaMessage> msg) {
    run.lastUsedNanos = System.nanoTime();
    ScalarSlotRange range = run.scalar;
    for (int lane = 0; lane < Math.min(step.saveSlot().length, range.lanes()); lane++) {
      int position = step.saveSlot()[lane];
      if (position >= range.from() && position < range.to()) {
        range.saveBest(position, lane);
      }
    }
    if (step.finish()) {
      byte[][] bests = new byte[step.saveSlot().length][];
      for (int lane = 0; lane < Math.min(bests.length, range.lanes()); lane++) {
        bests[lane] = range.savedBest(lane);
      }
      drop(step.job());
      msg.reply(new ReplicaMessages.Finished(bests, range.attempts(), range.accepted(), range.kernelNanos()), REPLY);
      return;
    }
    if (step.betas().length < range.to() * range.lanes()) {
      msg.fail(400, "a scalar step needs a β for each of " + range.to() * range.lanes() + " position lanes, got "
          + step.betas().length);
      return;
    }
    range.sweep(step.betas(), step.sweeps(), StopCheck.never());
    msg.reply(new ReplicaMessages.Swept(range.lanes(), range.energies(), null, null), REPLY);
  }

  private void drop(String job) {
    if (runs.remove(job) != null) {
      held.decrementAndGet();
    }
    cancellations.remove(job);
  }

  private void dropIdle() {
    long now = System.nanoTime();
    runs.entrySet().removeIf(e -> {
      boolean idle = now - e.getValue().lastUsedNanos > idleTimeoutMs * 1_000_000L;
      if (idle) {
        held.decrementAndGet();
        cancellations.remove(e.getKey());
      }
      return idle;
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    held.addAndGet(-runs.size());
    runs.clear();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
