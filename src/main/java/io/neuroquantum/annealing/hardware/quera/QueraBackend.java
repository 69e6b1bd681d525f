package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuroquantum.annealing.hardware.HardwareBackend;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.neuroquantum.annealing.hardware.TaskStatus;
import io.neuroquantum.annealing.hardware.TaskStatus.State;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuEra's Aquila through Amazon Braket: a maximum independent set on a unit-disk graph, encoded as an
 * analog Hamiltonian simulation program ({@link MisAhsEncoder}), submitted as a Braket quantum task,
 * polled, and read back from S3 ({@link AhsResultDecoder}). Aquila runs in execution windows, so a
 * task may stay QUEUED for hours; {@link #status} asks once and returns.
 *
 * <p>{@link HardwareParameters#solverName()} picks another AHS device by ARN (Aquila by default);
 * {@code numReads} is the shot count; {@code annealingTimeMicros} the program's duration (≤ 4 µs).
 */
public final class QueraBackend implements HardwareBackend {

  public static final String NAME = "quera";
  private static final Logger LOG = LoggerFactory.getLogger(QueraBackend.class);

  private final QueraConfig config;
  private final BraketClient braket;
  private final MisAhsEncoder encoder = new MisAhsEncoder(AquilaCapabilities.AQUILA);
  private final AhsResultDecoder decoder = new AhsResultDecoder();

  public QueraBackend(QueraConfig config) {
    this.config = config;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.braket = new BraketClient(config, http, duration -> Thread.sleep(duration));
  }

  /** The backend from the process environment and the {@code hardware.quera} configuration section. */
  public static QueraBackend fromEnvironment(Map<String, ?> config) {
    return new QueraBackend(QueraConfig.from(System.getenv(), config));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HardwareTask submit(HardwareProblem problem, HardwareParameters parameters) throws HardwareException {
    if (!(problem instanceof UnitDiskMis mis)) {
      throw new HardwareException("QuEra Aquila solves maximum independent set on a unit-disk graph "
          + "(points and a radius); it cannot take an Ising model", false);
    }
    if (config.s3Bucket() == null) {
      throw new HardwareException("no results bucket: set NQ_QUERA_S3_BUCKET (or hardware.quera.s3_bucket) to an "
          + "S3 bucket in " + config.region() + " that Braket may write to", false);
    }
    AhsEncoding encoding = encoder.encode(mis, parameters);
    String device = parameters.solverName() != null ? parameters.solverName() : config.deviceArn();
    String arn = braket.createQuantumTask(UUID.randomUUID().toString(), device, parameters.numReads(),
        config.s3Bucket(), config.s3Prefix(), encoding.program().toJson());
    LOG.info("QuEra task {} submitted to {}: {} atoms, {} shots", arn, device, mis.size(), parameters.numReads());
    return new HardwareTask(NAME, arn, problem, encoding);
  }

  @Override
  public TaskStatus status(HardwareTask task) throws HardwareException {
    JsonNode reply = braket.getQuantumTask(task.vendorId());
    String status = reply.path("status").asText();
    return switch (status) {
      case "CREATED" -> new TaskStatus(State.QUEUED, status);
      case "QUEUED" -> new TaskStatus(State.QUEUED, status + queuePosition(reply));
      // a cancel was asked for but the device may still finish the task: it is not over yet
      case "RUNNING", "CANCELLING" -> new TaskStatus(State.RUNNING, status);
      case "COMPLETED" -> new TaskStatus(State.DONE, status);
      case "CANCELLED" -> new TaskStatus(State.CANCELLED, status);
      case "FAILED" -> new TaskStatus(State.FAILED, reply.path("failureReason").asText("the task failed without a reason"));
      default -> throw new HardwareException("Braket reported an unknown task status " + status, true);
    };
  }

  @Override
  public void cancel(HardwareTask task) throws HardwareException {
    try {
      String outcome = braket.cancelQuantumTask(task.vendorId(), UUID.randomUUID().toString());
      LOG.info("QuEra task {}: cancellation {}", task.vendorId(), outcome);
    } catch (BraketException e) {
      // Braket refuses to cancel a task that has already ended; "a task already done stays done"
      if (e.httpStatus() == 409 && status(task).state().isFinal()) {
        return;
      }
      throw e;
    }
  }

  @Override
  public HardwareResult result(HardwareTask task) throws HardwareException {
    if (!(task.decoding() instanceof AhsEncoding encoding)) {
      throw new HardwareException("task " + task.vendorId() + " was not submitted by the QuEra backend", false);
    }
    JsonNode reply = braket.getQuantumTask(task.vendorId());
    String status = reply.path("status").asText();
    if (!"COMPLETED".equals(status)) {
      String reason = reply.path("failureReason").asText("");
      throw new HardwareException("task " + task.vendorId() + " is " + status + ", it has no result"
          + (reason.isEmpty() ? "" : ": " + reason), false);
    }
    String results = braket.getObject(reply.path("outputS3Bucket").asText(),
        reply.path("outputS3Directory").asText() + "/results.json");
    HardwareResult decoded = decoder.decode(results, encoding);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("task_arn", task.vendorId());
    info.put("device_arn", reply.path("deviceArn").asText());
    info.put("shots_requested", reply.path("shots").asInt());
    info.putAll(decoded.info());
    return new HardwareResult(decoded.samples(), info);
  }

  private static String queuePosition(JsonNode reply) {
    JsonNode queue = reply.path("queueInfo");
    return queue.has("position") ? " (position " + queue.get("position").asText() + " in "
        + queue.path("queue").asText("the queue") + ")" : "";
  }
}
