package io.neuroquantum.server.query;

/**
 * Rows read from a cursor, already written as the JSON array of row arrays a {@code query_batch}
 * frame carries ({@code [[1,"a"],[2,"b"]]}), in UTF-8: encoded once on the database's worker thread
 * and never parsed or re-encoded on the way to the socket.
 */
record RowBatch(int count, byte[] json, boolean last) {

  /** @param last true when the result has no rows after these */
  static RowBatch empty(boolean last) {
    return new RowBatch(0, new byte[] {'[', ']'}, last);
  }

  /** The single row of a one-row batch, without the outer brackets (for {@code query_row}). */
  byte[] onlyRow() {
    byte[] row = new byte[json.length - 2];
    System.arraycopy(json, 1, row, 0, row.length);
    return row;
  }
}
