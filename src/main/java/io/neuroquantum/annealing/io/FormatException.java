package io.neuroquantum.annealing.io;

/**
 * A file that does not follow its format. The message names the source and the line
 * ({@code G1:12: expected "i j weight", found 2 fields}); line 0 means the file as a whole.
 */
public class FormatException extends IllegalArgumentException {
  private final String source;
  private final int line;

  public FormatException(String source, int line, String message) {
    super(source + (line > 0 ? ":" + line : "") + ": " + message);
    this.source = source;
    this.line = line;
  }

  public String source() {
    return source;
  }

  /** 1-based line number, or 0 when the problem is not on one line (a missing section, a short file). */
  public int line() {
    return line;
  }
}
