package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.ModelLimits;
import java.io.Reader;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Reads DIMACS graph-colouring files: {@code c} comment lines, one problem line
 * {@code p edge n m} (or {@code p col n m}), then m lines {@code e u v} with 1-based vertices.
 * Some classic instances list every edge in both directions and count both in m; the graph keeps
 * each edge once. A self-loop, an unknown line or a count that does not match m is an error.
 */
public final class DimacsColReader {
  /** Largest graph accepted: the default model size limit, checked before anything is allocated. */
  public static final int MAX_VERTICES = ModelLimits.DEFAULT.maxVariables();

  private DimacsColReader() {
  }

  public static Graph<Integer, DefaultEdge> read(Reader in, String name) {
    return read(in, name, DeclaredSize.ANY);
  }

  /** As {@link #read(Reader, String)}, telling {@code size} the problem line's n and m before building anything. */
  public static Graph<Integer, DefaultEdge> read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      Graph<Integer, DefaultEdge> graph = null;
      int n = 0;
      int m = 0;
      int edges = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 0 || f[0].equals("c")) {
          continue;
        }
        switch (f[0]) {
          case "p" -> {
            if (graph != null) {
              throw src.error("a second problem line");
            }
            if (f.length != 4 || !(f[1].equals("edge") || f[1].equals("col"))) {
              throw src.error("expected a problem line \"p edge n m\"");
            }
            n = src.parseIndex(f[2], 1, MAX_VERTICES, "number of vertices");
            m = src.parseIndex(f[3], 0, Integer.MAX_VALUE, "number of edges");
            size.check(n, m);
            graph = new SimpleGraph<>(DefaultEdge.class);
            for (int v = 0; v < n; v++) {
              graph.addVertex(v);
            }
          }
          case "e" -> {
            if (graph == null) {
              throw src.error("an edge before the problem line \"p edge n m\"");
            }
            if (f.length != 3) {
              throw src.error("expected an edge \"e u v\", found " + f.length + " fields");
            }
            int u = src.parseIndex(f[1], 1, n, "vertex") - 1;
            int v = src.parseIndex(f[2], 1, n, "vertex") - 1;
            if (u == v) {
              throw src.error("self-loop on vertex " + (u + 1));
            }
            if (++edges > m) {
              throw src.error("more edge lines than the " + m + " the problem line declares");
            }
            graph.addEdge(u, v);
          }
          default -> throw src.error("unknown line type \"" + f[0] + "\" (expected c, p or e)");
        }
      }
      if (graph == null) {
        throw src.fileError("no problem line \"p edge n m\"");
      }
      if (edges < m) {
        throw src.fileError("the problem line declares " + m + " edges but the file has " + edges
            + " (truncated?)");
      }
      return graph;
    }
  }
}
