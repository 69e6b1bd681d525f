package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.neuroquantum.server.anneal.ReplicaMessages.Close;
import io.neuroquantum.server.anneal.ReplicaMessages.Open;
import io.neuroquantum.server.anneal.ReplicaMessages.ReplicaMessage;
import io.neuroquantum.server.anneal.ReplicaMessages.Step;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-lived replica worker (WORKER threading model: sweeping blocks), deployed once per node at
 * start by {@link ReplicaWorkers}, listening on a cluster-wide address so that a coordinator on any
 * node can give it slots. It holds the slots of each run it was opened for, keyed by the run's id,
 * between rounds: {@link Open} builds them, each {@link Step} is one exchange round (keep bests, swap,
 * sweep, report energies), the finishing step or a {@link Close} drops them, and so does an idle
 * timeout: a coordinator that died (its node crashed) must not leave its replicas here for good.
 *
 * <p>Messages are handled one at a time on the verticle's context, so the map needs no lock; runs
 * of several jobs on one worker take turns.
 */
final class ReplicaWorkerVerticle extends VerticleBase {

  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(ReplicaCodec.NAME);

  private final String address;
  private final long idleTimeoutMs;
  private final AtomicInteger held;   // how many runs this worker holds, for the node's lease desk
  private final Map<String, Held> runs = new HashMap<>();
  private MessageConsumer<ReplicaMessage> consumer;
  private long timer;

  /** One run's slots and when the coordinator last spoke to them. */
  private static final class Held {
    final PackedSlotRange range;
    long lastUsedNanos = System.nanoTime();

    Held(PackedSlotRange range) {
      this.range = range;
    }
  }

  ReplicaWorkerVerticle(String address, long idleTimeoutMs, AtomicInteger held) {
    this.address = address;
    this.idleTimeoutMs = idleTimeoutMs;
    this.held = held;
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
        case null, default -> msg.fail(400, "a replica worker takes open, step and close, not " + msg.body());
      }
    } catch (RuntimeException | Error e) {
      msg.fail(500, JobFailures.reason(e));   // the coordinator waits for this reply: it must hear of the failure
    }
  }

  private void open(Open open, Message<ReplicaMessage> msg) {
    PackedSlotRange range = new PackedSlotRange(open.glass(), open.seed(), open.temperatures(), open.from(), open.to());
    if (runs.put(open.job(), new Held(range)) == null) {
      held.incrementAndGet();
    }
    msg.reply(null);
  }

  private void step(Step step, Message<ReplicaMessage> msg) {
    Held run = runs.get(step.job());
    if (run == null) {
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

  private void drop(String job) {
    if (runs.remove(job) != null) {
      held.decrementAndGet();
    }
  }

  private void dropIdle() {
    long now = System.nanoTime();
    runs.entrySet().removeIf(e -> {
      boolean idle = now - e.getValue().lastUsedNanos > idleTimeoutMs * 1_000_000L;
      if (idle) {
        held.decrementAndGet();
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
