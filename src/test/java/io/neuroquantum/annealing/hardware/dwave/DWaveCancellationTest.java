package io.neuroquantum.annealing.hardware.dwave;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.BackgroundRun;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.neuroquantum.annealing.hardware.TaskStatus;
import io.neuroquantum.annealing.model.Ising;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A D-Wave run cancelled at each stage of its life, QPU and hybrid, against {@link MockSapi} made slow
 * at that stage: before SAPI has the problem (nothing is posted), queued and running at SAPI (the mock
 * gets the cancel), while the answer is read (the run ends cancelled, no answer kept), and after it
 * completed (a no-op: the answer stays). After each, the next run completes.
 */
class DWaveCancellationTest {

  static final String TOKEN = "DEV-cancel-stages-token-7a7a7a";
  static MockSapi sapi;
  static DWaveBackend backend;

  @BeforeAll
  static void start() {
    sapi = new MockSapi(TOKEN, 6);
    sapi.start();
    backend = new DWaveBackend(DWaveConfig.of(URI.create(sapi.endpoint()), TOKEN).withPollWait(Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    backend.close();
    sapi.close();
  }

  @AfterEach
  void theNextRunCompletes() throws Exception {
    sapi.setQueueDelay(Duration.ofMillis(50));
    sapi.setRunTime(Duration.ZERO);
    sapi.setAnswerDelay(Duration.ZERO);
    sapi.setPartDelay(Duration.ZERO);
    HardwareResult next = BackgroundRun.start(backend, ring(), HardwareParameters.reads(10)).result();
    assertThat(next.samples().best().energy()).isEqualTo(-8.0);
  }

  /** An even ring of 8 with antiferromagnetic couplings: every edge cut, energy -8. */
  static HardwareProblem ring() {
    Ising.Builder b = Ising.builder(8);
    for (int i = 0; i < 8; i++) {
      b.addQuadratic(i, (i + 1) % 8, 1.0);
    }
    return new HardwareProblem.IsingProblem(b.build());
  }

  static HardwareParameters hybrid() {
    return new HardwareParameters(null, 1, OptionalDouble.empty(), OptionalDouble.empty(), Map.of("time_limit", 5));
  }

  static long combines() {
    return sapi.requestLog.stream().filter(r -> r.endsWith("/combine")).count();
  }

  @Test
  void cancelled_before_sapi_has_the_qpu_problem_nothing_is_posted() throws Exception {
    int accepted = sapi.problemsAccepted();
    int logged = sapi.requestLog.size();
    // cancelled as the solver list is served: the run then chooses a solver, embeds and encodes, and
    // must post nothing (waiting for the listing to show up in the mock's log raced the run's post)
    BackgroundRun run = BackgroundRun.unstarted();
    sapi.onSolverListing = run::cancel;
    HardwareException e;
    try {
      run.begin(backend, ring(), HardwareParameters.reads(10));
      e = run.failure();
    } finally {
      sapi.onSolverListing = null;
    }
    assertThat(e.getMessage()).startsWith("cancelled before dwave had the problem").doesNotContain(TOKEN);
    assertThat(run.task()).isNull();
    assertThat(sapi.problemsAccepted()).isEqualTo(accepted);
    assertThat(sapi.requestLog.subList(logged, sapi.requestLog.size())).noneMatch(r -> r.startsWith("POST /sapi/v2/problems"));
  }

  @Test
  void cancelled_during_the_hybrid_upload_the_problem_is_never_submitted() throws Exception {
    sapi.setPartDelay(Duration.ofSeconds(2));
    int accepted = sapi.problemsAccepted();
    int cancels = sapi.cancelRequests.size();
    int parts = sapi.partsStarted.get();
    long combined = combines();
    BackgroundRun run = BackgroundRun.start(backend, ring(), hybrid());
    run.awaitStage("an upload part", () -> sapi.partsStarted.get() > parts).cancel();
    HardwareException e = run.failure();
    assertThat(e.getMessage()).startsWith("cancelled before dwave had the problem (during the upload");
    assertThat(run.task()).isNull();
    assertThat(sapi.problemsAccepted()).isEqualTo(accepted);
    assertThat(sapi.cancelRequests).hasSize(cancels);
    assertThat(combines()).as("the upload is not combined").isEqualTo(combined);
  }

  @Test
  void cancelled_while_queued_at_sapi_the_problem_is_cancelled_there() throws Exception {
    sapi.setQueueDelay(Duration.ofMinutes(10));
    cancelAtSapi(HardwareParameters.reads(10), "the submit", run -> run.task() != null, "PENDING");
  }

  @Test
  void cancelled_while_the_problem_runs_at_sapi_it_is_cancelled_there_qpu_and_hybrid() throws Exception {
    sapi.setRunTime(Duration.ofMinutes(10));
    for (HardwareParameters parameters : java.util.List.of(HardwareParameters.reads(10), hybrid())) {
      cancelAtSapi(parameters, "IN_PROGRESS", run -> run.states.contains(TaskStatus.State.RUNNING), "IN_PROGRESS");
    }
  }

  /** Runs the ring, cancels once {@code there} holds, and checks SAPI got the cancel while at {@code sapiStatus}. */
  static void cancelAtSapi(HardwareParameters parameters, String stage,
      java.util.function.Predicate<BackgroundRun> there, String sapiStatus) throws Exception {
    BackgroundRun run = BackgroundRun.start(backend, ring(), parameters);
    run.awaitStage(stage, () -> there.test(run)).cancel();
    HardwareException e = run.failure();
    String id = run.task().vendorId();
    assertThat(e.getMessage()).isEqualTo("cancelled at dwave: CANCELLED");
    assertThat(sapi.cancelRequests).contains(id + " " + sapiStatus);
    assertThat(sapi.statusOf(id)).isEqualTo("CANCELLED");
  }

  @Test
  void cancelled_while_the_answer_is_read_the_run_ends_cancelled_without_it() throws Exception {
    sapi.setAnswerDelay(Duration.ofSeconds(2));
    int reads = sapi.answerReadsStarted.get();
    BackgroundRun run = BackgroundRun.start(backend, ring(), HardwareParameters.reads(10));
    run.awaitStage("the answer read", () -> sapi.answerReadsStarted.get() > reads).cancel();
    HardwareException e = run.failure();
    String id = run.task().vendorId();
    assertThat(e.getMessage()).isEqualTo("cancelled after dwave finished task " + id + "; its answer was not kept");
    // the vendor had finished: nothing to stop there, and the answer stays at SAPI
    assertThat(sapi.cancelRequests).noneMatch(c -> c.startsWith(id));
    assertThat(sapi.statusOf(id)).isEqualTo("COMPLETED");
  }

  @Test
  void cancelled_after_it_completed_nothing_changes_and_the_answer_stays() throws Exception {
    BackgroundRun run = BackgroundRun.start(backend, ring(), HardwareParameters.reads(10));
    HardwareResult result = run.result();
    run.cancel();   // too late: the run has ended
    HardwareTask task = run.task();
    backend.cancel(task);   // SAPI answers 409, which leaves the problem as it was
    assertThat(sapi.cancelRequests).contains(task.vendorId() + " COMPLETED");
    assertThat(sapi.statusOf(task.vendorId())).isEqualTo("COMPLETED");
    assertThat(backend.result(task).samples().best().energy()).isEqualTo(result.samples().best().energy());
  }
}
