package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries on PostgreSQL through the reactive client: each query runs inside a {@code READ ONLY}
 * transaction with a {@code statement_timeout}, reads through a server-side cursor a batch at a
 * time (the next FETCH only when asked), and asks EXPLAIN for the row estimate.
 */
public final class PgQueryBackend implements QueryBackend {

  private final Pool pool;

  public PgQueryBackend(Vertx vertx, JsonObject conf) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(conf.getString("host", "localhost"))
        .setPort(conf.getInteger("port", 5432))
        .setDatabase(conf.getString("database", "postgres"))
        .setUser(conf.getString("user", "postgres"))
        .setPassword(conf.getString("password", ""));
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(conf.getInteger("pool_size", 8)))
        .connectingTo(connect).using(vertx).build();
  }

  @Override
  public Future<QueryCursor> open(String jdbcSql, JsonArray params, QueryOptions options) {
    String sql = PgPlaceholders.convert(jdbcSql);
    Tuple tuple = tuple(params);
    return pool.getConnection().compose(conn -> conn.begin()
        .compose(tx -> conn.query("SET TRANSACTION READ ONLY").execute()
            .compose(v -> conn.query("SET LOCAL statement_timeout = " + options.timeoutMs()).execute())
            .compose(v -> estimate(conn, sql, tuple))
            .compose(estimate -> conn.prepare(sql)
                .map(ps -> (QueryCursor) new PgCursor(conn, tx, ps.cursor(tuple), estimate))))
        .recover(e -> conn.close().transform(v -> Future.failedFuture(translate(e)))));
  }

  /**
   * EXPLAIN's estimate of the rows, or null when the statement cannot be explained (DDL, for
   * instance): the statement itself then reports its own error. Run in a savepoint, so a failed
   * EXPLAIN does not abort the transaction.
   */
  private static Future<Long> estimate(SqlConnection conn, String sql, Tuple tuple) {
    return conn.query("SAVEPOINT nq_explain").execute()
        .compose(v -> conn.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(tuple))
        .map(rows -> {
          Object plan = rows.iterator().next().getValue(0);
          JsonArray json = plan instanceof JsonArray a ? a : new JsonArray(plan.toString());
          return json.getJsonObject(0).getJsonObject("Plan").getLong("Plan Rows");
        })
        .compose(estimate -> conn.query("RELEASE SAVEPOINT nq_explain").execute().map(v -> estimate),
            e -> conn.query("ROLLBACK TO SAVEPOINT nq_explain").execute().map(v -> (Long) null));
  }

  @Override
  public Future<Long> countRows(String jdbcSql, JsonArray params) {
    String sql = PgPlaceholders.convert(jdbcSql);
    Tuple tuple = tuple(params);
    return pool.withTransaction(conn -> conn.prepare(sql).compose(ps -> {   // a cursor lives in a transaction
      Cursor cursor = ps.cursor(tuple);
      long[] n = {0};
      return readAll(cursor, n).map(v -> n[0]);
    }));
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
        case "42601" -> "syntax_error";
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
    return pool.close();
  }

  private static final class PgCursor implements QueryCursor {
    private final SqlConnection conn;
    private final Transaction tx;
    private final Cursor cursor;
    private final Long estimate;
    private List<String> columns = List.of();
    private boolean closed;
    private boolean reading;

    PgCursor(SqlConnection conn, Transaction tx, Cursor cursor, Long estimate) {
      this.conn = conn;
      this.tx = tx;
      this.cursor = cursor;
      this.estimate = estimate;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Long estimatedRows() {
      return estimate;
    }

    @Override
    public Future<List<String>> read(int max, long maxWaitMs) {
      reading = true;
      return cursor.read(max).map(this::toJson).recover(e -> Future.failedFuture(translate(e)))
          .onComplete(ar -> reading = false);
    }

    private List<String> toJson(RowSet<Row> rows) {
      if (columns.isEmpty() && rows.columnsNames() != null) {
        columns = List.copyOf(rows.columnsNames());
      }
      List<String> out = new ArrayList<>(rows.size());
      StringBuilder sb = new StringBuilder(128);
      for (Row row : rows) {
        sb.setLength(0);
        sb.append('[');
        for (int c = 0; c < row.size(); c++) {
          if (c > 0) {
            sb.append(',');
          }
          Object v = row.getValue(c);
          if (v instanceof io.vertx.core.buffer.Buffer b) {
            v = b.getBytes();
          }
          RowJson.append(sb, v);
        }
        out.add(sb.append(']').toString());
      }
      return out;
    }

    @Override
    public boolean hasMore() {
      return !closed && cursor.hasMore();
    }

    @Override
    public Future<Void> close() {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      if (reading && conn instanceof PgConnection pg) {
        pg.cancelRequest();   // stops a FETCH that is still running
      }
      return cursor.close().eventually(() -> tx.rollback()).eventually(conn::close).mapEmpty();
    }
  }
}
