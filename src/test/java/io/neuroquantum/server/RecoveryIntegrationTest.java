package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that comes back with {@code since} gets exactly what it missed, or is told it cannot. */
class RecoveryIntegrationTest {

  static TestServer server;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("short", new JsonObject().put("subscribe", new io.vertx.core.json.JsonArray().add("*"))
            .put("history_size", 50)))));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  private static void publishOverBus(String channel, int from, int count) {
    for (int i = from; i < from + count; i++) {
      server.server().vertx().eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", channel).put("data", new JsonObject().put("seq", i))).await();
    }
  }

  private WsTestClient client() {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("rita"));
    c.nextOfType("connected");
    return c;
  }

  private static JsonObject subscribeSince(WsTestClient c, String channel, long offset, String epoch) {
    return c.request(new JsonObject().put("type", "subscribe").put("channel", channel)
        .put("since", new JsonObject().put("offset", offset).put("epoch", epoch)));
  }

  @Test
  void reconnecting_with_since_delivers_exactly_the_missed_messages_in_order() {
    String channel = "custom:recover";
    String epoch;
    long lastSeen;
    try (WsTestClient c = client()) {
      epoch = c.subscribe(channel).getString("epoch");
      publishOverBus(channel, 1, 5);
      List<JsonObject> first = c.messages(5);
      lastSeen = first.get(4).getLong("offset");
      assertThat(lastSeen).isEqualTo(5);
    }
    publishOverBus(channel, 6, 100);   // while the client is away

    try (WsTestClient c = client()) {
      JsonObject confirmed = subscribeSince(c, channel, lastSeen, epoch);
      assertThat(confirmed.getString("type")).isEqualTo("subscription_confirmed");
      assertThat(confirmed.getBoolean("recovered")).isTrue();
      assertThat(confirmed.getLong("offset")).isEqualTo(105);
      List<JsonObject> missed = c.messages(100);
      for (int i = 0; i < 100; i++) {
        assertThat(missed.get(i).getLong("offset")).isEqualTo(6 + i);
        assertThat(missed.get(i).getJsonObject("data").getInteger("seq")).isEqualTo(6 + i);
      }
      publishOverBus(channel, 106, 1);
      assertThat(c.nextOfType("message").getLong("offset")).isEqualTo(106);
      assertThat(c.poll(Duration.ofMillis(200))).isNull();   // no duplicates
    }
  }

  @Test
  void messages_published_during_the_recovery_are_neither_lost_nor_doubled() {
    String channel = "custom:racing";
    String epoch;
    try (WsTestClient c = client()) {
      epoch = c.subscribe(channel).getString("epoch");
    }
    publishOverBus(channel, 1, 20);
    try (WsTestClient c = client()) {
      c.send(new JsonObject().put("type", "subscribe").put("channel", channel)
          .put("since", new JsonObject().put("offset", 0).put("epoch", epoch)));
      publishOverBus(channel, 21, 30);   // races with the recovery
      List<JsonObject> all = c.messages(50);
      for (int i = 0; i < 50; i++) {
        assertThat(all.get(i).getLong("offset")).isEqualTo(i + 1);
      }
      assertThat(c.poll(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void recovery_past_the_history_or_from_another_epoch_says_recovered_false() {
    String channel = "short:lossy";
    String epoch;
    try (WsTestClient c = client()) {
      epoch = c.subscribe(channel).getString("epoch");
    }
    publishOverBus(channel, 1, 100);   // history keeps only 50
    try (WsTestClient c = client()) {
      JsonObject confirmed = subscribeSince(c, channel, 0, epoch);
      assertThat(confirmed.getBoolean("recovered")).isFalse();
      assertThat(confirmed.getLong("offset")).isEqualTo(100);
      assertThat(confirmed.getInteger("history_size")).isEqualTo(50);
      assertThat(c.poll(Duration.ofMillis(200))).isNull();
      publishOverBus(channel, 101, 1);
      assertThat(c.nextOfType("message").getLong("offset")).isEqualTo(101);
    }
    try (WsTestClient c = client()) {
      JsonObject wrongEpoch = subscribeSince(c, channel, 100, "not-the-epoch");
      assertThat(wrongEpoch.getBoolean("recovered")).isFalse();
    }
    try (WsTestClient c = client()) {
      JsonObject fromTheFuture = subscribeSince(c, channel, 5000, epoch);
      assertThat(fromTheFuture.getBoolean("recovered")).isFalse();
    }
    try (WsTestClient c = client()) {
      JsonObject upToDate = subscribeSince(c, channel, 101, epoch);
      assertThat(upToDate.getBoolean("recovered")).isTrue();
      assertThat(c.poll(Duration.ofMillis(200))).isNull();
    }
    var snapshot = server.server().metrics().snapshot();
    assertThat((long) snapshot.get("recoveries_failed")).isGreaterThanOrEqualTo(3);
  }
}
