package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.Qubo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The largest set of vertices with no two joined by a conflict edge: the maximum independent set of
 * a graph, and the maximum clique of its complement. As a QUBO (Lucas 2014, §4.2):
 * {@code E(x) = −Σᵢ xᵢ + P·Σ_{(i,j) conflict} xᵢxⱼ}, so E = −|S| for a conflict-free S.
 *
 * <p>Penalty P = 2: with P &gt; 1, removing one end of a conflicting pair lowers the energy by at
 * least P − 1 &gt; 0, so every minimum is conflict-free and the QUBO's optimum is the true one.
 */
final class ConflictFreeSelection {

  static final double PENALTY = 2.0;

  /** The chosen vertices after repair, how many the sample had in conflict, and how many were dropped. */
  record Selection(int[] vertices, int conflicts, int dropped) {
  }

  private final IndexedGraph conflicts;

  ConflictFreeSelection(IndexedGraph conflicts) {
    this.conflicts = conflicts;
  }

  Qubo model() {
    Qubo.Builder b = Qubo.builder(conflicts.n);
    for (int i = 0; i < conflicts.n; i++) {
      b.addLinear(i, -1.0);
    }
    for (int e = 0; e < conflicts.numEdges(); e++) {
      b.addQuadratic(conflicts.edgeU[e], conflicts.edgeV[e], PENALTY);
    }
    return b.build();
  }

  /**
   * The sample's chosen vertices; while two conflict, the one with the most conflicts among the
   * chosen (lowest index on ties) is dropped, so the result is always conflict-free.
   */
  Selection decode(byte[] x) {
    int n = conflicts.n;
    boolean[] chosen = new boolean[n];
    int[] clash = new int[n];
    for (int v = 0; v < n; v++) {
      chosen[v] = x[v] == 1;
    }
    int pairs = 0;
    for (int e = 0; e < conflicts.numEdges(); e++) {
      if (chosen[conflicts.edgeU[e]] && chosen[conflicts.edgeV[e]]) {
        clash[conflicts.edgeU[e]]++;
        clash[conflicts.edgeV[e]]++;
        pairs++;
      }
    }
    int dropped = 0;
    while (true) {
      int worst = -1;
      for (int v = 0; v < n; v++) {
        if (chosen[v] && clash[v] > 0 && (worst < 0 || clash[v] > clash[worst])) {
          worst = v;
        }
      }
      if (worst < 0) {
        break;
      }
      chosen[worst] = false;
      dropped++;
      for (int u : conflicts.adjacency[worst]) {
        if (chosen[u]) {
          clash[u]--;
        }
      }
      clash[worst] = 0;
    }
    int[] vertices = java.util.stream.IntStream.range(0, n).filter(v -> chosen[v]).toArray();
    return new Selection(vertices, pairs, dropped);
  }

  /** The answer fields shared by independent set and clique, under the problem's own key. */
  static Answer answer(double energy, Selection s, String setKey, int[] solution) {
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("size", s.vertices().length);
    objective.put(setKey, Arrays.copyOf(s.vertices(), s.vertices().length));
    objective.put("repaired", s.dropped() > 0);
    return new Answer(energy, objective, s.conflicts() == 0, solution, -s.vertices().length);
  }
}
