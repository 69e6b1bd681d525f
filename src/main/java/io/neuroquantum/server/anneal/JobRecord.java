package io.neuroquantum.server.anneal;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A job as its store keeps it, whichever store that is; {@link #toJson} is what GET and list answer.
 *
 * @param owner the user the job belongs to, or null (a bus job submitted without one)
 * @param node the node that runs the job (its Hazelcast member UUID in a cluster): the one a cancel
 *     is forwarded to, and whose departure ends the job {@code interrupted}
 * @param bestEnergy the best energy so far while the job runs (as progress reports it), its final one after
 * @param result the result's JSON text, or null
 */
record JobRecord(String id, String owner, String status, String problemType, String solver, String node,
    Instant createdAt, Instant startedAt, Instant finishedAt, Double bestEnergy, String result, String error) {

  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String INTERRUPTED = "interrupted";

  /** The longest error a record keeps (the H2 column's size; PostgreSQL keeps the same). */
  static final int MAX_ERROR_CHARS = 4000;

  /** Queued or running: not ended yet. An ended record never changes again. */
  boolean active() {
    return QUEUED.equals(status) || RUNNING.equals(status);
  }

  JsonObject toJson(boolean withResult) {
    JsonObject o = new JsonObject().put("job_id", id).put("channel", "anneal:" + id).put("owner", owner)
        .put("status", status).put("problem_type", problemType).put("solver", solver).put("node", node)
        .put("created_at", text(createdAt)).put("started_at", text(startedAt)).put("finished_at", text(finishedAt))
        .put("best_energy", bestEnergy);
    if (error != null) {
      o.put("error", error);
    }
    if (withResult && result != null) {
      o.put("result", new JsonObject(result));
    }
    return o;
  }

  static String clip(String error) {
    return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS - 1) + "…";
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
