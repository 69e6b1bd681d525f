package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Decides with PostgreSQL's own parser whether SQL is exactly one query, and asks EXPLAIN for its
 * row estimate on the way. The extended protocol refuses several statements in one Parse by itself
 * (ERROR in {@code exec_parse_message}), and EXPLAIN accepts only plannable statements: SQL that
 * PostgreSQL can prepare but not explain (SET, SHOW, DO, CALL, LISTEN, EXPLAIN …) is not a query, and
 * neither is one whose plan writes (INSERT, UPDATE, DELETE, MERGE). Nothing is executed: EXPLAIN
 * without ANALYZE only plans, inside a savepoint so its failure leaves the transaction usable.
 */
final class PgOneQuery {

  private PgOneQuery() {
  }

  /** The routine PostgreSQL names when a Parse message holds several statements (stable across versions and locales). */
  static boolean isMultipleStatements(PgException e) {
    return "42601".equals(e.getSqlState()) && "exec_parse_message".equals(e.getRoutine());
  }

  /** Fails with {@code multiple_statements}, {@code not_a_query} or the database's error; else the row estimate. */
  static Future<Long> check(SqlConnection conn, String sql, Tuple tuple) {
    return conn.query("SAVEPOINT nq_check").execute()
        .compose(v -> conn.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(tuple))
        .compose(rows -> {
          Object plan = rows.iterator().next().getValue(0);
          JsonObject top = (plan instanceof JsonArray a ? a : new JsonArray(plan.toString())).getJsonObject(0)
              .getJsonObject("Plan");
          if ("ModifyTable".equals(top.getString("Node Type"))) {
            return Future.failedFuture(new QueryException("not_a_query", "only a SELECT can be streamed; this statement writes"));
          }
          return conn.query("RELEASE SAVEPOINT nq_check").execute().map(v -> top.getLong("Plan Rows"));
        }, e -> {
          if (!(e instanceof PgException pg) || !"42601".equals(pg.getSqlState()) || isMultipleStatements(pg)) {
            return Future.failedFuture(e);
          }
          // not explainable: either a syntax error (prepare says so) or a statement that is not a query
          return conn.query("ROLLBACK TO SAVEPOINT nq_check").execute()
              .compose(v -> conn.prepare(sql))
              .compose(ps -> ps.close().transform(ar -> Future.failedFuture(
                  new QueryException("not_a_query", "only a SELECT (or WITH … SELECT, VALUES, TABLE) can be streamed"))));
        });
  }
}
