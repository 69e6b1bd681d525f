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
    TEXT
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
    };
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
