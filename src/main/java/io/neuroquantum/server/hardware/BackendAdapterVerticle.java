package io.neuroquantum.server.hardware;

import io.neuroquantum.annealing.hardware.HardwareBackend;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareRun;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hardware backend behind the event bus. {@code nq.backend.<name>.run} takes an Ising model and
 * the hardware parameters, runs the task at the vendor (on a worker thread: every vendor call
 * blocks, a long-poll for up to 30 s) and replies with the best sample and the vendor's info;
 * meanwhile each state the vendor reports is published to {@code nq.backend.<name>.progress.<run_id>}.
 * {@code nq.backend.<name>.cancel} {@code {run_id}} passes a cancellation on to the vendor. A vendor's
 * refusal or failure is a reply failure with code 502 and the vendor's reason; bad input is 400.
 * The contract is in docs/event-bus.md.
 */
public final class BackendAdapterVerticle extends VerticleBase {

  /** The largest model accepted over the bus; bigger ones are refused before they cost memory. */
  static final int MAX_VARIABLES = 1_000_000;

  private final HardwareBackend backend;
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  public BackendAdapterVerticle(HardwareBackend backend) {
    this.backend = backend;
  }

  public static String address(String backend, String operation) {
    return "nq.backend." + backend + "." + operation;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<JsonObject> run = vertx.eventBus().consumer(address(backend.name(), "run"), this::onRun);
    MessageConsumer<JsonObject> cancel = vertx.eventBus().consumer(address(backend.name(), "cancel"), msg -> {
      String id = msg.body() == null ? null : msg.body().getString("run_id");
      if (id == null) {
        msg.fail(400, "invalid_request: run_id is required");
        return;
      }
      cancelled.add(id);
      msg.reply(new JsonObject().put("run_id", id).put("cancel_requested", true));
    });
    return Future.all(run.completion(), cancel.completion());
  }

  private void onRun(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    Ising model;
    HardwareParameters parameters;
    String runId;
    try {
      runId = body.getString("run_id");
      if (runId == null) {
        throw new IllegalArgumentException("run_id is required");
      }
      model = ising(body.getJsonObject("ising"));
      parameters = parameters(body.getJsonObject("params", new JsonObject()));
    } catch (RuntimeException e) {
      msg.fail(400, "invalid_request: " + e.getMessage());
      return;
    }
    String progress = address(backend.name(), "progress." + runId);
    vertx.<HardwareResult>executeBlocking(() -> HardwareRun.run(backend, new HardwareProblem.IsingProblem(model),
        parameters,
        task -> vertx.eventBus().publish(progress, new JsonObject().put("state", "submitted")),
        status -> vertx.eventBus().publish(progress, new JsonObject()
            .put("state", status.state().name().toLowerCase(java.util.Locale.ROOT)).put("detail", status.detail())),
        () -> cancelled.contains(runId)), false)
        .onComplete(done -> {
          cancelled.remove(runId);
          if (done.succeeded()) {
            Sample best = done.result().samples().best();
            JsonArray values = new JsonArray();
            for (byte v : best.values()) {
              values.add((int) v);
            }
            msg.reply(new JsonObject().put("energy", best.energy()).put("sample", values)
                .put("info", new JsonObject(new HashMap<>(done.result().info()))));
          } else if (done.cause() instanceof HardwareException e) {
            msg.fail(502, "backend_failed: " + e.getMessage());
          } else {
            msg.fail(500, "backend_failed: " + done.cause());
          }
        });
  }

  /** {@code {"num_variables": n, "h": [...], "j": [[i, j, value], ...], "offset": c}} */
  static Ising ising(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("ising is required");
    }
    int n = json.getInteger("num_variables", -1);
    if (n < 1 || n > MAX_VARIABLES) {
      throw new IllegalArgumentException("num_variables must be 1.." + MAX_VARIABLES + ", got " + n);
    }
    Ising.Builder b = Ising.builder(n);
    JsonArray h = json.getJsonArray("h", new JsonArray());
    if (h.size() > n) {
      throw new IllegalArgumentException("h has " + h.size() + " values for " + n + " variables");
    }
    for (int i = 0; i < h.size(); i++) {
      b.addLinear(i, h.getDouble(i));
    }
    for (Object o : json.getJsonArray("j", new JsonArray())) {
      JsonArray t = (JsonArray) o;
      b.addQuadratic(t.getInteger(0), t.getInteger(1), t.getDouble(2));
    }
    return b.addOffset(json.getDouble("offset", 0.0)).build();
  }

  /** The job API's names: solver_name, num_reads, annealing_time, chain_strength, time_limit. */
  static HardwareParameters parameters(JsonObject p) {
    Map<String, Object> extra = p.containsKey("time_limit") ? Map.of("time_limit", p.getDouble("time_limit")) : Map.of();
    return new HardwareParameters(p.getString("solver_name"), p.getInteger("num_reads", 100),
        p.containsKey("annealing_time") ? OptionalDouble.of(p.getDouble("annealing_time")) : OptionalDouble.empty(),
        p.containsKey("chain_strength") ? OptionalDouble.of(p.getDouble("chain_strength")) : OptionalDouble.empty(),
        extra);
  }

  @Override
  public Future<?> stop() {
    backend.close();
    return Future.succeededFuture();
  }
}
