package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.OneHotGroups;

/**
 * The compound moves a descent tries once no single flip improves: on models with one-hot groups
 * (colouring, TSP) a feasible state is a single-flip local minimum by construction, because every
 * single flip breaks a one-hot constraint and pays its penalty. A shift moves a group's 1 to another
 * member (recolour a vertex: two flips); an exchange swaps the columns of two permutation rows (swap
 * two cities' positions: four flips). Both keep the groups one-hot, so they move between feasible
 * states directly. Spin +1 is variable value 1.
 */
final class GroupMoves {

  private final int[][] groups;
  private final boolean exchange;
  private final int[] active;
  private final int[] sites = new int[4];
  private final int[] bestSites = new int[4];
  private double bestDelta;
  private int bestCount;

  GroupMoves(OneHotGroups groups, int numVariables) {
    groups.checkAgainst(numVariables);
    this.groups = groups.groups();
    this.exchange = groups.kind() == OneHotGroups.Kind.EXCHANGE;
    this.active = new int[this.groups.length];
  }

  /** Makes the most improving move (ΔE below −tolerance), if there is one; returns the flips made (0: none). */
  int applyBest(FlipState state, double tolerance) {
    for (int g = 0; g < groups.length; g++) {
      active[g] = OneHotGroups.onlyActive(state.spins, groups[g]);
    }
    bestDelta = -tolerance;
    bestCount = 0;
    if (exchange) {
      for (int u = 0; u < groups.length; u++) {
        for (int v = u + 1; v < groups.length; v++) {
          int p = active[u];
          int q = active[v];
          if (p >= 0 && q >= 0 && p != q) {
            sites[0] = groups[u][p];
            sites[1] = groups[u][q];
            sites[2] = groups[v][q];
            sites[3] = groups[v][p];
            consider(state, 4);
          }
        }
      }
    } else {
      for (int g = 0; g < groups.length; g++) {
        int a = active[g];
        for (int m = 0; a >= 0 && m < groups[g].length; m++) {
          if (m != a) {
            sites[0] = groups[g][a];
            sites[1] = groups[g][m];
            consider(state, 2);
          }
        }
      }
    }
    for (int c = 0; c < bestCount; c++) {
      state.flip(bestSites[c]);
    }
    return bestCount;
  }

  /** Remembers sites[0..count) when flipping them improves more than the best move so far. */
  private void consider(FlipState state, int count) {
    double delta = deltaOfFlipping(state, count);
    if (delta < bestDelta) {
      bestDelta = delta;
      bestCount = count;
      System.arraycopy(sites, 0, bestSites, 0, count);
    }
  }

  /** ΔE of flipping sites[0..count) together: the single-flip changes plus 4Jᵢⱼsᵢsⱼ per pair. */
  private double deltaOfFlipping(FlipState state, int count) {
    double delta = 0;
    for (int a = 0; a < count; a++) {
      int i = sites[a];
      delta += state.delta(i);
      for (int b = a + 1; b < count; b++) {
        int j = sites[b];
        delta += 4 * state.couplingBetween(i, j) * state.spins[i] * state.spins[j];
      }
    }
    return delta;
  }
}
