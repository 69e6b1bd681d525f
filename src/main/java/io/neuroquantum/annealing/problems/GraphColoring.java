package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.Qubo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;

/**
 * Graph colouring with k colours in one-hot encoding: variable {@code v·k + c} is 1 when vertex v has
 * colour c. The objective counts conflicts (an edge whose ends share a colour), and a one-hot
 * constraint per vertex asks for exactly one colour; a proper colouring has energy 0.
 *
 * <p>The default one-hot penalty is {@link #DEFAULT_PENALTY}: large enough that a vertex prefers a
 * colour with one conflict to having none, small enough that recolouring a vertex (one flip on, one
 * off) stays cheap for the annealer.
 *
 * @param <V> the graph's vertex type; vertex i is the i-th in the graph's iteration order
 */
public final class GraphColoring<V> {

  public static final double DEFAULT_PENALTY = 2.0;

  /**
   * A colouring in vertex order.
   *
   * @param repairedVertices vertices that had no colour or several in the sample and were given the
   *     colour with the fewest conflicts
   */
  public record Coloring(int[] colors, int colorsUsed, int conflicts, int repairedVertices) {
    public boolean repaired() {
      return repairedVertices > 0;
    }

    public boolean isProper() {
      return conflicts == 0;
    }
  }

  private final List<V> vertices;
  private final int[][] adjacency;
  private final int[] edgeU;
  private final int[] edgeV;
  private final int k;

  private GraphColoring(List<V> vertices, int[] edgeU, int[] edgeV, int k) {
    this.vertices = vertices;
    this.edgeU = edgeU;
    this.edgeV = edgeV;
    this.k = k;
    int n = vertices.size();
    int[] degree = new int[n];
    for (int e = 0; e < edgeU.length; e++) {
      degree[edgeU[e]]++;
      degree[edgeV[e]]++;
    }
    adjacency = new int[n][];
    for (int v = 0; v < n; v++) {
      adjacency[v] = new int[degree[v]];
    }
    int[] fill = new int[n];
    for (int e = 0; e < edgeU.length; e++) {
      adjacency[edgeU[e]][fill[edgeU[e]]++] = edgeV[e];
      adjacency[edgeV[e]][fill[edgeV[e]]++] = edgeU[e];
    }
  }

  /** Colouring of a JGraphT graph with {@code colors} colours; parallel edges count once. */
  public static <V, E> GraphColoring<V> of(Graph<V, E> graph, int colors) {
    if (colors < 1) {
      throw new InvalidModelException("colouring needs at least one colour, got " + colors);
    }
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    Map<V, Integer> index = new HashMap<>();
    for (int i = 0; i < vertices.size(); i++) {
      index.put(vertices.get(i), i);
    }
    if ((long) vertices.size() * colors > Integer.MAX_VALUE / 2) {
      throw new InvalidModelException("colouring: " + vertices.size() + " vertices × " + colors
          + " colours is too many variables");
    }
    java.util.Set<Long> seen = new java.util.HashSet<>();
    List<int[]> edges = new ArrayList<>();
    for (E e : graph.edgeSet()) {
      int u = index.get(graph.getEdgeSource(e));
      int v = index.get(graph.getEdgeTarget(e));
      if (u == v) {
        throw new InvalidModelException("colouring: self-loop on vertex " + vertices.get(u)
            + " can never be coloured properly");
      }
      if (seen.add(((long) Math.min(u, v) << 32) | Math.max(u, v))) {
        edges.add(new int[] {u, v});
      }
    }
    int[] eu = new int[edges.size()];
    int[] ev = new int[edges.size()];
    for (int e = 0; e < edges.size(); e++) {
      eu[e] = edges.get(e)[0];
      ev[e] = edges.get(e)[1];
    }
    return new GraphColoring<>(vertices, eu, ev, colors);
  }

  public int numVertices() {
    return vertices.size();
  }

  public int numColors() {
    return k;
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  public int variable(int vertex, int color) {
    return vertex * k + color;
  }

  /** Each vertex's colour variables, for moves that recolour a vertex in one step. */
  public OneHotGroups oneHotGroups() {
    int[][] groups = new int[numVertices()][k];
    for (int v = 0; v < groups.length; v++) {
      for (int c = 0; c < k; c++) {
        groups[v][c] = variable(v, c);
      }
    }
    return new OneHotGroups(groups, OneHotGroups.Kind.SHIFT);
  }

  /** Conflicts as the objective, one colour per vertex as constraints, with the default penalty. */
  public ConstrainedQubo model() {
    int n = vertices.size();
    Qubo.Builder objective = Qubo.builder(n * k);
    for (int e = 0; e < edgeU.length; e++) {
      for (int c = 0; c < k; c++) {
        objective.addQuadratic(variable(edgeU[e], c), variable(edgeV[e], c), 1.0);
      }
    }
    List<Constraint> constraints = new ArrayList<>(n);
    for (int v = 0; v < n; v++) {
      int[] vars = new int[k];
      for (int c = 0; c < k; c++) {
        vars[c] = variable(v, c);
      }
      constraints.add(Constraint.oneHot("vertex " + vertices.get(v) + " has one colour", vars));
    }
    return ConstrainedQubo.of(objective.build(), constraints).withPenaltyWeight(DEFAULT_PENALTY);
  }

  public CompiledQubo compile() {
    return model().compile();
  }

  public CompiledQubo compile(double penaltyWeight) {
    return model().withPenaltyWeight(penaltyWeight).compile();
  }

  /**
   * Reads a colouring from a binary sample. A vertex with exactly one colour keeps it; any other is
   * repaired, in vertex order, with the colour that conflicts least with its neighbours' colours so
   * far (preferring colours the sample set for it, then the lowest).
   */
  public Coloring decode(byte[] sample) {
    int n = vertices.size();
    if (sample.length < n * k) {
      throw new InvalidModelException("sample has " + sample.length + " values, colouring needs " + n * k);
    }
    int[] colors = new int[n];
    List<Integer> broken = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      int chosen = -1;
      int count = 0;
      for (int c = 0; c < k; c++) {
        if (sample[variable(v, c)] == 1) {
          chosen = c;
          count++;
        }
      }
      colors[v] = count == 1 ? chosen : -1;
      if (count != 1) {
        broken.add(v);
      }
    }
    for (int v : broken) {
      int best = -1;
      int bestConflicts = Integer.MAX_VALUE;
      boolean bestWasSet = false;
      for (int c = 0; c < k; c++) {
        int conflicts = 0;
        for (int u : adjacency[v]) {
          if (colors[u] == c) {
            conflicts++;
          }
        }
        boolean wasSet = sample[variable(v, c)] == 1;
        if (conflicts < bestConflicts || (conflicts == bestConflicts && wasSet && !bestWasSet)) {
          best = c;
          bestConflicts = conflicts;
          bestWasSet = wasSet;
        }
      }
      colors[v] = best;
    }
    return new Coloring(colors, colorsUsed(colors), conflicts(colors), broken.size());
  }

  /** Number of edges whose ends share a colour. */
  public int conflicts(int[] colors) {
    int conflicts = 0;
    for (int e = 0; e < edgeU.length; e++) {
      if (colors[edgeU[e]] == colors[edgeV[e]]) {
        conflicts++;
      }
    }
    return conflicts;
  }

  private static int colorsUsed(int[] colors) {
    BitSet used = new BitSet();
    for (int c : colors) {
      used.set(c);
    }
    return used.cardinality();
  }
}
