package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.ProblemReader.ProblemType;
import io.neuroquantum.annealing.model.DerivedQuboSize;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The bounds every job must fit, from {@code anneal} in the configuration (defaults below, documented
 * in docs/anneal-jobs.md). A job over one is refused with 400 before it is built or run, and the
 * message names the bound's configuration key, so an operator knows what to raise and a user what
 * to ask for less of. {@link JobCost} works out what a job needs; this class only compares.
 *
 * @param maxVariables variables of the model, as derived from the problem before it is built
 * @param maxQuadraticTerms quadratic terms of the model, likewise (building costs ~100 bytes per term)
 * @param maxSpinUpdates spin-update attempts a solve may make (its nominal work)
 * @param maxSolverMemoryBytes estimated memory of the solver's replicas and kept samples
 * @param maxTimeLimitMs longest {@code time_limit_ms}; also the time limit of a job that names none
 * @param maxWorkers most worker verticles one job may use, and the size of the pool they share
 * @param maxJobsMemoryBytes estimated memory of all queued and running jobs together (models and
 *     solvers): the queue is bounded by what it holds, not only by how many jobs it has
 * @param maxTermDegree highest degree of a term of a HUBO (a CQM's quadratic constraints make degree 4)
 * @param maxReductionSteps pair moves the degree reduction of a HUBO or a CQM's quadratic
 *     constraints may make before the QUBO exists ({@link DerivedQuboSize#reductionSteps()})
 */
record JobLimits(int maxVariables, long maxQuadraticTerms, long maxSpinUpdates, long maxSolverMemoryBytes,
    long maxTimeLimitMs, int maxWorkers, long maxJobsMemoryBytes, int maxTermDegree, long maxReductionSteps) {

  static final int DEFAULT_MAX_VARIABLES = 200_000;
  static final long DEFAULT_MAX_QUADRATIC_TERMS = 2_000_000L;
  static final long DEFAULT_MAX_SPIN_UPDATES = 1_000_000_000_000L;
  static final long DEFAULT_MAX_SOLVER_MEMORY_BYTES = 256L << 20;
  static final long DEFAULT_MAX_TIME_LIMIT_MS = 600_000L;
  static final int DEFAULT_MAX_WORKERS = 4;
  static final long DEFAULT_MAX_JOBS_MEMORY_BYTES = 512L << 20;
  static final int DEFAULT_MAX_TERM_DEGREE = 12;
  /**
   * The reduction moves pairs in hash maps and sorted sets on the (one) preparer thread: 330–880 ns of
   * CPU per estimated step measured on a loaded 2-core machine (1 400 degree-8 terms: 4.5·10⁵ steps,
   * 0.15 s; 8 000 degree-12 terms: 10⁷ steps, 6.9 s), so this default is some 1–3 s of one core.
   */
  static final long DEFAULT_MAX_REDUCTION_STEPS = 3_000_000L;

  static JobLimits fromConfig(JsonObject anneal) {
    return new JobLimits(anneal.getInteger("max_variables", DEFAULT_MAX_VARIABLES),
        anneal.getLong("max_quadratic_terms", DEFAULT_MAX_QUADRATIC_TERMS),
        anneal.getLong("max_spin_updates", DEFAULT_MAX_SPIN_UPDATES),
        anneal.getLong("max_solver_memory_bytes", DEFAULT_MAX_SOLVER_MEMORY_BYTES),
        anneal.getLong("max_time_limit_ms", DEFAULT_MAX_TIME_LIMIT_MS),
        anneal.getInteger("max_workers", DEFAULT_MAX_WORKERS),
        anneal.getLong("max_jobs_memory_bytes", DEFAULT_MAX_JOBS_MEMORY_BYTES),
        anneal.getInteger("max_term_degree", DEFAULT_MAX_TERM_DEGREE),
        anneal.getLong("max_reduction_steps", DEFAULT_MAX_REDUCTION_STEPS));
  }

  JobLimits {
    if (maxVariables < 1 || maxQuadraticTerms < 0 || maxSpinUpdates < 1 || maxSolverMemoryBytes < 1
        || maxTimeLimitMs < 1 || maxWorkers < 1 || maxJobsMemoryBytes < 1 || maxTermDegree < 2 || maxReductionSteps < 0) {
      throw new IllegalArgumentException("anneal.max_* must be positive");
    }
  }

  void check(JobCost.Problem p) {
    over("problem: " + p.shape() + " make " + count(p.variables()) + " variables", p.variables(), maxVariables,
        "anneal.max_variables");
    over("problem: " + p.shape() + " make " + count(p.quadraticTerms()) + " quadratic terms", p.quadraticTerms(),
        maxQuadraticTerms, "anneal.max_quadratic_terms");
  }

  /**
   * The QUBO a CQM or HUBO becomes, estimated from the model as written before it is built: its size as
   * {@link #check(JobCost.Problem)}, the degree of its terms and the reduction's work.
   */
  void check(DerivedQuboSize size, String model) {
    over("problem: " + model + " has a term of degree " + size.degree(), size.degree(), maxTermDegree,
        "anneal.max_term_degree");
    check(JobCost.derived(size, model));
    over("problem: reducing " + model + " to quadratic takes up to " + count(size.reductionSteps())
        + " pair moves (" + size.auxiliaryVariables() + " auxiliaries)", size.reductionSteps(), maxReductionSteps,
        "anneal.max_reduction_steps");
  }

  /** What a model as written may hold (its variables and listed terms), whatever it becomes. */
  ModelLimits written() {
    return new ModelLimits(maxVariables, maxQuadraticTerms);
  }

  void check(JobCost.Run r) {
    over("solver: " + r.work() + " = " + count(r.spinUpdates()) + " spin updates", r.spinUpdates(), maxSpinUpdates,
        "anneal.max_spin_updates");
    over("solver: " + r.memory() + " need about " + count(r.memoryBytes()) + " bytes", r.memoryBytes(),
        maxSolverMemoryBytes, "anneal.max_solver_memory_bytes");
  }

  /** Checks a file's declared size against these bounds, as soon as its header is read. */
  DeclaredSize declared(ProblemType kind, Integer colors) {
    return (vertices, edges) -> check(JobCost.declared(kind, vertices, edges, colors));
  }

  /** {@code solver.time_limit_ms}, or the longest allowed when it is absent: no job runs unbounded. */
  Duration timeLimit(JsonObject solver) {
    Object v = solver == null ? null : solver.getValue("time_limit_ms");
    if (v == null) {
      return Duration.ofMillis(maxTimeLimitMs);
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
      throw new InvalidModelException("solver.time_limit_ms must be a positive integer, got " + v);
    }
    over("solver.time_limit_ms " + n.longValue(), n.longValue(), maxTimeLimitMs, "anneal.max_time_limit_ms");
    return Duration.ofMillis(n.longValue());
  }

  /** A job that could never fit the jobs' memory budget, even alone: 400 rather than "try later". */
  void checkHeld(long bytes) {
    over("the job: about " + count(bytes) + " bytes of model and solver", bytes, maxJobsMemoryBytes,
        "anneal.max_jobs_memory_bytes");
  }

  void checkWorkers(int workers) {
    over("solver.workers " + workers, workers, maxWorkers, "anneal.max_workers");
  }

  /** Saturated products (JobCost) read as what they are: beyond counting. */
  private static String count(long v) {
    return v == Long.MAX_VALUE ? "over 9.2e18" : Long.toString(v);
  }

  private static void over(String what, long value, long limit, String key) {
    if (value > limit) {
      throw new InvalidModelException(what + ", over this server's " + key + " = " + limit);
    }
  }
}
