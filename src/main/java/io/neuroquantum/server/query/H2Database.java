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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database: a file under the data directory (so it survives restarts), a demo table
 * of sensor readings created on first start, and a SELECT-only user that every query runs as.
 *
 * <p>Every query gets a new session ({@link #newSession}, a fraction of a millisecond in-process)
 * that is closed after it, never a pooled one: a session carries state a user can set (SCHEMA,
 * THROTTLE, LAZY_QUERY_EXECUTION, {@code @variables}, temporary tables) and H2 has no way to reset
 * it all. An administrator session stays open meanwhile, so the database is not closed and reopened
 * between queries. Queries execute lazily (LAZY_QUERY_EXECUTION), so rows are produced only when read.
 */
public final class H2Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);
  public static final String DEMO_TABLE = "sensor_readings";
  private static final String READER = "NQ_READER";

  private final String readerUrl;
  private final String readerPassword;
  private final Connection keepOpen;
  private final int maxSessions;

  private H2Database(String readerUrl, String readerPassword, Connection keepOpen, int maxSessions) {
    this.readerUrl = readerUrl;
    this.readerPassword = readerPassword;
    this.keepOpen = keepOpen;
    this.maxSessions = maxSessions;
  }

  /** Opens (creating if needed) the database of {@code query.h2}. */
  public static H2Database open(JsonObject conf) throws Exception {
    Path dir = Path.of(conf.getString("path", "data/neuroquantum")).toAbsolutePath();
    Files.createDirectories(dir.getParent());
    String url = "jdbc:h2:file:" + dir;
    String adminPassword = conf.getString("admin_password", "");
    String readerPassword = HexFormat.of().formatHex(generateSeed());
    Connection admin = DriverManager.getConnection(url, "SA", adminPassword);
    try (Statement st = admin.createStatement()) {
      ensureDemoData(st, conf.getLong("demo_rows", 1_000_000L));
      st.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + readerPassword + "'");
      st.execute("ALTER USER " + READER + " SET PASSWORD '" + readerPassword + "'");   // a new one each start
      st.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
    } catch (SQLException e) {
      admin.close();
      throw e;
    }
    return new H2Database(url + ";LAZY_QUERY_EXECUTION=TRUE", readerPassword, admin, conf.getInteger("pool_size", 16));
  }

  /** A new session of the SELECT-only user, with nothing set on it; the caller closes it. */
  public Connection newSession() throws SQLException {
    return DriverManager.getConnection(readerUrl, READER, readerPassword);
  }

  /** How many query sessions may be open at once ({@code query.h2.pool_size}). */
  public int maxSessions() {
    return maxSessions;
  }

  @Override
  public void close() {
    try {
      keepOpen.close();
    } catch (SQLException e) {
      LOG.warn("closing the H2 database: {}", e.getMessage());
    }
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
