package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.HardwareBackend;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareTask;
import io.neuroquantum.annealing.hardware.TaskStatus;
import io.neuroquantum.annealing.hardware.embedding.ChainStrength;
import io.neuroquantum.annealing.hardware.embedding.Embedder;
import io.neuroquantum.annealing.hardware.embedding.Embedding;
import io.neuroquantum.annealing.hardware.embedding.EmbeddingCache;
import io.neuroquantum.annealing.hardware.embedding.EmbeddingPolicy;
import io.neuroquantum.annealing.hardware.embedding.ProblemGraph;
import io.neuroquantum.annealing.hardware.embedding.TargetGraph;
import io.neuroquantum.annealing.hardware.embedding.TargetIsing;
import io.neuroquantum.annealing.hardware.embedding.Unembedder;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * D-Wave through its Solver API: QPU solvers (the problem minor-embedded into the solver's working
 * graph, by the heuristic or the Pegasus clique layout as {@link EmbeddingPolicy} decides, with a spin-reversal transform and scaled to its h/J ranges, then unembedded by majority
 * vote) and Leap hybrid BQM solvers (the model uploaded in DIMODBQM form and referenced).
 *
 * <p>Which one: a {@code solverName} picks that solver; otherwise {@code time_limit} (seconds) in the
 * extra parameters asks for the least loaded hybrid solver, and its absence for the least loaded QPU.
 */
public final class DWaveBackend implements HardwareBackend {

  public static final String NAME = "dwave";

  private final DWaveConfig config;
  private final SapiTransport transport;
  private final EmbeddingCache<EmbeddingPolicy.Placement> embeddings = new EmbeddingCache<>(64);
  private final EmbeddingPolicy embeddingPolicy = new EmbeddingPolicy();

  public DWaveBackend(DWaveConfig config) {
    this.config = config;
    this.transport = new SapiTransport(config);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** What result() needs to turn the answer into the caller's variables. */
  private record QpuDecoding(Ising model, String solver, Embedding embedding, String embeddingMethod, TargetGraph graph,
      byte[] gauge, double chainStrength, double scale) {
  }

  private record HybridDecoding(Ising model, String solver) {
  }

  public List<SolverDefinition> solvers() throws HardwareException {
    JsonNode list = transport.send(SapiTransport.Request.get("solvers/remote/", SapiMediaTypes.SOLVER_LIST)).body();
    List<SolverDefinition> out = new ArrayList<>();
    for (JsonNode s : list) {
      out.add(SolverDefinition.parse(s));
    }
    return out;
  }

  @Override
  public HardwareTask submit(HardwareProblem problem, HardwareParameters parameters) throws HardwareException {
    return submit(problem, parameters, () -> false);
  }

  /**
   * Asks {@code cancelled} after the solver listing, after the embedding (which runs to its end: a few
   * seconds at most for the problems it can embed), before each upload part and before the problem is
   * posted: a cancel before that post leaves nothing at SAPI but, for a hybrid solver, an unused upload.
   */
  @Override
  public HardwareTask submit(HardwareProblem problem, HardwareParameters parameters, BooleanSupplier cancelled)
      throws HardwareException {
    HardwareBackend.stopIfCancelled(cancelled, NAME, "submission");
    if (!(problem instanceof HardwareProblem.IsingProblem(Ising model))) {
      throw new HardwareException("the dwave backend samples Ising and QUBO models, not "
          + problem.getClass().getSimpleName(), false);
    }
    boolean wantsHybrid = parameters.extra().containsKey("time_limit");
    List<SolverDefinition> all = solvers();
    SolverDefinition solver = parameters.solverName() != null
        ? all.stream().filter(s -> s.name().equals(parameters.solverName())).findFirst()
            .orElseGet(() -> null) : null;
    String kind = solver != null ? (solver.isHybridBqm() ? "hybrid" : "qpu") : wantsHybrid ? "hybrid" : "qpu";
    solver = new SolverSelection(parameters.solverName(), kind, 0).pick(all);
    HardwareBackend.stopIfCancelled(cancelled, NAME, "solver selection");
    return solver.isHybridBqm() ? submitHybrid(model, solver, parameters, cancelled)
        : submitQpu(model, solver, parameters, cancelled);
  }

  private HardwareTask submitQpu(Ising model, SolverDefinition solver, HardwareParameters parameters,
      BooleanSupplier cancelled) throws HardwareException {
    TargetGraph graph = solver.workingGraph();
    ProblemGraph problemGraph = ProblemGraph.of(model);
    EmbeddingPolicy.Placement placement = embeddings.get(solver.graphKey(), problemGraph,
        () -> embeddingPolicy.place(problemGraph, graph, solver.graphKey(), solver.pegasusSize()))
        .orElseThrow(() -> new HardwareException("no embedding found for a problem of " + model.numVariables()
            + " variables and " + problemGraph.edges().length + " couplings on solver " + solver.name()
            + "; a hybrid solver (time_limit) takes problems of any shape", false));
    HardwareBackend.stopIfCancelled(cancelled, NAME, "embedding");
    Embedding embedding = placement.embedding();
    double chainStrength = parameters.chainStrength().orElse(
        ChainStrength.uniformTorqueCompensation(model, ChainStrength.DEFAULT_PREFACTOR));
    byte[] gauge = randomGauge(graph.size(), new Random(problemGraph.key().hashCode() * 31L + parameters.numReads()));
    TargetIsing embedded = Embedder.embed(model, embedding, graph, chainStrength).gaugeTransformed(gauge);
    double scale = embedded.autoScaleFactor(solver.range("h_range", -2, 2), solver.range("j_range", -1, 1));
    ObjectNode params = SapiTransport.JSON.createObjectNode();
    params.put("num_reads", parameters.numReads());
    parameters.annealingTimeMicros().ifPresent(t -> params.put("annealing_time", t));
    params.put("answer_mode", "histogram");
    params.put("auto_scale", false); // scaled here, so chain strength keeps its meaning relative to the problem
    ObjectNode job = job(solver, "ising", QpCodec.encodeProblem(embedded.dividedBy(scale), solver.qubits(),
        solver.couplers()), params);
    HardwareBackend.stopIfCancelled(cancelled, NAME, "encoding");
    String id = submitJob(job);
    return new HardwareTask(NAME, id, new HardwareProblem.IsingProblem(model),
        new QpuDecoding(model, solver.name(), embedding, placement.method(), graph, gauge, chainStrength, scale));
  }

  private HardwareTask submitHybrid(Ising model, SolverDefinition solver, HardwareParameters parameters,
      BooleanSupplier cancelled) throws HardwareException {
    double minimum = solver.minimumTimeLimit(model.numVariables());
    double timeLimit = parameters.extra().containsKey("time_limit")
        ? ((Number) parameters.extra().get("time_limit")).doubleValue() : minimum;
    if (timeLimit < minimum) {
      throw new HardwareException("time_limit " + timeLimit + " s is below solver " + solver.name()
          + "'s minimum of " + minimum + " s for " + model.numVariables() + " variables", false);
    }
    String ref = new MultipartUpload(transport).upload(DimodBqmFile.write(model), cancelled);
    ObjectNode data = SapiTransport.JSON.createObjectNode().put("format", "ref").put("data", ref);
    ObjectNode params = SapiTransport.JSON.createObjectNode().put("time_limit", timeLimit);
    HardwareBackend.stopIfCancelled(cancelled, NAME, "the upload");
    String id = submitJob(job(solver, "bqm", data, params));
    return new HardwareTask(NAME, id, new HardwareProblem.IsingProblem(model), new HybridDecoding(model, solver.name()));
  }

  private static ObjectNode job(SolverDefinition solver, String type, ObjectNode data, ObjectNode params) {
    ObjectNode job = SapiTransport.JSON.createObjectNode();
    ObjectNode identity = job.putObject("solver").put("name", solver.name());
    if (solver.graphId() != null) {
      identity.putObject("version").put("graph_id", solver.graphId());
    }
    job.put("type", type);
    job.set("data", data);
    job.set("params", params);
    job.put("label", "neuroquantum");
    return job;
  }

  private String submitJob(ObjectNode job) throws HardwareException {
    ArrayNode batch = SapiTransport.JSON.createArrayNode().add(job);
    JsonNode reply = transport.send(SapiTransport.Request.json("POST", "problems/", SapiMediaTypes.PROBLEMS, batch,
        true)).body();
    JsonNode first = reply.isArray() ? reply.path(0) : reply;
    if (first.has("error_code") || first.has("error_msg")) {
      throw new HardwareException("D-Wave SAPI refused the problem: " + transport.scrub(first.path("error_msg").asText()),
          false);
    }
    String id = first.path("id").asText("");
    if (id.isEmpty()) {
      throw new HardwareException("D-Wave SAPI accepted the problem but sent no id", false);
    }
    return id;
  }

  @Override
  public TaskStatus status(HardwareTask task) throws HardwareException {
    JsonNode status = transport.send(SapiTransport.Request.get("problems/" + task.vendorId() + "?timeout="
        + config.pollWait().toSeconds(), SapiMediaTypes.PROBLEM)).body();
    return toStatus(status);
  }

  private TaskStatus toStatus(JsonNode status) {
    String s = status.path("status").asText("");
    return switch (s) {
      case "PENDING" -> new TaskStatus(TaskStatus.State.QUEUED, s);
      case "IN_PROGRESS" -> new TaskStatus(TaskStatus.State.RUNNING, s);
      case "COMPLETED" -> new TaskStatus(TaskStatus.State.DONE, s);
      case "CANCELLED" -> new TaskStatus(TaskStatus.State.CANCELLED, s);
      default -> new TaskStatus(TaskStatus.State.FAILED,
          transport.scrub(status.path("error_message").asText("D-Wave reported status '" + s + "'")));
    };
  }

  @Override
  public void cancel(HardwareTask task) throws HardwareException {
    try {
      transport.send(new SapiTransport.Request("DELETE", "problems/" + task.vendorId(), SapiMediaTypes.PROBLEM, null,
          null, Map.of(), false));
    } catch (HardwareException e) {
      if (!e.getMessage().contains("(HTTP 409)")) { // 409: already finished, which a cancel may race with
        throw e;
      }
    }
  }

  @Override
  public HardwareResult result(HardwareTask task) throws HardwareException {
    JsonNode status = transport.send(SapiTransport.Request.get("problems/" + task.vendorId() + "/",
        SapiMediaTypes.PROBLEM)).body();
    TaskStatus state = toStatus(status);
    if (state.state() != TaskStatus.State.DONE) {
      throw new HardwareException("D-Wave problem " + task.vendorId() + " has no answer: " + state.detail(),
          state.state() == TaskStatus.State.QUEUED || state.state() == TaskStatus.State.RUNNING);
    }
    JsonNode answer = status.path("answer");
    return switch (task.decoding()) {
      case QpuDecoding d -> decodeQpu(task, d, QpCodec.decodeAnswer(answer));
      case HybridDecoding d -> decodeHybrid(task, d, BqAnswer.decode(answer, d.model().numVariables()), answer);
      default -> throw new IllegalArgumentException("not a dwave task: " + task);
    };
  }

  private HardwareResult decodeQpu(HardwareTask task, QpuDecoding d, QpCodec.Answer answer) {
    Map<ByteBuffer, Sample> distinct = new LinkedHashMap<>();
    long brokenWeighted = 0;
    int reads = 0;
    byte[] target = new byte[d.graph().size()];
    for (int s = 0; s < answer.energies().length; s++) {
      java.util.Arrays.fill(target, (byte) 1);
      for (int i = 0; i < answer.active().length; i++) {
        int index = d.graph().indexOf(answer.active()[i]);
        if (index >= 0) {
          target[index] = (byte) (answer.spins()[s][i] * d.gauge()[index]); // undo the spin-reversal
        }
      }
      Unembedder.Unembedded u = Unembedder.majorityVote(target, d.embedding());
      int occ = answer.occurrences()[s];
      brokenWeighted += (long) u.brokenChains() * occ;
      reads += occ;
      ByteBuffer key = ByteBuffer.wrap(u.spins());
      Sample seen = distinct.get(key);
      distinct.put(key, new Sample(u.spins(), d.model().energy(u.spins()), occ + (seen == null ? 0 : seen.occurrences())));
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("backend", NAME);
    info.put("solver", d.solver());
    info.put("problem_id", task.vendorId());
    info.put("chain_strength", d.chainStrength());
    info.put("chain_break_fraction", reads == 0 ? 0.0 : (double) brokenWeighted / reads / d.model().numVariables());
    info.put("embedding", d.embeddingMethod());
    info.put("max_chain_length", d.embedding().maxChainLength());
    info.put("qubits_used", d.embedding().qubitsUsed());
    info.put("auto_scale_factor", d.scale());
    info.put("timing", answer.timing());
    SampleSet samples = SampleSet.of(VarType.SPIN, new ArrayList<>(distinct.values()), new Timing(0, 0),
        SamplingStats.none(reads));
    return new HardwareResult(samples, info);
  }

  private HardwareResult decodeHybrid(HardwareTask task, HybridDecoding d, BqAnswer answer, JsonNode raw) {
    List<Sample> samples = new ArrayList<>();
    int reads = 0;
    for (int r = 0; r < answer.spins().length; r++) {
      samples.add(new Sample(answer.spins()[r], d.model().energy(answer.spins()[r]), answer.occurrences()[r]));
      reads += answer.occurrences()[r];
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("backend", NAME);
    info.put("solver", d.solver());
    info.put("problem_id", task.vendorId());
    Map<String, Object> timing = new LinkedHashMap<>();
    raw.path("data").path("info").fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        timing.put(e.getKey(), e.getValue().numberValue());
      }
    });
    info.put("timing", timing);
    return new HardwareResult(SampleSet.of(VarType.SPIN, samples, new Timing(0, 0), SamplingStats.none(reads)), info);
  }

  private static byte[] randomGauge(int n, Random random) {
    byte[] g = new byte[n];
    for (int i = 0; i < n; i++) {
      g[i] = (byte) (random.nextBoolean() ? 1 : -1);
    }
    return g;
  }
}
