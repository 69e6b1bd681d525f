package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.OneHotGroups;

/**
 * Metropolis moves that keep one-hot groups one-hot (spin +1 = variable 1): a shift moves a group's
 * +1 to another member (two flips), an exchange swaps the columns of two permutation-matrix rows
 * (four flips). A move is proposed only when the groups involved hold exactly one +1, and afterwards
 * they still do, so the reverse move is proposed with the same probability: detailed balance holds
 * for the model's own energy, and the chain samples the same Boltzmann distribution as single flips,
 * without crossing the penalty barrier between feasible states.
 */
final class OneHotMoves {

  private final int[][] groups;
  private final boolean exchange;
  private final int[] sites = new int[4];

  OneHotMoves(OneHotGroups groups, int numVariables) {
    groups.checkAgainst(numVariables);
    this.groups = groups.groups();
    this.exchange = groups.kind() == OneHotGroups.Kind.EXCHANGE;
  }

  /** As many proposals as there are groups; returns how many were accepted. */
  int sweep(SpinReplica replica, double beta) {
    int accepted = 0;
    for (int k = 0; k < groups.length; k++) {
      accepted += exchange ? tryExchange(replica, beta) : tryShift(replica, beta);
    }
    return accepted;
  }

  private int tryShift(SpinReplica r, double beta) {
    long bits = r.randomBits();
    int[] g = groups[(int) Long.remainderUnsigned(bits, groups.length)];
    int active = OneHotGroups.onlyActive(r.spinsView(), g);
    if (active < 0) {
      return 0;
    }
    int other = (int) Long.remainderUnsigned(bits >>> 32, g.length - 1);
    if (other >= active) {
      other++;
    }
    sites[0] = g[active];
    sites[1] = g[other];
    return accept(r, 2, beta);
  }

  private int tryExchange(SpinReplica r, double beta) {
    long bits = r.randomBits();
    int u = (int) Long.remainderUnsigned(bits, groups.length);
    int v = (int) Long.remainderUnsigned(bits >>> 32, groups.length - 1);
    if (v >= u) {
      v++;
    }
    byte[] s = r.spinsView();
    int p = OneHotGroups.onlyActive(s, groups[u]);
    int q = OneHotGroups.onlyActive(s, groups[v]);
    if (p < 0 || q < 0 || p == q) {
      return 0;
    }
    sites[0] = groups[u][p];
    sites[1] = groups[u][q];
    sites[2] = groups[v][q];
    sites[3] = groups[v][p];
    return accept(r, 4, beta);
  }

  private int accept(SpinReplica r, int count, double beta) {
    double delta = r.deltaOfFlipping(sites, count);
    if (delta > 0 && (r.randomBits() >>> 11) * 0x1.0p-53 >= Math.exp(-beta * delta)) {
      return 0;
    }
    r.flip(sites, count);
    return 1;
  }
}
