package io.neuroquantum.annealing.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Reads a text file line by line, counting lines, and turns bad fields into {@link FormatException}s. */
final class LineSource implements AutoCloseable {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final BufferedReader reader;
  private final String name;
  private int lineNumber;

  LineSource(Reader reader, String name) {
    this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    this.name = name;
  }

  /** The next line, or null at the end. */
  String next() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
  }

  /** The next line that is not blank, or null at the end. */
  String nextNonBlank() {
    String line;
    while ((line = next()) != null) {
      if (!line.isBlank()) {
        return line;
      }
    }
    return null;
  }

  int lineNumber() {
    return lineNumber;
  }

  String name() {
    return name;
  }

  FormatException error(String message) {
    return new FormatException(name, lineNumber, message);
  }

  FormatException fileError(String message) {
    return new FormatException(name, 0, message);
  }

  static String[] fields(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  int parseInt(String token, String what) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw error(what + " must be an integer, found \"" + token + "\"");
    }
  }

  /** A finite decimal number; exponent notation is accepted, NaN, infinities and hex are not. */
  double parseDouble(String token, String what) {
    if (!DECIMAL.matcher(token).matches()) {
      throw error(what + " must be a decimal number, found \"" + token + "\"");
    }
    double v = Double.parseDouble(token);
    if (!Double.isFinite(v)) {
      throw error(what + " is out of the range of a double: \"" + token + "\"");
    }
    return v;
  }

  int parseIndex(String token, int low, int high, String what) {
    int v = parseInt(token, what);
    if (v < low || v > high) {
      throw error(what + " " + v + " out of range [" + low + ", " + high + "]");
    }
    return v;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // closing a reader we only read from cannot lose data
    }
  }
}
