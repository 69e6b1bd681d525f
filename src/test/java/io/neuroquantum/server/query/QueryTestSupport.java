package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.TestServer;
import io.neuroquantum.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the query tests share: the server under test, a client for it, and a way to wait for the
 * database's own view to change without assuming how fast a loaded machine is.
 */
interface QueryTestSupport {

  TestServer testServer();

  Vertx testVertx();

  default WsTestClient connect(String user) {
    WsTestClient c = WsTestClient.connect(testVertx(), testServer().port(), testServer().token(user));
    c.nextOfType("connected");
    return c;
  }

  static JsonObject executeQuery(String sql, JsonObject options) {
    return new JsonObject().put("type", "execute_query").put("query", sql).put("options", options);
  }

  /** The frame that ends the query: its {@code query_completed} or {@code query_error}, within {@code within}. */
  static JsonObject end(WsTestClient c, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = c.poll(Duration.ofMillis(200));
      if (f != null && ("query_completed".equals(f.getString("type")) || "query_error".equals(f.getString("type")))) {
        return f;
      }
    }
    throw new AssertionError("the query did not end within " + within);
  }

  /** Runs a query to its end: the reply when it is refused at once, else the last frame of its stream. */
  static JsonObject run(WsTestClient c, String sql, JsonObject options) {
    JsonObject reply = c.request(executeQuery(sql, options));
    return "query_error".equals(reply.getString("type")) ? reply : end(c, Duration.ofSeconds(60));
  }

  static String errorCode(JsonObject frame) {
    JsonObject error = frame.getJsonObject("error");
    return error == null ? null : error.getString("code");
  }

  /**
   * Waits until {@code value} reads {@code expected}, polling; fails with what it last read after
   * {@code within}. Returns how long it took, in milliseconds.
   */
  static long awaitValue(String what, LongSupplier value, long expected, Duration within) {
    long t0 = System.nanoTime();
    long deadline = t0 + within.toNanos();
    long last = value.getAsLong();
    while (last != expected && System.nanoTime() < deadline) {
      sleep(100);
      last = value.getAsLong();
    }
    assertThat(last).as("%s within %s", what, within).isEqualTo(expected);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
