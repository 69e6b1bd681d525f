package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.VarType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The COO text format of dimod ({@code dimod.serialization.coo}): one term {@code i j bias} per line,
 * i = j for a linear term, 0-based indices, and an optional header {@code # vartype=SPIN|BINARY}.
 * Unlike dimod, exponent notation is accepted, a malformed line is an error with its line number
 * rather than skipped, and an {@code # offset=c} header carries the offset. Repeated terms are
 * summed (as dimod does). Other {@code #} lines are comments.
 */
public final class CooFormat {
  private CooFormat() {
  }

  /**
   * Reads a model. Its type comes from the vartype header, else from {@code defaultType}; a header
   * that contradicts a non-null {@code requiredType} is an error.
   */
  public static QuadraticModel read(Reader in, String name, VarType defaultType, VarType requiredType) {
    return read(in, name, defaultType, requiredType, DeclaredSize.ANY);
  }

  /** As {@link #read(Reader, String, VarType, VarType)}, telling {@code size} the variables and terms before building. */
  public static QuadraticModel read(Reader in, String name, VarType defaultType, VarType requiredType,
      DeclaredSize size) {
    try (LineSource src = new LineSource(in, name)) {
      VarType vartype = null;
      double offset = 0;
      List<int[]> pairs = new ArrayList<>();
      List<Double> biases = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      int maxIndex = -1;
      String line;
      while ((line = src.next()) != null) {
        String t = line.strip();
        if (t.isEmpty()) {
          continue;
        }
        if (t.startsWith("#")) {
          String header = t.substring(1).strip().toLowerCase(Locale.ROOT).replace(" ", "");
          if (header.startsWith("vartype=")) {
            String v = header.substring("vartype=".length());
            vartype = switch (v) {
              case "spin" -> VarType.SPIN;
              case "binary" -> VarType.BINARY;
              default -> throw src.error("vartype must be SPIN or BINARY, found \"" + v + "\"");
            };
            if (requiredType != null && vartype != requiredType) {
              throw src.error("the file declares vartype=" + vartype + " but a " + requiredType
                  + " model was asked for");
            }
          } else if (header.startsWith("offset=")) {
            offset = src.parseDouble(header.substring("offset=".length()), "offset");
          }
          continue;
        }
        String[] f = LineSource.fields(t);
        if (f.length != 3) {
          throw src.error("expected a term \"i j bias\", found " + f.length + " fields");
        }
        int i = src.parseIndex(f[0], 0, Integer.MAX_VALUE - 1, "index");
        int j = src.parseIndex(f[1], 0, Integer.MAX_VALUE - 1, "index");
        double bias = src.parseDouble(f[2], "bias");
        pairs.add(new int[] {i, j});
        biases.add(bias);
        lines.add(src.lineNumber());
        maxIndex = Math.max(maxIndex, Math.max(i, j));
      }
      VarType type = vartype != null ? vartype : requiredType != null ? requiredType : defaultType;
      int n = maxIndex + 1;
      size.check(n, pairs.size());
      try {
        QuadraticModel.Builder<?, ?> builder = type == VarType.SPIN ? Ising.builder(n) : Qubo.builder(n);
        builder.addOffset(offset);
        for (int k = 0; k < pairs.size(); k++) {
          builder.add(pairs.get(k)[0], pairs.get(k)[1], biases.get(k));
        }
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw new FormatException(name, 0, e.getMessage());
      }
    }
  }

  /** Writes a model with its vartype and offset headers; doubles are written so they read back exactly. */
  public static void write(QuadraticModel model, Writer out) {
    try {
      out.write("# vartype=" + model.varType() + "\n");
      if (model.offset() != 0) {
        out.write("# offset=" + model.offset() + "\n");
      }
      for (int i = 0; i < model.numVariables(); i++) {
        double a = model.linear(i);
        if (a != 0) {
          out.write(i + " " + i + " " + a + "\n");
        }
      }
      StringBuilder sb = new StringBuilder();
      model.forEachInteraction((i, j, b) -> sb.append(i).append(' ').append(j).append(' ').append(b).append('\n'));
      out.write(sb.toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
