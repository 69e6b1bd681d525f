package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LimitsIntegrationTest {

  @Test
  void subscriptions_are_limited_per_connection_and_per_user_across_connections() {
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start(new JsonObject().put("connections", new JsonObject()
        .put("max_subscriptions", 2).put("max_subscriptions_per_user", 3)))) {
      String token = server.token("collector");
      try (WsTestClient a = WsTestClient.connect(vertx, server.port(), token);
          WsTestClient b = WsTestClient.connect(vertx, server.port(), token)) {
        a.nextOfType("connected");
        b.nextOfType("connected");
        a.subscribe("custom:1");
        a.subscribe("custom:2");
        JsonObject perConnection = a.request(new JsonObject().put("type", "subscribe").put("channel", "custom:3"));
        assertThat(perConnection.getJsonObject("error").getString("code")).isEqualTo("too_many_subscriptions");
        b.subscribe("custom:3");
        JsonObject perUser = b.request(new JsonObject().put("type", "subscribe").put("channel", "custom:4"));
        assertThat(perUser.getJsonObject("error").getString("code")).isEqualTo("too_many_subscriptions");
        assertThat(perUser.getJsonObject("error").getString("message")).contains("per user");
        a.request(new JsonObject().put("type", "unsubscribe").put("channel", "custom:1"));
        b.subscribe("custom:4");   // a slot freed up
      }
    } finally {
      vertx.close().await();
    }
  }
}
