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

  /**
   * A weighted model with fields runs on scalar replicas that stay on their worker while temperatures
   * move: still the in-process answer, for any split, including the feedback ladder's reshaping.
   */
  @Test
  void a_weighted_model_with_fields_gives_the_in_process_answer_on_the_bus() throws Exception {
    Ising pw = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/pw05_100.0"), "pw05_100.0")).toIsing();
    Ising.Builder fielded = Ising.builder(pw.numVariables());
    pw.forEachInteraction(fielded::addQuadratic);
    for (int i = 0; i < pw.numVariables(); i += 7) {
      fielded.addLinear(i, 0.25 * (i % 3) - 0.3);
    }
    Ising model = fielded.addOffset(2.5).build();
    assertThat(ParallelTempering.isBitSliced(model)).isFalse();
    ParallelTempering pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(5).withSweeps(300)
        .withRuns(6).withTemperatures(10).withLadder(ParallelTempering.Ladder.FEEDBACK));
    TemperingResult local = DistributedTempering.prepare(pt).run(model, RunControl.defaults());
    for (int workers : new int[] {1, 3}) {
      DistributedTempering.Outcome outcome = vertx.executeBlocking(() ->
          DistributedTempering.run(vertx, pt, model, RunControl.defaults(), workers)).await();
      TemperingResult bus = outcome.result();
      assertThat(bus.samples().samples()).as(workers + " workers").isEqualTo(local.samples().samples());
      assertThat(bus.stats().swapAcceptance()).isEqualTo(local.stats().swapAcceptance());
      assertThat(bus.stats().roundTrips()).isEqualTo(local.stats().roundTrips());
      assertThat(bus.stats().betas()).isEqualTo(local.stats().betas());
      assertThat(bus.samples().stats().spinUpdateAttempts()).isEqualTo(local.samples().stats().spinUpdateAttempts());
      assertThat(outcome.placement()).hasSize(workers);
    }
  }

  @Test
  void refuses_what_runs_in_process_only() {
    Ising weighted = Ising.builder(3).addQuadratic(0, 1, 1.0).addQuadratic(1, 2, -0.5).build();
    assertThatThrownBy(() -> DistributedTempering.run(vertx,
        new ParallelTempering(ParallelTempering.Config.defaults().withClusterMoves(true)), weighted, RunControl.defaults(), 2))
        .hasMessageContaining("cluster moves run in-process only");
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
