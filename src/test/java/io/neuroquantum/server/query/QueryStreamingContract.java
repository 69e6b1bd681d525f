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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every query backend must do, over a real WebSocket against the real server: the demo table
 * {@code sensor_readings} has {@value #ROWS} rows with ids 1..N. The tests about the rows themselves
 * (completeness, order, the sum, max_rows, cancel, pause/resume, a client that stops reading) run
 * in both row formats: {@code json} text frames and {@code cbor} binary ones, which {@link WsTestClient}
 * decodes with Jackson's CBOR parser into the same {@code JsonObject}s.
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

  /** {@code options} asking for the rows in {@code format} ("json" is also what no format means). */
  static JsonObject inFormat(String format, JsonObject options) {
    return "json".equals(format) ? options : options.put("format", format);
  }

  /** The batches arrived in the frames the format promises: binary for CBOR, none binary for JSON. */
  static void assertFrameKind(String format, WsTestClient c, long batches) {
    if ("cbor".equals(format)) {
      assertThat(c.binaryFrames()).as("binary frames").isEqualTo(batches);
    } else {
      assertThat(c.binaryFrames()).as("binary frames").isZero();
    }
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

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void a_million_rows_reach_the_client_complete_and_in_order(String format) {
    try (WsTestClient c = client("analyst")) {
      JsonObject confirmed = c.request(query("SELECT id, sensor_id, temperature FROM sensor_readings ORDER BY id",
          inFormat(format, new JsonObject().put("batch_size", 2000).put("timeout_ms", STREAM_TIMEOUT_MS))));
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
      assertFrameKind(format, c, batches);
      assertThat(Math.abs(sum - directTemperatureSum())).isLessThan(1e-6 * Math.abs(directTemperatureSum()));
    }
  }

  /** The last batch is cut at max_rows, also when the cursor already reads a batch ahead. */
  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void max_rows_cuts_the_last_batch_and_nothing_is_lost_before_it(String format) {
    try (WsTestClient c = client("capped")) {
      c.request(query("SELECT id FROM sensor_readings ORDER BY id", inFormat(format, new JsonObject().put("batch_size", 300)
          .put("max_rows", 1000).put("timeout_ms", STREAM_TIMEOUT_MS))));
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
      assertFrameKind(format, c, frames.stream().filter(f -> "query_batch".equals(f.getString("type"))).count());
    }
  }

  /** batch_size 1 sends {@code query_row} frames; in CBOR too, with the same row. */
  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void single_rows_arrive_as_query_row_frames(String format) {
    try (WsTestClient c = client("single")) {
      c.request(query("SELECT id, CAST(id AS DOUBLE PRECISION) / 4, 'row ' || id FROM sensor_readings WHERE id <= 3 ORDER BY id",
          inFormat(format, new JsonObject().put("batch_size", 1))));
      List<JsonObject> rows = untilDone(c).stream().filter(f -> "query_row".equals(f.getString("type"))).toList();
      assertThat(rows).hasSize(3);
      for (int i = 0; i < 3; i++) {
        JsonArray row = rows.get(i).getJsonArray("row");
        assertThat(row.getLong(0)).isEqualTo(i + 1);
        assertThat(row.getDouble(1)).isEqualTo((i + 1) / 4.0);
        assertThat(row.getString(2)).isEqualTo("row " + (i + 1));
        assertThat(rows.get(i).getString("channel")).startsWith("query:");
        assertThat(rows.get(i).getLong("offset")).isNotNull();
        assertThat(rows.get(i).getString("epoch")).isNotBlank();
      }
      assertFrameKind(format, c, 3);
    }
  }

  /** Every column type of the demo table decodes to the same values in both formats. */
  @Test
  void a_cbor_row_holds_the_same_values_as_its_json_row() {
    try (WsTestClient c = client("comparer")) {
      List<JsonArray> rows = new ArrayList<>();
      for (String format : List.of("json", "cbor")) {
        c.request(query("SELECT * FROM sensor_readings WHERE id <= 2000 ORDER BY id",
            inFormat(format, new JsonObject().put("batch_size", 500))));
        JsonArray all = new JsonArray();
        untilDone(c).stream().filter(f -> "query_batch".equals(f.getString("type")))
            .forEach(f -> f.getJsonArray("rows").forEach(all::add));
        rows.add(all);
      }
      assertThat(rows.get(1).size()).isEqualTo(2000);
      for (int i = 0; i < 2000; i++) {
        JsonArray json = rows.get(0).getJsonArray(i);
        JsonArray cbor = rows.get(1).getJsonArray(i);
        for (int col = 0; col < json.size(); col++) {
          Object j = json.getValue(col);
          Object b = cbor.getValue(col);
          if (j instanceof Number jn) {
            assertThat(((Number) b).doubleValue()).as("row %d column %d", i, col).isEqualTo(jn.doubleValue());
          } else {
            assertThat(b).as("row %d column %d", i, col).isEqualTo(j);
          }
        }
      }
    }
  }

  /**
   * On a connection that batches messages (set_batching lines), binary row frames still go one per
   * WebSocket frame with the binary opcode, in order among the text frames, never inside a text batch.
   */
  @Test
  void binary_frames_go_alone_on_a_batching_connection() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("batcher"))) {
      QueryTestSupport.awaitValue("the connected frame", () -> raw.received("\"connected\"") ? 1 : 0, 1,
          Duration.ofSeconds(30));
      raw.sendText(new JsonObject().put("type", "set_batching").put("format", "lines").put("max_delay_ms", 20).encode());
      QueryTestSupport.awaitValue("batching_set", () -> raw.received("\"batching_set\"") ? 1 : 0, 1, Duration.ofSeconds(30));
      raw.sendText(query("SELECT id FROM sensor_readings WHERE id <= 5000 ORDER BY id",
          new JsonObject().put("batch_size", 500).put("format", "cbor")).encode());
      QueryTestSupport.awaitValue("query_completed", () -> raw.received("\"query_completed\"") ? 1 : 0, 1,
          Duration.ofSeconds(60));
      com.fasterxml.jackson.databind.ObjectMapper cbor =
          new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
      long expectedId = 1;
      boolean started = false;
      for (RawWebSocket.Frame f : raw.frames()) {
        if (f.opcode() == 0x1) {
          assertThat(f.text()).doesNotContain("query_batch");
          started |= f.text().contains("query_started");
          if (f.text().contains("query_completed")) {
            break;
          }
        } else if (f.opcode() == 0x2) {
          assertThat(started).as("rows after query_started").isTrue();
          com.fasterxml.jackson.databind.JsonNode batch = cbor.readTree(f.payload());
          assertThat(batch.get("type").textValue()).isEqualTo("query_batch");
          assertThat(batch.get("channel").textValue()).startsWith("query:");
          for (com.fasterxml.jackson.databind.JsonNode row : batch.get("rows")) {
            assertThat(row.get(0).longValue()).isEqualTo(expectedId++);
          }
        }
      }
      assertThat(expectedId - 1).isEqualTo(5000);
    }
  }

  @Test
  void an_unknown_row_format_is_invalid_options() {
    try (WsTestClient c = client("formatter")) {
      JsonObject reply = c.request(query("SELECT 1", new JsonObject().put("format", "msgpack")));
      assertThat(reply.getString("type")).isEqualTo("query_error");
      assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("invalid_options");
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

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void cancel_stops_the_stream_within_a_batch(String format) {
    try (WsTestClient c = client("canceller")) {
      JsonObject confirmed = c.request(query("SELECT id FROM sensor_readings ORDER BY id",
          inFormat(format, new JsonObject().put("batch_size", 100))));
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

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void pause_and_resume_hold_the_cursor_and_lose_nothing(String format) throws Exception {
    try (WsTestClient c = client("pauser")) {
      awaitNoActiveQuery();   // rows_read counts every query: no other may be reading
      long readBefore = server.server().metrics().rowsRead();   // the server's total since it started
      JsonObject confirmed = c.request(query("SELECT id FROM sensor_readings ORDER BY id",
          inFormat(format, new JsonObject().put("batch_size", 100).put("timeout_ms", STREAM_TIMEOUT_MS))));
      String channel = confirmed.getString("channel");
      long expected = 1;
      JsonObject first = c.nextOfType("query_batch");
      for (Object o : first.getJsonArray("rows")) {
        assertThat(((JsonArray) o).getLong(0)).isEqualTo(expected++);
      }
      c.send(new JsonObject().put("type", "pause_stream").put("channel", channel));
      // frames already granted may still be read; then the cursor must stand still
      long readWhilePaused = awaitStill(() -> server.server().metrics().rowsRead()) - readBefore;
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
      assertThat(c.binaryFrames() > 0).as("binary frames").isEqualTo("cbor".equals(format));
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
  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void a_client_that_stops_reading_stops_the_cursor_and_server_memory_stays_bounded(String format) throws Exception {
    awaitNoActiveQuery();   // rows_read counts every query: no other may be reading
    long heapBefore = usedHeapAfterGc();
    long readBefore = server.server().metrics().rowsRead();
    server.server().metrics().resetMaxQueued();
    try (RawWebSocket raw = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("stalled"))) {
      // the session starts with `connected`: what is sent before it may not be read as a message
      QueryTestSupport.awaitValue("the connected frame", () -> raw.received("\"connected\"") ? 1 : 0, 1,
          Duration.ofSeconds(30));
      raw.sendText(query("SELECT * FROM sensor_readings ORDER BY id", inFormat(format, new JsonObject().put("batch_size", 1000)
          .put("timeout_ms", STREAM_TIMEOUT_MS))).encode());
      QueryTestSupport.awaitValue("rows streaming", () -> server.server().metrics().rowsRead() > readBefore ? 1 : 0, 1,
          Duration.ofSeconds(30));
      raw.pause();
      long read2 = awaitStill(() -> server.server().metrics().rowsRead()) - readBefore;
      long growth = usedHeapAfterGc() - heapBefore;
      long maxQueued = server.server().metrics().maxQueuedPerConnection();
      System.out.printf("%s %s: stalled client: %d of %d rows read from the cursor, %d frames at most in the "
          + "connection's buffer, heap growth %.1f MB%n", getClass().getSimpleName(), format, read2, ROWS, maxQueued, growth / 1e6);
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
