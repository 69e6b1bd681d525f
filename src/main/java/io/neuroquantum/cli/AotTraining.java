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
 * kernel (a sparse ±1 torus, as G11, and a dense unit-weight graph, as G1) and on the scalar kernel (a
 * weighted random graph), pt with and without cluster moves, sqa, tabu, a DIMACS colouring, a TSPLIB
 * tour and a QUBO file, with JSON and human output. The models are generated here, so the build needs no data files. Not a user
 * command: it prints only a summary line.
 */
public final class AotTraining {

  private AotTraining() {
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("nq-aot-training");
    try {
      Path torus = Files.writeString(dir.resolve("torus.gset"), torus(24, new SplittableRandom(1)));
      Path dense = Files.writeString(dir.resolve("dense.gset"), unweightedRandom(800, 0.06, new SplittableRandom(3)));
      Path random = Files.writeString(dir.resolve("random.gset"), weightedRandom(400, 8, new SplittableRandom(2)));
      Path qubo = Files.writeString(dir.resolve("q.coo"), "0 0 -1\n1 1 -1\n0 1 2\n2 2 1\n1 2 -3\n");
      Path ring = Files.writeString(dir.resolve("ring.col"), ring(30));
      Path cities = Files.writeString(dir.resolve("cities.tsp"), cities(8, new SplittableRandom(4)));
      List<String[]> runs = List.of(
          // sa, bit-sliced kernel: a sparse torus (G11-like, few bit planes) and a dense graph
          // (G1-like, degree ~48: the branches of many planes and of the geometric acceptance digits,
          // which the torus never takes; without them the cached profile makes C2 compile a kernel
          // that deoptimises on the first dense solve)
          solve(torus, "--sweeps", "3000", "--json"),
          solve(torus, "--sweeps", "1000"),
          solve(dense, "--sweeps", "1000", "--json"),
          // sa, scalar kernel (weighted)
          solve(random, "--sweeps", "1500", "--reads", "16", "--json"),
          // pt with cluster moves (the torus) and without (the dense graph)
          solve(torus, "--solver", "pt", "--sweeps", "400", "--json"),
          solve(dense, "--solver", "pt", "--sweeps", "100", "--json"),
          // sqa and tabu, and the other readers: QUBO (coo), DIMACS colouring, TSPLIB
          solve(torus, "--solver", "sqa", "--sweeps", "100", "--json"),
          solve(random, "--solver", "tabu", "--iterations", "20000", "--json"),
          new String[] {"solve", "--problem", "coloring", "--colors", "3", "--input", ring.toString(), "--seed", "1",
              "--threads", "1", "--sweeps", "500", "--json"},
          new String[] {"solve", "--problem", "tsp", "--input", cities.toString(), "--solver", "pt", "--seed", "1",
              "--threads", "1", "--sweeps", "200", "--json"},
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

  /** A G(n, p) random graph with unit weights in G-set format, as G1 (the bit-sliced kernel's, dense). */
  private static String unweightedRandom(int n, double p, SplittableRandom rnd) {
    StringBuilder edges = new StringBuilder();
    int m = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < p) {
          edges.append(i + 1).append(' ').append(j + 1).append(" 1\n");
          m++;
        }
      }
    }
    return n + " " + m + "\n" + edges;
  }

  /** A cycle of n vertices with chords to the vertex two ahead, in DIMACS colouring format. */
  private static String ring(int n) {
    StringBuilder text = new StringBuilder("p edge " + n + " " + 2 * n + "\n");
    for (int i = 0; i < n; i++) {
      text.append("e ").append(i + 1).append(' ').append((i + 1) % n + 1).append('\n');
      text.append("e ").append(i + 1).append(' ').append((i + 2) % n + 1).append('\n');
    }
    return text.toString();
  }

  /** n random cities in TSPLIB EUC_2D format. */
  private static String cities(int n, SplittableRandom rnd) {
    StringBuilder text = new StringBuilder("NAME: training\nTYPE: TSP\nDIMENSION: " + n
        + "\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n");
    for (int i = 0; i < n; i++) {
      text.append(i + 1).append(' ').append(rnd.nextInt(1000)).append(' ').append(rnd.nextInt(1000)).append('\n');
    }
    return text.append("EOF\n").toString();
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
