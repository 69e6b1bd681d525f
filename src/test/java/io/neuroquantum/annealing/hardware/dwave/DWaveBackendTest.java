package io.neuroquantum.annealing.hardware.dwave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.neuroquantum.annealing.hardware.TaskStatus;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The D-Wave backend end to end against {@link MockSapi}, a Pegasus P16 QPU and a hybrid solver. */
class DWaveBackendTest {

  static final String TOKEN = "DEV-0123456789abcdef-secret-token";
  static MockSapi sapi;
  static DWaveBackend backend;

  @BeforeAll
  static void start() {
    sapi = new MockSapi(TOKEN, 16);
    sapi.start();
    backend = new DWaveBackend(config(TOKEN));
  }

  static DWaveConfig config(String token) {
    return DWaveConfig.of(URI.create(sapi.endpoint()), token).withPollWait(Duration.ofSeconds(5))
        .withRetries(4, Duration.ofMillis(50), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    backend.close();
    sapi.close();
  }

  /** Polls (long-polls) until the task is final. */
  static TaskStatus await(DWaveBackend b, HardwareTask task) throws HardwareException {
    for (int i = 0; i < 200; i++) {
      TaskStatus s = b.status(task);
      if (s.state().isFinal()) {
        return s;
      }
    }
    throw new AssertionError("task never finished");
  }

  /** A Max-Cut on a random 3-regular graph as an Ising model: J = +1 on every edge. */
  static Ising maxCut(int n, long seed) {
    var g = io.neuroquantum.annealing.hardware.embedding.EmbeddingTestGraphs.randomRegular(n, 3, seed);
    Ising.Builder b = Ising.builder(n);
    for (int[] e : g.edges()) {
      b.addQuadratic(e[0], e[1], 1.0);
    }
    return b.build();
  }

  static double cut(Ising model, byte[] spins) {
    double[] cut = {0};
    model.forEachInteraction((i, j, w) -> cut[0] += spins[i] != spins[j] ? w : 0);
    return cut[0];
  }

  @Test
  void a_max_cut_is_embedded_submitted_decoded_and_unembedded_to_a_cut_as_good_as_sa() throws Exception {
    Ising model = maxCut(40, 4);
    HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(model), HardwareParameters.reads(50));
    assertThat(await(backend, task).state()).isEqualTo(TaskStatus.State.DONE);
    HardwareResult result = backend.result(task);
    SampleSet sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(32).withSeed(5))
        .solve(model, RunControl.defaults().withThreads(1));
    double hardwareCut = cut(model, result.samples().best().values());
    double saCut = cut(model, sa.best().values());
    assertThat(result.samples().best().energy()).isEqualTo(model.energy(result.samples().best().values()));
    assertThat(hardwareCut).isGreaterThanOrEqualTo(0.9 * saCut);
    assertThat(result.samples().totalOccurrences()).isEqualTo(50);
    assertThat(result.info()).containsKeys("chain_break_fraction", "chain_strength", "timing", "max_chain_length");
    assertThat((double) result.info().get("chain_break_fraction")).isBetween(0.0, 1.0);
    assertThat(result.info().get("solver")).isEqualTo("Advantage_mock");
    assertThat(sapi.requestLog).anyMatch(l -> l.startsWith("GET /sapi/v2/problems/") && l.contains("timeout=5"));
  }

  /**
   * A dense problem (a spin glass on all pairs of 48 variables) goes through the clique layout: the
   * mock QPU anneals the embedded problem over the layout's chains, and the unembedded answer is
   * compared with simulated annealing on the logical problem.
   */
  @Test
  void a_dense_spin_glass_is_embedded_with_the_clique_layout_and_answers_like_sa() throws Exception {
    int n = 48;
    Random r = new Random(11);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, r.nextGaussian() * 0.2);
      for (int j = i + 1; j < n; j++) {
        b.addQuadratic(i, j, r.nextBoolean() ? 1 : -1);
      }
    }
    Ising model = b.build();
    HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(model), HardwareParameters.reads(40));
    assertThat(await(backend, task).state()).isEqualTo(TaskStatus.State.DONE);
    HardwareResult result = backend.result(task);

    assertThat(result.info().get("embedding")).isEqualTo("clique");
    var k48 = new io.neuroquantum.annealing.hardware.embedding.PegasusCliqueEmbedder(16).chainLabels(n);
    assertThat(result.info().get("qubits_used")).isEqualTo(java.util.Arrays.stream(k48).mapToInt(c -> c.length).sum());
    assertThat(result.info().get("max_chain_length"))
        .isEqualTo(java.util.Arrays.stream(k48).mapToInt(c -> c.length).max().orElseThrow());
    assertThat(result.samples().totalOccurrences()).isEqualTo(40);
    double hardware = result.samples().best().energy();
    assertThat(hardware).isEqualTo(model.energy(result.samples().best().values()));
    double sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(32).withSeed(5))
        .solve(model, RunControl.defaults().withThreads(1)).best().energy();
    System.out.println("dense K_48 spin glass: clique-layout QPU mock best " + hardware + ", SA best " + sa
        + ", chain breaks " + result.info().get("chain_break_fraction"));
    assertThat(sa).isNegative();
    assertThat(hardware).isLessThanOrEqualTo(0.9 * sa); // both negative: within 10 % of SA's best
  }

  @Test
  void a_hybrid_upload_of_10000_variables_has_its_checksum_verified_and_is_answered() throws Exception {
    int n = 10_000;
    Random r = new Random(1);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, r.nextGaussian() * 0.1);
      for (int k = 0; k < 3; k++) {
        int j = r.nextInt(n);
        if (j != i) {
          b.addQuadratic(i, j, r.nextBoolean() ? 1 : -1);
        }
      }
    }
    Ising model = b.addOffset(2.5).build();
    byte[] file = DimodBqmFile.write(model);
    HardwareParameters p = new HardwareParameters(null, 1, OptionalDouble.empty(), OptionalDouble.empty(),
        Map.of("time_limit", 20));
    HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(model), p);
    assertThat(await(backend, task)).isEqualTo(new TaskStatus(TaskStatus.State.DONE, "COMPLETED"));
    HardwareResult result = backend.result(task);
    assertThat(sapi.lastUploadChecksumVerified).isNotNull();
    assertThat(file.length).isGreaterThan(MultipartUpload.PART_SIZE / 10);
    assertThat(result.samples().best().values()).hasSize(n);
    assertThat(result.info().get("solver")).isEqualTo("hybrid_binary_quadratic_model_version2");
  }

  @Test
  void a_hybrid_time_limit_below_the_solver_minimum_is_refused_before_upload() {
    HardwareParameters p = new HardwareParameters(null, 1, OptionalDouble.empty(), OptionalDouble.empty(),
        Map.of("time_limit", 0.5));
    assertThatThrownBy(() -> backend.submit(new HardwareProblem.IsingProblem(maxCut(10, 1)), p))
        .isInstanceOf(HardwareException.class).hasMessageContaining("below solver");
  }

  @Test
  void a_queued_problem_can_be_cancelled() throws Exception {
    sapi.runDelayMillis = 3000;
    try {
      HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(maxCut(12, 2)), HardwareParameters.reads(5));
      backend.cancel(task);
      assertThat(await(backend, task).state()).isEqualTo(TaskStatus.State.CANCELLED);
      backend.cancel(task); // already final: SAPI answers 409, which is not an error to us
      assertThatThrownBy(() -> backend.result(task)).hasMessageContaining("has no answer");
    } finally {
      sapi.runDelayMillis = 300;
    }
  }

  @Test
  void rate_limited_requests_are_retried_after_retry_after() throws Exception {
    int before = sapi.rateLimited.get();
    sapi.rateLimitNext = 2;
    HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(maxCut(12, 3)), HardwareParameters.reads(5));
    assertThat(await(backend, task).state()).isEqualTo(TaskStatus.State.DONE);
    assertThat(sapi.rateLimited.get() - before).isEqualTo(2);
  }

  @Test
  void a_failing_vendor_gives_its_reason_and_the_token_appears_nowhere() throws Exception {
    sapi.failNextProblemWith = "Maximum problem-run duration exceeded due to specified timing parameters";
    HardwareTask task = backend.submit(new HardwareProblem.IsingProblem(maxCut(12, 5)), HardwareParameters.reads(5));
    TaskStatus failed = await(backend, task);
    assertThat(failed.state()).isEqualTo(TaskStatus.State.FAILED);
    assertThat(failed.detail()).isEqualTo("Maximum problem-run duration exceeded due to specified timing parameters");
    HardwareException noAnswer = org.junit.jupiter.api.Assertions.assertThrows(HardwareException.class,
        () -> backend.result(task));
    assertThat(noAnswer.getMessage()).contains("Maximum problem-run duration exceeded");

    HardwareException badReads = org.junit.jupiter.api.Assertions.assertThrows(HardwareException.class,
        () -> backend.submit(new HardwareProblem.IsingProblem(maxCut(12, 5)), HardwareParameters.reads(20000)));
    assertThat(badReads.getMessage()).contains("num_reads 20000 is out of range");

    DWaveBackend wrongToken = new DWaveBackend(config("wrong-" + TOKEN));
    HardwareException refused = org.junit.jupiter.api.Assertions.assertThrows(HardwareException.class,
        () -> wrongToken.solvers());
    assertThat(refused.getMessage()).contains("HTTP 401").contains("Invalid token or access denied");

    for (String text : new String[] {failed.detail(), noAnswer.getMessage(), badReads.getMessage(),
        refused.getMessage(), config(TOKEN).toString(), task.toString()}) {
      assertThat(text).doesNotContain(TOKEN).doesNotContain("secret-token");
    }
  }

  @Test
  void a_reply_in_an_unknown_api_version_is_refused() {
    assertThat(SapiMediaTypes.mismatch("application/vnd.dwave.sapi.problems+json; version=4.0.0",
        SapiMediaTypes.PROBLEMS)).contains("version 4.0.0");
    assertThat(SapiMediaTypes.mismatch("application/json", SapiMediaTypes.PROBLEMS)).contains("expected");
    assertThat(SapiMediaTypes.mismatch("application/vnd.dwave.sapi.problems+json; version=3.1.0",
        SapiMediaTypes.PROBLEMS)).isNull();
  }
}
