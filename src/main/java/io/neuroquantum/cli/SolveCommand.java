package io.neuroquantum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.cqm.CqmJson;
import io.neuroquantum.annealing.cqm.CqmQubo;
import io.neuroquantum.annealing.cqm.LpReader;
import io.neuroquantum.annealing.hardware.HardwareBackend;
import io.neuroquantum.annealing.hubo.HuboJson;
import io.neuroquantum.annealing.hubo.HuboReader;
import io.neuroquantum.annealing.hubo.HuboReduction;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.hardware.HardwareBackends;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.hardware.HardwareRun;
import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solve.ConfiguredSolver;
import io.neuroquantum.annealing.solve.InvalidParameterException;
import io.neuroquantum.annealing.solve.SolveReport;
import io.neuroquantum.annealing.solve.SolverRegistry;
import io.neuroquantum.annealing.solve.SolverRequest;
import io.neuroquantum.annealing.solvers.ProgressListener;
import io.neuroquantum.annealing.solvers.RunControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solve}: reads a problem file, solves it offline and prints the answer (blueprint §3.1). The
 * solver and its parameters come from {@link SolverRegistry} (options made by {@link SolverOptions}),
 * the output from {@link SolveReport}: the same as a job's result.
 */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Solve a Max-Cut, colouring, TSP, QUBO or Ising problem, a maximum independent set, minimum "
        + "vertex cover or maximum clique (DIMACS graph), max-2-SAT (DIMACS cnf), number partitioning (one integer "
        + "per line), 0/1 knapsack (capacity, then \"weight value\" per line; or Burkardt's pNN_c.txt), job-shop "
        + "(OR-Library jobshop1.txt), a Markowitz portfolio (OR-Library portN.txt), or a "
        + "constrained quadratic model (CPLEX LP file), from a file.")
public final class SolveCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** The problem type of a constrained quadratic model, read from a CPLEX LP file. */
  static final String CQM = "cqm";

  /** The problem type of a higher-order binary model, read by {@link HuboReader}. */
  static final String HUBO = "hubo";

  @Option(names = "--problem", description = "maxcut | coloring | tsp | qubo | ising | independent_set | vertex_cover "
      + "| clique | max2sat | number_partitioning | knapsack | jobshop | portfolio | cqm | hubo (default: cqm for a .lp file, else required)")
  String problem;

  @Option(names = "--input", description = "the problem file (or give it as the argument)")
  Path input;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the problem file, as --input")
  Path file;

  @Option(names = "--format", description = "gset | dimacs | tsplib | coo | bqp | dimod | cnf | numbers | knapsack | "
      + "burkardt | jobshop | portfolio (default: the problem's usual one; bqp for a QUBO file named like OR-Library's, bqp250.txt; "
      + "burkardt for a knapsack file named like p01_c.txt, whose _w and _p siblings are read with it)")
  String format;

  @Option(names = "--instance", description = "bqp: which instance of the multi-instance file, 1-based")
  Integer instance;

  @Option(names = "--colors", description = "number of colours for --problem coloring (refused by max2sat, "
      + "number_partitioning, knapsack, jobshop and portfolio)")
  Integer colors;

  @Option(names = "--complement", description = "independent_set | vertex_cover | clique: solve on the complement of "
      + "the file's graph (DIMACS clique graphs as vertex cover benchmarks)")
  boolean complement;

  @Option(names = "--instance-name", description = "jobshop: which instance of OR-Library's jobshop1.txt (ft06, la01, …)")
  String instanceName;

  @Option(names = "--horizon", description = "jobshop: the latest time step an operation may end (variables grow as "
      + "operations × horizon: keep it near the makespan you expect)")
  Integer horizon;

  @Option(names = "--feasibility-only", description = "jobshop: ask only for a schedule ending by --horizon (energy 0 "
      + "when found; every penalty 1, no makespan objective); a feasible sample is shifted left, so ft06 reaches "
      + "its optimum 55 with --horizon 60 --solver tabu --reads 64 --iterations 300000")
  boolean feasibilityOnly;

  @Option(names = "--assets", description = "portfolio: how many assets to hold (the budget k)")
  Integer assets;

  @Option(names = "--risk-aversion", description = "portfolio: q in q·xᵀΣx − μᵀx (0: returns only)")
  Double riskAversion;

  @Option(names = "--solver", defaultValue = SolverRegistry.DEFAULT_SOLVER,
      description = "sa | pt | exact | descent | tabu | sqa | tfim-exact (default: ${DEFAULT-VALUE}); "
          + "the options below say which solvers take them")
  String solver;

  @Option(names = "--time-limit-ms", description = "stop after this long and keep the best found")
  Long timeLimitMs;

  @Option(names = "--seed", description = "random seed (default: random, reported in the output)")
  Long seed;

  @Option(names = "--threads", description = "worker threads (default: all cores); the answer does not depend on it")
  Integer threads;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Option(names = "--backend", defaultValue = HardwareBackends.SIMULATED,
      description = "simulated | dwave | quera (default: ${DEFAULT-VALUE}; quera takes unit-disk MIS only, not files yet); hardware backends read their credentials "
          + "from the environment, see docs/hardware.md")
  String backend;

  @Option(names = "--solver-name", description = "hardware: the vendor's solver or device (default: the least loaded fitting one)")
  String solverName;

  @Option(names = "--num-reads", description = "hardware: samples to take (default: 100)")
  Integer numReads;

  @Option(names = "--annealing-time", description = "hardware: anneal duration in microseconds (default: the vendor's)")
  Double annealingTime;

  @Option(names = "--chain-strength", description = "dwave QPU: chain coupling (default: uniform torque compensation)")
  Double chainStrength;

  @Option(names = "--hybrid-time-limit", description = "dwave: run on a Leap hybrid solver for this many seconds")
  Double hybridTimeLimit;

  @Option(names = "--num-samples", description = "also list the K lowest-energy distinct samples (\"samples\" in --json)")
  Integer numSamples;

  @Option(names = "--all", description = "also list every distinct sample found, lowest energy first")
  boolean allSamples;

  @Override
  public Integer call() throws IOException {
    if (numSamples != null && (numSamples < 1 || allSamples)) {
      throw new IllegalArgumentException(allSamples ? "--num-samples and --all exclude each other"
          : "--num-samples must be at least 1, was " + numSamples);
    }
    if ((input == null) == (file == null)) {
      throw new IllegalArgumentException(input == null ? "name the problem file (--input FILE or as the argument)"
          : "give the problem file once (--input or as the argument, not both)");
    }
    Path path = input != null ? input : file;
    String kind = problem != null ? problem.trim().toLowerCase(java.util.Locale.ROOT)
        : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".lp") ? CQM : null;
    if (kind == null) {
      throw new IllegalArgumentException("--problem is required for " + path.getFileName()
          + " (maxcut | coloring | tsp | qubo | ising | independent_set | vertex_cover | clique | max2sat"
          + " | number_partitioning | knapsack | jobshop | portfolio | cqm | hubo;"
          + " a .lp file is a cqm)");
    }
    boolean ownFormat = kind.equals(CQM) || kind.equals(HUBO);   // read here, not by ProblemReader
    ProblemReader.ProblemType type = ownFormat ? null : ProblemReader.ProblemType.parse(kind);
    ProblemReader.Format fmt = format == null ? null : ProblemReader.Format.parse(format);
    if (ownFormat && (fmt != null || colors != null || complement || instance != null || instanceName != null
        || horizon != null || feasibilityOnly || assets != null || riskAversion != null)) {
      throw new IllegalArgumentException((fmt != null ? "--format" : colors != null ? "--colors" : complement ? "--complement"
          : instance != null ? "--instance" : instanceName != null ? "--instance-name" : horizon != null ? "--horizon"
          : feasibilityOnly ? "--feasibility-only" : assets != null ? "--assets" : "--risk-aversion")
          + " does not apply to a " + kind
          + " (its format follows the file name: " + (kind.equals(CQM) ? "CPLEX LP" : "coefficient and indices per line")
          + ", or the job API's JSON form for a .json file)");
    }
    Map<String, Object> parameters = SolverOptions.given(spec);
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
    parameters.put(SolverRegistry.SEED.name(), actualSeed);
    SolverRequest request = checked(() -> SolverRegistry.check(solver, parameters));   // before the file is read: cheap first
    EncodedProblem encoded;
    try {
      if (kind.equals(CQM)) {
        encoded = EncodedProblem.cqm(CqmQubo.of(isJson(path) ? CqmJson.read(jsonTree(path), ModelLimits.DEFAULT)
            : new LpReader().read(path)));
      } else if (kind.equals(HUBO)) {
        encoded = EncodedProblem.hubo(HuboReduction.reduce(isJson(path) ? HuboJson.read(jsonTree(path),
            ModelLimits.DEFAULT) : HuboReader.read(path)));
      } else {
        encoded = ProblemReader.read(type, fmt, path, new ProblemReader.Options(colors, instance, complement, instanceName,
            horizon, assets, riskAversion, feasibilityOnly), DeclaredSize.ANY);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    if (!backend.equals(HardwareBackends.SIMULATED)) {
      return solveOnHardware(encoded);
    }
    ConfiguredSolver configured = checked(() -> request.build(encoded.model(), encoded.oneHotGroups()));

    ProgressListener bar = ProgressBar.forTerminal(encoded);
    RunControl control = RunControl.defaults().withProgress(bar, Duration.ofMillis(200));
    if (threads != null) {
      control = control.withThreads(threads);
    }
    if (timeLimitMs != null) {
      control = control.withTimeLimit(Duration.ofMillis(timeLimitMs));
    }
    SampleSet result = configured.solver().solve(encoded.model(), control);
    ProgressBar.finish(bar);
    SolveReport report = SolveReport.of(encoded, configured, result, control.threads());

    SampleSet listed = allSamples ? result : numSamples != null ? result.truncate(numSamples) : null;
    if (listed != null) {
      report.withSamples(listed);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.println(new ObjectMapper().writeValueAsString(report.toJson()));
    } else {
      printHuman(stdout, report.toJson(), report.answer());
    }
    stdout.flush();
    return 0;
  }

  /** Runs the problem on a vendor's machine and prints its answer with the vendor's info (timing, chains). */
  private Integer solveOnHardware(EncodedProblem encoded) throws IOException {
    Map<String, Object> extra = hybridTimeLimit == null ? Map.of() : Map.of("time_limit", hybridTimeLimit);
    HardwareParameters parameters = new HardwareParameters(solverName, numReads == null ? 100 : numReads,
        annealingTime == null ? OptionalDouble.empty() : OptionalDouble.of(annealingTime),
        chainStrength == null ? OptionalDouble.empty() : OptionalDouble.of(chainStrength), extra);
    PrintWriter err = spec.commandLine().getErr();
    HardwareResult run;
    try (HardwareBackend hardware = HardwareBackends.create(backend, System.getenv())) {
      HardwareRun hardwareRun = new HardwareRun(hardware);
      // Ctrl-C or a kill while the vendor holds the task: tell the vendor before the JVM goes, or the
      // task runs on there and is billed (a submit still in flight when the JVM goes is not caught)
      Thread cancelOnExit = new Thread(() -> {
        hardwareRun.requestCancel();
        try {
          hardwareRun.tellVendor();
          System.err.println(backend + ": stopped; the task was cancelled at the vendor if it had it");
        } catch (HardwareException | RuntimeException e) {
          System.err.println(backend + ": stopped, but the vendor's task could not be cancelled: " + e.getMessage());
        }
      }, "nq-cancel-hardware-task");
      Runtime.getRuntime().addShutdownHook(cancelOnExit);
      try {
        run = hardwareRun.run(new HardwareProblem.IsingProblem(encoded.model().toIsing()), parameters,
            task -> err.println(backend + ": submitted as " + task.vendorId()),
            status -> err.println(backend + ": " + status.state().name().toLowerCase(java.util.Locale.ROOT)));
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(cancelOnExit);
        } catch (IllegalStateException exiting) {
          // the JVM is going down: the hook is running
        }
      }
    } catch (HardwareException e) {
      err.println("error: " + backend + " failed: " + e.getMessage());
      return 1;
    }
    SampleSet result = run.samples().relabel(encoded.model());
    Answer answer = encoded.bestAnswer(result);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("problem", encoded.type());
    out.put("backend", backend);
    out.put("energy", answer.energy());
    out.put("objective", answer.objective());
    out.put("feasible", answer.feasible());
    out.put("solution", answer.solution());
    out.put("info", run.info());
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(json ? new ObjectMapper().writeValueAsString(out) : new ObjectMapper()
        .writerWithDefaultPrettyPrinter().writeValueAsString(out));
    stdout.flush();
    return 0;
  }

  /** A model file in the job API's JSON form (docs/anneal-jobs.md) rather than its text format. */
  private static boolean isJson(Path path) {
    return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  private static com.fasterxml.jackson.databind.JsonNode jsonTree(Path path) throws IOException {
    if (Files.size(path) > LpReader.MAX_BYTES) {
      throw new IllegalArgumentException(path + " is over " + LpReader.MAX_BYTES + " bytes");
    }
    try {
      return new ObjectMapper().readTree(path.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(path + " is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The registry's refusals name the option they are about. */
  private static <T> T checked(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidParameterException e) {
      throw SolverOptions.refusal(e);
    }
  }

  private static void printHuman(PrintWriter out, Map<String, Object> report, Answer answer) {
    Map<?, ?> stats = (Map<?, ?>) report.get("stats");
    out.printf("problem   %s (%s variables)%n", report.get("problem"), stats.get("num_variables"));
    out.printf("solver    %s%n", report.get("solver"));
    out.printf("energy    %s%n", answer.energy());
    for (Map.Entry<String, Object> e : answer.objective().entrySet()) {
      if (!(e.getValue() instanceof int[])) {
        out.printf("%-9s %s%n", e.getKey(), e.getValue());
      }
    }
    out.printf("feasible  %s%n", answer.feasible());
    Map<?, ?> timing = (Map<?, ?>) report.get("timing");
    out.printf("time      %.1f ms (sampling %.1f ms over all threads)%n", timing.get("total_ms"), timing.get("sampling_ms"));
    out.printf("updates   %d spin-update attempts, %.2f ns each, acceptance %.4f%n",
        stats.get("spin_updates"), stats.get("ns_per_spin_update"), stats.get("acceptance_rate"));
    out.printf("seed      %s (stop: %s)%n", stats.get("seed"), stats.get("stop_reason"));
    if (stats.get("tfim_exact") instanceof Map<?, ?> q) {
      out.printf("quantum   P(ground) %.6f, <E> %.6f after T = %s%n", q.get("ground_state_probability"),
          q.get("expected_energy"), q.get("anneal_time"));
    }
    if (report.get("samples") instanceof List<?> listed) {
      out.printf("samples   %d listed (energy × occurrences: values)%n", listed.size());
      for (Object row : listed) {
        Map<?, ?> r = (Map<?, ?>) row;
        out.printf("  %s × %s: %s%n", r.get("energy"), r.get("num_occurrences"), r.get("sample"));
      }
    }
    if (stats.get("tempering") instanceof Map<?, ?> t) {
      List<?> swaps = (List<?>) t.get("swap_acceptance");
      double min = swaps.stream().mapToDouble(x -> ((Number) x).doubleValue()).min().orElse(0);
      double max = swaps.stream().mapToDouble(x -> ((Number) x).doubleValue()).max().orElse(0);
      out.printf("tempering %d temperatures, swap acceptance %.2f..%.2f, %s round trips%n", swaps.size() + 1, min, max,
          t.get("round_trips"));
    }
    if (stats.get("postprocess") instanceof Map<?, ?> pp) {
      out.printf("%-9s best energy %s → %s%n", pp.get("method"), pp.get("best_energy_before"), pp.get("best_energy_after"));
    }
  }
}
