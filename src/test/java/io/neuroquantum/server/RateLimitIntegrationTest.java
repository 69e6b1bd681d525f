package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RateLimitIntegrationTest {

  @Test
  void a_client_over_its_rate_gets_slow_down_then_the_rate_limit_close_code() {
    try (TestServer server = TestServer.start(new JsonObject().put("connections", new JsonObject()
        .put("rate_limit_per_second", 5).put("rate_limit_burst", 5).put("rate_limit_max_violations", 20)))) {
      Vertx vertx = Vertx.vertx();
      try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("spammer"))) {
        c.nextOfType("connected");
        for (int i = 0; i < 100; i++) {
          c.send(new JsonObject().put("type", "ping").put("request_id", "r" + i));
        }
        JsonObject slowDown = c.nextOfType("slow_down");
        // a dropped request is still answered: its rate_limited error carries its request_id
        JsonObject dropped = c.nextOfType("error");
        assertThat(dropped.getJsonObject("error", dropped).getString("code", dropped.getString("code")))
            .as(dropped.encode()).isEqualTo("rate_limited");
        assertThat(dropped.getString("request_id")).as(dropped.encode()).matches("r\\d+");
        assertThat(slowDown.getDouble("new_rate")).isEqualTo(5.0);
        assertThat(c.awaitClose()).isEqualTo((short) 4429);
        assertThat(server.server().metrics().snapshot().get("rate_limit_disconnects")).isEqualTo(1L);
      } finally {
        vertx.close().await();
      }
    }
  }
}
