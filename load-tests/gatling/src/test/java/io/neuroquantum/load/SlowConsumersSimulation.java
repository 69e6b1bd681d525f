package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.UUID;

/**
 * Slow consumers mixed with fast ones on one channel. {@code fast} users (default 500) publish every
 * {@code interval} s and time their own message coming back (Gatling names a WebSocket check's wait after the check:
 * "fast publish-to-receive");
 * {@code slow} users (default 50) ask the server, with {@code set_backpressure}, to deliver them at
 * most {@code slowRate} messages/s into a buffer of {@code slowBuffer} messages, so their queue fills
 * as a slow link's would (Gatling itself always reads at once, so it cannot be slow the way k6's
 * slow-consumers.ts is). Each slow one must be told {@code backpressure_warning} (a legal frame,
 * docs/protocol.md "Flow control"); the fast ones must be unaffected.
 * <pre>
 * NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar serve --conf load-tests/bench-server.json
 * ./mvnw -f load-tests/gatling/pom.xml gatling:test -Dsimulation=io.neuroquantum.load.SlowConsumersSimulation -Dfast=500 -Dslow=50 -Dinterval=5 -Dpublishes=10
 * </pre>
 * Pass: no failed request (every fast echo arrives, every slow consumer is warned) and the fast
 * echoes' p99 under {@code fastP99Ms} (default 250).
 */
public class SlowConsumersSimulation extends Simulation {

  private static final int FAST = Integer.getInteger("fast", 500);
  private static final int SLOW = Integer.getInteger("slow", 50);
  private static final int RAMP_SECONDS = Integer.getInteger("ramp", 20);
  private static final int INTERVAL_SECONDS = Integer.getInteger("interval", 5);
  private static final int PUBLISHES = Integer.getInteger("publishes", 10);
  private static final int SLOW_RATE = Integer.getInteger("slowRate", 1);
  private static final int SLOW_BUFFER = Integer.getInteger("slowBuffer", 20);
  private static final int FAST_P99_MS = Integer.getInteger("fastP99Ms", 250);
  private static final String CHANNEL = System.getProperty("channel", "custom:gatling-slow");
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"request_id\":\"sub\"}";

  private final HttpProtocolBuilder protocol = Target.protocol();

  private final ScenarioBuilder fast = scenario("fast: publish and await the echo")
      .exec(session -> session.set("me", UUID.randomUUID().toString()))
      .exec(Target.connect("connect", Duration.ofSeconds(30)))
      .exec(ws("subscribe").sendText(SUBSCRIBE)
          .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("subscription_confirmed")
              .matching(jsonPath("$.type").is("subscription_confirmed"))))
      .pause(Duration.ofSeconds(RAMP_SECONDS))   // everyone, slow ones included, subscribed first
      .repeat(PUBLISHES, "i").on(
          pace(Duration.ofSeconds(INTERVAL_SECONDS)).exec(
              ws("fast publish")
                  .sendText("{\"type\":\"publish\",\"channel\":\"" + CHANNEL
                      + "\",\"data\":{\"from\":\"#{me}\",\"i\":#{i}}}")
                  .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("fast publish-to-receive")
                      .matching(jsonPath("$.data.from").isEL("#{me}")))))
      .exec(ws("close").close());

  private final ScenarioBuilder slow = scenario("slow: throttled delivery until warned")
      .exec(Target.connect("slow connect", Duration.ofSeconds(30)))
      .exec(ws("slow set_backpressure").sendText(
          "{\"type\":\"set_backpressure\",\"max_buffer\":" + SLOW_BUFFER + ",\"rate_limit\":" + SLOW_RATE + "}"))
      .exec(ws("slow subscribe, then backpressure_warning").sendText(SUBSCRIBE)
          // the warning comes once the fast ones' messages pile up: allow the whole run
          .await(Duration.ofSeconds(RAMP_SECONDS + (long) PUBLISHES * INTERVAL_SECONDS + 60)).on(
              ws.checkTextMessage("subscription_confirmed").matching(jsonPath("$.type").is("subscription_confirmed")),
              ws.checkTextMessage("backpressure_warning").matching(jsonPath("$.type").is("backpressure_warning"))
                  .check(jsonPath("$.buffer_usage").exists())))
      .exec(ws("slow close").close());

  {
    setUp(
        fast.injectOpen(rampUsers(FAST).during(Duration.ofSeconds(RAMP_SECONDS))),
        slow.injectOpen(rampUsers(SLOW).during(Duration.ofSeconds(Math.max(1, RAMP_SECONDS / 2)))))
        .protocols(protocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("fast publish-to-receive").responseTime().percentile(99.0).lt(FAST_P99_MS));
  }
}
