package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a solve's result: what {@code solve --json} prints, a job's {@code result} and
 * the result event on its channel. Built here once, so the command line and the server report the same
 * fields for the same run. The form is plain maps, lists, strings, numbers and booleans, for any JSON
 * writer (Jackson on the command line, Vert.x in the server):
 *
 * <pre>{@code
 * {"problem", "solver", "energy", "objective": {…}, "feasible", "solution": [...],
 *  "timing": {"total_ms", "sampling_ms"},
 *  "stats": {"spin_updates", "ns_per_spin_update", "accepted_flips", "acceptance_rate", "sweeps", "reads",
 *            "distinct_samples", "best_energy_occurrences", "stop_reason", "num_variables",
 *            "num_interactions", "seed", "threads", <one entry per SampleSet info topic: "tempering", …>},
 *  "parameters": {the solver parameters as given, checked, with the seed}}
 * }</pre>
 */
public final class SolveReport {

  private final EncodedProblem problem;
  private final Answer answer;
  private final Map<String, Object> json;

  private SolveReport(EncodedProblem problem, Answer answer, Map<String, Object> json) {
    this.problem = problem;
    this.answer = answer;
    this.json = json;
  }

  /**
   * The report of {@code samples}, found by {@code solver} for {@code problem} on {@code threads}
   * threads (or workers); the answer is the problem's best decoded sample.
   */
  public static SolveReport of(EncodedProblem problem, ConfiguredSolver solver, SampleSet samples, int threads) {
    Answer answer = problem.bestAnswer(samples);
    SamplingStats st = samples.stats();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("problem", problem.type());
    out.put("solver", solver.name());
    out.put("energy", answer.energy());
    out.put("objective", plain(answer.objective()));
    out.put("feasible", answer.feasible());
    out.put("solution", plain(answer.solution()));
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("total_ms", samples.timing().totalMillis());
    timing.put("sampling_ms", samples.timing().samplingMillis());
    out.put("timing", timing);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("spin_updates", st.spinUpdateAttempts());
    stats.put("ns_per_spin_update", st.nsPerSpinUpdate());
    stats.put("accepted_flips", st.acceptedFlips());
    stats.put("acceptance_rate", st.acceptanceRate());
    stats.put("sweeps", st.sweeps());
    stats.put("reads", st.reads());
    stats.put("distinct_samples", samples.samples().size());
    stats.put("best_energy_occurrences", samples.best().occurrences());
    stats.put("stop_reason", st.stopReason());
    stats.put("num_variables", problem.model().numVariables());
    stats.put("num_interactions", problem.model().numInteractions());
    stats.put("seed", solver.seed());
    stats.put("threads", threads);
    samples.info().forEach((topic, value) -> stats.put(topic, plain(value)));
    out.put("stats", stats);
    Map<String, Object> parameters = new LinkedHashMap<>(solver.request().parameters().given());
    parameters.put(SolverRegistry.SEED.name(), solver.seed());
    out.put("parameters", parameters);
    return new SolveReport(problem, answer, out);
  }

  /**
   * Adds {@code "samples"}: the listed distinct samples, lowest energy first, each as
   * {@code {"energy", "num_occurrences", "sample"}} and what the sample means for the problem
   * ({@link EncodedProblem#sampleDetail}: a CQM's {@code feasible}, {@code objective} and
   * {@code violations}, a HUBO's {@code feasible} and {@code hubo_energy}) ({@code solve --num-samples K / --all}).
   */
  public SolveReport withSamples(SampleSet listed) {
    List<Object> rows = new ArrayList<>(listed.samples().size());
    for (Sample s : listed.samples()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("energy", s.energy());
      row.put("num_occurrences", s.occurrences());
      row.put("sample", plain(s.toIntArray()));
      problem.sampleDetail(s).forEach((k, v) -> row.put(k, plain(v)));
      rows.add(row);
    }
    json.put("samples", rows);
    return this;
  }

  /** The answer the report is about (the problem's best decoded sample). */
  public Answer answer() {
    return answer;
  }

  /** The report as plain maps and lists, ready for a JSON writer. */
  public Map<String, Object> toJson() {
    return json;
  }

  /** Arrays become lists and maps are copied through, so that every JSON writer accepts the value. */
  public static Object plain(Object v) {
    if (v instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (v instanceof long[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (v instanceof double[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v;
  }
}
