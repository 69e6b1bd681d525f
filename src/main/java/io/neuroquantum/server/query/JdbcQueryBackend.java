package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Queries over JDBC (the embedded H2 by default). JDBC blocks, so every call runs on a dedicated
 * worker pool, never on an event loop. The connections belong to a SELECT-only database user, so
 * the database refuses writes whatever the SQL says; results are read lazily, a batch per
 * {@link QueryCursor#read}, so an unread result costs no memory.
 */
public final class JdbcQueryBackend implements QueryBackend {

  private final DataSource readers;
  private final WorkerExecutor workers;
  private final Runnable onClose;

  public JdbcQueryBackend(Vertx vertx, DataSource readers, int poolSize, Runnable onClose) {
    this.readers = readers;
    this.workers = vertx.createSharedWorkerExecutor("nq-jdbc", poolSize);
    this.onClose = onClose;
  }

  @Override
  public Future<QueryCursor> open(String sql, JsonArray params, QueryOptions options) {
    return workers.executeBlocking(() -> {
      Connection conn = readers.getConnection();
      try {
        conn.setReadOnly(true);
        PreparedStatement ps = conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(options.batchSize());
        ps.setQueryTimeout((int) Math.max(1, (options.timeoutMs() + 999) / 1000));
        ps.setMaxRows((int) Math.min(Integer.MAX_VALUE, options.maxRows()));
        bind(ps, params);
        ResultSet rs = ps.executeQuery();
        return (QueryCursor) new JdbcCursor(conn, ps, rs);
      } catch (SQLException e) {
        conn.close();
        throw translate(e);
      }
    }, false);
  }

  @Override
  public Future<Long> countRows(String sql, JsonArray params) {
    return workers.executeBlocking(() -> {
      try (Connection conn = readers.getConnection();
          PreparedStatement ps = conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(1000);
        bind(ps, params);
        long n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int c = 1; c <= columns; c++) {
              rs.getObject(c);
            }
            n++;
          }
        }
        return n;
      }
    }, false);
  }

  private static void bind(PreparedStatement ps, JsonArray params) throws SQLException {
    if (params == null) {
      return;
    }
    for (int i = 0; i < params.size(); i++) {
      Object v = params.getValue(i);
      if (v instanceof io.vertx.core.json.JsonObject || v instanceof JsonArray) {
        throw new QueryException("invalid_params", "parameter " + (i + 1) + " must be a string, number, boolean or null");
      }
      ps.setObject(i + 1, v);
    }
  }

  /** The database's reason, with a code for the client. */
  static QueryException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String code = switch (state) {
      case "42000", "42001" -> "syntax_error";
      case "90096", "42501", "25006" -> "read_only";
      case "57014" -> "timeout";
      case "90002" -> "not_a_query";
      case "90008", "90012", "22018" -> "invalid_params";
      default -> e instanceof java.sql.SQLTimeoutException ? "timeout" : "query_failed";
    };
    return new QueryException(code, e.getMessage(), e);
  }

  @Override
  public Future<Void> close() {
    return workers.close().onComplete(ar -> onClose.run());
  }

  private final class JdbcCursor implements QueryCursor {
    private final Connection conn;
    private final PreparedStatement ps;
    private final ResultSet rs;
    private final int columnCount;
    private final List<String> columns = new ArrayList<>();
    private volatile boolean hasMore = true;
    private volatile boolean closed;

    JdbcCursor(Connection conn, PreparedStatement ps, ResultSet rs) throws SQLException {
      this.conn = conn;
      this.ps = ps;
      this.rs = rs;
      ResultSetMetaData md = rs.getMetaData();
      this.columnCount = md.getColumnCount();
      for (int c = 1; c <= columnCount; c++) {
        columns.add(md.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT));
      }
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Long estimatedRows() {
      return null;   // H2 gives no cheap row estimate for arbitrary SQL
    }

    @Override
    public Future<List<String>> read(int max, long maxWaitMs) {
      return workers.executeBlocking(() -> {
        List<String> rows = new ArrayList<>(Math.min(max, 10_000));
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
        StringBuilder row = new StringBuilder(128);
        try {
          while (rows.size() < max) {
            if (closed || !rs.next()) {
              hasMore = false;
              break;
            }
            row.setLength(0);
            row.append('[');
            for (int c = 1; c <= columnCount; c++) {
              if (c > 1) {
                row.append(',');
              }
              RowJson.append(row, rs.getObject(c));
            }
            rows.add(row.append(']').toString());
            if (maxWaitMs > 0 && (rows.size() & 63) == 0 && System.nanoTime() > deadline) {
              break;   // a slow result: send what there is
            }
          }
        } catch (SQLException e) {
          throw translate(e);
        }
        return rows;
      }, false);
    }

    @Override
    public boolean hasMore() {
      return hasMore;
    }

    @Override
    public Future<Void> close() {
      closed = true;
      hasMore = false;
      try {
        ps.cancel();   // stops a statement that is still running, from this thread
      } catch (SQLException ignored) {
        // already finished
      }
      return workers.executeBlocking(() -> {
        try (conn; ps; rs) {
          return null;
        }
      }, false);
    }
  }
}
