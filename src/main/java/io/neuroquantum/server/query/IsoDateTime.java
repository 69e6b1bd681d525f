package io.neuroquantum.server.query;

import java.time.LocalDateTime;

/**
 * Writes a {@link LocalDateTime} as the ISO-8601 text {@link LocalDateTime#toString()} gives, digit by
 * digit into a byte array, without the String: timestamps are a column of most tables, and both row
 * encodings ({@link RowJson}, {@link RowCbor}) send them as this text.
 */
final class IsoDateTime {

  /** Longest text: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnn}. */
  static final int MAX_LENGTH = 29;

  private IsoDateTime() {
  }

  /** Whether {@link #write} writes it: other years get a sign or more digits from {@code toString()}. */
  static boolean fits(LocalDateTime t) {
    return t.getYear() >= 0 && t.getYear() <= 9999;
  }

  /** Writes {@code t} (one that {@link #fits}) at {@code pos}, room for {@link #MAX_LENGTH} bytes; returns the end. */
  static int write(LocalDateTime t, byte[] buf, int pos) {
    pos = fixed(t.getYear(), 4, buf, pos);
    buf[pos++] = '-';
    pos = fixed(t.getMonthValue(), 2, buf, pos);
    buf[pos++] = '-';
    pos = fixed(t.getDayOfMonth(), 2, buf, pos);
    buf[pos++] = 'T';
    pos = fixed(t.getHour(), 2, buf, pos);
    buf[pos++] = ':';
    pos = fixed(t.getMinute(), 2, buf, pos);
    int second = t.getSecond();
    int nano = t.getNano();
    if (second > 0 || nano > 0) {
      buf[pos++] = ':';
      pos = fixed(second, 2, buf, pos);
      if (nano > 0) {
        buf[pos++] = '.';
        if (nano % 1_000_000 == 0) {
          pos = fixed(nano / 1_000_000, 3, buf, pos);
        } else if (nano % 1000 == 0) {
          pos = fixed(nano / 1000, 6, buf, pos);
        } else {
          pos = fixed(nano, 9, buf, pos);
        }
      }
    }
    return pos;
  }

  /** {@code v} in exactly {@code width} digits, zero-padded. */
  private static int fixed(int v, int width, byte[] buf, int pos) {
    for (int i = pos + width - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return pos + width;
  }
}
