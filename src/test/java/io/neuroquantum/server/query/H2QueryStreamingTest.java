package io.neuroquantum.server.query;

import io.neuroquantum.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;

/** Query streaming from the embedded H2 database the server creates on first start. */
class H2QueryStreamingTest extends QueryStreamingContract {

  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("nq-h2");
    server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "h2")
        .put("max_concurrent_per_user", 2)
        .put("h2", new JsonObject().put("path", dir.resolve("db").toString()).put("demo_rows", ROWS))));
  }

  private static double scalar(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "SA", "");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
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
    return "SELECT COUNT(*) FROM sensor_readings a, sensor_readings b WHERE a.temperature + b.temperature < 0";
  }
}
