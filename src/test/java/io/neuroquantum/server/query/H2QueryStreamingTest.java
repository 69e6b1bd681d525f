package io.neuroquantum.server.query;

import static io.neuroquantum.server.query.QueryTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Query streaming from the embedded H2 database the server creates on first start. */
class H2QueryStreamingTest extends QueryStreamingContract implements QueryCancellationContract, QueryStatementRulesContract {

  static final long CREDIT_WAIT_MS = 10_000;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("nq-h2");
    server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "h2")
        .put("max_concurrent_per_user", 2).put("credit_wait_ms", CREDIT_WAIT_MS)
        .put("h2", new JsonObject().put("path", dir.resolve("db").toString()).put("demo_rows", ROWS))));
  }

  private static Connection admin() throws Exception {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "SA", "");
  }

  private static double scalar(String sql, Object... params) {
    try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(sql)) {
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
    return "SELECT COUNT(*) FROM sensor_readings a, sensor_readings b WHERE a.temperature + b.temperature < 0";
  }

  // ---- the database's own view, for the cancellation contract ----------------------------------

  @Override
  public List<String> endlessSql(String marker) {
    // an aggregate and a sort over the 10^12-row cross join: both run inside executeQuery()
    return List.of(
        "SELECT COUNT(*), '" + marker + "' AS tag FROM sensor_readings a, sensor_readings b WHERE a.temperature + b.temperature < 0",
        "SELECT a.id, '" + marker + "' AS tag FROM sensor_readings a, sensor_readings b ORDER BY a.temperature + b.temperature");
  }

  @Override
  public long executing(String marker) {
    // not this probe's own session: H2 shows a statement's text with its parameter values
    return (long) scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE ? "
        + "AND SESSION_ID <> SESSION_ID()", "%" + marker + "%");
  }

  @Override
  public long adapterSessions() {
    return (long) scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = 'NQ_READER'");
  }

  @Override
  public long creditWaitMs() {
    return CREDIT_WAIT_MS;
  }

  // ---- statement rules ------------------------------------------------------------------------

  @Override
  public List<String> multiStatementPoisons() {
    return List.of("SELECT 1; SET SCHEMA INFORMATION_SCHEMA", "SELECT 1; SET THROTTLE 1000",
        "SELECT 1; SET LAZY_QUERY_EXECUTION FALSE", "SELECT 1 /* ; */; SET @x = 1");
  }

  @Override
  public List<String> notQueries() {
    return List.of("SET SCHEMA INFORMATION_SCHEMA", "SET THROTTLE 1000", "SET LAZY_QUERY_EXECUTION FALSE", "SET @x = 1",
        "CALL 1", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT COUNT(*) FROM sensor_readings", "HELP SELECT", "SCRIPT",
        "RUNSCRIPT FROM '/nonexistent.sql'", "CREATE LOCAL TEMPORARY TABLE scratch (x INT)");
  }

  @Override
  public List<String> singleQueries() {
    return List.of("WITH t AS (SELECT 1 AS x) SELECT x FROM t", "VALUES (1), (2)", "TABLE sensor_readings", "SELECT 1;",
        "(SELECT 1) UNION (SELECT 2)", "SELECT ';SET SCHEMA INFORMATION_SCHEMA' -- ; SET THROTTLE 1000");
  }

  @Override
  public Map<String, Map.Entry<String, Object>> sessionChangingSelects() {
    return Map.of("SELECT SET(@nq_probe, 42)", Map.entry("SELECT @nq_probe", "null"));
  }

  /** H2 functions that reach outside the database need admin rights, which the query user lacks. */
  @Test
  void functions_that_touch_files_sessions_or_other_databases_are_refused() throws Exception {
    Path written = Files.createTempDirectory("nq-h2-files").resolve("out.txt");
    try (WsTestClient c = connect("file-toucher")) {
      for (String sql : List.of("SELECT CSVWRITE('" + written + "', 'SELECT 1')",
          "SELECT FILE_WRITE('x', '" + written + "')", "SELECT FILE_READ('/etc/hostname')",
          "SELECT * FROM CSVREAD('/etc/hostname')", "SELECT LINK_SCHEMA('X', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')",
          "SELECT CANCEL_SESSION(1)", "SELECT ABORT_SESSION(1)")) {
        JsonObject end = run(c, sql, new JsonObject());
        assertThat(end.getString("type")).as("%s -> %s", sql, end.encode()).isEqualTo("query_error");
      }
    }
    assertThat(written).doesNotExist();
  }
}
