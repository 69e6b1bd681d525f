package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.localsearch.PostProcess;
import io.neuroquantum.annealing.model.OneHotGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The solvers by name, and the one way to build one: {@link #configure}, name + parameter map →
 * checked {@link ConfiguredSolver}. The command line ({@code solve --solver pt --replicas 12}) and
 * the job server ({@code "solver": {"type": "pt", "replicas": 12}}) both come here, so an unknown
 * solver, a parameter the solver does not take or a value out of range is the same error in both,
 * with the same words.
 */
public final class SolverRegistry {

  /** The solver of a request that names none. */
  public static final String DEFAULT_SOLVER = "sa";

  /** Every solver takes a seed; the answer is a function of the seed, whatever the thread count. */
  public static final Parameter SEED = new Parameter("seed", Parameter.Type.LONG, 1L, null, null, null, null,
      "master random seed (exact ignores it: it enumerates)", false);

  /** Every solver may end with a local search over all its samples. */
  public static final Parameter POSTPROCESS = Parameter.choice("postprocess", PostProcess.NONE.label(),
      Arrays.stream(PostProcess.values()).map(PostProcess::label).toList(),
      "local search over every sample at the end: descent (steepest descent to a local minimum, with one-hot "
          + "moves for colouring and TSP) or tabu (a tabu search started from each sample)");

  /** Parameters every solver takes. */
  public static final List<Parameter> COMMON = List.of(SEED, POSTPROCESS, Composites.SPIN_REVERSALS,
      Composites.ROOF_DUALITY);

  static final String WORKERS = "workers";

  private static final List<SolverSpec> SOLVERS = Stream.of(ClassicalSolvers.all(), QuantumSolvers.all())
      .flatMap(List::stream).map(SolverRegistry::withCommon).toList();

  private SolverRegistry() {
  }

  /** Every solver, in the order a user is shown them. */
  public static List<SolverSpec> all() {
    return SOLVERS;
  }

  public static List<String> names() {
    return SOLVERS.stream().map(SolverSpec::name).toList();
  }

  /** The solver called {@code name} (case-insensitive); refused with the list of names when there is none. */
  public static SolverSpec spec(String name) {
    String key = name == null ? DEFAULT_SOLVER : name.trim().toLowerCase(Locale.ROOT);
    return SOLVERS.stream().filter(s -> s.name().equals(key)).findFirst()
        .orElseThrow(() -> new InvalidParameterException("type", "unknown solver \"" + name + "\" (available: "
            + String.join(", ", names()) + ")"));
  }

  /**
   * Builds solver {@code name} (null: {@link #DEFAULT_SOLVER}) from {@code parameters}: {@link #check}
   * then {@link SolverRequest#build}.
   */
  public static ConfiguredSolver configure(String name, Map<String, ?> parameters, OneHotGroups oneHotGroups) {
    return check(name, parameters).build(oneHotGroups);
  }

  /**
   * Checks solver {@code name} (null: {@link #DEFAULT_SOLVER}) and {@code parameters}, keyed by
   * parameter name; a null value counts as not given.
   *
   * @throws InvalidParameterException for an unknown solver or parameter, a parameter of another
   *     solver, or a value of the wrong type or out of range
   */
  public static SolverRequest check(String name, Map<String, ?> parameters) {
    SolverSpec spec = spec(name);
    Map<String, Parameter> declared = new LinkedHashMap<>();
    spec.parameters().forEach(p -> declared.put(p.name(), p));
    Map<String, Object> given = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : parameters.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      Parameter p = declared.get(e.getKey());
      if (p == null) {
        throw misplaced(spec, e.getKey());
      }
      given.put(p.name(), p.check(spec.name(), e.getValue()));
    }
    return new SolverRequest(spec, new ParameterValues(spec.name(), declared, given));
  }

  static PostProcess postProcess(ParameterValues values) {
    return PostProcess.parse(values.text(POSTPROCESS.name()));
  }

  /** A parameter {@code spec} does not take: another solver's (say whose), or nobody's. */
  private static InvalidParameterException misplaced(SolverSpec spec, String key) {
    List<String> owners = SOLVERS.stream().filter(s -> s.parameter(key).isPresent()).map(SolverSpec::name).toList();
    String takes = spec.parameters().stream().map(Parameter::name).collect(Collectors.joining(", "));
    if (!owners.isEmpty()) {
      return new InvalidParameterException(key, "parameter '" + key + "' does not apply to solver '" + spec.name()
          + "' (it is a parameter of " + String.join(", ", owners) + "; " + spec.name() + " takes " + takes + ")");
    }
    return new InvalidParameterException(key, "unknown parameter '" + key + "' of solver '" + spec.name() + "' ("
        + spec.name() + " takes " + takes + ")");
  }

  private static SolverSpec withCommon(SolverSpec spec) {
    List<Parameter> all = new ArrayList<>(spec.parameters());
    all.addAll(COMMON);
    return new SolverSpec(spec.name(), spec.summary(), all, spec.factory());
  }
}
