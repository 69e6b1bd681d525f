package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A worker verticle (WORKER threading model) that executes whole runs of a multi-start strategy on
 * request: {@link ReplicaMessages.RunTask} in, {@link AdvancedAnnealing.RunResult} back.
 */
final class RunWorkerVerticle extends VerticleBase {

  private final AdvancedAnnealing strategy;
  private final Ising model;
  private final RunControl control;
  private final String address;
  private MessageConsumer<ReplicaMessages.RunTask> consumer;

  RunWorkerVerticle(AdvancedAnnealing strategy, Ising model, RunControl control, String address) {
    this.strategy = strategy;
    this.model = model;
    this.control = control.withThreads(1);
    this.address = address;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().localConsumer(address, msg -> {   // a job's workers share its JVM
      ReplicaMessages.RunTask task = msg.body();
      try {
        msg.reply(strategy.runOne(model, task.start(), task.run(), control, null));
      } catch (RuntimeException | Error e) {
        msg.fail(500, JobFailures.reason(e));   // the job waits for this reply: it must hear of the failure
      }
    });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
