package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.model.InvalidModelException;

/**
 * A solver parameter that cannot be accepted: unknown, misplaced, of the wrong type or out of range.
 * It names the parameter, so each front end can point at it in its own words ({@code solver.replicas}
 * in a job body, {@code --replicas} on the command line) in front of the same reason.
 */
public final class InvalidParameterException extends InvalidModelException {

  private final String parameter;

  public InvalidParameterException(String parameter, String reason) {
    super(reason);
    this.parameter = parameter;
  }

  /** The parameter's registry name ({@code replicas}, {@code time_limit_ms}, …), or {@code type} for the solver's name. */
  public String parameter() {
    return parameter;
  }
}
