package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.solvers.CancellationToken;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-start and parallel runs on the node's replica workers give what they give on this JVM's
 * threads, through the wire codec (the same path as to another node's workers), and a cancelled
 * job's runs stop.
 */
class DistributedRunsTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    DistributedTemperingTest.deployReplicaWorkers(vertx, 3, 60_000);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void classical_and_quantum_strategies_give_the_same_answer_on_workers() throws Exception {
    Ising model = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/g05_60.0"), "g05_60.0")).toIsing();
    for (AdvancedAnnealingConfig c : new AdvancedAnnealingConfig[] {
        AdvancedAnnealingConfig.defaults().withBudget(300, 3).withStarts(3, 4).withSeed(4).withConvergence(0.5, 5),
        AdvancedAnnealingConfig.defaults().withBudget(200, 2).withStarts(2, 3).withSeed(5).withTunnelling(2, 100)}) {
      AdvancedAnnealing strategy = new AdvancedAnnealing(c);
      AdvancedAnnealing.Report local = strategy.run(model, RunControl.defaults());
      DistributedRuns.Outcome outcome = vertx.executeBlocking(() ->
          DistributedRuns.run(vertx, strategy, model, RunControl.defaults(), 2)).await();
      AdvancedAnnealing.Report bus = outcome.report();
      assertThat(outcome.placement()).hasSize(2);
      assertThat(outcome.placement().stream().mapToInt(p -> ((JsonObject) p).getInteger("runs")).sum())
          .isEqualTo(local.runs());
      assertThat(bus.samples().samples()).isEqualTo(local.samples().samples());
      assertThat(bus.bestAfterRun()).isEqualTo(local.bestAfterRun());
      assertThat(bus.runs()).isEqualTo(local.runs());
    }
  }

  @Test
  void cancelling_stops_the_runs_in_flight_on_the_workers() throws Exception {
    Ising model = MaxCut.of(GsetReader.read(TestInstances.open("gset/G11"), "G11")).toIsing();
    // far more sweeps than the test waits for: only a cancellation that reaches the busy workers ends it
    AdvancedAnnealing strategy = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(5_000_000, 1)
        .withStarts(1, 2).withSeed(1));
    CancellationToken token = new CancellationToken();
    RunControl control = RunControl.defaults().withCancellation(token);
    var running = vertx.executeBlocking(() -> DistributedRuns.run(vertx, strategy, model, control, 2));
    Thread.sleep(1_500);
    token.cancel();
    DistributedRuns.Outcome outcome = running.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    assertThat(outcome.report().samples().stats().stopReason()).isEqualTo(SamplingStats.CANCELLED);
    assertThat(outcome.report().samples().samples()).as("the best states so far come back").isNotEmpty();
  }
}
