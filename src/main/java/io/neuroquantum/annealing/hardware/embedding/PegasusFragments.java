package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Pegasus P(m) working graph as a grid of fragments, the way minorminer's busclique sees it: each
 * qubit spans six fragments (dwave-networkx's {@code get_tuple_fragmentation_fn}), and the fragments
 * form a 6m × 6m grid of cells. A horizontal qubit (u = 1, w, k, z) lies on fragment row 6w + k/2
 * (parity k mod 2) and covers columns 6z + s .. 6z + s + 5, s being half its offset; the m - 1 qubits
 * of one (w, k) form a track along that row, joined by external couplers. Verticals (u = 0) likewise on
 * columns. A horizontal and a vertical fragment in one cell belong to coupled qubits.
 *
 * <p>What this answers: which <i>lines</i> exist, a line being the qubits of one track that cover a run
 * of fragments {@code from..to}, all working and joined by working external couplers. Broken internal
 * couplers (between a horizontal and a vertical qubit) cannot be expressed per line, so for each one a
 * qubit at one end is left out (the one with more broken internal couplers; busclique tries several such
 * choices and keeps the best, this takes one); then every two crossing fragments of usable qubits are coupled.
 */
final class PegasusFragments {

  final int m;
  /** Fragment rows and columns are 0..cells-1. */
  final int cells;
  private final int[][] start = new int[2][];   // [u][line]: first fragment its tracks cover
  // the lines covering from..to, packed as parity bits | qubits << 2, laid out for the clique layout's
  // inner loop, which steps along a row's start (horizontal lines) or across columns (vertical lines)
  private final byte[] across;  // [(row * cells + to - from) * cells + from]
  private final byte[] down;    // [(from * cells + to - from) * cells + column]

  PegasusFragments(int m, TargetGraph working) {
    if (m < 2 || m > 32) { // 32: a line's qubit count fits the packed byte; real QPUs are P16
      throw new IllegalArgumentException("pegasus size must be 2..32, got " + m);
    }
    this.m = m;
    this.cells = 6 * m;
    for (int u = 0; u < 2; u++) {
      int[] offsets = u == 0 ? TopologyGraph.PEGASUS_OFF0 : TopologyGraph.PEGASUS_OFF1;
      start[u] = new int[cells];
      for (int line = 0; line < cells; line++) {
        start[u][line] = offsets[2 * (line % 6)] / 2; // both parities of a line share their offset
      }
    }
    BitSet usable = usableQubits(working);
    across = new byte[cells * cells * cells];
    down = new byte[cells * cells * cells];
    for (int u = 0; u < 2; u++) {
      for (int line = 0; line < cells; line++) {
        for (int parity = 0; parity < 2; parity++) {
          markLines(u, line, parity, usable, working);
        }
        for (int from = 0; from < cells; from++) {
          for (int to = from; to < cells; to++) {
            pack(u, line, from, to, lineLength(u, line, from, to) << 2);
          }
        }
      }
    }
  }

  private void pack(int u, int line, int from, int to, int bits) {
    if (u == 1) {
      across[(line * cells + to - from) * cells + from] |= (byte) bits;
    } else {
      down[(from * cells + to - from) * cells + line] |= (byte) bits;
    }
  }

  /** The horizontal lines of a row covering {@code from..to}: parity bits | qubits << 2. */
  int across(int row, int from, int to) {
    return across[(row * cells + to - from) * cells + from] & 0xff;
  }

  /** The vertical lines of a column covering rows {@code from..to}: parity bits | qubits << 2. */
  int down(int column, int from, int to) {
    return down[(from * cells + to - from) * cells + column] & 0xff;
  }

  /** Bit p set: the parity-p track of this line has a line covering {@code from..to}. */
  int lineMask(int u, int line, int from, int to) {
    return (u == 1 ? across(line, from, to) : down(line, from, to)) & 3;
  }

  /** The qubits a line covering {@code from..to} has (the same for both parities). */
  int lineLength(int u, int line, int from, int to) {
    return (to - start[u][line]) / 6 - (from - start[u][line]) / 6 + 1;
  }

  /** Adds the labels of the line's qubits to {@code chain}. */
  void addLine(List<Integer> chain, int u, int line, int parity, int from, int to) {
    int s = start[u][line];
    for (int z = (from - s) / 6; z <= (to - s) / 6; z++) {
      chain.add(label(u, line, parity, z));
    }
  }

  private int label(int u, int line, int parity, int z) {
    return TopologyGraph.pegasusLabel(m, u, line / 6, 2 * (line % 6) + parity, z);
  }

  private void markLines(int u, int line, int parity, BitSet usable, TargetGraph working) {
    int s = start[u][line];
    int qubits = m - 1;
    for (int first = 0; first < qubits; first++) {
      // extend the line qubit by qubit from `first` while the next qubit and its coupler work
      for (int last = first; last < qubits && usable.get(label(u, line, parity, last)); last++) {
        if (last > first && !working.hasEdge(label(u, line, parity, last - 1), label(u, line, parity, last))) {
          break;
        }
        // the runs from..to whose first fragment is on qubit `first` and last on qubit `last`
        for (int from = 6 * first + s; from < 6 * first + s + 6; from++) {
          for (int to = Math.max(from, 6 * last + s); to < 6 * last + s + 6; to++) {
            pack(u, line, from, to, 1 << parity);
          }
        }
      }
    }
  }

  /**
   * The working qubits, less one end of every broken internal coupler. The internal couplers are
   * exactly the crossings of a horizontal and a vertical fragment in a cell, so each cell is checked.
   */
  private BitSet usableQubits(TargetGraph working) {
    BitSet usable = new BitSet();
    for (int q = 0; q < 24 * m * (m - 1); q++) {
      if (working.indexOf(q) >= 0) {
        usable.set(q);
      }
    }
    List<int[]> broken = new ArrayList<>();
    Map<Integer, Integer> brokenAt = new HashMap<>();
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        for (int p = 0; p < 4; p++) {
          int across = qubitAt(1, row, p & 1, col);
          int down = qubitAt(0, col, p >> 1, row);
          if (across >= 0 && down >= 0 && usable.get(across) && usable.get(down) && !working.hasEdge(across, down)) {
            broken.add(new int[] {across, down});
            brokenAt.merge(across, 1, Integer::sum);
            brokenAt.merge(down, 1, Integer::sum);
          }
        }
      }
    }
    for (int[] e : broken) {
      if (usable.get(e[0]) && usable.get(e[1])) {
        usable.clear(brokenAt.get(e[0]) >= brokenAt.get(e[1]) ? e[0] : e[1]);
      }
    }
    return usable;
  }

  /** The qubit of the given line and parity that covers fragment {@code at} along it, or -1. */
  private int qubitAt(int u, int line, int parity, int at) {
    int s = start[u][line];
    return at < s || at >= s + 6 * (m - 1) ? -1 : label(u, line, parity, (at - s) / 6);
  }
}
