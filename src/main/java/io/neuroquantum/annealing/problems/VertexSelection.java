package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.List;

/**
 * What maximum independent set and maximum clique share: the largest conflict-free set of a graph's
 * vertices (see {@link ConflictFreeSelection} for the QUBO), read back under the problem's own names.
 */
public abstract class VertexSelection<V> implements QuboProblem {

  private final List<V> vertices;
  private final ConflictFreeSelection selection;
  private final String type;
  private final String setKey;

  VertexSelection(List<V> vertices, IndexedGraph conflicts, String type, String setKey) {
    this.vertices = vertices;
    this.selection = new ConflictFreeSelection(conflicts);
    this.type = type;
    this.setKey = setKey;
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Qubo model() {
    return selection.model();
  }

  /** The set read from a binary sample (vertex indices), after repair. */
  public int[] decode(byte[] x) {
    return selection.decode(x).vertices();
  }

  @Override
  public Answer decode(Sample sample) {
    return ConflictFreeSelection.answer(sample.energy(), selection.decode(sample.values()), setKey, sample.toIntArray());
  }
}
