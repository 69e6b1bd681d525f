package io.neuroquantum.server.anneal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Job records in an embedded H2 file, so a restart loses no finished result. Blocking JDBC: call it
 * from a worker, never from an event loop.
 */
final class JobStore implements AutoCloseable {

  private final JdbcConnectionPool pool;

  JobStore(String path) throws SQLException {
    // H2 refuses paths relative to the working directory; the configured one is relative to it
    String file = java.nio.file.Path.of(path).toAbsolutePath().toString();
    this.pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "nq", "");
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE IF NOT EXISTS anneal_jobs (
            id VARCHAR(64) PRIMARY KEY, owner VARCHAR(256), status VARCHAR(16) NOT NULL,
            problem_type VARCHAR(16) NOT NULL, solver VARCHAR(16) NOT NULL, created_at TIMESTAMP NOT NULL,
            started_at TIMESTAMP, finished_at TIMESTAMP, best_energy DOUBLE PRECISION,
            result CHARACTER LARGE OBJECT, error VARCHAR(4000))""");
      // owner is null for a job a bus service submitted without one; stores made before that allowed it say NOT NULL
      s.execute("ALTER TABLE anneal_jobs ALTER COLUMN owner SET NULL");
    }
  }

  /** Jobs a previous process left queued or running: they will never finish now. */
  int markInterrupted() throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE anneal_jobs SET status = 'interrupted', finished_at = ?, error = 'the server stopped while the job was "
            + "queued or running' WHERE status IN ('queued', 'running')")) {
      s.setTimestamp(1, Timestamp.from(Instant.now()));
      return s.executeUpdate();
    }
  }

  /** @param owner the user the job belongs to, or null for none (a bus job submitted without an owner) */
  void insert(String id, String owner, String problemType, String solver) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO anneal_jobs (id, owner, status, problem_type, solver, created_at) VALUES (?, ?, 'queued', ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, owner);
      s.setString(3, problemType);
      s.setString(4, solver);
      s.setTimestamp(5, Timestamp.from(Instant.now()));
      s.executeUpdate();
    }
  }

  void started(String id) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE anneal_jobs SET status = 'running', started_at = ? WHERE id = ?")) {
      s.setTimestamp(1, Timestamp.from(Instant.now()));
      s.setString(2, id);
      s.executeUpdate();
    }
  }

  void finished(String id, String status, Double bestEnergy, JsonObject result, String error) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE anneal_jobs SET status = ?, finished_at = ?, best_energy = ?, result = ?, error = ? WHERE id = ?")) {
      s.setString(1, status);
      s.setTimestamp(2, Timestamp.from(Instant.now()));
      if (bestEnergy == null || !Double.isFinite(bestEnergy)) {
        s.setNull(3, Types.DOUBLE);
      } else {
        s.setDouble(3, bestEnergy);
      }
      s.setString(4, result == null ? null : result.encode());
      s.setString(5, error == null || error.length() <= 4000 ? error : error.substring(0, 3999) + "…");
      s.setString(6, id);
      s.executeUpdate();
    }
  }

  /** The job's record, or null. */
  JsonObject get(String id) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT * FROM anneal_jobs WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? row(r, true) : null;
      }
    }
  }

  /** The newest jobs of an owner (all owners for null), without their full results. */
  JsonArray list(String owner, int limit) throws SQLException {
    String sql = "SELECT * FROM anneal_jobs" + (owner == null ? "" : " WHERE owner = ?")
        + " ORDER BY created_at DESC LIMIT ?";
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      int p = 1;
      if (owner != null) {
        s.setString(p++, owner);
      }
      s.setInt(p, limit);
      JsonArray out = new JsonArray();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(row(r, false));
        }
      }
      return out;
    }
  }

  private static JsonObject row(ResultSet r, boolean withResult) throws SQLException {
    JsonObject o = new JsonObject().put("job_id", r.getString("id")).put("channel", "anneal:" + r.getString("id"))
        .put("owner", r.getString("owner")).put("status", r.getString("status"))
        .put("problem_type", r.getString("problem_type")).put("solver", r.getString("solver"))
        .put("created_at", instant(r.getTimestamp("created_at"))).put("started_at", instant(r.getTimestamp("started_at")))
        .put("finished_at", instant(r.getTimestamp("finished_at")));
    double best = r.getDouble("best_energy");
    o.put("best_energy", r.wasNull() ? null : best);
    if (r.getString("error") != null) {
      o.put("error", r.getString("error"));
    }
    String result = r.getString("result");
    if (withResult && result != null) {
      o.put("result", new JsonObject(result));
    }
    return o;
  }

  private static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
