package io.neuroquantum.server.query;

import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

  static final int WARMUPS = 2;
  static final int ROUNDS = 7;

  /** Rows per second and this JVM's CPU time per row (server, client and driver alike), one entry per round. */
  record Rates(double[] rowsPerSecond, double[] cpuMicrosPerRow, double[] clientCpuMicrosPerRow) {
    Rates() {
      this(new double[ROUNDS], new double[ROUNDS], new double[ROUNDS]);
    }
  }

  /**
   * The threads that parsed the stream clients' frames (JSON text with Jackson, CBOR with Jackson's CBOR
   * parser, both into a JsonObject): their CPU time is the client's, the rest the server's.
   */
  static final java.util.Set<Thread> CLIENT_THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static long clientCpuNanos() {
    long sum = 0;
    for (Thread t : CLIENT_THREADS) {
      sum += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
    }
    return sum;
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * Runs each way of reading the rows once per round, in turn, after {@value #WARMUPS} warm-up
   * rounds, so that the machine's drift (other work on its two cores) hits every way alike. Compare
   * ways by the ratio within a round. The CPU time per row drifts far less than the rate when other
   * processes load the machine, but also counts less: a way that spreads over more threads gets more
   * of a loaded machine's cores, which the rate shows and the CPU time does not.
   */
  static Map<String, Rates> rounds(Map<String, LongSupplier> ways) {
    Map<String, Rates> rates = new LinkedHashMap<>();
    ways.keySet().forEach(k -> rates.put(k, new Rates()));
    for (int round = -WARMUPS; round < ROUNDS; round++) {
      for (Map.Entry<String, LongSupplier> way : ways.entrySet()) {
        long cpu0 = OS.getProcessCpuTime();
        long client0 = clientCpuNanos();
        long t0 = System.nanoTime();
        long rows = way.getValue().getAsLong();
        if (round >= 0) {
          Rates r = rates.get(way.getKey());
          r.rowsPerSecond()[round] = rows / ((System.nanoTime() - t0) / 1e9);
          r.cpuMicrosPerRow()[round] = (OS.getProcessCpuTime() - cpu0) / 1e3 / rows;
          r.clientCpuMicrosPerRow()[round] = (clientCpuNanos() - client0) / 1e3 / rows;
        }
      }
    }
    return rates;
  }

  /** "median [min–max]" of the values. */
  static String spread(double[] values, double scale, String format) {
    double[] v = values.clone();
    Arrays.sort(v);
    return String.format(format + " [" + format + "–" + format + "]", v[v.length / 2] * scale, v[0] * scale,
        v[v.length - 1] * scale);
  }

  static double[] ratios(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return r;
  }

  /** One line per way: its rate, per round its ratio to {@code baseline}'s rate in that round, and its CPU time per row. */
  static void report(String db, Map<String, Rates> rates, String baseline) {
    System.out.printf("BENCH %s: load average %.1f on %d cores%n", db, OS.getSystemLoadAverage(), OS.getAvailableProcessors());
    for (Map.Entry<String, Rates> way : rates.entrySet()) {
      double[] perSecond = way.getValue().rowsPerSecond();
      String line = String.format("BENCH %s %-26s %s M rows/s", db, way.getKey(), spread(perSecond, 1e-6, "%.2f"));
      if (!way.getKey().equals(baseline)) {
        line += String.format(", %s %% of %s", spread(ratios(perSecond, rates.get(baseline).rowsPerSecond()), 100, "%.0f"),
            baseline);
      }
      Rates json = rates.get(way.getKey().replace("cbor", "json"));
      if (way.getKey().contains("cbor") && json != null) {   // the binary format against JSON at the same batch size
        line += String.format(", %s %% of json", spread(ratios(perSecond, json.rowsPerSecond()), 100, "%.0f"));
      }
      line += String.format(", JVM CPU %s µs/row", spread(way.getValue().cpuMicrosPerRow(), 1, "%.2f"));
      if (way.getKey().startsWith("stream")) {
        double[] client = way.getValue().clientCpuMicrosPerRow();
        double[] server = way.getValue().cpuMicrosPerRow().clone();
        for (int i = 0; i < server.length; i++) {
          server[i] -= client[i];
        }
        line += String.format(" (client's parsing %s, server %s)", spread(client, 1, "%.2f"), spread(server, 1, "%.2f"));
      }
      System.out.println(line);
    }
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

  /** One query of every row to one WebSocket client, in {@code format} ("json" text frames or "cbor" binary ones). */
  static long stream(Vertx vertx, TestServer server, int batchSize, String format) {
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("bench"))) {
      c.nextOfType("connected");
      CLIENT_THREADS.add(c.readerThread());
      c.send(new JsonObject().put("type", "execute_query").put("query", SQL)
          .put("options", new JsonObject().put("batch_size", batchSize).put("timeout_ms", 300_000).put("format", format)));
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
        Map<String, LongSupplier> ways = new LinkedHashMap<>();
        ways.put("plain JDBC", () -> jdbcRead(c));
        for (int batch : new int[] {500, 5000}) {
          for (String format : new String[] {"json", "cbor"}) {
            ways.put("stream " + format + " batch " + batch, () -> stream(vertx, server, batch, format));
          }
        }
        report("h2", rounds(ways), "plain JDBC");
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
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          c.setAutoCommit(false);   // the PostgreSQL driver uses a cursor (fetch size) only inside a transaction
          Map<String, LongSupplier> ways = new LinkedHashMap<>();
          ways.put("reactive client", () -> reactive.countRows(SQL, null).await());
          ways.put("plain JDBC", () -> jdbcRead(c));
          for (int batch : new int[] {500, 5000}) {
            for (String format : new String[] {"json", "cbor"}) {
              ways.put("stream " + format + " batch " + batch, () -> stream(vertx, server, batch, format));
            }
          }
          report("postgres", rounds(ways), "reactive client");
        }
        reactive.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
