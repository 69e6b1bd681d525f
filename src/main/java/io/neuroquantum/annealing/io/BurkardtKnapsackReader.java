package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.Knapsack;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the 0/1 knapsack instances of John Burkardt's KNAPSACK_01 data set (p01 … p08, from Kreher
 * &amp; Stinson and Martello &amp; Toth): one file per column, each number alone on its line:
 * {@code pNN_c.txt} the capacity, {@code pNN_w.txt} the weights, {@code pNN_p.txt} the profits and
 * {@code pNN_s.txt} an optimal selection (0/1 per item).
 */
public final class BurkardtKnapsackReader {
  /** Most items accepted, checked while reading, before the model is built. */
  static final int MAX_ITEMS = 1_000_000;

  /** A file of the set: {@code pNN_c.txt}, {@code pNN_w.txt}, {@code pNN_p.txt} or {@code pNN_s.txt}. */
  private static final Pattern FILE_NAME = Pattern.compile("(.+)_[cwps]\\.txt");

  private BurkardtKnapsackReader() {
  }

  /** Whether {@code fileName} is named like one of the set's files ({@code p01_c.txt}). */
  public static boolean isSetFile(String fileName) {
    return fileName != null && FILE_NAME.matcher(fileName).matches();
  }

  /**
   * The knapsack of the set {@code file} belongs to ({@code p01_c.txt}, or any sibling): its
   * {@code _c}, {@code _w} and {@code _p} files, found next to it.
   */
  public static Knapsack readSet(Path file, DeclaredSize size) throws IOException {
    Matcher m = FILE_NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new InvalidModelException(file.getFileName() + " is not named like a Burkardt knapsack file (p01_c.txt)");
    }
    String stem = m.group(1);
    try (Reader c = open(file, stem, "_c.txt"); Reader w = open(file, stem, "_w.txt"); Reader p = open(file, stem, "_p.txt")) {
      return read(c, w, p, stem, size);
    }
  }

  private static Reader open(Path file, String stem, String suffix) throws IOException {
    Path sibling = file.resolveSibling(stem + suffix);
    try {
      return Files.newBufferedReader(sibling, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidModelException("a Burkardt knapsack is three files (" + stem + "_c.txt, _w.txt, _p.txt); "
          + sibling + " is missing");
    }
  }

  /** The knapsack of a capacity file, a weights file and a profits file. */
  public static Knapsack read(Reader capacity, Reader weights, Reader profits, String name) {
    return read(capacity, weights, profits, name, DeclaredSize.ANY);
  }

  /** As above, telling {@code size} the item count and the capacity (as vertices and edges) before the model is built. */
  public static Knapsack read(Reader capacity, Reader weights, Reader profits, String name, DeclaredSize size) {
    long[] c = column(capacity, name + "_c");
    if (c.length != 1) {
      throw new InvalidModelException(name + "_c: expected one capacity, found " + c.length + " numbers");
    }
    long[] w = column(weights, name + "_w");
    long[] p = column(profits, name + "_p");
    if (w.length != p.length) {
      throw new InvalidModelException(name + ": " + w.length + " weights but " + p.length + " profits");
    }
    size.check(w.length, c[0]);
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
