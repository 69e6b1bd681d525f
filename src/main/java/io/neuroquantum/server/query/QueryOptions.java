package io.neuroquantum.server.query;

import io.vertx.core.json.JsonObject;

/**
 * How one query streams: rows per frame, the longest a partial batch may wait, a row cap, the
 * database's statement timeout, and how rows are encoded. Client values are bounded by the server's limits.
 */
public record QueryOptions(int batchSize, long batchIntervalMs, long maxRows, long timeoutMs, RowFormat format) {

  /** The server's defaults and caps, from {@code query} in the configuration. */
  public record Limits(int defaultBatchSize, int maxBatchSize, long defaultBatchIntervalMs, long maxRows,
      long defaultTimeoutMs, long maxTimeoutMs) {

    static Limits fromConfig(JsonObject q) {
      return new Limits(q.getInteger("default_batch_size", 500), q.getInteger("max_batch_size", 10_000),
          q.getLong("default_batch_interval_ms", 100L), q.getLong("max_rows", 100_000_000L),
          q.getLong("default_timeout_ms", 30_000L), q.getLong("max_timeout_ms", 600_000L));
    }
  }

  /**
   * Reads {@code {batch_size, batch_interval_ms, max_rows, timeout_ms, format}} (all optional).
   *
   * @throws QueryException with code {@code invalid_options} for values out of range
   */
  static QueryOptions from(JsonObject json, Limits limits) {
    JsonObject o = json == null ? new JsonObject() : json;
    int batch = o.getInteger("batch_size", limits.defaultBatchSize());
    long interval = o.getLong("batch_interval_ms", limits.defaultBatchIntervalMs());
    long maxRows = o.getLong("max_rows", limits.maxRows());
    long timeout = o.getLong("timeout_ms", limits.defaultTimeoutMs());
    RowFormat format = RowFormat.of(o.getValue("format"));
    if (batch < 1 || batch > limits.maxBatchSize()) {
      throw new QueryException("invalid_options", "batch_size must be in [1, " + limits.maxBatchSize() + "]");
    }
    if (interval < 0) {
      throw new QueryException("invalid_options", "batch_interval_ms must not be negative");
    }
    if (maxRows < 1 || maxRows > limits.maxRows()) {
      throw new QueryException("invalid_options", "max_rows must be in [1, " + limits.maxRows() + "]");
    }
    if (timeout < 1 || timeout > limits.maxTimeoutMs()) {
      throw new QueryException("invalid_options", "timeout_ms must be in [1, " + limits.maxTimeoutMs() + "]");
    }
    return new QueryOptions(batch, interval, maxRows, timeout, format);
  }
}
