package io.neuroquantum.annealing.model;

import java.util.Locale;
import java.util.Map;

/**
 * A {@link QuadraticModel} with its variables named: what dimod calls a BQM. The model stays
 * index-based (solvers see only it); {@code variables.label(i)} names index i.
 */
public record LabelledModel(QuadraticModel model, Variables variables) {

  public LabelledModel {
    if (model.numVariables() != variables.size()) {
      throw new InvalidModelException("the model has " + model.numVariables() + " variables but "
          + variables.size() + " labels were given");
    }
  }

  /** A model whose variables are labelled 0..n−1. */
  public static LabelledModel unlabelled(QuadraticModel model) {
    return new LabelledModel(model, Variables.range(model.numVariables()));
  }

  /** The same model with variables renamed as {@link Variables#relabel(Map)} says. */
  public LabelledModel relabel(Map<?, ?> mapping) {
    return new LabelledModel(model, variables.relabel(mapping));
  }

  /**
   * The model with one variable fixed to a value of its type: one variable fewer, the terms it
   * took part in folded into its neighbours' linear terms and the offset (dimod's
   * {@code fix_variable}). Energies agree: E'(rest) = E(rest with label = value).
   */
  public LabelledModel fixVariable(Object label, int value) {
    int i = variables.index(label);
    return new LabelledModel(model.fixVariable(i, value), variables.without(i));
  }

  /** The linear bias of a labelled variable. */
  public double linear(Object label) {
    return model.linear(variables.index(label));
  }

  /** The quadratic bias between two labelled variables (0 when absent). */
  public double quadratic(Object u, Object v) {
    return model.quadratic(variables.index(u), variables.index(v));
  }

  /** The energy of an assignment given by label; every variable needs a value. */
  public double energy(Map<?, ? extends Number> sample) {
    if (sample.size() != variables.size()) {
      throw new InvalidModelException("the sample assigns " + sample.size() + " variables, the model has "
          + variables.size());
    }
    byte[] values = new byte[variables.size()];
    sample.forEach((label, value) -> {
      int v = value.intValue();
      if (v != value.doubleValue() || !model.varType().accepts(v)) {
        throw new InvalidModelException("value " + value + " of " + Variables.show(Variables.normalize(label))
            + " is not a " + model.varType().name().toLowerCase(Locale.ROOT) + " value");
      }
      values[variables.index(label)] = (byte) v;
    });
    return model.energy(values);
  }
}
