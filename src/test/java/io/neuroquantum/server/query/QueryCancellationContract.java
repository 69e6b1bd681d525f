package io.neuroquantum.server.query;

import static io.neuroquantum.server.query.QueryTestSupport.awaitValue;
import static io.neuroquantum.server.query.QueryTestSupport.end;
import static io.neuroquantum.server.query.QueryTestSupport.errorCode;
import static io.neuroquantum.server.query.QueryTestSupport.executeQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.WsTestClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A query that is cancelled, abandoned or out of time must stop in the database itself, not only
 * on the wire: each test starts a statement that would run for hours, ends it the way a client (or
 * the server) would, and then asks the database's own session list whether it is still executing.
 * Bounds are generous (a loaded machine must pass); what is asserted is that the statement goes.
 */
interface QueryCancellationContract extends QueryTestSupport {

  Duration STATEMENT_GONE = Duration.ofSeconds(20);

  /** Statements that run for hours unless stopped, each carrying {@code marker} in its text. */
  List<String> endlessSql(String marker);

  /** How many statements whose text contains {@code marker} the database says are executing now. */
  long executing(String marker);

  /** How many sessions the query adapter holds open in the database now. */
  long adapterSessions();

  private static String marker(String what) {
    return "nq_" + what + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Starts {@code sql} and waits until the database shows it executing; returns the query id. */
  private String startAndAwaitExecuting(WsTestClient c, String sql, String marker, long timeoutMs) {
    JsonObject reply = c.request(executeQuery(sql, new JsonObject().put("timeout_ms", timeoutMs)));
    assertThat(reply.getString("type")).as("the reply to execute_query: %s", reply.encode())
        .isEqualTo("subscription_confirmed");
    awaitValue("the statement executing in the database", () -> Math.min(1, executing(marker)), 1, Duration.ofSeconds(30));
    return reply.getString("channel").substring("query:".length());
  }

  /**
   * Waits for the statement to leave the database, checking on the way that the active-query metric
   * never reads 0 while the database still runs it (metric first, then the database: if the metric
   * says nothing runs, the database must agree). Returns how long the statement took to go.
   */
  private long awaitStatementGone(String marker) {
    long t0 = System.nanoTime();
    long deadline = t0 + STATEMENT_GONE.toNanos();
    while (true) {
      long active = (long) testServer().server().metrics().snapshot().get("active_queries");
      long running = executing(marker);
      if (running == 0) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      assertThat(active).as("nq_query_active while the database still executes the statement").isPositive();
      assertThat(System.nanoTime()).as("the statement left the database within %s", STATEMENT_GONE).isLessThan(deadline);
      QueryTestSupport.sleep(50);
    }
  }

  @Test
  default void cancel_query_stops_the_statement_in_the_database() {
    for (String template : endlessSql("%s")) {
      String marker = marker("cancel");
      try (WsTestClient c = connect("db-canceller")) {
        String queryId = startAndAwaitExecuting(c, template.formatted(marker), marker, 120_000);
        c.send(new JsonObject().put("type", "cancel_query").put("query_id", queryId));
        JsonObject ended = end(c, Duration.ofSeconds(30));
        assertThat(errorCode(ended)).as(ended.encode()).isEqualTo("cancelled");
        long goneMs = awaitStatementGone(marker);
        System.out.printf("%s: cancelled statement left the database %d ms after the cancelled frame: %s%n",
            getClass().getSimpleName(), goneMs, template.formatted("…"));
      }
    }
  }

  @Test
  default void a_disconnect_stops_the_statement_in_the_database() {
    List<String> sqls = endlessSql("%s");
    String marker = marker("disconnect");
    WsTestClient c = connect("db-leaver");
    startAndAwaitExecuting(c, sqls.get(sqls.size() - 1).formatted(marker), marker, 120_000);
    c.close();
    long goneMs = awaitStatementGone(marker);
    System.out.printf("%s: statement of a disconnected client left the database after %d ms%n",
        getClass().getSimpleName(), goneMs);
  }

  @Test
  default void the_query_timeout_stops_the_statement_in_the_database() {
    String marker = marker("timeout");
    try (WsTestClient c = connect("db-waiter")) {
      startAndAwaitExecuting(c, endlessSql("%s").get(0).formatted(marker), marker, 3_000);
      JsonObject ended = end(c, Duration.ofSeconds(60));
      assertThat(errorCode(ended)).as(ended.encode()).isEqualTo("timeout");
      awaitStatementGone(marker);
    }
  }

  /**
   * A timeout past the event bus's default 30 s request timeout is the query's own: the query runs
   * until then (no internal error at 30 s), ends with {@code timeout}, and leaves the database.
   */
  @Test
  default void a_timeout_longer_than_thirty_seconds_is_honoured_and_then_stops_the_statement() {
    String marker = marker("long_timeout");
    long timeoutMs = 35_000;
    try (WsTestClient c = connect("db-patient")) {
      long t0 = System.nanoTime();
      startAndAwaitExecuting(c, endlessSql("%s").get(0).formatted(marker), marker, timeoutMs);
      JsonObject ended = end(c, Duration.ofSeconds(120));
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(errorCode(ended)).as(ended.encode()).isEqualTo("timeout");
      assertThat(elapsedMs).as("the query ran until its own timeout").isGreaterThanOrEqualTo(timeoutMs - 1_000);
      awaitStatementGone(marker);
    }
  }

  /** A query started over REST that nobody subscribes to gives its session back after credit_wait_ms. */
  @Test
  default void a_query_nobody_reads_leaves_the_database_after_the_credit_wait() {
    awaitValue("no adapter session before the test", this::adapterSessions, 0, STATEMENT_GONE);
    WebClient web = WebClient.create(testVertx());
    try {
      HttpResponse<Buffer> response = web.post(testServer().port(), "127.0.0.1", "/api/v1/query/stream")
          .bearerTokenAuthentication(testServer().token("db-absent"))
          .sendJsonObject(new JsonObject().put("sql", endlessSql("%s").get(0).formatted(marker("unread")))
              .put("options", new JsonObject().put("timeout_ms", 120_000)))
          .await();
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
      long gone = awaitValue("the unread query's session closed", this::adapterSessions, 0,
          Duration.ofMillis(creditWaitMs()).plus(STATEMENT_GONE));
      assertThat(gone).as("not before the credit wait").isGreaterThanOrEqualTo(creditWaitMs() / 2);
    } finally {
      web.close();
    }
  }

  /** The server's {@code query.credit_wait_ms} in these tests. */
  long creditWaitMs();
}
