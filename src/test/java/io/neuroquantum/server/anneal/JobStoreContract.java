package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every job store does, run against H2 ({@link H2JobStoreTest}) and PostgreSQL
 * ({@link PgJobStoreTest}); each test gets an empty store of its own.
 */
abstract class JobStoreContract {

  static Vertx vertx;
  JobStore store;

  /** A new, empty store. */
  abstract Future<JobStore> openEmpty() throws Exception;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void open() throws Exception {
    store = openEmpty().await();
  }

  @AfterEach
  void close() {
    store.close().await();
  }

  private String job(String owner, String node) {
    String id = UUID.randomUUID().toString();
    store.insert(id, owner, "maxcut", "pt", node).await();
    return id;
  }

  @Test
  void a_new_job_is_queued_on_the_node_that_took_it() {
    String id = job("alice", "node-a");
    JobRecord rec = store.get(id).await();
    assertThat(rec.status()).isEqualTo("queued");
    assertThat(rec.owner()).isEqualTo("alice");
    assertThat(rec.node()).isEqualTo("node-a");
    assertThat(rec.problemType()).isEqualTo("maxcut");
    assertThat(rec.solver()).isEqualTo("pt");
    assertThat(rec.createdAt()).isNotNull();
    assertThat(rec.startedAt()).isNull();
    assertThat(rec.bestEnergy()).isNull();
    assertThat(store.get("no-such-job").await()).isNull();
    JsonObject json = rec.toJson(true);
    assertThat(json.getString("channel")).isEqualTo("anneal:" + id);
    assertThat(json.getString("node")).isEqualTo("node-a");
  }

  @Test
  void a_job_runs_and_completes_with_its_result() {
    String id = job(null, "node-a");
    assertThat(store.started(id).await()).isTrue();
    assertThat(store.get(id).await().status()).isEqualTo("running");
    assertThat(store.get(id).await().startedAt()).isNotNull();
    JsonObject result = new JsonObject().put("energy", -12.5).put("solution", new io.vertx.core.json.JsonArray().add(1).add(0));
    assertThat(store.finished(id, "completed", -12.5, result, null).await()).isTrue();
    JobRecord rec = store.get(id).await();
    assertThat(rec.status()).isEqualTo("completed");
    assertThat(rec.owner()).isNull();
    assertThat(rec.bestEnergy()).isEqualTo(-12.5);
    assertThat(rec.finishedAt()).isNotNull();
    assertThat(rec.toJson(true).getJsonObject("result")).isEqualTo(result);
    assertThat(rec.toJson(false).containsKey("result")).isFalse();
  }

  @Test
  void the_best_energy_so_far_only_falls_and_only_while_running() {
    String id = job("bob", "node-a");
    store.bestSoFar(id, -3).await();
    assertThat(store.get(id).await().bestEnergy()).as("not running yet").isNull();
    store.started(id).await();
    store.bestSoFar(id, -3).await();
    store.bestSoFar(id, -1).await();
    assertThat(store.get(id).await().bestEnergy()).isEqualTo(-3.0);
    store.bestSoFar(id, -7).await();
    assertThat(store.get(id).await().bestEnergy()).isEqualTo(-7.0);
    // an end without an energy (cancelled before a result) keeps the best so far
    store.finished(id, "failed", null, null, "x".repeat(5000)).await();
    JobRecord rec = store.get(id).await();
    assertThat(rec.bestEnergy()).isEqualTo(-7.0);
    assertThat(rec.error()).hasSize(JobRecord.MAX_ERROR_CHARS).endsWith("…");
    store.bestSoFar(id, -9).await();
    assertThat(store.get(id).await().bestEnergy()).as("ended").isEqualTo(-7.0);
  }

  @Test
  void an_ended_record_never_changes() {
    String id = job("carol", "node-a");
    store.started(id).await();
    assertThat(store.finished(id, "cancelled", -4.0, null, null).await()).isTrue();
    assertThat(store.finished(id, "completed", -5.0, new JsonObject(), null).await()).isFalse();
    assertThat(store.started(id).await()).isFalse();
    JobRecord rec = store.get(id).await();
    assertThat(rec.status()).isEqualTo("cancelled");
    assertThat(rec.bestEnergy()).isEqualTo(-4.0);
    assertThat(rec.result()).isNull();
  }

  @Test
  void a_list_is_the_owners_jobs_newest_first() {
    String owner = "dave-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(job(owner, "node-a"));
    }
    String other = job("erin", "node-b");
    List<String> listed = store.list(owner, 10).await().stream().map(JobRecord::id).toList();
    assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    assertThat(store.list(owner, 2).await()).hasSize(2);
    assertThat(store.list(null, 10).await().stream().map(JobRecord::id).toList()).contains(other, ids.get(0));
  }

  @Test
  void orphans_are_the_unended_jobs_of_nodes_that_are_gone() {
    String runningOnGone = job("frank", "node-gone");
    store.started(runningOnGone).await();
    store.bestSoFar(runningOnGone, -42).await();
    String queuedOnGone = job("frank", "node-gone");
    String noNode = job("frank", null);   // a record from before jobs named their node
    String finishedOnGone = job("frank", "node-gone");
    store.finished(finishedOnGone, "completed", -1.0, new JsonObject(), null).await();
    String onLive = job("frank", "node-live");
    store.started(onLive).await();
    Instant before = Instant.now();
    String newcomer = job("frank", "node-new");   // created after the members were read

    List<JobRecord> ended = store.interruptOrphans(Set.of("node-live"), before, "node-gone left").await();
    assertThat(ended).extracting(JobRecord::id).containsExactlyInAnyOrder(runningOnGone, queuedOnGone, noNode);
    assertThat(ended).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo("interrupted");
      assertThat(r.error()).isEqualTo("node-gone left");
    });
    JobRecord interrupted = store.get(runningOnGone).await();
    assertThat(interrupted.status()).isEqualTo("interrupted");
    assertThat(interrupted.bestEnergy()).as("its best answer so far").isEqualTo(-42.0);
    assertThat(interrupted.finishedAt()).isNotNull();
    assertThat(store.get(finishedOnGone).await().status()).isEqualTo("completed");
    assertThat(store.get(onLive).await().status()).isEqualTo("running");
    assertThat(store.get(newcomer).await().status()).isEqualTo("queued");
    // the node that was taken for gone cannot overwrite the ending
    assertThat(store.finished(runningOnGone, "completed", -50.0, new JsonObject(), null).await()).isFalse();
    assertThat(store.interruptOrphans(Set.of("node-live"), before, "again").await()).isEmpty();
  }

  @Test
  void two_nodes_sweeping_at_once_end_each_orphan_once() {
    Set<String> orphans = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String id = job("gina", "node-" + (i % 2));
      if (i % 3 == 0) {
        store.started(id).await();
      }
      orphans.add(id);
    }
    Instant now = Instant.now();
    List<Future<List<JobRecord>>> sweeps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sweeps.add(store.interruptOrphans(Set.of("survivor"), now, "gone"));
    }
    Future.all(sweeps).await();
    List<String> endedIds = new ArrayList<>();
    for (Future<List<JobRecord>> f : sweeps) {
      f.result().forEach(r -> endedIds.add(r.id()));
    }
    assertThat(endedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(orphans);
  }
}
