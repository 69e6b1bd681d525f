package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Clique embeddings for a Pegasus P(m) working graph, laid out rather than searched for, so dense
 * problems that the heuristic cannot place still get an embedding, in well under a second. The idea is
 * minorminer's busclique ({@code clique_cache.hpp}), written anew here.
 *
 * <p><b>The layout.</b> On the fragment grid ({@link PegasusFragments}) every chain is an L: a line along
 * one row and a line along one column, meeting in a cell. A clique of width W is built as a staircase
 * of shrinking and growing rectangles inside a W × W square: the first L's horizontal arm spans W
 * columns on one row; each next L takes a new row just above or below the rows used so far, its
 * horizontal arm spans the columns still free, its vertical arm runs along the first or last of those
 * columns across every row used so far, and that column is then used up. So each later L's vertical arm
 * crosses every earlier L's horizontal arm: every pair of chains meets in a cell, where their qubits are
 * coupled. A cell carries up to two Ls (a row and a column each hold two parallel tracks), so W rows
 * give up to 2W chains; missing qubits and couplers just make some Ls carry fewer. Which of the four
 * corners each L takes is chosen by dynamic programming over the rectangle's position, maximizing the
 * chains; a bound on the chain length (qubits per L) may be imposed.
 *
 * <p><b>Size.</b> Every square width W is tried, each with decreasing chain length bounds, and the best
 * clique for each chain length is kept. In the whole P16 this reaches K_180 with chains of at most 17
 * qubits, the size minorminer's busclique finds ({@code largest_clique()} of {@code pegasus_graph(16)},
 * tests/test_busclique.py). A K_n is taken from the clique with the shortest chains that holds n.
 */
public final class PegasusCliqueEmbedder {

  private final int m;
  /** For each chain length bound: the largest clique found with chains no longer, as chains of labels. */
  private final TreeMap<Integer, int[][]> byLength = new TreeMap<>();

  /** The layout on the whole P(m). */
  public PegasusCliqueEmbedder(int m) {
    this(m, TopologyGraph.pegasus(m).asTarget());
  }

  /** The layout on a P(m) working graph: only its qubits and couplers are used. */
  public PegasusCliqueEmbedder(int m, TargetGraph working) {
    this.m = m;
    PegasusFragments grid = new PegasusFragments(m, working); // megabytes: not kept once laid out
    Staircase staircase = new Staircase(grid);
    // widest first: a width W gives at most 2W chains, so once a clique that large is known for a
    // chain length bound, narrower squares need not be tried with it
    for (int width = grid.cells; width >= 1; width--) {
      // an L's two arms cover width + 1 fragments, six per qubit; an arm of f fragments touches at most
      // (f + 10) / 6 qubits (its ends may fall on the last and first fragment of a qubit)
      int shortest = (width + 6) / 6;
      int bound = (width + 21) / 6;
      while (bound >= shortest) {
        if (2 * width <= largestUpTo(bound)) {
          bound--;
          continue;
        }
        int[][] chains = staircase.best(width, bound);
        if (chains.length == 0) {
          break;
        }
        int length = Arrays.stream(chains).mapToInt(c -> c.length).max().orElseThrow();
        if (chains.length > largestUpTo(length)) {
          byLength.put(length, chains);
        }
        bound = length - 1;
      }
    }
  }

  /** The largest clique known with chains of at most {@code length} qubits. */
  private int largestUpTo(int length) {
    return byLength.headMap(length, true).values().stream().mapToInt(c -> c.length).max().orElse(0);
  }

  /** The largest clique the layout gives: 180 for the whole P16. */
  public int largestClique() {
    return byLength.values().stream().mapToInt(c -> c.length).max().orElse(0);
  }

  /**
   * K_n as chains of qubit labels (dwave-networkx's linear numbering), from the clique with the
   * shortest chains that holds n, its n shortest chains.
   *
   * @throws IllegalArgumentException when n is above {@link #largestClique()}
   */
  public int[][] chainLabels(int n) {
    if (n < 1 || n > largestClique()) {
      throw new IllegalArgumentException("K_" + n + " does not fit the P" + m + " clique layout (at most K_"
          + largestClique() + ")");
    }
    int[][] clique = byLength.values().stream().filter(c -> c.length >= n).findFirst().orElseThrow();
    return Arrays.stream(clique).sorted(Comparator.comparingInt(c -> c.length)).limit(n).toArray(int[][]::new);
  }

  /**
   * K_n in {@code target} (the working graph this layout was made for, or a larger one), checked:
   * every chain connected, every pair of chains coupled. Empty when n is above {@link #largestClique()}
   * or the target lacks a qubit or coupler the layout uses.
   */
  public Optional<Embedding> embed(int n, TargetGraph target) {
    if (n > largestClique()) {
      return Optional.empty();
    }
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
   * The dynamic program for one square width and chain length bound. After j Ls the state is the
   * rectangle of the j rows used (from row y) and the width - j columns still free (from column x);
   * its value is the most chains the j Ls carry. The next L adds a row on top or below and takes the
   * free columns' first or last column: four moves, remembered per state for the way back. Every state
   * within the grid is reachable, so values start at 0. The tables are reused from width to width.
   */
  private static final class Staircase {
    private static final int TOP = 1;  // the new row is above the rows used (else below)
    private static final int LEFT = 2; // the vertical arm takes the first free column (else the last)
    private static final int[] BITS = {0, 1, 1, 2};

    private final PegasusFragments grid;
    private final int side; // positions 0..cells, a state is y * side + x
    private final int[][] value;
    private final byte[][] move;
    private int width;
    private int bound;

    Staircase(PegasusFragments grid) {
      this.grid = grid;
      this.side = grid.cells + 1;
      this.value = new int[side][side * side];
      this.move = new byte[side][side * side];
    }

    /** The chains of the best staircase of this width whose Ls have at most {@code bound} qubits. */
    int[][] best(int width, int bound) {
      this.width = width;
      this.bound = bound;
      for (int j = 0; j <= width; j++) {
        Arrays.fill(value[j], 0);
      }
      for (int j = 0; j < width; j++) {
        advance(j);
      }
      int state = 0;
      for (int s = 1; s < side * side; s++) {
        if (value[width][s] > value[width][state]) {
          state = s;
        }
      }
      List<int[]> out = new ArrayList<>();
      for (int j = width - 1; j >= 0 && value[j + 1][state] > 0; j--) {
        int step = move[j + 1][state];
        int ny = state / side;
        int nx = state % side;
        int y = (step & TOP) != 0 ? ny + 1 : ny;
        int x = (step & LEFT) != 0 ? nx - 1 : nx;
        if (value[j + 1][state] > value[j][y * side + x]) {
          addChains(out, j, ny, x, step);
        }
        state = y * side + x;
      }
      return out.toArray(int[][]::new);
    }

    /** From the states after j Ls (j = 0: none yet, y is where the first row goes) to those after j + 1. */
    private void advance(int j) {
      int freeCols = width - j;
      int[] from = value[j];
      int[] to = value[j + 1];
      byte[] moves = move[j + 1];
      for (int y = 0; y + Math.max(j, 1) <= grid.cells; y++) {
        for (int step = 0; step < 4; step++) {
          boolean top = (step & TOP) != 0;
          if (top && (j == 0 || y == 0) || !top && y + j >= grid.cells) {
            continue;
          }
          int ny = top ? y - 1 : y;
          int row = top ? ny : ny + j;
          int shift = (step & LEFT) != 0 ? 1 : 0;
          int colOffset = (step & LEFT) != 0 ? 0 : freeCols - 1;
          for (int x = 0; x + freeCols <= grid.cells; x++) {
            int across = grid.across(row, x, x + freeCols - 1);
            int down = grid.down(x + colOffset, ny, ny + j);
            int total = from[y * side + x];
            if ((across >> 2) + (down >> 2) <= bound) {
              total += Math.min(BITS[across & 3], BITS[down & 3]);
            }
            int next = ny * side + x + shift;
            if (total > to[next]) {
              to[next] = total;
              moves[next] = (byte) step;
            }
          }
        }
      }
    }

    /** Pairs the horizontal and vertical lines of the L placed by {@code step} after j Ls into chains. */
    private void addChains(List<int[]> out, int j, int ny, int x, int step) {
      int row = (step & TOP) != 0 ? ny : ny + j;
      int lastCol = x + width - j - 1;
      int col = (step & LEFT) != 0 ? x : lastCol;
      int across = grid.lineMask(1, row, x, lastCol);
      int down = grid.lineMask(0, col, ny, ny + j);
      while (across != 0 && down != 0) {
        List<Integer> chain = new ArrayList<>();
        grid.addLine(chain, 1, row, Integer.numberOfTrailingZeros(across), x, lastCol);
        grid.addLine(chain, 0, col, Integer.numberOfTrailingZeros(down), ny, ny + j);
        out.add(chain.stream().mapToInt(Integer::intValue).toArray());
        across &= across - 1;
        down &= down - 1;
      }
    }
  }
}
