package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.DuplicateTerms;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import io.neuroquantum.annealing.model.Qubo;
import java.io.Reader;

/**
 * Reads one instance of an OR-Library {@code bqp} file (Beasley's bqp50 … bqp2500), the original
 * multi-instance text: the number of instances K, then per instance a header {@code n m} and m
 * lines {@code i j q} (1-based, i ≤ j, each pair once).
 *
 * <p>Sign convention, decided here and only here: OR-Library states a <em>maximisation</em> of
 * {@code f(x) = Σ_i Σ_j q_ij x_i x_j} over a symmetric q, so a listed off-diagonal entry counts twice:
 * {@code f(x) = Σ q_ii x_i + 2 Σ_{i<j} q_ij x_i x_j} (with a single factor bqp50-1's best-known 2098
 * is not reached). The returned QUBO is the minimisation of {@code −f}: its energy is −f(x), so a
 * best-known value V is the energy −V.
 */
public final class OrLibraryBqpReader {
  private OrLibraryBqpReader() {
  }

  /**
   * The QUBO (minimise −f) of instance {@code instance} (1-based). Instances before it are skipped
   * line by line without building anything; {@code size} hears the chosen instance's n and m first.
   */
  public static Qubo read(Reader in, String name, int instance, DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      String first = src.nextNonBlank();
      if (first == null) {
        throw src.fileError("empty file, expected the number of instances");
      }
      String[] k = LineSource.fields(first);
      if (k.length != 1) {
        throw src.error("expected the number of instances alone on the first line, found " + k.length + " fields");
      }
      int count = src.parseIndex(k[0], 1, Integer.MAX_VALUE, "number of instances");
      if (instance < 1 || instance > count) {
        throw new InvalidModelException(name + " holds instances 1.." + count + ", instance " + instance
            + " was asked for (--instance)");
      }
      for (int current = 1; ; current++) {
        String header = src.nextNonBlank();
        if (header == null) {
          throw src.fileError("the file declares " + count + " instances but ends in instance " + current);
        }
        String[] h = LineSource.fields(header);
        if (h.length != 2) {
          throw src.error("expected an instance header \"n m\", found " + h.length + " fields");
        }
        int n = src.parseIndex(h[0], 1, ModelLimits.DEFAULT.maxVariables(), "number of variables");
        int m = src.parseIndex(h[1], 0, Integer.MAX_VALUE, "number of entries");
        if (current < instance) {
          skipEntries(src, m);
          continue;
        }
        size.check(n, m);
        return readEntries(src, n, m);
      }
    }
  }

  private static void skipEntries(LineSource src, int m) {
    for (int e = 0; e < m; e++) {
      if (src.nextNonBlank() == null) {
        throw src.fileError("the file ends inside an instance (" + e + " of " + m + " entries read)");
      }
    }
  }

  private static Qubo readEntries(LineSource src, int n, int m) {
    Qubo.Builder b = Qubo.builder(n).duplicates(DuplicateTerms.REJECT);
    for (int e = 0; e < m; e++) {
      String line = src.nextNonBlank();
      if (line == null) {
        throw src.fileError("the file ends inside the instance (" + e + " of " + m + " entries read)");
      }
      String[] f = LineSource.fields(line);
      if (f.length != 3) {
        throw src.error("expected an entry \"i j q\", found " + f.length + " fields");
      }
      int i = src.parseIndex(f[0], 1, n, "row") - 1;
      int j = src.parseIndex(f[1], 1, n, "column") - 1;
      double q = src.parseDouble(f[2], "entry");
      try {
        if (i == j) {
          b.addLinear(i, -q);
        } else {
          b.addQuadratic(i, j, -2 * q);
        }
      } catch (InvalidModelException ex) {
        throw src.error(ex.getMessage());
      }
    }
    try {
      return b.build();
    } catch (InvalidModelException ex) {
      throw src.fileError(ex.getMessage());
    }
  }
}
