package io.neuroquantum.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workload the build's AOT cache is trained on ({@code target/neuroquantum.aot}, JDK 25+:
 * {@code java -XX:AOTCacheOutput=… -cp neuroquantum.jar io.neuroquantum.cli.AotTraining}, run by the
 * {@code aot-cache} Maven profile). It runs the command line as a user would, several solves in one
 * JVM so that the cache holds the classes and the method profiles of each path: sa on the bit-sliced
 * kernel (a ±1 torus, as G11) and on the scalar kernel (a weighted random graph), pt, a QUBO file with
 * JSON and human output. The models are generated here, so the build needs no data files. Not a user
 * command: it prints only a summary line (and the output of a solve that failed).
 *
 * <p>What it trains on is a trade-off, measured (docs/annealing.md, "First solve"): the cache holds one
 * profile per method for every instance. A wider training (a dense G1-like graph for sa and pt, which
 * covers the many-plane branches of the bit-sliced kernel that otherwise deoptimise once on a dense
 * first solve, plus sqa, tabu, DIMACS and TSPLIB runs) made G11's pt slower warm (process CPU per
 * update 1.5 → 2.5 ns under load) and G1's first solve no faster, so it is not used.
 */
public final class AotTraining {

  private AotTraining() {
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("nq-aot-training");
    try {
      Path torus = Files.writeString(dir.resolve("torus.gset"), torus(24, new SplittableRandom(1)));
      Path random = Files.writeString(dir.resolve("random.gset"), weightedRandom(400, 8, new SplittableRandom(2)));
      Path qubo = Files.writeString(dir.resolve("q.coo"), "0 0 -1\n1 1 -1\n0 1 2\n2 2 1\n1 2 -3\n");
      List<String[]> runs = List.of(
          solve(torus, "--sweeps", "3000", "--json"),
          solve(torus, "--sweeps", "1000"),
          solve(random, "--sweeps", "1500", "--reads", "16", "--json"),
          solve(torus, "--solver", "pt", "--sweeps", "400", "--json"),
          new String[] {"solve", "--problem", "qubo", "--input", qubo.toString(), "--solver", "exact", "--json"});
      int failures = 0;
      for (String[] run : runs) {
        var cl = Main.commandLine();
        Writer sink = new StringWriter();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        if (cl.execute(run) != 0) {
          failures++;
          System.out.println("AOT training: failed: " + String.join(" ", run) + "\n" + sink);
        }
      }
      System.out.println("AOT training: " + runs.size() + " solves, " + failures + " failed");
      if (failures > 0) {
        System.exit(1);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String[] solve(Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("solve", "--problem", "maxcut", "--input", input.toString(),
        "--seed", "1", "--threads", "1"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** An L×L ±1 torus in G-set format (1-based vertices). */
  private static String torus(int side, SplittableRandom rnd) {
    StringBuilder edges = new StringBuilder();
    int m = 0;
    for (int i = 0; i < side * side; i++) {
      int r = i / side;
      int c = i % side;
      for (int j : new int[] {r * side + (c + 1) % side, ((r + 1) % side) * side + c}) {
        edges.append(i + 1).append(' ').append(j + 1).append(' ').append(rnd.nextBoolean() ? 1 : -1).append('\n');
        m++;
      }
    }
    return side * side + " " + m + "\n" + edges;
  }

  /** A random graph of n vertices and about n·degree/2 edges with weights 1..9 (the scalar kernel's). */
  private static String weightedRandom(int n, int degree, SplittableRandom rnd) {
    StringBuilder edges = new StringBuilder();
    int m = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < degree / 2; k++) {
        int j = rnd.nextInt(n);
        if (j > i) {
          edges.append(i + 1).append(' ').append(j + 1).append(' ').append(1 + rnd.nextInt(9)).append('\n');
          m++;
        }
      }
    }
    return n + " " + m + "\n" + edges;
  }
}
