package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries on PostgreSQL through the reactive client. Each query opens a connection of its own
 * (named {@value #APPLICATION_NAME} in {@code pg_stat_activity}) and closes it afterwards, never
 * returning it to a pool: a query can leave state in its session that a rolled-back transaction does
 * not undo (a session advisory lock, for one), and a cancel request that arrives late must not hit
 * the next borrower's statement. On that connection it runs inside a {@code READ ONLY} transaction
 * with a {@code statement_timeout}, is checked to be one query ({@link PgOneQuery}), and reads
 * through a server-side cursor a batch at a time (the next FETCH only when asked).
 * {@link QueryCursor#close} sends PostgreSQL's cancel request while any call is in flight (connect,
 * EXPLAIN, prepare, FETCH), waits for that call to return, then closes the connection.
 */
public final class PgQueryBackend implements QueryBackend {

  static final String APPLICATION_NAME = "neuroquantum-query";

  private final Vertx vertx;
  private final PgConnectOptions connect;
  private final int maxSessions;

  public PgQueryBackend(Vertx vertx, JsonObject conf) {
    this.vertx = vertx;
    this.connect = PgSettings.connectOptions(conf, APPLICATION_NAME);
    this.maxSessions = conf.getInteger("pool_size", 8);
  }

  @Override
  public QueryCursor cursor(String sql, JsonArray params, QueryOptions options) {
    return new PgCursor(PgPlaceholders.convert(sql), params, options);
  }

  @Override
  public int maxSessions() {
    return maxSessions;
  }

  @Override
  public Future<Long> countRows(String jdbcSql, JsonArray params) {
    String sql = PgPlaceholders.convert(jdbcSql);
    Tuple tuple = tuple(params);
    return PgConnection.connect(vertx, connect).compose(conn -> conn.begin()   // a cursor lives in a transaction
        .compose(tx -> conn.prepare(sql).compose(ps -> {
          long[] n = {0};
          return readAll(ps.cursor(tuple), n).map(v -> n[0]);
        }))
        .eventually(conn::close));
  }

  private static Future<Void> readAll(Cursor cursor, long[] n) {
    return cursor.read(1000).compose(rows -> {
      for (Row row : rows) {
        for (int c = 0; c < row.size(); c++) {
          row.getValue(c);
        }
        n[0]++;
      }
      return cursor.hasMore() ? readAll(cursor, n) : cursor.close();
    });
  }

  private static Tuple tuple(JsonArray params) {
    Tuple t = Tuple.tuple();
    if (params != null) {
      for (int i = 0; i < params.size(); i++) {
        Object v = params.getValue(i);
        if (v instanceof JsonObject || v instanceof JsonArray) {
          throw new QueryException("invalid_params", "parameter " + (i + 1) + " must be a string, number, boolean or null");
        }
        t.addValue(v);
      }
    }
    return t;
  }

  static QueryException translate(Throwable e) {
    if (e instanceof QueryException q) {
      return q;
    }
    if (e instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      String code = switch (state) {
        case "42601" -> PgOneQuery.isMultipleStatements(pg) ? "multiple_statements" : "syntax_error";
        case "25006", "42501" -> "read_only";
        case "57014" -> "timeout";
        case "42P01", "42703", "42883" -> "query_failed";
        default -> state.startsWith("22") ? "invalid_params" : "query_failed";
      };
      return new QueryException(code, pg.getErrorMessage(), e);
    }
    return new QueryException("query_failed", String.valueOf(e.getMessage()), e);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();   // every query closes its own connection
  }

  private final class PgCursor implements QueryCursor {
    private final String sql;
    private final JsonArray params;
    private final QueryOptions options;
    private final InFlightCall inFlight = new InFlightCall(vertx);
    private PgConnection conn;
    private Cursor cursor;
    private Long estimate;
    private List<String> columns = List.of();
    private final RowEncoder encoder;
    private Future<RowSet<Row>> ahead;   // the FETCH sent ahead of the caller's next read
    private long unfetched;   // rows max_rows still allows to fetch
    private boolean more = true;
    private boolean closed;
    private Future<Void> closing;

    PgCursor(String sql, JsonArray params, QueryOptions options) {
      this.sql = sql;
      this.params = params;
      this.options = options;
      this.encoder = options.format().newEncoder();
      this.unfetched = options.maxRows();
    }

    @Override
    public Future<Void> prepare() {
      Tuple tuple;
      try {
        tuple = tuple(params);
      } catch (QueryException e) {
        return Future.failedFuture(e);
      }
      return inFlight.track(PgConnection.connect(vertx, connect).compose(c -> {
        conn = c;
        if (closed) {
          return Future.failedFuture(new QueryException("cancelled", "the query was stopped"));
        }
        return c.begin()
            .compose(tx -> c.query("SET TRANSACTION READ ONLY").execute())
            .compose(v -> c.query("SET LOCAL statement_timeout = " + options.timeoutMs()).execute())
            .compose(v -> PgOneQuery.check(c, sql, tuple))
            .compose(rows -> {
              estimate = rows;
              return c.prepare(sql);
            })
            .map(ps -> {
              cursor = ps.cursor(tuple);
              return (Void) null;
            });
      }).recover(e -> Future.failedFuture(translate(e))));
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Long estimatedRows() {
      return estimate;
    }

    /**
     * The next batch. As soon as a FETCH returns, the next one is sent (one batch ahead, never more:
     * the one after waits for the caller to take this one), so PostgreSQL reads it while this batch
     * is encoded and handed on, rather than waiting for the round trip after it.
     */
    @Override
    public Future<RowBatch> read(int max, long maxWaitMs) {
      if (closed) {
        return Future.failedFuture(new QueryException("cancelled", "the query was stopped"));
      }
      Future<RowSet<Row>> fetch = ahead != null ? ahead : fetch(max);
      ahead = null;
      return inFlight.track(fetch).map(rows -> {
        more = cursor.hasMore() && unfetched > 0;   // before the next FETCH starts a new result
        if (more && !closed) {
          ahead = inFlight.track(fetch(max));
        }
        return encode(rows);
      }).recover(e -> Future.failedFuture(translate(e)));
    }

    /** A FETCH of up to {@code max} rows, never past {@code max_rows}. */
    private Future<RowSet<Row>> fetch(int max) {
      int n = (int) Math.min(max, unfetched);
      unfetched -= n;
      return cursor.read(n);
    }

    private RowBatch encode(RowSet<Row> rows) {
      if (columns.isEmpty() && rows.columnsNames() != null) {
        columns = List.copyOf(rows.columnsNames());
      }
      encoder.startBatch();
      for (Row row : rows) {
        encoder.startRow();
        for (int c = 0; c < row.size(); c++) {
          Object v = row.getValue(c);
          encoder.value(v instanceof io.vertx.core.buffer.Buffer b ? b.getBytes() : v);
        }
        encoder.endRow();
      }
      return encoder.finishBatch(!more);
    }

    @Override
    public boolean hasMore() {
      return !closed && more;
    }

    @Override
    public Future<Void> close() {
      if (closing == null) {
        closed = true;
        // closing the socket alone would not stop a running statement: PostgreSQL notices a
        // vanished client only when it next writes to it
        closing = inFlight.cancelUntilIdle(() -> {
          if (conn != null) {
            conn.cancelRequest();
          }
        }).compose(idle -> conn == null ? Future.succeededFuture() : conn.close());
      }
      return closing;
    }
  }
}
