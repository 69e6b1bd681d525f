package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every client message type and the protocol's error paths, over real WebSockets. */
class ProtocolIntegrationTest {

  static TestServer server;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject()
        .put("http", new JsonObject().put("max_frame_bytes", 4096))
        .put("connections", new JsonObject().put("rate_limit_per_second", 200).put("rate_limit_burst", 400)));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  private WsTestClient client(String user, String... roles) {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token(user, roles));
    JsonObject connected = c.next();
    assertThat(connected.getString("type")).isEqualTo("connected");
    assertThat(connected.getString("user")).isEqualTo(user);
    assertThat(connected.getString("connection_id")).isNotBlank();
    assertThat(connected.getLong("server_time")).isPositive();
    return c;
  }

  @Test
  void ping_is_answered_with_pong_echoing_request_id_and_timestamp() {
    try (WsTestClient c = client("alice")) {
      JsonObject pong = c.request(new JsonObject().put("type", "ping").put("timestamp", 12345));
      assertThat(pong.getString("type")).isEqualTo("pong");
      assertThat(pong.getLong("timestamp")).isEqualTo(12345);
      assertThat(pong.getLong("server_time")).isPositive();
    }
  }

  @Test
  void subscribe_publish_receive_and_unsubscribe() {
    try (WsTestClient alice = client("alice"); WsTestClient bob = client("bob")) {
      JsonObject confirmed = alice.subscribe("custom:room1");
      assertThat(confirmed.getString("channel")).isEqualTo("custom:room1");
      assertThat(confirmed.getLong("offset")).isZero();
      assertThat(confirmed.getString("epoch")).isNotBlank();
      assertThat(confirmed.containsKey("recovered")).isFalse();

      JsonObject published = bob.request(new JsonObject().put("type", "publish").put("channel", "custom:room1")
          .put("data", new JsonObject().put("text", "hello").put("n", 1)));
      assertThat(published.getString("type")).isEqualTo("published");
      assertThat(published.getLong("offset")).isEqualTo(1);

      JsonObject message = alice.nextOfType("message");
      assertThat(message.getString("channel")).isEqualTo("custom:room1");
      assertThat(message.getLong("offset")).isEqualTo(1);
      assertThat(message.getString("epoch")).isEqualTo(confirmed.getString("epoch"));
      assertThat(message.getJsonObject("data")).isEqualTo(new JsonObject().put("text", "hello").put("n", 1));

      JsonObject unsubscribed = alice.request(new JsonObject().put("type", "unsubscribe").put("channel", "custom:room1"));
      assertThat(unsubscribed.getString("type")).isEqualTo("unsubscribed");
      bob.request(new JsonObject().put("type", "publish").put("channel", "custom:room1").put("data", "after"));
      assertThat(alice.poll(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void a_publish_retried_with_its_idempotency_key_gets_the_first_offset_and_is_delivered_once() {
    try (WsTestClient reader = client("reader"); WsTestClient writer = client("writer")) {
      String epoch = reader.subscribe("custom:idempotent").getString("epoch");
      JsonObject keyed = new JsonObject().put("type", "publish").put("channel", "custom:idempotent")
          .put("data", "first").put("idempotency_key", "order-1");
      JsonObject first = writer.request(keyed);
      assertThat(first.getString("type")).as(first.encode()).isEqualTo("published");
      assertThat(first.getLong("offset")).isEqualTo(1);
      assertThat(first.containsKey("duplicate")).isFalse();
      JsonObject retry = writer.request(keyed.copy().put("data", "first, sent again"));
      assertThat(retry.getString("type")).isEqualTo("published");
      assertThat(retry.getLong("offset")).isEqualTo(1);
      assertThat(retry.getString("epoch")).isEqualTo(epoch);
      assertThat(retry.getBoolean("duplicate")).isTrue();
      JsonObject next = writer.request(new JsonObject().put("type", "publish").put("channel", "custom:idempotent")
          .put("data", "second"));
      assertThat(next.getLong("offset")).as("the retry took no offset").isEqualTo(2);

      List<JsonObject> messages = reader.messages(2);
      assertThat(messages).extracting(m -> m.getLong("offset")).as("the retry is not delivered again").containsExactly(1L, 2L);
      assertThat(messages).extracting(m -> m.getString("data")).containsExactly("first", "second");
    }
  }

  @Test
  void an_idempotency_key_that_is_not_1_to_128_characters_is_refused() {
    try (WsTestClient c = client("alice")) {
      for (Object bad : List.of("", "k".repeat(129), new JsonObject().put("key", 1))) {
        JsonObject refused = c.request(new JsonObject().put("type", "publish").put("channel", "custom:keys")
            .put("data", 1).put("idempotency_key", bad));
        assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
        assertThat(refused.getString("code")).isEqualTo("invalid_message");
        assertThat(refused.getString("message")).as(refused.encode()).contains("idempotency_key");
      }
      JsonObject longest = c.request(new JsonObject().put("type", "publish").put("channel", "custom:keys")
          .put("data", 1).put("idempotency_key", "k".repeat(128)));
      assertThat(longest.getString("type")).isEqualTo("published");
      assertThat(longest.getLong("offset")).as("nothing refused was stored").isEqualTo(1);
    }
  }

  @Test
  void publish_accepts_any_json_value_as_data() {
    try (WsTestClient c = client("carol")) {
      c.subscribe("custom:values");
      for (Object data : List.of("text", 42, 3.5, true, new JsonArray().add(1).add("two"))) {
        c.request(new JsonObject().put("type", "publish").put("channel", "custom:values").put("data", data));
        assertThat(c.nextOfType("message").getValue("data")).isEqualTo(data);
      }
    }
  }

  @Test
  void malformed_frames_get_an_error_and_the_connection_stays() {
    try (WsTestClient c = client("dave")) {
      c.sendText("{not json");
      JsonObject e1 = c.nextOfType("error");
      assertThat(e1.getString("code")).isEqualTo("malformed_json");

      c.sendText("{\"type\":\"teleport\",\"request_id\":\"x\"}");
      assertThat(c.nextOfType("error").getString("code")).isEqualTo("unknown_type");

      c.sendText("{\"channel\":\"custom:a\"}");
      assertThat(c.nextOfType("error").getString("code")).isEqualTo("missing_type");

      c.sendText("[1,2,3]");
      assertThat(c.nextOfType("error").getString("code")).isEqualTo("invalid_message");

      c.sendText("{\"type\":\"subscribe\"}");
      JsonObject missing = c.nextOfType("error");
      assertThat(missing.getString("code")).isEqualTo("invalid_message");
      assertThat(missing.getString("message")).contains("channel");

      c.sendText("{\"type\":\"publish\",\"channel\":\"custom:a\"}");
      assertThat(c.nextOfType("error").getString("message")).contains("data");

      c.sendText("{\"type\":\"ping\",\"timestamp\":\"yesterday\"}");
      assertThat(c.nextOfType("error").getString("message")).contains("timestamp");

      c.sendText("{\"type\":\"set_backpressure\",\"max_buffer\":-1}");
      assertThat(c.nextOfType("error").getString("message")).contains("max_buffer");

      c.socket().writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3}));
      assertThat(c.nextOfType("error").getString("message")).contains("binary");

      JsonObject pong = c.request(new JsonObject().put("type", "ping"));
      assertThat(pong.getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void channel_errors_are_subscription_errors() {
    try (WsTestClient c = client("erin")) {
      JsonObject bad = c.request(new JsonObject().put("type", "subscribe").put("channel", "no-namespace"));
      assertThat(bad.getString("type")).isEqualTo("subscription_error");
      assertThat(bad.getJsonObject("error").getString("code")).isEqualTo("invalid_channel");

      JsonObject unknown = c.request(new JsonObject().put("type", "subscribe").put("channel", "nowhere:x"));
      assertThat(unknown.getJsonObject("error").getString("code")).isEqualTo("unknown_namespace");

      c.subscribe("custom:twice");
      JsonObject twice = c.request(new JsonObject().put("type", "subscribe").put("channel", "custom:twice"));
      assertThat(twice.getJsonObject("error").getString("code")).isEqualTo("already_subscribed");

      JsonObject notSubscribed = c.request(new JsonObject().put("type", "unsubscribe").put("channel", "custom:never"));
      assertThat(notSubscribed.getString("code")).isEqualTo("not_subscribed");
    }
  }

  @Test
  void publishing_where_the_namespace_forbids_it_is_refused() {
    try (WsTestClient user = client("frank", "user"); WsTestClient admin = client("root", "admin")) {
      JsonObject refused = user.request(new JsonObject().put("type", "publish").put("channel", "system:alerts")
          .put("data", "x"));
      assertThat(refused.getString("type")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      JsonObject anneal = user.request(new JsonObject().put("type", "publish").put("channel", "anneal:job1")
          .put("data", "x"));
      assertThat(anneal.getString("code")).isEqualTo("forbidden");
      JsonObject ok = admin.request(new JsonObject().put("type", "publish").put("channel", "system:alerts")
          .put("data", "x"));
      assertThat(ok.getString("type")).isEqualTo("published");
    }
  }

  @Test
  void query_messages_without_a_query_backend_say_it_is_not_available() {
    try (WsTestClient c = client("gina")) {
      JsonObject reply = c.request(new JsonObject().put("type", "execute_query").put("query", "SELECT 1"));
      assertThat(reply.getString("type")).isEqualTo("query_error");
      assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("not_available");
      JsonObject cancel = c.request(new JsonObject().put("type", "cancel_query").put("query_id", "q1"));
      assertThat(cancel.getString("code")).isEqualTo("not_available");
    }
  }

  @Test
  void a_frame_over_the_size_limit_closes_with_1009() {
    try (WsTestClient c = client("hank")) {
      c.send(new JsonObject().put("type", "publish").put("channel", "custom:big").put("data", "x".repeat(6000)));
      assertThat(c.awaitClose()).isEqualTo((short) 1009);
    }
  }
}
