package io.neuroquantum.annealing.io;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as dimod's text formats write and read them: never in exponent notation. */
final class DimodNumbers {
  private DimodNumbers() {
  }

  /**
   * A COO bias: Python's {@code '%f' % v} (six decimals, correctly rounded, as dimod's writer) when
   * that reads back as the same double, else {@link #plain(double)} so no precision is lost.
   */
  static String coo(double v) {
    String fixed = new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    if (v < 0 && fixed.charAt(0) != '-') {
      fixed = "-" + fixed; // Python keeps the sign of a negative value that rounds to zero
    }
    return Double.parseDouble(fixed) == v ? fixed : plain(v);
  }

  /** The shortest decimal that reads back as v, written without an exponent ({@code 1.0E-7} → {@code 0.00000010}). */
  static String plain(double v) {
    return new BigDecimal(Double.toString(v)).toPlainString();
  }
}
