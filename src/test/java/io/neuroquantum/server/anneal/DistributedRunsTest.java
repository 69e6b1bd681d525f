package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Multi-start and parallel runs on worker verticles give what they give on this JVM's threads. */
class DistributedRunsTest {

  private static final WorkerPool POOL = new WorkerPool("test-workers", 3);
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
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
      AdvancedAnnealing.Report bus = vertx.executeBlocking(() ->
          DistributedRuns.run(vertx, strategy, model, RunControl.defaults(), 2, POOL)).await();
      assertThat(bus.samples().samples()).isEqualTo(local.samples().samples());
      assertThat(bus.bestAfterRun()).isEqualTo(local.bestAfterRun());
      assertThat(bus.runs()).isEqualTo(local.runs());
    }
  }
}
