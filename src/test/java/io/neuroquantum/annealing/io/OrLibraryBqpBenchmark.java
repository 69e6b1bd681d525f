package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.OrLibraryBqp;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every bqp250, bqp500 and bqp1000 instance solved with the defaults {@code solve} picks (SA, 64
 * reads × 10000 sweeps, all cores), seed 1, read from the original OR-Library files. Not a test: run
 * with {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=OrLibraryBqpBenchmark
 * -DskipClientTests} ({@code -Dnq.data=…} points at the shared data set, {@code -Dnq.bqp.files=bqp250}
 * picks files). Prints the Markdown table of docs/bqp.md.
 *
 * <p>Time to target: the elapsed time of the first progress report (every 20 ms, and when a read
 * ends) whose best energy is the best-known one; SA's best energy only changes when a read ends, so
 * this is when the first read that reached the value finished.
 */
@Tag("benchmark")
class OrLibraryBqpBenchmark {

  @Test
  void everyInstanceWithTheDefaults() throws IOException {
    Path dir = Path.of(System.getProperty("nq.data", "../shared/data"), "qubo", "orlib");
    List<String> files = List.of(System.getProperty("nq.bqp.files", "bqp250,bqp500,bqp1000").split(","));
    StringBuilder table = new StringBuilder(
        "| instance | n | best-known | found | time to target (ms) | full run (ms) |\n|---|---|---|---|---|---|\n");
    for (String file : files) {
      for (int k = 1; k <= 10; k++) {
        Qubo qubo;
        try (Reader r = Files.newBufferedReader(dir.resolve(file + ".txt"), StandardCharsets.US_ASCII)) {
          qubo = OrLibraryBqpReader.read(r, file, k, DeclaredSize.ANY);
        }
        double target = -OrLibraryBestKnown.of(file, k);
        AtomicLong hitNanos = new AtomicLong(-1);
        RunControl control = RunControl.defaults().withProgress(p -> {
          if (p.bestEnergy() <= target) {
            hitNanos.compareAndSet(-1, p.elapsedNanos());
          }
        }, Duration.ofMillis(20));
        long start = System.nanoTime();
        SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1)).solve(qubo, control);
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        String row = String.format(Locale.ROOT, "| %s-%d | %d | %d | %.0f | %s | %d |%n", file, k, qubo.numVariables(),
            OrLibraryBestKnown.of(file, k), OrLibraryBqp.value(result.bestEnergy()),
            hitNanos.get() < 0 ? "not reached" : String.valueOf(hitNanos.get() / 1_000_000), totalMs);
        System.out.print(row);
        table.append(row);
      }
    }
    System.out.println(table);
  }
}
