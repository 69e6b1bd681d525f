package io.neuroquantum.annealing.solve;

import java.util.List;
import java.util.Locale;

/**
 * One parameter a solver takes: its name (snake_case, as in a job body; the command line spells it
 * {@code --kebab-case}), its type, its default and the values it accepts. {@link #check} is the one
 * place a given value is judged, for the command line and the job server alike.
 *
 * @param defaultValue the value used when none is given, or null when the solver works it out from
 *     the model ({@code defaultNote} then says how)
 * @param min smallest accepted value of a number (inclusive), or null
 * @param max largest accepted value of a number (inclusive), or null
 * @param choices the accepted words of a {@link Type#CHOICE}, lower case
 * @param serverOnly where the runs are placed rather than what they compute ({@code workers}): the job
 *     server takes it, the command line (always in-process) offers no option for it
 */
public record Parameter(String name, Type type, Object defaultValue, String defaultNote, Number min, Number max,
    List<String> choices, String help, boolean serverOnly) {

  /** What kind of value a parameter takes. */
  public enum Type {
    /** A whole number within [min, max] (at most Integer.MAX_VALUE). */
    INTEGER,
    /** A whole number of 64 bits (seeds). */
    LONG,
    /** A finite real number within [min, max]. */
    NUMBER,
    /** true or false. */
    FLAG,
    /** One of {@code choices}, case-insensitive. */
    CHOICE,
    /** Text the solver parses itself (a field schedule such as {@code exponential:3}). */
    TEXT,
    /** A non-empty list of finite numbers (a custom β schedule), normalised to a double[]. */
    NUMBERS,
    /**
     * A non-empty list of states, each a list of −1, 0 or 1 (initial states, in the model's variable
     * type; checked against the model when the solver runs), normalised to a byte[][].
     */
    STATES
  }

  public Parameter {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  static Parameter integer(String name, int min, int max, Integer defaultValue, String help) {
    return new Parameter(name, Type.INTEGER, defaultValue, null, min, max, null, help, false);
  }

  static Parameter number(String name, double min, double max, Double defaultValue, String help) {
    return new Parameter(name, Type.NUMBER, defaultValue, null, min, max, null, help, false);
  }

  static Parameter flag(String name, String help) {
    return new Parameter(name, Type.FLAG, false, null, null, null, null, help, false);
  }

  static Parameter choice(String name, String defaultValue, List<String> choices, String help) {
    return new Parameter(name, Type.CHOICE, defaultValue, null, null, null, choices, help, false);
  }

  static Parameter text(String name, String help) {
    return new Parameter(name, Type.TEXT, null, null, null, null, null, help, false);
  }

  static Parameter numbers(String name, String help) {
    return new Parameter(name, Type.NUMBERS, null, null, null, null, null, help, false);
  }

  static Parameter states(String name, String help) {
    return new Parameter(name, Type.STATES, null, null, null, null, null, help, false);
  }

  /** This parameter with its default worked out from the model, as {@code note} says. */
  Parameter automatic(String note) {
    return new Parameter(name, type, null, note, min, max, choices, help, serverOnly);
  }

  Parameter withDefault(Object value) {
    return new Parameter(name, type, value, defaultNote, min, max, choices, help, serverOnly);
  }

  Parameter placement() {
    return new Parameter(name, type, defaultValue, defaultNote, min, max, choices, help, true);
  }

  /** The default as a user reads it: the value, or how the solver chooses it. */
  public String defaultText() {
    return defaultValue != null ? String.valueOf(defaultValue) : defaultNote != null ? defaultNote : "none";
  }

  /**
   * The value given for this parameter of {@code solver}, checked and normalised (Integer, Long,
   * Double, Boolean, a lower-case choice, or text); refuses anything else with the reason.
   */
  Object check(String solver, Object value) {
    return switch (type) {
      case INTEGER -> {
        long v = whole(value);
        if (v < min.longValue() || v > max.longValue()) {
          throw outOfRange(value);
        }
        yield (int) v;
      }
      case LONG -> whole(value);
      case NUMBER -> {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          throw new InvalidParameterException(name, name + " must be a finite number, got " + show(value));
        }
        double v = n.doubleValue();
        if ((min != null && v < min.doubleValue()) || (max != null && v > max.doubleValue())) {
          throw outOfRange(value);
        }
        yield v;
      }
      case FLAG -> {
        if (!(value instanceof Boolean b)) {
          throw new InvalidParameterException(name, name + " must be true or false, got " + show(value));
        }
        yield b;
      }
      case CHOICE -> {
        String word = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
        if (word == null || !choices.contains(word)) {
          throw new InvalidParameterException(name, name + " of solver '" + solver + "' must be one of "
              + String.join(", ", choices) + ", got " + show(value));
        }
        yield word;
      }
      case TEXT -> {
        if (!(value instanceof String s) || s.isBlank()) {
          throw new InvalidParameterException(name, name + " must be a non-empty string, got " + show(value));
        }
        yield s.trim();
      }
      case NUMBERS -> numbers(value);
      case STATES -> states(value);
    };
  }

  private double[] numbers(Object value) {
    List<?> items = value instanceof double[] a ? java.util.Arrays.stream(a).boxed().toList()
        : value instanceof List<?> l ? l : null;
    if (items == null || items.isEmpty()) {
      throw new InvalidParameterException(name, name + " must be a non-empty list of numbers, got " + show(value));
    }
    double[] out = new double[items.size()];
    for (int k = 0; k < out.length; k++) {
      if (!(items.get(k) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new InvalidParameterException(name, name + "[" + k + "] must be a finite number, got " + show(items.get(k)));
      }
      out[k] = n.doubleValue();
    }
    return out;
  }

  private byte[][] states(Object value) {
    if (value instanceof byte[][] given && given.length > 0) {   // read from a file by the command line
      for (int r = 0; r < given.length; r++) {
        for (int i = 0; i < given[r].length; i++) {
          if (given[r][i] < -1 || given[r][i] > 1) {
            throw new InvalidParameterException(name, name + "[" + r + "][" + i + "] must be -1, 0 or 1, got " + given[r][i]);
          }
        }
      }
      return java.util.Arrays.stream(given).map(byte[]::clone).toArray(byte[][]::new);
    }
    if (!(value instanceof List<?> rows) || rows.isEmpty()) {
      throw new InvalidParameterException(name, name + " must be a non-empty list of states (lists of 0/1 or -1/+1), got "
          + show(value));
    }
    byte[][] out = new byte[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      if (!(rows.get(r) instanceof List<?> row)) {
        throw new InvalidParameterException(name, name + "[" + r + "] must be a list of values, got " + show(rows.get(r)));
      }
      out[r] = new byte[row.size()];
      for (int i = 0; i < row.size(); i++) {
        Object x = row.get(i);
        if (!(x instanceof Number n) || (n.doubleValue() != -1 && n.doubleValue() != 0 && n.doubleValue() != 1)) {
          throw new InvalidParameterException(name, name + "[" + r + "][" + i + "] must be -1, 0 or 1, got " + show(x));
        }
        out[r][i] = (byte) n.intValue();
      }
    }
    return out;
  }

  private long whole(Object value) {
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new InvalidParameterException(name, name + " must be a whole number, got " + show(value));
    }
    if (Math.abs(n.doubleValue()) > 0x1p63) {
      throw outOfRange(value);
    }
    return n.longValue();
  }

  private InvalidParameterException outOfRange(Object value) {
    return new InvalidParameterException(name, name + " must be between " + bound(min) + " and " + bound(max)
        + ", got " + show(value));
  }

  private static String bound(Number b) {
    if (b == null) {
      return "any";
    }
    return b.doubleValue() == Math.rint(b.doubleValue()) ? String.valueOf(b.longValue()) : String.valueOf(b);
  }

  private static String show(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
