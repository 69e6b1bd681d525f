package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HTTP endpoints, the event-bus contract, periodic metrics and graceful shutdown. */
class ServerEndpointsTest {

  private static HttpResponse<Buffer> get(Vertx vertx, int port, String path) {
    WebClient web = WebClient.create(vertx);
    try {
      return web.get(port, "127.0.0.1", path).send().await();
    } finally {
      web.close();
    }
  }

  @Test
  void health_ready_metrics_openapi_and_json_errors() {
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start()) {
      assertThat(get(vertx, server.port(), "/health").bodyAsJsonObject().getString("status")).isEqualTo("UP");
      HttpResponse<Buffer> ready = get(vertx, server.port(), "/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("channel_manager")).isEqualTo("UP");

      try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("metered"))) {
        c.nextOfType("connected");
        WebClient web = WebClient.create(vertx);
        String metrics;
        try {   // /metrics wants credentials with the metrics or admin role (the test API key is admin)
          metrics = web.get(server.port(), "127.0.0.1", "/metrics").putHeader("X-API-Key", TestServer.API_KEY).send().await()
              .bodyAsString();
        } finally {
          web.close();
        }
        assertThat(metrics).contains("nq_ws_connections 1.0").contains("nq_ws_messages_out_total")
            .contains("nq_channel_publish_to_send_seconds").contains("vertx_http_server");
      }
      HttpResponse<Buffer> openapi = get(vertx, server.port(), "/openapi.json");
      assertThat(openapi.bodyAsJsonObject().getString("openapi")).startsWith("3.");
      assertThat(openapi.bodyAsJsonObject().getJsonObject("paths").fieldNames()).contains("/ws", "/health", "/metrics");

      HttpResponse<Buffer> missing = get(vertx, server.port(), "/nope");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
      HttpResponse<Buffer> notWs = get(vertx, server.port(), "/ws");
      assertThat(notWs.statusCode()).isEqualTo(400);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void other_services_publish_over_the_bus_and_mirrored_namespaces_reach_the_bus() {
    try (TestServer server = TestServer.start()) {
      Vertx bus = server.server().vertx();
      Promise<JsonObject> mirrored = Promise.promise();
      bus.eventBus().<JsonObject>consumer(Addresses.mirror("anneal:job-7"), m -> mirrored.tryComplete(m.body()))
          .completion().await();
      JsonObject reply = bus.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", "anneal:job-7").put("data", new JsonObject().put("sweep", 10))).await().body();
      assertThat(reply.getLong("offset")).isEqualTo(1);
      assertThat(reply.getString("epoch")).isNotBlank();
      JsonObject copy = mirrored.future().timeout(5, TimeUnit.SECONDS).await();
      assertThat(copy.getString("channel")).isEqualTo("anneal:job-7");
      assertThat(copy.getLong("offset")).isEqualTo(1);
      assertThat(copy.getJsonObject("data").getInteger("sweep")).isEqualTo(10);

      ReplyException unknown = (ReplyException) bus.eventBus().request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", "nowhere:x").put("data", 1))
          .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
      assertThat(unknown.failureCode()).isEqualTo(404);
      ReplyException noData = (ReplyException) bus.eventBus().request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", "custom:x")).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
          .await();
      assertThat(noData.failureCode()).isEqualTo(400);

      JsonObject keyed = new JsonObject().put("channel", "custom:bus-keyed").put("data", 1).put("idempotency_key", "run-7");
      JsonObject first = bus.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH, keyed).await().body();
      assertThat(first.getBoolean("duplicate")).isFalse();
      JsonObject retry = bus.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH, keyed).await().body();
      assertThat(retry).isEqualTo(first.copy().put("duplicate", true));
      ReplyException badKey = (ReplyException) bus.eventBus().request(Addresses.CHANNELS_PUBLISH,
          keyed.copy().put("idempotency_key", 42)).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
          .await();
      assertThat(badKey.failureCode()).isEqualTo(400);
      assertThat(badKey.getMessage()).contains("idempotency_key");
    }
  }

  /** The same figures as /metrics, so the same rule: the metrics or admin role (by default). */
  @Test
  void system_channels_are_refused_to_users_without_the_metrics_or_admin_role() {
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start();
        WsTestClient plain = WsTestClient.connect(vertx, server.port(), server.token("pat", "user"));
        WsTestClient admin = WsTestClient.connect(vertx, server.port(), server.token("ada", "admin"))) {
      plain.nextOfType("connected");
      admin.nextOfType("connected");
      for (String channel : java.util.List.of("system:metrics", "system:alerts")) {
        JsonObject denied = plain.request(new JsonObject().put("type", "subscribe").put("channel", channel));
        assertThat(denied.getString("type")).as(channel).isEqualTo("subscription_error");
        assertThat(denied.getJsonObject("error").getString("code")).as(channel).isEqualTo("forbidden");
        assertThat(admin.subscribe(channel).getString("channel")).isEqualTo(channel);
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void system_metrics_subscribers_get_periodic_metrics_updates() {
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start(new JsonObject().put("metrics", new JsonObject().put("update_interval_ms", 200)));
        WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("watcher", "metrics"))) {
      c.nextOfType("connected");
      c.subscribe("system:metrics");
      JsonObject message = c.nextOfType("message");
      JsonObject data = message.getJsonObject("data");
      assertThat(data.getString("type")).isEqualTo("metrics_update");
      JsonObject metrics = data.getJsonObject("metrics");
      assertThat(metrics.getLong("connections")).isEqualTo(1);
      assertThat(metrics.getJsonObject("subscriptions").getLong("system")).isEqualTo(1);
      assertThat(metrics.fieldNames()).contains("messages_in", "messages_out", "bytes_out", "publish_to_send_ms",
          "backpressure_events", "slow_consumer_disconnects", "recoveries_succeeded", "recoveries_failed",
          "reconnects_per_minute");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void graceful_shutdown_tells_clients_to_reconnect_elsewhere_and_readiness_goes_down() {
    Vertx vertx = Vertx.vertx();
    TestServer server = TestServer.start();
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), server.token("leaver"))) {
      c.nextOfType("connected");
      c.subscribe("custom:last");
      server.server().vertx().eventBus().request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", "custom:last").put("data", "bye")).await();
      server.close();
      assertThat(c.awaitClose()).isEqualTo((short) 4503);
      assertThat(c.drain()).anyMatch(f -> "message".equals(f.getString("type")) && "bye".equals(f.getString("data")));
    } finally {
      vertx.close().await();
    }
  }
}
