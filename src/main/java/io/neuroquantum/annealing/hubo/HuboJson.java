package io.neuroquantum.annealing.hubo;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;

/**
 * A higher-order binary model as JSON: {@code {"num_variables": 4, "terms": [[[0, 1, 2], 2.5],
 * [[3], -1]], "offset": 0}}, each term its variables (0-based indices; a repeated index counts once,
 * as x² = x; an empty list is a constant) and its coefficient. {@code num_variables} may be left out:
 * the variables are then 0 … the largest index. dimod's {@code BinaryPolynomial} has no serializable
 * form, so this is ours, in the shape of dimod's {@code {(0, 1, 2): 2.5}} polynomial dictionaries.
 */
public final class HuboJson {

  private HuboJson() {
  }

  /** Reads the model; {@code limits} bounds its variables and terms (checked before any term is added). */
  public static Hubo read(JsonNode doc, ModelLimits limits) {
    if (doc == null || !doc.isObject()) {
      throw new InvalidModelException("a HUBO must be a JSON object {num_variables, terms, offset}");
    }
    for (var it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!java.util.Set.of("type", "num_variables", "terms", "offset").contains(f)) {
        throw new InvalidModelException(f + " is not a field of a HUBO (expected num_variables, terms, offset)");
      }
    }
    if (doc.has("type") && !"hubo".equals(doc.get("type").asText())) {
      throw new InvalidModelException("type must be \"hubo\" (or left out), got " + doc.get("type"));
    }
    JsonNode terms = doc.get("terms");
    if (terms == null || !terms.isArray()) {
      throw new InvalidModelException("terms must be an array of [[variables…], coefficient]");
    }
    if (terms.size() > limits.maxInteractions()) {
      throw new InvalidModelException("terms: " + terms.size() + " listed, over the limit of " + limits.maxInteractions());
    }
    int[][] vars = new int[terms.size()][];
    double[] coefficients = new double[terms.size()];
    long largest = -1;
    for (int t = 0; t < vars.length; t++) {
      JsonNode term = terms.get(t);
      String where = "terms[" + t + "]";
      if (!term.isArray() || term.size() != 2 || !term.get(0).isArray()) {
        throw new InvalidModelException(where + " must be [[variables…], coefficient], got " + term);
      }
      JsonNode v = term.get(0);
      vars[t] = new int[v.size()];
      for (int k = 0; k < vars[t].length; k++) {
        JsonNode i = v.get(k);
        if (!i.isIntegralNumber() || !i.canConvertToLong() || i.asLong() < 0 || i.asLong() >= limits.maxVariables()) {
          throw new InvalidModelException(where + ": variable " + i + " is not an index in [0, "
              + limits.maxVariables() + ")");
        }
        vars[t][k] = i.asInt();
        largest = Math.max(largest, vars[t][k]);
      }
      JsonNode a = term.get(1);
      if (!a.isNumber() || !Double.isFinite(a.asDouble())) {
        throw new InvalidModelException(where + ": the coefficient must be a finite number, got " + a);
      }
      coefficients[t] = a.asDouble();
    }
    int n = (int) (largest + 1);
    JsonNode declared = doc.get("num_variables");
    if (declared != null && !declared.isNull()) {
      if (!declared.isIntegralNumber() || declared.asLong() < largest + 1 || declared.asLong() > limits.maxVariables()) {
        throw new InvalidModelException("num_variables must be a whole number from " + (largest + 1)
            + " (the largest index + 1) to " + limits.maxVariables() + ", got " + declared);
      }
      n = declared.asInt();
    }
    Hubo.Builder b = Hubo.builder(n, limits);
    JsonNode offset = doc.get("offset");
    if (offset != null && !offset.isNull()) {
      if (!offset.isNumber() || !Double.isFinite(offset.asDouble())) {
        throw new InvalidModelException("offset must be a finite number, got " + offset);
      }
      b.add(offset.asDouble());
    }
    for (int t = 0; t < vars.length; t++) {
      b.add(coefficients[t], vars[t]);
    }
    return b.build();
  }
}
