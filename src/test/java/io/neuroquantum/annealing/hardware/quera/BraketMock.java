package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.quera.SigV4Verifier.Refusal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Braket's task API and S3's GetObject as the QuEra backend meets them, on one local port
 * (research notes, hardware.md §2.5, §2.6, §2.9). Every request must carry a valid SigV4 signature for
 * the test credentials, scoped to {@code braket} or {@code s3}; CreateQuantumTask validates the
 * program the way Aquila does and answers Braket's error shape ({@code x-amzn-ErrorType} and
 * {@code {"message": …}}); a task walks CREATED → QUEUED → RUNNING → COMPLETED one step per
 * GetQuantumTask, or CANCELLING → CANCELLED, or FAILED with a reason; a completed task's
 * {@code results.json} lies in the mock bucket, sampled by {@link MockAquilaDevice}.
 *
 * <p>Knobs for the tests: hold tasks at a status, fail the next run, throttle the next requests.
 */
public final class BraketMock {

  private static final Logger LOG = LoggerFactory.getLogger(BraketMock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";
  static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

  /** One quantum task's record. */
  static final class Task {
    final String arn;
    final String deviceArn;
    final int shots;
    final String bucket;
    final String directory;
    final AhsProgram program;
    final JsonNode action;
    final Instant createdAt = Instant.now();
    volatile String status = "CREATED";
    volatile String failureReason;
    volatile Instant endedAt;

    Task(String arn, String deviceArn, int shots, String bucket, String directory, AhsProgram program, JsonNode action) {
      this.arn = arn;
      this.deviceArn = deviceArn;
      this.shots = shots;
      this.bucket = bucket;
      this.directory = directory;
      this.program = program;
      this.action = action;
    }
  }

  private final Vertx vertx;
  private final Map<String, String> secrets;
  private final Set<String> buckets;
  private final AhsProgramValidator validator = new AhsProgramValidator(AquilaCapabilities.AQUILA);
  private final MockAquilaDevice device = new MockAquilaDevice(AquilaCapabilities.AQUILA);
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<String, String> arnByClientToken = new ConcurrentHashMap<>();
  private final Map<String, String> objects = new ConcurrentHashMap<>();
  private final AtomicReference<String> holdAt = new AtomicReference<>();
  private final AtomicReference<String> failNextRun = new AtomicReference<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private HttpServer server;

  private BraketMock(Vertx vertx, Map<String, String> secrets, Set<String> buckets) {
    this.vertx = vertx;
    this.secrets = Map.copyOf(secrets);
    this.buckets = Set.copyOf(buckets);
  }

  /** A mock on a free local port that knows {@code secrets} (access key id → secret) and {@code buckets}. */
  public static BraketMock start(Vertx vertx, Map<String, String> secrets, Set<String> buckets) {
    BraketMock mock = new BraketMock(vertx, secrets, buckets);
    mock.server = vertx.createHttpServer().requestHandler(mock::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().join();
    return mock;
  }

  public int port() {
    return server.actualPort();
  }

  /** The environment a deployment would set (credentials, region, bucket), pointed at this mock. */
  public Map<String, String> environment(String keyId, String secret, String bucket) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", keyId);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.put("AWS_REGION", REGION);
    env.put("NQ_QUERA_ENDPOINT", "http://127.0.0.1:" + port());
    env.put("NQ_QUERA_S3_ENDPOINT", "http://127.0.0.1:" + port());
    env.put("NQ_QUERA_S3_BUCKET", bucket);
    return env;
  }

  public void close() {
    server.close().toCompletionStage().toCompletableFuture().join();
  }

  /** Tasks stop advancing once they reach {@code status} (null: they run freely). */
  void holdAt(String status) {
    holdAt.set(status);
  }

  /** The next task to run fails with {@code reason} instead of completing. */
  void failNextRun(String reason) {
    failNextRun.set(reason);
  }

  /** The next {@code n} Braket API requests get 429 ThrottlingException. */
  void throttleNext(int n) {
    throttleNext.set(n);
  }

  int throttledSoFar() {
    return throttled.get();
  }

  public int taskCount() {
    return tasks.size();
  }

  // ---- knobs for the cancellation stages and the credential tests

  /** Every CancelQuantumTask that reached a task, as {@code arn STATUS} with the status it found. */
  public final List<String> cancelRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** S3 reads of a results.json begun. */
  public final AtomicInteger resultReadsStarted = new AtomicInteger();
  private volatile long resultDelayMillis;
  private final AtomicInteger refuseNext = new AtomicInteger();

  /** How long an S3 read of results.json takes; long, to cancel while the answer is fetched. */
  public void setResultDelay(java.time.Duration delay) {
    resultDelayMillis = delay.toMillis();
  }

  /** Tasks stop advancing once they reach {@code status} (null: they run freely). */
  public void holdTasksAt(String status) {
    holdAt(status);
  }

  /**
   * The next {@code n} Braket requests are refused 403 UnrecognizedClientException with a message that
   * echoes the session token they carried, as a careless service might.
   */
  public void refuseNextEchoingTheSessionToken(int n) {
    refuseNext.set(n);
  }

  /** How many tasks are at {@code status} now. */
  public long tasksAt(String status) {
    return tasks.values().stream().filter(t -> t.status.equals(status)).count();
  }

  /** The status Braket holds for {@code arn}, or null. */
  public String statusOf(String arn) {
    Task task = tasks.get(arn);
    return task == null ? null : task.status;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      try {
        route(request, body);
      } catch (RuntimeException e) {
        LOG.error("mock failed on {} {}", request.method(), request.path(), e);
        error(request.response(), 500, "InternalServiceException", "mock failure: " + e);
      }
    });
  }

  private void route(HttpServerRequest request, Buffer body) {
    String path = request.path(); // raw: the ARN's %3A and %2F are still encoded
    String method = request.method().name();
    LOG.debug("mock {} {} authorization={}", method, path, request.getHeader("Authorization"));
    boolean braket = path.startsWith("/quantum-task");
    Refusal refusal = SigV4Verifier.verify(arrived(request, body), braket ? "braket" : "s3", REGION, secrets::get,
        Instant.now());
    HttpServerResponse response = request.response();
    if (refusal != null) {
      if (braket) {
        error(response, 403, refusal.code(), refusal.message());
      } else {
        s3Error(response, 403, refusal.code().equals("XAmzContentSHA256Mismatch") ? refusal.code() : "SignatureDoesNotMatch",
            refusal.message());
      }
      return;
    }
    if (!braket) {
      getObject(response, method, path);
      return;
    }
    if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      error(response, 403, "UnrecognizedClientException", "The security token included in the request is invalid: "
          + request.getHeader("X-Amz-Security-Token"));
      return;
    }
    if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throttled.incrementAndGet();
      error(response, 429, "ThrottlingException", "Rate exceeded");
      return;
    }
    String[] parts = path.split("/");
    if (method.equals("POST") && path.equals("/quantum-task")) {
      create(response, body);
    } else if (method.equals("GET") && parts.length == 3) {
      get(response, decode(parts[2]));
    } else if (method.equals("PUT") && parts.length == 4 && parts[3].equals("cancel")) {
      cancel(response, decode(parts[2]));
    } else {
      error(response, 404, "ResourceNotFoundException", "no route for " + method + " " + path);
    }
  }

  private void create(HttpServerResponse response, Buffer body) {
    JsonNode request;
    try {
      request = JSON.readTree(body.toString(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      error(response, 400, "ValidationException", "request body is not JSON");
      return;
    }
    for (String field : List.of("clientToken", "deviceArn", "shots", "outputS3Bucket", "outputS3KeyPrefix", "action")) {
      if (!request.hasNonNull(field)) {
        error(response, 400, "ValidationException", "1 validation error detected: Value null at '" + field
            + "' failed to satisfy constraint: Member must not be null");
        return;
      }
    }
    String token = request.get("clientToken").asText();
    String existing = arnByClientToken.get(token);
    if (existing != null) { // idempotent: the same token is the same task
      created(response, existing);
      return;
    }
    String deviceArn = request.get("deviceArn").asText();
    if (!deviceArn.equals(QueraConfig.AQUILA_ARN)) {
      error(response, 404, "ResourceNotFoundException", "Braket device " + deviceArn + " not found");
      return;
    }
    String bucket = request.get("outputS3Bucket").asText();
    if (!buckets.contains(bucket)) {
      error(response, 400, "ValidationException", "Caller doesn't have access to " + bucket + " or it doesn't exist.");
      return;
    }
    long shots = request.get("shots").asLong();
    if (shots < 1 || shots > AquilaCapabilities.AQUILA.maxShots()) {
      error(response, 400, "ValidationException", "shots " + shots + " outside the device's range [1, "
          + AquilaCapabilities.AQUILA.maxShots() + "]");
      return;
    }
    if (!request.get("action").isTextual()) {
      error(response, 400, "ValidationException", "action must be a JSON string holding the program");
      return;
    }
    AhsProgram program;
    JsonNode action;
    try {
      action = JSON.readTree(request.get("action").asText());
      program = AhsProgram.parse(request.get("action").asText());
    } catch (IllegalArgumentException | JsonProcessingException e) {
      error(response, 400, "ValidationException", "invalid action: " + e.getMessage());
      return;
    }
    List<String> violations = validator.violations(program);
    if (!violations.isEmpty()) {
      error(response, 400, "ValidationException", violations.size() + " validation error(s) for the AHS program: "
          + String.join("; ", violations));
      return;
    }
    String id = UUID.randomUUID().toString();
    String arn = "arn:aws:braket:" + REGION + ":" + ACCOUNT + ":quantum-task/" + id;
    String directory = request.get("outputS3KeyPrefix").asText() + "/" + id;
    tasks.put(arn, new Task(arn, deviceArn, (int) shots, bucket, directory, program, action));
    arnByClientToken.put(token, arn);
    created(response, arn);
  }

  private static void created(HttpServerResponse response, String arn) {
    ObjectNode reply = JSON.createObjectNode().put("quantumTaskArn", arn);
    response.setStatusCode(201).putHeader("content-type", "application/json").end(reply.toString());
  }

  private void get(HttpServerResponse response, String arn) {
    Task task = tasks.get(arn);
    if (task == null) {
      error(response, 404, "ResourceNotFoundException", "Quantum task " + arn + " not found");
      return;
    }
    advance(task).onComplete(done -> response.setStatusCode(200).putHeader("content-type", "application/json")
        .end(describe(task).toString()));
  }

  /** One step of the task's life, unless it is held where it is. */
  private Future<Void> advance(Task task) {
    String status = task.status;
    if (status.equals(holdAt.get()) || TERMINAL.contains(status)) {
      return Future.succeededFuture();
    }
    switch (status) {
      case "CREATED" -> task.status = "QUEUED";
      case "QUEUED" -> task.status = "RUNNING";
      case "CANCELLING" -> finish(task, "CANCELLED");
      case "RUNNING" -> {
        String reason = failNextRun.getAndSet(null);
        if (reason != null) {
          task.failureReason = reason;
          finish(task, "FAILED");
          return Future.succeededFuture();
        }
        // sampling is a solver run: off the event loop
        return vertx.executeBlocking(() -> results(task)).map(json -> {
          objects.put(task.bucket + "/" + task.directory + "/results.json", json);
          if (task.status.equals("RUNNING")) {
            finish(task, "COMPLETED");
          }
          return null;
        });
      }
      default -> throw new IllegalStateException("unknown status " + status);
    }
    return Future.succeededFuture();
  }

  private static void finish(Task task, String status) {
    task.endedAt = Instant.now();
    task.status = status;
  }

  private String results(Task task) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("braketSchemaHeader").put("name", AhsResultDecoder.RESULT_SCHEMA).put("version", "1");
    ObjectNode meta = root.putObject("taskMetadata");
    meta.putObject("braketSchemaHeader").put("name", "braket.task_result.task_metadata").put("version", "1");
    meta.put("id", task.arn).put("shots", task.shots).put("deviceId", task.deviceArn)
        .put("createdAt", TIMESTAMP.format(task.createdAt)).put("endedAt", TIMESTAMP.format(Instant.now()))
        .put("status", "COMPLETED");
    // seeded by the program, so a test sees the same shots on every run
    var measurements = device.run(task.program, task.shots, task.action.toString().hashCode());
    root.set("measurements", measurements);
    int successful = 0;
    for (JsonNode shot : measurements) {
      successful += "Success".equals(shot.path("shotMetadata").path("shotStatus").asText()) ? 1 : 0;
    }
    ObjectNode additional = root.putObject("additionalMetadata");
    additional.set("action", task.action);
    ObjectNode quera = additional.putObject("queraMetadata");
    quera.putObject("braketSchemaHeader").put("name", "braket.task_result.quera_metadata").put("version", "1");
    quera.put("numSuccessfulShots", successful);
    return root.toString();
  }

  private static ObjectNode describe(Task task) {
    ObjectNode reply = JSON.createObjectNode()
        .put("quantumTaskArn", task.arn)
        .put("status", task.status)
        .put("deviceArn", task.deviceArn)
        .put("deviceParameters", "{}")
        .put("shots", task.shots)
        .put("outputS3Bucket", task.bucket)
        .put("outputS3Directory", task.directory)
        .put("createdAt", TIMESTAMP.format(task.createdAt));
    if (task.endedAt != null) {
      reply.put("endedAt", TIMESTAMP.format(task.endedAt));
    }
    if (task.failureReason != null) {
      reply.put("failureReason", task.failureReason);
    }
    if (task.status.equals("QUEUED")) {
      reply.putObject("queueInfo").put("queue", "QUANTUM_TASKS_QUEUE").put("position", "1").put("queuePriority", "Normal");
    }
    return reply;
  }

  private void cancel(HttpServerResponse response, String arn) {
    Task task = tasks.get(arn);
    if (task == null) {
      error(response, 404, "ResourceNotFoundException", "Quantum task " + arn + " not found");
      return;
    }
    cancelRequests.add(arn + " " + task.status);
    if (TERMINAL.contains(task.status)) {
      error(response, 409, "ConflictException", "Quantum task " + arn + " is already in terminal state " + task.status);
      return;
    }
    task.status = "CANCELLING";
    ObjectNode reply = JSON.createObjectNode().put("quantumTaskArn", arn).put("cancellationStatus", "CANCELLING");
    response.setStatusCode(200).putHeader("content-type", "application/json").end(reply.toString());
  }

  private void getObject(HttpServerResponse response, String method, String path) {
    if (!method.equals("GET")) {
      s3Error(response, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      return;
    }
    String key = decode(path.substring(1)); // path-style: /bucket/key
    String bucket = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    if (!buckets.contains(bucket)) {
      s3Error(response, 404, "NoSuchBucket", "The specified bucket does not exist");
      return;
    }
    String object = objects.get(key);
    if (object == null) {
      s3Error(response, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    resultReadsStarted.incrementAndGet();
    if (resultDelayMillis > 0) {
      vertx.setTimer(resultDelayMillis, t -> response.setStatusCode(200).putHeader("content-type", "application/json")
          .end(object));
      return;
    }
    response.setStatusCode(200).putHeader("content-type", "application/json").end(object);
  }

  private static SigV4Verifier.Request arrived(HttpServerRequest request, Buffer body) {
    Map<String, List<String>> headers = new ConcurrentHashMap<>();
    request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
        .add(h.getValue()));
    if (!headers.containsKey("host") && request.authority() != null) {
      // HTTP/2 (the JDK client upgrades plain-text connections to h2c) carries Host as :authority
      var authority = request.authority();
      headers.put("host", List.of(authority.host() + (authority.port() >= 0 ? ":" + authority.port() : "")));
    }
    return new SigV4Verifier.Request(request.method().name(), request.path(), request.query() == null ? "" : request.query(),
        headers, body.getBytes());
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void error(HttpServerResponse response, int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode().put("message", message);
    response.setStatusCode(status).putHeader("x-amzn-ErrorType", code).putHeader("content-type", "application/json")
        .end(body.toString());
  }

  private static void s3Error(HttpServerResponse response, int status, String code, String message) {
    response.setStatusCode(status).putHeader("content-type", "application/xml")
        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
            + "</Message></Error>");
  }
}
