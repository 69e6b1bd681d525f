package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection lives no longer than its credentials: tokens must expire, a live connection is closed
 * with 4401 when its token does, unless the client refreshed it with a new token for the same user.
 * Tokens here live a few seconds; the waits are bounded by {@link WsTestClient#TIMEOUT}, never asserted
 * to be short.
 */
class TokenLifecycleIntegrationTest {

  static TestServer server;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  /** A token for {@code user} (role user) that expires {@code seconds} from now. */
  static String tokenFor(TestServer s, String user, long seconds) {
    return s.token(new JsonObject().put("sub", user).put("roles", new JsonArray().add("user"))
        .put("exp", nowSeconds() + seconds), new JWTOptions());
  }

  static int handshakeStatus(TestServer s, String uri, MultiMap headers) {
    io.vertx.core.AsyncResult<WsTestClient> result = WsTestClient.connectAsync(vertx, s.port(), uri, headers)
        .transform(Future::<io.vertx.core.AsyncResult<WsTestClient>>succeededFuture).await();
    if (result.succeeded()) {
      result.result().close();
      return 101;
    }
    assertThat(result.cause()).isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) result.cause()).getStatus();
  }

  static JsonObject refresh(WsTestClient c, String token) {
    return c.request(new JsonObject().put("type", "refresh").put("token", token));
  }

  @Test
  void a_token_without_exp_is_refused_by_default_and_accepted_only_when_configured() {
    String noExp = server.token(new JsonObject().put("sub", "forever").put("roles", new JsonArray().add("user")),
        new JWTOptions());
    assertThat(new io.vertx.core.json.JsonObject(new String(java.util.Base64.getUrlDecoder()
        .decode(noExp.split("\\.")[1]))).containsKey("exp")).isFalse();
    assertThat(handshakeStatus(server, "/ws?token=" + noExp, null)).isEqualTo(401);
    MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + noExp);
    assertThat(handshakeStatus(server, "/ws", bearer)).isEqualTo(401);

    try (TestServer lax = TestServer.start(new JsonObject().put("auth", new JsonObject()
        .put("jwt", new JsonObject().put("require_exp", false))))) {
      String laxToken = lax.token(new JsonObject().put("sub", "forever"), new JWTOptions());
      try (WsTestClient c = WsTestClient.connect(vertx, lax.port(), laxToken)) {
        JsonObject connected = c.nextOfType("connected");
        assertThat(connected.getString("user")).isEqualTo("forever");
        assertThat(connected.containsKey("expires_at")).isFalse();
      }
    }
  }

  @Test
  void a_live_connection_is_closed_with_4401_when_its_token_expires() {
    long exp = nowSeconds() + 3;
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), tokenFor(server, "brief", 3))) {
      JsonObject connected = c.nextOfType("connected");
      assertThat(connected.getLong("expires_at")).isBetween((exp - 1) * 1000, (exp + 1) * 1000);
      assertThat(c.request(new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
      assertThat(c.awaitClose()).isEqualTo((short) 4401);
      // the warning came first (the default warning lead is longer than this token's whole life)
      assertThat(c.drain()).extracting(f -> f.getString("type")).contains("token_expiring");
    }
  }

  @Test
  void a_refresh_for_the_same_user_extends_the_connection_past_the_old_expiry() throws Exception {
    long oldExp = nowSeconds() + 3;
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), tokenFor(server, "renewer", 3))) {
      String connectionId = c.nextOfType("connected").getString("connection_id");
      long newExp = nowSeconds() + 3600;
      JsonObject refreshed = refresh(c, tokenFor(server, "renewer", 3600));
      assertThat(refreshed.getString("type")).as(refreshed.encode()).isEqualTo("refreshed");
      assertThat(refreshed.getLong("expires_at")).isBetween((newExp - 1) * 1000, (newExp + 1) * 1000);
      // wait until well past the old expiry: the connection is still open and answering
      while (System.currentTimeMillis() < (oldExp + 2) * 1000) {
        Thread.sleep(200);
      }
      assertThat(c.request(new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
      assertThat(c.isClosed()).isFalse();
      c.subscribe("custom:renewed");
      assertThat(c.drain()).extracting(f -> f.getString("type")).doesNotContain("connected");
      assertThat(connectionId).isNotBlank();
    }
  }

  @Test
  void a_refresh_that_fails_leaves_the_connection_as_it_was_and_it_still_expires() {
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), tokenFor(server, "stubborn", 3))) {
      c.nextOfType("connected");
      long past = nowSeconds() - 60;
      JsonObject expired = refresh(c, server.token(new JsonObject().put("sub", "stubborn").put("exp", past),
          new JWTOptions()));
      assertThat(expired.getString("type")).isEqualTo("error");
      assertThat(expired.getString("code")).isEqualTo("unauthorized");
      JsonObject garbage = refresh(c, "not-a-token");
      assertThat(garbage.getString("code")).isEqualTo("unauthorized");
      JsonObject noExp = refresh(c, server.token(new JsonObject().put("sub", "stubborn")
          .put("roles", new JsonArray().add("user")), new JWTOptions()));
      assertThat(noExp.getString("code")).isEqualTo("unauthorized");
      JsonObject otherRoles = refresh(c, server.token("stubborn", "admin"));
      assertThat(otherRoles.getString("type")).isEqualTo("error");
      assertThat(otherRoles.getString("code")).isEqualTo("forbidden");
      assertThat(c.request(new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
      assertThat(c.awaitClose()).isEqualTo((short) 4401);
    }
  }

  @Test
  void a_refresh_with_another_users_token_closes_the_connection_with_4403() {
    try (WsTestClient alice = WsTestClient.connect(vertx, server.port(), tokenFor(server, "alice", 3600))) {
      alice.nextOfType("connected");
      alice.subscribe("custom:private");
      alice.send(new JsonObject().put("type", "refresh").put("token", tokenFor(server, "mallory", 3600))
          .put("request_id", "swap"));
      assertThat(alice.awaitClose()).isEqualTo((short) 4403);
      assertThat(alice.drain()).extracting(f -> f.getString("type")).doesNotContain("refreshed");
    }
    // the user may still connect as themselves, on a new connection
    try (WsTestClient again = WsTestClient.connect(vertx, server.port(), tokenFor(server, "alice", 3600))) {
      assertThat(again.nextOfType("connected").getString("user")).isEqualTo("alice");
    }
  }

  @Test
  void api_keys_do_not_expire_and_refresh_from_a_key_to_a_token_of_the_same_user_works() {
    MultiMap key = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", TestServer.API_KEY);
    try (WsTestClient bot = WsTestClient.connect(vertx, server.port(), key)) {
      JsonObject connected = bot.nextOfType("connected");
      assertThat(connected.getString("user")).isEqualTo("ops-bot");
      assertThat(connected.containsKey("expires_at")).isFalse();
      JsonObject refreshed = refresh(bot, TestServer.API_KEY);
      assertThat(refreshed.getString("type")).isEqualTo("refreshed");
      assertThat(refreshed.containsKey("expires_at")).isFalse();
      assertThat(bot.poll(Duration.ofMillis(500))).isNull();
    }
  }
}
