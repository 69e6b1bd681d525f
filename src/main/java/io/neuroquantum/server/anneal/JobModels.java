package io.neuroquantum.server.anneal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.cqm.ConstrainedQuadraticModel;
import io.neuroquantum.annealing.cqm.CqmJson;
import io.neuroquantum.annealing.cqm.CqmQubo;
import io.neuroquantum.annealing.cqm.LpReader;
import io.neuroquantum.annealing.hubo.Hubo;
import io.neuroquantum.annealing.hubo.HuboJson;
import io.neuroquantum.annealing.hubo.HuboReader;
import io.neuroquantum.annealing.hubo.HuboReduction;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The problems of a job that are models rather than graphs: a constrained quadratic model
 * ({@code "type": "cqm"}, as {@link CqmJson} JSON in the problem object itself, or an LP file's text:
 * {@code "format": "lp", "data": "…"}) and a higher-order binary model ({@code "type": "hubo"}, as
 * {@link HuboJson} JSON, or {@code "format": "text", "data": "…"} in {@link HuboReader}'s lines).
 *
 * <p>Each is read as written (no bigger than its body, and within {@code anneal.max_variables} and
 * {@code anneal.max_quadratic_terms} for what it lists), then the QUBO it would become is estimated
 * from it ({@link CqmQubo#estimate}, {@link HuboReduction#estimate}) and held to the limits, and only
 * then built: a body that asks for a huge QUBO costs the reading of its text.
 */
final class JobModels {

  static final String CQM = "cqm";
  static final String HUBO = "hubo";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JobModels() {
  }

  /** Whether {@code type} names one of these problems. */
  static boolean handles(String type) {
    return CQM.equals(type) || HUBO.equals(type);
  }

  static EncodedProblem parse(String type, JsonObject problem, JobLimits limits) {
    String format = format(type, problem);
    if (CQM.equals(type)) {
      ConstrainedQuadraticModel model = format.equals("lp")
          ? refusedAs("problem.data: ", () -> new LpReader(limits.written()).parse(data(problem)))
          : refusedAs("problem.", () -> CqmJson.read(tree(problem), limits.written()));
      limits.check(CqmQubo.estimate(model), "the CQM");
      return EncodedProblem.cqm(refusedAs("problem: ", () -> CqmQubo.of(model)));
    }
    Hubo hubo = format.equals("text")
        ? refusedAs("problem.data: ", () -> HuboReader.parse(data(problem), "problem.data", limits.written()))
        : refusedAs("problem.", () -> HuboJson.read(tree(problem), limits.written()));
    limits.check(HuboReduction.estimate(hubo), "the HUBO");
    return EncodedProblem.hubo(HuboReduction.reduce(hubo));
  }

  /** {@code json} (the problem object is the model), or the text format of {@code data}. */
  private static String format(String type, JsonObject problem) {
    String text = CQM.equals(type) ? "lp" : "text";
    Object f = problem.getValue("format");
    String format = f == null ? (problem.containsKey("data") ? text : "json") : String.valueOf(f).toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals(text)) {
      throw new InvalidModelException("problem.format of a " + type + " must be json (the default: the model in the "
          + "problem object) or " + text + " (its text in problem.data), got " + f);
    }
    return format;
  }

  private static String data(JsonObject problem) {
    if (!(problem.getValue("data") instanceof String text)) {
      throw new InvalidModelException("problem.data must be the model's text as a string");
    }
    return text;
  }

  /**
   * The problem object as Jackson's tree, for the library's readers (the body is bounded: re-encoding is
   * cheap), without {@code format}, which is the job's (the readers take {@code type} and refuse any
   * field of neither).
   */
  private static JsonNode tree(JsonObject problem) {
    JsonObject model = problem.copy();
    model.remove("format");
    try {
      return MAPPER.readTree(model.encode());
    } catch (java.io.IOException e) {
      throw new InvalidModelException("problem is not JSON: " + e.getMessage());
    }
  }

  /** The readers name the field; the job's refusal says it is in the problem. */
  private static <T> T refusedAs(String prefix, Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidModelException e) {
      throw new InvalidModelException(prefix + e.getMessage());
    }
  }
}
