package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.Knapsack;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads the 0/1 knapsack instances of John Burkardt's KNAPSACK_01 data set (p01 … p08, from Kreher
 * &amp; Stinson and Martello &amp; Toth): one file per column, each number alone on its line:
 * {@code pNN_c.txt} the capacity, {@code pNN_w.txt} the weights, {@code pNN_p.txt} the profits and
 * {@code pNN_s.txt} an optimal selection (0/1 per item).
 */
public final class BurkardtKnapsackReader {
  /** Most items accepted, checked while reading, before the model is built. */
  static final int MAX_ITEMS = 1_000_000;

  private BurkardtKnapsackReader() {
  }

  /** The knapsack of a capacity file, a weights file and a profits file. */
  public static Knapsack read(Reader capacity, Reader weights, Reader profits, String name) {
    long[] c = column(capacity, name + "_c");
    if (c.length != 1) {
      throw new InvalidModelException(name + "_c: expected one capacity, found " + c.length + " numbers");
    }
    long[] w = column(weights, name + "_w");
    long[] p = column(profits, name + "_p");
    if (w.length != p.length) {
      throw new InvalidModelException(name + ": " + w.length + " weights but " + p.length + " profits");
    }
    return Knapsack.of(Arrays.stream(p).asDoubleStream().toArray(), w, c[0]);
  }

  /** The non-negative integers of a file, one per line (blank lines skipped). */
  public static long[] column(Reader in, String name) {
    try (LineSource src = new LineSource(in, name)) {
      long[] values = new long[16];
      int count = 0;
      String line;
      while ((line = src.next()) != null) {
        String[] f = LineSource.fields(line);
        if (f.length == 0) {
          continue;
        }
        if (f.length != 1) {
          throw src.error("expected one number per line, found " + f.length);
        }
        if (count == MAX_ITEMS) {
          throw src.error("more than " + MAX_ITEMS + " numbers");
        }
        long v;
        try {
          v = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
          throw src.error("expected an integer, found \"" + f[0] + "\"");
        }
        if (v < 0) {
          throw src.error("negative number " + v);
        }
        values = count == values.length ? Arrays.copyOf(values, 2 * count) : values;
        values[count++] = v;
      }
      return Arrays.copyOf(values, count);
    }
  }
}
