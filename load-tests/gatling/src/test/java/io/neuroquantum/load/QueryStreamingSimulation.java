package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * Query streaming by many users: {@code users} connections (default 50) each stream {@code rows}
 * rows (default 100 000) of the demo table over the WebSocket, {@code queries} times; Gatling times
 * each stream from {@code execute_query} to {@code query_completed}, which must report every row.
 * <pre>
 * NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar serve --conf load-tests/bench-server.json
 * ./mvnw -f load-tests/gatling/pom.xml gatling:test -Dsimulation=io.neuroquantum.load.QueryStreamingSimulation -Dusers=50 -Drows=100000 -Dqueries=5
 * </pre>
 * Pass: no failed request (every stream completed with {@code rows} rows within 120 s).
 */
public class QueryStreamingSimulation extends Simulation {

  private static final int USERS = Integer.getInteger("users", 50);
  private static final int ROWS = Integer.getInteger("rows", 100_000);
  private static final int QUERIES = Integer.getInteger("queries", 5);
  private static final int RAMP_SECONDS = Integer.getInteger("ramp", 10);

  private final HttpProtocolBuilder protocol = Target.protocol();

  private final ScenarioBuilder scenario = scenario("stream a query to completion")
      .exec(Target.connect("connect", Duration.ofSeconds(30)))
      .repeat(QUERIES, "i").on(
          exec(ws("stream " + ROWS + " rows")
              .sendText("{\"type\":\"execute_query\",\"request_id\":\"q#{i}\",\"query\":"
                  + "\"SELECT id, sensor_id, temperature FROM sensor_readings WHERE id <= ?\",\"params\":[" + ROWS
                  + "],\"options\":{\"batch_size\":1000}}")
              // a refusal (query_error: too_many_queries, server_busy, ...) or an error on the
              // query channel ends the wait at once and fails the request with its frame,
              // instead of waiting out the 120 s for a completion that will never come
              .await(Duration.ofSeconds(120)).on(ws.checkTextMessage("query_completed")
                  .matching(jsonPath("$.type").in("query_completed", "query_error"))
                  .check(jsonPath("$.type").is("query_completed"), jsonPath("$.total_rows").ofInt().is(ROWS)))))
      .exec(ws("close").close());

  {
    setUp(scenario.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))))
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}
