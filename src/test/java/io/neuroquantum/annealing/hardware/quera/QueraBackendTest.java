package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareProblem.UnitDiskMis;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.neuroquantum.annealing.hardware.TaskStatus;
import io.neuroquantum.annealing.hardware.TaskStatus.State;
import io.neuroquantum.annealing.model.Ising;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The QuEra backend end to end against the Braket mock: real HTTP, real SigV4 signatures checked by
 * the mock, Aquila's validation on the mock's side, the task lifecycle, S3 results sampled by the
 * mock device, decoding back into independent sets.
 */
class QueraBackendTest {

  private static final String KEY_ID = "AKIDQUERATEST";
  private static final String SECRET = "quera-test-secret-" + UUID.randomUUID();
  private static final String SESSION_TOKEN = "quera-test-session-" + UUID.randomUUID();
  private static final String BUCKET = "amazon-braket-us-east-1-123456789012";

  private static Vertx vertx;
  private static BraketMock mock;
  private static final StringBuilder LOGS = new StringBuilder();
  private static final AppenderBase<ILoggingEvent> CAPTURE = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      synchronized (LOGS) {
        LOGS.append(event.getFormattedMessage()).append('\n');
        if (event.getThrowableProxy() != null) {
          LOGS.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
      }
    }
  };
  /** Everything the backend said to a caller (exceptions, statuses, results), for the secret check. */
  private final List<String> said = new ArrayList<>();

  @BeforeAll
  static void startMock() {
    vertx = Vertx.vertx();
    mock = BraketMock.start(vertx, Map.of(KEY_ID, SECRET), Set.of(BUCKET));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ((Logger) LoggerFactory.getLogger("io.neuroquantum")).setLevel(Level.DEBUG);
    CAPTURE.setContext(root.getLoggerContext());
    CAPTURE.start();
    root.addAppender(CAPTURE);
  }

  @AfterAll
  static void stopMock() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(CAPTURE);
    mock.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @AfterEach
  void nothingSaidOrLoggedHoldsTheSecret() {
    mock.holdAt(null);
    mock.throttleNext(0);
    String logs;
    synchronized (LOGS) {
      logs = LOGS.toString();
    }
    assertThat(logs).contains("mock ").doesNotContain(SECRET).doesNotContain(SESSION_TOKEN);
    for (String text : said) {
      assertThat(text).doesNotContain(SECRET).doesNotContain(SESSION_TOKEN);
    }
  }

  /** The environment a deployment would set, pointed at the mock. */
  private static Map<String, String> env(String secret) {
    return mock.environment(KEY_ID, secret, BUCKET);
  }

  private static QueraConfig config(String secret, int maxAttempts) {
    return QueraConfig.from(env(secret), Map.of("max_attempts", maxAttempts, "backoff_base_ms", 20, "backoff_max_ms", 200));
  }

  private QueraBackend backend() {
    return new QueraBackend(config(SECRET, 5));
  }

  private TaskStatus pollUntilFinal(QueraBackend backend, HardwareTask task) throws HardwareException {
    for (int i = 0; i < 100; i++) {
      TaskStatus status = backend.status(task);
      said.add(status.toString());
      if (status.state().isFinal()) {
        return status;
      }
    }
    throw new AssertionError("task " + task.vendorId() + " never ended");
  }

  private TaskStatus pollUntil(QueraBackend backend, HardwareTask task, String detail) throws HardwareException {
    for (int i = 0; i < 100; i++) {
      TaskStatus status = backend.status(task);
      said.add(status.toString());
      if (status.detail().startsWith(detail)) {
        return status;
      }
    }
    throw new AssertionError("task " + task.vendorId() + " never reached " + detail);
  }

  private String record(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    said.add(e.toString());
    said.add(trace.toString());
    return e.getMessage();
  }

  @Test
  void an_aquila_mis_on_a_5x5_lattice_decodes_to_a_maximum_independent_set() throws Exception {
    UnitDiskMis lattice = AhsEncodingTest.squareLattice(5);
    try (QueraBackend backend = backend()) {
      HardwareTask task = backend.submit(lattice, HardwareParameters.reads(100));
      said.add(task.toString());
      assertThat(task.vendorId()).startsWith("arn:aws:braket:us-east-1:123456789012:quantum-task/");
      assertThat(pollUntilFinal(backend, task).state()).isEqualTo(State.DONE);

      HardwareResult result = backend.result(task);
      said.add(result.toString());
      said.add(result.info().toString());
      int[] best = result.samples().best().toIntArray();
      Graph<Integer, DefaultEdge> graph = UnitDiskGraph.of(lattice.x(), lattice.y(), lattice.radius());
      for (DefaultEdge e : graph.edgeSet()) {
        assertThat(best[graph.getEdgeSource(e)] + best[graph.getEdgeTarget(e)]).isLessThanOrEqualTo(1);
      }
      // the 5×5 square lattice's maximum independent set is the 13-vertex checkerboard
      assertThat(java.util.Arrays.stream(best).sum()).isEqualTo(13);
      assertThat(result.samples().bestEnergy()).isEqualTo(-13.0);
      assertThat(result.info()).containsEntry("task_arn", task.vendorId()).containsEntry("shots_requested", 100)
          .containsEntry("best_size", 13).containsKeys("success_fraction", "set_sizes", "blockade_radius_um");
      // the mock's fill errors drop shots: some, not all
      assertThat((Integer) result.info().get("shots_used")).isBetween(1, 99);
      assertThat(result.samples().totalOccurrences()).isEqualTo(result.info().get("shots_used"));
    }
  }

  @Test
  void a_task_can_be_cancelled_while_created_queued_or_running() throws Exception {
    try (QueraBackend backend = backend()) {
      for (String stage : List.of("CREATED", "QUEUED", "RUNNING")) {
        mock.holdAt(stage);
        HardwareTask task = backend.submit(AhsEncodingTest.squareLattice(3), HardwareParameters.reads(10));
        pollUntil(backend, task, stage);
        backend.cancel(task);
        mock.holdAt(null);
        TaskStatus end = pollUntilFinal(backend, task);
        assertThat(end.state()).as("cancelled while " + stage).isEqualTo(State.CANCELLED);
        assertThatThrownBy(() -> backend.result(task)).isInstanceOf(HardwareException.class)
            .hasMessageContaining("is CANCELLED, it has no result").satisfies(this::record);
      }
    }
  }

  @Test
  void cancelling_a_completed_task_leaves_it_done_with_its_result() throws Exception {
    try (QueraBackend backend = backend()) {
      HardwareTask task = backend.submit(AhsEncodingTest.squareLattice(3), HardwareParameters.reads(20));
      assertThat(pollUntilFinal(backend, task).state()).isEqualTo(State.DONE);
      backend.cancel(task); // Braket answers 409 ConflictException; the task stays done
      assertThat(backend.status(task).state()).isEqualTo(State.DONE);
      assertThat(backend.result(task).samples().bestEnergy()).isEqualTo(-5.0);
    }
  }

  @Test
  void throttling_is_retried_with_backoff_and_the_retried_create_is_one_task() throws Exception {
    try (QueraBackend backend = backend()) {
      int before = mock.taskCount();
      int throttledBefore = mock.throttledSoFar();
      mock.throttleNext(3);
      HardwareTask task = backend.submit(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10));
      assertThat(mock.throttledSoFar() - throttledBefore).isEqualTo(3);
      assertThat(mock.taskCount() - before).isEqualTo(1);
      assertThat(pollUntilFinal(backend, task).state()).isEqualTo(State.DONE);

      mock.throttleNext(10); // more than the 5 tries
      assertThatThrownBy(() -> backend.status(task)).isInstanceOf(HardwareException.class)
          .hasMessageContaining("429 ThrottlingException: Rate exceeded")
          .satisfies(e -> assertThat(((HardwareException) e).retryable()).isTrue()).satisfies(this::record);
    }
  }

  @Test
  void a_failing_task_gives_the_vendors_reason() throws Exception {
    try (QueraBackend backend = backend()) {
      mock.failNextRun("Task failed: atom loading did not reach the required filling");
      HardwareTask task = backend.submit(AhsEncodingTest.squareLattice(3), HardwareParameters.reads(10));
      TaskStatus end = pollUntilFinal(backend, task);
      assertThat(end.state()).isEqualTo(State.FAILED);
      assertThat(end.detail()).isEqualTo("Task failed: atom loading did not reach the required filling");
      assertThatThrownBy(() -> backend.result(task)).isInstanceOf(HardwareException.class)
          .hasMessageContaining("is FAILED, it has no result: Task failed: atom loading").satisfies(this::record);
    }
  }

  @Test
  void braket_refuses_out_of_limit_programs_a_missing_bucket_and_a_bad_signature_with_its_error_shape() throws Exception {
    QueraConfig config = config(SECRET, 1);
    BraketClient client = new BraketClient(config, HttpClient.newHttpClient(), d -> { });
    AhsProgram good = new MisAhsEncoder(AquilaCapabilities.AQUILA)
        .encode(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10)).program();
    List<BigDecimal> amplitude = new ArrayList<>(good.amplitude().values());
    amplitude.set(1, new BigDecimal("1400000000.0"));
    AhsProgram loud = new AhsProgram(good.x(), good.y(), good.filling(),
        new AhsProgram.TimeSeries(good.amplitude().times(), amplitude), good.phase(), good.detuning(), 0);
    assertThatThrownBy(() -> client.createQuantumTask("t1", QueraConfig.AQUILA_ARN, 10, BUCKET, "tasks", loud.toJson()))
        .isInstanceOfSatisfying(BraketException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("ValidationException");
          assertThat(e.retryable()).isFalse();
        })
        .hasMessageContaining("Value 1 (1400000000) in amplitude time_series outside the allowed range [0, 15800000]")
        .satisfies(this::record);
    assertThatThrownBy(() -> client.createQuantumTask("t2", QueraConfig.AQUILA_ARN, 10, "no-such-bucket", "tasks",
        good.toJson())).hasMessageContaining("Caller doesn't have access to no-such-bucket or it doesn't exist")
        .satisfies(this::record);

    String wrong = "wrong-secret-" + UUID.randomUUID();
    try (QueraBackend impostor = new QueraBackend(config(wrong, 1))) {
      assertThatThrownBy(() -> impostor.submit(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10)))
          .isInstanceOfSatisfying(BraketException.class, e -> assertThat(e.httpStatus()).isEqualTo(403))
          .hasMessageContaining("InvalidSignatureException")
          .hasMessageNotContaining(wrong).satisfies(this::record);
    }
    try (QueraBackend backend = backend()) {
      HardwareProblem ising = new HardwareProblem.IsingProblem(Ising.builder(2).add(0, 1, 1.0).build());
      assertThatThrownBy(() -> backend.submit(ising, HardwareParameters.reads(10)))
          .hasMessageContaining("maximum independent set on a unit-disk graph").satisfies(this::record);
    }
  }

  @Test
  void temporary_credentials_sign_with_the_session_token_and_never_show_it() throws Exception {
    Map<String, String> env = env(SECRET);
    env.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
    QueraConfig config = QueraConfig.from(env, Map.of());
    said.add(config.toString());
    said.add(config.credentials().toString());
    try (QueraBackend backend = new QueraBackend(config)) {
      HardwareTask task = backend.submit(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10));
      assertThat(pollUntilFinal(backend, task).state()).isEqualTo(State.DONE);
      said.add(backend.result(task).info().toString());
    }
    // a vendor message that echoed a secret is scrubbed before anyone sees it
    assertThat(config.credentials().scrub("token " + SESSION_TOKEN + " key " + SECRET)).isEqualTo("token *** key ***");
  }
}
