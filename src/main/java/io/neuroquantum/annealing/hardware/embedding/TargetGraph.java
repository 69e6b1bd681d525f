package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph problems are embedded into: a QPU's working qubits and couplers. Qubits keep their
 * labels (the solver's numbers); internally each has a dense index 0..size-1, in the order given,
 * which is the order of the solver's {@code qubits} property.
 */
public final class TargetGraph {

  private final int[] qubits;
  private final Map<Integer, Integer> indexOf;
  private final int[][] neighbours; // by index
  private final Set<Long> edgeKeys; // by label
  private final int numEdges;

  private TargetGraph(int[] qubits, Map<Integer, Integer> indexOf, int[][] neighbours, Set<Long> edgeKeys) {
    this.qubits = qubits;
    this.indexOf = indexOf;
    this.neighbours = neighbours;
    this.edgeKeys = edgeKeys;
    this.numEdges = edgeKeys.size();
  }

  /** A graph on the given qubit labels with the given couplers; a coupler on an unknown qubit is refused. */
  public static TargetGraph of(int[] qubits, int[][] couplers) {
    Map<Integer, Integer> indexOf = new HashMap<>();
    for (int q : qubits) {
      if (indexOf.putIfAbsent(q, indexOf.size()) != null) {
        throw new IllegalArgumentException("qubit " + q + " is listed twice");
      }
    }
    List<List<Integer>> adjacency = new ArrayList<>();
    for (int i = 0; i < qubits.length; i++) {
      adjacency.add(new ArrayList<>());
    }
    Set<Long> keys = new HashSet<>();
    for (int[] c : couplers) {
      Integer a = indexOf.get(c[0]);
      Integer b = indexOf.get(c[1]);
      if (a == null || b == null || c[0] == c[1]) {
        throw new IllegalArgumentException("coupler " + Arrays.toString(c) + " is not between two listed qubits");
      }
      if (keys.add(edgeKey(c[0], c[1]))) {
        adjacency.get(a).add(b);
        adjacency.get(b).add(a);
      }
    }
    int[][] neighbours = new int[qubits.length][];
    for (int i = 0; i < qubits.length; i++) {
      neighbours[i] = adjacency.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return new TargetGraph(qubits.clone(), indexOf, neighbours, keys);
  }

  /**
   * A solver's working graph: its reported qubits and couplers, checked against the full topology it
   * names, so a coupler the topology does not have (a mislabelled graph) is refused rather than used.
   */
  public static TargetGraph working(TopologyGraph topology, int[] qubits, int[][] couplers) {
    Set<Long> full = new HashSet<>();
    for (int[] e : topology.edges()) {
      full.add(edgeKey(e[0], e[1]));
    }
    for (int[] c : couplers) {
      if (!full.contains(edgeKey(c[0], c[1]))) {
        throw new IllegalArgumentException("coupler " + Arrays.toString(c) + " is not in the solver's "
            + topology.family() + " topology");
      }
    }
    return of(qubits, couplers);
  }

  /** An order-independent key for the undirected edge {a, b}: smaller label in the high half. */
  public static long edgeKey(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return ((long) lo << 32) | (hi & 0xffffffffL);
  }

  public int size() {
    return qubits.length;
  }

  public int numEdges() {
    return numEdges;
  }

  /** The qubit label at an index. */
  public int qubit(int index) {
    return qubits[index];
  }

  /** The index of a qubit label, or -1 when the qubit is not working. */
  public int indexOf(int qubit) {
    return indexOf.getOrDefault(qubit, -1);
  }

  /** Neighbour indices of an index, sorted. */
  public int[] neighbours(int index) {
    return neighbours[index];
  }

  public boolean hasEdge(int qubitA, int qubitB) {
    return edgeKeys.contains(edgeKey(qubitA, qubitB));
  }

  public boolean hasEdgeByIndex(int a, int b) {
    return Arrays.binarySearch(neighbours[a], b) >= 0;
  }
}
