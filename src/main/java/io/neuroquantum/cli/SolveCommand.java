package io.neuroquantum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.quantum.TfimExactResult;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.ProgressListener;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.solvers.TemperingResult;
import io.neuroquantum.annealing.solvers.TemperingStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solve}: reads a problem file, solves it offline and prints the answer (blueprint §3.1). */
@Command(name = "solve", mixinStandardHelpOptions = true,
    description = "Solve a Max-Cut, colouring, TSP, QUBO or Ising problem from a file.")
public final class SolveCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--problem", required = true, description = "maxcut | coloring | tsp | qubo | ising")
  String problem;

  @Option(names = "--input", required = true, description = "the problem file")
  Path input;

  @Option(names = "--format", description = "gset | dimacs | tsplib | coo | bqp (default: the problem's usual one;"
      + " bqp for a QUBO file named like OR-Library's, bqp250.txt)")
  String format;

  @Option(names = "--instance", description = "bqp: which instance of the multi-instance file, 1-based")
  Integer instance;

  @Option(names = "--colors", description = "number of colours for --problem coloring")
  Integer colors;

  @Option(names = "--solver", defaultValue = "sa", description = "sa | pt | exact | sqa | tfim-exact (default: ${DEFAULT-VALUE})")
  String solver;

  @Option(names = "--sweeps", description = "sweeps per read (sa default: 10000; pt: per replica, default 4000)")
  Integer sweeps;

  @Option(names = "--reads", description = "independent reads (sa default: 64; pt: independent tempering runs, default 64 for ±J models, else 8)")
  Integer reads;

  @Option(names = "--replicas", description = "pt: temperatures in the ladder (default: from the model's size)")
  Integer replicas;

  @Option(names = "--ladder", description = "pt: geometric | feedback (default: geometric)")
  String ladder;

  @Option(names = "--cluster-moves", description = "pt: Houdayer cluster moves between pairs of runs")
  boolean clusterMoves;

  @Option(names = "--single-flips", description = "pt: no one-hot preserving moves for colouring and TSP")
  boolean singleFlips;

  @Option(names = "--exchange-interval", description = "pt: sweeps between replica exchanges (default: 1, 4 for ±J models)")
  Integer exchangeInterval;

  @Option(names = {"--slices", "--trotter"}, description = "sqa: Trotter slices M (default: 32)")
  Integer slices;

  @Option(names = "--gamma0", description = "sqa, tfim-exact: initial transverse field (default: 3x the typical local field)")
  Double gamma0;

  @Option(names = "--gamma-final", description = "sqa, tfim-exact: final transverse field (default: 1/100 of the typical local field)")
  Double gammaFinal;

  @Option(names = "--field-schedule", description = "sqa: linear | exponential:rate | adaptive:threshold; tfim-exact: linear | exponential:rate")
  String fieldSchedule;

  @Option(names = "--anneal-time", description = "tfim-exact: anneal duration T in units of 1/energy (default: 100 / typical local field)")
  Double annealTime;

  @Option(names = "--schedule", description = "geometric | linear beta schedule (sa)")
  String schedule;

  @Option(names = "--time-limit-ms", description = "stop after this long and keep the best found")
  Long timeLimitMs;

  @Option(names = "--seed", description = "random seed (default: random, reported in the output)")
  Long seed;

  @Option(names = "--threads", description = "worker threads (default: all cores); the answer does not depend on it")
  Integer threads;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

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
    ProblemReader.ProblemType type = ProblemReader.ProblemType.parse(problem);
    ProblemReader.Format fmt = format == null ? null : ProblemReader.Format.parse(format);
    EncodedProblem encoded;
    try (Reader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      encoded = ProblemReader.read(type, fmt, reader, input.getFileName().toString(), colors, instance,
          DeclaredSize.ANY);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + input);
    }
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
    SolverChoice choice = SolverChoice.parse(solver);
    Solver s = choice.create(sweeps, reads, actualSeed, schedule, "auto",
        new SolverChoice.TemperingOptions(replicas, ladder, clusterMoves, exchangeInterval),
        new SolverChoice.QuantumOptions(slices, gamma0, gammaFinal, fieldSchedule, annealTime));

    ProgressListener bar = ProgressBar.forTerminal();
    RunControl control = RunControl.defaults().withProgress(bar, Duration.ofMillis(200));
    if (threads != null) {
      control = control.withThreads(threads);
    }
    if (timeLimitMs != null) {
      control = control.withTimeLimit(Duration.ofMillis(timeLimitMs));
    }
    TemperingStats tempering = null;
    Map<String, Object> quantumExact = null;
    SampleSet result;
    if (s instanceof TfimExactSolver exactQuantum) {
      TfimExactResult run = exactQuantum.run(encoded.model(), control);
      result = run.samples();
      quantumExact = new LinkedHashMap<>();
      quantumExact.put("ground_state_probability", run.groundStateProbability());
      quantumExact.put("expected_energy", run.expectedEnergy());
      quantumExact.put("anneal_time", run.annealTime());
      quantumExact.put("integrator_steps", run.integration().steps());
    } else if (s instanceof ParallelTempering pt) {
      if (!singleFlips && encoded.oneHotGroups() != null) {
        pt = new ParallelTempering(pt.config().withOneHotGroups(encoded.oneHotGroups()));
      }
      TemperingResult run = pt.run(encoded.model(), control);
      result = run.samples();
      tempering = run.stats();
    } else {
      result = s.solve(encoded.model(), control);
    }
    ProgressBar.finish(bar);
    Answer answer = encoded.bestAnswer(result);

    Map<String, Object> out = report(encoded, s, answer, result, actualSeed, control.threads());
    if (tempering != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> stats = (Map<String, Object>) out.get("stats");
      stats.put("tempering", temperingReport(tempering));
    }
    if (quantumExact != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> stats = (Map<String, Object>) out.get("stats");
      stats.put("tfim_exact", quantumExact);
    }
    SampleSet listed = allSamples ? result : numSamples != null ? result.truncate(numSamples) : null;
    if (listed != null) {
      out.put("samples", SampleListing.of(listed));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.println(new ObjectMapper().writeValueAsString(out));
    } else {
      printHuman(stdout, out, answer);
    }
    stdout.flush();
    return 0;
  }

  private Map<String, Object> report(EncodedProblem encoded, Solver s, Answer answer, SampleSet result,
      long actualSeed, int threadCount) {
    SamplingStats st = result.stats();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("problem", encoded.type());
    out.put("solver", s.name());
    out.put("energy", answer.energy());
    out.put("objective", answer.objective());
    out.put("feasible", answer.feasible());
    out.put("solution", answer.solution());
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("total_ms", result.timing().totalMillis());
    timing.put("sampling_ms", result.timing().samplingMillis());
    out.put("timing", timing);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("spin_updates", st.spinUpdateAttempts());
    stats.put("ns_per_spin_update", st.nsPerSpinUpdate());
    stats.put("accepted_flips", st.acceptedFlips());
    stats.put("acceptance_rate", st.acceptanceRate());
    stats.put("sweeps", st.sweeps());
    stats.put("reads", st.reads());
    stats.put("distinct_samples", result.samples().size());
    stats.put("best_energy_occurrences", result.best().occurrences());
    stats.put("stop_reason", st.stopReason());
    stats.put("num_variables", encoded.model().numVariables());
    stats.put("num_interactions", encoded.model().numInteractions());
    stats.put("seed", actualSeed);
    stats.put("threads", threadCount);
    out.put("stats", stats);
    return out;
  }

  private static Map<String, Object> temperingReport(TemperingStats t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("betas", t.betas());
    m.put("swap_acceptance", t.swapAcceptance());
    m.put("round_trips", t.totalRoundTrips());
    m.put("round_trips_per_replica", t.roundTrips());
    m.put("exchange_rounds", t.exchangeRounds());
    m.put("cluster_moves", t.clusterMoves());
    m.put("mean_cluster_size", t.meanClusterSize());
    m.put("best_energy_trace", t.bestEnergyTrace().stream()
        .map(p -> List.of(p.sweep(), p.elapsedMs(), p.energy())).toList());
    return m;
  }

  private static void printHuman(PrintWriter out, Map<String, Object> report, Answer answer) {
    out.printf("problem   %s (%s variables)%n", report.get("problem"),
        ((Map<?, ?>) report.get("stats")).get("num_variables"));
    out.printf("solver    %s%n", report.get("solver"));
    out.printf("energy    %s%n", answer.energy());
    for (Map.Entry<String, Object> e : answer.objective().entrySet()) {
      if (!(e.getValue() instanceof int[])) {
        out.printf("%-9s %s%n", e.getKey(), e.getValue());
      }
    }
    out.printf("feasible  %s%n", answer.feasible());
    Map<?, ?> timing = (Map<?, ?>) report.get("timing");
    Map<?, ?> stats = (Map<?, ?>) report.get("stats");
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
        out.printf("  %s × %s: %s%n", r.get("energy"), r.get("num_occurrences"),
            java.util.Arrays.toString((int[]) r.get("sample")));
      }
    }
    if (stats.get("tempering") instanceof Map<?, ?> t) {
      double[] swaps = (double[]) t.get("swap_acceptance");
      out.printf("tempering %d temperatures, swap acceptance %.2f..%.2f, %s round trips%n", swaps.length + 1,
          java.util.Arrays.stream(swaps).min().orElse(0), java.util.Arrays.stream(swaps).max().orElse(0),
          t.get("round_trips"));
    }
  }
}
