package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow clients get bounded buffers, warnings and then the slow-consumer code; fast clients are unaffected. */
class FlowControlIntegrationTest {

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static JsonObject namespace(String policy, int historySize) {
    return new JsonObject().put("subscribe", new JsonArray().add("*")).put("publish", new JsonArray().add("*"))
        .put("policy", policy).put("history_size", historySize);
  }

  private static void publish(TestServer server, String channel, int count, int payloadChars) {
    String pad = "x".repeat(payloadChars);
    List<Future<?>> pending = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      pending.add(server.server().vertx().eventBus().request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", channel).put("data", new JsonObject().put("seq", i).put("pad", pad))));
      if (pending.size() == 200) {
        Future.all(pending).await();
        pending.clear();
      }
    }
    Future.all(pending).await();
  }

  private static WsTestClient client(TestServer server, String user) {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token(user));
    c.nextOfType("connected");
    return c;
  }

  @Test
  void a_client_that_stops_reading_is_bounded_warned_and_disconnected_while_a_fast_one_is_unaffected() {
    JsonObject config = new JsonObject()
        .put("connections", new JsonObject().put("outbound_max_messages", 100).put("slow_consumer_timeout_ms", 1500))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("custom", namespace("drop_oldest", 100))));
    try (TestServer server = TestServer.start(config);
        WsTestClient fast = client(server, "fast");
        WsTestClient slow = client(server, "slow")) {
      fast.subscribe("custom:firehose");
      slow.subscribe("custom:firehose");
      slow.socket().pause();   // stop reading: the server's writes back up into its buffer
      server.server().metrics().resetMaxQueued();

      int count = 5000;
      publish(server, "custom:firehose", count, 2000);
      // The fast client sees every offset in order, except where it fell behind itself (a loaded
      // machine can make any reader slow for a moment): drop_oldest may then leave gaps, but only
      // after telling this client with a backpressure_warning.
      long last = 0;
      boolean warned = false;
      while (last < count) {
        JsonObject f = fast.next();
        if ("backpressure_warning".equals(f.getString("type"))) {
          warned = true;
        } else if ("message".equals(f.getString("type"))) {
          long offset = f.getLong("offset");
          assertThat(offset).isGreaterThan(last);
          if (offset != last + 1) {
            assertThat(warned).as("a gap before offset " + offset + " without a backpressure_warning").isTrue();
          }
          last = offset;
        }
      }

      // the slow connection's queue never outgrew its limit (plus a warning frame)
      assertThat(server.server().metrics().maxQueuedPerConnection()).isLessThanOrEqualTo(101);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((long) server.server().metrics().snapshot().get("slow_consumer_disconnects") == 0
          && System.nanoTime() < deadline) {
        sleep(100);
      }
      assertThat(server.server().metrics().snapshot().get("slow_consumer_disconnects")).isEqualTo(1L);

      slow.socket().resume();
      assertThat(slow.awaitClose()).isEqualTo((short) 4408);
      List<JsonObject> seen = slow.drain();
      assertThat(seen).anyMatch(f -> "backpressure_warning".equals(f.getString("type")));
      assertThat(seen.stream().filter(f -> "message".equals(f.getString("type"))).count()).isLessThan(count);
      assertThat(fast.isClosed()).isFalse();
    }
  }

  @Test
  void the_pause_policy_catches_a_slow_reader_up_from_history_without_gaps() {
    JsonObject config = new JsonObject()
        .put("connections", new JsonObject().put("outbound_max_messages", 50).put("slow_consumer_timeout_ms", 60_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("stream", namespace("pause", 10_000))));
    try (TestServer server = TestServer.start(config); WsTestClient reader = client(server, "reader")) {
      reader.subscribe("stream:data");
      reader.socket().pause();
      int count = 5000;
      publish(server, "stream:data", count, 4000);   // far more than the socket buffers hold
      assertThat(server.server().metrics().maxQueuedPerConnection()).isLessThanOrEqualTo(50);
      reader.socket().resume();
      List<JsonObject> got = reader.messages(count);
      for (int i = 0; i < count; i++) {
        assertThat(got.get(i).getLong("offset")).isEqualTo(i + 1);
      }
      assertThat(reader.poll(Duration.ofMillis(300))).isNull();
      assertThat((String) ((java.util.Map<?, ?>) server.server().metrics().snapshot().get("backpressure_events"))
          .keySet().toString()).contains("pause");
    }
  }

  @Test
  void pause_stream_holds_a_channel_and_resume_stream_delivers_what_was_missed() {
    try (TestServer server = TestServer.start(); WsTestClient c = client(server, "pauser")) {
      c.subscribe("custom:pausable");
      c.send(new JsonObject().put("type", "pause_stream").put("channel", "custom:pausable"));
      c.request(new JsonObject().put("type", "ping"));   // the pause is in effect once this is answered
      publish(server, "custom:pausable", 10, 10);
      assertThat(c.poll(Duration.ofMillis(300))).isNull();
      c.send(new JsonObject().put("type", "resume_stream").put("channel", "custom:pausable"));
      List<JsonObject> got = c.messages(10);
      for (int i = 0; i < 10; i++) {
        assertThat(got.get(i).getLong("offset")).isEqualTo(i + 1);
      }
      publish(server, "custom:pausable", 1, 10);
      assertThat(c.nextOfType("message").getLong("offset")).isEqualTo(11);
      JsonObject notSubscribed = c.request(new JsonObject().put("type", "pause_stream").put("channel", "custom:other"));
      assertThat(notSubscribed.getString("code")).isEqualTo("not_subscribed");
    }
  }

  @Test
  void set_backpressure_limits_the_delivery_rate() {
    try (TestServer server = TestServer.start(); WsTestClient c = client(server, "sipper")) {
      c.subscribe("custom:paced");
      c.send(new JsonObject().put("type", "set_backpressure").put("rate_limit", 20).put("max_buffer", 500));
      c.request(new JsonObject().put("type", "ping"));
      publish(server, "custom:paced", 60, 10);
      long start = System.nanoTime();
      List<JsonObject> got = c.messages(60);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(got.get(59).getLong("offset")).isEqualTo(60);
      // a bucket of 20 then 20 per second: the last 40 take at least two seconds
      assertThat(seconds).as("60 messages at 20/s").isGreaterThan(1.5);
    }
  }

  @Test
  void publishers_into_a_slow_down_channel_are_told_to_slow_down() {
    JsonObject config = new JsonObject()
        .put("connections", new JsonObject().put("outbound_max_messages", 20).put("slow_consumer_timeout_ms", 60_000)
            .put("rate_limit_per_second", 10_000).put("rate_limit_burst", 10_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("feed", namespace("slow_down", 100))));
    try (TestServer server = TestServer.start(config);
        WsTestClient reader = client(server, "reader");
        WsTestClient writer = client(server, "writer")) {
      reader.subscribe("feed:ticks");
      reader.socket().pause();
      String pad = "y".repeat(4000);
      for (int i = 0; i < 2000; i++) {
        writer.send(new JsonObject().put("type", "publish").put("channel", "feed:ticks").put("data", pad));
      }
      JsonObject slowDown = writer.nextOfType("slow_down");
      assertThat(slowDown.getDouble("new_rate")).isPositive();
    }
  }

  /**
   * Client libraries answer pings by themselves, so the silent client here is a raw socket that does
   * the handshake and then reads without ever answering: the server must close it with 4410.
   */
  @Test
  void a_silent_client_is_closed_after_the_idle_timeout() {
    JsonObject config = new JsonObject().put("connections", new JsonObject().put("ping_interval_ms", 100)
        .put("idle_timeout_ms", 600));
    try (TestServer server = TestServer.start(config)) {
      io.vertx.core.net.NetClient net = vertx.createNetClient();
      io.vertx.core.net.NetSocket socket = net.connect(server.port(), "127.0.0.1").await();
      io.vertx.core.buffer.Buffer received = io.vertx.core.buffer.Buffer.buffer();
      io.vertx.core.Promise<Void> ended = io.vertx.core.Promise.promise();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> ended.tryComplete());
      socket.write("GET /ws?token=" + server.token("silent") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!containsCloseFrame(received.getBytes(), 4410) && System.nanoTime() < deadline) {
        sleep(50);
      }
      byte[] bytes = received.getBytes();
      assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
      assertThat(containsCloseFrame(bytes, 4410)).as("a close frame with code 4410").isTrue();
      ended.future().timeout(10, java.util.concurrent.TimeUnit.SECONDS).await();   // and the TCP connection ends
      net.close();
    }
  }

  /** Looks for an unmasked server close frame (opcode 8) carrying {@code code}. */
  private static boolean containsCloseFrame(byte[] b, int code) {
    for (int i = 0; i + 3 < b.length; i++) {
      if ((b[i] & 0xFF) == 0x88 && (b[i + 1] & 0x80) == 0 && (b[i + 1] & 0x7F) >= 2
          && (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF)) == code) {
        return true;
      }
    }
    return false;
  }

  @Test
  void a_client_that_answers_pings_stays_connected() {
    JsonObject config = new JsonObject().put("connections", new JsonObject().put("ping_interval_ms", 100)
        .put("idle_timeout_ms", 600));
    try (TestServer server = TestServer.start(config); WsTestClient c = client(server, "awake")) {
      sleep(1500);
      assertThat(c.isClosed()).isFalse();
      assertThat(c.request(new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
