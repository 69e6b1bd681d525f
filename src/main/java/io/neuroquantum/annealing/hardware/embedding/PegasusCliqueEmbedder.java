package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Clique embeddings for Pegasus P(m), laid out rather than searched for, so dense problems that the
 * heuristic cannot place still get an embedding, in milliseconds.
 *
 * <p><b>The layout.</b> Cut each Pegasus qubit into the six fragments it spans (dwave-networkx's
 * {@code get_tuple_fragmentation_fn}): the fragments form a Chimera graph of K<sub>2,2</sub> cells
 * on a 6m × 6m grid. A horizontal qubit (u = 1, w, k, z) lies on fragment row (12w + k) / 2 with
 * parity k mod 2 and covers columns 6z + o .. 6z + o + 5, o being half its offset; the qubits of one
 * (w, k) form a track along that row, joined by external couplers. Verticals likewise on columns.
 * Two fragments in one cell belong to coupled qubits. A clique variable is an L: a horizontal arm on
 * row R from column C rightwards and a vertical arm on column C from row R downwards, joined in cell
 * (R, C). If the variables are ordered with rows increasing and columns decreasing, and every
 * horizontal arm reaches the largest column used and every vertical arm the largest row used, then
 * for any two variables i before j the arm of j's row crosses i's column in cell (R_j, C_i), where
 * i's vertical arm passes: every pair touches. Each (row, column) pair carries two variables, one
 * per parity. Tracks start at different offsets, so which (R, C) pairs fit depends on them: the
 * longest fitting sequence is found by dynamic programming over the ends (largest row and column).
 *
 * <p><b>Size.</b> The four mirror images of the grid are tried (track offsets make them differ). For
 * P16 this gives K_176 with chains of at most 17 qubits. The known size is K_180: minorminer's
 * busclique finds it ({@code largest_clique()} of {@code pegasus_graph(16)} is 180 with chain length
 * 17 in minorminer's tests/test_busclique.py); its chains are not restricted to one L per
 * row and column pair as here. Only whole graphs are laid out: on a working
 * graph that lacks a qubit or coupler the layout uses, {@link #embed} says so, and the heuristic is
 * the fallback.
 */
public final class PegasusCliqueEmbedder {

  private final int m;
  /** Fragment rows/columns are 0..6m-1; a track covers {@code span} consecutive fragments from its start. */
  private final int cells;
  private final int span;
  private int[] rowStart;   // per fragment row: start column of its horizontal tracks, -1 without both parities
  private int[] colStart;   // per fragment column: start row of its vertical tracks, -1 likewise
  private int[][] layout;   // the (row, column) pairs of the largest clique, in the oriented frame, rows increasing
  private boolean flipRows; // the orientation the layout was found in: the grid mirrored top to bottom
  private boolean flipCols; // … and left to right

  public PegasusCliqueEmbedder(int m) {
    if (m < 2) {
      throw new IllegalArgumentException("pegasus size must be at least 2, got " + m);
    }
    this.m = m;
    this.cells = 6 * m;
    this.span = 6 * (m - 2) + 6;
    BitSet nodes = new BitSet();
    for (int q : TopologyGraph.pegasus(m).nodes()) {
      nodes.set(q);
    }
    int[] rows = starts(1, TopologyGraph.PEGASUS_OFF1, nodes);
    int[] cols = starts(0, TopologyGraph.PEGASUS_OFF0, nodes);
    // tracks start at different offsets, so the mirrored grids differ: the Ls may point any of four ways
    int[][] best = new int[0][];
    for (int flips = 0; flips < 4; flips++) {
      boolean fr = (flips & 1) != 0;
      boolean fc = (flips & 2) != 0;
      rowStart = mirrored(rows, fr, fc);
      colStart = mirrored(cols, fc, fr);
      int[][] found = longestLayout();
      if (found.length > best.length) {
        best = found;
        flipRows = fr;
        flipCols = fc;
      }
    }
    layout = best;
  }

  /**
   * Track starts in a mirrored grid: the lines taken in reverse when their own axis is mirrored, and
   * each track's interval reflected when the axis it runs along is.
   */
  private int[] mirrored(int[] starts, boolean flipLines, boolean flipAlong) {
    int[] out = new int[cells];
    for (int line = 0; line < cells; line++) {
      int start = starts[flipLines ? cells - 1 - line : line];
      out[line] = start < 0 || !flipAlong ? start : cells - (start + span);
    }
    return out;
  }

  private int row(int oriented) {
    return flipRows ? cells - 1 - oriented : oriented;
  }

  private int col(int oriented) {
    return flipCols ? cells - 1 - oriented : oriented;
  }

  /** The largest clique this layout gives in P(m): 176 for m = 16 (busclique: 180). */
  public int largestClique() {
    return 2 * layout.length;
  }

  /**
   * K_n laid out in the whole P(m), as chains of qubit labels (dwave-networkx's linear numbering).
   *
   * @throws IllegalArgumentException when n is above {@link #largestClique()}
   */
  public int[][] chainLabels(int n) {
    if (n < 1 || n > largestClique()) {
      throw new IllegalArgumentException("K_" + n + " does not fit the P" + m + " clique layout (at most K_"
          + largestClique() + ")");
    }
    int[][] pairs = shortestBlock((n + 1) / 2);
    int maxRow = pairs[pairs.length - 1][0];
    int maxCol = pairs[0][1];
    int[][] chains = new int[n][];
    for (int v = 0; v < n; v++) {
      int[] pair = pairs[v / 2];
      int parity = v % 2;
      List<Integer> chain = new ArrayList<>();
      // the arms in the oriented frame, [column, maxCol] and [row, maxRow], back in the grid's own
      addTrack(chain, 1, row(pair[0]), parity, Math.min(col(pair[1]), col(maxCol)), Math.max(col(pair[1]), col(maxCol)),
          TopologyGraph.PEGASUS_OFF1);
      addTrack(chain, 0, col(pair[1]), parity, Math.min(row(pair[0]), row(maxRow)), Math.max(row(pair[0]), row(maxRow)),
          TopologyGraph.PEGASUS_OFF0);
      chains[v] = chain.stream().mapToInt(Integer::intValue).toArray();
    }
    return chains;
  }

  /**
   * K_n in {@code target} (a P(m) working graph), checked: every chain connected, every pair of chains
   * coupled. Empty when the target lacks a qubit or coupler the layout needs.
   */
  public Optional<Embedding> embed(int n, TargetGraph target) {
    int[][] labels = chainLabels(n);
    int[][] chains = new int[n][];
    for (int v = 0; v < n; v++) {
      chains[v] = new int[labels[v].length];
      for (int i = 0; i < labels[v].length; i++) {
        int index = target.indexOf(labels[v][i]);
        if (index < 0) {
          return Optional.empty();
        }
        chains[v][i] = index;
      }
    }
    Embedding embedding = new Embedding(chains);
    return embedding.problems(clique(n), target).isEmpty() ? Optional.of(embedding) : Optional.empty();
  }

  /** K_n as a problem graph. */
  public static ProblemGraph clique(int n) {
    int[][] edges = new int[n * (n - 1) / 2][];
    int e = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        edges[e++] = new int[] {i, j};
      }
    }
    return ProblemGraph.of(n, edges);
  }

  /**
   * For each fragment row (u = 1) or column (u = 0): the first fragment its two tracks (parities 0
   * and 1) cover, when both are in the fabric; -1 otherwise. Both parities share w and the offset group.
   */
  private int[] starts(int u, int[] offsets, BitSet nodes) {
    int[] start = new int[cells];
    for (int line = 0; line < cells; line++) {
      int w = (2 * line) / 12;
      int k = (2 * line) % 12;
      boolean present = nodes.get(TopologyGraph.pegasusLabel(m, u, w, k, 0))
          && nodes.get(TopologyGraph.pegasusLabel(m, u, w, k + 1, 0));
      start[line] = present ? offsets[k] / 2 : -1;
    }
    return start;
  }

  /** Whether (row, col) can be an L whose arms reach maxCol and maxRow. */
  private boolean fits(int row, int col, int maxRow, int maxCol) {
    int rs = rowStart[row];
    int cs = colStart[col];
    return rs >= 0 && cs >= 0 && col >= rs && maxCol < rs + span && row >= cs && maxRow < cs + span;
  }

  /**
   * The longest sequence of (row, column) pairs, rows increasing and columns decreasing, whose Ls fit;
   * tried for every pair of ends (largest row, largest column), O((6m)^4) simple steps (under 0.1 s for P16).
   */
  private int[][] longestLayout() {
    int[][] best = new int[0][];
    int[][] f = new int[cells][cells];
    int[][] g = new int[cells][cells + 1];   // g[r][c]: the best f over rows <= r and columns >= c
    for (int maxRow = 0; maxRow < cells; maxRow++) {
      for (int maxCol = 0; maxCol < cells; maxCol++) {
        for (int r = 0; r <= maxRow; r++) {
          g[r][maxCol + 1] = 0;
          for (int c = maxCol; c >= 0; c--) {
            int before = r > 0 ? g[r - 1][c + 1] : 0;
            f[r][c] = fits(r, c, maxRow, maxCol) ? before + 1 : 0;
            g[r][c] = Math.max(f[r][c], Math.max(r > 0 ? g[r - 1][c] : 0, g[r][c + 1]));
          }
        }
        if (g[maxRow][0] > best.length) {
          best = trace(f, maxRow, maxCol, g[maxRow][0]);
        }
      }
    }
    return best;
  }

  /** The pairs of a sequence of the given length, found back from its end in f. */
  private static int[][] trace(int[][] f, int maxRow, int maxCol, int length) {
    int[][] pairs = new int[length][];
    int rowBelow = maxRow + 1;
    int colAbove = -1;
    for (int left = length; left >= 1; left--) {
      search:
      for (int r = rowBelow - 1; r >= 0; r--) {
        for (int c = colAbove + 1; c <= maxCol; c++) {
          if (f[r][c] == left) {
            pairs[left - 1] = new int[] {r, c};
            rowBelow = r;
            colAbove = c;
            break search;
          }
        }
      }
    }
    return pairs;
  }

  /**
   * Of the layout's consecutive blocks of {@code count} pairs, the one with the shortest arms (a small
   * clique should not get chains across the whole chip).
   */
  private int[][] shortestBlock(int count) {
    int bestFrom = 0;
    int bestSpan = Integer.MAX_VALUE;
    for (int from = 0; from + count <= layout.length; from++) {
      int[] first = layout[from];
      int[] last = layout[from + count - 1];
      int armSpan = Math.max(first[1] - last[1], last[0] - first[0]);
      if (armSpan < bestSpan) {
        bestSpan = armSpan;
        bestFrom = from;
      }
    }
    return Arrays.copyOfRange(layout, bestFrom, bestFrom + count);
  }

  /**
   * Adds the qubits of the track on fragment line {@code line} (u = 1: a row; 0: a column) with the
   * given parity that cover fragments {@code from..to} along it.
   */
  private void addTrack(List<Integer> chain, int u, int line, int parity, int from, int to, int[] offsets) {
    int w = (2 * line + parity) / 12;
    int k = (2 * line + parity) % 12;
    int start = offsets[k] / 2;
    for (int z = 0; z <= m - 2; z++) {
      int first = 6 * z + start;
      if (first <= to && first + 5 >= from) {
        chain.add(TopologyGraph.pegasusLabel(m, u, w, k, z));
      }
    }
  }
}
