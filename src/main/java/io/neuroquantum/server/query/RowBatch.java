package io.neuroquantum.server.query;

import java.util.Arrays;

/**
 * Rows read from a cursor, already encoded as the array of row arrays a {@code query_batch} frame
 * carries, in the query's {@link RowFormat} ({@code [[1,"a"],[2,"b"]]} in JSON): encoded once on the
 * database's worker thread or event loop and never parsed or re-encoded on the way to the socket.
 */
record RowBatch(int count, byte[] rows, boolean last, RowFormat format) {

  /** The single row of a one-row batch, without the batch's array around it (for {@code query_row}). */
  byte[] onlyRow() {
    // JSON: '[' row ']'; CBOR: the one-byte head of a one-element array (0x81), then the row
    return format == RowFormat.CBOR ? Arrays.copyOfRange(rows, 1, rows.length) : Arrays.copyOfRange(rows, 1, rows.length - 1);
  }
}
