package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.composites.RoofDualityComposite;
import io.neuroquantum.annealing.cqm.CqmQubo;
import io.neuroquantum.annealing.hubo.HuboReduction;
import io.neuroquantum.annealing.composites.SpinReversalComposite;
import io.neuroquantum.annealing.io.ProblemReader.ProblemType;
import io.neuroquantum.annealing.localsearch.PostProcessed;
import io.neuroquantum.annealing.localsearch.SteepestDescent;
import io.neuroquantum.annealing.localsearch.TabuSearch;
import io.neuroquantum.annealing.model.DerivedQuboSize;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.StateVectorEvolution;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;

/**
 * What a job will cost, worked out from its problem and its solver before anything big is built:
 * the one place that knows how a problem's size follows from its description and how a solver's
 * work and memory follow from its parameters. {@link JobLimits} holds the bounds they are held to.
 *
 * <p><b>Problem size</b> (before the model is built, from the JSON or a file's header): Max-Cut has a
 * variable per vertex and a term per edge; colouring with k colours has vertices·k variables and
 * edges·k + vertices·k(k−1)/2 quadratic terms (conflicts, then one-hot penalties); TSP on n cities has
 * n² variables and 2n²(n−1) terms (tour length, then two one-hot constraints per city and position);
 * QUBO and Ising have the variables and terms they list; max-2-SAT has a variable per boolean and at
 * most a term per clause; number partitioning on n numbers n variables and n(n−1)/2 terms (every pair);
 * a knapsack of n items and capacity C has n + ⌈log₂(C+1)⌉ variables (items and slack bits) with a term
 * for every pair of them (the squared capacity constraint). Sizes are told as (vertices, edges) =
 * (variables, clauses), (numbers, 0) and (items, capacity). A portfolio of n assets has n variables and
 * n(n−1)/2 terms (the covariance and the budget couple every pair); a job-shop is told as (variables,
 * an upper bound on its terms), worked out from the start windows by {@code JobShop} before the model
 * is built (first as (operations × horizon, 0), before the windows are known). A CQM or HUBO has the
 * bits of the QUBO it becomes ({@link #derived}: decision, slack and auxiliary bits, and the penalties' pairs).
 *
 * <p><b>Work</b> is spin-update attempts, the {@code spin_updates} of a result: sweeps × reads ×
 * variables, times the replicas of pt (all 64 lanes on the bit-sliced kernel) or the Trotter slices of
 * sqa, times starts × parallel runs for a strategy; 2ⁿ states for the exact solver.
 *
 * <p><b>Memory</b> is an upper estimate of what the solver holds at once besides the model: the
 * samples it keeps (about 2·(n + 64) bytes each: the state and its copy in the sample set), the
 * replicas alive at once (12 bytes per variable on the scalar kernel, 16 per variable for 64 runs on
 * the bit-sliced one, 10 per variable and slice for a Trotter replica), and the 2ⁿ amplitudes of
 * tfim-exact. None of it grows with sweeps: a long anneal costs time, not memory. A queued or
 * running job holds its model too: about 40 bytes per term and 64 per variable, with the copy a
 * solver makes of it.
 *
 * <p><b>Local search</b> (the descent and tabu solvers, and {@code postprocess}): scans of the n local
 * fields, one per tabu iteration (default 100·n per read) and one per sample for a descent (what a
 * sample already at a local minimum costs; further descent steps are bounded by the time limit), with
 * a state and its fields (9 bytes per variable, 38 for tabu) per thread. A post-processed solve costs its solver
 * plus a search from each sample the solver can return ({@link Run#samples}).
 *
 * <p><b>Composites</b>: spin reversals cost their solver once per gauge and keep every gauge's
 * samples; roof duality costs its solver on the whole model (an upper bound: the fixed variables are
 * not known before it runs) plus its implication network.
 */
final class JobCost {

  static final long SCALAR_BYTES_PER_VARIABLE = 12;
  static final long BIT_SLICED_BYTES_PER_VARIABLE = 16;
  static final long TROTTER_BYTES_PER_SLICE_VARIABLE = 10;
  static final long SAMPLE_OVERHEAD_BYTES = 64;
  /** A built model keeps ~20 bytes per term (measured: TSP on 100 cities, 2·10⁶ terms, 38 MB); solvers copy it once more. */
  static final long MODEL_BYTES_PER_TERM = 40;
  static final long MODEL_BYTES_PER_VARIABLE = 64;
  /** Roof duality's implication network: 4 arcs per term, each a JGraphT edge, a weight and flow and residual entries. */
  static final long ROOF_BYTES_PER_TERM = 4 * 160;

  private JobCost() {
  }

  /** A problem's size, and how it came about (for the refusal's message). */
  record Problem(long variables, long quadraticTerms, String shape) {

    /** What the model takes while its job is queued or running, with the copy a solver makes. */
    long modelBytes() {
      return plus(times(quadraticTerms, MODEL_BYTES_PER_TERM), times(variables, MODEL_BYTES_PER_VARIABLE));
    }
  }

  /** A solve's work and memory, and how each came about; {@code samples}: the most samples it returns. */
  record Run(long spinUpdates, String work, long memoryBytes, String memory, long samples) {
  }

  /**
   * The size of a problem of {@code kind} as declared: {@code vertices} (cities, variables) and
   * {@code edges} (terms; ignored for TSP, whose graph is complete).
   */
  static Problem declared(ProblemType kind, long vertices, long edges, Integer colors) {
    return switch (kind) {
      case MAXCUT -> new Problem(vertices, edges, vertices + " vertices and " + edges + " edges");
      case COLORING -> {
        long k = colors == null ? 1 : colors;
        yield new Problem(times(vertices, k), plus(times(edges, k), times(vertices, k * (k - 1) / 2)),
            vertices + " vertices × " + k + " colours and " + edges + " edges");
      }
      case TSP -> new Problem(times(vertices, vertices), times(2, vertices, vertices, Math.max(0, vertices - 1)),
          vertices + " cities");
      case QUBO, ISING -> new Problem(vertices, edges, vertices + " variables and " + edges + " terms");
      case INDEPENDENT_SET, VERTEX_COVER -> new Problem(vertices, edges, vertices + " vertices and " + edges + " edges");
      case MAX2SAT -> new Problem(vertices, edges, vertices + " variables and " + edges + " clauses (a term at most each)");
      case NUMBER_PARTITIONING -> new Problem(vertices, times(vertices, Math.max(0, vertices - 1)) / 2,
          vertices + " numbers (every pair a term)");
      case KNAPSACK -> {
        long variables = plus(vertices, slackBits(edges));
        yield new Problem(variables, times(variables, Math.max(0, variables - 1)) / 2,
            vertices + " items and capacity " + edges + " (" + slackBits(edges) + " slack bits; every pair a term)");
      }
      case JOBSHOP -> new Problem(vertices, edges, "a time-indexed job-shop of " + vertices + " variables and at most "
          + edges + " terms");
      case PORTFOLIO -> new Problem(vertices, times(vertices, Math.max(0, vertices - 1)) / 2,
          vertices + " assets (every pair a term)");
      case CLIQUE -> new Problem(vertices, Math.max(0, vertices * (vertices - 1) / 2 - edges),
          vertices + " vertices and " + edges + " edges (the model is over the complement)");
    };
  }

  /** The slack bits of a knapsack of capacity C: ⌈log₂(C + 1)⌉, as {@code ConstrainedQubo} encodes C. */
  static long slackBits(long capacity) {
    return 64 - Long.numberOfLeadingZeros(Math.max(0, capacity));
  }

  /**
   * The size of the QUBO a CQM or HUBO becomes, from {@link CqmQubo#estimate} or
   * {@link HuboReduction#estimate}: upper bounds, since repeated pairs merge and slack or
   * auxiliaries may turn out fewer.
   */
  static Problem derived(DerivedQuboSize s, String model) {
    return new Problem(s.variables(), s.quadraticTerms(), model + "'s QUBO (up to " + s.decisionVariables()
        + " decision, " + s.slackVariables() + " slack and " + s.auxiliaryVariables() + " auxiliary bits) would");
  }

  /** The size of a built model (a last check, whatever the input format said). */
  static Problem of(QuadraticModel model) {
    return new Problem(model.numVariables(), model.numInteractions(), "the model");
  }

  /**
   * The work and memory of running {@code solver} on {@code model} with {@code parallelism} threads or
   * worker verticles.
   */
  static Run run(Solver solver, QuadraticModel model, int parallelism) {
    long n = model.numVariables();
    long threads = Math.max(1, parallelism);
    String vars = n + " variables";
    return switch (solver) {
      case SimulatedAnnealing sa -> {
        SimulatedAnnealing.Config c = sa.config();
        long reads = c.reads();
        yield new Run(times(c.sweeps(), reads, n), c.sweeps() + " sweeps × " + reads + " reads × " + vars,
            plus(times(reads, sample(n)), times(Math.min(reads, threads), SCALAR_BYTES_PER_VARIABLE, n)),
            reads + " reads of " + vars, reads);
      }
      case SimulatedQuantumAnnealing sqa -> {
        SimulatedQuantumAnnealing.Config c = sqa.config();
        long reads = c.reads();
        long slices = c.slices();
        long kept = times(reads, c.allSlices() ? slices : 1, sample(n));
        long replicas = times(Math.min(reads, threads), plus(times(TROTTER_BYTES_PER_SLICE_VARIABLE, slices, n), 2 * n));
        yield new Run(times(c.sweeps(), reads, slices, n),
            c.sweeps() + " sweeps × " + reads + " reads × " + slices + " slices × " + vars, plus(kept, replicas),
            reads + " reads of " + slices + " slices × " + vars, times(reads, c.allSlices() ? slices : 1));
      }
      case ParallelTempering pt -> {
        ParallelTempering.Config c = pt.config();
        boolean bitSliced = ParallelTempering.isBitSliced(model);
        long temperatures = c.temperatures() > 0 ? c.temperatures() : ParallelTempering.MAX_DEFAULT_TEMPERATURES;
        long lanes = bitSliced ? ParallelTempering.BIT_SLICED_LANES
            : c.runs() > 0 ? c.runs() : ParallelTempering.DEFAULT_SCALAR_RUNS;
        long runs = c.runs() > 0 ? Math.min(c.runs(), lanes) : lanes;
        long replicas = bitSliced ? times(temperatures, BIT_SLICED_BYTES_PER_VARIABLE, n)
            : times(temperatures, lanes, SCALAR_BYTES_PER_VARIABLE, n);
        yield new Run(times(c.sweeps(), temperatures, lanes, n),
            c.sweeps() + " sweeps × " + temperatures + " replicas × " + lanes + " runs × " + vars,
            plus(replicas, times(runs, sample(n))), temperatures + " replicas × " + lanes + " runs × " + vars, runs);
      }
      case AdvancedAnnealing strategy -> strategy(strategy.config(), n, threads);
      case ExactSolver exact -> new Run(n < 62 ? 1L << n : Long.MAX_VALUE, "2^" + n + " states",
          times(64, sample(n)), "its ground states", 64);
      case SteepestDescent descent -> localSearch(descent.config().reads(), 1, n, threads, "descent", DESCENT_BYTES);
      case TabuSearch tabu -> localSearch(tabu.config().reads(), tabuIterations(tabu, n), n, threads, "tabu", TABU_BYTES);
      case PostProcessed post -> postProcessed(post, model, parallelism);
      case SpinReversalComposite srt -> {
        Run each = run(srt.inner(), model, parallelism);
        long t = srt.transforms();
        yield new Run(times(t, each.spinUpdates()), t + " gauges × (" + each.work() + ")",
            plus(each.memoryBytes(), times(t, each.samples(), sample(n))), each.memory() + ", and the pooled samples of "
                + t + " gauges", times(t, each.samples()));
      }
      case RoofDualityComposite roof -> {
        // the inner solver is costed on the whole model (what roof duality fixes is not known yet);
        // the implication network has 2 arcs per literal term, ~ROOF_BYTES_PER_TERM each in JGraphT
        Run inner = run(roof.inner(), model, parallelism);
        yield new Run(inner.spinUpdates(), "roof duality, then " + inner.work(),
            plus(inner.memoryBytes(), times(plus(model.numInteractions(), n), ROOF_BYTES_PER_TERM)),
            inner.memory() + ", after an implication network of " + (model.numInteractions() + n) + " terms",
            inner.samples());
      }
      case TfimExactSolver tfim -> {
        // the state vector, its basis energies and the integrator's work vectors: 4 × 16 bytes per amplitude
        long amplitudes = n < 56 ? 1L << n : Long.MAX_VALUE;
        long reads = tfim.config().reads();
        yield new Run(0, "state-vector evolution", plus(times(64, amplitudes), times(reads, sample(n))),
            "2^" + n + " amplitudes (at most " + StateVectorEvolution.MAX_QUBITS + " spins) and " + reads + " reads", reads);
      }
      default -> throw new IllegalArgumentException("no cost model for solver " + solver.name());
    };
  }

  /** Multi-start and parallel runs: every run's reads are kept; parallel runs are alive at once. */
  private static Run strategy(AdvancedAnnealingConfig c, long n, long threads) {
    boolean quantum = c.tunnellingStrength() > 0;
    long slices = quantum ? AdvancedAnnealing.quantumSlices() : 1;
    long runs = times(c.starts(), c.parallelRuns());
    long perAnneal = c.coherenceTime() > 0 ? Math.min(c.coherenceTime(), c.sweeps()) : c.sweeps();
    long anneals = quantum ? (c.sweeps() + perAnneal - 1) / perAnneal : 1;
    long perRun = quantum ? plus(times(TROTTER_BYTES_PER_SLICE_VARIABLE, slices, n), 2 * n)
        : times(SCALAR_BYTES_PER_VARIABLE, n);
    long kept = times(runs, c.reads(), anneals, sample(n));
    return new Run(times(runs, c.reads(), c.sweeps(), slices, n),
        c.starts() + " starts × " + c.parallelRuns() + " runs × " + c.reads() + " reads × " + c.sweeps() + " sweeps"
            + (quantum ? " × " + slices + " slices" : "") + " × " + n + " variables",
        plus(kept, times(Math.min(c.parallelRuns(), threads), perRun)),
        c.starts() + " starts × " + c.parallelRuns() + " runs × " + c.reads() + " reads"
            + (anneals > 1 ? " × " + anneals + " anneals" : "") + " of " + n + " variables",
        times(runs, c.reads(), anneals));
  }

  /**
   * A solver followed by a local search over each of its samples ({@code postprocess}): the solver's
   * cost plus the search's, which starts one read from each sample the solver can return.
   */
  private static Run postProcessed(PostProcessed post, QuadraticModel model, int parallelism) {
    long n = model.numVariables();
    long threads = Math.max(1, parallelism);
    Run first = run(post.solver(), model, parallelism);
    Run then = switch (post.postProcessor()) {
      case TabuSearch tabu -> localSearch(first.samples(), tabuIterations(tabu, n), n, threads, "tabu", TABU_BYTES);
      default -> localSearch(first.samples(), 1, n, threads, "descent", DESCENT_BYTES);
    };
    return new Run(plus(first.spinUpdates(), then.spinUpdates()), first.work() + ", then " + then.work(),
        plus(first.memoryBytes(), then.memoryBytes()), first.memory() + ", then " + then.memory(), first.samples());
  }

  /**
   * Descent or tabu over {@code reads} starts: {@code iterations} scans of the n local fields each (a
   * descent counts one: a sample already at a local minimum costs one scan; the steps a descent makes
   * from a poor start are bounded by the time limit, not estimated here; a tabu iteration now touches a
   * flipped variable's neighbours, not all n, so n is an upper bound). Each thread keeps a state with
   * its local fields ({@link #DESCENT_BYTES}); tabu adds its tenure marks and move buckets or heap
   * ({@link #TABU_BYTES}).
   */
  private static Run localSearch(long reads, long iterations, long n, long threads, String what, long bytesPerVariable) {
    return new Run(times(reads, iterations, n), what + ": " + reads + " reads × " + iterations + " scans × " + n
        + " variables", plus(times(reads, sample(n)), times(Math.min(reads, threads), bytesPerVariable, n)),
        reads + " " + what + " reads of " + n + " variables", reads);
  }

  /** A descent's state per variable: its spin and local field (FlipState). */
  private static final long DESCENT_BYTES = 9;
  /**
   * A tabu walk's per variable: the descent's state, the tenure mark and a scratch flag (TabuWalk), and
   * the bucket lists (integer models, BucketMoves: 17) or the heap (real ones, DeltaHeap: 20).
   */
  private static final long TABU_BYTES = 9 + 9 + 20;

  private static long tabuIterations(TabuSearch tabu, long n) {
    long configured = tabu.config().iterations();
    return configured > 0 ? configured : TabuSearch.autoIterations((int) Math.min(n, Integer.MAX_VALUE));
  }

  private static long sample(long n) {
    return times(2, plus(n, SAMPLE_OVERHEAD_BYTES));
  }

  /** The product, or {@link Long#MAX_VALUE} when it overflows: a cost that large is refused anyway. */
  static long times(long... factors) {
    long p = 1;
    for (long f : factors) {
      if (f <= 0) {
        return 0;
      }
      try {
        p = Math.multiplyExact(p, f);
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
    return p;
  }

  static long plus(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
  }
}
