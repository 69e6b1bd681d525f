package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.StopCheck;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A worker verticle (deploy it with the WORKER threading model: sweeping blocks) owning a contiguous
 * range of one tempering run's temperature slots. Each {@link ReplicaMessages.Step} from the
 * coordinator is one exchange round: keep bests, swap, sweep, report energies.
 */
final class ReplicaWorkerVerticle extends VerticleBase {

  private final ParallelTempering.Plan plan;
  private final int from;
  private final int to;
  private final String address;
  private PackedSlotRange range;
  private MessageConsumer<ReplicaMessages.Step> consumer;

  ReplicaWorkerVerticle(ParallelTempering.Plan plan, int from, int to, String address) {
    this.plan = plan;
    this.from = from;
    this.to = to;
    this.address = address;
  }

  @Override
  public Future<?> start() {
    range = new PackedSlotRange(plan, from, to);
    consumer = vertx.eventBus().localConsumer(address, this::onStep);   // a job's workers share its JVM
    return consumer.completion();
  }

  private void onStep(Message<ReplicaMessages.Step> msg) {
    try {
      step(msg);
    } catch (RuntimeException | Error e) {
      msg.fail(500, JobFailures.reason(e));   // the coordinator waits for this reply: it must hear of the failure
    }
  }

  private void step(Message<ReplicaMessages.Step> msg) {
    ReplicaMessages.Step step = msg.body();
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
      msg.reply(new ReplicaMessages.Finished(bests, range.attempts(), range.accepted(), range.kernelNanos()));
      return;
    }
    range.sweep(step.betas(), step.sweeps(), StopCheck.never());
    msg.reply(new ReplicaMessages.Swept(range.energies(), range.snapshot(from), range.snapshot(to - 1)));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
