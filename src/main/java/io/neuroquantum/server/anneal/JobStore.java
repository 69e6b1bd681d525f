package io.neuroquantum.server.anneal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where job records live: {@link PgJobStore} (PostgreSQL, shared by every node of a cluster) or
 * {@link H2JobStore} (an embedded file, one node's own). Both pass {@code JobStoreContract}.
 *
 * <p>The rule both keep: <b>an ended record never changes</b>. Every change after the insert is
 * conditional on the record still being queued or running, so a node that was declared gone (its
 * jobs marked {@code interrupted} by the others) and comes back cannot overwrite that, and two
 * nodes marking the same orphans cannot both succeed.
 */
interface JobStore {

  /** Records a new job as {@code queued} on {@code node}. */
  Future<Void> insert(String id, String owner, String problemType, String solver, String node);

  /** queued → running; false when the record had ended meanwhile (then the job must not run). */
  Future<Boolean> started(String id);

  /** Lowers a running job's {@code best_energy} to {@code energy}, if that is lower: its best answer so far. */
  Future<Void> bestSoFar(String id, double energy);

  /**
   * Ends a queued or running job with {@code status}; false when it had already ended (its record
   * stays as it was). A null {@code bestEnergy} keeps the best so far.
   */
  Future<Boolean> finished(String id, String status, Double bestEnergy, JsonObject result, String error);

  /** The job's record, or null. */
  Future<JobRecord> get(String id);

  /** The newest jobs of {@code owner} (every owner's for null), newest first. */
  Future<List<JobRecord>> list(String owner, int limit);

  /**
   * Ends {@code interrupted}, with {@code reason}, every queued or running job whose node is not in
   * {@code liveNodes} and that was created before {@code createdBefore} (a node that joined after
   * the caller read the members is not mistaken for a dead one). Keeps their best energy so far.
   *
   * @return the records this call ended (those another caller ended first are not among them)
   */
  Future<List<JobRecord>> interruptOrphans(Set<String> liveNodes, Instant createdBefore, String reason);

  /** Whether other nodes read these records too (PostgreSQL), or only this one (an H2 file). */
  boolean shared();

  Future<Void> close();

  /**
   * The store {@code anneal.store} names: {@code h2} (default; {@code anneal.store_path}) or
   * {@code postgres} ({@code anneal.postgres}, its connection keys defaulting to {@code query.postgres}'s).
   */
  static Future<JobStore> open(Vertx vertx, JsonObject config) {
    JsonObject anneal = config.getJsonObject("anneal", new JsonObject());
    String kind = anneal.getString("store", "h2");
    return switch (kind) {
      case "h2" -> H2JobStore.open(vertx, anneal.getString("store_path", "data/neuroquantum-jobs"));
      case "postgres" -> PgJobStore.open(vertx, PgJobStore.settings(config));
      default -> Future.failedFuture(new IllegalArgumentException("anneal.store must be h2 or postgres, got " + kind));
    };
  }
}
