package io.neuroquantum.server.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.dwave.DWaveBackend;
import io.neuroquantum.annealing.hardware.dwave.DWaveConfig;
import io.neuroquantum.annealing.hardware.dwave.MockSapi;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The D-Wave adapter verticle on the bus, against the mock SAPI. */
class BackendAdapterVerticleTest {

  static final String TOKEN = "bus-test-token-0f0f0f0f";
  static MockSapi sapi;
  static Vertx vertx;
  static BackendAdapterVerticle adapter;

  @BeforeAll
  static void start() {
    sapi = new MockSapi(TOKEN, 6);
    sapi.start();
    vertx = Vertx.vertx();
    DWaveConfig config = DWaveConfig.of(URI.create(sapi.endpoint()), TOKEN).withPollWait(Duration.ofSeconds(5));
    adapter = new BackendAdapterVerticle(new DWaveBackend(config));
    vertx.deployVerticle(adapter).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    sapi.close();
  }

  static JsonObject ring(String runId) {
    JsonArray j = new JsonArray();
    for (int i = 0; i < 8; i++) {
      j.add(new JsonArray().add(i).add((i + 1) % 8).add(1.0));
    }
    return new JsonObject().put("run_id", runId)
        .put("ising", new JsonObject().put("num_variables", 8).put("j", j))
        .put("params", new JsonObject().put("num_reads", 20));
  }

  @Test
  void a_run_reports_its_states_and_replies_with_the_best_sample() {
    List<String> states = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer("nq.backend.dwave.progress.r1", m -> states.add(m.body().getString("state")))
        .completion().await();
    JsonObject reply = vertx.eventBus().<JsonObject>request("nq.backend.dwave.run", ring("r1"),
        new DeliveryOptions().setSendTimeout(120_000)).await().body();
    assertThat(reply.getDouble("energy")).isEqualTo(-8.0); // an even ring: every edge cut
    assertThat(reply.getJsonObject("info").getString("solver")).isEqualTo("Advantage_mock");
    assertThat(states).startsWith("submitted").contains("done");
  }

  @Test
  void a_failing_vendor_is_a_502_with_its_reason_and_the_next_run_still_works() {
    sapi.failNextProblemWith = "Internal SAPI Error (reference # 1234). Contact System Administrator";
    Throwable failure = vertx.eventBus().request("nq.backend.dwave.run", ring("r2"),
        new DeliveryOptions().setSendTimeout(120_000)).map(m -> (Throwable) null).otherwise(e -> e).await();
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(502);
    assertThat(failure.getMessage()).contains("Internal SAPI Error (reference # 1234)").doesNotContain(TOKEN);
    JsonObject ok = vertx.eventBus().<JsonObject>request("nq.backend.dwave.run", ring("r3"),
        new DeliveryOptions().setSendTimeout(120_000)).await().body();
    assertThat(ok.getDouble("energy")).isEqualTo(-8.0);
  }

  @Test
  void bad_input_is_refused_with_400() {
    Throwable failure = vertx.eventBus().request("nq.backend.dwave.run", new JsonObject().put("run_id", "x")
        .put("ising", new JsonObject().put("num_variables", 0))).map(m -> (Throwable) null).otherwise(e -> e).await();
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("num_variables must be");
  }

  @Test
  void a_run_cancelled_while_it_runs_at_the_vendor_is_a_409_the_vendor_is_told_and_nothing_is_left_running()
      throws Exception {
    sapi.setRunTime(Duration.ofMinutes(10));
    try {
      List<String> states = new CopyOnWriteArrayList<>();
      vertx.eventBus().<JsonObject>consumer("nq.backend.dwave.progress.r4", m -> states.add(m.body().getString("state")))
          .completion().await();
      var ran = vertx.eventBus().<JsonObject>request("nq.backend.dwave.run", ring("r4"),
          new DeliveryOptions().setSendTimeout(120_000));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!states.contains("running") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(states).contains("running");
      JsonObject cancel = vertx.eventBus().<JsonObject>request("nq.backend.dwave.cancel", new JsonObject().put("run_id", "r4"))
          .await().body();
      assertThat(cancel.getBoolean("cancel_requested")).isTrue();
      Throwable failure = ran.map(m -> (Throwable) null).otherwise(e -> e).await();
      assertThat(((ReplyException) failure).failureCode()).isEqualTo(409);
      assertThat(failure.getMessage()).startsWith("cancelled: cancelled at dwave");
      assertThat(sapi.cancelRequests).anyMatch(c -> c.endsWith(" IN_PROGRESS"));
      assertThat(adapter.activeRuns()).isZero();
      // a cancel for a run the adapter does not have (ended, or never sent) changes nothing and is remembered nowhere
      JsonObject late = vertx.eventBus().<JsonObject>request("nq.backend.dwave.cancel", new JsonObject().put("run_id", "r4"))
          .await().body();
      assertThat(late.getBoolean("cancel_requested")).isFalse();
    } finally {
      sapi.setRunTime(Duration.ZERO);
    }
    JsonObject ok = vertx.eventBus().<JsonObject>request("nq.backend.dwave.run", ring("r5"),
        new DeliveryOptions().setSendTimeout(120_000)).await().body();
    assertThat(ok.getDouble("energy")).isEqualTo(-8.0);
  }
}
