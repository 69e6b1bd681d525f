package io.neuroquantum.server.query;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * Writes a batch of rows into bytes, in one {@link RowFormat}: one encoder per cursor, reused from
 * batch to batch, fed straight from the database's row (the JDBC getters in {@link JdbcColumns}, the
 * reactive client's values), so no row object is built on the way. Which Java value becomes which
 * kind of value is decided once, in {@link #value}; each format only says how it writes a kind.
 */
interface RowEncoder {

  /** Starts a batch, forgetting the previous one. */
  void startBatch();

  void startRow();

  void endRow();

  /** Rows in this batch so far. */
  int rows();

  /** Ends the batch and hands its bytes over; {@code last} when the result has ended. */
  RowBatch finishBatch(boolean last);

  void nullValue();

  /** An integer column's value. */
  void integer(long v);

  /** A floating-point value; null when not finite, in every format (JSON has no NaN). */
  void decimal(double d);

  void bool(boolean b);

  void string(String s);

  /** A NUMERIC value. */
  void number(BigDecimal b);

  /** A timestamp, as the text {@link LocalDateTime#toString()} gives (null allowed). */
  void dateTime(LocalDateTime t);

  /** Any value the database returns, by its Java type. */
  default void value(Object v) {
    if (v == null) {
      nullValue();
    } else if (v instanceof Integer i) {
      integer(i);
    } else if (v instanceof Long l) {
      integer(l);
    } else if (v instanceof Short s) {
      integer(s);
    } else if (v instanceof Byte b) {
      integer(b);
    } else if (v instanceof Double d) {
      decimal(d);
    } else if (v instanceof Float f) {
      // the double a reader makes of Float.toString(f), whose text Double.toString gives back
      decimal(Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : Double.NaN);
    } else if (v instanceof BigDecimal b) {
      number(b);
    } else if (v instanceof Boolean b) {
      bool(b);
    } else if (v instanceof byte[] bytes) {
      string(Base64.getEncoder().encodeToString(bytes));
    } else if (v instanceof LocalDateTime t) {
      dateTime(t);
    } else if (v instanceof java.sql.Timestamp t) {
      dateTime(t.toLocalDateTime());
    } else if (v instanceof java.sql.Date d) {
      string(d.toLocalDate().toString());
    } else {
      string(v.toString());
    }
  }
}
