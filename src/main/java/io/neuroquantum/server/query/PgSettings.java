package io.neuroquantum.server.query;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

/**
 * How the server reaches PostgreSQL, from a {@code postgres} section of the configuration
 * ({@code host}, {@code port}, {@code database}, {@code user}, {@code password}): one reading for
 * the query adapter and the job store, each naming its connections for {@code pg_stat_activity}.
 */
public final class PgSettings {

  private PgSettings() {
  }

  public static PgConnectOptions connectOptions(JsonObject conf, String applicationName) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(conf.getString("host", "localhost"))
        .setPort(conf.getInteger("port", 5432))
        .setDatabase(conf.getString("database", "postgres"))
        .setUser(conf.getString("user", "postgres"))
        .setPassword(conf.getString("password", ""));
    options.addProperty("application_name", applicationName);
    return options;
  }

  /** {@code host:port/database}, for messages (no credentials). */
  public static String describe(PgConnectOptions options) {
    return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
