package io.neuroquantum.server.query;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.channels.ChannelPublish;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The query adapter: runs SQL on its {@link QueryBackend} and streams the rows to the channel
 * {@code query:<id>}, which only the query's owner may subscribe to.
 *
 * <p>A query is checked and prepared first (one SELECT, parsed and planned by the database, nothing
 * executed), within {@code prepare_timeout_ms}, and only then does {@code nq.query.execute} reply
 * with its id; so the reply never waits for the statement itself, whatever its {@code timeout_ms},
 * and always comes well inside the event bus's 30 s request timeout. The statement executes on the
 * first read, once a subscriber grants credit; its errors arrive on the channel.
 *
 * <p>Flow control is credit-based: the gateway grants credits (frames it can take) for the
 * subscriber, and this verticle reads the next batch from the database cursor only while it holds
 * credit. No credit, no read: a client that stops reading stops the cursor, and memory stays bounded
 * whatever the result size. A query that gets no credit for {@code credit_wait_ms} is closed.
 *
 * <p>Every way a query ends (completed, failed, {@code cancel_query}, the subscriber's disconnect,
 * {@code timeout_ms} since it started, no credit) goes through {@link #end}, which closes its cursor:
 * that stops the statement in the database and closes its session. The query counts as active
 * (metric and {@link QueryAdmission}) until the database has done so.
 *
 * <p>Frames on the channel: {@code query_started {query_id, columns, estimated_rows}},
 * {@code query_batch {query_id, rows}} (or {@code query_row {row}} with batch_size 1), every
 * {@code progress_interval_ms} a {@code query_progress {rows_processed, percent}}, then
 * {@code query_completed {total_rows, duration_ms}} or {@code query_error {error}}.
 */
public final class QueryVerticle extends VerticleBase {

  /** The reply to nq.query.execute must beat the event bus's default 30 s request timeout. */
  private static final long MAX_PREPARE_TIMEOUT_MS = 25_000;

  private final Function<io.vertx.core.Vertx, QueryBackend> backendFactory;
  private final ServerMetrics metrics;
  private QueryBackend backend;
  private QueryOptions.Limits limits;
  private QueryAdmission admission;
  private long creditWaitMs;
  private long prepareTimeoutMs;
  private long progressIntervalMs;
  private final Map<String, RunningQuery> queries = new HashMap<>();
  /** Where bus services grant credit to and cancel this adapter's queries (named in the execute reply). */
  private final String creditAddress = Addresses.QUERY_CREDIT_PREFIX + UUID.randomUUID();
  private final String cancelAddress = Addresses.QUERY_CANCEL_PREFIX + UUID.randomUUID();
  private final Set<Future<Void>> stopping = new HashSet<>();

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
    final boolean mirrorToBus;
    final long startedNanos = System.nanoTime();
    long timeoutTimer;
    long credits;
    long rowsSent;
    boolean preparing;
    boolean prepared;
    boolean reading;
    boolean started;
    boolean ended;
    QueryException endedBy;   // why it ended before it was prepared, for the reply
    long lastCreditNanos = System.nanoTime();
    long lastProgressNanos = System.nanoTime();

    RunningQuery(String id, String owner, QueryOptions options, QueryBackend.QueryCursor cursor, boolean mirrorToBus) {
      this.id = id;
      this.mirrorToBus = mirrorToBus;
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
    int maxPerUser = q.getInteger("max_concurrent_per_user", 4);
    creditWaitMs = q.getLong("credit_wait_ms", 60_000L);
    prepareTimeoutMs = Math.min(MAX_PREPARE_TIMEOUT_MS, q.getLong("prepare_timeout_ms", 10_000L));
    progressIntervalMs = q.getLong("progress_interval_ms", 500L);
    return vertx.executeBlocking(() -> backendFactory.apply(vertx)).compose(b -> {
      backend = b;
      admission = new QueryAdmission(maxPerUser, q.getInteger("max_stopping_per_user", maxPerUser), b.maxSessions());
      vertx.setPeriodic(1000, id -> closeAbandoned());
      return Future.join(
          vertx.eventBus().<JsonObject>consumer(Addresses.QUERY_EXECUTE, this::onExecute).completion(),
          vertx.eventBus().<JsonObject>localConsumer(Addresses.QUERY_EXECUTE_LOCAL, this::onExecute).completion(),
          // a query's credit and cancel come from the gateway of the node it runs on
          vertx.eventBus().<JsonObject>localConsumer(Addresses.QUERY_CREDIT, this::onCredit).completion(),
          vertx.eventBus().<JsonObject>localConsumer(Addresses.QUERY_CANCEL, this::onCancel).completion(),
          // the same for bus services, on any node: the execute reply names these two addresses
          vertx.eventBus().<JsonObject>consumer(creditAddress, this::onCredit).completion(),
          vertx.eventBus().<JsonObject>consumer(cancelAddress, this::onBusCancel).completion());
    });
  }

  @Override
  public Future<?> stop() {
    for (RunningQuery q : List.copyOf(queries.values())) {
      end(q, new QueryException("shutting_down", "the server is shutting down"));
    }
    if (backend == null) {
      return Future.succeededFuture();
    }
    // give the database a moment to stop what was cancelled, then close the backend regardless
    return Future.join(List.copyOf(stopping)).timeout(10, TimeUnit.SECONDS)
        .transform(ar -> backend.close());
  }

  /**
   * {@code {sql, params?, options?, owner?, mirror_to_bus?}} → {@code {query_id, channel, credit_address,
   * cancel_address}}; fails 400/429 with {@code code: reason}. With {@code mirror_to_bus} the query's
   * frames are also published on {@code nq.channel.query:<id>}, for a bus service that grants credit
   * on {@code credit_address}.
   */
  private void onExecute(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String sql = body.getString("sql");
    String owner = body.getString("owner", "anonymous");
    QueryOptions options;
    JsonArray params;
    boolean mirrorToBus;
    try {
      if (sql == null || sql.isBlank()) {
        throw new QueryException("invalid_query", "a query needs sql");
      }
      options = QueryOptions.from(body.getJsonObject("options"), limits);
      params = body.getJsonArray("params");
      if (!(body.getValue("mirror_to_bus", false) instanceof Boolean mirror)) {
        throw new QueryException("invalid_query", "mirror_to_bus must be true or false");
      }
      mirrorToBus = mirror;
      admission.admit(owner);   // last: nothing below may refuse without ending the query
    } catch (QueryException | ClassCastException e) {
      refuse(msg, e);
      return;
    }
    metrics.queryStarted();
    String id = UUID.randomUUID().toString();
    RunningQuery q = new RunningQuery(id, owner, options, backend.cursor(sql, params, options), mirrorToBus);
    queries.put(id, q);
    long prepareWithin = Math.min(prepareTimeoutMs, options.timeoutMs());
    long prepareTimer = vertx.setTimer(prepareWithin, t -> end(q, new QueryException("timeout",
        "the query could not be checked and planned within " + prepareWithin + " ms")));
    q.timeoutTimer = vertx.setTimer(options.timeoutMs(), t -> end(q, new QueryException("timeout",
        "the query ran longer than its timeout_ms (" + options.timeoutMs() + " ms)")));
    q.preparing = true;
    q.cursor.prepare()
        .compose(v -> q.ended ? Future.failedFuture(q.endedBy)
            : vertx.eventBus().request(Addresses.CHANNELS_CLAIM, new JsonObject().put("channel", q.channel).put("owner", owner)))
        .onComplete(ar -> {
          q.preparing = false;
          vertx.cancelTimer(prepareTimer);
          if (ar.succeeded() && !q.ended) {
            q.prepared = true;
            q.lastCreditNanos = System.nanoTime();   // the credit wait starts now
            msg.reply(new JsonObject().put("query_id", id).put("channel", q.channel)
                .put("credit_address", creditAddress).put("cancel_address", cancelAddress));
          } else {
            Throwable e = q.ended && q.endedBy != null ? q.endedBy : ar.cause();
            end(q, e);
            refuse(msg, e);
          }
        });
  }

  private static void refuse(Message<JsonObject> msg, Throwable e) {
    String code = code(e);
    msg.fail("too_many_queries".equals(code) || "server_busy".equals(code) ? 429 : 400, code + ": " + e.getMessage());
  }

  /** {@code {query_id, credits}}: the subscriber can take that many more frames (a send: failures reach only a request). */
  private void onCredit(Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    if (!(body.getValue("query_id") instanceof String id) || !(body.getValue("credits") instanceof Number credits)
        || credits.longValue() <= 0) {
      msg.fail(400, "a credit is {query_id, credits: a positive number}");
      return;
    }
    RunningQuery q = queries.get(id);
    if (q == null || !q.prepared) {
      msg.fail(404, "no running query " + id);
      return;
    }
    q.credits += credits.longValue();
    q.lastCreditNanos = System.nanoTime();
    pump(q);
  }

  /** The gateway's cancel {@code {query_id, user}}: only the query's owner may. */
  private void onCancel(Message<JsonObject> msg) {
    cancel(msg, msg.body().getString("user", ""));
  }

  /** A bus service's cancel {@code {query_id, owner?}}: trusted like its execute, so the owner is checked only when given. */
  private void onBusCancel(Message<JsonObject> msg) {
    cancel(msg, msg.body().getString("owner"));
  }

  /** Ends the query for {@code user} (null: whoever asks). */
  private void cancel(Message<JsonObject> msg, String user) {
    RunningQuery q = queries.get(msg.body().getString("query_id"));
    if (q == null || !q.prepared) {
      msg.fail(404, "no running query " + msg.body().getString("query_id"));
      return;
    }
    if (user != null && !q.owner.equals(user)) {
      msg.fail(403, "the query belongs to another user");
      return;
    }
    end(q, new QueryException("cancelled", "cancelled by the client after " + q.rowsSent + " rows"));
    msg.reply(new JsonObject().put("cancelled", true).put("rows_sent", q.rowsSent));
  }

  /** Reads the next batch if the query holds credit and no read is in flight. */
  private void pump(RunningQuery q) {
    if (q.ended || q.reading || q.credits <= 0) {
      return;
    }
    q.reading = true;
    int n = (int) Math.min(q.options.batchSize(), q.options.maxRows() - q.rowsSent);
    q.cursor.read(n, q.options.batchIntervalMs()).onComplete(ar -> {
      q.reading = false;
      if (q.ended) {
        return;
      }
      if (ar.failed()) {
        end(q, ar.cause());
        return;
      }
      RowBatch rows = ar.result();
      if (!q.started) {
        q.started = true;
        publish(q, new ServerMessage.QueryStarted(null, q.id, q.channel, q.cursor.columns(), q.cursor.estimatedRows()));
      }
      if (rows.count() > 0) {
        q.rowsSent += rows.count();
        metrics.rowsRead(rows.count());
        publish(q, rows.count() == 1 && q.options.batchSize() == 1
            ? QueryFrames.row(q.options.format(), q.id, rows.onlyRow())
            : QueryFrames.batch(q.options.format(), q.id, rows.rows()));
      }
      boolean finished = !q.cursor.hasMore() || q.rowsSent >= q.options.maxRows();
      if (!finished && System.nanoTime() - q.lastProgressNanos >= progressIntervalMs * 1_000_000L) {
        q.lastProgressNanos = System.nanoTime();
        Long estimate = q.cursor.estimatedRows();
        publish(q, new ServerMessage.QueryProgress(q.id, q.rowsSent,
            estimate == null || estimate <= 0 ? null : Math.min(99.9, 100.0 * q.rowsSent / estimate)));
      }
      if (finished) {
        end(q, null);
      } else {
        pump(q);
      }
    });
  }

  /** Sends one frame on the query's channel; every frame uses up one credit (the last ones may overdraw). */
  private void publish(RunningQuery q, ServerMessage frame) {
    publish(q, ProtocolCodec.encodeBytes(frame));
  }

  private void publish(RunningQuery q, byte[] frame) {
    q.credits--;
    vertx.eventBus().request(Addresses.CHANNELS_PUBLISH_LOCAL, new ChannelPublish(q.channel, frame, null, null, List.of(), false,
        q.mirrorToBus));
  }

  /**
   * The one way a query ends: {@code error} null for completion. Tells the subscriber (once the
   * query has a channel), frees the user's running slot, and stops the statement in the database;
   * the query stays counted as stopping until the database has stopped it.
   */
  private void end(RunningQuery q, Throwable error) {
    if (q.ended) {
      return;
    }
    q.ended = true;
    queries.remove(q.id);
    vertx.cancelTimer(q.timeoutTimer);
    if (!q.prepared) {
      q.endedBy = error instanceof QueryException e ? e : new QueryException(code(error), String.valueOf(error.getMessage()));
    } else if (error == null) {
      publish(q, new ServerMessage.QueryCompleted(q.id, q.rowsSent, (System.nanoTime() - q.startedNanos) / 1_000_000));
    } else {
      publish(q, new ServerMessage.QueryError(null, q.id, new ServerMessage.ErrorBody(code(error), String.valueOf(error.getMessage()))));
    }
    boolean executing = q.reading || q.preparing;   // a call still in flight in the database
    admission.stopping(q.owner, executing);
    metrics.queryStopping();
    Future<Void> stopped = q.cursor.close();
    stopping.add(stopped);
    stopped.onComplete(ar -> {
      stopping.remove(stopped);
      admission.stopped(q.owner, executing);
      metrics.queryStopped();
    });
  }

  /**
   * A query whose subscriber has granted no credit for {@code credit_wait_ms} (nobody subscribed, or
   * the client went away or stopped reading for that long) is closed, releasing its session.
   */
  private void closeAbandoned() {
    long now = System.nanoTime();
    for (RunningQuery q : List.copyOf(queries.values())) {
      if (q.prepared && q.credits <= 0 && !q.reading && now - q.lastCreditNanos > creditWaitMs * 1_000_000L) {
        end(q, new QueryException("no_subscriber", "no credit from a subscriber of " + q.channel + " for "
            + creditWaitMs + " ms"));
      }
    }
  }

  private static String code(Throwable e) {
    return e instanceof QueryException q ? q.code() : "query_failed";
  }
}
