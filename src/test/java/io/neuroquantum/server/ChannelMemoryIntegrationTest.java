package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel state is bounded: history by a byte budget across all channels (a flood of large messages
 * cannot take the heap), and every channel by its idle time (channels nobody uses any more, finished
 * query channels among them, are forgotten with their owners).
 */
class ChannelMemoryIntegrationTest {

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
  void a_flood_of_large_messages_keeps_history_within_its_budget_and_the_server_up() throws Exception {
    // The defaults except the per-connection rate, so that a few connections can flood: the
    // history budget is then a share of this 256 MB heap.
    JsonObject config = new JsonObject().put("connections", new JsonObject()
        .put("rate_limit_per_second", 100_000).put("rate_limit_burst", 100_000));
    try (ForkedServer server = ForkedServer.start(256, config)) {
      String token = TestServer.tokenFor("flooder");
      List<WsTestClient> flooders = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        WsTestClient c = WsTestClient.connect(vertx, server.port(), token);
        c.nextOfType("connected");
        flooders.add(c);
      }
      String pad = "x".repeat(60_000);
      int perConnection = 2_000;   // 8 000 messages of 60 KB on 8 channels: 480 MB published into a 256 MB heap,
      // each channel may keep a quarter of the 32 MB budget, so the budget across channels has to act
      for (int i = 0; i < perConnection; i++) {
        for (int c = 0; c < flooders.size(); c++) {
          flooders.get(c).sendText("{\"type\":\"publish\",\"channel\":\"custom:flood" + (i % 8) + "\",\"data\":\""
              + pad + "\"}");
        }
        if (i % 100 == 99) {
          for (WsTestClient c : flooders) {   // let the server answer before writing more
            c.request(new JsonObject().put("type", "ping"));
          }
        }
      }
      for (WsTestClient c : flooders) {
        c.request(new JsonObject().put("type", "ping"));
        c.close();
      }
      assertThat(server.alive()).as("server alive:\n" + server.output()).isTrue();
      assertThat(server.health(Duration.ofSeconds(30))).isEqualTo(200);
      String metrics = metrics(server.port());
      long budget = 256L * 1024 * 1024 / 8;
      assertThat(gauge(metrics, "nq_channel_history_bytes")).isLessThanOrEqualTo((double) budget);
      assertThat(gauge(metrics, "nq_channel_history_evictions_total")).isGreaterThan(0);
    }
  }

  @Test
  void channels_nobody_uses_any_more_are_forgotten() throws Exception {
    JsonObject config = new JsonObject()
        .put("connections", new JsonObject().put("max_subscriptions", 5_000).put("max_subscriptions_per_user", 10_000)
            .put("rate_limit_per_second", 100_000).put("rate_limit_burst", 100_000))
        .put("channels", new JsonObject().put("idle_ttl_ms", 500).put("expiry_interval_ms", 100));
    try (TestServer server = TestServer.start(config)) {
      WsTestClient kept = WsTestClient.connect(vertx, server.port(), server.token("keeper"));
      kept.nextOfType("connected");
      kept.subscribe("custom:kept");
      JsonObject published = kept.request(new JsonObject().put("type", "publish").put("channel", "custom:kept").put("data", 1));
      JsonObject keptSub = new JsonObject().put("offset", published.getLong("offset")).put("epoch", published.getString("epoch"));

      try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("visitor"))) {
        c.nextOfType("connected");
        for (int i = 0; i < 2_000; i++) {
          c.send(new JsonObject().put("type", "subscribe").put("channel", "custom:once-" + i));
          c.send(new JsonObject().put("type", "publish").put("channel", "custom:once-" + i).put("data", i));
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();   // the channel manager works through them
        while (channels(server) < 2_001 && System.nanoTime() < until) {
          Thread.sleep(20);
        }
        assertThat(channels(server)).isGreaterThanOrEqualTo(2_001);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (channels(server) > 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(channels(server)).as("only the channel still subscribed is left").isEqualTo(1);

      // the subscribed channel kept its epoch and history past the idle time
      try (WsTestClient again = WsTestClient.connect(vertx, server.port(), server.token("keeper"))) {
        again.nextOfType("connected");
        JsonObject resumed = again.request(new JsonObject().put("type", "subscribe").put("channel", "custom:kept")
            .put("since", new JsonObject().put("offset", keptSub.getLong("offset")).put("epoch", keptSub.getString("epoch"))));
        assertThat(resumed.getBoolean("recovered")).isTrue();
      }
      kept.close();

      // once nobody watches it, it goes too; a later recovery learns that its history is gone
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (channels(server) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(channels(server)).isZero();
      try (WsTestClient late = WsTestClient.connect(vertx, server.port(), server.token("keeper"))) {
        late.nextOfType("connected");
        JsonObject resumed = late.request(new JsonObject().put("type", "subscribe").put("channel", "custom:kept")
            .put("since", new JsonObject().put("offset", keptSub.getLong("offset")).put("epoch", keptSub.getString("epoch"))));
        assertThat(resumed.getBoolean("recovered")).isFalse();
        assertThat(resumed.getString("epoch")).isNotEqualTo(keptSub.getString("epoch"));
      }
    }
  }

  private static double channels(TestServer server) {
    Gauge g = server.server().metrics().registry().find("nq_channels").gauge();
    return g == null ? 0 : g.value();
  }

  private static String metrics(int port) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TestServer.tokenFor("ops", "admin", "metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double gauge(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " not in /metrics");
  }
}
