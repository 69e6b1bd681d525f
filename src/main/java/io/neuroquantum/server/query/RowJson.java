package io.neuroquantum.server.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.LocalDateTime;

/**
 * Writes rows of database values as JSON in UTF-8 into one growing byte array: numbers and booleans
 * as they are, non-finite floating point numbers as null, times ISO-8601, bytes base64, anything
 * else as its text. One writer per cursor, reused from batch to batch; it is the hot loop of query
 * streaming, so integers, most doubles ({@link DoubleText}) and times are written digit by digit,
 * without a String per value.
 */
final class RowJson implements RowEncoder {

  private byte[] buf = new byte[64 * 1024];
  private int len;
  private int rows;
  private int columnsInRow;

  /** Starts a batch: {@code [}. */
  @Override
  public void startBatch() {
    len = 0;
    rows = 0;
    put('[');
  }

  @Override
  public void startRow() {
    if (rows++ > 0) {
      put(',');
    }
    put('[');
    columnsInRow = 0;
  }

  @Override
  public void endRow() {
    put(']');
  }

  @Override
  public int rows() {
    return rows;
  }

  /** Ends the batch ({@code ]}) and hands its bytes over; {@code last} when the result has ended. */
  @Override
  public RowBatch finishBatch(boolean last) {
    put(']');
    return new RowBatch(rows, Arrays.copyOf(buf, len), last, RowFormat.JSON);
  }

  @Override
  public void nullValue() {
    separator();
    ascii("null");
  }

  @Override
  public void bool(boolean b) {
    separator();
    ascii(b ? "true" : "false");
  }

  @Override
  public void string(String s) {
    separator();
    quoted(s);
  }

  @Override
  public void number(BigDecimal b) {
    separator();
    ascii(b.toPlainString());
  }

  @Override
  public void integer(long v) {
    separator();
    digits(v);
  }

  @Override
  public void decimal(double d) {
    separator();
    doubleText(d);
  }

  private void doubleText(double d) {
    ensure(DoubleText.MAX_FAST_LENGTH);
    int end = DoubleText.write(d, buf, len);
    if (end >= 0) {
      len = end;
    } else {
      ascii(Double.isFinite(d) ? Double.toString(d) : "null");
    }
  }

  /** A timestamp column's value, as {@link LocalDateTime#toString()} writes it, without the string. */
  @Override
  public void dateTime(LocalDateTime t) {
    if (t == null) {
      nullValue();
      return;
    }
    separator();
    if (IsoDateTime.fits(t)) {
      dateTimeText(t);
    } else {
      quoted(t.toString());   // other years get a sign or more digits
    }
  }

  private void dateTimeText(LocalDateTime t) {
    ensure(IsoDateTime.MAX_LENGTH + 2);
    buf[len++] = '"';
    len = IsoDateTime.write(t, buf, len);
    buf[len++] = '"';
  }

  private void separator() {
    if (columnsInRow++ > 0) {
      put(',');
    }
  }

  private void digits(long v) {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v));
      return;
    }
    if (v < 0) {
      put('-');
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  /** Text known to be ASCII (numbers, literals). */
  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len + i] = (byte) s.charAt(i);
    }
    len += n;
  }

  private void quoted(String s) {
    ensure(s.length() + 2);
    put('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        put(c);
      } else {
        escaped(s, i);
        return;
      }
    }
    put('"');
  }

  /** The rest of a string from {@code from} on, with escapes and multi-byte characters. */
  private void escaped(String s, int from) {
    StringBuilder out = new StringBuilder(s.length() - from + 8);
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    byte[] utf8 = out.toString().getBytes(StandardCharsets.UTF_8);
    ensure(utf8.length + 1);
    System.arraycopy(utf8, 0, buf, len, utf8.length);
    len += utf8.length;
    put('"');
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
