package io.neuroquantum.server.query;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The query adapter: runs SQL on its {@link QueryBackend} and streams the rows to the channel
 * {@code query:<id>}, which only the query's owner may subscribe to.
 *
 * <p>Flow control is credit-based: the gateway grants credits (frames it can take) for the
 * subscriber, and this verticle reads the next batch from the database cursor only while it holds
 * credit. No credit, no read: a client that stops reading stops the cursor, and memory stays bounded
 * whatever the result size. A query nobody subscribes to within {@code credit_wait_ms} is closed.
 *
 * <p>Frames on the channel: {@code query_started {query_id, columns, estimated_rows}},
 * {@code query_batch {query_id, rows}} (or {@code query_row {row}} with batch_size 1), every
 * {@code progress_interval_ms} a {@code query_progress {rows_processed, percent}}, then
 * {@code query_completed {total_rows, duration_ms}} or {@code query_error {error}}.
 */
public final class QueryVerticle extends VerticleBase {

  private final Function<io.vertx.core.Vertx, QueryBackend> backendFactory;
  private final ServerMetrics metrics;
  private QueryBackend backend;
  private QueryOptions.Limits limits;
  private int maxPerUser;
  private long creditWaitMs;
  private long progressIntervalMs;
  private final Map<String, RunningQuery> queries = new HashMap<>();
  private final Map<String, Integer> perUser = new HashMap<>();

  public QueryVerticle(Function<io.vertx.core.Vertx, QueryBackend> backendFactory, ServerMetrics metrics) {
    this.backendFactory = backendFactory;
    this.metrics = metrics;
  }

  private final class RunningQuery {
    final String id;
    final String owner;
    final String channel;
    final QueryOptions options;
    final QueryBackend.QueryCursor cursor;
    final long startedNanos = System.nanoTime();
    long credits;
    long rowsSent;
    boolean reading;
    boolean started;
    boolean done;
    long lastCreditNanos = System.nanoTime();
    long lastProgressNanos = System.nanoTime();

    RunningQuery(String id, String owner, QueryOptions options, QueryBackend.QueryCursor cursor) {
      this.id = id;
      this.owner = owner;
      this.channel = "query:" + id;
      this.options = options;
      this.cursor = cursor;
    }
  }

  @Override
  public Future<?> start() {
    JsonObject q = config().getJsonObject("query", new JsonObject());
    limits = QueryOptions.Limits.fromConfig(q);
    maxPerUser = q.getInteger("max_concurrent_per_user", 4);
    creditWaitMs = q.getLong("credit_wait_ms", 60_000L);
    progressIntervalMs = q.getLong("progress_interval_ms", 500L);
    return vertx.executeBlocking(() -> backendFactory.apply(vertx)).compose(b -> {
      backend = b;
      vertx.setPeriodic(1000, id -> closeAbandoned());
      return Future.join(
          vertx.eventBus().<JsonObject>consumer(Addresses.QUERY_EXECUTE, this::onExecute).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.QUERY_CREDIT, this::onCredit).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.QUERY_CANCEL, this::onCancel).completion());
    });
  }

  @Override
  public Future<?> stop() {
    for (RunningQuery q : List.copyOf(queries.values())) {
      fail(q, new QueryException("shutting_down", "the server is shutting down"));
    }
    return backend == null ? Future.succeededFuture() : backend.close();
  }

  /** {@code {sql, params?, options?, owner}} → {@code {query_id, channel}}; fails 400/429/… with the reason. */
  private void onExecute(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String sql = body.getString("sql");
    String owner = body.getString("owner", "anonymous");
    QueryOptions options;
    try {
      if (sql == null || sql.isBlank()) {
        throw new QueryException("invalid_query", "a query needs sql");
      }
      options = QueryOptions.from(body.getJsonObject("options"), limits);
    } catch (QueryException | ClassCastException e) {
      msg.fail(400, code(e) + ": " + e.getMessage());
      return;
    }
    if (perUser.getOrDefault(owner, 0) >= maxPerUser) {
      msg.fail(429, "too_many_queries: at most " + maxPerUser + " concurrent queries per user");
      return;
    }
    perUser.merge(owner, 1, Integer::sum);
    String id = UUID.randomUUID().toString();
    JsonArray params = body.getJsonArray("params");
    Future<QueryBackend.QueryCursor> opened;
    try {
      opened = backend.open(sql, params, options);
    } catch (QueryException e) {
      opened = Future.failedFuture(e);
    }
    opened.compose(cursor -> {
      RunningQuery q = new RunningQuery(id, owner, options, cursor);
      queries.put(id, q);
      metrics.queryStarted();
      return vertx.eventBus().request(Addresses.CHANNELS_CLAIM, new JsonObject().put("channel", q.channel).put("owner", owner))
          .map(v -> q)
          .recover(e -> {
            finish(q);
            return Future.failedFuture(e);
          });
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(new JsonObject().put("query_id", id).put("channel", ar.result().channel));
      } else {
        perUser.computeIfPresent(owner, (u, n) -> n <= 1 ? null : n - 1);
        Throwable e = ar.cause();
        msg.fail(400, code(e) + ": " + e.getMessage());
      }
    });
  }

  private void onCredit(Message<JsonObject> msg) {
    RunningQuery q = queries.get(msg.body().getString("query_id"));
    if (q == null || q.done) {
      return;
    }
    q.credits += msg.body().getLong("credits", 0L);
    q.lastCreditNanos = System.nanoTime();
    pump(q);
  }

  private void onCancel(Message<JsonObject> msg) {
    RunningQuery q = queries.get(msg.body().getString("query_id"));
    if (q == null) {
      msg.fail(404, "no running query " + msg.body().getString("query_id"));
      return;
    }
    if (!q.owner.equals(msg.body().getString("user"))) {
      msg.fail(403, "the query belongs to another user");
      return;
    }
    fail(q, new QueryException("cancelled", "cancelled by the client after " + q.rowsSent + " rows"));
    msg.reply(new JsonObject().put("cancelled", true).put("rows_sent", q.rowsSent));
  }

  /** Reads the next batch if the query holds credit and no read is in flight. */
  private void pump(RunningQuery q) {
    if (q.done || q.reading || q.credits <= 0) {
      return;
    }
    q.reading = true;
    int n = (int) Math.min(q.options.batchSize(), q.options.maxRows() - q.rowsSent);
    q.cursor.read(n, q.options.batchIntervalMs()).onComplete(ar -> {
      q.reading = false;
      if (q.done) {
        return;
      }
      if (ar.failed()) {
        fail(q, ar.cause());
        return;
      }
      List<String> rows = ar.result();
      if (!q.started) {
        q.started = true;
        publish(q, new ServerMessage.QueryStarted(null, q.id, q.channel, q.cursor.columns(), q.cursor.estimatedRows()));
      }
      if (!rows.isEmpty()) {
        q.rowsSent += rows.size();
        metrics.rowsRead(rows.size());
        publish(q, rows.size() == 1 && q.options.batchSize() == 1
            ? new ServerMessage.QueryRow(q.id, rows.get(0))
            : new ServerMessage.QueryBatch(q.id, "[" + String.join(",", rows) + "]"));
      }
      boolean finished = !q.cursor.hasMore() || q.rowsSent >= q.options.maxRows();
      if (!finished && System.nanoTime() - q.lastProgressNanos >= progressIntervalMs * 1_000_000L) {
        q.lastProgressNanos = System.nanoTime();
        Long estimate = q.cursor.estimatedRows();
        publish(q, new ServerMessage.QueryProgress(q.id, q.rowsSent,
            estimate == null || estimate <= 0 ? null : Math.min(99.9, 100.0 * q.rowsSent / estimate)));
      }
      if (finished) {
        complete(q);
      } else {
        pump(q);
      }
    });
  }

  /** Sends one frame on the query's channel; every frame uses up one credit (the last ones may overdraw). */
  private void publish(RunningQuery q, ServerMessage frame) {
    q.credits--;
    vertx.eventBus().request(Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", q.channel)
        .put("data_json", ProtocolCodec.encode(frame)));
  }

  private void complete(RunningQuery q) {
    long durationMs = (System.nanoTime() - q.startedNanos) / 1_000_000;
    publish(q, new ServerMessage.QueryCompleted(q.id, q.rowsSent, durationMs));
    finish(q);
  }

  private void fail(RunningQuery q, Throwable e) {
    if (q.done) {
      return;
    }
    publish(q, new ServerMessage.QueryError(null, q.id, new ServerMessage.ErrorBody(code(e), String.valueOf(e.getMessage()))));
    finish(q);
  }

  private void finish(RunningQuery q) {
    if (q.done) {
      return;
    }
    q.done = true;
    queries.remove(q.id);
    perUser.computeIfPresent(q.owner, (u, n) -> n <= 1 ? null : n - 1);
    metrics.queryFinished();
    q.cursor.close();
  }

  /**
   * A query whose subscriber has granted no credit for {@code credit_wait_ms} (nobody subscribed, or
   * the client went away or stopped reading for that long) is closed, releasing its connection.
   */
  private void closeAbandoned() {
    long now = System.nanoTime();
    for (RunningQuery q : List.copyOf(queries.values())) {
      if (q.credits <= 0 && !q.reading && now - q.lastCreditNanos > creditWaitMs * 1_000_000L) {
        fail(q, new QueryException("no_subscriber", "no credit from a subscriber of " + q.channel + " for "
            + creditWaitMs + " ms"));
      }
    }
  }

  private static String code(Throwable e) {
    return e instanceof QueryException q ? q.code() : "query_failed";
  }
}
