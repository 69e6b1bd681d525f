package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.InvalidModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;

/**
 * A simple undirected graph over vertices 0..n−1 (the JGraphT graph's iteration order), with each
 * edge once and adjacency lists: what the graph problems encode and decode over. Self-loops are
 * refused, parallel and reversed edges count once.
 */
final class IndexedGraph {

  final int n;
  final int[] edgeU;
  final int[] edgeV;
  final int[][] adjacency;
  private final Set<Long> edgeSet;

  private IndexedGraph(int n, List<int[]> edges) {
    this.n = n;
    this.edgeU = new int[edges.size()];
    this.edgeV = new int[edges.size()];
    this.edgeSet = new HashSet<>();
    int[] degree = new int[n];
    for (int e = 0; e < edges.size(); e++) {
      edgeU[e] = edges.get(e)[0];
      edgeV[e] = edges.get(e)[1];
      degree[edgeU[e]]++;
      degree[edgeV[e]]++;
      edgeSet.add(key(edgeU[e], edgeV[e]));
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

  static <V, E> IndexedGraph of(Graph<V, E> graph, List<V> vertices, String problem) {
    Map<V, Integer> index = new HashMap<>();
    for (int i = 0; i < vertices.size(); i++) {
      index.put(vertices.get(i), i);
    }
    Set<Long> seen = new HashSet<>();
    List<int[]> edges = new ArrayList<>();
    for (E e : graph.edgeSet()) {
      int u = index.get(graph.getEdgeSource(e));
      int v = index.get(graph.getEdgeTarget(e));
      if (u == v) {
        throw new InvalidModelException(problem + ": self-loop on vertex " + vertices.get(u));
      }
      if (seen.add(key(u, v))) {
        edges.add(new int[] {Math.min(u, v), Math.max(u, v)});
      }
    }
    return new IndexedGraph(vertices.size(), edges);
  }

  /** The complement: every pair that is not an edge here. */
  IndexedGraph complement() {
    List<int[]> edges = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      for (int v = u + 1; v < n; v++) {
        if (!hasEdge(u, v)) {
          edges.add(new int[] {u, v});
        }
      }
    }
    return new IndexedGraph(n, edges);
  }

  boolean hasEdge(int u, int v) {
    return edgeSet.contains(key(u, v));
  }

  int numEdges() {
    return edgeU.length;
  }

  private static long key(int u, int v) {
    return ((long) Math.min(u, v) << 32) | Math.max(u, v);
  }
}
