package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.neuroquantum.server.channels.FanoutBacklog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway event loop that falls behind the fan-out must not let its task queue grow without end:
 * publishers are refused with a reason and told to slow down until it catches up. The lagging loop
 * is simulated by a lane of the real server's backlog that nobody drains (a loop that stopped),
 * since a real loop cannot be stalled on demand from outside.
 */
class FanoutBacklogIntegrationTest {

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void publishes_are_refused_with_overloaded_and_slow_down_while_a_loop_is_behind_and_accepted_after() {
    JsonObject config = new JsonObject().put("channels", new JsonObject().put("max_fanout_backlog_messages", 5));
    try (TestServer server = TestServer.start(config);
        WsTestClient publisher = WsTestClient.connect(vertx, server.port(), server.token("publisher"))) {
      publisher.nextOfType("connected");
      FanoutBacklog backlog = server.server().fanoutBacklog();
      FanoutBacklog.Lane stuck = backlog.register();

      for (int i = 0; i < 5; i++) {
        JsonObject reply = publisher.request(publish(i));
        assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("published");
      }
      JsonObject refused = publisher.request(publish(5));
      assertThat(refused.getString("type")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("overloaded");
      assertThat(publisher.nextOfType("slow_down").getDouble("new_rate")).isPositive();
      assertThat(backlog.messagesBehind()).isEqualTo(5);
      Counter refusals = server.server().metrics().registry().find("nq_channel_publishes_refused")
          .tag("reason", "fanout_backlog").counter();
      assertThat(refusals).isNotNull();
      assertThat(refusals.count()).isGreaterThanOrEqualTo(1);

      backlog.unregister(stuck);   // the loop caught up (or went away)
      JsonObject accepted = publisher.request(publish(6));
      assertThat(accepted.getString("type")).isEqualTo("published");
      assertThat(accepted.getLong("offset")).as("refused publishes were never numbered").isEqualTo(6);
    }
  }

  private static JsonObject publish(int i) {
    return new JsonObject().put("type", "publish").put("channel", "custom:busy").put("data", new JsonObject().put("i", i));
  }
}
