package io.neuroquantum.annealing.cqm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A constrained quadratic model as JSON, in and out. dimod has no JSON form of a CQM (its
 * {@code CQM.to_file()} is a zip archive of NumPy arrays), so this one is ours; it uses dimod's words
 * where dimod has them: {@code vartype} {@code "BINARY"} or {@code "INTEGER"} with
 * {@code lower_bound}/{@code upper_bound} (dimod's defaults: lower 0; the upper bound is required here,
 * since a QUBO needs it finite), a discrete variable as a labelled one-hot group
 * ({@code add_discrete}), constraint senses {@code "<="}, {@code ">="} and {@code "=="} ({@code "="} is
 * read too), linear biases by variable name and quadratic ones as {@code [u, v, bias]}:
 *
 * <pre>{@code
 * {"variables": [{"name": "a", "vartype": "BINARY"},
 *                {"name": "n", "vartype": "INTEGER", "lower_bound": 0, "upper_bound": 5}],
 *  "discrete": [{"label": "colour", "variables": ["red", "green", "blue"]}],
 *  "objective": {"sense": "maximize", "linear": {"a": 3, "n": 1}, "quadratic": [["a", "n", -0.5]], "offset": 0},
 *  "constraints": [{"label": "cap", "linear": {"a": 2, "n": 1}, "quadratic": [], "sense": "<=", "rhs": 4,
 *                   "penalty_weight": 10}]}
 * }</pre>
 *
 * <p>Everything but {@code variables} and {@code objective} may be left out ({@code sense} defaults to
 * minimize, {@code offset} to 0, a constraint's {@code label} to {@code c<k>}; {@code penalty_weight}
 * replaces the automatic penalty of {@link CqmQubo} for that constraint). Discrete cases not listed
 * among {@code variables} are declared binary. Every mistake is an {@link InvalidModelException} that
 * names the field.
 */
public final class CqmJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CqmJson() {
  }

  /** Reads a file's or a body's text (a JSON object as above). */
  public static ConstrainedQuadraticModel read(Reader in, String name, ModelLimits limits) {
    JsonNode doc;
    try {
      doc = MAPPER.readTree(in);
    } catch (IOException e) {
      throw new InvalidModelException(name + ": not a JSON document: " + e.getMessage());
    }
    return read(doc, limits);
  }

  /**
   * Reads the model; {@code limits} bounds its variables and the terms it lists, so a document can ask
   * for no more than that before it is refused.
   */
  public static ConstrainedQuadraticModel read(JsonNode doc, ModelLimits limits) {
    if (doc == null || !doc.isObject()) {
      throw new InvalidModelException("a CQM must be a JSON object with variables, objective and constraints");
    }
    only(doc, "", Set.of("type", "variables", "discrete", "objective", "constraints"));
    if (doc.has("type") && !"cqm".equals(doc.get("type").asText())) {
      throw new InvalidModelException("type must be \"cqm\" (or left out), got " + doc.get("type"));
    }
    JsonNode variables = array(doc, "variables", true);
    if (variables.size() > limits.maxVariables()) {
      throw new InvalidModelException("variables: " + variables.size() + " listed, over the limit of "
          + limits.maxVariables());
    }
    ConstrainedQuadraticModel.Builder b = ConstrainedQuadraticModel.builder(limits);
    for (int k = 0; k < variables.size(); k++) {
      String where = "variables[" + k + "]";
      try {
        b.add(variable(variables.get(k), where));
      } catch (InvalidModelException e) {
        throw e.getMessage().startsWith(where) ? e : new InvalidModelException(where + ": " + e.getMessage());
      }
    }
    JsonNode discrete = array(doc, "discrete", false);
    for (int k = 0; k < discrete.size(); k++) {
      String where = "discrete[" + k + "]";
      JsonNode d = object(discrete.get(k), where);
      only(d, where + ".", Set.of("label", "variables"));
      JsonNode cases = array(d, "variables", true);
      String[] names = new String[cases.size()];
      for (int c = 0; c < names.length; c++) {
        names[c] = text(cases.get(c), where + ".variables[" + c + "]");
      }
      b.addDiscrete(text(d.get("label"), where + ".label"), names);
    }
    if (!doc.path("objective").isObject()) {
      throw new InvalidModelException("objective must be an object {sense, linear, quadratic, offset}");
    }
    JsonNode objective = doc.get("objective");
    only(objective, "objective.", Set.of("sense", "linear", "quadratic", "offset"));
    b.objective(goal(objective.get("sense")), expression(b, objective, "objective"));
    JsonNode constraints = array(doc, "constraints", false);
    for (int k = 0; k < constraints.size(); k++) {
      String where = "constraints[" + k + "]";
      JsonNode c = object(constraints.get(k), where);
      only(c, where + ".", Set.of("label", "linear", "quadratic", "offset", "sense", "rhs", "penalty_weight"));
      String label = c.has("label") ? text(c.get("label"), where + ".label") : "c" + k;
      JsonNode weight = c.get("penalty_weight");
      b.constraint(new CqmConstraint(label, expression(b, c, where), sense(c.get("sense"), where),
          number(c.get("rhs"), where + ".rhs"), weight == null || weight.isNull() ? Double.NaN
          : number(weight, where + ".penalty_weight")));
    }
    return b.build();
  }

  /** The model as a JSON object {@link #read} reads back to the same model. */
  public static ObjectNode write(ConstrainedQuadraticModel m) {
    ObjectNode doc = JSON.objectNode();
    ArrayNode variables = doc.putArray("variables");
    for (CqmVariable v : m.variables()) {
      ObjectNode o = variables.addObject().put("name", v.name()).put("vartype", v.kind().name());
      if (v.kind() == CqmVariable.Kind.INTEGER) {
        o.put("lower_bound", v.lower()).put("upper_bound", v.upper());
      }
    }
    // a discrete variable is its group and its one-hot constraint: written once, as "discrete"
    Set<Integer> oneHot = new HashSet<>();
    ArrayNode discrete = doc.putArray("discrete");
    for (int[] group : m.discreteGroups()) {
      int c = oneHotConstraint(m, group);
      oneHot.add(c);
      ArrayNode cases = discrete.addObject().put("label", m.constraints().get(c).label()).putArray("variables");
      Arrays.stream(group).forEach(i -> cases.add(m.variable(i).name()));
    }
    ObjectNode objective = doc.putObject("objective");
    objective.put("sense", m.goal().name().toLowerCase(Locale.ROOT));
    writeTerms(objective, m, m.objective());
    objective.put("offset", m.objective().constant());
    ArrayNode constraints = doc.putArray("constraints");
    for (int c = 0; c < m.constraints().size(); c++) {
      if (oneHot.contains(c)) {
        continue;
      }
      CqmConstraint cc = m.constraints().get(c);
      ObjectNode o = constraints.addObject().put("label", cc.label());
      writeTerms(o, m, cc.lhs());
      o.put("sense", cc.sense() == Sense.EQ ? "==" : cc.sense().symbol()).put("rhs", cc.rhs());
      if (!Double.isNaN(cc.weight())) {
        o.put("penalty_weight", cc.weight());
      }
    }
    return doc;
  }

  /** The constraint {@code addDiscrete} added for a group: Σ cases = 1 over exactly its variables. */
  private static int oneHotConstraint(ConstrainedQuadraticModel m, int[] group) {
    Set<Integer> members = new HashSet<>();
    Arrays.stream(group).forEach(members::add);
    for (int c = 0; c < m.constraints().size(); c++) {
      CqmConstraint cc = m.constraints().get(c);
      if (cc.sense() == Sense.EQ && cc.rhs() == 1 && cc.lhs().isLinear() && cc.lhs().linear().keySet().equals(members)
          && cc.lhs().linear().values().stream().allMatch(a -> a == 1)) {
        return c;
      }
    }
    throw new IllegalStateException("a discrete group without its one-hot constraint");
  }

  private static void writeTerms(ObjectNode o, ConstrainedQuadraticModel m, QuadraticExpression e) {
    ObjectNode linear = o.putObject("linear");
    e.linear().forEach((i, a) -> linear.put(m.variable(i).name(), a));
    ArrayNode quadratic = o.putArray("quadratic");
    e.quadratic().forEach((p, a) -> quadratic.addArray().add(m.variable(QuadraticExpression.first(p)).name())
        .add(m.variable(QuadraticExpression.second(p)).name()).add(a));
  }

  private static CqmVariable variable(JsonNode node, String where) {
    JsonNode v = object(node, where);
    only(v, where + ".", Set.of("name", "vartype", "lower_bound", "upper_bound"));
    String name = text(v.get("name"), where + ".name");
    String vartype = text(v.get("vartype"), where + ".vartype").toUpperCase(Locale.ROOT);
    return switch (vartype) {
      case "BINARY" -> CqmVariable.binary(name);
      case "INTEGER" -> CqmVariable.integer(name, v.has("lower_bound") ? whole(v.get("lower_bound"),
          where + ".lower_bound") : 0, whole(v.get("upper_bound"), where + ".upper_bound (required: a QUBO needs a "
          + "finite range)"));
      case "SPIN", "REAL" -> throw new InvalidModelException(where + ": vartype " + vartype + " is not supported "
          + "(BINARY or INTEGER; a discrete variable is a \"discrete\" group)");
      default -> throw new InvalidModelException(where + ".vartype must be BINARY or INTEGER, got " + vartype);
    };
  }

  private static QuadraticExpression expression(ConstrainedQuadraticModel.Builder b, JsonNode o, String where) {
    List<Object[]> linear = new ArrayList<>();
    JsonNode lin = o.get("linear");
    if (lin != null && !lin.isNull()) {
      if (!lin.isObject()) {
        throw new InvalidModelException(where + ".linear must be an object {variable: bias}");
      }
      for (Map.Entry<String, JsonNode> t : (Iterable<Map.Entry<String, JsonNode>>) lin::fields) {
        linear.add(new Object[] {t.getKey(), number(t.getValue(), where + ".linear." + t.getKey())});
      }
    }
    JsonNode quad = array(o, "quadratic", false);
    QuadraticExpression.Builder e = QuadraticExpression.builder();
    for (Object[] t : linear) {
      e.addLinear(index(b, (String) t[0], where + ".linear"), (Double) t[1]);
    }
    for (int k = 0; k < quad.size(); k++) {
      JsonNode t = quad.get(k);
      String at = where + ".quadratic[" + k + "]";
      if (!t.isArray() || t.size() != 3) {
        throw new InvalidModelException(at + " must be [u, v, bias]");
      }
      e.addQuadratic(index(b, text(t.get(0), at + "[0]"), at), index(b, text(t.get(1), at + "[1]"), at),
          number(t.get(2), at + "[2]"));
    }
    JsonNode offset = o.get("offset");
    if (offset != null && !offset.isNull()) {
      e.addConstant(number(offset, where + ".offset"));
    }
    b.countTerms(linear.size() + quad.size());
    return e.build();
  }

  private static int index(ConstrainedQuadraticModel.Builder b, String name, String where) {
    if (!b.has(name)) {
      throw new InvalidModelException(where + ": variable " + name + " is not declared in variables or discrete");
    }
    return b.indexOf(name);
  }

  private static ConstrainedQuadraticModel.Goal goal(JsonNode sense) {
    String s = sense == null || sense.isNull() ? "minimize" : text(sense, "objective.sense");
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "minimize", "min" -> ConstrainedQuadraticModel.Goal.MINIMIZE;
      case "maximize", "max" -> ConstrainedQuadraticModel.Goal.MAXIMIZE;
      default -> throw new InvalidModelException("objective.sense must be minimize or maximize, got " + s);
    };
  }

  private static Sense sense(JsonNode node, String where) {
    String s = text(node, where + ".sense");
    return switch (s) {
      case "<=", "le", "Le" -> Sense.LE;
      case ">=", "ge", "Ge" -> Sense.GE;
      case "==", "=", "eq", "Eq" -> Sense.EQ;
      default -> throw new InvalidModelException(where + ".sense must be \"<=\", \">=\" or \"==\", got \"" + s + "\"");
    };
  }

  /** A field this form does not have is a mistake (a typo would otherwise drop, say, every constraint). */
  private static void only(JsonNode o, String where, Set<String> fields) {
    for (var it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new InvalidModelException(where + f + " is not a field of this form (expected " + new java.util.TreeSet<>(fields)
            + ")");
      }
    }
  }

  private static JsonNode array(JsonNode o, String field, boolean required) {
    JsonNode a = o.get(field);
    if (a == null || a.isNull()) {
      if (required) {
        throw new InvalidModelException(field + " is required (an array)");
      }
      return JSON.arrayNode();
    }
    if (!a.isArray()) {
      throw new InvalidModelException(field + " must be an array");
    }
    return a;
  }

  private static JsonNode object(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidModelException(where + " must be an object");
    }
    return node;
  }

  private static String text(JsonNode node, String where) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new InvalidModelException(where + " must be a non-empty string");
    }
    return node.asText();
  }

  private static double number(JsonNode node, String where) {
    if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw new InvalidModelException(where + " must be a finite number, got " + node);
    }
    return node.asDouble();
  }

  private static long whole(JsonNode node, String where) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidModelException(where + " must be a whole number, got " + node);
    }
    return node.asLong();
  }
}
