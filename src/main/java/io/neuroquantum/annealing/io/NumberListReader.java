package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.ModelLimits;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads a list of integers, one per line, for number partitioning: blank lines and comments (from
 * {@code #} to the end of a line) are skipped. Integers beyond ±2⁵³ are refused: they would not stay
 * exact as the doubles the model is built from. The count is told to a {@link DeclaredSize} once the
 * list is read (the format has no header), before any model is built; at most
 * {@link #MAX_NUMBERS} are read.
 */
public final class NumberListReader {
  /** Most numbers accepted: the default model size limit, checked while reading. */
  public static final int MAX_NUMBERS = ModelLimits.DEFAULT.maxVariables();
  /** Largest magnitude accepted: every integer up to it is a double exactly. */
  static final long MAX_MAGNITUDE = 1L << 53;

  private NumberListReader() {
  }

  public static double[] read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      double[] numbers = new double[16];
      int count = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(withoutComment(line));
        if (f.length == 0) {
          continue;
        }
        if (f.length != 1) {
          throw src.error("expected one integer per line, found " + f.length + " fields");
        }
        if (count == MAX_NUMBERS) {
          throw src.error("more than " + MAX_NUMBERS + " numbers");
        }
        numbers = count == numbers.length ? Arrays.copyOf(numbers, 2 * count) : numbers;
        numbers[count++] = integer(src, f[0]);
      }
      size.check(count, 0);
      return Arrays.copyOf(numbers, count);
    }
  }

  /** The line up to a {@code #}. */
  static String withoutComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  /** An integer of magnitude at most 2⁵³, as a double. */
  static double integer(LineSource src, String token) {
    long v;
    try {
      v = Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw src.error("expected an integer, found \"" + token + "\"");
    }
    if (Math.abs(v) > MAX_MAGNITUDE) {
      throw src.error("integer " + v + " is beyond ±2^53 and would not stay exact");
    }
    return v;
  }
}
