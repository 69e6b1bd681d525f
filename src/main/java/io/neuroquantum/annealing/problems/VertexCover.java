package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jgrapht.Graph;

/**
 * Minimum vertex cover: the fewest vertices touching every edge. Variable i is 1 when the i-th vertex
 * is in the cover. QUBO (Lucas 2014, §4.3): {@code E(x) = Σᵢ xᵢ + P·Σ_{(i,j)∈E} (1 − xᵢ)(1 − xⱼ)},
 * so E = |C| for a cover C.
 *
 * <p>Penalty P = 2: with P &gt; 1, adding an end of an uncovered edge costs 1 and removes at least P,
 * so every minimum is a cover and the QUBO's optimum is the true one. Decoding adds, while an edge
 * is uncovered, the vertex that covers the most uncovered edges; the answer is always a cover.
 */
public final class VertexCover<V> implements QuboProblem {

  static final double PENALTY = 2.0;

  private final List<V> vertices;
  private final IndexedGraph graph;

  private VertexCover(List<V> vertices, IndexedGraph graph) {
    this.vertices = vertices;
    this.graph = graph;
  }

  public static <V, E> VertexCover<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    return new VertexCover<>(vertices, IndexedGraph.of(graph, vertices, "vertex cover"));
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  @Override
  public String type() {
    return "vertex_cover";
  }

  @Override
  public Qubo model() {
    Qubo.Builder b = Qubo.builder(graph.n);
    for (int i = 0; i < graph.n; i++) {
      b.addLinear(i, 1.0);
    }
    for (int e = 0; e < graph.numEdges(); e++) {   // P(1 − xᵢ − xⱼ + xᵢxⱼ)
      b.addOffset(PENALTY).addLinear(graph.edgeU[e], -PENALTY).addLinear(graph.edgeV[e], -PENALTY)
          .addQuadratic(graph.edgeU[e], graph.edgeV[e], PENALTY);
    }
    return b.build();
  }

  /** The cover read from a binary sample (vertex indices), after repair, and the edges it had uncovered. */
  public record Cover(int[] vertices, int uncoveredEdges, int added) {
  }

  public Cover decode(byte[] x) {
    boolean[] in = new boolean[graph.n];
    for (int v = 0; v < graph.n; v++) {
      in[v] = x[v] == 1;
    }
    int[] open = new int[graph.n];   // uncovered edges at each vertex
    int uncovered = 0;
    for (int e = 0; e < graph.numEdges(); e++) {
      if (!in[graph.edgeU[e]] && !in[graph.edgeV[e]]) {
        open[graph.edgeU[e]]++;
        open[graph.edgeV[e]]++;
        uncovered++;
      }
    }
    int added = 0;
    while (true) {
      int best = -1;
      for (int v = 0; v < graph.n; v++) {
        if (!in[v] && open[v] > 0 && (best < 0 || open[v] > open[best])) {
          best = v;
        }
      }
      if (best < 0) {
        break;
      }
      in[best] = true;
      added++;
      for (int u : graph.adjacency[best]) {
        if (!in[u]) {
          open[u]--;
        }
      }
      open[best] = 0;
    }
    return new Cover(IntStream.range(0, graph.n).filter(v -> in[v]).toArray(), uncovered, added);
  }

  @Override
  public Answer decode(Sample sample) {
    Cover cover = decode(sample.values());
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("size", cover.vertices().length);
    objective.put("cover", cover.vertices());
    objective.put("repaired", cover.added() > 0);
    return new Answer(sample.energy(), objective, cover.uncoveredEdges() == 0, sample.toIntArray(),
        cover.vertices().length);
  }
}
