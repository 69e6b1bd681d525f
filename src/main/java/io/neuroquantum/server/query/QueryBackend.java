package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * A database that runs read-only queries and hands back their rows on demand. Implementations make
 * the database itself refuse writes (a read-only transaction, a SELECT-only user), bind parameters
 * instead of splicing them, and apply the statement timeout in the database.
 */
public interface QueryBackend {

  /** Opens a cursor; no row is read until {@link QueryCursor#read} asks. */
  Future<QueryCursor> open(String sql, JsonArray params, QueryOptions options);

  /** Reads every row of a query as fast as the backend can, for benchmarks: returns the row count. */
  Future<Long> countRows(String sql, JsonArray params);

  Future<Void> close();

  /** An open query positioned before its next row. */
  interface QueryCursor {

    /** Column names, in row order. */
    List<String> columns();

    /** The database's estimate of the result size, when it gives one. */
    Long estimatedRows();

    /**
     * Up to {@code max} rows, each a JSON array text; fewer when the result ends or
     * {@code maxWaitMs} passes with at least one row read.
     */
    Future<List<String>> read(int max, long maxWaitMs);

    boolean hasMore();

    /** Stops the query in the database (also while a read is running) and releases its connection. */
    Future<Void> close();
  }
}
