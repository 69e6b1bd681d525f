package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.UUID;

/**
 * Reconnect storm with recovery: {@code users} clients (default 1000) subscribe to one channel, each
 * publishes once and awaits its own message; then all of them meet (a rendezvous), note the offset of
 * the next message, drop their connection at the same moment, reconnect and resubscribe with
 * {@code since: {offset, epoch}} while a publisher keeps publishing every {@code publishMs} ms.
 * Each recovery must say {@code recovered: true}, and the first message after it must be the very
 * next offset (no gap, no repeat: docs/protocol.md, "Recovery").
 * Gatling's "recovered" time (a WebSocket check is timed under its own name) is resubscribe →
 * {@code subscription_confirmed}; "reconnect" is
 * the new handshake.
 * <pre>
 * NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar serve --conf load-tests/bench-server.json
 * ./mvnw -f load-tests/gatling/pom.xml gatling:test -Dsimulation=io.neuroquantum.load.ReconnectStormSimulation -Dusers=1000 -Dramp=20
 * </pre>
 * Pass: no failed request (every recovery recovered and gap-free) and "recovered" p95 under
 * {@code recoverP95Ms} (default 2000).
 */
public class ReconnectStormSimulation extends Simulation {

  private static final int USERS = Integer.getInteger("users", 1000);
  private static final int RAMP_SECONDS = Integer.getInteger("ramp", 20);
  private static final int PUBLISH_MS = Integer.getInteger("publishMs", 50);
  private static final int RECOVER_P95_MS = Integer.getInteger("recoverP95Ms", 2000);
  private static final String CHANNEL = System.getProperty("channel", "custom:gatling-storm");
  // the publisher must outlive the storm: the ramp, the storm itself, and a margin for a loaded machine
  private static final Duration PUBLISHING = Duration.ofSeconds(Integer.getInteger("seconds", RAMP_SECONDS + 40));

  private final HttpProtocolBuilder protocol = Target.protocol();

  private final ScenarioBuilder clients = scenario("subscribe, drop together, recover with since")
      .exec(session -> session.set("me", UUID.randomUUID().toString()))
      .exec(Target.connect("connect", Duration.ofSeconds(30)))
      .exec(ws("subscribe")
          .sendText("{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"request_id\":\"sub\"}")
          .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("subscription_confirmed")
              .matching(jsonPath("$.type").is("subscription_confirmed"))
              .check(jsonPath("$.epoch").saveAs("epoch"))))
      .exec(ws("publish-to-receive")
          .sendText("{\"type\":\"publish\",\"channel\":\"" + CHANNEL + "\",\"data\":{\"from\":\"#{me}\"}}")
          .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("own message back")
              .matching(jsonPath("$.data.from").isEL("#{me}"))))
      .rendezVous(USERS)   // the storm: everyone drops at once, ...
      // ... each from a recent position: the next publisher's message after the rendezvous. (The own
      // message's offset would not do at full size: with every client publishing once, the first
      // clients' positions would be more than history_size messages old, and recovered: false.)
      .exec(ws("position").sendText("{\"type\":\"ping\"}")
          .await(Duration.ofSeconds(30)).on(ws.checkTextMessage("a message after the rendezvous")
              .matching(jsonPath("$.type").is("message"))
              .check(jsonPath("$.offset").ofLong().saveAs("seen"))))
      .exec(ws("drop").close())
      .exec(Target.connect("reconnect", Duration.ofSeconds(60)))
      .exec(ws("recover")
          .sendText("{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"request_id\":\"again\","
              + "\"since\":{\"offset\":#{seen},\"epoch\":\"#{epoch}\"}}")
          .await(Duration.ofSeconds(60)).on(
              ws.checkTextMessage("recovered")
                  .matching(jsonPath("$.type").is("subscription_confirmed"))
                  .check(jsonPath("$.recovered").ofBoolean().is(true)),
              // recovery replays exactly what was missed, in order: the next message is seen + 1
              ws.checkTextMessage("no gap: the next offset follows the one seen")
                  .matching(jsonPath("$.type").is("message"))
                  .check(jsonPath("$.offset").ofLong().is(session -> session.getLong("seen") + 1))))
      .exec(ws("close").close());

  /** Keeps the channel moving during the storm, so each recovery has messages to replay. */
  private final ScenarioBuilder publisher = scenario("publish all along")
      .exec(Target.connect("publisher connect", Duration.ofSeconds(30)))
      .during(PUBLISHING).on(
          exec(ws("publish").sendText("{\"type\":\"publish\",\"channel\":\"" + CHANNEL + "\",\"data\":{\"tick\":true}}"))
              .pause(Duration.ofMillis(PUBLISH_MS)))
      .exec(ws("publisher close").close());

  {
    setUp(
        clients.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))),
        publisher.injectOpen(atOnceUsers(1)))
        .protocols(protocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("recovered").responseTime().percentile(95.0).lt(RECOVER_P95_MS));
  }
}
