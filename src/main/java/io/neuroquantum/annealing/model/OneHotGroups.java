package io.neuroquantum.annealing.model;

import java.util.Arrays;

/**
 * Groups of binary variables of which exactly one is 1 in every feasible state, as the one-hot
 * constraints of colouring (one colour per vertex) and TSP (one position per city) produce. A sampler
 * can then propose moves that keep such a group one-hot instead of crossing the penalty barrier one
 * flip at a time; the moves still sample the same QUBO (see {@code ParallelTempering}).
 *
 * @param groups variable indices per group
 * @param kind {@link Kind#SHIFT}: move a group's 1 to another member (recolour a vertex);
 *     {@link Kind#EXCHANGE}: the groups are the rows of a permutation matrix (equal lengths, member p
 *     of every row in column p), and two rows exchange their columns (swap two cities' positions)
 */
public record OneHotGroups(int[][] groups, Kind kind) {

  public enum Kind {
    SHIFT, EXCHANGE
  }

  public OneHotGroups {
    if (groups.length == 0) {
      throw new InvalidModelException("no one-hot groups");
    }
    groups = Arrays.stream(groups).map(int[]::clone).toArray(int[][]::new);
    for (int[] g : groups) {
      if (g.length < 2) {
        throw new InvalidModelException("a one-hot group needs at least 2 variables");
      }
      if (kind == Kind.EXCHANGE && g.length != groups[0].length) {
        throw new InvalidModelException("exchange groups are the rows of a square matrix: lengths differ");
      }
    }
  }

  /** Checks that every index is a variable of a model with {@code n} variables. */
  public void checkAgainst(int n) {
    for (int[] g : groups) {
      for (int v : g) {
        if (v < 0 || v >= n) {
          throw new InvalidModelException("one-hot group variable " + v + " is outside 0.." + (n - 1));
        }
      }
    }
  }

  /**
   * The member index of the group's single active variable (spin +1 or bit 1), or −1 when it holds
   * none or several: moves that keep groups one-hot only start from such groups.
   */
  public static int onlyActive(byte[] state, int[] group) {
    int found = -1;
    for (int m = 0; m < group.length; m++) {
      if (state[group[m]] > 0) {
        if (found >= 0) {
          return -1;
        }
        found = m;
      }
    }
    return found;
  }
}
