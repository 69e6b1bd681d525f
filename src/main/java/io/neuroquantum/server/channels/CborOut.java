package io.neuroquantum.server.channels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CBOR (RFC 8949) written into one growing byte array: the few kinds of item the binary query frames
 * use (integers, float64, text, array and map heads, simple values). Lengths are written in the
 * shortest form, except where a writer fills a head in afterwards (see {@code RowCbor}).
 */
public class CborOut {

  public static final int MAJOR_UNSIGNED = 0;
  public static final int MAJOR_NEGATIVE = 1;
  public static final int MAJOR_TEXT = 3;
  public static final int MAJOR_ARRAY = 4;
  /** The head of a map whose end is marked by {@link #BREAK} instead of a count. */
  public static final int INDEFINITE_MAP = 0xBF;
  public static final int BREAK = 0xFF;
  public static final int FALSE = 0xF4;
  public static final int TRUE = 0xF5;
  public static final int NULL = 0xF6;
  private static final int FLOAT64 = 0xFB;

  protected byte[] buf;
  protected int len;

  public CborOut(int capacity) {
    buf = new byte[capacity];
  }

  public final int length() {
    return len;
  }

  public final byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** A head: major type and its argument (a count, a length or an unsigned value), shortest form. */
  public final void head(int major, long value) {
    ensure(9);
    int m = major << 5;
    if (value < 24) {
      buf[len++] = (byte) (m | (int) value);
    } else if (value < 0x100) {
      buf[len++] = (byte) (m | 24);
      buf[len++] = (byte) value;
    } else if (value < 0x10000) {
      buf[len++] = (byte) (m | 25);
      buf[len++] = (byte) (value >> 8);
      buf[len++] = (byte) value;
    } else if (value < 0x1_0000_0000L) {
      buf[len++] = (byte) (m | 26);
      bigEndian(value, 4);
    } else {
      buf[len++] = (byte) (m | 27);
      bigEndian(value, 8);
    }
  }

  /** An integer: unsigned or negative, by its sign. */
  public final void writeLong(long v) {
    if (v >= 0) {
      head(MAJOR_UNSIGNED, v);
    } else {
      head(MAJOR_NEGATIVE, ~v);   // -1 - v: Long.MIN_VALUE becomes Long.MAX_VALUE, no overflow
    }
  }

  public final void float64(double d) {
    ensure(9);
    buf[len++] = (byte) FLOAT64;
    bigEndian(Double.doubleToRawLongBits(d), 8);
  }

  /** A text string (UTF-8). */
  public final void text(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(MAJOR_TEXT, utf8.length);
        raw(utf8, 0, utf8.length);
        return;
      }
    }
    head(MAJOR_TEXT, n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len + i] = (byte) s.charAt(i);
    }
    len += n;
  }

  /** Bytes that already are CBOR items (or part of one). */
  public final void raw(byte[] bytes, int from, int count) {
    ensure(count);
    System.arraycopy(bytes, from, buf, len, count);
    len += count;
  }

  /** One byte: a simple value, {@link #BREAK} or a head without argument. */
  public final void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void bigEndian(long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      buf[len + i] = (byte) v;
      v >>>= 8;
    }
    len += bytes;
  }

  protected final void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
