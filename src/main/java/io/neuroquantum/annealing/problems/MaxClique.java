package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;

/**
 * Maximum clique: the most vertices that are all pairwise adjacent, encoded as the maximum
 * independent set of the complement graph (a penalty on every chosen pair that is not an edge; see
 * {@link ConflictFreeSelection}). Decoding drops vertices until the rest is a clique.
 */
public final class MaxClique<V> implements QuboProblem {

  private final List<V> vertices;
  private final ConflictFreeSelection selection;

  private MaxClique(List<V> vertices, IndexedGraph graph) {
    this.vertices = vertices;
    this.selection = new ConflictFreeSelection(graph.complement());
  }

  public static <V, E> MaxClique<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    return new MaxClique<>(vertices, IndexedGraph.of(graph, vertices, "clique"));
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  @Override
  public String type() {
    return "clique";
  }

  @Override
  public Qubo model() {
    return selection.model();
  }

  /** The clique read from a binary sample, after repair. */
  public int[] decode(byte[] x) {
    return selection.decode(x).vertices();
  }

  @Override
  public Answer decode(Sample sample) {
    return ConflictFreeSelection.answer(sample.energy(), selection.decode(sample.values()), "clique", sample.toIntArray());
  }
}
