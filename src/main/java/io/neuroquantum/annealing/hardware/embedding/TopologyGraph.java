package io.neuroquantum.annealing.hardware.embedding;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A D-Wave QPU topology with every qubit and coupler present, numbered exactly as dwave-networkx's
 * linear ("int") labels number them ({@code chimera_graph}, {@code pegasus_graph} with its default
 * {@code fabric_only=True} and offsets index 0, {@code zephyr_graph}). A solver's working graph is
 * this graph restricted to the qubits and couplers it reports as active ({@link TargetGraph#working}).
 *
 * @param family {@code chimera}, {@code pegasus} or {@code zephyr}
 * @param nominalQubits the size of the label space (a solver's {@code num_qubits})
 * @param edges every coupler, each pair with the smaller label first
 */
public record TopologyGraph(String family, int nominalQubits, int[][] edges) {

  /** Chimera C(m, n, t): an m×n grid of K_{t,t} cells. */
  public static TopologyGraph chimera(int m, int n, int t) {
    requirePositive(m, n, t);
    EdgeSet edges = new EdgeSet();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        for (int k0 = 0; k0 < t; k0++) {
          for (int k1 = 0; k1 < t; k1++) {
            edges.add(chimeraLabel(n, t, i, j, 0, k0), chimeraLabel(n, t, i, j, 1, k1));
          }
        }
        for (int k = 0; k < t; k++) {
          if (j + 1 < n) {
            edges.add(chimeraLabel(n, t, i, j, 1, k), chimeraLabel(n, t, i, j + 1, 1, k));
          }
          if (i + 1 < m) {
            edges.add(chimeraLabel(n, t, i, j, 0, k), chimeraLabel(n, t, i + 1, j, 0, k));
          }
        }
      }
    }
    return new TopologyGraph("chimera", m * n * 2 * t, edges.toArray());
  }

  private static int chimeraLabel(int n, int t, int i, int j, int u, int k) {
    return ((i * n + j) * 2 + u) * t + k;
  }

  // pegasus_graph's default offsets (offsets_index 0): vertical, horizontal
  static final int[] PEGASUS_OFF0 = {2, 2, 2, 2, 10, 10, 10, 10, 6, 6, 6, 6};
  static final int[] PEGASUS_OFF1 = {6, 6, 6, 6, 2, 2, 2, 2, 10, 10, 10, 10};

  /** Pegasus P(m), fabric only (the qubits that have couplers), as on an Advantage QPU for m = 16. */
  public static TopologyGraph pegasus(int m) {
    if (m < 2) {
      throw new IllegalArgumentException("pegasus size must be at least 2, got " + m);
    }
    int m1 = m - 1;
    int[] fabricStart = {min(PEGASUS_OFF1), min(PEGASUS_OFF0)};
    int[] fabricEnd = {12 - max(PEGASUS_OFF1), 12 - max(PEGASUS_OFF0)};
    EdgeSet edges = new EdgeSet();
    for (int u = 0; u < 2; u++) {
      for (int w = 0; w < m; w++) {
        int kFrom = w == 0 ? fabricStart[u] : 0;
        int kTo = 12 - (w == m1 ? fabricEnd[u] : 0);
        for (int k = kFrom; k < kTo; k++) {
          for (int z = 0; z < m1 - 1; z++) { // external couplers, along the qubit's line
            edges.add(pegasusLabel(m, u, w, k, z), pegasusLabel(m, u, w, k, z + 1));
          }
        }
        for (int k = kFrom; k < kTo; k += 2) { // odd couplers, between the pair of parallel qubits
          for (int z = 0; z < m1; z++) {
            edges.add(pegasusLabel(m, u, w, k, z), pegasusLabel(m, u, w, k + 1, z));
          }
        }
      }
    }
    for (int w = 0; w < m; w++) { // internal couplers, between a vertical and a horizontal qubit
      for (int kk = 0; kk < 12; kk++) {
        int kFrom = w != 0 ? 0 : PEGASUS_OFF1[kk];
        int kTo = w < m1 ? 12 : PEGASUS_OFF1[kk];
        for (int k = kFrom; k < kTo; k++) {
          for (int z = 0; z < m1; z++) {
            int w2 = z + (kk < PEGASUS_OFF0[k] ? 1 : 0);
            int z2 = w - (k < PEGASUS_OFF1[kk] ? 1 : 0);
            if (inFabric(m, fabricStart, fabricEnd, 0, w, k) && inFabric(m, fabricStart, fabricEnd, 1, w2, kk)) {
              edges.add(pegasusLabel(m, 0, w, k, z), pegasusLabel(m, 1, w2, kk, z2));
            }
          }
        }
      }
    }
    return new TopologyGraph("pegasus", 24 * m * m1, edges.toArray());
  }

  private static boolean inFabric(int m, int[] fabricStart, int[] fabricEnd, int u, int w, int k) {
    if (w == 0) {
      return k >= fabricStart[u];
    }
    if (w == m - 1) {
      return k < 12 - fabricEnd[u];
    }
    return true;
  }

  static int pegasusLabel(int m, int u, int w, int k, int z) {
    int m1 = m - 1;
    return u * 12 * m * m1 + w * 12 * m1 + k * m1 + z;
  }

  /** Zephyr Z(m, t), as on an Advantage2 QPU. */
  public static TopologyGraph zephyr(int m, int t) {
    requirePositive(m, t);
    int bigM = 2 * m + 1;
    EdgeSet edges = new EdgeSet();
    for (int u = 0; u < 2; u++) {
      for (int w = 0; w < bigM; w++) {
        for (int k = 0; k < t; k++) {
          for (int j = 0; j < 2; j++) {
            for (int z = 0; z < m - 1; z++) {
              edges.add(zephyrLabel(m, t, u, w, k, j, z), zephyrLabel(m, t, u, w, k, j, z + 1));
            }
          }
          for (int a = 0; a < 2; a++) {
            for (int z = a; z < m; z++) {
              edges.add(zephyrLabel(m, t, u, w, k, 0, z), zephyrLabel(m, t, u, w, k, 1, z - a));
            }
          }
        }
      }
    }
    for (int w = 0; w < m; w++) {
      for (int z = 0; z < m; z++) {
        for (int h = 0; h < t; h++) {
          for (int k = 0; k < t; k++) {
            for (int i = 0; i < 2; i++) {
              for (int j = 0; j < 2; j++) {
                for (int a = 0; a < 2; a++) {
                  for (int b = 0; b < 2; b++) {
                    edges.add(zephyrLabel(m, t, 0, 2 * w + 1 + a * (2 * i - 1), k, j, z),
                        zephyrLabel(m, t, 1, 2 * z + 1 + b * (2 * j - 1), h, i, w));
                  }
                }
              }
            }
          }
        }
      }
    }
    return new TopologyGraph("zephyr", 4 * t * m * bigM, edges.toArray());
  }

  private static int zephyrLabel(int m, int t, int u, int w, int k, int j, int z) {
    return (((u * (2 * m + 1) + w) * t + k) * 2 + j) * m + z;
  }

  /**
   * The topology a solver names in its {@code topology} property ({@code {"type":"pegasus","shape":[16]}}).
   *
   * @throws IllegalArgumentException for a family or shape this code does not know
   */
  public static TopologyGraph of(String type, int[] shape) {
    return switch (type) {
      case "chimera" -> shape.length == 3 ? chimera(shape[0], shape[1], shape[2])
          : shape.length == 1 ? chimera(shape[0], shape[0], 4) : badShape(type, shape);
      case "pegasus" -> shape.length == 1 ? pegasus(shape[0]) : badShape(type, shape);
      case "zephyr" -> shape.length == 2 ? zephyr(shape[0], shape[1])
          : shape.length == 1 ? zephyr(shape[0], 4) : badShape(type, shape);
      default -> throw new IllegalArgumentException("unknown QPU topology '" + type + "'");
    };
  }

  private static TopologyGraph badShape(String type, int[] shape) {
    throw new IllegalArgumentException("a " + type + " topology cannot have shape " + Arrays.toString(shape));
  }

  /** The qubits that have at least one coupler, sorted. */
  public int[] nodes() {
    Set<Integer> nodes = new java.util.TreeSet<>();
    for (int[] e : edges) {
      nodes.add(e[0]);
      nodes.add(e[1]);
    }
    return nodes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The whole graph as a target (every qubit and coupler working). */
  public TargetGraph asTarget() {
    return TargetGraph.of(nodes(), edges);
  }

  private static void requirePositive(int... sizes) {
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException("topology sizes must be positive, got " + Arrays.toString(sizes));
      }
    }
  }

  private static int min(int[] a) {
    return Arrays.stream(a).min().orElseThrow();
  }

  private static int max(int[] a) {
    return Arrays.stream(a).max().orElseThrow();
  }

  /** Undirected edges without repeats, in first-seen order. */
  private static final class EdgeSet {
    private final Set<Long> keys = new LinkedHashSet<>();

    void add(int a, int b) {
      keys.add(TargetGraph.edgeKey(a, b));
    }

    int[][] toArray() {
      int[][] out = new int[keys.size()][];
      int i = 0;
      for (long key : keys) {
        out[i++] = new int[] {(int) (key >>> 32), (int) key};
      }
      return out;
    }
  }
}
