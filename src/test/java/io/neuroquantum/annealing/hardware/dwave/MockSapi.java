package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.embedding.TopologyGraph;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SAPI server for tests, after the blueprint in research/hardware.md §1.12: token check, versioned
 * Content-Types (and a 406 when the client asks for a version it does not serve), deflate request
 * bodies, the PENDING → IN_PROGRESS → COMPLETED lifecycle with long-polls parked until a change,
 * bit-packed {@code qp} answers, {@code bq} answers for hybrid problems, SAPI's error replies, the
 * multipart upload with its checksums, and injected faults (429s, failed problems). Its QPU is the
 * project's own simulated annealer run on the decoded problem over the working graph, so answers
 * are real answers to what was sent.
 */
public final class MockSapi implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final String token;
  final int pegasusSize;
  private final Vertx vertx = Vertx.vertx();
  private HttpServer server;
  private ObjectNode qpu;
  private final ObjectNode hybrid;
  private final Map<String, ObjectNode> problems = new ConcurrentHashMap<>();
  private final Map<String, List<Runnable>> waiters = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  /** Every request line seen, and every problem body seen, for tests to inspect. */
  final List<String> requestLog = new CopyOnWriteArrayList<>();
  final AtomicInteger rateLimited = new AtomicInteger();
  volatile int rateLimitNext;
  public volatile String failNextProblemWith;
  volatile long runDelayMillis = 300;
  /** Run as the solver list is served, before the client has it: a test's way to act at exactly that stage. */
  public volatile Runnable onSolverListing;

  /** How long a submitted problem stays PENDING (queued) before it runs; long, to cancel one while queued. */
  public void setQueueDelay(java.time.Duration delay) {
    runDelayMillis = delay.toMillis();
  }

  // ---- knobs for the cancellation stages: slow steps, and what the mock was asked

  volatile long runTimeMillis;
  volatile long answerDelayMillis;
  volatile long partDelayMillis;
  /** Every cancel request that reached a problem, as {@code id STATUS} with the status it found. */
  public final List<String> cancelRequests = new CopyOnWriteArrayList<>();
  /** Answer reads ({@code GET problems/{id}/} of a COMPLETED problem) begun, and upload parts begun. */
  public final AtomicInteger answerReadsStarted = new AtomicInteger();
  public final AtomicInteger partsStarted = new AtomicInteger();
  /** When set, every request is refused 401 with an error that echoes the token it carried, as a careless vendor might. */
  public volatile boolean refuseTokenEchoingIt;

  /** How long a problem stays IN_PROGRESS before its sampling starts; long, to cancel one while it runs. */
  public void setRunTime(java.time.Duration time) {
    runTimeMillis = time.toMillis();
  }

  /** How long reading a COMPLETED problem's answer takes; long, to cancel while the answer is fetched. */
  public void setAnswerDelay(java.time.Duration delay) {
    answerDelayMillis = delay.toMillis();
  }

  /** How long each upload part takes to be accepted; long, to cancel during a hybrid upload. */
  public void setPartDelay(java.time.Duration delay) {
    partDelayMillis = delay.toMillis();
  }

  /** Problems SAPI has accepted so far. */
  public int problemsAccepted() {
    return problems.size();
  }

  /** Upload requests seen ({@code bqm/multipart} opens, parts, status, combine). */
  public long uploadRequests() {
    return requestLog.stream().filter(r -> r.contains("/bqm/multipart")).count();
  }

  /** The status SAPI holds for {@code id}, or null. */
  public String statusOf(String id) {
    ObjectNode s = problems.get(id);
    if (s == null) {
      return null;
    }
    synchronized (s) {
      return s.path("status").asText();
    }
  }

  /** Requests for problem {@code id} (status polls, answer reads, cancels) seen so far. */
  public long requestsFor(String id) {
    return requestLog.stream().filter(r -> r.contains("/problems/" + id)).count();
  }
  volatile String lastUploadChecksumVerified;

  private static final class Upload {
    final long size;
    final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
    volatile byte[] combined;

    Upload(long size) {
      this.size = size;
    }
  }

  public MockSapi(String token, int pegasusSize) {
    this.token = token;
    this.pegasusSize = pegasusSize;
    this.qpu = pegasusSolver("Advantage_mock", pegasusSize);
    this.hybrid = hybridSolver();
  }

  public int start() {
    Router router = Router.router(vertx);
    router.route().handler(this::authorise);
    router.route().handler(BodyHandler.create().setBodyLimit(64 << 20));
    router.get("/sapi/v2/solvers/remote/").handler(ctx -> {
      Runnable hook = onSolverListing;
      if (hook != null) {
        hook.run();
      }
      reply(ctx, 200, SapiMediaTypes.SOLVER_LIST, JSON.createArrayNode().add(qpu).add(hybrid));
    });
    router.post("/sapi/v2/problems/").handler(this::submit);
    router.getWithRegex("/sapi/v2/problems/([^/]+)/?").handler(this::problemStatus);
    router.deleteWithRegex("/sapi/v2/problems/([^/]+)/?").handler(this::cancel);
    router.post("/sapi/v2/bqm/multipart").handler(this::openUpload);
    router.put("/sapi/v2/bqm/multipart/:id/part/:n").handler(this::putPart);
    router.get("/sapi/v2/bqm/multipart/:id/status").handler(this::uploadStatus);
    router.post("/sapi/v2/bqm/multipart/:id/combine").handler(this::combine);
    server = vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(true)
        .setCompressionSupported(true)).requestHandler(router).listen(0).await();
    return server.actualPort();
  }

  public String endpoint() {
    return "http://localhost:" + server.actualPort() + "/sapi/v2/";
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  // ---- the solvers

  static ObjectNode pegasusSolver(String name, int m) {
    TopologyGraph p = TopologyGraph.pegasus(m);
    ObjectNode s = JSON.createObjectNode();
    s.putObject("identity").put("name", name).putObject("version").put("graph_id", "pegasus-" + m);
    s.put("status", "ONLINE").put("description", "mock Advantage QPU").put("avg_load", 0.1);
    ObjectNode props = s.putObject("properties");
    props.put("category", "qpu").put("num_qubits", p.nominalQubits());
    props.putObject("topology").put("type", "pegasus").putArray("shape").add(m);
    props.putArray("supported_problem_types").add("qubo").add("ising");
    props.putArray("h_range").add(-4.0).add(4.0);
    props.putArray("j_range").add(-1.0).add(1.0);
    props.putArray("num_reads_range").add(1).add(10000);
    props.putArray("annealing_time_range").add(0.5).add(2000.0);
    props.putArray("problem_run_duration_range").add(0.0).add(1000000.0);
    props.put("default_programming_thermalization", 1000.0).put("default_readout_thermalization", 0.0);
    ObjectNode params = props.putObject("parameters");
    for (String param : List.of("num_reads", "annealing_time", "answer_mode", "auto_scale", "label")) {
      params.put(param, "…");
    }
    ArrayNode qubits = props.putArray("qubits");
    for (int q : p.nodes()) {
      qubits.add(q);
    }
    ArrayNode couplers = props.putArray("couplers");
    for (int[] e : p.edges()) {
      couplers.addArray().add(e[0]).add(e[1]);
    }
    return s;
  }

  private static ObjectNode hybridSolver() {
    ObjectNode s = JSON.createObjectNode();
    s.putObject("identity").put("name", "hybrid_binary_quadratic_model_version2");
    s.put("status", "ONLINE").put("avg_load", 0.0);
    ObjectNode props = s.putObject("properties");
    props.put("category", "hybrid");
    props.putArray("supported_problem_types").add("bqm");
    props.putObject("parameters").put("time_limit", "…");
    ArrayNode table = props.putArray("minimum_time_limit");
    table.addArray().add(1).add(1.0);
    table.addArray().add(1024).add(2.0);
    table.addArray().add(4096).add(4.0);
    table.addArray().add(8192).add(16.0);
    props.put("maximum_number_of_variables", 1_000_000);
    return s;
  }

  // ---- plumbing

  private void authorise(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    requestLog.add(r.method() + " " + r.uri());
    if (!token.equals(r.getHeader("X-Auth-Token"))) {
      error(ctx, 401, "Invalid token or access denied");
      return;
    }
    if (refuseTokenEchoingIt) {
      error(ctx, 401, "Invalid token or access denied: token " + r.getHeader("X-Auth-Token") + " has expired");
      return;
    }
    if (rateLimitNext > 0) {
      rateLimitNext--;
      rateLimited.incrementAndGet();
      ctx.response().putHeader("Retry-After", "1");
      error(ctx, 429, "API request rate exceeds the permissible limit");
      return;
    }
    String accept = r.getHeader("Accept");
    if (accept != null && accept.contains("version=") && !accept.contains("version=3.")) {
      error(ctx, 406, "unsupported API version in Accept: " + accept);
      return;
    }
    ctx.next();
  }

  private static void reply(RoutingContext ctx, int status, String mediaType, JsonNode body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", mediaType == null ? "application/json" : mediaType + "; version=3.0.0")
        .putHeader("Cache-Control", "no-store")
        .end(body.toString());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(JSON.createObjectNode().put("error_code", status).put("error_msg", message).toString());
  }

  // ---- problems

  private void submit(RoutingContext ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().buffer().getBytes());
    } catch (IOException e) {
      error(ctx, 400, "problem body is not JSON");
      return;
    }
    ArrayNode replies = JSON.createArrayNode();
    for (JsonNode job : body.isArray() ? body : JSON.createArrayNode().add(body)) {
      replies.add(accept(job));
    }
    reply(ctx, 200, SapiMediaTypes.PROBLEMS, body.isArray() ? replies : replies.get(0));
  }

  /** Validates one job and starts it, or returns SAPI's per-item error. */
  private ObjectNode accept(JsonNode job) {
    String solver = job.path("solver").path("name").asText(job.path("solver").asText());
    String format = job.path("data").path("format").asText();
    Runnable work;
    if (solver.equals(qpu.path("identity").path("name").asText()) && format.equals("qp")) {
      String invalid = validateQp(job);
      if (invalid != null) {
        return itemError(invalid);
      }
      work = () -> {};
    } else if (solver.equals(hybrid.path("identity").path("name").asText()) && format.equals("ref")) {
      if (!job.path("params").has("time_limit")) {
        return itemError("Problems with 'bqm' type must provide the 'time_limit' param");
      }
      Upload u = uploads.get(job.path("data").path("data").asText());
      if (u == null || u.combined == null) {
        return itemError("problem data " + job.path("data").path("data").asText() + " not found");
      }
      work = () -> {};
    } else {
      return itemError("solver " + solver + " does not take format " + format);
    }
    String id = UUID.randomUUID().toString();
    ObjectNode status = JSON.createObjectNode().put("id", id).put("status", "PENDING")
        .put("type", job.path("type").asText()).put("submitted_on", java.time.Instant.now().toString());
    status.set("solver", job.path("solver"));
    status.set("label", job.path("label"));
    problems.put(id, status);
    String failure = failNextProblemWith;
    failNextProblemWith = null;
    vertx.setTimer(runDelayMillis, t -> {
      if (!transition(id, "PENDING", "IN_PROGRESS")) {
        return;
      }
      vertx.setTimer(Math.max(1, runTimeMillis), r -> vertx.executeBlocking(() -> failure != null ? null
          : format.equals("qp") ? sampleQp(job) : sampleHybrid(job), false).onComplete(done -> {
            ObjectNode s = problems.get(id);
            synchronized (s) {
              if (!s.path("status").asText().equals("IN_PROGRESS")) {
                return; // cancelled meanwhile
              }
              s.put("solved_on", java.time.Instant.now().toString());
              if (failure != null || done.failed()) {
                s.put("status", "FAILED").put("error_message",
                    failure != null ? failure : "Internal SAPI Error: " + done.cause());
              } else {
                s.put("status", "COMPLETED");
                s.set("answer", done.result());
              }
            }
            wake(id);
          }));
    });
    work.run();
    return status.deepCopy();
  }

  private static ObjectNode itemError(String message) {
    return JSON.createObjectNode().put("error_code", 400).put("error_msg", message);
  }

  private boolean transition(String id, String from, String to) {
    ObjectNode s = problems.get(id);
    synchronized (s) {
      if (!s.path("status").asText().equals(from)) {
        return false;
      }
      s.put("status", to);
    }
    wake(id);
    return true;
  }

  private void wake(String id) {
    List<Runnable> parked = waiters.remove(id);
    if (parked != null) {
      vertx.runOnContext(v -> parked.forEach(Runnable::run));
    }
  }

  private String validateQp(JsonNode job) {
    JsonNode props = qpu.path("properties");
    for (var it = job.path("params").fieldNames(); it.hasNext(); ) {
      String p = it.next();
      if (!props.path("parameters").has(p) && !p.startsWith("x_")) {
        return "unsupported nonstandard parameter '" + p + "'";
      }
    }
    int reads = job.path("params").path("num_reads").asInt(1);
    if (reads < 1 || reads > props.path("num_reads_range").get(1).asInt()) {
      return "num_reads " + reads + " is out of range";
    }
    double[] lin = QpCodec.doubles(job.path("data").path("lin").asText());
    double[] quad = QpCodec.doubles(job.path("data").path("quad").asText());
    JsonNode qubits = props.path("qubits");
    if (lin.length != qubits.size()) {
      return "lin has " + lin.length + " values for " + qubits.size() + " qubits";
    }
    int expected = 0;
    Map<Integer, Integer> pos = new java.util.HashMap<>();
    for (int i = 0; i < qubits.size(); i++) {
      pos.put(qubits.get(i).asInt(), i);
    }
    for (JsonNode c : props.path("couplers")) {
      if (!Double.isNaN(lin[pos.get(c.get(0).asInt())]) && !Double.isNaN(lin[pos.get(c.get(1).asInt())])) {
        expected++;
      }
    }
    if (quad.length != expected) {
      return "quad has " + quad.length + " values for " + expected + " active couplers";
    }
    for (double h : lin) {
      if (!Double.isNaN(h) && (h < -4 || h > 4)) {
        return "h value " + h + " is out of range [-4, 4]";
      }
    }
    for (double j : quad) {
      if (j < -1 || j > 1) {
        return "J value " + j + " is out of range [-1, 1]";
      }
    }
    return null;
  }

  /** Samples the submitted problem, over its active qubits, with simulated annealing. */
  private JsonNode sampleQp(JsonNode job) {
    JsonNode props = qpu.path("properties");
    double[] lin = QpCodec.doubles(job.path("data").path("lin").asText());
    double[] quad = QpCodec.doubles(job.path("data").path("quad").asText());
    JsonNode qubits = props.path("qubits");
    List<Integer> active = new ArrayList<>();
    Map<Integer, Integer> denseOf = new java.util.HashMap<>();
    for (int i = 0; i < lin.length; i++) {
      if (!Double.isNaN(lin[i])) {
        denseOf.put(qubits.get(i).asInt(), active.size());
        active.add(qubits.get(i).asInt());
      }
    }
    Ising.Builder b = Ising.builder(active.size());
    for (int i = 0, a = 0; i < lin.length; i++) {
      if (!Double.isNaN(lin[i])) {
        b.addLinear(a++, lin[i]);
      }
    }
    int k = 0;
    for (JsonNode c : props.path("couplers")) {
      Integer x = denseOf.get(c.get(0).asInt());
      Integer y = denseOf.get(c.get(1).asInt());
      if (x != null && y != null) {
        b.addQuadratic(x, y, quad[k++]);
      }
    }
    Ising model = b.build();
    int reads = job.path("params").path("num_reads").asInt(1);
    SampleSet set = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(reads).withSweeps(2000)
        .withSeed(7)).solve(model, RunControl.defaults().withThreads(1));
    int[] act = active.stream().mapToInt(Integer::intValue).toArray();
    List<Sample> rows = set.samples();
    byte[][] spins = new byte[rows.size()][];
    double[] energies = new double[rows.size()];
    int[] occ = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      spins[r] = rows.get(r).values();
      energies[r] = rows.get(r).energy(); // the model has no offset: SAPI's energies exclude it
      occ[r] = rows.get(r).occurrences();
    }
    ObjectNode answer = QpCodec.encodeAnswer(act, energies, occ, spins, props.path("num_qubits").asInt());
    answer.putObject("timing").put("qpu_access_time", 8550.28).put("qpu_sampling_time", 100.0 * reads)
        .put("qpu_programming_time", 15000.0);
    return answer;
  }

  /** Reads the uploaded DIMODBQM file (checking its layout) and answers in {@code bq} with SA samples. */
  private JsonNode sampleHybrid(JsonNode job) {
    byte[] file = uploads.get(job.path("data").path("data").asText()).combined;
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    in.get(magic);
    if (!new String(magic, StandardCharsets.US_ASCII).equals("DIMODBQM") || in.get() != 2 || in.get() != 0) {
      throw new IllegalArgumentException("not a DIMODBQM v2 file");
    }
    int headerLength = in.getInt();
    if ((14 + headerLength) % 64 != 0) {
      throw new IllegalArgumentException("header not padded to 64 bytes");
    }
    byte[] headerBytes = new byte[headerLength];
    in.get(headerBytes);
    JsonNode header;
    try {
      header = JSON.readTree(headerBytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    int n = header.path("shape").get(0).asInt();
    long m = header.path("shape").get(1).asLong();
    double offset = in.getDouble();
    int[] start = new int[n];
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      start[i] = in.getInt();
      b.addLinear(i, in.getDouble());
    }
    long entries = 0;
    for (int i = 0; i < n; i++) {
      int end = i + 1 < n ? start[i + 1] : (int) (2 * m);
      for (int e = start[i]; e < end; e++, entries++) {
        int j = in.getInt();
        double bias = in.getDouble();
        if (j > i) {
          b.addQuadratic(i, j, bias);
        }
      }
    }
    if (entries != 2 * m || in.hasRemaining()) {
      throw new IllegalArgumentException("DIMODBQM body does not match its header");
    }
    Ising model = b.addOffset(offset).build();
    SampleSet set = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(1).withSweeps(200)
        .withSeed(3)).solve(model, RunControl.defaults().withThreads(1));
    Sample best = set.best();
    int words = (n + 31) / 32;
    ArrayNode packed = JSON.createArrayNode();
    ArrayNode row = packed.addArray();
    long[] w = new long[words];
    for (int j = 0; j < n; j++) {
      if (best.values()[j] > 0) {
        w[j / 32] |= 1L << (j % 32);
      }
    }
    for (long x : w) {
      row.add(x);
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("type", "SampleSet").put("num_variables", n).put("num_rows", 1);
    data.putObject("sample_data").put("type", "array").put("data_type", "uint32").set("data", packed);
    data.put("sample_type", "int8").put("sample_packed", true).put("variable_type", "SPIN");
    ObjectNode vectors = data.putObject("vectors");
    vectors.putObject("energy").putArray("data").add(best.energy());
    vectors.putObject("num_occurrences").putArray("data").add(1);
    ArrayNode labels = data.putArray("variable_labels");
    for (int j = 0; j < n; j++) {
      labels.add(j);
    }
    data.putObject("info").put("qpu_access_time", 100).put("run_time", 1000);
    ObjectNode answer = JSON.createObjectNode().put("format", "bq");
    answer.set("data", data);
    return answer;
  }

  private void problemStatus(RoutingContext ctx) {
    String id = ctx.pathParam("param0");
    ObjectNode s = problems.get(id);
    if (s == null) {
      error(ctx, 404, "Problem does not exist or apikey not authorized to access it");
      return;
    }
    int timeout = Integer.parseInt(ctx.request().getParam("timeout", "0"));
    Runnable answer = () -> {
      if (!ctx.response().ended()) {
        synchronized (s) {
          reply(ctx, 200, SapiMediaTypes.PROBLEM, s.deepCopy());
        }
      }
    };
    boolean answerRead = !ctx.request().uri().contains("timeout=") && "COMPLETED".equals(statusOf(id));
    if (answerRead) {
      answerReadsStarted.incrementAndGet();
      if (answerDelayMillis > 0) {
        vertx.setTimer(answerDelayMillis, t -> answer.run());
        return;
      }
    }
    if (timeout <= 0 || terminal(s)) {
      answer.run();
      return;
    }
    // long-poll: park until the problem changes or the timeout passes
    long timer = vertx.setTimer(timeout * 1000L, t -> answer.run());
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(() -> {
      vertx.cancelTimer(timer);
      answer.run();
    });
  }

  private static boolean terminal(ObjectNode s) {
    synchronized (s) {
      return Set.of("COMPLETED", "FAILED", "CANCELLED").contains(s.path("status").asText());
    }
  }

  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("param0");
    ObjectNode s = problems.get(id);
    if (s == null) {
      error(ctx, 404, "Problem does not exist");
      return;
    }
    synchronized (s) {
      cancelRequests.add(id + " " + s.path("status").asText());
      if (terminal(s)) {
        error(ctx, 409, "Problem has already terminated");
        return;
      }
      s.put("status", "CANCELLED");
    }
    wake(id);
    synchronized (s) {
      reply(ctx, 202, SapiMediaTypes.PROBLEM, s.deepCopy());
    }
  }

  // ---- multipart upload

  private void openUpload(RoutingContext ctx) {
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Upload(ctx.body().asJsonObject().getLong("size")));
    reply(ctx, 200, null, JSON.createObjectNode().put("id", id));
  }

  private void putPart(RoutingContext ctx) {
    Upload u = uploads.get(ctx.pathParam("id"));
    if (u == null) {
      error(ctx, 404, "upload not found");
      return;
    }
    byte[] part = ctx.body().buffer().getBytes();
    String md5 = Base64.getEncoder().encodeToString(md5(part));
    if (!md5.equals(ctx.request().getHeader("Content-MD5"))) {
      error(ctx, 400, "Content-MD5 does not match the part");
      return;
    }
    u.parts.put(Integer.parseInt(ctx.pathParam("n")), part);
    partsStarted.incrementAndGet();
    if (partDelayMillis > 0) {
      vertx.setTimer(partDelayMillis, t -> reply(ctx, 200, null, JSON.createObjectNode()));
      return;
    }
    reply(ctx, 200, null, JSON.createObjectNode());
  }

  private void uploadStatus(RoutingContext ctx) {
    Upload u = uploads.get(ctx.pathParam("id"));
    ObjectNode s = JSON.createObjectNode().put("status", u.combined == null ? "UPLOAD_IN_PROGRESS" : "UPLOAD_COMPLETED");
    ArrayNode parts = s.putArray("parts");
    u.parts.forEach((n, bytes) -> parts.addObject().put("part_number", n)
        .put("checksum", "\"" + HexFormat.of().formatHex(md5(bytes)) + "\"")); // SAPI's stray quotes
    reply(ctx, 200, null, s);
  }

  private void combine(RoutingContext ctx) {
    Upload u = uploads.get(ctx.pathParam("id"));
    MessageDigest digest = md5Digest();
    Buffer all = Buffer.buffer();
    for (int n = 1; n <= u.parts.size(); n++) {
      byte[] part = u.parts.get(n);
      digest.update(md5(part));
      all.appendBytes(part);
    }
    String expected = HexFormat.of().formatHex(digest.digest());
    String given = ctx.body().asJsonObject().getString("checksum");
    if (!expected.equals(given) || all.length() != u.size) {
      error(ctx, 400, "checksum or size mismatch: expected " + expected + " over " + u.size + " bytes");
      return;
    }
    u.combined = all.getBytes();
    lastUploadChecksumVerified = expected;
    reply(ctx, 200, null, JSON.createObjectNode());
  }

  private static byte[] md5(byte[] data) {
    return md5Digest().digest(data);
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
