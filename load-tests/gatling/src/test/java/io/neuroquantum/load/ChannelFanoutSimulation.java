package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.UUID;

/**
 * Opens {@code users} WebSocket connections (default 1000) that all subscribe to one channel; each
 * then publishes every {@code interval} seconds and waits for its own message to come back through
 * the channel's fan-out to everyone. Gatling reports that publish-to-receive time as the
 * "publish-to-receive" request's response time (percentiles in the report).
 *
 * <p>Total publish rate = users / interval; deliveries per second = that × users.
 * Run against a server started with anonymous access (or pass {@code -Dtoken=…}):
 * <pre>
 * NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar serve --conf load-tests/bench-server.json
 * ./mvnw -f load-tests/gatling/pom.xml gatling:test -Dusers=1000 -Dinterval=20 -Dpublishes=5
 * </pre>
 */
public class ChannelFanoutSimulation extends Simulation {

  private static final int USERS = Integer.getInteger("users", 1000);
  private static final int RAMP_SECONDS = Integer.getInteger("ramp", 20);
  private static final int INTERVAL_SECONDS = Integer.getInteger("interval", 20);
  private static final int PUBLISHES = Integer.getInteger("publishes", 5);
  private static final String CHANNEL = System.getProperty("channel", "custom:gatling");

  private final HttpProtocolBuilder protocol = Target.protocol();

  private final ScenarioBuilder scenario = scenario("subscribe, then publish and await the echo")
      .exec(session -> session.set("me", UUID.randomUUID().toString()))
      .exec(Target.connect("connect", Duration.ofSeconds(30)))
      .exec(ws("subscribe")
          .sendText("{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"request_id\":\"sub\"}")
          .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("subscription_confirmed")
              .matching(jsonPath("$.type").is("subscription_confirmed"))))
      .pause(Duration.ofSeconds(RAMP_SECONDS))   // let every connection subscribe before the load starts
      .repeat(PUBLISHES, "i").on(
          pace(Duration.ofSeconds(INTERVAL_SECONDS)).exec(
              ws("publish-to-receive")
                  .sendText("{\"type\":\"publish\",\"channel\":\"" + CHANNEL
                      + "\",\"data\":{\"from\":\"#{me}\",\"i\":#{i}}}")
                  .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("own message back")
                      .matching(jsonPath("$.data.from").isEL("#{me}")))))
      .exec(ws("close").close());

  {
    setUp(scenario.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))))
        .protocols(protocol)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
