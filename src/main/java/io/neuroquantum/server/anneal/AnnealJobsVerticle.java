package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.hardware.HardwareBackends;
import io.neuroquantum.annealing.localsearch.PostProcessed;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solve.ConfiguredSolver;
import io.neuroquantum.annealing.solve.SolveReport;
import io.neuroquantum.annealing.solve.SolverRequest;
import io.neuroquantum.annealing.solvers.CancellationToken;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.TemperingCoordinator;
import io.neuroquantum.annealing.solvers.TemperingStats;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.cluster.ClusterNode;
import io.neuroquantum.server.hardware.BackendAdapterVerticle;
import io.neuroquantum.server.hardware.HardwareAdapters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Annealing jobs: accepts them on {@code nq.anneal.submit} (the REST endpoint forwards there), runs
 * at most {@code anneal.max_running} at a time on its own worker pool with at most
 * {@code anneal.max_queued} waiting, publishes progress on {@code anneal:<job_id>} at a bounded rate
 * and the final result there too, and keeps every job in the job store. Cancelling keeps the best
 * answer found so far. Nothing here blocks an event loop: parsing, solving and the store run on
 * workers.
 *
 * <p>A job is held to {@link JobLimits} before anything is built for it (sizes, work, memory, time,
 * workers: 400 naming the bound), always runs under a time limit, and ends {@code failed} with a
 * reason on any exception or Error, an OutOfMemoryError included, never stays {@code running}. Its
 * channel is claimed for its owner before the submit is answered, so that the owner, and only the
 * owner, can subscribe to it (the {@code anneal} namespace is {@code owner_only}); a job submitted on
 * the bus without an owner belongs to no WebSocket user, and its submitter follows it on the bus
 * mirror {@code nq.channel.anneal:<job_id>}.
 *
 * <p><b>In a cluster</b> (docs/anneal-jobs.md) a job runs on the node that accepted it, under that
 * node's limits, and its record names that node. With a shared store (PostgreSQL) every node reads
 * and lists every job from the store, and a cancel taken by another node is forwarded to
 * {@code nq.internal.anneal.cancel.<node>}. When a member leaves, every survivor asks the store to
 * end the queued and running jobs of nodes no longer in the cluster as {@code interrupted}; the
 * store's conditional update lets exactly one of them do it, and that one publishes the ending on
 * each job's channel. With an H2 file in a cluster jobs stay per node (a warning says so).
 */
public final class AnnealJobsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AnnealJobsVerticle.class);
  /** A forwarded cancel is answered once the job's best answer is stored: within a sweep, but give it time. */
  private static final DeliveryOptions FORWARD = new DeliveryOptions().setSendTimeout(55_000);
  /** A job's hardware run goes to this node's adapter, the one its {@code hardware.backends} deployed. */
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final ClusterNode cluster;
  private String nodeId;
  private JobStore store;
  private WorkerExecutor solvers;
  private WorkerExecutor preparers;
  private JobLimits limits;
  private final int threads = RunControl.defaults().threads();
  private int maxRunning;
  private int maxQueued;
  private int maxPerUser;
  private long progressIntervalMs;
  private long bestSoFarIntervalMs;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong heldBytes = new AtomicLong();   // estimated memory of queued and running jobs
  private final Map<String, Integer> perOwner = new ConcurrentHashMap<>();   // queued and running jobs of each owner
  private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
  /** The hardware jobs running here, by id: their backend's name, where a cancel is passed on to. */
  private final Map<String, String> hardwareRuns = new ConcurrentHashMap<>();
  private List<String> hardwareBackends;
  private long hardwareTimeoutMs;
  private volatile boolean stopping;

  /** A submitted job while it is queued or running; {@code state} decides a cancel/start race (owner null: none). */
  private record RunningJob(String owner, CancellationToken token, Promise<Void> done, AtomicInteger state,
      long heldBytes, java.util.concurrent.atomic.AtomicBoolean released) {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int CANCELLED_BEFORE_START = 2;
  }

  /** @param cluster this node's cluster, or null for a single node */
  public AnnealJobsVerticle(ClusterNode cluster) {
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("anneal", new JsonObject());
    maxRunning = conf.getInteger("max_running", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    maxQueued = conf.getInteger("max_queued", 16);
    // one user's jobs may fill at most this many of the running and queued places, so the others keep room
    maxPerUser = conf.getInteger("max_jobs_per_user", Math.max(1, (maxRunning + maxQueued) / 4));
    limits = JobLimits.fromConfig(conf);
    progressIntervalMs = conf.getLong("progress_interval_ms", 250L);
    bestSoFarIntervalMs = conf.getLong("best_so_far_interval_ms", 1000L);
    hardwareBackends = HardwareAdapters.configured(config());
    // a vendor's queue may hold a task for hours (Aquila runs in windows): how long a job waits for it
    hardwareTimeoutMs = conf.getLong("hardware_timeout_ms", 3_600_000L);
    nodeId = cluster == null ? UUID.randomUUID().toString() : cluster.memberId();
    solvers = vertx.createSharedWorkerExecutor("nq-anneal", maxRunning, 365, java.util.concurrent.TimeUnit.DAYS);
    // parsing builds models, and a model within the bounds can take ~100 MB while it is built: one
    // at a time by default, so that simultaneous submits cannot build many at once
    preparers = vertx.createSharedWorkerExecutor("nq-anneal-prepare", conf.getInteger("prepare_threads", 1));
    // replica workers live as long as this verticle, one set per node, for pt jobs of any node
    int cores = Runtime.getRuntime().availableProcessors();
    Future<ReplicaWorkers> replicas = ReplicaWorkers.deploy(vertx, conf.getInteger("replica_workers", cores),
        conf.getLong("replica_idle_timeout_ms", 600_000L));
    return replicas.compose(r -> JobStore.open(vertx, config())).compose(opened -> {
      store = opened;
      if (sharedAcrossCluster()) {
        // Hazelcast removes a killed member as soon as a reconnect is refused, a silent one after
        // hazelcast.max.no.heartbeat.seconds (ClusterSettings): the bound on marking its jobs
        cluster.onMemberLeft(context, this::onNodeLeft);
      } else if (cluster != null) {
        LOG.warn("anneal.store is h2 in a cluster: this node's job records are its own, so other nodes cannot read, "
            + "list or cancel its jobs, nor mark them interrupted if it dies; set anneal.store to postgres to share them");
      }
      // jobs of a previous run of this node, or of nodes that died while no one was watching
      return interruptOrphans("the server stopped while the job was queued or running");
    }).compose(v -> Future.all(List.of(
        vertx.eventBus().<JsonObject>consumer(Addresses.ANNEAL_SUBMIT, this::onSubmit).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.ANNEAL_CANCEL, this::onCancel).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.annealCancelOn(nodeId), this::onForwardedCancel).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANNEAL_SUBMIT_LOCAL, this::onSubmit).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANNEAL_CANCEL_LOCAL, this::onCancel).completion(),
        // reads go to this node's store: with PostgreSQL that is every node's
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANNEAL_GET, this::onGet).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANNEAL_LIST, this::onList).completion())));
  }

  /** Whether other nodes read this node's records: a cluster with PostgreSQL. */
  private boolean sharedAcrossCluster() {
    return cluster != null && store.shared();
  }

  /** The nodes that may still run jobs: the cluster's members with a shared store, this node alone with its own file. */
  private Set<String> liveNodes() {
    return sharedAcrossCluster() ? cluster.memberIds() : Set.of(nodeId);
  }

  /**
   * Ends the queued and running jobs of nodes that are gone, and tells their followers. Every node
   * does this at start and on every departure; the store lets one caller end each job.
   */
  private Future<Void> interruptOrphans(String reason) {
    Instant now = Instant.now();
    return store.interruptOrphans(liveNodes(), now, reason).map(ended -> {
      for (JobRecord job : ended) {
        publish(job.id(), resultEvent(job.id(), JobRecord.INTERRUPTED, job.bestEnergy(), null, job.error()));
      }
      if (!ended.isEmpty()) {
        LOG.info("{} job(s) of departed nodes marked interrupted: {}", ended.size(), reason);
      }
      return null;
    });
  }

  /** A member left: the members now (not the event's, which may be older) say whose jobs are orphans. */
  private void onNodeLeft(String left) {
    if (stopping) {
      return;   // the listener outlives the verticle (Hazelcast keeps it until the member shuts down)
    }
    // one reason for every orphan the sweep finds (several nodes may have left): the record names its node
    interruptOrphans("the node running the job (its record's node) left the cluster while the job was queued or running")
        .onFailure(e -> LOG.warn("the jobs of departed node {} could not be marked interrupted here: {}", left, e.toString()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> running = new ArrayList<>();
    for (RunningJob job : jobs.values()) {
      job.token().cancel();
      running.add(job.done().future());
    }
    return Future.join(running).timeout(10, java.util.concurrent.TimeUnit.SECONDS).otherwiseEmpty()
        .compose(v -> store == null ? Future.succeededFuture() : store.close())
        .eventually(() -> Future.join(solvers.close(), preparers.close()));
  }

  // ---- submit ----------------------------------------------------------------------------------

  private void onSubmit(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body == null) {
      msg.fail(400, "invalid_job: the body must be a JSON object");
      return;
    }
    String backend = body.getValue("backend", HardwareBackends.SIMULATED) instanceof String b ? b : "";
    String refusal = HardwareJob.refusal(backend, hardwareBackends);
    if (refusal != null) {
      msg.fail(400, "unsupported_backend: " + refusal);
      return;
    }
    // REST always names the caller; a bus service may name an owner or none (then no WebSocket user
    // can subscribe: it follows the job on the bus mirror)
    String owner = body.getValue("owner") instanceof String o ? o : null;
    if (!admit(owner)) {
      msg.fail(429, "too_many_jobs: " + owner + " has " + maxPerUser
          + " jobs queued or running (anneal.max_jobs_per_user); try again when one has ended");
      return;
    }
    if (active.incrementAndGet() > maxRunning + maxQueued) {
      active.decrementAndGet();
      release(owner);
      msg.fail(429, "queue_full: " + maxRunning + " jobs running and " + maxQueued + " waiting");
      return;
    }
    String id = UUID.randomUUID().toString();
    if (!backend.equals(HardwareBackends.SIMULATED)) {
      submitToHardware(msg, id, owner, backend, body);
      return;
    }
    JsonObject solverSpec = body.getValue("solver") instanceof JsonObject s ? s.copy() : null;
    JsonObject problemSpec = body.getValue("problem") instanceof JsonObject p ? p : null;
    Object numSamples = body.getValue("num_samples");
    preparers.<Prepared>executeBlocking(() -> prepare(problemSpec, solverSpec, numSamples), false).onComplete(prepared -> {
      if (prepared.failed()) {
        active.decrementAndGet();
        release(owner);
        Throwable e = prepared.cause();
        boolean invalid = e instanceof InvalidModelException || e instanceof IllegalArgumentException;
        msg.fail(invalid ? 400 : 500, (invalid ? "invalid_job: " : "job_failed: ") + JobFailures.reason(e));
        return;
      }
      Prepared job = prepared.result();
      if (heldBytes.addAndGet(job.heldBytes()) > limits.maxJobsMemoryBytes()) {
        heldBytes.addAndGet(-job.heldBytes());
        active.decrementAndGet();
        release(owner);
        msg.fail(429, "jobs_memory_full: the queued and running jobs hold anneal.max_jobs_memory_bytes = "
            + limits.maxJobsMemoryBytes() + " bytes with this one; try again when one has ended");
        return;
      }
      claim(id, owner).compose(v -> store.insert(id, owner, job.problem().type(), job.solver().name(), nodeId))
          .onComplete(accepted -> {
        if (accepted.failed()) {
          heldBytes.addAndGet(-job.heldBytes());
          active.decrementAndGet();
          release(owner);
          msg.fail(500, "job_failed: " + JobFailures.reason(accepted.cause()));
          return;
        }
        msg.reply(new JsonObject().put("job_id", id).put("channel", channel(id)));
        schedule(id, owner, job);
      });
    });
  }

  /** Counts a job against its owner's share of the queue; a job without an owner (a bus service's) is not counted. */
  private boolean admit(String owner) {
    if (owner == null) {
      return true;
    }
    int[] admitted = {0};
    perOwner.compute(owner, (o, n) -> {
      int now = n == null ? 0 : n;
      if (now >= maxPerUser) {
        return n;
      }
      admitted[0] = 1;
      return now + 1;
    });
    return admitted[0] == 1;
  }

  private void release(String owner) {
    if (owner != null) {
      perOwner.computeIfPresent(owner, (o, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Queues an accepted job on the solver pool; what it holds is released when it has ended. */
  private void schedule(String id, String owner, Prepared prepared) {
    RunningJob job = new RunningJob(owner, new CancellationToken(), Promise.promise(),
        new AtomicInteger(RunningJob.QUEUED), prepared.heldBytes(), new java.util.concurrent.atomic.AtomicBoolean());
    jobs.put(id, job);
    solvers.executeBlocking(() -> {
      run(id, job, prepared);
      return null;
    }, false).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("job {} could not be recorded as ended", id, done.cause());
      }
      jobs.remove(id);
      giveBackPlace(job);
      job.done().tryComplete();
    });
  }

  /**
   * Gives back a job's place in the queue, its memory estimate and its owner's share, once: when it has
   * ended, or at once when it is cancelled before it started (its task then waits in the pool's queue
   * only to be skipped, and should not keep anyone from submitting).
   */
  private void giveBackPlace(RunningJob job) {
    if (job.released().compareAndSet(false, true)) {
      heldBytes.addAndGet(-job.heldBytes());
      active.decrementAndGet();
      release(job.owner());
    }
  }

  /**
   * Checks and builds a job, cheapest checks first: the solver's time limit and worker count, then
   * the problem's size (before its model is built), then the solve's work and memory (before it runs).
   */
  private Prepared prepare(JsonObject problemSpec, JsonObject solverSpec, Object numSamples) {
    int listed = listedSamples(numSamples);
    Duration timeLimit = limits.timeLimit(solverSpec);
    SolverRequest request = JobSolvers.check(solverSpec);
    int workers = request.workers();
    limits.checkWorkers(workers);
    EncodedProblem problem = JobProblems.parse(problemSpec, limits);
    ConfiguredSolver solver = JobSolvers.build(request, problem);
    JobCost.Run run = JobCost.run(solver.solver(), problem.model(), Math.max(threads, workers));
    limits.check(run);
    JobSolvers.checkDistributable(workers, problem, solver.solver());
    long held = JobCost.plus(JobCost.of(problem.model()).modelBytes(), run.memoryBytes());
    limits.checkHeld(held);
    return new Prepared(problem, solver, workers, timeLimit, held, listed);
  }

  /** The job's channel becomes its owner's before the submit is answered, so the owner can subscribe at once. */
  private Future<Void> claim(String id, String owner) {
    if (owner == null) {
      return Future.succeededFuture();   // an unclaimed owner-only channel admits no subscriber
    }
    return vertx.eventBus().request(Addresses.CHANNELS_CLAIM, new JsonObject().put("channel", channel(id))
        .put("owner", owner)).mapEmpty();
  }

  /** A checked and parsed job; {@code workers} &gt; 0 spreads pt's replicas over that many worker verticles. */
  private record Prepared(EncodedProblem problem, ConfiguredSolver solver, int workers, Duration timeLimit, long heldBytes,
      int listedSamples) {
  }

  /**
   * The request's {@code num_samples}, as {@code solve --num-samples K / --all}: absent lists none (0),
   * a positive integer the K lowest distinct samples, {@code "all"} every one.
   */
  static int listedSamples(Object value) {
    if (value == null) {
      return 0;
    }
    if ("all".equals(value)) {
      return Integer.MAX_VALUE;
    }
    if (value instanceof Integer k && k > 0 || value instanceof Long l && l > 0 && l <= Integer.MAX_VALUE) {
      return ((Number) value).intValue();
    }
    throw new IllegalArgumentException("num_samples must be a positive integer or \"all\", found " + value);
  }

  private static String channel(String id) {
    return "anneal:" + id;
  }

  /**
   * On a solver worker: runs the job to its end and records and publishes the outcome. Whatever is
   * thrown, an Error included, ends the job {@code failed} with a reason: a job left {@code running}
   * would never end.
   */
  private void run(String id, RunningJob job, Prepared p) throws Exception {
    if (!job.state().compareAndSet(RunningJob.QUEUED, RunningJob.RUNNING)) {
      return;   // cancelled while queued: recorded by the cancel
    }
    try {
      solve(id, job, p);
    } catch (RuntimeException | Error e) {
      LOG.warn("job {} failed: {}", id, e.toString());
      Blocking.await(finish(id, "failed", null, null, JobFailures.reason(e)));
    }
  }

  private void solve(String id, RunningJob job, Prepared p) throws Exception {
    if (job.token().isCancelled()) {
      Blocking.await(finish(id, "interrupted", null, null, "the server stopped before the job started"));
      return;
    }
    if (!Blocking.await(store.started(id))) {
      return;   // ended meanwhile: this node was taken for gone and its jobs marked interrupted
    }
    BestSoFar bestSoFar = new BestSoFar(store, id, bestSoFarIntervalMs);
    publish(id, new JsonObject().put("type", "started").put("job_id", id).put("solver", p.solver().name()));
    // pt hands over its coordinator; progress is reported on the coordinator's own thread, so reading
    // its statistics there is safe
    AtomicReference<TemperingCoordinator> live = new AtomicReference<>();
    RunControl control = RunControl.defaults().withCancellation(job.token()).withTimeLimit(p.timeLimit())
        .withProgress(progress -> {
          JsonObject event = new JsonObject().put("type", "progress").put("job_id", id)
              .put("sweeps_done", progress.sweepsDone()).put("total_sweeps", progress.totalSweeps())
              .put("best_energy", finite(progress.bestEnergy())).put("elapsed_ms", progress.elapsedNanos() / 1_000_000);
          TemperingCoordinator coordinator = live.get();
          if (coordinator != null) {
            TemperingStats now = coordinator.stats();
            JsonArray swaps = new JsonArray();
            for (double a : now.swapAcceptance()) {
              swaps.add(a);
            }
            event.put("swap_acceptance", swaps).put("round_trips", now.totalRoundTrips());
          }
          publish(id, event);
          bestSoFar.offer(progress.bestEnergy());
        }, Duration.ofMillis(progressIntervalMs));
    // where the solver runs is the server's business: pt hands over its coordinator for live swap
    // rates, pt and the multi-start strategy may run on worker verticles; post-processing follows here
    QuadraticModel model = p.problem().model();
    Solver solver = p.solver().solver();
    Solver core = JobSolvers.core(solver);
    SampleSet samples;
    JsonArray placement = null;
    if (core instanceof ParallelTempering pt) {
      if (p.workers() > 0) {
        DistributedTempering.Outcome outcome = DistributedTempering.run(vertx, pt, model, control, p.workers(), live::set);
        samples = outcome.result().samples();
        placement = outcome.placement();
      } else {
        samples = pt.run(model, control, live::set).samples();
      }
    } else if (core instanceof AdvancedAnnealing strategy && p.workers() > 0) {
      DistributedRuns.Outcome outcome = DistributedRuns.run(vertx, strategy, model, control, p.workers());
      samples = outcome.report().samples();
      placement = outcome.placement();
    } else {
      samples = core.solve(model, control);
    }
    if (solver instanceof PostProcessed post) {
      samples = post.finish(samples, model, control);
    }
    SolveReport report = SolveReport.of(p.problem(), p.solver(), samples, control.threads());
    if (p.listedSamples() > 0) {
      report.withSamples(samples.truncate(p.listedSamples()));
    }
    Answer answer = report.answer();
    JsonObject result = new JsonObject(report.toJson());
    if (placement != null) {
      result.put("replica_placement", placement);
    }
    String stop = samples.stats().stopReason();
    String status = SamplingStats.CANCELLED.equals(stop) ? (stopping ? "interrupted" : "cancelled") : "completed";
    Blocking.await(finish(id, status, answer.energy(), result, null));
  }

  /**
   * Records a job's end and announces it on its channel. A record that had already ended (this node
   * was taken for gone and the job marked interrupted) stays as it was, and nothing is announced.
   */
  private Future<Void> finish(String id, String status, Double energy, JsonObject result, String error) {
    return store.finished(id, status, energy, result, error).map(recorded -> {
      if (recorded) {
        publish(id, resultEvent(id, status, energy, result, error));
      } else {
        LOG.warn("job {} ended {} here, but its record had already ended (this node was taken for gone)", id, status);
      }
      return null;
    });
  }

  private static JsonObject resultEvent(String id, String status, Double energy, JsonObject result, String error) {
    JsonObject message = new JsonObject().put("type", "result").put("job_id", id).put("status", status)
        .put("best_energy", energy == null ? null : finite(energy));
    if (result != null) {
      message.put("result", result);
    }
    if (error != null) {
      message.put("error", error);
    }
    return message;
  }

  /**
   * To this node's channel manager, so a job's events are numbered in the order they happen: through
   * the cluster-wide nq.channels.publish, consecutive events went to different nodes' managers and
   * could overtake each other. A server publisher is paced by its interval, not refused when fan-out is behind.
   */
  private void publish(String id, JsonObject data) {
    vertx.eventBus().request(Addresses.CHANNELS_PUBLISH_LOCAL, new io.neuroquantum.server.channels.ChannelPublish(
            channel(id), data.toBuffer().getBytes(), null, null, List.of(), false, false))
        .onFailure(e -> LOG.debug("progress of job {} not published: {}", id, e.getMessage()));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  // ---- hardware jobs ---------------------------------------------------------------------------

  /**
   * A job for a vendor's machine: checked on a preparer, recorded, then run by this node's adapter over
   * the bus (it does not hold a solver worker while the vendor queues it). The vendor's states become
   * progress events on the job's channel.
   */
  private void submitToHardware(Message<JsonObject> msg, String id, String owner, String backend, JsonObject body) {
    JsonObject problemSpec = body.getValue("problem") instanceof JsonObject p ? p : null;
    Object hardwareSpec = body.getValue("hardware");
    RunningJob job = new RunningJob(owner, new CancellationToken(), Promise.promise(),
        new AtomicInteger(RunningJob.RUNNING), 0, new java.util.concurrent.atomic.AtomicBoolean());
    preparers.<HardwareJob>executeBlocking(() -> HardwareJob.prepare(backend, problemSpec, hardwareSpec, limits), false)
        .compose(prepared -> claim(id, owner).compose(v -> store.insert(id, owner, prepared.problemType(), backend, nodeId))
            .map(prepared))
        .onComplete(accepted -> {
          if (accepted.failed()) {
            giveBackPlace(job);
            Throwable e = accepted.cause();
            boolean invalid = e instanceof InvalidModelException || e instanceof IllegalArgumentException;
            msg.fail(invalid ? 400 : 500, (invalid ? "invalid_job: " : "job_failed: ") + JobFailures.reason(e));
            return;
          }
          msg.reply(new JsonObject().put("job_id", id).put("channel", channel(id)));
          jobs.put(id, job);
          hardwareRuns.put(id, backend);
          runOnHardware(id, job, accepted.result()).onComplete(done -> {
            if (done.failed()) {
              LOG.warn("hardware job {} could not be recorded as ended", id, done.cause());
            }
            hardwareRuns.remove(id);
            jobs.remove(id);
            giveBackPlace(job);
            job.done().tryComplete();
          });
        });
  }

  private Future<Void> runOnHardware(String id, RunningJob job, HardwareJob hw) {
    return store.started(id).compose(started -> {
      if (!started) {
        return Future.succeededFuture();   // ended meanwhile (this node was taken for gone)
      }
      publish(id, new JsonObject().put("type", "started").put("job_id", id).put("solver", hw.backend())
          .put("backend", hw.backend()));
      MessageConsumer<JsonObject> states = vertx.eventBus().localConsumer(
          BackendAdapterVerticle.address(hw.backend(), "progress." + id),
          m -> publish(id, new JsonObject().put("type", "progress").put("job_id", id)
              .put("vendor_state", m.body().getString("state")).put("detail", m.body().getString("detail"))));
      return states.completion()
          .compose(v -> {
            // checked here, where the run is sent: a cancel taken later reaches the adapter after the run
            // (the adapter ignores a cancel for a run it does not have)
            if (job.token().isCancelled()) {
              return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409,
                  "cancelled before it was sent to " + hw.backend()));
            }
            return vertx.eventBus().<JsonObject>request(BackendAdapterVerticle.address(hw.backend(), "run"),
                hw.runRequest(id), new DeliveryOptions(LOCAL).setSendTimeout(hardwareTimeoutMs));
          })
          .transform(ran -> {
            states.unregister();
            if (ran.succeeded()) {
              HardwareJob.Result result;
              try {
                result = hw.result(ran.result().body());
              } catch (RuntimeException e) {
                return finish(id, "failed", null, null, "the backend's answer could not be read: " + JobFailures.reason(e));
              }
              return finish(id, "completed", result.energy(), result.json(), null);
            }
            Throwable e = ran.cause();
            if (e instanceof ReplyException re && re.failureCode() == 409) {
              return finish(id, stopping ? "interrupted" : "cancelled", null, null, re.getMessage());
            }
            LOG.warn("hardware job {} failed: {}", id, e.getMessage());
            return finish(id, "failed", null, null, e.getMessage());
          });
    });
  }

  // ---- cancel, read, list ----------------------------------------------------------------------

  /**
   * {@code nq.anneal.cancel} (any node's) and the REST DELETE (this node's): a job running here is
   * cancelled here; one that another node runs, by that node, which its record names.
   */
  private void onCancel(Message<JsonObject> msg) {
    String id = msg.body() == null ? null : msg.body().getString("job_id");
    String owner = msg.body() == null ? null : msg.body().getString("owner");
    if (cancelHere(id, owner, msg)) {
      return;
    }
    withRecord(id, owner, msg, rec -> {
      if (rec.active() && rec.node() != null && !rec.node().equals(nodeId)) {
        forwardCancel(rec, msg);
      } else {
        msg.reply(notCancelled(rec));
      }
    });
  }

  /** {@code nq.internal.anneal.cancel.<this node>}: another node checked the owner and found the job ours. */
  private void onForwardedCancel(Message<JsonObject> msg) {
    String id = msg.body() == null ? null : msg.body().getString("job_id");
    if (!cancelHere(id, null, msg)) {
      withRecord(id, null, msg, rec -> msg.reply(notCancelled(rec)));   // it ended before the cancel arrived
    }
  }

  /** Cancels a job queued or running on this node and answers; false when it is not one (or not the owner's). */
  private boolean cancelHere(String id, String owner, Message<JsonObject> msg) {
    RunningJob job = id == null ? null : jobs.get(id);
    if (job == null || (owner != null && !owner.equals(job.owner()))) {
      return false;
    }
    job.token().cancel();
    String hardware = hardwareRuns.get(id);
    if (hardware != null) {
      // the adapter cancels at the vendor; the run then ends and the job with it (cancelled, or done if it won the race)
      vertx.eventBus().request(BackendAdapterVerticle.address(hardware, "cancel"), new JsonObject().put("run_id", id),
          LOCAL).onFailure(e -> LOG.warn("cancel of hardware job {} not passed on: {}", id, e.getMessage()));
    }
    JsonObject reply = new JsonObject().put("job_id", id).put("cancelled", true);
    if (job.state().compareAndSet(RunningJob.QUEUED, RunningJob.CANCELLED_BEFORE_START)) {
      giveBackPlace(job);
      finish(id, "cancelled", null, null, "cancelled before it started").onComplete(ar -> msg.reply(reply));
      return true;
    }
    // reply once the best-so-far answer is stored, so a GET right after sees it
    job.done().future().onComplete(v -> msg.reply(reply));
    return true;
  }

  private void forwardCancel(JobRecord rec, Message<JsonObject> msg) {
    vertx.eventBus().<JsonObject>request(Addresses.annealCancelOn(rec.node()), new JsonObject().put("job_id", rec.id()), FORWARD)
        .onSuccess(reply -> msg.reply(reply.body()))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            msg.fail(503, "not_available: node " + rec.node() + ", which runs job " + rec.id()
                + ", is gone; the cluster marks its jobs interrupted");
          } else if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            msg.fail(re.failureCode(), re.getMessage());
          } else {
            msg.fail(504, "timeout: node " + rec.node() + " did not confirm the cancel of job " + rec.id() + ": " + e.getMessage());
          }
        });
  }

  private static JsonObject notCancelled(JobRecord rec) {
    return new JsonObject().put("job_id", rec.id()).put("cancelled", false).put("status", rec.status());
  }

  /** Reads a job's record for {@code owner} (anyone's for null) and hands it on; answers 404 or 500 itself. */
  private void withRecord(String id, String owner, Message<JsonObject> msg, java.util.function.Consumer<JobRecord> then) {
    if (id == null) {
      msg.fail(400, "invalid_request: job_id is required");
      return;
    }
    store.get(id).onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(500, "store_failed: " + ar.cause().getMessage());
      } else if (ar.result() == null || (owner != null && !owner.equals(ar.result().owner()))) {
        msg.fail(404, "not_found: no job " + id);
      } else {
        then.accept(ar.result());
      }
    });
  }

  private void onGet(Message<JsonObject> msg) {
    withRecord(msg.body().getString("job_id"), msg.body().getString("owner"), msg, rec -> msg.reply(rec.toJson(true)));
  }

  private void onList(Message<JsonObject> msg) {
    String owner = msg.body() == null ? null : msg.body().getString("owner");
    int limit = msg.body() == null ? 100 : Math.max(1, Math.min(1000, msg.body().getInteger("limit", 100)));
    store.list(owner, limit).onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(500, "store_failed: " + ar.cause().getMessage());
      } else {
        JsonArray jobs = new JsonArray();
        for (JobRecord rec : ar.result()) {
          jobs.add(rec.toJson(false));
        }
        msg.reply(new JsonObject().put("jobs", jobs));
      }
    });
  }
}
