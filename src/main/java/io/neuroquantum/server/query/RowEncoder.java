package io.neuroquantum.server.query;

import java.time.LocalDateTime;

/**
 * Writes a batch of rows into bytes, in one {@link RowFormat}: one encoder per cursor, reused from
 * batch to batch, fed straight from the database's row (the JDBC getters in {@link JdbcColumns}, the
 * reactive client's values), so no row object is built on the way.
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

  /** Any value the database returns (null included). */
  void value(Object v);

  /** An integer column's value. */
  void integer(long v);

  /** A floating-point column's value (null when not finite, in every format: JSON has no NaN). */
  void decimal(double d);

  /** A timestamp column's value (may be null). */
  void dateTime(LocalDateTime t);
}
