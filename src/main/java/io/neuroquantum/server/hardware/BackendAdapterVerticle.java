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
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hardware backend behind the event bus. {@code nq.backend.<name>.run} takes an Ising model and
 * the hardware parameters, runs the task at the vendor (on a worker thread: every vendor call
 * blocks, a long-poll for up to 30 s) and replies with the best sample and the vendor's info;
 * meanwhile each state the vendor reports is published to {@code nq.backend.<name>.progress.<run_id>}.
 * {@code nq.backend.<name>.cancel} {@code {run_id}} passes a cancellation on to the vendor at once (a
 * worker sends it while the run's long-poll waits, which the vendor's state change then ends). A
 * vendor's refusal or failure is a reply failure with code 502 and the vendor's reason; a run
 * cancelled on request is 409 {@code cancelled}; bad input is 400. The problem is an Ising model
 * ({@code ising}) or, for analog machines, a unit-disk MIS ({@code unit_disk}). The contract is in
 * docs/event-bus.md.
 */
public final class BackendAdapterVerticle extends VerticleBase {

  /** The largest model accepted over the bus; bigger ones are refused before they cost memory. */
  static final int MAX_VARIABLES = 1_000_000;
  /** Analog machines hold a few hundred atoms (Aquila 256): more points than this are refused at once. */
  static final int MAX_POINTS = 10_000;

  /** Runs at the vendor at once per backend; more wait for a thread (each holds one for its whole life). */
  static final int MAX_CONCURRENT_RUNS = 8;

  private final HardwareBackend backend;
  /** Runs block a thread while the vendor queues them: their own pool, so they cannot starve Vert.x's workers. */
  private WorkerExecutor runs;
  /** Runs received and not yet replied to, by run id: a cancel is for one of these, or for nothing. */
  private final Map<String, HardwareRun> active = new ConcurrentHashMap<>();

  public BackendAdapterVerticle(HardwareBackend backend) {
    this.backend = backend;
  }

  public static String address(String backend, String operation) {
    return "nq.backend." + backend + "." + operation;
  }

  @Override
  public Future<?> start() {
    runs = vertx.createSharedWorkerExecutor("nq-backend-" + backend.name(), MAX_CONCURRENT_RUNS);
    MessageConsumer<JsonObject> run = vertx.eventBus().consumer(address(backend.name(), "run"), this::onRun);
    MessageConsumer<JsonObject> cancel = vertx.eventBus().consumer(address(backend.name(), "cancel"), msg -> {
      String id = msg.body() == null ? null : msg.body().getString("run_id");
      if (id == null) {
        msg.fail(400, "invalid_request: run_id is required");
        return;
      }
      HardwareRun running = active.get(id);
      if (running == null) {
        // ended already, or never sent (the job checks its own cancel before sending a run, and sends a
        // cancel only after the run, which arrives first: both are delivered in order on this context)
        msg.reply(new JsonObject().put("run_id", id).put("cancel_requested", false));
        return;
      }
      running.requestCancel();   // a run not yet submitted stops before the vendor has it
      // the vendor hears now, not when the run's long-poll returns (told once, by this or by the run)
      vertx.executeBlocking(() -> {
        running.tellVendor();
        return null;
      }, false).onFailure(e -> { /* the run tells the vendor itself between polls */ });
      msg.reply(new JsonObject().put("run_id", id).put("cancel_requested", true));
    });
    return Future.all(run.completion(), cancel.completion());
  }

  private void onRun(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    HardwareProblem problem;
    HardwareParameters parameters;
    String runId;
    try {
      runId = body.getString("run_id");
      if (runId == null) {
        throw new IllegalArgumentException("run_id is required");
      }
      problem = problem(body);
      parameters = parameters(body.getJsonObject("params", new JsonObject()));
    } catch (RuntimeException e) {
      msg.fail(400, "invalid_request: " + e.getMessage());
      return;
    }
    HardwareRun hardwareRun = new HardwareRun(backend);
    if (active.putIfAbsent(runId, hardwareRun) != null) {
      msg.fail(400, "invalid_request: run " + runId + " is already running");
      return;
    }
    String progress = address(backend.name(), "progress." + runId);
    runs.<HardwareResult>executeBlocking(() -> hardwareRun.run(problem, parameters,
        task -> vertx.eventBus().publish(progress, new JsonObject().put("state", "submitted")),
        status -> vertx.eventBus().publish(progress, new JsonObject()
            .put("state", status.state().name().toLowerCase(java.util.Locale.ROOT)).put("detail", status.detail()))),
        false)
        .onComplete(done -> {
          boolean cancelRequested = hardwareRun.cancelRequested();
          active.remove(runId);
          if (done.succeeded()) {
            Sample best = done.result().samples().best();
            JsonArray values = new JsonArray();
            for (byte v : best.values()) {
              values.add((int) v);
            }
            msg.reply(new JsonObject().put("energy", best.energy()).put("sample", values)
                .put("info", new JsonObject(new HashMap<>(done.result().info()))));
          } else if (cancelRequested && done.cause() instanceof HardwareException e) {
            msg.fail(409, "cancelled: " + e.getMessage());
          } else if (done.cause() instanceof HardwareException e) {
            msg.fail(502, "backend_failed: " + e.getMessage());
          } else {
            msg.fail(500, "backend_failed: " + done.cause());
          }
        });
  }

  /** The run's problem: {@code ising} or {@code unit_disk}, exactly one. */
  static HardwareProblem problem(JsonObject body) {
    JsonObject ising = body.getJsonObject("ising");
    JsonObject unitDisk = body.getJsonObject("unit_disk");
    if ((ising == null) == (unitDisk == null)) {
      throw new IllegalArgumentException("give exactly one of ising and unit_disk");
    }
    return ising != null ? new HardwareProblem.IsingProblem(ising(ising)) : unitDisk(unitDisk);
  }

  /** {@code {"x": [...], "y": [...], "radius": r}}: points and the distance within which two are adjacent. */
  public static HardwareProblem.UnitDiskMis unitDisk(JsonObject json) {
    JsonArray x = json.getJsonArray("x", new JsonArray());
    JsonArray y = json.getJsonArray("y", new JsonArray());
    if (x.isEmpty() || x.size() > MAX_POINTS) {
      throw new IllegalArgumentException("unit_disk needs 1.." + MAX_POINTS + " points, got " + x.size());
    }
    double[] xs = new double[x.size()];
    double[] ys = new double[y.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = x.getDouble(i);
    }
    for (int i = 0; i < ys.length; i++) {
      ys[i] = y.getDouble(i);
    }
    return new HardwareProblem.UnitDiskMis(xs, ys, json.getDouble("radius", 0.0));
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
  public static HardwareParameters parameters(JsonObject p) {
    Map<String, Object> extra = p.containsKey("time_limit") ? Map.of("time_limit", p.getDouble("time_limit")) : Map.of();
    return new HardwareParameters(p.getString("solver_name"), p.getInteger("num_reads", 100),
        p.containsKey("annealing_time") ? OptionalDouble.of(p.getDouble("annealing_time")) : OptionalDouble.empty(),
        p.containsKey("chain_strength") ? OptionalDouble.of(p.getDouble("chain_strength")) : OptionalDouble.empty(),
        extra);
  }

  /** Runs received and not yet ended (for tests: nothing is left running after a cancel). */
  int activeRuns() {
    return active.size();
  }

  @Override
  public Future<?> stop() {
    backend.close();
    return runs.close();
  }
}
