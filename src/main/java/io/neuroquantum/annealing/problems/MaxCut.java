package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.VarType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;

/**
 * Weighted Max-Cut: split the vertices in two sides so that the total weight of the edges between
 * the sides is as large as possible. As an Ising model, Jᵢⱼ = wᵢⱼ and cut = (Σw − E)/2 (blueprint
 * §3.2); every assignment is a valid cut, so there is nothing to repair.
 *
 * @param <V> the graph's vertex type; variable i is the i-th vertex in the graph's iteration order
 */
public final class MaxCut<V> {

  /** A cut: its weight, and the side (0 or 1) of each vertex in variable order. */
  public record Cut(double value, int[] sides) {
  }

  private final List<V> vertices;
  private final int[] edgeU;
  private final int[] edgeV;
  private final double[] weight;
  private final double totalWeight;

  private MaxCut(List<V> vertices, int[] edgeU, int[] edgeV, double[] weight) {
    this.vertices = vertices;
    this.edgeU = edgeU;
    this.edgeV = edgeV;
    this.weight = weight;
    double sum = 0;
    for (double w : weight) {
      sum += w;
    }
    this.totalWeight = sum;
  }

  /** Max-Cut of a JGraphT graph; unweighted graphs count each edge as 1. Self-loops are rejected. */
  public static <V, E> MaxCut<V> of(Graph<V, E> graph) {
    List<V> vertices = new ArrayList<>(graph.vertexSet());
    Map<V, Integer> index = new HashMap<>();
    for (int i = 0; i < vertices.size(); i++) {
      index.put(vertices.get(i), i);
    }
    int m = graph.edgeSet().size();
    int[] u = new int[m];
    int[] v = new int[m];
    double[] w = new double[m];
    int k = 0;
    for (E e : graph.edgeSet()) {
      u[k] = index.get(graph.getEdgeSource(e));
      v[k] = index.get(graph.getEdgeTarget(e));
      if (u[k] == v[k]) {
        throw new InvalidModelException("Max-Cut: self-loop on vertex " + vertices.get(u[k]));
      }
      w[k] = graph.getEdgeWeight(e);
      if (!Double.isFinite(w[k])) {
        throw new InvalidModelException("Max-Cut: edge (" + vertices.get(u[k]) + ", " + vertices.get(v[k])
            + ") has a non-finite weight " + w[k]);
      }
      k++;
    }
    return new MaxCut<>(vertices, u, v, w);
  }

  public int numVertices() {
    return vertices.size();
  }

  public List<V> vertices() {
    return List.copyOf(vertices);
  }

  public double totalWeight() {
    return totalWeight;
  }

  /** The Ising model whose minimum is the maximum cut: Jᵢⱼ = wᵢⱼ (parallel edges summed), h = 0. */
  public Ising toIsing() {
    Ising.Builder b = Ising.builder(vertices.size());
    for (int k = 0; k < weight.length; k++) {
      b.addQuadratic(edgeU[k], edgeV[k], weight[k]);
    }
    return b.build();
  }

  /** Cut value from an Ising energy: (Σw − E)/2. */
  public double cutFromEnergy(double isingEnergy) {
    return (totalWeight - isingEnergy) / 2;
  }

  /** Decodes a sample of the Ising model (spins) or of its QUBO (bits) into a cut. */
  public Cut decode(byte[] sample, VarType type) {
    if (sample.length != vertices.size()) {
      throw new InvalidModelException("sample has " + sample.length + " values, the graph has "
          + vertices.size() + " vertices");
    }
    int[] sides = new int[sample.length];
    for (int i = 0; i < sample.length; i++) {
      sides[i] = type == VarType.SPIN ? (sample[i] > 0 ? 1 : 0) : sample[i];
    }
    return new Cut(cutValue(sides), sides);
  }

  /** Total weight of the edges whose ends lie on different sides. */
  public double cutValue(int[] sides) {
    double cut = 0;
    for (int k = 0; k < weight.length; k++) {
      if (sides[edgeU[k]] != sides[edgeV[k]]) {
        cut += weight[k];
      }
    }
    return cut;
  }
}
