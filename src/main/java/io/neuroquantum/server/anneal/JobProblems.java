package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The {@code problem} of a job body (blueprint §3.3): a file's text in a reader format
 * ({@code {"type": "maxcut", "format": "gset", "data": "…"}}) or JSON ({@code qubo} with
 * {@code num_variables}/{@code terms}/{@code offset}, {@code ising} with {@code h}/{@code j},
 * {@code maxcut} or {@code coloring} with a {@code graph} of {@code nodes} and {@code edges},
 * {@code tsp} with {@code distances}); {@code cqm} and {@code hubo} are read by {@link JobModels}. Anything else is an {@link InvalidModelException} that names
 * what is wrong.
 */
final class JobProblems {

  private JobProblems() {
  }

  /**
   * Parses and encodes a job's problem. Its size — as the JSON states it, or as a file's header
   * declares it — is checked against {@code limits} before anything is built from it, and the built
   * model once more, so an oversized problem costs a few microseconds, not the model it asks for.
   */
  static EncodedProblem parse(JsonObject problem, JobLimits limits) {
    if (problem == null) {
      throw new InvalidModelException("the job needs a \"problem\" object");
    }
    String type = problem.getValue("type") instanceof String s ? s : null;
    if (type == null) {
      throw new InvalidModelException("problem.type must be one of maxcut, coloring, tsp, qubo, ising, independent_set,"
          + " vertex_cover, clique, cqm, hubo");
    }
    if (JobModels.handles(type)) {
      EncodedProblem model = JobModels.parse(type, problem, limits);
      limits.check(JobCost.of(model.model()));
      return model;
    }
    ProblemReader.ProblemType kind = ProblemReader.ProblemType.parse(type);
    Integer colors = problem.containsKey("colors") ? size(problem, "colors") : null;
    DeclaredSize declared = limits.declared(kind, colors);
    EncodedProblem encoded;
    if (problem.containsKey("data")) {
      if (!(problem.getValue("data") instanceof String text)) {
        throw new InvalidModelException("problem.data must be the file's text as a string");
      }
      String format = problem.getValue("format") instanceof String f ? f : null;
      encoded = ProblemReader.read(kind, format == null ? null : ProblemReader.Format.parse(format),
          new StringReader(text), "problem.data", colors, declared);
    } else {
      encoded = switch (kind) {
        case QUBO -> EncodedProblem.direct(qubo(problem, declared));
        case ISING -> EncodedProblem.direct(ising(problem, declared));
        case MAXCUT -> EncodedProblem.maxCut(MaxCut.of(graph(problem, declared)));
        case COLORING -> {
          if (colors == null) {
            throw new InvalidModelException("a colouring problem needs \"colors\"");
          }
          yield EncodedProblem.coloring(GraphColoring.of(graph(problem, declared), colors));
        }
        case TSP -> EncodedProblem.tsp(TravelingSalesman.of(distances(problem, declared)));
        case INDEPENDENT_SET, VERTEX_COVER, CLIQUE -> ProblemReader.selection(kind, unweighted(graph(problem, declared)));
      };
    }
    limits.check(JobCost.of(encoded.model()));
    return encoded;
  }

  private static JsonArray array(JsonObject o, String key) {
    if (!(o.getValue(key) instanceof JsonArray a)) {
      throw new InvalidModelException("problem." + key + " must be an array");
    }
    return a;
  }

  private static int size(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
        || n.doubleValue() > Integer.MAX_VALUE) {
      throw new InvalidModelException("problem." + key + " must be a positive integer, got " + v);
    }
    return n.intValue();
  }

  private static double[] triple(Object entry, String what) {
    if (!(entry instanceof JsonArray t) || t.size() != 3 || !(t.getValue(0) instanceof Number a)
        || !(t.getValue(1) instanceof Number b) || !(t.getValue(2) instanceof Number c)) {
      throw new InvalidModelException(what + " entries must be [i, j, value] with numbers, got " + entry);
    }
    return new double[] {a.doubleValue(), b.doubleValue(), c.doubleValue()};
  }

  private static int index(double v, int n, String what) {
    if (v != Math.rint(v) || v < 0 || v >= n) {
      throw new InvalidModelException(what + " index " + v + " is not in 0.." + (n - 1));
    }
    return (int) v;
  }

  private static Qubo qubo(JsonObject p, DeclaredSize declared) {
    int n = size(p, "num_variables");
    JsonArray terms = array(p, "terms");
    declared.check(n, terms.size());
    Qubo.Builder b = Qubo.builder(n, ModelLimits.DEFAULT);
    for (Object e : terms) {
      double[] t = triple(e, "terms");
      int i = index(t[0], n, "terms");
      int j = index(t[1], n, "terms");
      if (i == j) {
        b.addLinear(i, t[2]);
      } else {
        b.addQuadratic(i, j, t[2]);
      }
    }
    if (p.getValue("offset") instanceof Number o) {
      b.addOffset(o.doubleValue());
    }
    return b.build();
  }

  private static Ising ising(JsonObject p, DeclaredSize declared) {
    JsonArray h = array(p, "h");
    JsonArray j = array(p, "j");
    declared.check(h.size(), j.size());
    Ising.Builder b = Ising.builder(h.size(), ModelLimits.DEFAULT);
    for (int i = 0; i < h.size(); i++) {
      if (!(h.getValue(i) instanceof Number v)) {
        throw new InvalidModelException("problem.h[" + i + "] must be a number");
      }
      b.addLinear(i, v.doubleValue());
    }
    for (Object e : j) {
      double[] t = triple(e, "j");
      b.addQuadratic(index(t[0], h.size(), "j"), index(t[1], h.size(), "j"), t[2]);
    }
    return b.build();
  }

  private static Graph<Integer, DefaultWeightedEdge> graph(JsonObject p, DeclaredSize declared) {
    if (!(p.getValue("graph") instanceof JsonObject g)) {
      throw new InvalidModelException("problem.graph must be {\"nodes\": n, \"edges\": [[u, v, w], …]}");
    }
    int n = size(g, "nodes");
    JsonArray edges = array(g, "edges");
    declared.check(n, edges.size());
    Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    for (int v = 0; v < n; v++) {
      graph.addVertex(v);
    }
    for (Object e : edges) {
      double[] t = e instanceof JsonArray a && a.size() == 2 ? new double[] {a.getDouble(0), a.getDouble(1), 1}
          : triple(e, "edges");
      int u = index(t[0], n, "edges");
      int v = index(t[1], n, "edges");
      if (u == v || !Double.isFinite(t[2])) {
        throw new InvalidModelException("edge " + e + " is a self-loop or has a non-finite weight");
      }
      DefaultWeightedEdge edge = graph.addEdge(u, v);
      if (edge == null) {
        throw new InvalidModelException("edge " + e + " is listed twice");
      }
      graph.setEdgeWeight(edge, t[2]);
    }
    return graph;
  }

  /** Independent set, vertex cover and clique take no weights: an edge weight other than 1 is refused, not ignored. */
  private static Graph<Integer, DefaultWeightedEdge> unweighted(Graph<Integer, DefaultWeightedEdge> graph) {
    for (DefaultWeightedEdge e : graph.edgeSet()) {
      if (graph.getEdgeWeight(e) != 1) {
        throw new InvalidModelException("edge " + graph.getEdgeSource(e) + "-" + graph.getEdgeTarget(e) + " has weight "
            + graph.getEdgeWeight(e) + ": independent set, vertex cover and clique are unweighted (give [u, v])");
      }
    }
    return graph;
  }

  private static double[][] distances(JsonObject p, DeclaredSize declared) {
    JsonArray rows = array(p, "distances");
    declared.check(rows.size(), 0);
    double[][] d = new double[rows.size()][];
    for (int i = 0; i < d.length; i++) {
      if (!(rows.getValue(i) instanceof JsonArray row)) {
        throw new InvalidModelException("problem.distances must be an array of rows");
      }
      d[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!(row.getValue(j) instanceof Number v)) {
          throw new InvalidModelException("problem.distances[" + i + "][" + j + "] must be a number");
        }
        d[i][j] = v.doubleValue();
      }
    }
    return d;
  }
}
