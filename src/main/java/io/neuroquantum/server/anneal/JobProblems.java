package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.ProblemReader;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.JobShop;
import io.neuroquantum.annealing.problems.Knapsack;
import io.neuroquantum.annealing.problems.Max2Sat;
import io.neuroquantum.annealing.problems.NumberPartitioning;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.TravelingSalesman;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The {@code problem} of a job body (blueprint §3.3): a file's text in a reader format
 * ({@code {"type": "maxcut", "format": "gset", "data": "…"}}) or JSON ({@code qubo} with
 * {@code num_variables}/{@code terms}/{@code offset}, {@code ising} with {@code h}/{@code j},
 * {@code maxcut} or {@code coloring} with a {@code graph} of {@code nodes} and {@code edges},
 * {@code tsp} with {@code distances}, {@code max2sat} with {@code clauses} (DIMACS literals, optional
 * {@code num_variables} and {@code weights}), {@code number_partitioning} with {@code numbers},
 * {@code knapsack} with {@code capacity}, {@code weights} and {@code values}, {@code jobshop} with
 * {@code jobs} and {@code horizon}, {@code portfolio} with {@code returns}, {@code covariance},
 * {@code assets} and {@code risk_aversion}); {@code cqm} and {@code hubo} are read by
 * {@link JobModels}. Anything else is an {@link InvalidModelException} that names what is wrong.
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
      throw new InvalidModelException("problem.type must be one of " + ProblemReader.ProblemType.NAMES);
    }
    if (JobModels.handles(type)) {
      EncodedProblem model = JobModels.parse(type, problem, limits);
      limits.check(JobCost.of(model.model()));
      return model;
    }
    ProblemReader.ProblemType kind = ProblemReader.ProblemType.parse(type);
    refuseUnknownFields(problem, kind);
    Integer colors = problem.containsKey("colors") ? size(problem, "colors") : null;
    ProblemReader.Options options = new ProblemReader.Options(colors, null, false,
        problem.getValue("instance_name") instanceof String s ? s : null,
        problem.containsKey("horizon") ? size(problem, "horizon") : null,
        problem.containsKey("assets") ? size(problem, "assets") : null,
        problem.containsKey("risk_aversion") ? finite("risk_aversion", problem.getValue("risk_aversion")) : null,
        feasibilityOnly(problem));
    DeclaredSize declared = limits.declared(kind, colors);
    EncodedProblem encoded;
    if (problem.containsKey("data")) {
      if (!(problem.getValue("data") instanceof String text)) {
        throw new InvalidModelException("problem.data must be the file's text as a string");
      }
      String format = problem.getValue("format") instanceof String f ? f : null;
      encoded = ProblemReader.read(kind, format == null ? null : ProblemReader.Format.parse(format),
          new StringReader(text), "problem.data", options, declared);
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
        case MAX2SAT -> EncodedProblem.of(max2sat(problem, declared));
        case NUMBER_PARTITIONING -> EncodedProblem.of(NumberPartitioning.of(numbers(problem, "numbers", declared)));
        case KNAPSACK -> EncodedProblem.of(knapsack(problem, declared));
        case JOBSHOP -> {
          if (options.horizon() == null) {
            throw new InvalidModelException("a job-shop needs \"horizon\": the latest time step any operation may end");
          }
          yield ProblemReader.jobShop(jobs(problem, declared), options.horizon(), options.feasibilityOnly(), declared);
        }
        case PORTFOLIO -> {
          if (options.assets() == null || options.riskAversion() == null) {
            throw new InvalidModelException("a portfolio needs \"assets\" (how many to hold) and \"risk_aversion\"");
          }
          double[] returns = numbers(problem, "returns", declared);
          yield ProblemReader.portfolio(returns, matrix(problem, "covariance"), options);
        }
      };
    }
    limits.check(JobCost.of(encoded.model()));
    return encoded;
  }

  /** A job-shop's {@code feasibility_only}: absent is false; anything but a boolean is refused, not guessed. */
  private static boolean feasibilityOnly(JsonObject problem) {
    Object v = problem.getValue("feasibility_only");
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw new InvalidModelException("problem.feasibility_only must be true or false");
    }
    return b;
  }

  /** What each problem type reads besides {@code type}, {@code data} and {@code format}. */
  private static final java.util.Map<ProblemReader.ProblemType, java.util.Set<String>> FIELDS = fields();

  private static java.util.Map<ProblemReader.ProblemType, java.util.Set<String>> fields() {
    var m = new java.util.EnumMap<ProblemReader.ProblemType, java.util.Set<String>>(ProblemReader.ProblemType.class);
    m.put(ProblemReader.ProblemType.QUBO, java.util.Set.of("num_variables", "terms", "offset"));
    m.put(ProblemReader.ProblemType.ISING, java.util.Set.of("h", "j"));
    m.put(ProblemReader.ProblemType.MAXCUT, java.util.Set.of("graph"));
    m.put(ProblemReader.ProblemType.COLORING, java.util.Set.of("graph", "colors"));
    m.put(ProblemReader.ProblemType.TSP, java.util.Set.of("distances"));
    m.put(ProblemReader.ProblemType.INDEPENDENT_SET, java.util.Set.of("graph"));
    m.put(ProblemReader.ProblemType.VERTEX_COVER, java.util.Set.of("graph"));
    m.put(ProblemReader.ProblemType.CLIQUE, java.util.Set.of("graph"));
    m.put(ProblemReader.ProblemType.MAX2SAT, java.util.Set.of("clauses", "num_variables", "weights"));
    m.put(ProblemReader.ProblemType.NUMBER_PARTITIONING, java.util.Set.of("numbers"));
    m.put(ProblemReader.ProblemType.KNAPSACK, java.util.Set.of("capacity", "weights", "values"));
    m.put(ProblemReader.ProblemType.JOBSHOP, java.util.Set.of("jobs", "horizon", "instance_name", "feasibility_only"));
    m.put(ProblemReader.ProblemType.PORTFOLIO, java.util.Set.of("returns", "covariance", "assets", "risk_aversion"));
    return m;
  }

  /**
   * A field the problem type does not read is refused rather than ignored: a misspelt {@code horizn}
   * or a {@code colors} on a Max-Cut would otherwise run a job other than the one asked for.
   */
  private static void refuseUnknownFields(JsonObject problem, ProblemReader.ProblemType kind) {
    java.util.Set<String> known = FIELDS.getOrDefault(kind, java.util.Set.of());
    for (String field : problem.fieldNames()) {
      if (!field.equals("type") && !field.equals("data") && !field.equals("format") && !known.contains(field)) {
        throw new InvalidModelException("problem." + field + " is not a field of a " + kind.name().toLowerCase(java.util.Locale.ROOT)
            + " problem (it takes " + String.join(", ", new java.util.TreeSet<>(known))
            + (known.isEmpty() ? "" : ", or ") + "data with format)");
      }
    }
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

  /**
   * Clauses as DIMACS literals, {@code [[1, -2], [2, 3]]}: variables 1..n, where n is
   * {@code num_variables} or else the largest literal's magnitude; {@code weights}, one per clause,
   * default to 1.
   */
  private static Max2Sat max2sat(JsonObject p, DeclaredSize declared) {
    JsonArray list = array(p, "clauses");
    int[][] clauses = new int[list.size()][];
    int largest = 0;
    for (int c = 0; c < clauses.length; c++) {
      if (!(list.getValue(c) instanceof JsonArray clause) || clause.isEmpty() || clause.size() > 2) {
        throw new InvalidModelException("problem.clauses[" + c + "] must be an array of 1 or 2 non-zero literals, got "
            + list.getValue(c));
      }
      clauses[c] = new int[clause.size()];
      for (int k = 0; k < clause.size(); k++) {
        Object v = clause.getValue(k);
        if (!(v instanceof Number lit) || lit.doubleValue() != Math.rint(lit.doubleValue()) || lit.doubleValue() == 0
            || Math.abs(lit.doubleValue()) > Integer.MAX_VALUE) {
          throw new InvalidModelException("problem.clauses[" + c + "] must hold non-zero integer literals, got " + v);
        }
        clauses[c][k] = lit.intValue();
        largest = Math.max(largest, Math.abs(lit.intValue()));
      }
    }
    int n = p.containsKey("num_variables") ? size(p, "num_variables") : Math.max(1, largest);
    declared.check(n, clauses.length);
    if (!p.containsKey("weights")) {
      return Max2Sat.of(n, clauses);
    }
    double[] weights = numbers(p, "weights", DeclaredSize.ANY);
    return Max2Sat.of(n, clauses, weights);
  }

  /** Capacity, integer weights ≥ 1 and values ≥ 0 per item; the size (items, capacity) is checked before the model. */
  private static Knapsack knapsack(JsonObject p, DeclaredSize declared) {
    long capacity = integer("capacity", p.getValue("capacity"), 0);
    JsonArray w = array(p, "weights");
    declared.check(w.size(), capacity);
    double[] values = numbers(p, "values", DeclaredSize.ANY);
    if (w.size() != values.length) {
      throw new InvalidModelException("problem.weights has " + w.size() + " items but problem.values " + values.length);
    }
    long[] weights = new long[w.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = integer("weights[" + i + "]", w.getValue(i), 1);
    }
    return Knapsack.of(values, weights, capacity);
  }

  /** An array of finite numbers; its length is told to {@code declared} (as vertices) before it is copied. */
  private static double[] numbers(JsonObject p, String key, DeclaredSize declared) {
    JsonArray a = array(p, key);
    declared.check(a.size(), 0);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(a.getValue(i) instanceof Number v) || !Double.isFinite(v.doubleValue())) {
        throw new InvalidModelException("problem." + key + "[" + i + "] must be a finite number, got " + a.getValue(i));
      }
      out[i] = v.doubleValue();
    }
    return out;
  }

  /** A whole number ≥ {@code low} that a long holds exactly. */
  private static long integer(String what, Object v, long low) {
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < low
        || n.doubleValue() >= 0x1p63) {
      throw new InvalidModelException("problem." + what + " must be an integer ≥ " + low + ", got " + v);
    }
    return n.longValue();
  }

  /** A whole number from {@code low} to 2³¹ − 1. */
  private static int smallInteger(String what, Object v, int low) {
    long n = integer(what, v, low);
    if (n > Integer.MAX_VALUE) {
      throw new InvalidModelException("problem." + what + " must be at most " + Integer.MAX_VALUE + ", got " + v);
    }
    return (int) n;
  }

  private static double[][] distances(JsonObject p, DeclaredSize declared) {
    declared.check(array(p, "distances").size(), 0);
    return matrix(p, "distances");
  }

  /** A finite number. */
  private static double finite(String what, Object v) {
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new InvalidModelException("problem." + what + " must be a finite number, got " + v);
    }
    return n.doubleValue();
  }

  /**
   * Jobs as lists of {@code [machine, duration]} steps, {@code [[[0, 3], [1, 2]], [[1, 4]]]}; the
   * operation count is told to {@code declared} (as variables, a lower bound) before they are copied.
   */
  private static List<List<JobShop.Operation>> jobs(JsonObject p, DeclaredSize declared) {
    JsonArray list = array(p, "jobs");
    long ops = 0;
    for (Object job : list) {
      if (!(job instanceof JsonArray steps)) {
        throw new InvalidModelException("problem.jobs must be an array of jobs, each an array of [machine, duration]");
      }
      ops += steps.size();
    }
    declared.check((int) Math.min(Integer.MAX_VALUE, ops), 0);
    List<List<JobShop.Operation>> jobs = new ArrayList<>(list.size());
    for (int j = 0; j < list.size(); j++) {
      List<JobShop.Operation> steps = new ArrayList<>();
      for (Object step : list.getJsonArray(j)) {
        if (!(step instanceof JsonArray pair) || pair.size() != 2) {
          throw new InvalidModelException("problem.jobs[" + j + "] steps must be [machine, duration], got " + step);
        }
        steps.add(new JobShop.Operation(smallInteger("jobs[" + j + "] machine", pair.getValue(0), 0),
            smallInteger("jobs[" + j + "] duration", pair.getValue(1), 1)));
      }
      jobs.add(steps);
    }
    return jobs;
  }

  /** An array of rows of numbers (its size checked by the caller first). */
  private static double[][] matrix(JsonObject p, String key) {
    JsonArray rows = array(p, key);
    double[][] d = new double[rows.size()][];
    for (int i = 0; i < d.length; i++) {
      if (!(rows.getValue(i) instanceof JsonArray row)) {
        throw new InvalidModelException("problem." + key + " must be an array of rows");
      }
      d[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!(row.getValue(j) instanceof Number v)) {
          throw new InvalidModelException("problem." + key + "[" + i + "][" + j + "] must be a number");
        }
        d[i][j] = v.doubleValue();
      }
    }
    return d;
  }
}
