package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.OneHotGroups;
import java.util.Arrays;

/**
 * The compound moves a descent tries once no single flip improves: on models with one-hot groups
 * (colouring, TSP) a feasible state is a single-flip local minimum by construction, because every
 * single flip breaks a one-hot constraint and pays its penalty. A shift moves a group's 1 to another
 * member (recolour a vertex: two flips); an exchange swaps the columns of two permutation rows (swap
 * two cities' positions: four flips). Both keep the groups one-hot, so they move between feasible
 * states directly. Spin +1 is variable value 1.
 *
 * <p>When no shift improves alone, ejection chains are tried (as colouring local searches use them):
 * a shift that does not improve by itself, followed by the best shift of a group it touched, and so
 * on. On a colouring this moves a conflicting vertex to a colour a neighbour holds, that neighbour to
 * another colour, …, which single recolourings never find once every colour of the vertex conflicts
 * as much as its own; SA's colourings are such states (docs/annealing.md). The descent stays a
 * descent: a chain is made only when its shifts together lower the energy.
 */
final class GroupMoves {

  private final int[][] groups;
  private final boolean exchange;
  private final int[] active;
  /** The group of each variable, −1 for none: which groups a shift touches through its couplings. */
  private final int[] groupOf;
  /** Per group, the chain that last shifted it: a chain shifts each group at most once. */
  private final int[] seenIn;
  private int attempt;
  /** Links an ejection chain may have; each is one shift (two flips). */
  private static final int MAX_CHAIN = 8;
  private final int[] sites = new int[4];
  private final int[] bestSites = new int[2 * MAX_CHAIN];
  private final int[] chain = new int[2 * MAX_CHAIN];
  private double linkDelta;
  private int linkGroup;
  private int linkFrom;
  private int linkTo;
  private double bestDelta;
  private int bestCount;

  GroupMoves(OneHotGroups groups, int numVariables) {
    groups.checkAgainst(numVariables);
    this.groups = groups.groups();
    this.exchange = groups.kind() == OneHotGroups.Kind.EXCHANGE;
    this.active = new int[this.groups.length];
    this.groupOf = new int[numVariables];
    Arrays.fill(groupOf, -1);
    for (int g = 0; g < this.groups.length; g++) {
      for (int v : this.groups[g]) {
        groupOf[v] = g;
      }
    }
    this.seenIn = new int[this.groups.length];
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
    if (bestCount == 0 && !exchange) {
      considerChains(state);
    }
    for (int c = 0; c < bestCount; c++) {
      state.flip(bestSites[c]);
    }
    return bestCount;
  }

  /**
   * Ejection chains: from each shift of each group, made for a moment, the chain goes on with the best
   * shift of a group its last link touched (coupled to one of its two variables, not shifted yet in
   * this chain), up to {@link #MAX_CHAIN} links, as Lin–Kernighan goes on from a worsening step; the
   * best improving prefix seen from any start is remembered. Every tentative flip is undone in reverse,
   * so the state leaves as it came.
   */
  private void considerChains(FlipState state) {
    for (int g = 0; g < groups.length; g++) {
      int a = active[g];
      for (int m = 0; a >= 0 && m < groups[g].length; m++) {
        if (m != a) {
          followChain(state, g, groups[g][a], groups[g][m]);
        }
      }
    }
  }

  private void followChain(FlipState state, int g, int from, int to) {
    attempt++;
    seenIn[g] = attempt;
    int links = 0;
    double total = 0;
    int nextGroup = g;
    int nextFrom = from;
    int nextTo = to;
    while (true) {
      sites[0] = nextFrom;
      sites[1] = nextTo;
      total += deltaOfFlipping(state, 2);
      state.flip(nextFrom);
      state.flip(nextTo);
      chain[2 * links] = nextFrom;
      chain[2 * links + 1] = nextTo;
      links++;
      seenIn[nextGroup] = attempt;
      if (links > 1 && total < bestDelta) {
        bestDelta = total;
        bestCount = 2 * links;
        System.arraycopy(chain, 0, bestSites, 0, bestCount);
      }
      if (links == MAX_CHAIN) {
        break;
      }
      linkDelta = Double.POSITIVE_INFINITY;
      linkGroup = -1;
      bestLinkFrom(state, nextFrom);
      bestLinkFrom(state, nextTo);
      if (linkGroup < 0) {
        break;
      }
      nextGroup = linkGroup;
      nextFrom = linkFrom;
      nextTo = linkTo;
    }
    for (int f = 2 * links - 1; f >= 0; f--) {
      state.flip(chain[f]);
    }
  }

  /** The best shift (lowest ΔE now) of a group coupled to {@code site} and not yet in the chain. */
  private void bestLinkFrom(FlipState state, int site) {
    for (int k = state.start[site], end = state.start[site + 1]; k < end; k++) {
      int h = groupOf[state.neighbor[k]];
      if (h < 0 || seenIn[h] == attempt) {
        continue;
      }
      int b = active[h];
      for (int m = 0; b >= 0 && m < groups[h].length; m++) {
        if (m == b) {
          continue;
        }
        sites[0] = groups[h][b];
        sites[1] = groups[h][m];
        double d = deltaOfFlipping(state, 2);
        if (d < linkDelta) {
          linkDelta = d;
          linkGroup = h;
          linkFrom = sites[0];
          linkTo = sites[1];
        }
      }
    }
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
