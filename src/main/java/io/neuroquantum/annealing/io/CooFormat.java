package io.neuroquantum.annealing.io;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.VarType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The COO text format of dimod ({@code dimod.serialization.coo}): one term {@code i j bias} per line,
 * i = j for a linear term, 0-based indices, and an optional header {@code # vartype=SPIN|BINARY}
 * ({@code vartype:} too, anywhere in a {@code #} line, as dimod's header pattern allows).
 *
 * <p>Written as dimod's {@code coo.dump(bqm, vartype_header=True)} writes: the header, then per
 * variable in index order its nonzero linear term and its quadratic terms with later variables, each
 * bias in {@code %f} form ({@code 1.000000}) when that reads back to the same double, else as a plain
 * decimal without exponent ({@code 0.0000001}): dimod's line pattern has no exponent and silently
 * drops a line written {@code 1.0E-7}, so nothing written here uses one.
 *
 * <p>The offset: dimod's COO has none. It is written as {@code # offset=c} (after the vartype header),
 * which this reader reads and dimod ignores as a comment, so a model with an offset loses it when
 * dimod reads the file (use the JSON form, {@link DimodJson}, to carry it).
 *
 * <p>Read more strictly than dimod: a line dimod would silently skip is an error naming its line,
 * except qbsolv's {@code c …} comment and {@code p qubo …} program lines, which are skipped as dimod
 * skips them; exponent notation is accepted. Repeated terms are summed (as dimod does).
 */
public final class CooFormat {
  /** dimod's {@code _VARTYPE_HEADER_REGEX}, also allowing blanks before the {@code =}. */
  private static final Pattern VARTYPE_HEADER = Pattern.compile("^[ \\t\\f]*#.*?vartype[ \\t]*[:=][ \\t]*([-_.a-zA-Z0-9]+)");
  private static final Pattern OFFSET_HEADER = Pattern.compile("^\\s*#\\s*offset\\s*=\\s*(\\S+)\\s*$");

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
      int maxIndex = -1;
      String line;
      while ((line = src.next()) != null) {
        String t = line.strip();
        if (t.isEmpty() || t.equals("c") || t.startsWith("c ") || t.startsWith("p qubo")) {
          continue;
        }
        if (t.startsWith("#")) {
          Matcher v = VARTYPE_HEADER.matcher(line);
          Matcher o = OFFSET_HEADER.matcher(line);
          if (v.find()) {
            VarType declared = switch (v.group(1).toUpperCase(Locale.ROOT)) {
              case "SPIN" -> VarType.SPIN;
              case "BINARY" -> VarType.BINARY;
              default -> throw src.error("vartype must be SPIN or BINARY, found \"" + v.group(1) + "\"");
            };
            if (requiredType != null && declared != requiredType) {
              throw src.error("the file declares vartype=" + declared + " but a " + requiredType
                  + " model was asked for");
            }
            if (vartype != null && declared != vartype) {
              throw src.error("a second vartype header contradicts the first (" + vartype + ")");
            }
            vartype = declared;
          } else if (o.matches()) {
            offset += src.parseDouble(o.group(1), "offset");
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
        maxIndex = Math.max(maxIndex, Math.max(i, j));
      }
      VarType type = vartype != null ? vartype : requiredType != null ? requiredType : defaultType;
      int n = maxIndex + 1;
      size.check(n, pairs.size());
      try {
        QuadraticModel.Builder<?, ?> builder = QuadraticModel.builder(type, n);
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

  /** Writes a model as dimod does with its vartype header, plus {@code # offset=} when the offset is not 0. */
  public static void write(QuadraticModel model, Writer out) {
    try {
      StringBuilder sb = new StringBuilder();
      sb.append("# vartype=").append(model.varType()).append('\n');
      if (model.offset() != 0) {
        sb.append("# offset=").append(DimodNumbers.plain(model.offset())).append('\n');
      }
      int n = model.numVariables();
      List<List<String>> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rows.add(new ArrayList<>());
      }
      model.forEachInteraction((i, j, b) -> rows.get(i).add(i + " " + j + " " + DimodNumbers.coo(b)));
      for (int i = 0; i < n; i++) {
        double a = model.linear(i);
        if (a != 0) {
          sb.append(i).append(' ').append(i).append(' ').append(DimodNumbers.coo(a)).append('\n');
        }
        for (String term : rows.get(i)) {
          sb.append(term).append('\n');
        }
        if (sb.length() > 1 << 16) {
          out.write(sb.toString());
          sb.setLength(0);
        }
      }
      out.write(sb.toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
