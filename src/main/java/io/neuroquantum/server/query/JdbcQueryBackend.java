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
import java.util.Locale;

/**
 * Queries on the embedded H2 over JDBC. JDBC blocks, so every call runs on a dedicated worker pool,
 * never on an event loop. Each query runs on a new session of a SELECT-only user (see
 * {@link H2Database}), checked by H2's parser to be one SELECT ({@link H2OneQuery}) before anything
 * runs; results are read lazily, a batch per {@link QueryCursor#read}, so an unread result costs no
 * memory. {@link QueryCursor#close} cancels the statement with JDBC {@code Statement.cancel()}, which
 * H2 honours from another thread while the statement executes, and closes the session only once the
 * worker running the statement has returned.
 */
public final class JdbcQueryBackend implements QueryBackend {

  /** A new session for one query, closed by the cursor. */
  @FunctionalInterface
  public interface Sessions {
    Connection open() throws SQLException;
  }

  private final Vertx vertx;
  private final Sessions sessions;
  private final int maxSessions;
  private final WorkerExecutor workers;
  private final Runnable onClose;

  public JdbcQueryBackend(Vertx vertx, Sessions sessions, int maxSessions, Runnable onClose) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.maxSessions = maxSessions;
    // one thread per session: a statement blocked in the database never keeps another query waiting
    this.workers = vertx.createSharedWorkerExecutor("nq-jdbc", maxSessions);
    this.onClose = onClose;
  }

  @Override
  public QueryCursor cursor(String sql, JsonArray params, QueryOptions options) {
    return new JdbcCursor(sql, params, options);
  }

  @Override
  public int maxSessions() {
    return maxSessions;
  }

  @Override
  public Future<Long> countRows(String sql, JsonArray params) {
    return workers.executeBlocking(() -> {
      try (Connection conn = sessions.open();
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
    private final String sql;
    private final JsonArray params;
    private final QueryOptions options;
    private final InFlightCall inFlight = new InFlightCall(vertx);
    private final List<String> columns = new ArrayList<>();
    private final RowEncoder encoder;   // used by one read at a time
    private JdbcColumns readers;
    // the read ahead: set on a worker, taken by the event loop; guarded by this cursor's lock
    private Future<RowBatch> ahead;
    private boolean readAhead;
    // written by worker threads, read by the event loop that cancels
    private volatile Connection conn;
    private volatile PreparedStatement ps;
    private volatile boolean closed;
    private volatile boolean hasMore = true;
    private ResultSet rs;   // only touched by the worker running this cursor's one call in flight
    private Future<Void> closing;

    JdbcCursor(String sql, JsonArray params, QueryOptions options) {
      this.sql = sql;
      this.params = params;
      this.options = options;
      this.encoder = options.format().newEncoder();
    }

    /** Runs {@code call} on a worker as this cursor's call in flight, with the database's errors translated. */
    private <T> Future<T> call(java.util.concurrent.Callable<T> call) {
      return inFlight.track(submit(call));
    }

    /**
     * Runs {@code call} on a worker, with the database's errors translated; the future completes on
     * the cursor's event loop (Vert.x keeps the caller's context, also when called from a worker).
     */
    private <T> Future<T> submit(java.util.concurrent.Callable<T> call) {
      return workers.executeBlocking(() -> {
        if (closed) {
          throw new QueryException("cancelled", "the query was stopped");
        }
        try {
          return call.call();
        } catch (SQLException e) {
          throw translate(e);
        }
      }, false);
    }

    @Override
    public Future<Void> prepare() {
      return call(() -> {
        conn = sessions.open();
        H2OneQuery.require(conn, sql);
        PreparedStatement p = conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps = p;
        p.setFetchSize(options.batchSize());
        // a second line behind the adapter's own deadline: H2 stops the statement itself at the timeout
        p.setQueryTimeout((int) Math.max(1, (options.timeoutMs() + 999) / 1000));
        p.setMaxRows((int) Math.min(Integer.MAX_VALUE, options.maxRows()));
        bind(p, params);
        ResultSetMetaData md = p.getMetaData();
        for (int c = 1; c <= md.getColumnCount(); c++) {
          columns.add(md.getColumnLabel(c).toLowerCase(Locale.ROOT));
        }
        return null;
      });
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Long estimatedRows() {
      return null;   // H2 gives no cheap row estimate for arbitrary SQL
    }

    /**
     * The next batch. While the caller handles one batch the next is already being read on a worker
     * (one batch ahead, never more: the next read ahead starts only when the caller takes this one),
     * so the cursor does not wait for the event loop between batches.
     */
    @Override
    public Future<RowBatch> read(int max, long maxWaitMs) {
      Future<RowBatch> batch;
      synchronized (this) {
        batch = ahead;   // read with the same max; the statement's max rows ends it where the caller would
        ahead = null;
        readAhead = true;
      }
      if (batch == null) {
        batch = call(() -> readRows(max, maxWaitMs));
      }
      return inFlight.track(batch).map(b -> {
        hasMore = !b.last();
        return b;
      });
    }

    /** On a worker: reads up to {@code max} rows, then starts reading the next batch if the caller took the last one. */
    private RowBatch readRows(int max, long maxWaitMs) throws SQLException {
      if (rs == null) {
        rs = ps.executeQuery();   // an aggregate or a sort does all its work here
      }
      long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
      if (readers == null) {
        readers = new JdbcColumns(rs.getMetaData());
      }
      boolean end = false;
      encoder.startBatch();
      while (encoder.rows() < max) {
        if (closed || !rs.next()) {
          end = true;
          break;
        }
        readers.writeRow(rs, encoder);
        if (maxWaitMs > 0 && (encoder.rows() & 63) == 0 && System.nanoTime() > deadline) {
          break;   // a slow result: send what there is
        }
      }
      RowBatch batch = encoder.finishBatch(end);
      synchronized (this) {
        if (!end && !closed && readAhead) {
          readAhead = false;
          ahead = submit(() -> readRows(max, maxWaitMs));
        }
      }
      return batch;
    }

    @Override
    public boolean hasMore() {
      return hasMore;
    }

    @Override
    public Future<Void> close() {
      if (closing == null) {
        Future<RowBatch> readingAhead;
        synchronized (this) {
          closed = true;
          readingAhead = ahead;
          ahead = null;
        }
        hasMore = false;
        if (readingAhead != null) {
          inFlight.track(readingAhead);   // nobody asked for it yet, but it is in the database
        }
        closing = inFlight.cancelUntilIdle(this::cancelStatement)
            .compose(idle -> workers.executeBlocking(() -> {
              try (Connection c = conn; PreparedStatement p = ps; ResultSet r = rs) {
                return null;   // try-with-resources closes them, session last; null ones are skipped
              }
            }, false));
      }
      return closing;
    }

    /** Sets H2's cancel flag on the session; the statement notices it within milliseconds. */
    private void cancelStatement() {
      PreparedStatement p = ps;
      if (p != null) {
        try {
          p.cancel();
        } catch (SQLException ignored) {
          // closed meanwhile: nothing left to stop
        }
      }
    }
  }
}
