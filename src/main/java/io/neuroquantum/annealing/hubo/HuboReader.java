package io.neuroquantum.annealing.hubo;

import io.neuroquantum.annealing.io.CommentedLines;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a HUBO from a text file: one term per line, its coefficient and then the 0-based indices
 * of its binary variables ({@code 2.5 0 3 7} is 2.5·x₀x₃x₇; a coefficient alone is a constant),
 * separated by white space; {@code #} to the end of a line is a comment. The variables are 0 … the
 * largest index. Repeated terms add up. Files over {@link #MAX_BYTES} are refused before they are
 * read; a line that does not parse is refused with its number.
 */
public final class HuboReader {

  public static final long MAX_BYTES = 64L << 20;

  private HuboReader() {
  }

  public static Hubo read(Path file) throws IOException {
    List<CommentedLines.Line> lines = CommentedLines.read(file, MAX_BYTES, size -> new InvalidModelException(
        file + " has " + size + " bytes, over the " + MAX_BYTES + " bytes a HUBO file may have"));
    return parse(lines, file.getFileName().toString(), ModelLimits.DEFAULT);
  }

  /** Reads the text of such a file (a job's {@code data}), within {@code limits}. */
  public static Hubo parse(String text, String name, ModelLimits limits) {
    return parse(CommentedLines.of(text), name, limits);
  }

  private static Hubo parse(List<CommentedLines.Line> lines, String name, ModelLimits limits) {
    List<Double> coefficients = new ArrayList<>();
    List<int[]> variables = new ArrayList<>();
    int n = 0;
    for (CommentedLines.Line line : lines) {
      String body = line.content();
      String[] words = body.split("\\s+");
      int[] vars = new int[words.length - 1];
      double a;
      try {
        a = Double.parseDouble(words[0]);
        for (int k = 1; k < words.length; k++) {
          vars[k - 1] = Integer.parseInt(words[k]);
          if (vars[k - 1] < 0 || vars[k - 1] >= limits.maxVariables()) {
            throw new NumberFormatException("index " + words[k] + " out of range");
          }
          n = Math.max(n, vars[k - 1] + 1);
        }
      } catch (NumberFormatException e) {
        throw new InvalidModelException(name + " line " + line.number() + ": expected a coefficient and "
            + "variable indices (0-based, below " + limits.maxVariables() + "), got \"" + body + "\"");
      }
      coefficients.add(a);
      variables.add(vars);
    }
    Hubo.Builder b = Hubo.builder(n, limits);
    for (int t = 0; t < variables.size(); t++) {
      b.add(coefficients.get(t), variables.get(t));
    }
    return b.build();
  }
}
