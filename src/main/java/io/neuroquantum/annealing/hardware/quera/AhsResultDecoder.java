package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareResult;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.IndependentSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultEdge;

/**
 * Reads an AHS task's {@code results.json} back into independent sets of the problem's graph.
 *
 * <p>Sign convention (Braket's result schema; Bloqade shipped it backwards twice): {@code preSequence}
 * is 1 where an atom was present before the drive, {@code postSequence} is 0 where the atom ended in
 * the Rydberg state <em>or the site is empty or the atom was lost</em>, 1 where it is in the ground
 * state. So vertex i is in the shot's set when {@code pre[i] == 1 && post[i] == 0}.
 *
 * <p>Only shots whose status is {@code Success} and whose pre-sequence has every requested atom are
 * used: a missing atom is a missing vertex, and its post reading of 0 would look like a Rydberg atom.
 * Each used shot is then repaired (while two chosen vertices are adjacent, drop the one with the most
 * conflicts: lost atoms and detection errors make false Rydberg readings) and grown greedily to a
 * maximal independent set (fewest free neighbours first).
 */
public final class AhsResultDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RESULT_SCHEMA = "braket.task_result.analog_hamiltonian_simulation_task_result";

  public HardwareResult decode(String resultsJson, AhsEncoding encoding) throws HardwareException {
    JsonNode root = parse(resultsJson);
    List<Integer> filling = encoding.program().filling();
    int n = filling.size();
    Graph<Integer, DefaultEdge> graph = encoding.graph();
    IndependentSet<Integer> mis = IndependentSet.of(graph);
    Qubo model = mis.model();

    JsonNode measurements = root.path("measurements");
    int successful = 0;
    int rawIndependent = 0;
    int repaired = 0;
    List<byte[]> states = new ArrayList<>();
    for (JsonNode shot : measurements) {
      if (!"Success".equals(shot.path("shotMetadata").path("shotStatus").asText())) {
        continue;
      }
      successful++;
      int[] pre = sequence(shot.path("shotResult").path("preSequence"), n);
      int[] post = sequence(shot.path("shotResult").path("postSequence"), n);
      if (pre == null || post == null || !everyAtomPresent(pre, filling)) {
        continue;
      }
      byte[] rydberg = new byte[n];
      for (int i = 0; i < n; i++) {
        rydberg[i] = (byte) (pre[i] == 1 && post[i] == 0 ? 1 : 0);
      }
      int[] kept = mis.decode(rydberg);
      int chosen = count(rydberg);
      if (kept.length == chosen) {
        rawIndependent++;
      } else {
        repaired++;
      }
      states.add(growToMaximal(graph, kept, n));
    }
    if (states.isEmpty()) {
      throw new HardwareException("none of the task's " + measurements.size() + " shots had every requested atom "
          + "(" + successful + " reported Success); nothing to decode", false);
    }
    byte[][] reads = states.toArray(byte[][]::new);
    double[] energies = new double[reads.length];
    Map<String, Integer> sizes = new TreeMap<>();
    for (int r = 0; r < reads.length; r++) {
      energies[r] = model.energy(reads[r]);
      sizes.merge(Integer.toString(count(reads[r])), 1, Integer::sum);
    }
    SampleSet samples = SampleSet.fromReads(VarType.BINARY, reads, energies, timing(root), SamplingStats.none(reads.length));

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("shots_measured", measurements.size());
    info.put("shots_successful", successful);
    info.put("shots_used", reads.length);
    info.put("success_fraction", measurements.isEmpty() ? 0.0 : (double) reads.length / measurements.size());
    info.put("raw_independent_fraction", (double) rawIndependent / reads.length);
    info.put("repaired_shots", repaired);
    info.put("set_sizes", sizes);
    info.put("best_size", (int) Math.round(-samples.bestEnergy()));
    info.put("blockade_radius_um", encoding.blockadeRadius() * 1e6);
    info.put("scale_um_per_unit", encoding.scale() * 1e6);
    info.put("final_detuning_rad_per_s", encoding.finalDetuning());
    info.put("blockade_margin", encoding.blockadeMargin());
    return new HardwareResult(samples, info);
  }

  /**
   * Adds free vertices (not chosen, no chosen neighbour) until none is left, each time the one with the
   * fewest free neighbours, which blocks the fewest further additions.
   */
  static byte[] growToMaximal(Graph<Integer, DefaultEdge> graph, int[] chosen, int n) {
    byte[] in = new byte[n];
    boolean[] blocked = new boolean[n];
    for (int v : chosen) {
      in[v] = 1;
      blocked[v] = true;
      for (int u : Graphs.neighborListOf(graph, v)) {
        blocked[u] = true;
      }
    }
    while (true) {
      int best = -1;
      int bestFree = Integer.MAX_VALUE;
      for (int v = 0; v < n; v++) {
        if (blocked[v]) {
          continue;
        }
        int free = 0;
        for (int u : Graphs.neighborListOf(graph, v)) {
          free += blocked[u] ? 0 : 1;
        }
        if (free < bestFree) {
          best = v;
          bestFree = free;
        }
      }
      if (best < 0) {
        return in;
      }
      in[best] = 1;
      blocked[best] = true;
      for (int u : Graphs.neighborListOf(graph, best)) {
        blocked[u] = true;
      }
    }
  }

  private static JsonNode parse(String json) throws HardwareException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new HardwareException("results.json is not JSON: " + e.getOriginalMessage(), false);
    }
    if (!RESULT_SCHEMA.equals(root.path("braketSchemaHeader").path("name").asText())) {
      throw new HardwareException("results.json is not an AHS task result (schema "
          + root.path("braketSchemaHeader").path("name").asText("missing") + ")", false);
    }
    return root;
  }

  /** The sequence as ints, or null when the shot has none (partial and failed shots may not). */
  private static int[] sequence(JsonNode node, int n) throws HardwareException {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isArray() || node.size() != n) {
      throw new HardwareException("a shot's sequence has " + node.size() + " entries for " + n + " sites", false);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }

  private static boolean everyAtomPresent(int[] pre, List<Integer> filling) {
    for (int i = 0; i < pre.length; i++) {
      if (filling.get(i) == 1 && pre[i] != 1) {
        return false;
      }
    }
    return true;
  }

  private static int count(byte[] x) {
    int c = 0;
    for (byte b : x) {
      c += b;
    }
    return c;
  }

  /** The task's run time (created to ended) as the vendor reported it; zero when it did not. */
  private static Timing timing(JsonNode root) {
    JsonNode meta = root.path("taskMetadata");
    try {
      long nanos = Duration.between(Instant.parse(meta.path("createdAt").asText()),
          Instant.parse(meta.path("endedAt").asText())).toNanos();
      return new Timing(Math.max(0, nanos), 0);
    } catch (DateTimeParseException e) {
      return new Timing(0, 0);
    }
  }
}
