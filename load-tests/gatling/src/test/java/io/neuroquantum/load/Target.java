package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * The server every simulation talks to ({@code -Dhost}, default 127.0.0.1; {@code -Dport}, 8080;
 * {@code -Dtoken}, a JWT or API key, none against an anonymous server), decided here once.
 */
final class Target {

  static final String HOST = System.getProperty("host", "127.0.0.1");
  static final int PORT = Integer.getInteger("port", 8080);
  static final String TOKEN = System.getProperty("token", "");
  static final String WS_PATH = TOKEN.isEmpty() ? "/ws" : "/ws?token=" + TOKEN;

  private Target() {}

  /** HTTP and WebSocket base URLs; the warm-up hits /health, never Gatling's default gatling.io. */
  static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http
        .baseUrl("http://" + HOST + ":" + PORT)
        .wsBaseUrl("ws://" + HOST + ":" + PORT)
        .warmUp("http://" + HOST + ":" + PORT + "/health");
    return TOKEN.isEmpty() ? protocol : protocol.authorizationHeader("Bearer " + TOKEN);
  }

  /** Opens the WebSocket and waits for the session's {@code connected} frame. */
  static ChainBuilder connect(String name, Duration patience) {
    return exec(ws(name).connect(WS_PATH)
        .await(patience).on(ws.checkTextMessage("connected").check(jsonPath("$.type").is("connected"))));
  }
}
