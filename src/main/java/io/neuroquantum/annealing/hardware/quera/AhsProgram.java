package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An analog Hamiltonian simulation program in Braket's {@code braket.ir.ahs.program} v1 form: a register
 * of atom sites and one global driving field (amplitude Ω, phase φ, detuning Δ as piecewise-linear time
 * series). Numbers are decimals, as Braket's own schema keeps them, so "is this a multiple of the
 * device's resolution" has an exact answer.
 *
 * @param x site x coordinates, metres
 * @param y site y coordinates, metres
 * @param filling 1 where an atom is requested, 0 for a vacant site
 * @param amplitude Ω(t), rad/s
 * @param phase φ(t), rad
 * @param detuning Δ(t), rad/s
 * @param localDetunings how many local detuning fields the program has (Aquila grants them only as an
 *     experimental capability; kept so a validator can refuse them)
 */
public record AhsProgram(List<BigDecimal> x, List<BigDecimal> y, List<Integer> filling,
    TimeSeries amplitude, TimeSeries phase, TimeSeries detuning, int localDetunings) {

  public static final String SCHEMA_NAME = "braket.ir.ahs.program";
  public static final String SCHEMA_VERSION = "1";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public AhsProgram {
    x = List.copyOf(x);
    y = List.copyOf(y);
    filling = List.copyOf(filling);
  }

  /** A piecewise-linear function of time: {@code values[k]} at {@code times[k]} seconds. */
  public record TimeSeries(List<BigDecimal> times, List<BigDecimal> values) {
    public TimeSeries {
      times = List.copyOf(times);
      values = List.copyOf(values);
    }
  }

  public int sites() {
    return x.size();
  }

  /** The program as Braket's {@code action} JSON (numbers as JSON numbers, which the service accepts). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("braketSchemaHeader").put("name", SCHEMA_NAME).put("version", SCHEMA_VERSION);
    ObjectNode register = root.putObject("setup").putObject("ahs_register");
    ArrayNode sites = register.putArray("sites");
    for (int i = 0; i < sites(); i++) {
      sites.addArray().add(x.get(i)).add(y.get(i));
    }
    ArrayNode fill = register.putArray("filling");
    filling.forEach(fill::add);
    ObjectNode hamiltonian = root.putObject("hamiltonian");
    ObjectNode field = hamiltonian.putArray("drivingFields").addObject();
    field.set("amplitude", physicalField(amplitude));
    field.set("phase", physicalField(phase));
    field.set("detuning", physicalField(detuning));
    hamiltonian.putArray("localDetuning");
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of numbers and strings always serializes", e);
    }
  }

  private static ObjectNode physicalField(TimeSeries series) {
    ObjectNode field = JSON.createObjectNode();
    ObjectNode ts = field.putObject("time_series");
    ArrayNode values = ts.putArray("values");
    series.values().forEach(values::add);
    ArrayNode times = ts.putArray("times");
    series.times().forEach(times::add);
    field.put("pattern", "uniform");
    return field;
  }

  /**
   * Reads an {@code action} JSON as Braket does: numbers may be JSON numbers or numeric strings (the
   * Python SDK sends strings), and {@code shiftingFields} is the older name of {@code localDetuning}.
   *
   * @throws IllegalArgumentException with the offending path when the JSON is not such a program
   */
  public static AhsProgram parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("action is not JSON: " + e.getOriginalMessage());
    }
    JsonNode header = required(root, "braketSchemaHeader");
    if (!SCHEMA_NAME.equals(header.path("name").asText()) || !SCHEMA_VERSION.equals(header.path("version").asText())) {
      throw new IllegalArgumentException("braketSchemaHeader must be " + SCHEMA_NAME + " version " + SCHEMA_VERSION
          + ", got " + header);
    }
    JsonNode register = required(required(root, "setup"), "ahs_register");
    List<BigDecimal> xs = new ArrayList<>();
    List<BigDecimal> ys = new ArrayList<>();
    for (JsonNode site : array(register, "sites")) {
      if (!site.isArray() || site.size() != 2) {
        throw new IllegalArgumentException("each site must be [x, y], got " + site);
      }
      xs.add(decimal(site.get(0), "sites"));
      ys.add(decimal(site.get(1), "sites"));
    }
    List<Integer> filling = new ArrayList<>();
    for (JsonNode f : array(register, "filling")) {
      filling.add(decimal(f, "filling").intValue());
    }
    JsonNode hamiltonian = required(root, "hamiltonian");
    JsonNode fields = array(hamiltonian, "drivingFields");
    if (fields.size() != 1) {
      throw new IllegalArgumentException("Aquila takes exactly one driving field, got " + fields.size());
    }
    JsonNode field = fields.get(0);
    JsonNode local = hamiltonian.has("localDetuning") ? hamiltonian.get("localDetuning") : hamiltonian.get("shiftingFields");
    int locals = local == null || local.isNull() ? 0 : local.size();
    return new AhsProgram(xs, ys, filling, series(field, "amplitude"), series(field, "phase"),
        series(field, "detuning"), locals);
  }

  private static TimeSeries series(JsonNode field, String name) {
    JsonNode ts = required(required(field, name), "time_series");
    List<BigDecimal> times = new ArrayList<>();
    for (JsonNode t : array(ts, "times")) {
      times.add(decimal(t, name + ".times"));
    }
    List<BigDecimal> values = new ArrayList<>();
    for (JsonNode v : array(ts, "values")) {
      values.add(decimal(v, name + ".values"));
    }
    String pattern = field.get(name).path("pattern").asText("uniform");
    if (!"uniform".equals(pattern)) {
      throw new IllegalArgumentException(name + " pattern must be \"uniform\" for a driving field, got " + pattern);
    }
    return new TimeSeries(times, values);
  }

  private static JsonNode required(JsonNode node, String name) {
    JsonNode child = node.get(name);
    if (child == null || child.isNull()) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return child;
  }

  private static JsonNode array(JsonNode node, String name) {
    JsonNode child = required(node, name);
    if (!child.isArray()) {
      throw new IllegalArgumentException(name + " must be an array");
    }
    return child;
  }

  private static BigDecimal decimal(JsonNode node, String where) {
    try {
      if (node.isNumber()) {
        return node.decimalValue();
      }
      if (node.isTextual()) {
        return new BigDecimal(node.asText());
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException(where + " holds a value that is not a number: " + node);
  }
}
