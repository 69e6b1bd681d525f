package io.neuroquantum.cli;

import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TrotterReplica;
import io.neuroquantum.annealing.solvers.RunControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench sqa --input G11 --sweeps 200 --slices 32}: the SQA kernel's ns per spin-slice update
 * attempt on one thread after warm-up runs, median of the measured runs (seeds fixed).
 */
@Command(name = "sqa", mixinStandardHelpOptions = true,
    description = "Simulated-quantum-annealing kernel speed (ns per spin-slice update attempt) on a problem file.")
public final class SqaBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--problem", defaultValue = "maxcut", description = "problem type (default: ${DEFAULT-VALUE})")
  String problem;

  @Option(names = "--input", required = true, description = "the problem file")
  Path input;

  @Option(names = "--format", description = "file format (default: the problem's usual one)")
  String format;

  @Option(names = "--sweeps", defaultValue = "200", description = "sweeps per read (default: ${DEFAULT-VALUE})")
  int sweeps;

  @Option(names = "--reads", defaultValue = "4", description = "reads per run (default: ${DEFAULT-VALUE})")
  int reads;

  @Option(names = {"--slices", "--trotter"}, defaultValue = "32", description = "Trotter slices (default: ${DEFAULT-VALUE})")
  int slices;

  @Option(names = "--layout", defaultValue = "slice_major", description = "slice_major | spin_major (default: ${DEFAULT-VALUE})")
  String layout;

  @Option(names = "--warmups", defaultValue = "2", description = "unmeasured runs first (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--repeats", defaultValue = "5", description = "measured runs (default: ${DEFAULT-VALUE})")
  int repeats;

  @Override
  public Integer call() throws IOException {
    EncodedProblem encoded;
    try (Reader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      encoded = ProblemReader.read(ProblemReader.ProblemType.parse(problem),
          format == null ? null : ProblemReader.Format.parse(format), reader, input.getFileName().toString(), null);
    }
    SimulatedQuantumAnnealing s = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults()
        .withSweeps(sweeps).withReads(reads).withSlices(slices)
        .withLayout(TrotterReplica.Layout.valueOf(layout.toUpperCase(Locale.ROOT))));
    RunControl control = RunControl.defaults().withThreads(1);
    PrintWriter out = spec.commandLine().getOut();
    for (int w = 0; w < warmups; w++) {
      s.solve(encoded.model(), control);
    }
    List<Double> ns = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      SampleSet result = s.solve(encoded.model(), control);
      ns.add(result.stats().nsPerSpinUpdate());
      out.printf("run %d: %.3f ns per spin-slice update attempt, acceptance %.4f, best energy %s%n", r + 1,
          result.stats().nsPerSpinUpdate(), result.stats().acceptanceRate(), result.bestEnergy());
    }
    ns.sort(null);
    out.printf("sqa (%s, M = %d) on %s: median %.3f ns, min %.3f ns per spin-slice update attempt%n", layout, slices,
        input.getFileName(), ns.get(ns.size() / 2), ns.get(0));
    out.flush();
    return 0;
  }
}
