package io.neuroquantum.server.query;

import io.neuroquantum.server.channels.CborOut;
import java.nio.charset.StandardCharsets;

/**
 * The row frames of a query stream, {@code query_batch {query_id, rows}} and {@code query_row
 * {query_id, row}}, put together from rows already encoded. In JSON: the same text Jackson would
 * write for {@code ServerMessage.QueryBatch} / {@code QueryRow}, without a pass through it. In CBOR:
 * the same fields as an indefinite-length map, so the channel manager can add channel, offset and
 * epoch before its end as it does before a JSON frame's closing brace ({@code ChannelFrames}).
 */
final class QueryFrames {

  private QueryFrames() {
  }

  /** The frame for a batch of rows, as {@code format}'s encoder wrote them. */
  static byte[] batch(RowFormat format, String queryId, byte[] rows) {
    return format == RowFormat.CBOR ? cbor("query_batch", queryId, "rows", rows)
        : json("{\"type\":\"query_batch\",\"query_id\":\"" + queryId + "\",\"rows\":", rows);
  }

  /** The frame for a single row ({@link RowBatch#onlyRow()}). */
  static byte[] row(RowFormat format, String queryId, byte[] row) {
    return format == RowFormat.CBOR ? cbor("query_row", queryId, "row", row)
        : json("{\"type\":\"query_row\",\"query_id\":\"" + queryId + "\",\"row\":", row);
  }

  /** Query ids are UUIDs: no escaping needed. */
  private static byte[] json(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + body.length + 1];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static byte[] cbor(String type, String queryId, String field, byte[] value) {
    CborOut out = new CborOut(value.length + 96);
    out.put(CborOut.INDEFINITE_MAP);
    out.text("type");
    out.text(type);
    out.text("query_id");
    out.text(queryId);
    out.text(field);
    out.raw(value, 0, value.length);
    out.put(CborOut.BREAK);
    return out.toByteArray();
  }
}
