package io.neuroquantum.server.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides who a WebSocket handshake (or an API call) belongs to, from {@code auth} in the
 * configuration: a JWT (HS256 with a shared secret and/or RS256 with a public key; expiry and
 * not-before checked by vertx-auth-jwt, and an {@code exp} claim required unless
 * {@code auth.jwt.require_exp} is false) in {@code Authorization: Bearer}, an API key in
 * {@code X-API-Key} or {@code Authorization: Bearer} (stored as SHA-256 hashes, compared in constant
 * time), or either in {@code ?token=} for browsers. Without credentials the caller is anonymous only
 * when configured. Failures never echo the token back.
 */
public final class Authenticator {

  /** Thrown (as a failed future) when credentials are missing or invalid. */
  public static final class AuthenticationException extends RuntimeException {
    AuthenticationException(String message) {
      super(message, null, false, false);
    }
  }

  private record ApiKey(byte[] sha256, String user, List<String> roles) {
  }

  private final JWTAuth jwt;
  private final boolean requireExp;
  private final long leewayMs;
  private final long expiryWarningMs;
  private final String rolesClaim;
  private final List<ApiKey> apiKeys = new ArrayList<>();
  private final boolean anonymous;
  private final List<String> anonymousRoles;

  public Authenticator(Vertx vertx, JsonObject auth) {
    JsonObject jwtConf = auth.getJsonObject("jwt", new JsonObject());
    JWTAuthOptions options = new JWTAuthOptions();
    String secret = jwtConf.getString("hs256_secret");
    boolean anyKey = false;
    if (secret != null && !secret.isBlank()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
      anyKey = true;
    }
    String publicKey = jwtConf.getString("rs256_public_key");
    if (publicKey != null && !publicKey.isBlank()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(publicKey));
      anyKey = true;
    }
    int leewaySeconds = jwtConf.getInteger("leeway_seconds", 0);
    JWTOptions validation = new JWTOptions().setLeeway(leewaySeconds);
    if (jwtConf.getString("issuer") != null) {
      validation.setIssuer(jwtConf.getString("issuer"));
    }
    if (jwtConf.getString("audience") != null) {
      validation.addAudience(jwtConf.getString("audience"));
    }
    options.setJWTOptions(validation);
    this.jwt = anyKey ? JWTAuth.create(vertx, options) : null;
    this.requireExp = jwtConf.getBoolean("require_exp", true);
    this.leewayMs = leewaySeconds * 1000L;
    this.expiryWarningMs = auth.getLong("expiry_warning_ms", 60_000L);
    this.rolesClaim = jwtConf.getString("roles_claim", "roles");
    for (Object o : auth.getJsonArray("api_keys", new JsonArray())) {
      JsonObject key = (JsonObject) o;
      apiKeys.add(new ApiKey(HexFormat.of().parseHex(key.getString("sha256")), key.getString("user", key.getString("name")),
          strings(key.getJsonArray("roles", new JsonArray()))));
    }
    this.anonymous = auth.getBoolean("anonymous", false);
    this.anonymousRoles = strings(auth.getJsonArray("anonymous_roles", new JsonArray().add("user").add("metrics")));
  }

  /** The SHA-256 hex of an API key, as it goes into {@code auth.api_keys[].sha256}. */
  public static String hashApiKey(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  /**
   * How long after a credential's {@code expiresAt} it is still accepted ({@code auth.jwt.leeway_seconds}):
   * a live connection is closed at {@code expiresAt} plus this.
   */
  public long leewayMs() {
    return leewayMs;
  }

  /** How long before a connection's credentials expire it is sent {@code token_expiring} (0: never). */
  public long expiryWarningMs() {
    return expiryWarningMs;
  }

  public Future<Principal> authenticate(MultiMap headers, String queryToken) {
    String authorization = headers.get("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return fail("Authorization must be \"Bearer <token>\"");
      }
      return authenticateToken(authorization.substring(7).strip());
    }
    String apiKey = headers.get("X-API-Key");
    if (apiKey != null) {
      return viaApiKey(apiKey.strip());
    }
    if (queryToken != null && !queryToken.isEmpty()) {
      return authenticateToken(queryToken);
    }
    if (anonymous) {
      return Future.succeededFuture(new Principal("anonymous", anonymousRoles, "anonymous"));
    }
    return fail("credentials required: a JWT (Authorization: Bearer or ?token=) or an API key (X-API-Key)");
  }

  /** A bare credential, a JWT or an API key (as in {@code ?token=} or a {@code refresh} message). */
  public Future<Principal> authenticateToken(String token) {
    if (token == null || token.isBlank()) {
      return fail("a token is required");
    }
    return looksLikeJwt(token) ? viaJwt(token) : viaApiKey(token);
  }

  private Future<Principal> viaJwt(String token) {
    if (jwt == null) {
      return fail("JWT authentication is not configured");
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> fail("invalid or expired token"))
        .compose(user -> {
          JsonObject claims = user.principal();
          // vertx-auth-jwt keeps exp, iat, nbf among the user's attributes, not in its principal
          Object expClaim = user.attributes().getValue("exp", claims.getValue("exp"));
          // in ms, saturated so that an absurdly distant exp cannot overflow into the past
          Long expiresAt = expClaim instanceof Number exp ? Math.min(exp.longValue(), Long.MAX_VALUE / 4000) * 1000 : null;
          if (expiresAt == null && requireExp) {
            return fail("the token has no exp claim; tokens must expire (auth.jwt.require_exp)");
          }
          String sub = claims.getString("sub", claims.getString("username", "user"));
          return Future.succeededFuture(new Principal(sub, rolesFrom(claims.getValue(rolesClaim)), "jwt", expiresAt,
              infoFrom(claims.getValue("info"))));
        });
  }

  private Future<Principal> viaApiKey(String key) {
    byte[] hash = sha256(key);
    for (ApiKey k : apiKeys) {
      if (MessageDigest.isEqual(hash, k.sha256())) {
        return Future.succeededFuture(new Principal(k.user(), k.roles(), "api_key"));
      }
    }
    return fail("unknown API key");
  }

  /**
   * The token's {@code info} claim (any JSON, as Centrifugo has it), which presence shows to the
   * channel's other subscribers; null when absent. Its size is bounded by the token's, which the
   * HTTP header and frame limits bound.
   */
  private static String infoFrom(Object claim) {
    return claim == null ? null : io.vertx.core.json.Json.encode(claim);
  }

  private static List<String> rolesFrom(Object claim) {
    if (claim instanceof JsonArray array) {
      return strings(array);
    }
    if (claim instanceof String s && !s.isBlank()) {
      return List.of(s.strip().split("[\\s,]+"));
    }
    return List.of();
  }

  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }

  private static <T> Future<T> fail(String message) {
    return Future.failedFuture(new AuthenticationException(message));
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
