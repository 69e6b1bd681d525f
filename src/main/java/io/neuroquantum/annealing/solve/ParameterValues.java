package io.neuroquantum.annealing.solve;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked parameters of one solve: what the caller gave (normalised by {@link Parameter#check})
 * and, for what it did not give, the declared defaults. A factory reads its values here, so a
 * default is decided where the parameter is declared.
 */
public final class ParameterValues {

  private final String solver;
  private final Map<String, Parameter> declared;
  private final Map<String, Object> given;
  private final ModelStructure structure;

  ParameterValues(String solver, Map<String, Parameter> declared, Map<String, Object> given) {
    this(solver, declared, given, null);
  }

  private ParameterValues(String solver, Map<String, Parameter> declared, Map<String, Object> given,
      ModelStructure structure) {
    this.solver = solver;
    this.declared = declared;
    this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    this.structure = structure;
  }

  /** These values for a solve of a model with this structure (defaults chosen from it). */
  ParameterValues forModel(ModelStructure s) {
    return new ParameterValues(solver, declared, given, s);
  }

  /** The structure of the model being solved, when known: defaults the user did not set follow from it. */
  public Optional<ModelStructure> structure() {
    return Optional.ofNullable(structure);
  }

  public String solver() {
    return solver;
  }

  /** Whether the caller gave this parameter. */
  public boolean has(String name) {
    return given.containsKey(name);
  }

  /** Whether the caller gave any of these parameters. */
  public boolean hasAny(List<String> names) {
    return names.stream().anyMatch(given::containsKey);
  }

  /** What the caller gave, checked, in the order given. */
  public Map<String, Object> given() {
    return given;
  }

  /** The given value, else the declared default (null when the solver works it out from the model). */
  public Object value(String name) {
    Parameter p = declared.get(name);
    if (p == null) {
      throw new IllegalStateException("solver " + solver + " declares no parameter " + name);
    }
    return given.containsKey(name) ? given.get(name) : p.defaultValue();
  }

  public Integer integer(String name) {
    return (Integer) value(name);
  }

  public Double number(String name) {
    return (Double) value(name);
  }

  public boolean flag(String name) {
    return Boolean.TRUE.equals(value(name));
  }

  public String text(String name) {
    return (String) value(name);
  }

  public long seed() {
    return (Long) value(SolverRegistry.SEED.name());
  }

  /**
   * Refuses {@code these} when {@code because} was given: the solver would ignore them, and an
   * ignored parameter should be an error rather than a silent default.
   */
  public void refuseWith(String because, List<String> these) {
    for (String name : these) {
      if (given.containsKey(name)) {
        throw new InvalidParameterException(name, "parameter '" + name + "' of solver '" + solver
            + "' does not combine with '" + because + "' (" + because + " runs the multi-start strategy, "
            + "which does not use it)");
      }
    }
  }
}
