package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.BackgroundRun;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A QuEra run cancelled at each stage of its life against {@link BraketMock}: before Braket has the
 * task (none is created), queued and running (Braket gets CancelQuantumTask), while results.json is
 * read (the run ends cancelled, no answer kept), and after it completed (a no-op: the answer stays).
 * After each, the next run completes.
 */
class QueraCancellationTest {

  private static final String KEY_ID = "AKIDQUERACANCEL";
  private static final String SECRET = "quera-cancel-secret-9d9d9d9d";
  private static final String BUCKET = "amazon-braket-us-east-1-123456789012";

  private static Vertx vertx;
  private static BraketMock mock;
  private static QueraBackend backend;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    mock = BraketMock.start(vertx, Map.of(KEY_ID, SECRET), Set.of(BUCKET));
    backend = new QueraBackend(QueraConfig.from(mock.environment(KEY_ID, SECRET, BUCKET), Map.of()));
  }

  @AfterAll
  static void stop() {
    backend.close();
    mock.close();
    vertx.close().await();
  }

  @AfterEach
  void theNextRunCompletes() throws Exception {
    mock.holdTasksAt(null);
    mock.setResultDelay(Duration.ZERO);
    HardwareResult next = BackgroundRun.start(backend, AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10))
        .result();
    assertThat(next.samples().bestEnergy()).isEqualTo(-2.0);
  }

  @Test
  void cancelled_before_braket_has_the_task_none_is_created() throws Exception {
    int tasks = mock.taskCount();
    BackgroundRun run = BackgroundRun.startCancelled(backend, AhsEncodingTest.squareLattice(2),
        HardwareParameters.reads(10));
    HardwareException e = run.failure();
    assertThat(e.getMessage()).startsWith("cancelled before quera had the problem");
    assertThat(run.task()).isNull();
    assertThat(mock.taskCount()).isEqualTo(tasks);
  }

  @Test
  void cancelled_while_queued_or_running_the_task_is_cancelled_at_braket() throws Exception {
    for (String stage : java.util.List.of("QUEUED", "RUNNING")) {
      mock.holdTasksAt(stage);
      BackgroundRun run = BackgroundRun.start(backend, AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10));
      run.awaitStage(stage, () -> run.task() != null && stage.equals(mock.statusOf(run.task().vendorId()))).cancel();
      HardwareException e = run.failure();
      String arn = run.task().vendorId();
      assertThat(e.getMessage()).isEqualTo("cancelled at quera: CANCELLED");
      assertThat(mock.cancelRequests).contains(arn + " " + stage);
      assertThat(mock.statusOf(arn)).isEqualTo("CANCELLED");
    }
  }

  @Test
  void cancelled_while_the_results_are_read_the_run_ends_cancelled_without_them() throws Exception {
    mock.setResultDelay(Duration.ofSeconds(2));
    int reads = mock.resultReadsStarted.get();
    BackgroundRun run = BackgroundRun.start(backend, AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10));
    run.awaitStage("the S3 read", () -> mock.resultReadsStarted.get() > reads).cancel();
    HardwareException e = run.failure();
    String arn = run.task().vendorId();
    assertThat(e.getMessage()).isEqualTo("cancelled after quera finished task " + arn + "; its answer was not kept");
    assertThat(mock.cancelRequests).noneMatch(c -> c.startsWith(arn));
    assertThat(mock.statusOf(arn)).isEqualTo("COMPLETED");
  }

  @Test
  void cancelled_after_it_completed_nothing_changes_and_the_answer_stays() throws Exception {
    BackgroundRun run = BackgroundRun.start(backend, AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10));
    HardwareResult result = run.result();
    HardwareTask task = run.task();
    backend.cancel(task);   // Braket answers 409 ConflictException: the task stays done
    assertThat(mock.cancelRequests).contains(task.vendorId() + " COMPLETED");
    assertThat(mock.statusOf(task.vendorId())).isEqualTo("COMPLETED");
    assertThat(backend.result(task).samples().bestEnergy()).isEqualTo(result.samples().bestEnergy());
  }
}
