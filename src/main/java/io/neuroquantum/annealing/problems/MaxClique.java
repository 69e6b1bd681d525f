package io.neuroquantum.annealing.problems;

import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;

/**
 * Maximum clique: the most vertices that are all pairwise adjacent, encoded as the maximum
 * independent set of the complement graph (a penalty on every chosen pair that is not an edge; see
 * {@link ConflictFreeSelection}). Decoding drops vertices until the rest is a clique.
 */
public final class MaxClique<V> extends VertexSelection<V> {

  private MaxClique(List<V> vertices, IndexedGraph graph) {
    super(vertices, graph.complement(), "clique", "clique");
  }

  public static <V, E> MaxClique<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    return new MaxClique<>(vertices, IndexedGraph.of(graph, vertices, "clique"));
  }
}
