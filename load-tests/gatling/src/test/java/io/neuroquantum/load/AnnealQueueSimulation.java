package io.neuroquantum.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Annealing jobs at the queue's limit: {@code users} submitters (default 40) each submit
 * {@code submits} small PT jobs (a ring of {@code nodes} vertices, {@code sweeps} sweeps), more than
 * {@code anneal.max_running + max_queued} (or one user's {@code max_jobs_per_user}) can hold. The
 * server's answers are 202 (then the job is followed over REST until it ends, and must end
 * {@code completed}) or 429 {@code too_many_jobs} / {@code queue_full} with {@code Retry-After}
 * (docs/anneal-jobs.md): expected answers, not failures; the submitter waits as told and goes on.
 * <pre>
 * NQ_AUTH_ANONYMOUS=true java -jar target/neuroquantum.jar serve --conf load-tests/bench-server.json
 * ./mvnw -f load-tests/gatling/pom.xml gatling:test -Dsimulation=io.neuroquantum.load.AnnealQueueSimulation -Dusers=40 -Dsubmits=3
 * </pre>
 * The report's "after 429: my jobs" count is the number of refusals.
 * Pass: no failed request: every submit answered 202 or 429 (a 429 with Retry-After), every
 * accepted job completed.
 */
public class AnnealQueueSimulation extends Simulation {

  private static final int USERS = Integer.getInteger("users", 40);
  private static final int SUBMITS = Integer.getInteger("submits", 3);
  private static final int RAMP_SECONDS = Integer.getInteger("ramp", 5);
  private static final int NODES = Integer.getInteger("nodes", 200);
  private static final int SWEEPS = Integer.getInteger("sweeps", 20_000);

  /** A weighted ring: a maxcut problem whose size and work the properties decide. */
  private static final String JOB = "{\"problem\":{\"type\":\"maxcut\",\"graph\":{\"nodes\":" + NODES + ",\"edges\":["
      + IntStream.range(0, NODES).mapToObj(i -> "[" + i + "," + (i + 1) % NODES + ",1]").collect(Collectors.joining(","))
      + "]}},\"solver\":{\"type\":\"pt\",\"seed\":1,\"sweeps\":" + SWEEPS + "}}";

  private final HttpProtocolBuilder protocol = Target.protocol().contentTypeHeader("application/json");

  private static boolean stillRunning(io.gatling.javaapi.core.Session session) {
    String state = session.getString("state");
    return "queued".equals(state) || "running".equals(state);
  }

  private final ScenarioBuilder scenario = scenario("submit at the queue's limit")
      .repeat(SUBMITS).on(
          exec(http("submit").post("/api/v1/anneal/jobs").body(StringBody(JOB))
              .check(status().in(202, 429).saveAs("status"))
              // a refusal must say why and when to come back
              .checkIf((response, session) -> response.status().code() == 429)
              .then(header("Retry-After").saveAs("retry"),
                  jsonPath("$.error.code").in("too_many_jobs", "queue_full", "jobs_memory_full"))
              .checkIf((response, session) -> response.status().code() == 202)
              .then(jsonPath("$.job_id").saveAs("job")))
          .doIfEqualsOrElse("#{status}", 429).then(
              // as a client would: look at its own jobs, then wait as told
              exec(http("after 429: my jobs").get("/api/v1/anneal/jobs").check(status().is(200)))
                  .pause(session -> Duration.ofSeconds(Long.parseLong(session.getString("retry")))))
          .orElse(
              exec(session -> session.set("state", "queued"))
                  .asLongAs(AnnealQueueSimulation::stillRunning).on(
                      pause(Duration.ofMillis(500))
                          .exec(http("poll").get("/api/v1/anneal/jobs/#{job}")
                              .check(status().is(200), jsonPath("$.status").saveAs("state"))))
                  .exec(http("job ended completed").get("/api/v1/anneal/jobs/#{job}")
                      .check(jsonPath("$.status").is("completed")))));

  {
    setUp(scenario.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))))
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}
