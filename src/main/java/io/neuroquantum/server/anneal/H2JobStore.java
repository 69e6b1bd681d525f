package io.neuroquantum.server.anneal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Job records in an embedded H2 file, so a restart loses no finished result. One node's own: no
 * other node reads the file. JDBC blocks, so every call runs on a Vert.x worker.
 */
final class H2JobStore implements JobStore {

  private static final String ACTIVE = "status IN ('queued', 'running')";

  private final Vertx vertx;
  private final JdbcConnectionPool pool;

  private H2JobStore(Vertx vertx, JdbcConnectionPool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  static Future<JobStore> open(Vertx vertx, String path) {
    return vertx.executeBlocking(() -> {
      // H2 refuses paths relative to the working directory; the configured one is relative to it
      String file = java.nio.file.Path.of(path).toAbsolutePath().toString();
      JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "nq", "");
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("""
            CREATE TABLE IF NOT EXISTS anneal_jobs (
              id VARCHAR(64) PRIMARY KEY, owner VARCHAR(256), status VARCHAR(16) NOT NULL,
              problem_type VARCHAR(64) NOT NULL, solver VARCHAR(16) NOT NULL, created_at TIMESTAMP NOT NULL,
              started_at TIMESTAMP, finished_at TIMESTAMP, best_energy DOUBLE PRECISION,
              result CHARACTER LARGE OBJECT, error VARCHAR(4000))""");
        // owner is null for a job a bus service submitted without one; stores made before that allowed it say NOT NULL
        s.execute("ALTER TABLE anneal_jobs ALTER COLUMN owner SET NULL");
        // which node runs the job; stores made before clustering have none
        s.execute("ALTER TABLE anneal_jobs ADD COLUMN IF NOT EXISTS node VARCHAR(64)");
        // number_partitioning has 19 characters; stores made before it had 16 for the problem type
        s.execute("ALTER TABLE anneal_jobs ALTER COLUMN problem_type SET DATA TYPE VARCHAR(64)");
      } catch (SQLException e) {
        pool.dispose();
        throw e;
      }
      return new H2JobStore(vertx, pool);
    }, false);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  @Override
  public Future<Void> insert(String id, String owner, String problemType, String solver, String node) {
    return blocking(() -> update("INSERT INTO anneal_jobs (id, owner, status, problem_type, solver, node, created_at) "
        + "VALUES (?, ?, 'queued', ?, ?, ?, ?)", id, owner, problemType, solver, node, now())).mapEmpty();
  }

  @Override
  public Future<Boolean> started(String id) {
    return blocking(() -> update("UPDATE anneal_jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
        now(), id) == 1);
  }

  @Override
  public Future<Void> bestSoFar(String id, double energy) {
    return blocking(() -> update("UPDATE anneal_jobs SET best_energy = ? WHERE id = ? AND status = 'running' "
        + "AND (best_energy IS NULL OR best_energy > ?)", energy, id, energy)).mapEmpty();
  }

  @Override
  public Future<Boolean> finished(String id, String status, Double bestEnergy, JsonObject result, String error) {
    Double energy = bestEnergy == null || !Double.isFinite(bestEnergy) ? null : bestEnergy;
    return blocking(() -> update("UPDATE anneal_jobs SET status = ?, finished_at = ?, best_energy = COALESCE(?, best_energy), "
        + "result = ?, error = ? WHERE id = ? AND " + ACTIVE, status, now(), energy,
        result == null ? null : result.encode(), JobRecord.clip(error), id) == 1);
  }

  @Override
  public Future<JobRecord> get(String id) {
    return blocking(() -> {
      List<JobRecord> found = query("SELECT * FROM anneal_jobs WHERE id = ?", id);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  @Override
  public Future<List<JobRecord>> list(String owner, int limit) {
    return blocking(() -> owner == null
        ? query("SELECT * FROM anneal_jobs ORDER BY created_at DESC LIMIT ?", limit)
        : query("SELECT * FROM anneal_jobs WHERE owner = ? ORDER BY created_at DESC LIMIT ?", owner, limit));
  }

  @Override
  public Future<List<JobRecord>> interruptOrphans(Set<String> liveNodes, Instant createdBefore, String reason) {
    List<Object> params = new ArrayList<>(List.of(now(), JobRecord.clip(reason), Timestamp.from(createdBefore)));
    params.addAll(liveNodes);
    String notLive = liveNodes.isEmpty() ? "" : " AND (node IS NULL OR node NOT IN ("
        + String.join(", ", java.util.Collections.nCopies(liveNodes.size(), "?")) + "))";
    // FINAL TABLE: the rows as this UPDATE left them, so only what this call ended is returned
    return blocking(() -> query("SELECT * FROM FINAL TABLE (UPDATE anneal_jobs SET status = 'interrupted', finished_at = ?, "
        + "error = ? WHERE " + ACTIVE + " AND created_at < ?" + notLive + ")", params.toArray()));
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Future<Void> close() {
    return blocking(() -> {
      pool.dispose();
      return null;
    });
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  private List<JobRecord> query(String sql, Object... params) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      List<JobRecord> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(record(r));
        }
      }
      return out;
    }
  }

  private static void bind(PreparedStatement s, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        s.setNull(i + 1, Types.NULL);
      } else {
        s.setObject(i + 1, params[i]);
      }
    }
  }

  private static JobRecord record(ResultSet r) throws SQLException {
    double best = r.getDouble("best_energy");
    Double bestEnergy = r.wasNull() ? null : best;
    return new JobRecord(r.getString("id"), r.getString("owner"), r.getString("status"), r.getString("problem_type"),
        r.getString("solver"), r.getString("node"), instant(r.getTimestamp("created_at")),
        instant(r.getTimestamp("started_at")), instant(r.getTimestamp("finished_at")), bestEnergy, r.getString("result"),
        r.getString("error"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
