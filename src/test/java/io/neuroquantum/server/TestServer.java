package io.neuroquantum.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.neuroquantum.server.gateway.Authenticator;

/** Starts the real server on a random port with test credentials and issues tokens for it. */
public final class TestServer implements AutoCloseable {

  public static final String SECRET = "test-secret-that-is-long-enough-for-hs256";
  public static final String API_KEY = "nq_test_api_key_123";

  private final NeuroQuantumServer server;
  private final JWTAuth issuer;

  private TestServer(NeuroQuantumServer server) {
    this.server = server;
    this.issuer = JWTAuth.create(server.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
  }

  /** Defaults for tests: one gateway instance, port 0, HS256 secret, one API key, fast timers. */
  public static JsonObject baseConfig() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1").put("instances", 1))
        .put("auth", new JsonObject().put("anonymous", false)
            .put("jwt", new JsonObject().put("hs256_secret", SECRET))
            .put("api_keys", new JsonArray().add(new JsonObject().put("name", "ops").put("user", "ops-bot")
                .put("sha256", Authenticator.hashApiKey(API_KEY)).put("roles", new JsonArray().add("admin")))))
        .put("metrics", new JsonObject().put("update_interval_ms", 0))
        .put("query", new JsonObject().put("backend", "none"))
        .put("anneal", new JsonObject().put("store_path", freshJobStore()));
  }

  /** Each test server keeps its jobs in its own temporary database unless a test names one. */
  private static String freshJobStore() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nq-jobs-");
      dir.toFile().deleteOnExit();
      return dir.resolve("jobs").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  public static TestServer start(JsonObject overrides) {
    JsonObject config = baseConfig().mergeIn(overrides, true);
    return new TestServer(NeuroQuantumServer.start(null, config).await());
  }

  public NeuroQuantumServer server() {
    return server;
  }

  public int port() {
    return server.httpPort();
  }

  /** A valid HS256 token for {@code user} with {@code roles}. */
  public String token(String user, String... roles) {
    return issuer.generateToken(new JsonObject().put("sub", user).put("roles", new JsonArray(java.util.List.of(roles))),
        new JWTOptions().setExpiresInSeconds(3600));
  }

  /**
   * A valid HS256 token for {@code user} signed with {@link #SECRET}, for servers started some other
   * way (a {@link ForkedServer}).
   */
  public static String tokenFor(String user, String... roles) {
    return tokenWithClaims(new JsonObject(), user, roles);
  }

  /** As {@link #tokenFor}, with more claims (e.g. {@code info}, which presence shows). */
  public static String tokenWithClaims(JsonObject extraClaims, String user, String... roles) {
    try {
      java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
      long now = System.currentTimeMillis() / 1000;
      String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String claims = b64.encodeToString(extraClaims.copy().put("sub", user).put("roles", new JsonArray(java.util.List.of(roles)))
          .put("iat", now).put("exp", now + 3600).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      return header + "." + claims + "." + signature;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with arbitrary claims and options (expired, not yet valid, …). */
  public String token(JsonObject claims, JWTOptions options) {
    return issuer.generateToken(claims, options);
  }

  @Override
  public void close() {
    server.stop().await();
  }
}
