package io.neuroquantum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solve.InvalidParameterException;
import io.neuroquantum.annealing.solve.SolverRegistry;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench sa --input G22 --sweeps 1000}: kernel speed in ns per spin-update attempt, measured on
 * one thread after warm-up runs, repeated; prints each run and the median. Seeds are fixed, so the
 * work is identical across runs and machines.
 */
@Command(name = "sa", mixinStandardHelpOptions = true,
    description = "Simulated-annealing kernel speed (ns per spin-update attempt) on a problem file.")
public final class BenchCommand implements Callable<Integer> {

  /** {@code bench}: the parent of the benchmark commands. */
  @Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.class, SqaBenchCommand.class, WsBenchCommand.class},
      description = "Reproducible benchmarks: `bench sa` (annealing kernel), `bench sqa` (path-integral kernel), `bench ws` (a running server).")
  public static final class Group implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.err);
    }
  }

  @Spec
  CommandSpec spec;

  private final String solver = "sa";

  @Option(names = "--problem", defaultValue = "maxcut", description = "problem type (default: ${DEFAULT-VALUE})")
  String problem;

  @Option(names = "--input", required = true, description = "the problem file")
  Path input;

  @Option(names = "--format", description = "file format (default: the problem's usual one)")
  String format;

  @Option(names = "--colors", description = "number of colours for --problem coloring")
  Integer colors;

  @Option(names = "--sweeps", defaultValue = "1000", description = "sweeps per read (default: ${DEFAULT-VALUE})")
  int sweeps;

  @Option(names = "--reads", defaultValue = "10", description = "reads per run (default: ${DEFAULT-VALUE})")
  int reads;

  @Option(names = "--warmups", defaultValue = "3", description = "unmeasured runs first (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--repeats", defaultValue = "5", description = "measured runs (default: ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--threads", defaultValue = "1", description = "threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--kernel",
      description = "sa: auto (multi-spin coded for ±J models) | scalar (dwave-samplers' loop) (default: auto)")
  String kernel;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws IOException {
    EncodedProblem encoded;
    try (Reader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      encoded = ProblemReader.read(ProblemReader.ProblemType.parse(problem),
          format == null ? null : ProblemReader.Format.parse(format), reader, input.getFileName().toString(), colors);
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("sweeps", sweeps);
    parameters.put("reads", reads);
    parameters.put("kernel", kernel);   // null (not given) for solvers without kernels
    Solver s;
    try {
      s = SolverRegistry.configure(solver, parameters, encoded.oneHotGroups()).solver();
    } catch (InvalidParameterException e) {
      throw SolverOptions.refusal(e);
    }
    String kernelName = kernel == null ? "auto" : kernel;
    RunControl control = RunControl.defaults().withThreads(threads);
    PrintWriter out = spec.commandLine().getOut();
    for (int w = 0; w < warmups; w++) {
      s.solve(encoded.model(), control);
    }
    List<Double> nsPerUpdate = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repeats; r++) {
      SampleSet result = s.solve(encoded.model(), control);
      nsPerUpdate.add(result.stats().nsPerSpinUpdate());
      best = Math.min(best, result.bestEnergy());
      if (!json) {
        out.printf("run %d: %.3f ns per spin-update attempt, acceptance %.4f, best energy %s%n", r + 1,
            result.stats().nsPerSpinUpdate(), result.stats().acceptanceRate(), result.bestEnergy());
      }
    }
    List<Double> sorted = new ArrayList<>(nsPerUpdate);
    sorted.sort(null);
    double median = sorted.get(sorted.size() / 2);
    if (json) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("solver", s.name());
      report.put("input", input.getFileName().toString());
      report.put("num_variables", encoded.model().numVariables());
      report.put("num_interactions", encoded.model().numInteractions());
      report.put("sweeps", sweeps);
      report.put("reads", reads);
      report.put("threads", threads);
      report.put("kernel", kernelName);
      report.put("ns_per_spin_update", nsPerUpdate);
      report.put("median_ns_per_spin_update", median);
      report.put("min_ns_per_spin_update", sorted.get(0));
      report.put("best_energy", best);
      out.println(new ObjectMapper().writeValueAsString(report));
    } else {
      out.printf("%s (%s kernel) on %s (%d variables, %d couplings), %d sweeps x %d reads, %d thread(s): median %.3f ns, min %.3f ns per attempt%n",
          s.name(), kernelName, input.getFileName(), encoded.model().numVariables(), encoded.model().numInteractions(), sweeps,
          reads, threads, median, sorted.get(0));
    }
    out.flush();
    return 0;
  }
}
