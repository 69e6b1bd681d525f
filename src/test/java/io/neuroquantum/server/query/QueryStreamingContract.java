package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.RawWebSocket;
import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What every query backend must do, over a real WebSocket against the real server: the demo table
 * {@code sensor_readings} has {@value #ROWS} rows with ids 1..N.
 */
abstract class QueryStreamingContract {

  static final int ROWS = 1_000_000;
  /** For streams that are not about timeouts: timeout_ms bounds a query's whole life, and a loaded machine is slow. */
  static final long STREAM_TIMEOUT_MS = 300_000;
  static Vertx vertx = Vertx.vertx();
  static TestServer server;

  /** SUM(temperature) read straight from the database, for the checksum. */
  abstract double directTemperatureSum();

  abstract long directRowCount();

  /** SQL that runs longer than a second on this backend. */
  abstract String slowSql();

  public TestServer testServer() {
    return server;
  }

  public Vertx testVertx() {
    return vertx;
  }

  @AfterAll
  static void stopAll() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  WsTestClient client(String user) {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token(user));
    c.nextOfType("connected");
    return c;
  }

  static JsonObject query(String sql, JsonObject options) {
    return new JsonObject().put("type", "execute_query").put("query", sql).put("options", options);
  }

  /** Every frame of a query until it completes or fails. */
  static List<JsonObject> untilDone(WsTestClient c) {
    List<JsonObject> frames = new ArrayList<>();
    while (true) {
      JsonObject f = c.next(Duration.ofSeconds(60));
      frames.add(f);
      String type = f.getString("type");
      if ("query_completed".equals(type) || "query_error".equals(type)) {
        return frames;
      }
    }
  }

  @Test
  void a_million_rows_reach_the_client_complete_and_in_order() {
    try (WsTestClient c = client("analyst")) {
      JsonObject confirmed = c.request(query("SELECT id, sensor_id, temperature FROM sensor_readings ORDER BY id",
          new JsonObject().put("batch_size", 2000).put("timeout_ms", STREAM_TIMEOUT_MS)));
      assertThat(confirmed.getString("type")).isEqualTo("subscription_confirmed");
      assertThat(confirmed.getString("channel")).startsWith("query:");
      long expectedId = 1;
      double sum = 0;
      long batches = 0;
      JsonObject started = null;
      JsonObject completed = null;
      while (completed == null) {
        JsonObject f = c.next(Duration.ofSeconds(60));
        switch (f.getString("type")) {
          case "query_started" -> started = f;
          case "query_batch" -> {
            // a batch closes at batch_size rows or after batch_interval_ms: smaller ones are legitimate
            assertThat(f.getJsonArray("rows").size()).as("rows in a batch").isBetween(1, 2000);
            batches++;
            for (Object o : f.getJsonArray("rows")) {
              JsonArray row = (JsonArray) o;
              assertThat(row.getLong(0)).isEqualTo(expectedId++);
              sum += row.getDouble(2);
            }
          }
          case "query_progress" -> assertThat(f.getLong("rows_processed")).isLessThanOrEqualTo(ROWS);
          case "query_completed" -> completed = f;
          case "backpressure_warning" -> { }   // the protocol sends it whenever this client's buffer passes warn_at
          default -> throw new AssertionError("unexpected frame " + f.encode().substring(0, Math.min(200, f.encode().length())));
        }
      }
      assertThat(started).isNotNull();
      assertThat(started.getJsonArray("columns")).containsExactly("id", "sensor_id", "temperature");
      assertThat(expectedId - 1).isEqualTo(ROWS);
      assertThat(completed.getLong("total_rows")).isEqualTo(ROWS);
      assertThat(batches).as("batches of at most 2000 rows").isGreaterThanOrEqualTo(ROWS / 2000);
      assertThat(Math.abs(sum - directTemperatureSum())).isLessThan(1e-6 * Math.abs(directTemperatureSum()));
    }
  }

  /** The last batch is cut at max_rows, also when the cursor already reads a batch ahead. */
  @Test
  void max_rows_cuts_the_last_batch_and_nothing_is_lost_before_it() {
    try (WsTestClient c = client("capped")) {
      c.request(query("SELECT id FROM sensor_readings ORDER BY id", new JsonObject().put("batch_size", 300)
          .put("max_rows", 1000).put("timeout_ms", STREAM_TIMEOUT_MS)));
      long expectedId = 1;
      List<JsonObject> frames = untilDone(c);
      for (JsonObject f : frames) {
        if ("query_batch".equals(f.getString("type"))) {
          for (Object row : f.getJsonArray("rows")) {
            assertThat(((JsonArray) row).getLong(0)).isEqualTo(expectedId++);
          }
        }
      }
      JsonObject done = frames.get(frames.size() - 1);
      assertThat(done.getString("type")).isEqualTo("query_completed");
      assertThat(done.getLong("total_rows")).isEqualTo(1000);
      assertThat(expectedId - 1).isEqualTo(1000);
    }
  }

  @Test
  void parameters_are_bound_not_spliced() {
    try (WsTestClient c = client("binder")) {
      c.request(query("SELECT id FROM sensor_readings WHERE sensor_id = ? AND id <= ? ORDER BY id", new JsonObject())
          .put("params", new JsonArray().add(7).add(1000)));
      List<JsonObject> frames = untilDone(c);
      JsonObject done = frames.get(frames.size() - 1);
      assertThat(done.getString("type")).isEqualTo("query_completed");
      assertThat(done.getLong("total_rows")).isEqualTo(10);   // ids 7, 107, …, 907
      c.request(query("SELECT id FROM sensor_readings WHERE CAST(sensor_id AS VARCHAR(10)) = ?", new JsonObject())
          .put("params", new JsonArray().add("1 OR 1=1")));
      JsonObject none = untilDone(c).stream().filter(f -> f.getString("type").startsWith("query_c")).findFirst().orElseThrow();
      assertThat(none.getLong("total_rows")).isZero();
    }
  }

  @Test
  void cancel_stops_the_stream_within_a_batch() {
    try (WsTestClient c = client("canceller")) {
      JsonObject confirmed = c.request(query("SELECT id FROM sensor_readings ORDER BY id",
          new JsonObject().put("batch_size", 100)));
      String queryId = confirmed.getString("channel").substring("query:".length());
      c.nextOfType("query_batch");
      c.send(new JsonObject().put("type", "cancel_query").put("query_id", queryId));
      JsonObject error = c.nextOfType("query_error");
      assertThat(error.getJsonObject("error").getString("code")).isEqualTo("cancelled");
      JsonObject after = c.poll(Duration.ofMillis(300));
      assertThat(after == null || !after.getString("type").startsWith("query_")).as("no query frame after the error: %s", after)
          .isTrue();
      awaitNoActiveQuery();
      JsonObject unknown = c.request(new JsonObject().put("type", "cancel_query").put("query_id", "nope"));
      assertThat(unknown.getString("code")).isEqualTo("not_found");
    }
  }

  @Test
  void pause_and_resume_hold_the_cursor_and_lose_nothing() throws Exception {
    try (WsTestClient c = client("pauser")) {
      awaitNoActiveQuery();   // rows_read counts every query: no other may be reading
      JsonObject confirmed = c.request(query("SELECT id FROM sensor_readings ORDER BY id",
          new JsonObject().put("batch_size", 100).put("timeout_ms", STREAM_TIMEOUT_MS)));
      String channel = confirmed.getString("channel");
      long expected = 1;
      JsonObject first = c.nextOfType("query_batch");
      for (Object o : first.getJsonArray("rows")) {
        assertThat(((JsonArray) o).getLong(0)).isEqualTo(expected++);
      }
      c.send(new JsonObject().put("type", "pause_stream").put("channel", channel));
      // frames already granted may still be read; then the cursor must stand still
      long readWhilePaused = awaitStill(() -> server.server().metrics().rowsRead());
      assertThat(readWhilePaused).as("the cursor stopped before the end of the result").isLessThan(ROWS);
      c.send(new JsonObject().put("type", "resume_stream").put("channel", channel));
      JsonObject completed = null;
      while (completed == null) {
        JsonObject f = c.next(Duration.ofSeconds(60));
        if ("query_batch".equals(f.getString("type"))) {
          for (Object o : f.getJsonArray("rows")) {
            assertThat(((JsonArray) o).getLong(0)).isEqualTo(expected++);
          }
        } else if ("query_completed".equals(f.getString("type"))) {
          completed = f;
        } else if ("query_error".equals(f.getString("type"))) {
          throw new AssertionError(f.encode());
        }
      }
      assertThat(expected - 1).isEqualTo(ROWS);
      assertThat(completed.getLong("total_rows")).isEqualTo(ROWS);
    }
  }

  @Test
  void writes_and_ddl_are_refused_and_change_nothing() {
    long before = directRowCount();
    try (WsTestClient c = client("vandal")) {
      for (String sql : List.of("DELETE FROM sensor_readings", "UPDATE sensor_readings SET temperature = 0",
          "DROP TABLE sensor_readings", "CREATE TABLE evil (x INT)",
          "INSERT INTO sensor_readings VALUES (0, 0, CURRENT_TIMESTAMP, 0, 0)")) {
        JsonObject reply = c.request(query(sql, new JsonObject()));
        JsonObject error = "query_error".equals(reply.getString("type")) ? reply : c.nextOfType("query_error");
        assertThat(error.getJsonObject("error").getString("code")).as(sql)
            .isIn("read_only", "not_a_query", "query_failed");
        assertThat(error.getJsonObject("error").getString("message")).isNotBlank();
      }
    }
    assertThat(directRowCount()).isEqualTo(before);
  }

  @Test
  void syntax_errors_and_timeouts_are_query_errors_with_the_databases_reason() {
    try (WsTestClient c = client("typo")) {
      JsonObject syntax = c.request(query("SELEC id FROM sensor_readings", new JsonObject()));
      JsonObject error = "query_error".equals(syntax.getString("type")) ? syntax : c.nextOfType("query_error");
      assertThat(error.getJsonObject("error").getString("code")).isEqualTo("syntax_error");

      JsonObject slow = c.request(query(slowSql(), new JsonObject().put("timeout_ms", 300)));
      JsonObject timeout = "query_error".equals(slow.getString("type")) ? slow : c.nextOfType("query_error");
      assertThat(timeout.getJsonObject("error").getString("code")).isEqualTo("timeout");
    }
  }

  /**
   * A client that stops reading at the TCP level while a million rows are pending: the kernel's
   * socket buffers fill, then the connection's own buffer, then credit runs out and the cursor stops.
   * The server's heap grows by a few megabytes, not by the size of the result (~70 MB of JSON).
   */
  @Test
  void a_client_that_stops_reading_stops_the_cursor_and_server_memory_stays_bounded() throws Exception {
    awaitNoActiveQuery();   // rows_read counts every query: no other may be reading
    long heapBefore = usedHeapAfterGc();
    long readBefore = server.server().metrics().rowsRead();
    server.server().metrics().resetMaxQueued();
    try (RawWebSocket raw = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("stalled"))) {
      // the session starts with `connected`: what is sent before it may not be read as a message
      QueryTestSupport.awaitValue("the connected frame", () -> raw.received("\"connected\"") ? 1 : 0, 1,
          Duration.ofSeconds(30));
      raw.sendText(query("SELECT * FROM sensor_readings ORDER BY id", new JsonObject().put("batch_size", 1000)
          .put("timeout_ms", STREAM_TIMEOUT_MS)).encode());
      QueryTestSupport.awaitValue("rows streaming", () -> server.server().metrics().rowsRead() > readBefore ? 1 : 0, 1,
          Duration.ofSeconds(30));
      raw.pause();
      long read2 = awaitStill(() -> server.server().metrics().rowsRead()) - readBefore;
      long growth = usedHeapAfterGc() - heapBefore;
      long maxQueued = server.server().metrics().maxQueuedPerConnection();
      System.out.printf("%s: stalled client: %d of %d rows read from the cursor, %d frames at most in the "
          + "connection's buffer, heap growth %.1f MB%n", getClass().getSimpleName(), read2, ROWS, maxQueued, growth / 1e6);
      assertThat(read2).as("it stopped before the end: only what the socket buffers and the credit window hold")
          .isLessThan(ROWS);
      assertThat(maxQueued).as("the connection's buffer held at most its credit window").isLessThanOrEqualTo(500);
      assertThat(growth).as("server heap growth bounded by the buffers, not the result").isLessThan(32L * 1024 * 1024);
    }
    awaitNoActiveQuery();   // the client went away: its query is cancelled
  }

  @Test
  void rest_starts_a_query_whose_rows_wait_for_the_owner_to_subscribe() throws Exception {
    WebClient web = WebClient.create(vertx);
    try {
      awaitNoActiveQuery();
      HttpResponse<Buffer> response = web.post(server.port(), "127.0.0.1", "/api/v1/query/stream")
          .bearerTokenAuthentication(server.token("rester"))
          .sendJsonObject(new JsonObject().put("sql", "SELECT id FROM sensor_readings WHERE id <= ? ORDER BY id")
              .put("params", new JsonArray().add(5000)).put("options", new JsonObject().put("batch_size", 1000)))
          .await();
      long activeBefore = 1;
      assertThat(response.statusCode()).isEqualTo(202);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("websocket_url")).endsWith("/ws");
      Thread.sleep(500);   // nothing is read or lost before the subscription
      assertThat(server.server().metrics().snapshot().get("active_queries")).isEqualTo(activeBefore);
      try (WsTestClient c = client("rester")) {
        c.subscribe(body.getString("channel"));
        List<JsonObject> frames = untilDone(c);
        assertThat(frames.get(0).getString("type")).isEqualTo("query_started");
        long rows = frames.stream().filter(f -> "query_batch".equals(f.getString("type")))
            .mapToLong(f -> f.getJsonArray("rows").size()).sum();
        assertThat(rows).isEqualTo(5000);
      }
      HttpResponse<Buffer> unauthorized = web.post(server.port(), "127.0.0.1", "/api/v1/query/stream")
          .sendJsonObject(new JsonObject().put("sql", "SELECT 1")).await();
      assertThat(unauthorized.statusCode()).isEqualTo(401);
      HttpResponse<Buffer> bad = web.post(server.port(), "127.0.0.1", "/api/v1/query/stream")
          .bearerTokenAuthentication(server.token("rester")).sendJsonObject(new JsonObject().put("sql", "SELEC 1")).await();
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("syntax_error");
    } finally {
      web.close();
    }
  }

  @Test
  void concurrent_queries_per_user_are_limited_and_channels_belong_to_their_owner() {
    try (WsTestClient owner = client("greedy"); WsTestClient other = client("snoop")) {
      List<String> channels = new ArrayList<>();
      for (int i = 0; i < 2; i++) {   // two long streams (a million rows, ten per frame) stay open
        channels.add(owner.request(query("SELECT id FROM sensor_readings", new JsonObject().put("batch_size", 10)))
            .getString("channel"));
      }
      JsonObject third = owner.request(query("SELECT 1", new JsonObject()));
      assertThat(third.getString("type")).isEqualTo("query_error");
      assertThat(third.getJsonObject("error").getString("code")).isEqualTo("too_many_queries");
      JsonObject snooped = other.request(new JsonObject().put("type", "subscribe").put("channel", channels.get(0)));
      assertThat(snooped.getJsonObject("error").getString("code")).isEqualTo("forbidden");
      for (String channel : channels) {
        owner.send(new JsonObject().put("type", "cancel_query").put("query_id", channel.substring("query:".length())));
      }
    }
  }

  /** Waits (generously) until no query holds a database session, so rows_read counts only the next one. */
  static void awaitNoActiveQuery() {
    QueryTestSupport.awaitValue("active queries", () -> (long) server.server().metrics().snapshot().get("active_queries"),
        0, Duration.ofSeconds(30));
  }

  /**
   * The value once it has not changed for a second, waiting up to 30 s for that: how long a cursor
   * takes to use up the credit it was granted depends on the machine's load, not on the protocol.
   */
  static long awaitStill(java.util.function.LongSupplier value) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long last = value.getAsLong();
    long stillSince = System.nanoTime();
    while (System.nanoTime() - stillSince < 1_000_000_000L) {
      assertThat(System.nanoTime()).as("the value stood still for a second within 30 s").isLessThan(deadline);
      QueryTestSupport.sleep(100);
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      }
    }
    return last;
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
