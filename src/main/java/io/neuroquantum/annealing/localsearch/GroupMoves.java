package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.solvers.StopCheck;
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
  private final int[] shiftedIn;
  private int attempt;
  /** Per group, the link search that last looked at it: a group coupled to both sites is looked at once. */
  private final int[] lookedAt;
  private int look;
  /** One variable's couplings spread over all variables (zero elsewhere), loaded and cleared around use. */
  private final double[] rowCoupling;
  /** Per member of the group being scanned, the ΔE of shifting to it ({@link #shiftDeltas}). */
  private final double[] deltaTo;
  /** Where the next chain search starts, and the work the current one has done (row entries read). */
  private int chainStart;
  private long work;
  /** Links an ejection chain may have; each is one shift (two flips). */
  private static final int MAX_CHAIN = 8;
  /**
   * A chain search reads at most this many times the model's couplings, or {@link #MIN_CHAIN_WORK}
   * row entries if that is more (tens of milliseconds): small models (DSJC125.1, a few thousand
   * couplings) are always searched whole, only large dense ones are cut short.
   */
  private static final long CHAIN_WORK_PER_COUPLING = 256;
  private static final long MIN_CHAIN_WORK = 1L << 26;
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
    this.shiftedIn = new int[this.groups.length];
    this.lookedAt = new int[this.groups.length];
    this.rowCoupling = new double[numVariables];
    this.deltaTo = new double[Arrays.stream(this.groups).mapToInt(g -> g.length).max().orElse(0)];
  }

  /**
   * Makes the most improving move (ΔE below −tolerance), if there is one; returns the flips made (0:
   * none). The chains are the costly part on a large model (every shift of every group, each followed
   * by up to 8 scans of touched groups), so they check {@code stop} once per group: a cancelled or
   * timed-out descent ends within one group's chains, not after a whole pass.
   */
  int applyBest(FlipState state, double tolerance, StopCheck stop) {
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
        if (active[g] < 0) {
          continue;
        }
        shiftDeltas(state, g);
        for (int m = 0; m < groups[g].length; m++) {
          if (deltaTo[m] < bestDelta) {
            bestDelta = deltaTo[m];
            bestCount = 2;
            bestSites[0] = groups[g][active[g]];
            bestSites[1] = groups[g][m];
          }
        }
      }
    }
    if (bestCount == 0 && !exchange) {
      considerChains(state, stop);
    }
    for (int c = 0; c < bestCount; c++) {
      state.flip(bestSites[c]);
    }
    return bestCount;
  }

  /**
   * Ejection chains: from each shift of each group (none improves alone), made for a moment, the
   * chain goes on with the best shift of a group its last link touched (coupled to one of
   * its two variables, not shifted yet in this chain), up to {@link #MAX_CHAIN} links, as Lin–Kernighan
   * goes on from a worsening step; the best improving prefix seen is remembered. Every tentative flip
   * is undone in reverse, so the state leaves as it came.
   *
   * <p>On a dense model one chain scans thousands of groups, so a search is held to a work budget
   * ({@link #CHAIN_WORK_PER_COUPLING}, {@link #MIN_CHAIN_WORK}) and the next search starts at the
   * group where this one stopped: a compound step costs a bounded multiple of a sweep. A search cut
   * short by the budget that found nothing ends the descent there, so on such models the result is
   * not guaranteed to be a local minimum of the chains (it still is of single flips and shifts).
   */
  private void considerChains(FlipState state, StopCheck stop) {
    long budget = Math.max(MIN_CHAIN_WORK, CHAIN_WORK_PER_COUPLING * Math.max(state.n, (long) state.start[state.n]));
    work = 0;
    int first = chainStart;
    for (int i = 0; i < groups.length && work < budget && bestCount == 0 && !stop.shouldStop(); i++) {
      int g = (first + i) % groups.length;
      int a = active[g];
      if (a < 0) {
        continue;
      }
      int from = groups[g][a];
      shiftDeltas(state, g);
      work += rowLength(state, from) + groups[g].length;
      for (int m = 0; m < groups[g].length; m++) {
        if (m != a) {
          followChain(state, g, from, groups[g][m], deltaTo[m]);
        }
      }
      chainStart = (g + 1) % groups.length;
    }
  }

  private void followChain(FlipState state, int g, int from, int to, double first) {
    attempt++;
    int links = 0;
    double total = first;
    int nextGroup = g;
    int nextFrom = from;
    int nextTo = to;
    while (true) {
      state.flip(nextFrom);
      state.flip(nextTo);
      work += rowLength(state, nextFrom) + rowLength(state, nextTo);
      chain[2 * links] = nextFrom;
      chain[2 * links + 1] = nextTo;
      links++;
      shiftedIn[nextGroup] = attempt;
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
      look++;
      bestLinkFrom(state, nextFrom);
      bestLinkFrom(state, nextTo);
      if (linkGroup < 0) {
        break;
      }
      total += linkDelta;
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
      if (h < 0 || shiftedIn[h] == attempt || lookedAt[h] == look || active[h] < 0) {
        continue;
      }
      lookedAt[h] = look;
      int from = groups[h][active[h]];
      loadRow(state, from);
      for (int m = 0; m < groups[h].length; m++) {
        if (m != active[h]) {
          double d = shiftDelta(state, from, groups[h][m]);
          if (d < linkDelta) {
            linkDelta = d;
            linkGroup = h;
            linkFrom = from;
            linkTo = groups[h][m];
          }
        }
      }
      clearRow(state, from);
      work += rowLength(state, from) + groups[h].length;
    }
  }

  /**
   * {@link #deltaTo}[m]: ΔE of moving group g's 1 (it has exactly one) to member m now; +∞ for the
   * active member itself. Kept in a field because a chain's links overwrite nothing of it.
   */
  private void shiftDeltas(FlipState state, int g) {
    int a = active[g];
    int from = groups[g][a];
    loadRow(state, from);
    for (int m = 0; m < groups[g].length; m++) {
      deltaTo[m] = m == a ? Double.POSITIVE_INFINITY : shiftDelta(state, from, groups[g][m]);
    }
    clearRow(state, from);
  }

  /** The couplings of variable i, spread into {@link #rowCoupling} so a shift's pair term is one read. */
  private void loadRow(FlipState state, int i) {
    for (int k = state.start[i], end = state.start[i + 1]; k < end; k++) {
      rowCoupling[state.neighbor[k]] = state.couplingAt(k);
    }
  }

  private void clearRow(FlipState state, int i) {
    for (int k = state.start[i], end = state.start[i + 1]; k < end; k++) {
      rowCoupling[state.neighbor[k]] = 0;
    }
  }

  /** ΔE of the shift from → to (from's row loaded): both single flips plus the pair term 4Jsₐsₘ. */
  private double shiftDelta(FlipState state, int from, int to) {
    return state.delta(from) + state.delta(to) + 4 * rowCoupling[to] * state.spins[from] * state.spins[to];
  }

  private static int rowLength(FlipState state, int i) {
    return state.start[i + 1] - state.start[i];
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
