package io.neuroquantum.annealing.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.LabelledModel;
import io.neuroquantum.annealing.model.LabelledSampleSet;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.model.Variables;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * dimod's serializable JSON forms, in and out: a BQM as {@code BinaryQuadraticModel.to_serializable()}
 * writes it (bqm_schema 3.0.0, {@code use_bytes=False}) and a sample set as
 * {@code SampleSet.to_serializable()} does (sampleset_schema 3.2.0, samples bit-packed into uint32
 * words). Readers accept what dimod's {@code from_serializable} accepts, the compact
 * {@code use_bytes=True} forms included, with each {@code bytes} value as a base64 string
 * ({@link DimodBytes}: dimod's dict with bytes has no JSON form of its own); BQM biases are read as
 * doubles and indices as ints whatever {@code bias_type}/{@code index_type} say. Writers write either
 * form: {@code use_bytes=True} with float64 biases and int32 indices, as dimod does for a BQM it built.
 */
public final class DimodJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DimodJson() {
  }

  // ---- binary quadratic model -------------------------------------------------------------

  /**
   * The BQM document. Like dimod (sort_labels=True) variables are listed in sorted order when their
   * labels are all integers or all strings, else in the model's order; each interaction once with
   * head &lt; tail, sorted.
   */
  public static ObjectNode writeModel(LabelledModel labelled) {
    return writeModel(labelled, false);
  }

  /**
   * As {@code to_serializable(use_bytes=useBytes)}: with bytes, the four bias and index lists are
   * base64 strings of their float64 and int32 elements (see {@link DimodBytes}).
   */
  public static ObjectNode writeModel(LabelledModel labelled, boolean useBytes) {
    QuadraticModel model = labelled.model();
    Variables vars = labelled.variables();
    int n = model.numVariables();
    Integer[] order = sortedOrder(vars);
    int[] position = new int[n];
    for (int p = 0; p < n; p++) {
      position[order[p]] = p;
    }
    List<long[]> pairs = new ArrayList<>(model.numInteractions());
    List<Double> biases = new ArrayList<>(model.numInteractions());
    model.forEachInteraction((i, j, b) -> {
      int a = position[i];
      int c = position[j];
      pairs.add(new long[] {Math.min(a, c), Math.max(a, c), biases.size()});
      biases.add(b);
    });
    pairs.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
    ObjectNode doc = JSON.objectNode();
    doc.put("type", "BinaryQuadraticModel");
    doc.putObject("version").put("bqm_schema", "3.0.0");
    doc.put("use_bytes", false);
    doc.put("index_type", "int32");
    doc.put("bias_type", "float64");
    doc.put("num_variables", n);
    doc.put("num_interactions", pairs.size());
    ArrayNode labels = doc.putArray("variable_labels");
    for (int p = 0; p < n; p++) {
      labels.add(labelNode(vars.label(order[p])));
    }
    doc.put("variable_type", model.varType().name());
    doc.put("offset", model.offset());
    doc.putObject("info");
    ArrayNode linear = doc.putArray("linear_biases");
    for (int p = 0; p < n; p++) {
      linear.add(model.linear(order[p]));
    }
    ArrayNode quadratic = doc.putArray("quadratic_biases");
    ArrayNode head = doc.putArray("quadratic_head");
    ArrayNode tail = doc.putArray("quadratic_tail");
    for (long[] p : pairs) {
      quadratic.add(biases.get((int) p[2]));
      head.add((int) p[0]);
      tail.add((int) p[1]);
    }
    if (useBytes) {
      doc.put("use_bytes", true);
      for (String field : BQM_BIASES) {
        doc.set(field, DimodBytes.encode(doc.get(field), DimodBytes.Dtype.FLOAT64));
      }
      for (String field : BQM_INDICES) {
        doc.set(field, DimodBytes.encode(doc.get(field), DimodBytes.Dtype.INT32));
      }
    }
    return doc;
  }

  private static final List<String> BQM_BIASES = List.of("linear_biases", "quadratic_biases");
  private static final List<String> BQM_INDICES = List.of("quadratic_head", "quadratic_tail");

  /**
   * A {@code use_bytes=True} BQM document with its four byte strings turned into the lists dimod
   * writes without bytes; a plain one as it is. dimod refuses bytes before bqm_schema 3.0.0 (their
   * layout changed), and so does this.
   */
  private static JsonNode bqmArrays(JsonNode doc) {
    if (!doc.path("use_bytes").asBoolean(false)) {
      return doc;
    }
    if (doc.path("version").path("bqm_schema").asText("0").compareTo("3.0.0") < 0) {
      throw new InvalidModelException("use_bytes=true before bqm_schema 3.0.0 is no longer supported (as in dimod)");
    }
    ObjectNode copy = ((ObjectNode) doc).deepCopy();
    DimodBytes.Dtype bias = DimodBytes.Dtype.of(doc.path("bias_type").asText(null), "bias_type");
    DimodBytes.Dtype index = DimodBytes.Dtype.of(doc.path("index_type").asText(null), "index_type");
    for (String field : BQM_BIASES) {
      copy.set(field, DimodBytes.decode(doc.get(field), bias, field));
    }
    for (String field : BQM_INDICES) {
      copy.set(field, DimodBytes.decode(doc.get(field), index, field));
    }
    return copy;
  }

  /** The interactions a BQM document declares, in either form, without decoding its bytes. */
  private static long declaredInteractions(JsonNode doc) {
    if (!doc.path("use_bytes").asBoolean(false)) {
      return doc.path("quadratic_biases").size();
    }
    return DimodBytes.count(doc.get("quadratic_biases"), DimodBytes.Dtype.of(doc.path("bias_type").asText(null),
        "bias_type"), "quadratic_biases");
  }

  public static String writeModelString(LabelledModel model) {
    return model == null ? "null" : writeModel(model).toString();
  }

  public static LabelledModel readModel(String json) {
    return readModel(parse(json));
  }

  /**
   * A BQM file as a problem to solve ({@code solve --format dimod}): its {@code variable_type} must be
   * {@code required}'s, and {@code size} hears its variable and interaction counts before it is built.
   */
  public static LabelledModel readModel(Reader in, String name, VarType required, DeclaredSize size) {
    JsonNode doc;
    try {
      doc = MAPPER.readTree(in);
    } catch (IOException e) {
      throw new FormatException(name, 0, "not a dimod JSON document: " + e.getMessage());
    }
    if (doc == null || !doc.isObject()) {
      throw new FormatException(name, 0, "not a dimod JSON document (expected an object)");
    }
    VarType declared = varType(doc.path("variable_type"));
    if (declared != required) {
      throw new FormatException(name, 0, "the file holds a " + declared + " model but a " + required
          + " model was asked for");
    }
    size.check(doc.path("variable_labels").size(), declaredInteractions(doc));
    try {
      return readModel(doc);
    } catch (InvalidModelException e) {
      throw new FormatException(name, 0, e.getMessage());
    }
  }

  /** A BQM document as dimod's {@code from_serializable} reads it, checked before anything is built. */
  public static LabelledModel readModel(JsonNode document) {
    requireHeader(document, "BinaryQuadraticModel", "bqm_schema", "2.0.0");
    JsonNode doc = bqmArrays(document);
    VarType type = varType(doc.path("variable_type"));
    List<Object> labels = labels(doc.path("variable_labels"));
    JsonNode linear = array(doc, "linear_biases");
    JsonNode quadratic = array(doc, "quadratic_biases");
    JsonNode head = array(doc, "quadratic_head");
    JsonNode tail = array(doc, "quadratic_tail");
    int n = labels.size();
    if (linear.size() != n) {
      throw new InvalidModelException(n + " variable labels but " + linear.size() + " linear biases");
    }
    if (quadratic.size() != head.size() || head.size() != tail.size()) {
      throw new InvalidModelException("quadratic_biases, quadratic_head and quadratic_tail differ in length ("
          + quadratic.size() + ", " + head.size() + ", " + tail.size() + ")");
    }
    QuadraticModel.Builder<?, ?> b = QuadraticModel.builder(type, n);
    b.addOffset(number(doc.path("offset"), "offset"));
    for (int i = 0; i < n; i++) {
      b.addLinear(i, number(linear.get(i), "linear bias " + i));
    }
    for (int k = 0; k < quadratic.size(); k++) {
      b.addQuadratic(index(head.get(k), n, "quadratic_head"), index(tail.get(k), n, "quadratic_tail"),
          number(quadratic.get(k), "quadratic bias " + k));
    }
    return new LabelledModel(b.build(), Variables.of(labels));
  }

  // ---- sample set --------------------------------------------------------------------------

  /** The sample set document: one row per distinct sample, in this set's order (lowest energy first). */
  public static ObjectNode writeSampleSet(SampleSet set, Variables variables) {
    return writeSampleSet(set, variables, false);
  }

  /** As {@code to_serializable(use_bytes=useBytes)}: with bytes, every array's data is a base64 string. */
  public static ObjectNode writeSampleSet(SampleSet set, Variables variables, boolean useBytes) {
    int n = variables.size();
    int rows = set.samples().size();
    int words = (n + 31) / 32;
    ArrayNode packed = JSON.arrayNode();
    ArrayNode energies = JSON.arrayNode();
    ArrayNode counts = JSON.arrayNode();
    for (Sample s : set.samples()) {
      if (s.size() != n) {
        throw new InvalidModelException("a sample has " + s.size() + " values for " + n + " variables");
      }
      long[] bits = new long[words];
      for (int k = 0; k < n; k++) {
        if (s.value(k) > 0) {
          bits[k / 32] |= 1L << (k % 32);
        }
      }
      ArrayNode row = packed.addArray();
      for (long w : bits) {
        row.add(w);
      }
      addNumber(energies, s.energy());
      counts.add(s.occurrences());
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("type", "SampleSet");
    doc.putObject("version").put("sampleset_schema", "3.2.0");
    doc.put("num_variables", n);
    doc.put("num_rows", rows);
    doc.set("sample_data", ndarray(packed, "uint32", useBytes, rows, words));
    doc.put("sample_type", "int8");
    doc.put("sample_packed", true);
    ObjectNode vectors = doc.putObject("vectors");
    vectors.set("energy", ndarray(energies, "float64", useBytes, rows));
    vectors.set("num_occurrences", ndarray(counts, "int64", useBytes, rows));
    ArrayNode labels = doc.putArray("variable_labels");
    for (Object label : variables.labels()) {
      labels.add(labelNode(label));
    }
    doc.put("variable_type", set.varType().name());
    doc.putObject("info");
    return doc;
  }

  public static LabelledSampleSet readSampleSet(String json) {
    return readSampleSet(parse(json));
  }

  /**
   * A sample set document. Rows become samples with their energy and occurrences (1 when the
   * document has no num_occurrences vector); other vectors and {@code info} are not kept.
   */
  public static LabelledSampleSet readSampleSet(JsonNode doc) {
    requireHeader(doc, "SampleSet", "sampleset_schema", "3.0.0");
    VarType type = varType(doc.path("variable_type"));
    List<Object> labels = labels(doc.path("variable_labels"));
    int n = labels.size();
    if (doc.path("num_variables").asInt(n) != n) {
      throw new InvalidModelException("num_variables " + doc.path("num_variables") + " but " + n + " labels");
    }
    JsonNode sampleData = ndarrayData(doc.path("sample_data"), "sample_data");
    boolean packed = doc.path("sample_packed").asBoolean(true);
    JsonNode vectors = doc.path("vectors");
    JsonNode energy = ndarrayData(vectors.path("energy"), "vectors.energy");
    JsonNode occurrences = vectors.has("num_occurrences") ? ndarrayData(vectors.path("num_occurrences"),
        "vectors.num_occurrences") : null;
    int rows = sampleData.size();
    if (energy.size() != rows || occurrences != null && occurrences.size() != rows) {
      throw new InvalidModelException(rows + " samples but " + energy.size() + " energies"
          + (occurrences == null ? "" : " and " + occurrences.size() + " occurrence counts"));
    }
    List<Sample> samples = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      JsonNode row = sampleData.get(r);
      byte[] values = new byte[n];
      for (int k = 0; k < n; k++) {
        int v;
        if (packed) {
          JsonNode word = row.get(k / 32);
          if (word == null || !word.canConvertToLong()) {
            throw new InvalidModelException("sample row " + r + " has too few packed words for " + n + " variables");
          }
          v = (word.asLong() >>> (k % 32) & 1) == 1 ? type.high() : type.low();
        } else {
          JsonNode value = row.get(k);
          if (value == null || !value.isIntegralNumber() || !type.accepts(value.asInt())) {
            throw new InvalidModelException("sample row " + r + " value " + k + " is not a "
                + type.name().toLowerCase(Locale.ROOT) + " value: " + value);
          }
          v = value.asInt();
        }
        values[k] = (byte) v;
      }
      int count = occurrences == null ? 1 : (int) number(occurrences.get(r), "num_occurrences " + r);
      samples.add(new Sample(values, number(energy.get(r), "energy " + r), count));
    }
    SampleSet set = SampleSet.of(type, samples, new Timing(0, 0), SamplingStats.none(rows));
    return new LabelledSampleSet(set, Variables.of(labels));
  }

  // ---- shared pieces ----------------------------------------------------------------------

  /** dimod's serialize_ndarray. */
  private static ObjectNode ndarray(ArrayNode data, String dataType, boolean useBytes, int... shape) {
    ObjectNode a = JSON.objectNode();
    a.put("type", "array");
    a.set("data", useBytes ? DimodBytes.encode(data, DimodBytes.Dtype.of(dataType, dataType)) : data);
    a.put("data_type", dataType);
    ArrayNode s = a.putArray("shape");
    for (int d : shape) {
      s.add(d);
    }
    a.put("use_bytes", useBytes);
    return a;
  }

  /**
   * The data of a serialized array as nested lists, as dimod's deserialize_ndarray reads it: with
   * use_bytes, its base64 bytes of {@code data_type} folded into {@code shape} (1-D or 2-D here).
   */
  private static JsonNode ndarrayData(JsonNode a, String what) {
    boolean bytes = a.path("use_bytes").asBoolean(false);
    if (!"array".equals(a.path("type").asText()) || !(bytes ? a.path("data").isTextual() : a.path("data").isArray())) {
      throw new InvalidModelException(what + " must be a serialized array ({\"type\": \"array\", \"data\": "
          + (bytes ? "\"<base64>\"" : "[…]") + ", …})");
    }
    if (!bytes) {
      return a.path("data");
    }
    ArrayNode flat = DimodBytes.decode(a.get("data"), DimodBytes.Dtype.of(a.path("data_type").asText(null),
        what + ".data_type"), what);
    JsonNode shape = a.path("shape");
    if (shape.size() == 1 && shape.get(0).asLong() == flat.size()) {
      return flat;
    }
    if (shape.size() == 2 && shape.get(0).asLong() * shape.get(1).asLong() == flat.size()) {
      return DimodBytes.rows(flat, shape.get(0).asInt(), shape.get(1).asInt(), what);
    }
    throw new InvalidModelException(what + ": shape " + shape + " does not hold its " + flat.size() + " elements");
  }

  /** Schema 3.2.0 writes floats that are integers as ints ({@code _replace_float_with_int}). */
  private static void addNumber(ArrayNode array, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
      array.add((long) v);
    } else {
      array.add(v);
    }
  }

  private static Integer[] sortedOrder(Variables vars) {
    Integer[] order = new Integer[vars.size()];
    Arrays.setAll(order, i -> i);
    List<Object> labels = vars.labels();
    boolean allLongs = labels.stream().allMatch(l -> l instanceof Long);
    boolean allStrings = labels.stream().allMatch(l -> l instanceof String);
    if (allLongs) {
      Arrays.sort(order, Comparator.comparingLong(i -> (Long) labels.get(i)));
    } else if (allStrings) {
      // Python compares strings by code point
      Arrays.sort(order, (a, b) -> compareCodePoints((String) labels.get(a), (String) labels.get(b)));
    }
    return order;
  }

  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static JsonNode labelNode(Object label) {
    return switch (label) {
      case String s -> JSON.textNode(s);
      case Long l -> JSON.numberNode(l);
      case List<?> tuple -> {
        ArrayNode a = JSON.arrayNode();
        tuple.forEach(e -> a.add(labelNode(e)));
        yield a;
      }
      default -> throw new IllegalStateException("unexpected label " + label);
    };
  }

  private static List<Object> labels(JsonNode node) {
    if (!node.isArray()) {
      throw new InvalidModelException("variable_labels must be a list");
    }
    List<Object> out = new ArrayList<>(node.size());
    node.forEach(l -> out.add(label(l)));
    return out;
  }

  /** dimod's deserialize_variable: a list is a tuple. */
  private static Object label(JsonNode l) {
    if (l.isTextual()) {
      return l.asText();
    }
    if (l.isIntegralNumber() && l.canConvertToLong()) {
      return l.asLong();
    }
    if (l.isArray()) {
      List<Object> tuple = new ArrayList<>(l.size());
      l.forEach(e -> tuple.add(label(e)));
      return List.copyOf(tuple);
    }
    throw new InvalidModelException("variable label " + l + " is not a string, integer or list of labels");
  }

  private static VarType varType(JsonNode node) {
    return switch (node.asText("")) {
      case "SPIN" -> VarType.SPIN;
      case "BINARY" -> VarType.BINARY;
      default -> throw new InvalidModelException("variable_type must be \"SPIN\" or \"BINARY\", found " + node);
    };
  }

  /** The document's type, and a schema version dimod's from_serializable still reads (compared as dimod does, as strings). */
  private static void requireHeader(JsonNode doc, String type, String schemaKey, String oldest) {
    if (!type.equals(doc.path("type").asText(null))) {
      throw new InvalidModelException("\"type\" must be \"" + type + "\", found " + doc.path("type"));
    }
    String version = doc.path("version").path(schemaKey).asText("0");
    if (version.compareTo(oldest) < 0) {
      throw new InvalidModelException(schemaKey + " \"" + version + "\" is not supported (dimod reads " + oldest
          + " and later)");
    }
  }

  private static JsonNode array(JsonNode doc, String field) {
    JsonNode a = doc.path(field);
    if (!a.isArray()) {
      throw new InvalidModelException(field + " must be a list");
    }
    return a;
  }

  private static double number(JsonNode node, String what) {
    if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw new InvalidModelException(what + " must be a finite number, found " + node);
    }
    return node.asDouble();
  }

  private static int index(JsonNode node, int n, String what) {
    if (node == null || !node.isIntegralNumber() || node.asLong() < 0 || node.asLong() >= n) {
      throw new InvalidModelException(what + " entry " + node + " is not an index in [0, " + n + ")");
    }
    return node.asInt();
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidModelException("not JSON: " + e.getOriginalMessage());
    }
  }
}
