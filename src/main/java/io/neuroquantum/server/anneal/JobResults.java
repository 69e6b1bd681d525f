package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.solvers.TemperingStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A job's result as JSON, with the same fields as {@code solve --json} (blueprint §3.1). */
final class JobResults {

  private JobResults() {
  }

  static JsonObject of(Answer answer, SampleSet samples, TemperingStats tempering) {
    JsonObject objective = new JsonObject();
    for (Map.Entry<String, Object> e : answer.objective().entrySet()) {
      objective.put(e.getKey(), json(e.getValue()));
    }
    SamplingStats st = samples.stats();
    JsonObject stats = new JsonObject().put("spin_updates", st.spinUpdateAttempts())
        .put("ns_per_spin_update", st.nsPerSpinUpdate()).put("acceptance_rate", st.acceptanceRate())
        .put("sweeps", st.sweeps()).put("reads", st.reads()).put("stop_reason", st.stopReason());
    if (tempering != null) {
      stats.put("tempering", new JsonObject().put("betas", json(tempering.betas()))
          .put("swap_acceptance", json(tempering.swapAcceptance())).put("round_trips", tempering.totalRoundTrips())
          .put("cluster_moves", tempering.clusterMoves()));
    }
    return new JsonObject().put("energy", answer.energy()).put("objective", objective)
        .put("feasible", answer.feasible()).put("solution", json(answer.solution()))
        .put("timing", new JsonObject().put("total_ms", samples.timing().totalMillis())
            .put("sampling_ms", samples.timing().samplingMillis()))
        .put("stats", stats);
  }

  private static Object json(Object v) {
    if (v instanceof int[] a) {
      JsonArray out = new JsonArray();
      for (int x : a) {
        out.add(x);
      }
      return out;
    }
    if (v instanceof double[] a) {
      JsonArray out = new JsonArray();
      for (double x : a) {
        out.add(x);
      }
      return out;
    }
    return v;
  }
}
