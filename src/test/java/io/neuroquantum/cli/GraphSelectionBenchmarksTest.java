package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-show for independent set, vertex cover and clique: {@code solve} with the default solver
 * (sa, its defaults) and a fixed seed reaches the published optimum of one benchmark instance each
 * (files and sources in src/test/resources/instances/graphs/PROVENANCE.md). The answer is checked
 * here against the file's edges as this test reads them, not through the project's reader or decoder,
 * and the published optimum itself by an exact branch and bound ({@link CliqueNumber}).
 */
class GraphSelectionBenchmarksTest {

  private static final String DIR = "graphs/";

  @Test
  void independent_set_of_sloanes_1dc64_reaches_alpha_10() throws IOException {
    Edges g = Edges.read(DIR + "1dc.64.txt");
    assertThat(CliqueNumber.of(g.adjacency(true))).as("α(1dc.64), exactly").isEqualTo(10);
    int[] set = solve("independent_set", "set", DIR + "1dc.64.txt");
    assertThat(set).hasSize(10).doesNotHaveDuplicates();
    for (int u : set) {
      for (int v : set) {
        assertThat(u != v && g.adjacent(u, v)).as("%d and %d are both in the set and adjacent", u, v).isFalse();
      }
    }
  }

  @Test
  void clique_of_dimacs_keller4_reaches_omega_11() throws IOException {
    Edges g = Edges.read(DIR + "keller4.clq");
    assertThat(CliqueNumber.of(g.adjacency(false))).as("ω(keller4), exactly").isEqualTo(11);
    int[] clique = solve("clique", "clique", DIR + "keller4.clq");
    assertThat(clique).hasSize(11).doesNotHaveDuplicates();
    for (int u : clique) {
      for (int v : clique) {
        assertThat(u == v || g.adjacent(u, v)).as("%d and %d are in the clique but not adjacent", u, v).isTrue();
      }
    }
  }

  /** NuMVC's benchmark (Cai et al. 2013): the minimum vertex cover of the complement of C125.9 is 125 − ω = 91. */
  @Test
  void vertex_cover_of_the_complement_of_dimacs_c125_9_reaches_91() throws IOException {
    Edges g = Edges.read(DIR + "C125.9.clq");
    assertThat(125 - CliqueNumber.of(g.adjacency(false))).as("n − ω(C125.9), exactly").isEqualTo(91);
    int[] cover = solve("vertex_cover", "cover", DIR + "C125.9.clq", "--complement");
    assertThat(cover).hasSize(91).doesNotHaveDuplicates();
    Set<Integer> in = new HashSet<>();
    IntStream.of(cover).forEach(in::add);
    for (int u = 0; u < g.n; u++) {
      for (int v = u + 1; v < g.n; v++) {   // the complement's edges: the pairs the file does not list
        if (!g.adjacent(u, v)) {
          assertThat(in.contains(u) || in.contains(v)).as("complement edge %d-%d uncovered", u, v).isTrue();
        }
      }
    }
  }

  /**
   * 1dc.64 is Sloane's single-deletion-correcting-code graph: vertex v is the 6-bit word v − 1, two
   * words adjacent when deleting one bit from each can give the same 5-bit word. The committed file
   * is that graph, edge for edge.
   */
  @Test
  void sloanes_1dc64_file_is_the_single_deletion_graph() throws IOException {
    Edges file = Edges.read(DIR + "1dc.64.txt");
    Set<Long> generated = new HashSet<>();
    for (int a = 0; a < 64; a++) {
      for (int b = a + 1; b < 64; b++) {
        Set<String> shared = deletions(a);
        shared.retainAll(deletions(b));
        if (!shared.isEmpty()) {
          generated.add(Edges.key(a, b));
        }
      }
    }
    assertThat(file.n).isEqualTo(64);
    assertThat(file.edges).isEqualTo(generated).hasSize(543);
  }

  @Test
  void complement_is_refused_where_it_does_not_apply_and_before_a_huge_complement_is_built(@TempDir Path dir)
      throws IOException {
    Path tiny = Files.writeString(dir.resolve("tiny.col"), "p edge 3 1\ne 1 2\n");
    CliRunner.Result maxcut = CliRunner.run("solve", "--problem", "maxcut", "--format", "dimacs", "--complement",
        tiny.toString());
    assertThat(maxcut.exitCode()).isNotZero();
    assertThat(maxcut.err()).contains("--complement applies to independent_set, vertex_cover and clique");

    // 200 000 vertices, no edges: 20 bytes of header whose complement would have ~2·10¹⁰ edges
    Path sparse = Files.writeString(dir.resolve("sparse.col"), "p edge 200000 0\n");
    for (String[] args : new String[][] {{"--problem", "clique"}, {"--problem", "independent_set", "--complement"}}) {
      CliRunner.Result r = CliRunner.run(concat(concat(new String[] {"solve"}, args), sparse.toString()));
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.err()).contains("the complement of a graph of 200000 vertices has 19999900000 edges");
    }

    CliRunner.Result gset = CliRunner.run("solve", "--problem", "vertex_cover", "--format", "gset", tiny.toString());
    assertThat(gset.exitCode()).isNotZero();
    assertThat(gset.err()).contains("a vertex_cover problem cannot be read from gset format");
  }

  /** Runs {@code solve} with its default solver and seed 1; returns the answer's vertex list under {@code key}. */
  private static int[] solve(String problem, String key, String instance, String... extra) throws IOException {
    String[] args = concat(new String[] {"solve", "--problem", problem, "--seed", "1", "--json"}, extra);
    CliRunner.Result r = CliRunner.run(concat(args, TestInstances.path(instance).toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("solver").asText()).isEqualTo("sa");
    assertThat(json.path("feasible").asBoolean()).isTrue();
    JsonNode vertices = json.path("objective").path(key);
    assertThat(json.path("objective").path("size").asInt()).isEqualTo(vertices.size());
    System.out.printf("%s on %s: size %d in %.0f ms%n", problem, instance, vertices.size(),
        json.path("timing").path("total_ms").asDouble());
    return IntStream.range(0, vertices.size()).map(i -> vertices.get(i).asInt()).toArray();
  }

  private static Set<String> deletions(int word) {
    String s = String.format("%6s", Integer.toBinaryString(word)).replace(' ', '0');
    Set<String> out = new HashSet<>();
    for (int i = 0; i < s.length(); i++) {
      out.add(s.substring(0, i) + s.substring(i + 1));
    }
    return out;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A DIMACS graph as this test reads it: {@code p} gives n, each {@code e u v} (1-based) an edge; 0-based here. */
  private record Edges(int n, Set<Long> edges) {

    static Edges read(String instance) throws IOException {
      int n = -1;
      Set<Long> edges = new HashSet<>();
      try (Reader in = TestInstances.open(instance); BufferedReader lines = new BufferedReader(in)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          String[] f = line.trim().split("\\s+");
          if (f[0].equals("p")) {
            n = Integer.parseInt(f[2]);
          } else if (f[0].equals("e")) {
            edges.add(key(Integer.parseInt(f[1]) - 1, Integer.parseInt(f[2]) - 1));
          }
        }
      }
      assertThat(n).as("problem line of " + instance).isPositive();
      return new Edges(n, edges);
    }

    boolean adjacent(int u, int v) {
      return edges.contains(key(u, v));
    }

    /** Rows of 64-bit words: bit v of row u is set when u and v are adjacent (in the complement, if asked). */
    long[][] adjacency(boolean complement) {
      long[][] rows = new long[n][(n + 63) / 64];
      for (int u = 0; u < n; u++) {
        for (int v = 0; v < n; v++) {
          if (u != v && adjacent(u, v) != complement) {
            rows[u][v >> 6] |= 1L << v;
          }
        }
      }
      return rows;
    }

    static long key(int u, int v) {
      return (long) Math.min(u, v) << 32 | Math.max(u, v);
    }
  }

  /**
   * The clique number, exactly: Tomita and Seki's MCQ (2003) on bitsets. Vertices of the candidate set
   * are greedily coloured (a colour class is an independent set, so a clique takes at most one vertex
   * of each); branching from the highest colour down, a branch whose size plus colour cannot beat the
   * best clique so far is cut. keller4 and C125.9 take well under a second.
   */
  static final class CliqueNumber {
    private final long[][] adj;
    private final int words;
    private int best;

    private CliqueNumber(long[][] adj) {
      this.adj = adj;
      this.words = adj.length == 0 ? 0 : adj[0].length;
    }

    static int of(long[][] graph) {
      long[][] adj = byDescendingDegree(graph);
      CliqueNumber search = new CliqueNumber(adj);
      long[] all = new long[search.words];
      for (int v = 0; v < adj.length; v++) {
        all[v >> 6] |= 1L << v;
      }
      search.expand(all, 0);
      return search.best;
    }

    /**
     * The same graph with its vertices renumbered, highest degree first: colouring then starts with the
     * vertices most likely to be in a large clique (MCQ's initial order); C125.9 takes 0.7 s this way
     * and 43 s the other way round. The clique number does not depend on the numbering.
     */
    private static long[][] byDescendingDegree(long[][] adj) {
      int n = adj.length;
      Integer[] order = new Integer[n];
      int[] degree = new int[n];
      for (int v = 0; v < n; v++) {
        order[v] = v;
        for (long w : adj[v]) {
          degree[v] += Long.bitCount(w);
        }
      }
      java.util.Arrays.sort(order, (a, b) -> Integer.compare(degree[b], degree[a]));
      long[][] renumbered = new long[n][adj.length == 0 ? 0 : adj[0].length];
      for (int x = 0; x < n; x++) {
        for (int y = 0; y < n; y++) {
          if ((adj[order[x]][order[y] >> 6] >>> order[y] & 1) != 0) {
            renumbered[x][y >> 6] |= 1L << y;
          }
        }
      }
      return renumbered;
    }

    private void expand(long[] candidates, int size) {
      int count = 0;
      for (long w : candidates) {
        count += Long.bitCount(w);
      }
      int[] order = new int[count];
      int[] colour = new int[count];
      long[] uncoloured = candidates.clone();
      long[] free = new long[words];
      for (int placed = 0, k = 0; placed < count; ) {
        k++;
        System.arraycopy(uncoloured, 0, free, 0, words);   // colour class k: greedily, non-adjacent vertices
        for (int i = 0; i < words; i++) {
          while (free[i] != 0) {
            int v = i * 64 + Long.numberOfTrailingZeros(free[i]);
            uncoloured[i] &= ~(1L << v);
            free[i] &= ~(1L << v);
            for (int j = 0; j < words; j++) {
              free[j] &= ~adj[v][j];
            }
            order[placed] = v;
            colour[placed++] = k;
          }
        }
      }
      for (int i = count - 1; i >= 0; i--) {
        if (size + colour[i] <= best) {
          return;
        }
        int v = order[i];
        long[] next = new long[words];
        boolean any = false;
        for (int j = 0; j < words; j++) {
          next[j] = candidates[j] & adj[v][j];
          any |= next[j] != 0;
        }
        if (any) {
          expand(next, size + 1);
        } else {
          best = Math.max(best, size + 1);
        }
        candidates[v >> 6] &= ~(1L << v);
      }
    }
  }
}
