package io.neuroquantum.annealing.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Reads the small hand-written text files the solvers take (a HUBO, initial states, a custom beta
 * schedule): {@code #} to the end of a line is a comment, blank lines say nothing, and a line that
 * does not parse is refused with its number. The file's size is checked against a cap before
 * anything is read, so an oversized file costs no memory. What a line means, and the wording and
 * kind of its errors, stay with each reader.
 */
public final class CommentedLines {

  /** What a line says (the text before any {@code #}, trimmed; never empty) and its 1-based number. */
  public record Line(int number, String content) {
  }

  private CommentedLines() {
  }

  /**
   * The lines of {@code file} that say something, in order. When the file has more than
   * {@code maxBytes} bytes, throws what {@code tooLarge} makes of its size instead, without reading it.
   */
  public static List<Line> read(Path file, long maxBytes, LongFunction<? extends RuntimeException> tooLarge)
      throws IOException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw tooLarge.apply(size);
    }
    return of(Files.readAllLines(file));
  }

  /** The lines of a text already in memory (a job's {@code data}) that say something, in order. */
  public static List<Line> of(String text) {
    return of(text.lines().toList());
  }

  private static List<Line> of(List<String> lines) {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (!content.isEmpty()) {
        out.add(new Line(i + 1, content));
      }
    }
    return out;
  }
}
