package io.neuroquantum.server.query;

import java.nio.charset.StandardCharsets;

/**
 * The row frames of a query stream, {@code query_batch {query_id, rows}} and {@code query_row
 * {query_id, row}}, put together from rows already in JSON: the same text Jackson would write for
 * {@code ServerMessage.QueryBatch} / {@code QueryRow}, without a pass through it.
 */
final class QueryFrames {

  private QueryFrames() {
  }

  static byte[] batch(String queryId, byte[] rows) {
    return wrap("{\"type\":\"query_batch\",\"query_id\":\"" + queryId + "\",\"rows\":", rows);
  }

  static byte[] row(String queryId, byte[] row) {
    return wrap("{\"type\":\"query_row\",\"query_id\":\"" + queryId + "\",\"row\":", row);
  }

  /** Query ids are UUIDs: no escaping needed. */
  private static byte[] wrap(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + body.length + 1];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    out[out.length - 1] = '}';
    return out;
  }
}
