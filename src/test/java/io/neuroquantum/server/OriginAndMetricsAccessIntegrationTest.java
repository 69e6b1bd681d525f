package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defaults a server on the internet gets without configuring anything: browsers on other sites
 * cannot open WebSockets to it, and /metrics needs credentials with the metrics or admin role.
 * With anonymous access (local development) both are relaxed, in the documented ways.
 */
class OriginAndMetricsAccessIntegrationTest {

  static Vertx vertx;
  static WebClient web;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    web.close();
    vertx.close().await();
  }

  /** The handshake's HTTP status: 101 when it was accepted. */
  static int handshake(TestServer server, String token, String origin) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (origin != null) {
      headers.add("Origin", origin);
    }
    String uri = token == null ? "/ws" : "/ws?token=" + token;
    io.vertx.core.AsyncResult<WsTestClient> result = WsTestClient.connectAsync(vertx, server.port(), uri, headers)
        .transform(Future::<io.vertx.core.AsyncResult<WsTestClient>>succeededFuture).await();
    if (result.succeeded()) {
      result.result().close();
      return 101;
    }
    if (result.cause() instanceof UpgradeRejectedException e) {
      return e.getStatus();
    }
    throw new AssertionError("the handshake failed", result.cause());
  }

  static HttpResponse<Buffer> metrics(TestServer server, String header, String value) {
    HttpRequest<Buffer> request = web.get(server.port(), "127.0.0.1", "/metrics");
    if (header != null) {
      request.putHeader(header, value);
    }
    return request.send().await();
  }

  @Test
  void by_default_only_same_origin_browsers_and_non_browser_clients_may_connect() {
    try (TestServer server = TestServer.start()) {
      String token = server.token("surfer");
      assertThat(handshake(server, token, "https://evil.example")).isEqualTo(403);
      assertThat(handshake(server, token, "null")).isEqualTo(403);
      assertThat(handshake(server, token, "http://localhost:5173")).isEqualTo(403);
      assertThat(handshake(server, token, "http://127.0.0.1:" + server.port())).isEqualTo(101);
      assertThat(handshake(server, token, null)).isEqualTo(101);
    }
  }

  @Test
  void an_explicit_allow_list_admits_exactly_its_origins_and_star_only_when_written() {
    try (TestServer listed = TestServer.start(new JsonObject().put("http", new JsonObject()
        .put("allowed_origins", new JsonArray().add("https://app.example").add("http://localhost:3000"))))) {
      String token = listed.token("listed");
      assertThat(handshake(listed, token, "https://app.example")).isEqualTo(101);
      assertThat(handshake(listed, token, "HTTPS://APP.EXAMPLE")).isEqualTo(101);
      assertThat(handshake(listed, token, "http://localhost:3000")).isEqualTo(101);
      assertThat(handshake(listed, token, "https://app.example.evil.example")).isEqualTo(403);
      assertThat(handshake(listed, token, "http://localhost:3001")).isEqualTo(403);
      assertThat(handshake(listed, token, "http://127.0.0.1:" + listed.port())).isEqualTo(101);
    }
    try (TestServer star = TestServer.start(new JsonObject().put("http", new JsonObject()
        .put("allowed_origins", new JsonArray().add("*"))))) {
      assertThat(handshake(star, star.token("any"), "https://anywhere.example")).isEqualTo(101);
    }
  }

  @Test
  void with_anonymous_access_local_development_origins_are_allowed_too() {
    try (TestServer dev = TestServer.start(new JsonObject().put("auth", new JsonObject().put("anonymous", true)))) {
      assertThat(handshake(dev, null, "http://localhost:8000")).isEqualTo(101);
      assertThat(handshake(dev, null, "http://127.0.0.1:5173")).isEqualTo(101);
      assertThat(handshake(dev, null, "http://[::1]:3000")).isEqualTo(101);
      assertThat(handshake(dev, null, "https://evil.example")).isEqualTo(403);
      assertThat(handshake(dev, null, "http://localhost.evil.example")).isEqualTo(403);
    }
  }

  @Test
  void metrics_need_credentials_with_the_metrics_or_admin_role_by_default() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<Buffer> none = metrics(server, null, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(none.bodyAsString()).doesNotContain("nq_ws_connections");
      assertThat(metrics(server, "Authorization", "Bearer " + server.token("nosy", "user")).statusCode()).isEqualTo(403);
      assertThat(metrics(server, "Authorization", "Bearer forged.token.value").statusCode()).isEqualTo(401);
      HttpResponse<Buffer> scraper = metrics(server, "Authorization", "Bearer " + server.token("prometheus", "metrics"));
      assertThat(scraper.statusCode()).isEqualTo(200);
      assertThat(scraper.bodyAsString()).contains("nq_ws_connections");
      // an API key (role admin), as X-API-Key or as a bearer credential (Prometheus' authorization block)
      assertThat(metrics(server, "X-API-Key", TestServer.API_KEY).statusCode()).isEqualTo(200);
      assertThat(metrics(server, "Authorization", "Bearer " + TestServer.API_KEY).statusCode()).isEqualTo(200);
      assertThat(metrics(server, "Authorization", "Bearer wrong-key").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void metrics_access_is_configurable() {
    try (TestServer open = TestServer.start(new JsonObject().put("metrics", new JsonObject().put("access", "open")))) {
      assertThat(metrics(open, null, null).statusCode()).isEqualTo(200);
    }
    try (TestServer roles = TestServer.start(new JsonObject().put("metrics", new JsonObject()
        .put("roles", new JsonArray().add("observer"))))) {
      assertThat(metrics(roles, "Authorization", "Bearer " + roles.token("o", "observer")).statusCode()).isEqualTo(200);
      assertThat(metrics(roles, "Authorization", "Bearer " + roles.token("m", "metrics")).statusCode()).isEqualTo(403);
    }
    try (TestServer dev = TestServer.start(new JsonObject().put("auth", new JsonObject().put("anonymous", true)))) {
      assertThat(metrics(dev, null, null).statusCode()).as("open by default with anonymous access").isEqualTo(200);
    }
  }
}
