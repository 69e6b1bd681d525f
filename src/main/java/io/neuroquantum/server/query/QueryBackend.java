package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * A database that runs read-only queries and hands back their rows on demand. Implementations make
 * the database itself refuse writes (a read-only transaction, a SELECT-only user), bind parameters
 * instead of splicing them, run exactly one query statement per query (the database's own parser
 * decides), and give every query a database session of its own that is closed afterwards, so
 * nothing one query sets in its session can reach another.
 */
public interface QueryBackend {

  /** A query that has not reached the database yet: {@link QueryCursor#prepare} starts it. */
  QueryCursor cursor(String sql, JsonArray params, QueryOptions options);

  /** How many database sessions queries may hold at once (each query holds one until it has stopped). */
  int maxSessions();

  /** Reads every row of a query as fast as the backend can, for benchmarks: returns the row count. */
  Future<Long> countRows(String sql, JsonArray params);

  Future<Void> close();

  /**
   * One query on its own session. The caller uses it from one event loop, one call at a time
   * ({@link #close} excepted: it may come at any moment, also while another call runs).
   */
  interface QueryCursor {

    /**
     * Opens the query's session, checks that the SQL is exactly one query ({@code multiple_statements},
     * {@code not_a_query}, {@code syntax_error} otherwise) and prepares it. Executes nothing.
     */
    Future<Void> prepare();

    /** Column names, in row order (known once prepared or once the first rows are read). */
    List<String> columns();

    /** The database's estimate of the result size, when it gives one. */
    Long estimatedRows();

    /**
     * Up to {@code max} rows, written as a JSON array of row arrays; fewer when the result ends or
     * {@code maxWaitMs} passes with at least one row read. The first read executes the statement.
     */
    Future<RowBatch> read(int max, long maxWaitMs);

    boolean hasMore();

    /**
     * Stops whatever the query is doing in the database (preparing, executing, reading) and closes
     * its session. The future completes only once the database has stopped the statement, so a
     * caller can count the query until then. Idempotent.
     */
    Future<Void> close();
  }
}
