package io.neuroquantum.server.query;

import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows per second: end to end to one WebSocket client, next to plain JDBC and the reactive client
 * reading the same rows in the same JVM. Not part of the build; run with
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=QueryStreamingBenchmark}.
 */
@Tag("benchmark")
class QueryStreamingBenchmark {

  static final int ROWS = 1_000_000;
  static final String SQL = "SELECT * FROM sensor_readings";

  /** Median of five timed runs after two warm-ups, in rows per second. */
  static double rate(LongSupplier run) {
    for (int i = 0; i < 2; i++) {
      run.getAsLong();
    }
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      long rows = run.getAsLong();
      rates.add(rows / ((System.nanoTime() - t0) / 1e9));
    }
    Collections.sort(rates);
    return rates.get(2);
  }

  static long jdbcRead(Connection c) {
    try (Statement st = c.createStatement()) {
      st.setFetchSize(1000);
      long n = 0;
      try (ResultSet rs = st.executeQuery(SQL)) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= cols; i++) {
            rs.getObject(i);
          }
          n++;
        }
      }
      return n;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long stream(Vertx vertx, TestServer server, int batchSize) {
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("bench"))) {
      c.nextOfType("connected");
      c.send(new JsonObject().put("type", "execute_query").put("query", SQL)
          .put("options", new JsonObject().put("batch_size", batchSize)));
      long rows = 0;
      while (true) {
        JsonObject f = c.next(Duration.ofSeconds(120));
        if ("query_batch".equals(f.getString("type"))) {
          rows += f.getJsonArray("rows").size();
        } else if ("query_completed".equals(f.getString("type"))) {
          return rows;
        } else if ("query_error".equals(f.getString("type"))) {
          throw new IllegalStateException(f.encode());
        }
      }
    }
  }

  @Test
  void h2() throws Exception {
    Path dir = Files.createTempDirectory("nq-bench-h2");
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "h2")
        .put("h2", new JsonObject().put("path", dir.resolve("db").toString()).put("demo_rows", ROWS))))) {
      try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "SA", "")) {
        double jdbc = rate(() -> jdbcRead(c));
        for (int batch : new int[] {500, 5000}) {
          double ws = rate(() -> stream(vertx, server, batch));
          System.out.printf("BENCH h2: plain JDBC %.0f rows/s, WebSocket stream (batch %d) %.0f rows/s (%.0f %%)%n",
              jdbc, batch, ws, 100 * ws / jdbc);
        }
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void postgres() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE sensor_readings (id BIGINT PRIMARY KEY, sensor_id INT NOT NULL, "
            + "recorded_at TIMESTAMP NOT NULL, temperature DOUBLE PRECISION NOT NULL, humidity DOUBLE PRECISION NOT NULL)");
        st.execute("INSERT INTO sensor_readings SELECT x, x % 100, TIMESTAMP '2025-01-01 00:00:00' + x * INTERVAL '1 second', "
            + "20 + ((x * 7919) % 1000) / 100.0, 40 + ((x * 104729) % 500) / 10.0 FROM generate_series(1::bigint, " + ROWS + ") x");
      }
      JsonObject pgConf = new JsonObject().put("host", "localhost").put("port", pg.getPort()).put("database", "postgres")
          .put("user", "postgres").put("password", "postgres");
      try (TestServer server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "postgres")
          .put("postgres", pgConf)))) {
        PgQueryBackend reactive = new PgQueryBackend(vertx, pgConf);
        double rx = rate(() -> reactive.countRows(SQL, null).await());
        double jdbc;
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          c.setAutoCommit(false);   // the PostgreSQL driver uses a cursor (fetch size) only inside a transaction
          jdbc = rate(() -> jdbcRead(c));
        }
        for (int batch : new int[] {500, 5000}) {
          double ws = rate(() -> stream(vertx, server, batch));
          System.out.printf("BENCH postgres: plain JDBC %.0f rows/s, reactive client %.0f rows/s, WebSocket stream "
              + "(batch %d) %.0f rows/s (%.0f %% of reactive)%n", jdbc, rx, batch, ws, 100 * ws / rx);
        }
        reactive.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
