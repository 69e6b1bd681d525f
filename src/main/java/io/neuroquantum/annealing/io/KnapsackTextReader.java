package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.problems.Knapsack;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads a 0/1 knapsack in one text file (this project's format, documented in docs/annealing.md):
 * the first line is the capacity, then one item per line as {@code weight value}; blank lines and
 * comments (from {@code #} to the end of a line) are skipped. Capacity and weights are non-negative
 * integers (weights ≥ 1), values non-negative decimals. The item count and the capacity are told to
 * a {@link DeclaredSize} (as vertices and edges) once read, before any model is built; at most
 * {@link BurkardtKnapsackReader#MAX_ITEMS} items are read.
 */
public final class KnapsackTextReader {

  private KnapsackTextReader() {
  }

  public static Knapsack read(Reader in, String name, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      long capacity = -1;
      long[] weights = new long[16];
      double[] values = new double[16];
      int count = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(NumberListReader.withoutComment(line));
        if (f.length == 0) {
          continue;
        }
        if (capacity < 0) {
          if (f.length != 1) {
            throw src.error("expected the capacity alone on the first line, found " + f.length + " fields");
          }
          capacity = nonNegative(src, f[0], "capacity");
          continue;
        }
        if (f.length != 2) {
          throw src.error("expected an item as \"weight value\", found " + f.length + " fields");
        }
        if (count == BurkardtKnapsackReader.MAX_ITEMS) {
          throw src.error("more than " + BurkardtKnapsackReader.MAX_ITEMS + " items");
        }
        if (count == weights.length) {
          weights = Arrays.copyOf(weights, 2 * count);
          values = Arrays.copyOf(values, 2 * count);
        }
        weights[count] = nonNegative(src, f[0], "weight");
        values[count++] = src.parseDouble(f[1], "value");
      }
      if (capacity < 0) {
        throw src.fileError("no capacity: expected the capacity on the first line, then \"weight value\" per item");
      }
      size.check(count, capacity);
      return Knapsack.of(Arrays.copyOf(values, count), Arrays.copyOf(weights, count), capacity);
    }
  }

  private static long nonNegative(LineSource src, String token, String what) {
    long v;
    try {
      v = Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw src.error(what + " must be an integer, found \"" + token + "\"");
    }
    if (v < 0) {
      throw src.error(what + " must not be negative, found " + v);
    }
    return v;
  }
}
