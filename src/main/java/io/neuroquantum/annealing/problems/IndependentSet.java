package io.neuroquantum.annealing.problems;

import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;

/**
 * Maximum independent set: the most vertices with no edge between any two. Variable i is 1 when the
 * i-th vertex (graph iteration order) is in the set; see {@link ConflictFreeSelection} for the QUBO
 * and its penalty. Decoding drops vertices from conflicting pairs, so the answer is always independent.
 */
public final class IndependentSet<V> extends VertexSelection<V> {

  private IndependentSet(List<V> vertices, IndexedGraph graph) {
    super(vertices, graph, "independent_set", "set");
  }

  public static <V, E> IndependentSet<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    return new IndependentSet<>(vertices, IndexedGraph.of(graph, vertices, "independent set"));
  }
}
