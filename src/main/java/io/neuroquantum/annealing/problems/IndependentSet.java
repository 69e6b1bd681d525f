package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;

/**
 * Maximum independent set: the most vertices with no edge between any two. Variable i is 1 when the
 * i-th vertex (graph iteration order) is in the set; see {@link ConflictFreeSelection} for the QUBO
 * and its penalty. Decoding drops vertices from conflicting pairs, so the answer is always independent.
 */
public final class IndependentSet<V> implements QuboProblem {

  private final List<V> vertices;
  private final ConflictFreeSelection selection;

  private IndependentSet(List<V> vertices, IndexedGraph graph) {
    this.vertices = vertices;
    this.selection = new ConflictFreeSelection(graph);
  }

  public static <V, E> IndependentSet<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    return new IndependentSet<>(vertices, IndexedGraph.of(graph, vertices, "independent set"));
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  @Override
  public String type() {
    return "independent_set";
  }

  @Override
  public Qubo model() {
    return selection.model();
  }

  /** The independent set read from a binary sample, after repair. */
  public int[] decode(byte[] x) {
    return selection.decode(x).vertices();
  }

  @Override
  public Answer decode(Sample sample) {
    return ConflictFreeSelection.answer(sample.energy(), selection.decode(sample.values()), "set", sample.toIntArray());
  }
}
