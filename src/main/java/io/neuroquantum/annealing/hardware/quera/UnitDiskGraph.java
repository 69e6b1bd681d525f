package io.neuroquantum.annealing.hardware.quera;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * The unit-disk graph of points in the plane: vertex i is point i, and two vertices are joined when
 * the points are at most {@code radius} apart. It is what a Rydberg register blockades (with the
 * blockade radius as the radius), so the backend builds it from the caller's points and the Braket
 * mock builds it from the atom sites it was sent.
 */
public final class UnitDiskGraph {

  private UnitDiskGraph() {
  }

  /** Vertices 0..n-1 in order; an edge for every pair at distance ≤ radius. */
  public static Graph<Integer, DefaultEdge> of(double[] x, double[] y, double radius) {
    Graph<Integer, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
    for (int i = 0; i < x.length; i++) {
      graph.addVertex(i);
    }
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        if (Math.hypot(x[i] - x[j], y[i] - y[j]) <= radius) {
          graph.addEdge(i, j);
        }
      }
    }
    return graph;
  }
}
