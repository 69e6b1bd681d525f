package io.neuroquantum.server.query;

/**
 * Writes a double as the same text {@link Double#toString(double)} gives, straight into a byte
 * array, fast for the values databases mostly hold: those with a few decimals (23.45, 0.125, 1000.0).
 * Formatting doubles was the largest single cost of encoding rows as JSON (a quarter of the H2
 * reader's time in the profile); this path skips the general algorithm and the String.
 *
 * <p>Why the text is the same: for {@code 1e-3 <= |d| < 1e7} {@code Double.toString} writes the
 * shortest decimal that reads back as {@code d}, in plain notation with at least one fraction digit.
 * We try {@code k = 0, 1, 2 …} fraction digits: {@code m = round(|d| * 10^k)}, and accept the first
 * {@code k} for which {@code m / 10^k} (one correctly rounded division of two exact doubles) is
 * {@code |d|} again. With {@code m < 10^15} the product's rounding error is far below 0.5, so no
 * shorter decimal is missed, and since doubles keep 15 significant digits no other decimal of that
 * length reads back as {@code d}: it is the one {@code Double.toString} picks. Anything else
 * (more than {@value #MAX_FRACTION_DIGITS} decimals, very large or small, zero, not finite) falls back to it.
 */
final class DoubleText {

  static final int MAX_FRACTION_DIGITS = 8;
  private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  private static final long[] LONG_POW10 = {1L, 10L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
      100_000_000L};
  private static final double MAX_DIGITS = 1e15;

  private DoubleText() {
  }

  /** Longest text {@link #write} produces on its fast path: sign, 7 integer digits, point, 8 decimals. */
  static final int MAX_FAST_LENGTH = 1 + 7 + 1 + MAX_FRACTION_DIGITS;

  /**
   * Writes {@code d} at {@code pos} (room for {@link #MAX_FAST_LENGTH} bytes) and returns the position
   * after it, or -1 without writing anything when {@code d} needs {@link Double#toString(double)}.
   */
  static int write(double d, byte[] buf, int pos) {
    double abs = Math.abs(d);
    if (!(abs >= 1e-3 && abs < 1e7)) {   // also NaN
      return -1;
    }
    for (int k = 0; k <= MAX_FRACTION_DIGITS; k++) {
      double scaled = abs * POW10[k];
      if (scaled >= MAX_DIGITS) {
        return -1;
      }
      long m = Math.round(scaled);
      if (m / POW10[k] == abs) {
        return plain(d < 0, m, k, buf, pos);
      }
    }
    return -1;
  }

  /** {@code m * 10^-k} as {@code [-]integer.fraction}, the fraction zero-padded to k digits (at least one). */
  private static int plain(boolean negative, long m, int k, byte[] buf, int pos) {
    if (negative) {
      buf[pos++] = '-';
    }
    long integer = m / LONG_POW10[k];
    long fraction = m % LONG_POW10[k];
    pos = digits(integer, buf, pos);
    buf[pos++] = '.';
    if (k == 0) {
      buf[pos++] = '0';
      return pos;
    }
    for (int i = pos + k - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    return pos + k;
  }

  private static int digits(long v, byte[] buf, int pos) {
    int n = 1;
    for (long t = v; t >= 10; t /= 10) {
      n++;
    }
    for (int i = pos + n - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return pos + n;
  }
}
