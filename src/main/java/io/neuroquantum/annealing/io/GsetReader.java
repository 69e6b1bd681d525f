package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.ModelLimits;
import java.io.Reader;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Reads the rudy format of the G-set and Biq Mac Max-Cut instances: a header {@code n m}, then
 * exactly m lines {@code i j w} with 1-based vertices. Vertices become 0-based. An edge listed twice
 * has its weights summed; a self-loop, a missing or extra edge line is an error.
 */
public final class GsetReader {
  /** Largest graph accepted: the default model size limit, checked before anything is allocated. */
  public static final int MAX_VERTICES = ModelLimits.DEFAULT.maxVariables();

  private GsetReader() {
  }

  public static Graph<Integer, DefaultWeightedEdge> read(Reader in, String name) {
    return read(in, name, DeclaredSize.ANY);
  }

  /** As {@link #read(Reader, String)}, telling {@code size} the header's n and m before building anything. */
  public static Graph<Integer, DefaultWeightedEdge> read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      String header = src.nextNonBlank();
      if (header == null) {
        throw src.fileError("empty file, expected a header \"n m\"");
      }
      String[] h = LineSource.fields(header);
      if (h.length != 2) {
        throw src.error("expected a header \"n m\", found " + h.length + " fields");
      }
      int n = src.parseIndex(h[0], 1, MAX_VERTICES, "number of vertices");
      int m = src.parseIndex(h[1], 0, Integer.MAX_VALUE, "number of edges");
      size.check(n, m);
      Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
      for (int v = 0; v < n; v++) {
        graph.addVertex(v);
      }
      int edges = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 0) {
          continue;
        }
        if (f.length != 3) {
          throw src.error("expected an edge \"i j weight\", found " + f.length + " fields");
        }
        if (++edges > m) {
          throw src.error("more edge lines than the " + m + " the header declares");
        }
        int u = src.parseIndex(f[0], 1, n, "vertex") - 1;
        int v = src.parseIndex(f[1], 1, n, "vertex") - 1;
        double w = src.parseDouble(f[2], "weight");
        if (u == v) {
          throw src.error("self-loop on vertex " + (u + 1));
        }
        DefaultWeightedEdge existing = graph.getEdge(u, v);
        if (existing != null) {
          graph.setEdgeWeight(existing, graph.getEdgeWeight(existing) + w);
        } else {
          graph.setEdgeWeight(graph.addEdge(u, v), w);
        }
      }
      if (edges < m) {
        throw src.fileError("the header declares " + m + " edges but the file has " + edges
            + " (truncated?)");
      }
      return graph;
    }
  }
}
