package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 1000 concurrent WebSocket clients on one channel: every client receives every message, in order. */
class FanoutIntegrationTest {

  @Test
  void a_thousand_clients_each_receive_every_message_in_order() {
    int clients = 1000;
    int messages = 50;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (TestServer server = TestServer.start(new JsonObject().put("auth", new JsonObject().put("anonymous", true))
        .put("http", new JsonObject().put("instances", 2)))) {
      List<Future<WsTestClient>> connecting = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        connecting.add(WsTestClient.connectAsync(vertx, server.port(), "/ws", null));
      }
      Future.all(connecting).await();
      List<WsTestClient> all = connecting.stream().map(Future::result).toList();
      for (WsTestClient c : all) {
        c.nextOfType("connected");
        c.send(new JsonObject().put("type", "subscribe").put("channel", "custom:broadcast").put("request_id", "s"));
      }
      for (WsTestClient c : all) {
        assertThat(c.nextOfType("subscription_confirmed").getString("channel")).isEqualTo("custom:broadcast");
      }
      for (int i = 1; i <= messages; i++) {
        server.server().vertx().eventBus().request(Addresses.CHANNELS_PUBLISH,
            new JsonObject().put("channel", "custom:broadcast").put("data", new JsonObject().put("seq", i))).await();
      }
      for (WsTestClient c : all) {
        List<JsonObject> got = c.messages(messages);
        for (int i = 0; i < messages; i++) {
          assertThat(got.get(i).getLong("offset")).isEqualTo(i + 1);
          assertThat(got.get(i).getJsonObject("data").getInteger("seq")).isEqualTo(i + 1);
        }
      }
      assertThat(server.server().metrics().connections()).isEqualTo(clients);
      all.forEach(WsTestClient::close);
    } finally {
      vertx.close().await();
    }
  }
}
