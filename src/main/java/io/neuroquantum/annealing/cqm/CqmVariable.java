package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.InvalidModelException;

/**
 * A variable of a {@link ConstrainedQuadraticModel}: binary (0 or 1) or a bounded integer in
 * {@code [lower, upper]}. Discrete (one-hot) variables are groups of binaries, see
 * {@link ConstrainedQuadraticModel.Builder#addDiscrete}.
 */
public record CqmVariable(String name, Kind kind, long lower, long upper) {

  public enum Kind {
    BINARY, INTEGER
  }

  /** Integers wider than this would need more than 40 bits each in a QUBO: refused when declared. */
  public static final long MAX_RANGE = (1L << 40) - 1;

  public CqmVariable {
    if (name == null || name.isBlank()) {
      throw new InvalidModelException("a variable needs a name");
    }
    if (kind == Kind.BINARY && (lower != 0 || upper != 1)) {
      throw new InvalidModelException("binary variable " + name + " has bounds [0, 1], got [" + lower + ", " + upper + "]");
    }
    if (lower > upper) {
      throw new InvalidModelException("variable " + name + ": lower bound " + lower + " is above upper bound " + upper);
    }
    if (upper - lower > MAX_RANGE || upper - lower < 0) {
      throw new InvalidModelException("variable " + name + ": range [" + lower + ", " + upper
          + "] is wider than 2^40 − 1 and would not fit a QUBO");
    }
  }

  public static CqmVariable binary(String name) {
    return new CqmVariable(name, Kind.BINARY, 0, 1);
  }

  public static CqmVariable integer(String name, long lower, long upper) {
    return new CqmVariable(name, Kind.INTEGER, lower, upper);
  }

  public boolean accepts(long value) {
    return value >= lower && value <= upper;
  }
}
