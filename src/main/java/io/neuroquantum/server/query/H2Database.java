package io.neuroquantum.server.query;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database: a file under the data directory (so it survives restarts), a demo table
 * of sensor readings created on first start, and a SELECT-only user that every query runs as.
 * Queries execute lazily (H2's LAZY_QUERY_EXECUTION), so rows are produced only when read.
 */
public final class H2Database {

  private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);
  public static final String DEMO_TABLE = "sensor_readings";
  private static final String READER = "NQ_READER";

  private H2Database() {
  }

  /** Opens (creating if needed) the database of {@code query.h2} and returns a reader pool. */
  public static JdbcConnectionPool open(JsonObject conf) throws Exception {
    Path dir = Path.of(conf.getString("path", "data/neuroquantum")).toAbsolutePath();
    Files.createDirectories(dir.getParent());
    String url = "jdbc:h2:file:" + dir;
    String adminPassword = conf.getString("admin_password", "");
    String readerPassword = HexFormat.of().formatHex(generateSeed());
    try (Connection admin = DriverManager.getConnection(url, "SA", adminPassword); Statement st = admin.createStatement()) {
      ensureDemoData(st, conf.getLong("demo_rows", 1_000_000L));
      st.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + readerPassword + "'");
      st.execute("ALTER USER " + READER + " SET PASSWORD '" + readerPassword + "'");   // a new one each start
      st.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
    }
    JdbcConnectionPool pool = JdbcConnectionPool.create(url + ";LAZY_QUERY_EXECUTION=TRUE", READER, readerPassword);
    pool.setMaxConnections(conf.getInteger("pool_size", 16));
    return pool;
  }

  private static byte[] generateSeed() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** Creates the demo table with {@code rows} deterministic readings, unless it already exists. */
  static void ensureDemoData(Statement st, long rows) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'SENSOR_READINGS'")) {
      rs.next();
      if (rs.getInt(1) > 0) {
        return;
      }
    }
    long t0 = System.nanoTime();
    st.execute("CREATE TABLE sensor_readings (id BIGINT PRIMARY KEY, sensor_id INT NOT NULL, "
        + "recorded_at TIMESTAMP NOT NULL, temperature DOUBLE PRECISION NOT NULL, humidity DOUBLE PRECISION NOT NULL)");
    // Deterministic values: the same table on every machine, so checksums compare.
    st.execute("INSERT INTO sensor_readings SELECT X, MOD(X, 100), "
        + "DATEADD('SECOND', X, TIMESTAMP '2025-01-01 00:00:00'), "
        + "20 + MOD(X * 7919, 1000) / 100.0, 40 + MOD(X * 104729, 500) / 10.0 FROM SYSTEM_RANGE(1, " + rows + ")");
    LOG.info("created the demo table sensor_readings with {} rows in {} ms", rows, (System.nanoTime() - t0) / 1_000_000);
  }
}
