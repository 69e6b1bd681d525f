package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.TemperingResult;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replicas on worker verticles, swaps over the event bus: the same answer as the in-process run. */
class DistributedTemperingTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    deployReplicaWorkers(vertx, 3, 60_000);
  }

  /** The node's long-lived replica workers, deployed as the jobs verticle deploys them at start. */
  static void deployReplicaWorkers(Vertx vertx, int count, long idleTimeoutMs) {
    vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public io.vertx.core.Future<?> start() {
        return ReplicaWorkers.deploy(vertx, count, idleTimeoutMs);
      }
    }).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static MaxCut<Integer> gset(String name) {
    return MaxCut.of(GsetReader.read(TestInstances.open("gset/" + name), name));
  }

  @Test
  void the_same_seed_gives_the_same_answer_on_the_bus_as_in_process() throws Exception {
    Ising model = gset("G11").toIsing();
    ParallelTempering pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(7).withSweeps(600)
        .withLadder(ParallelTempering.Ladder.FEEDBACK));
    TemperingResult local = DistributedTempering.prepare(pt).run(model, RunControl.defaults());
    for (int workers : new int[] {1, 2, 3}) {
      TemperingResult bus = vertx.executeBlocking(() ->
          DistributedTempering.run(vertx, pt, model, RunControl.defaults(), workers).result()).await();
      assertThat(bus.samples().samples()).as(workers + " workers").isEqualTo(local.samples().samples());
      assertThat(bus.stats().swapAcceptance()).isEqualTo(local.stats().swapAcceptance());
      assertThat(bus.stats().roundTrips()).isEqualTo(local.stats().roundTrips());
      assertThat(bus.stats().betas()).isEqualTo(local.stats().betas());
      assertThat(bus.samples().stats().spinUpdateAttempts()).isEqualTo(local.samples().stats().spinUpdateAttempts());
    }
  }

  @Test
  void reaches_the_best_known_cut_of_g12_with_replicas_on_two_workers() throws Exception {
    MaxCut<Integer> g12 = gset("G12");
    TemperingResult r = vertx.executeBlocking(() -> DistributedTempering.run(vertx,
        new ParallelTempering(ParallelTempering.Config.defaults().withSeed(1)), g12.toIsing(), RunControl.defaults(), 2)
        .result()).await();
    assertThat(g12.cutFromEnergy(r.samples().bestEnergy())).isEqualTo(556);
  }

  @Test
  void refuses_models_the_bit_sliced_kernel_cannot_run() {
    Ising weighted = Ising.builder(3).addQuadratic(0, 1, 1.0).addQuadratic(1, 2, -0.5).build();
    assertThatThrownBy(() -> DistributedTempering.run(vertx, new ParallelTempering(), weighted, RunControl.defaults(), 2))
        .hasMessageContaining("±J");
  }

  /** A coordinator that closes its run, or dies without a word, leaves nothing on the worker. */
  @Test
  void a_worker_drops_a_run_when_closed_and_after_its_idle_timeout() throws Exception {
    Vertx node = Vertx.vertx();
    try {
      deployReplicaWorkers(node, 1, 200);
      String worker = "nq.internal.anneal.replicas.local.0";
      var glass = io.neuroquantum.annealing.solvers.PackedSlotRange.Glass.of(new ParallelTempering().plan(gset("G11").toIsing()));
      var options = ReplicaCodec.options(30_000);
      ReplicaMessages.Step step = new ReplicaMessages.Step("r1", 1, new double[] {0.1, 0.2}, new int[0], new long[1], null,
          null, false);

      node.eventBus().request(worker, new ReplicaMessages.Open("r1", 0, 2, 1, 2, glass), options).await();
      node.eventBus().request(worker, new ReplicaMessages.Close("r1"), options).await();
      assertThatThrownBy(() -> node.eventBus().request(worker, step, options).await())
          .hasMessageContaining("holds no slots of run r1");

      node.eventBus().request(worker, new ReplicaMessages.Open("r1", 0, 2, 1, 2, glass), options).await();
      long deadline = System.nanoTime() + 60_000_000_000L;
      String failure = null;
      while (failure == null && System.nanoTime() < deadline) {
        Thread.sleep(1_000);   // five idle timeouts: the next step finds the run gone
        try {
          node.eventBus().request(worker, step, options).await();
        } catch (Exception e) {
          failure = e.getMessage();
        }
      }
      assertThat(failure).contains("dropped after 200 ms idle");
    } finally {
      node.close().await();
    }
  }
}
