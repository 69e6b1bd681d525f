package io.neuroquantum.annealing.hardware.embedding;

import io.neuroquantum.annealing.model.QuadraticModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interaction graph of a logical problem: variables 0..n-1, an edge wherever a coupling is
 * non-zero. Equal graphs have equal {@link #key()}s, which is what embeddings are cached by.
 */
public final class ProblemGraph {

  private final int numVariables;
  private final int[][] neighbours;
  private final int[][] edges;

  private ProblemGraph(int numVariables, int[][] edges) {
    this.numVariables = numVariables;
    this.edges = edges;
    List<List<Integer>> adjacency = new ArrayList<>();
    for (int i = 0; i < numVariables; i++) {
      adjacency.add(new ArrayList<>());
    }
    for (int[] e : edges) {
      adjacency.get(e[0]).add(e[1]);
      adjacency.get(e[1]).add(e[0]);
    }
    this.neighbours = new int[numVariables][];
    for (int i = 0; i < numVariables; i++) {
      neighbours[i] = adjacency.get(i).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }
  }

  public static ProblemGraph of(QuadraticModel model) {
    List<int[]> edges = new ArrayList<>();
    model.forEachInteraction((i, j, value) -> {
      if (value != 0) {
        edges.add(new int[] {Math.min(i, j), Math.max(i, j)});
      }
    });
    return of(model.numVariables(), edges.toArray(int[][]::new));
  }

  public static ProblemGraph of(int numVariables, int[][] edges) {
    int[][] sorted = Arrays.stream(edges)
        .map(e -> new int[] {Math.min(e[0], e[1]), Math.max(e[0], e[1])})
        .sorted((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]))
        .toArray(int[][]::new);
    for (int[] e : sorted) {
      if (e[0] == e[1] || e[0] < 0 || e[1] >= numVariables) {
        throw new IllegalArgumentException("edge " + Arrays.toString(e) + " is not between two of "
            + numVariables + " variables");
      }
    }
    return new ProblemGraph(numVariables, sorted);
  }

  public int numVariables() {
    return numVariables;
  }

  public int[] neighbours(int v) {
    return neighbours[v];
  }

  /** Edges with the smaller variable first, sorted. */
  public int[][] edges() {
    return edges;
  }

  /** Identifies the graph: the variable count and the sorted edge list. */
  public String key() {
    StringBuilder sb = new StringBuilder().append(numVariables).append(':');
    for (int[] e : edges) {
      sb.append(e[0]).append('-').append(e[1]).append(',');
    }
    return sb.toString();
  }
}
