package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handshakes are authenticated; channel access follows the token's roles and channel ownership. */
class AuthIntegrationTest {

  static TestServer server;
  static Vertx vertx;
  static KeyPair rsa;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    rsa = gen.generateKeyPair();
    server = TestServer.start(new JsonObject()
        .put("http", new JsonObject().put("allowed_origins", new JsonArray().add("https://app.example")))
        .put("connections", new JsonObject().put("max_per_user", 2))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("rs256_public_key", pem("PUBLIC KEY",
            rsa.getPublic().getEncoded())))));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static int rejectedStatus(Runnable connect) {
    try {
      connect.run();
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
    throw new AssertionError("the handshake was accepted");
  }

  private static int statusFor(String uri, MultiMap headers) {
    return rejectedStatus(() -> WsTestClient.connectAsync(vertx, server.port(), uri, headers).await().close());
  }

  @Test
  void no_credentials_bad_signature_expired_and_not_yet_valid_tokens_are_rejected_with_401() {
    assertThat(statusFor("/ws", null)).isEqualTo(401);
    String forged = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer("some-other-secret-of-enough-length"))).generateToken(new JsonObject().put("sub", "mallory"));
    assertThat(statusFor("/ws?token=" + forged, null)).isEqualTo(401);
    long now = System.currentTimeMillis() / 1000;
    String expired = server.token(new JsonObject().put("sub", "late").put("exp", now - 60), new JWTOptions());
    assertThat(statusFor("/ws?token=" + expired, null)).isEqualTo(401);
    String notYet = server.token(new JsonObject().put("sub", "early").put("nbf", now + 3600), new JWTOptions());
    assertThat(statusFor("/ws?token=" + notYet, null)).isEqualTo(401);
    assertThat(statusFor("/ws", MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic dXNlcjpwYXNz")))
        .isEqualTo(401);
    assertThat(statusFor("/ws?token=garbage.not.jwt", null)).isEqualTo(401);
  }

  @Test
  void valid_hs256_and_rs256_tokens_and_api_keys_connect() {
    try (WsTestClient viaQuery = WsTestClient.connect(vertx, server.port(), server.token("alice", "user"))) {
      assertThat(viaQuery.next().getString("user")).isEqualTo("alice");
    }
    MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + server.token("bob"));
    try (WsTestClient viaHeader = WsTestClient.connect(vertx, server.port(), bearer)) {
      assertThat(viaHeader.next().getString("user")).isEqualTo("bob");
    }
    String rs256 = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
            .setBuffer(pem("PRIVATE KEY", rsa.getPrivate().getEncoded()))))
        .generateToken(new JsonObject().put("sub", "rsa-user"), new JWTOptions().setAlgorithm("RS256").setExpiresInSeconds(60));
    try (WsTestClient viaRsa = WsTestClient.connect(vertx, server.port(), rs256)) {
      assertThat(viaRsa.next().getString("user")).isEqualTo("rsa-user");
    }
    MultiMap apiKey = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", TestServer.API_KEY);
    try (WsTestClient viaKey = WsTestClient.connect(vertx, server.port(), apiKey)) {
      assertThat(viaKey.next().getString("user")).isEqualTo("ops-bot");
      // the key's admin role may publish to system channels
      JsonObject ok = viaKey.request(new JsonObject().put("type", "publish").put("channel", "system:alerts").put("data", 1));
      assertThat(ok.getString("type")).isEqualTo("published");
    }
    try (WsTestClient keyInQuery = WsTestClient.connect(vertx, server.port(), TestServer.API_KEY)) {
      assertThat(keyInQuery.next().getString("user")).isEqualTo("ops-bot");
    }
    assertThat(statusFor("/ws", MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "wrong-key"))).isEqualTo(401);
  }

  @Test
  void origins_outside_the_allow_list_are_refused() {
    MultiMap evil = MultiMap.caseInsensitiveMultiMap().add("Origin", "https://evil.example");
    assertThat(statusFor("/ws?token=" + server.token("victim"), evil)).isEqualTo(403);
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Origin", "https://app.example");
    try (WsTestClient c = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + server.token("victim"), good).await()) {
      assertThat(c.next().getString("type")).isEqualTo("connected");
    }
  }

  @Test
  void connections_per_user_are_limited() {
    String token = server.token("busy");
    try (WsTestClient a = WsTestClient.connect(vertx, server.port(), token);
        WsTestClient b = WsTestClient.connect(vertx, server.port(), token)) {
      a.next();
      b.next();
      assertThat(statusFor("/ws?token=" + token, null)).isEqualTo(429);
    }
  }

  @Test
  void owner_only_channels_admit_only_their_owner() {
    server.server().vertx().eventBus().request(io.neuroquantum.server.bus.Addresses.CHANNELS_CLAIM,
        new JsonObject().put("channel", "query:q42").put("owner", "owner-user")).await();
    try (WsTestClient owner = WsTestClient.connect(vertx, server.port(), server.token("owner-user"));
        WsTestClient other = WsTestClient.connect(vertx, server.port(), server.token("someone-else"))) {
      owner.next();
      other.next();
      assertThat(owner.subscribe("query:q42").getString("channel")).isEqualTo("query:q42");
      JsonObject denied = other.request(new JsonObject().put("type", "subscribe").put("channel", "query:q42"));
      assertThat(denied.getString("type")).isEqualTo("subscription_error");
      assertThat(denied.getJsonObject("error").getString("code")).isEqualTo("forbidden");
    }
  }

  @Test
  void namespaces_can_require_roles_to_subscribe() {
    try (TestServer strict = TestServer.start(new JsonObject().put("channels", new JsonObject().put("namespaces",
        new JsonObject().put("vip", new JsonObject().put("subscribe", new JsonArray().add("vip"))))))) {
      try (WsTestClient plain = WsTestClient.connect(vertx, strict.port(), strict.token("pat", "user"));
          WsTestClient vip = WsTestClient.connect(vertx, strict.port(), strict.token("val", "vip"))) {
        plain.next();
        vip.next();
        JsonObject denied = plain.request(new JsonObject().put("type", "subscribe").put("channel", "vip:lounge"));
        assertThat(denied.getJsonObject("error").getString("code")).isEqualTo("forbidden");
        vip.subscribe("vip:lounge");
      }
    }
  }

  @Test
  void anonymous_access_only_when_configured() {
    try (TestServer open = TestServer.start(new JsonObject().put("auth", new JsonObject().put("anonymous", true)))) {
      try (WsTestClient anon = WsTestClient.connect(vertx, open.port(), (String) null)) {
        assertThat(anon.next().getString("user")).isEqualTo("anonymous");
      }
      // presenting bad credentials is still an error, not a silent downgrade to anonymous
      assertThatThrownBy(() -> WsTestClient.connect(vertx, open.port(), "bad.token.value"))
          .isInstanceOf(UpgradeRejectedException.class);
    }
  }
}
