package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.hardware.HardwareBackends;
import io.neuroquantum.annealing.hardware.HardwareProblem;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solve.SolveReport;
import io.neuroquantum.server.hardware.BackendAdapterVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job for a hardware backend ({@code "backend": "dwave" | "quera"}): checked at submit, sent to the
 * node's adapter on {@code nq.backend.<name>.run}, and its reply turned into the job's result. The
 * problem is any job problem (encoded to an Ising model, for annealers) or
 * {@code {"type": "unit_disk_mis", "x": [...], "y": [...], "radius": r}} (for neutral-atom machines);
 * the vendor's parameters are the body's {@code hardware} object ({@code solver_name}, {@code num_reads},
 * {@code annealing_time}, {@code chain_strength}, {@code time_limit}), checked here as the adapter reads them.
 *
 * @param backend the backend's name
 * @param problemType the job record's problem type
 * @param encoded the encoded problem, or null for a unit-disk MIS
 * @param unitDisk the unit-disk MIS, or null for an encoded problem
 * @param parameters the {@code hardware} object as given
 */
record HardwareJob(String backend, String problemType, EncodedProblem encoded, HardwareProblem.UnitDiskMis unitDisk,
    JsonObject parameters) {

  static final String UNIT_DISK_MIS = "unit_disk_mis";

  /**
   * Why {@code backend} cannot take jobs on this node, or null when it can: an unknown name, or a known
   * one without an adapter here ({@code hardware.backends}).
   */
  static String refusal(String backend, List<String> configured) {
    if (backend.equals(HardwareBackends.SIMULATED) || configured.contains(backend)) {
      return null;
    }
    if (!HardwareBackends.exists(backend)) {
      return "backend \"" + backend + "\" does not exist; choose one of " + HardwareBackends.names();
    }
    return "backend \"" + backend + "\" is not configured on this server (hardware.backends is " + configured
        + "; see docs/hardware.md)";
  }

  /** Checks and builds a hardware job; bad input is an {@link InvalidModelException} or {@link IllegalArgumentException}. */
  static HardwareJob prepare(String backend, JsonObject problem, Object hardware, JobLimits limits) {
    if (hardware != null && !(hardware instanceof JsonObject)) {
      throw new InvalidModelException("hardware must be an object of the vendor's parameters");
    }
    JsonObject parameters = hardware == null ? new JsonObject() : ((JsonObject) hardware).copy();
    try {
      BackendAdapterVerticle.parameters(parameters);   // the adapter's own reading: refused now, not at the vendor
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("hardware parameters have the wrong type: " + e.getMessage());
    }
    if (problem != null && UNIT_DISK_MIS.equals(problem.getValue("type"))) {
      return new HardwareJob(backend, UNIT_DISK_MIS, null, BackendAdapterVerticle.unitDisk(problem), parameters);
    }
    EncodedProblem encoded = JobProblems.parse(problem, limits);
    return new HardwareJob(backend, encoded.type(), encoded, null, parameters);
  }

  /** The body of {@code nq.backend.<name>.run} for this job, run {@code runId}. */
  JsonObject runRequest(String runId) {
    JsonObject body = new JsonObject().put("run_id", runId).put("params", parameters);
    if (unitDisk != null) {
      JsonArray x = new JsonArray();
      JsonArray y = new JsonArray();
      for (int i = 0; i < unitDisk.size(); i++) {
        x.add(unitDisk.x()[i]);
        y.add(unitDisk.y()[i]);
      }
      return body.put("unit_disk", new JsonObject().put("x", x).put("y", y).put("radius", unitDisk.radius()));
    }
    Ising ising = encoded.model().toIsing();
    JsonArray h = new JsonArray();
    for (double v : ising.linearCoefficients()) {
      h.add(v);
    }
    JsonArray j = new JsonArray();
    ising.forEachInteraction((a, b, v) -> j.add(new JsonArray().add(a).add(b).add(v)));
    return body.put("ising", new JsonObject().put("num_variables", ising.numVariables()).put("h", h).put("j", j)
        .put("offset", ising.offset()));
  }

  /**
   * The job's result from the adapter's reply ({@code sample}, {@code info}): the fields of the simulated
   * solvers' report that a vendor's answer has (problem, solver, energy, objective, feasible, solution,
   * parameters) plus {@code backend} and the vendor's {@code info} (timing, chain-break fraction, …).
   */
  Result result(JsonObject reply) {
    JsonArray values = reply.getJsonArray("sample");
    Answer answer = unitDisk != null ? independentSet(values) : encoded.decode(sample(values));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("problem", problemType);
    out.put("solver", backend);
    out.put("backend", backend);
    out.put("energy", answer.energy());
    out.put("objective", SolveReport.plain(answer.objective()));
    out.put("feasible", answer.feasible());
    out.put("solution", SolveReport.plain(answer.solution()));
    out.put("parameters", parameters.getMap());
    out.put("info", reply.getJsonObject("info", new JsonObject()).getMap());
    return new Result(answer.energy(), new JsonObject(out));
  }

  record Result(double energy, JsonObject json) {
  }

  /** The adapter's sample is in spins (the Ising model sent); the problem's model may be binary. */
  private Sample sample(JsonArray spins) {
    QuadraticModel model = encoded.model();
    if (spins.size() != model.numVariables()) {
      throw new IllegalStateException("the backend answered " + spins.size() + " values for " + model.numVariables()
          + " variables");
    }
    byte[] values = new byte[spins.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = VarType.SPIN.convert(spins.getInteger(i).byteValue(), model.varType());
    }
    return new Sample(values, model.energy(values), 1);
  }

  /** A unit-disk answer (0/1 per point): the chosen points, their count, and whether no two are adjacent. */
  private Answer independentSet(JsonArray values) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.getInteger(i) == 1) {
        chosen.add(i);
      }
    }
    boolean independent = true;
    double r2 = unitDisk.radius() * unitDisk.radius();
    for (int a = 0; a < chosen.size() && independent; a++) {
      for (int b = a + 1; b < chosen.size(); b++) {
        double dx = unitDisk.x()[chosen.get(a)] - unitDisk.x()[chosen.get(b)];
        double dy = unitDisk.y()[chosen.get(a)] - unitDisk.y()[chosen.get(b)];
        if (dx * dx + dy * dy <= r2) {
          independent = false;
          break;
        }
      }
    }
    int[] set = chosen.stream().mapToInt(Integer::intValue).toArray();
    return new Answer(-set.length, Map.of("set_size", set.length), independent, set, -set.length);
  }
}
