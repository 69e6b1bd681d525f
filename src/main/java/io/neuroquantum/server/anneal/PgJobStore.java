package io.neuroquantum.server.anneal;

import io.neuroquantum.server.query.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Job records in PostgreSQL, through the reactive client the query adapter uses, so that every node
 * of a cluster reads, lists and cancels the same jobs and a restart of every node keeps finished
 * results. The table {@code <schema>.anneal_jobs} ({@code anneal.postgres.schema}, default
 * {@value #DEFAULT_SCHEMA}) is created if missing. Connections are named {@value #APPLICATION_NAME}
 * in {@code pg_stat_activity}.
 */
final class PgJobStore implements JobStore {

  static final String APPLICATION_NAME = "neuroquantum-jobs";
  static final String DEFAULT_SCHEMA = "neuroquantum";
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** Serialises the schema's creation when several nodes start at once (CREATE … IF NOT EXISTS can race). */
  private static final long DDL_LOCK = 0x6e71_6a6f_6273L;   // "nqjobs"
  private static final String ACTIVE = "status IN ('queued', 'running')";
  private static final String[] CONNECTION_KEYS = {"host", "port", "database", "user", "password"};

  private final Pool pool;
  private final String table;

  private PgJobStore(Pool pool, String table) {
    this.pool = pool;
    this.table = table;
  }

  /** {@code anneal.postgres}, its connection keys defaulting to {@code query.postgres}'s (one database, one set of credentials). */
  static JsonObject settings(JsonObject config) {
    JsonObject query = config.getJsonObject("query", new JsonObject()).getJsonObject("postgres", new JsonObject());
    JsonObject merged = new JsonObject();
    for (String key : CONNECTION_KEYS) {
      if (query.containsKey(key)) {
        merged.put(key, query.getValue(key));
      }
    }
    return merged.mergeIn(config.getJsonObject("anneal", new JsonObject()).getJsonObject("postgres", new JsonObject()));
  }

  static Future<JobStore> open(Vertx vertx, JsonObject conf) {
    String schema = conf.getString("schema", DEFAULT_SCHEMA);
    if (!SCHEMA.matcher(schema).matches()) {
      return Future.failedFuture(new IllegalArgumentException(
          "anneal.postgres.schema must be a lower-case SQL name (letters, digits, _), got \"" + schema + "\""));
    }
    PgConnectOptions connect = PgSettings.connectOptions(conf, APPLICATION_NAME);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(conf.getInteger("pool_size", 4)))
        .connectingTo(connect).using(vertx).build();
    PgJobStore store = new PgJobStore(pool, schema + ".anneal_jobs");
    return store.createIfMissing(schema).<JobStore>map(store).recover(e -> pool.close().transform(v ->
        Future.failedFuture(new IllegalStateException("cannot open the job store in PostgreSQL at "
            + PgSettings.describe(connect) + ", schema " + schema + ": " + e.getMessage(), e))));
  }

  private Future<Void> createIfMissing(String schema) {
    return pool.withTransaction(c -> c.query("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")").execute()
        // "already exists, skipping" is a notice on every start but the first: not worth a warning in the log
        .compose(r -> c.query("SET LOCAL client_min_messages = warning").execute())
        .compose(r -> c.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute())
        .compose(r -> c.query("CREATE TABLE IF NOT EXISTS " + table + " (id TEXT PRIMARY KEY, owner TEXT, "
            + "status TEXT NOT NULL, problem_type TEXT NOT NULL, solver TEXT NOT NULL, node TEXT, "
            + "created_at TIMESTAMPTZ NOT NULL, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, "
            + "best_energy DOUBLE PRECISION, result TEXT, error TEXT)").execute())
        .compose(r -> c.query("CREATE INDEX IF NOT EXISTS anneal_jobs_owner_created ON " + table
            + " (owner, created_at DESC)").execute())
        // what a departed node's survivors look for
        .compose(r -> c.query("CREATE INDEX IF NOT EXISTS anneal_jobs_active_node ON " + table + " (node) WHERE "
            + ACTIVE).execute())
        .mapEmpty());
  }

  @Override
  public Future<Void> insert(String id, String owner, String problemType, String solver, String node) {
    return pool.preparedQuery("INSERT INTO " + table + " (id, owner, status, problem_type, solver, node, created_at) "
        + "VALUES ($1, $2, 'queued', $3, $4, $5, $6)").execute(Tuple.of(id, owner, problemType, solver, node, now()))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> started(String id) {
    return pool.preparedQuery("UPDATE " + table + " SET status = 'running', started_at = $1 WHERE id = $2 AND status = 'queued'")
        .execute(Tuple.of(now(), id)).map(r -> r.rowCount() == 1);
  }

  @Override
  public Future<Void> bestSoFar(String id, double energy) {
    return pool.preparedQuery("UPDATE " + table + " SET best_energy = $1 WHERE id = $2 AND status = 'running' "
        + "AND (best_energy IS NULL OR best_energy > $1)").execute(Tuple.of(energy, id)).mapEmpty();
  }

  @Override
  public Future<Boolean> finished(String id, String status, Double bestEnergy, JsonObject result, String error) {
    Double energy = bestEnergy == null || !Double.isFinite(bestEnergy) ? null : bestEnergy;
    return pool.preparedQuery("UPDATE " + table + " SET status = $1, finished_at = $2, "
            + "best_energy = COALESCE($3, best_energy), result = $4, error = $5 WHERE id = $6 AND " + ACTIVE)
        .execute(Tuple.of(status, now(), energy, result == null ? null : result.encode(), JobRecord.clip(error), id))
        .map(r -> r.rowCount() == 1);
  }

  @Override
  public Future<JobRecord> get(String id) {
    return pool.preparedQuery("SELECT * FROM " + table + " WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : record(rows.iterator().next()));
  }

  @Override
  public Future<List<JobRecord>> list(String owner, int limit) {
    Future<RowSet<Row>> rows = owner == null
        ? pool.preparedQuery("SELECT * FROM " + table + " ORDER BY created_at DESC LIMIT $1").execute(Tuple.of(limit))
        : pool.preparedQuery("SELECT * FROM " + table + " WHERE owner = $1 ORDER BY created_at DESC LIMIT $2")
            .execute(Tuple.of(owner, limit));
    return rows.map(PgJobStore::records);
  }

  @Override
  public Future<List<JobRecord>> interruptOrphans(Set<String> liveNodes, Instant createdBefore, String reason) {
    // one statement: of two nodes sweeping at once, each row is ended (and returned) by one of them
    return pool.preparedQuery("UPDATE " + table + " SET status = 'interrupted', finished_at = $1, error = $2 WHERE "
            + ACTIVE + " AND created_at < $3 AND (node IS NULL OR NOT (node = ANY($4))) RETURNING *")
        .execute(Tuple.of(now(), JobRecord.clip(reason), OffsetDateTime.ofInstant(createdBefore, ZoneOffset.UTC),
            liveNodes.toArray(String[]::new)))
        .map(PgJobStore::records);
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static List<JobRecord> records(RowSet<Row> rows) {
    List<JobRecord> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(record(r));
    }
    return out;
  }

  private static JobRecord record(Row r) {
    return new JobRecord(r.getString("id"), r.getString("owner"), r.getString("status"), r.getString("problem_type"),
        r.getString("solver"), r.getString("node"), instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("started_at")), instant(r.getOffsetDateTime("finished_at")),
        r.getDouble("best_energy"), r.getString("result"), r.getString("error"));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
