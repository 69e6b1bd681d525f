package io.neuroquantum.server.query;

import static io.neuroquantum.server.query.QueryTestSupport.errorCode;
import static io.neuroquantum.server.query.QueryTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One query is one read-only SELECT, on a database session nobody else will see: statements that
 * would change a session (and so every later borrower of a pooled one) are refused, and whatever a
 * SELECT itself changes in its session does not reach the next query. Each probe runs more times
 * than the adapter has sessions, so a leak into any pooled session would show.
 */
interface QueryStatementRulesContract extends QueryTestSupport {

  /** More queries than the adapter has database sessions. */
  int RUNS = 24;

  /** {@code SELECT …; <a statement that changes the session>}: each must be refused. */
  List<String> multiStatementPoisons();

  /** Single statements that are not a query (SET, CALL, EXPLAIN, …): each must be refused. */
  List<String> notQueries();

  /** Queries that are one SELECT in another spelling (WITH, VALUES, a trailing semicolon): each must run. */
  List<String> singleQueries();

  /**
   * SELECTs that change their own session (a variable, a setting, a lock) mapped to a SELECT that
   * reads that state in a later session, with the value a fresh session reads.
   */
  Map<String, Map.Entry<String, Object>> sessionChangingSelects();

  @Test
  default void several_statements_in_one_query_are_refused_and_poison_no_session() {
    try (WsTestClient hostile = connect("poisoner"); WsTestClient other = connect("bystander")) {
      for (String sql : multiStatementPoisons()) {
        for (int i = 0; i < RUNS; i++) {
          JsonObject end = run(hostile, sql, new JsonObject());
          assertThat(errorCode(end)).as("%s -> %s", sql, end.encode()).isEqualTo("multiple_statements");
        }
      }
      for (int i = 0; i < RUNS; i++) {
        JsonObject end = run(other, "SELECT COUNT(*) FROM sensor_readings WHERE id <= 10", new JsonObject());
        assertThat(end.getString("type")).as("another user's query: %s", end.encode()).isEqualTo("query_completed");
        assertThat(end.getLong("total_rows")).isEqualTo(1);
      }
    }
  }

  @Test
  default void statements_that_are_not_a_query_are_refused() {
    try (WsTestClient c = connect("not-a-reader")) {
      for (String sql : notQueries()) {
        JsonObject end = run(c, sql, new JsonObject());
        assertThat(errorCode(end)).as("%s -> %s", sql, end.encode()).isEqualTo("not_a_query");
      }
    }
  }

  @Test
  default void one_query_in_any_spelling_runs() {
    try (WsTestClient c = connect("speller")) {
      for (String sql : singleQueries()) {
        JsonObject end = run(c, sql, new JsonObject().put("max_rows", 5));
        assertThat(end.getString("type")).as("%s -> %s", sql, end.encode()).isEqualTo("query_completed");
      }
    }
  }

  @Test
  default void what_a_select_changes_in_its_session_does_not_reach_the_next_query() {
    try (WsTestClient hostile = connect("state-setter"); WsTestClient other = connect("state-reader")) {
      sessionChangingSelects().forEach((change, probe) -> {
        for (int i = 0; i < RUNS; i++) {
          JsonObject end = run(hostile, change, new JsonObject());
          assertThat(end.getString("type")).as("%s -> %s", change, end.encode()).isEqualTo("query_completed");
        }
        for (int i = 0; i < RUNS; i++) {
          other.request(QueryTestSupport.executeQuery(probe.getKey(), new JsonObject()));
          JsonArray rows = null;
          JsonObject f;
          do {
            f = other.next();
            if ("query_batch".equals(f.getString("type"))) {
              rows = f.getJsonArray("rows");
            } else if ("query_row".equals(f.getString("type"))) {
              rows = new JsonArray().add(f.getJsonArray("row"));
            }
          } while (!"query_completed".equals(f.getString("type")) && !"query_error".equals(f.getString("type")));
          assertThat(f.getString("type")).as("%s -> %s", probe.getKey(), f.encode()).isEqualTo("query_completed");
          assertThat(rows).as(probe.getKey()).isNotNull();
          assertThat(String.valueOf(rows.getJsonArray(0).getValue(0))).as("%s after %s", probe.getKey(), change)
              .isEqualTo(String.valueOf(probe.getValue()));
        }
      });
    }
  }
}
