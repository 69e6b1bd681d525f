package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.embedding.TargetGraph;
import io.neuroquantum.annealing.hardware.embedding.TopologyGraph;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A solver as {@code GET solvers/remote/} describes it: its identity, whether it is online, and the
 * properties this client uses. QPU solvers carry their working graph ({@code qubits}, {@code couplers},
 * in the order problems are encoded over) and ranges; hybrid solvers their time-limit table.
 */
public record SolverDefinition(String name, String graphId, String category, boolean online, double avgLoad,
    Set<String> problemTypes, Set<String> parameters, JsonNode properties) {

  static SolverDefinition parse(JsonNode json) throws HardwareException {
    JsonNode identity = json.path("identity");
    String name = identity.isTextual() ? identity.asText() : identity.path("name").asText(json.path("id").asText(""));
    if (name.isEmpty()) {
      throw new HardwareException("D-Wave SAPI listed a solver without a name", false);
    }
    JsonNode props = json.path("properties");
    Set<String> types = new HashSet<>();
    props.path("supported_problem_types").forEach(t -> types.add(t.asText()));
    Set<String> params = new HashSet<>();
    props.path("parameters").fieldNames().forEachRemaining(params::add);
    return new SolverDefinition(name, identity.path("version").path("graph_id").asText(null),
        props.path("category").asText(types.contains("bqm") ? "hybrid" : "qpu"),
        json.path("status").asText("ONLINE").equalsIgnoreCase("online"), json.path("avg_load").asDouble(0),
        Set.copyOf(types), Set.copyOf(params), props);
  }

  public boolean isQpu() {
    return category.equals("qpu") && problemTypes.contains("ising");
  }

  public boolean isHybridBqm() {
    return problemTypes.contains("bqm");
  }

  /** Identifies the working graph for the embedding cache. */
  public String graphKey() {
    return name + "/" + graphId;
  }

  public int numQubits() {
    return props().path("num_qubits").asInt(props().path("qubits").size());
  }

  public int[] qubits() {
    JsonNode q = props().path("qubits");
    int[] out = new int[q.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = q.get(i).asInt();
    }
    return out;
  }

  public int[][] couplers() {
    JsonNode c = props().path("couplers");
    int[][] out = new int[c.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[] {c.get(i).get(0).asInt(), c.get(i).get(1).asInt()};
    }
    return out;
  }

  /** The working graph, checked against the topology the solver names when it is one we generate. */
  public TargetGraph workingGraph() throws HardwareException {
    JsonNode topology = props().path("topology");
    String type = topology.path("type").asText("");
    try {
      if (type.equals("chimera") || type.equals("pegasus") || type.equals("zephyr")) {
        JsonNode s = topology.path("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = s.get(i).asInt();
        }
        return TargetGraph.working(TopologyGraph.of(type, shape), qubits(), couplers());
      }
      return TargetGraph.of(qubits(), couplers());
    } catch (IllegalArgumentException e) {
      throw new HardwareException("solver " + name + " reports a working graph this client cannot use: "
          + e.getMessage(), false);
    }
  }

  /** m when the solver's topology is Pegasus P(m) ({@code {"type":"pegasus","shape":[m]}}), else empty. */
  public OptionalInt pegasusSize() {
    JsonNode topology = props().path("topology");
    JsonNode shape = topology.path("shape");
    return topology.path("type").asText("").equals("pegasus") && shape.size() == 1 && shape.get(0).canConvertToInt()
        ? OptionalInt.of(shape.get(0).asInt()) : OptionalInt.empty();
  }

  public double[] range(String property, double low, double high) {
    JsonNode r = props().path(property);
    return r.size() == 2 ? new double[] {r.get(0).asDouble(), r.get(1).asDouble()} : new double[] {low, high};
  }

  /**
   * The shortest {@code time_limit} (seconds) a hybrid solver accepts for a model of this many
   * variables: {@code minimum_time_limit} is a table of (variables, seconds) points, interpolated
   * linearly, as the Leap documentation describes.
   */
  public double minimumTimeLimit(int numVariables) {
    JsonNode table = props().path("minimum_time_limit");
    if (!table.isArray() || table.isEmpty()) {
      return 3.0;
    }
    double prevV = table.get(0).get(0).asDouble();
    double prevT = table.get(0).get(1).asDouble();
    if (numVariables <= prevV) {
      return prevT;
    }
    for (JsonNode point : table) {
      double v = point.get(0).asDouble();
      double t = point.get(1).asDouble();
      if (numVariables <= v) {
        return prevT + (t - prevT) * (numVariables - prevV) / (v - prevV);
      }
      prevV = v;
      prevT = t;
    }
    return prevT; // beyond the table: the last value (the table's own extrapolation is not documented)
  }

  private JsonNode props() {
    return properties;
  }
}
