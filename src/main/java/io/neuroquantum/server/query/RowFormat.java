package io.neuroquantum.server.query;

/**
 * How a query's rows travel: {@code json} (the default) in text {@code query_batch} frames, or
 * {@code cbor} in binary ones (RFC 8949; see docs/protocol.md for the layout). Either way a row
 * decodes to the same values; only the batch frames change, the query's other frames stay JSON.
 */
public enum RowFormat {
  JSON("json"),
  CBOR("cbor");

  private final String wireName;

  RowFormat(String wireName) {
    this.wireName = wireName;
  }

  /** The format the client asked for in {@code options.format}; null means JSON. */
  static RowFormat of(Object value) {
    if (value == null) {
      return JSON;
    }
    for (RowFormat f : values()) {
      if (f.wireName.equals(value)) {
        return f;
      }
    }
    throw new QueryException("invalid_options", "format must be \"json\" or \"cbor\"");
  }

  RowEncoder newEncoder() {
    return this == JSON ? new RowJson() : new RowCbor();
  }
}
