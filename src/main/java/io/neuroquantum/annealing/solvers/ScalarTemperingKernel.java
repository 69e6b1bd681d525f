package io.neuroquantum.annealing.solvers;

/**
 * Tempering slots of {@link SpinReplica}s: any Ising model. An exchange swaps which replica sits at
 * which temperature (no state is copied); the replica carries its random stream along.
 */
final class ScalarTemperingKernel implements TemperingKernel {

  private final CsrIsing model;
  private final SpinReplica[][] replicas;   // [slot][lane]
  private final ClusterFinder clusters;
  private final OneHotMoves[] moves;   // per slot (they hold scratch space), or null

  ScalarTemperingKernel(CsrIsing model, int slots, int lanes, long seed) {
    this(model, slots, lanes, seed, null);
  }

  /** With {@code groups}, every sweep is followed by one-hot preserving moves (one per group). */
  ScalarTemperingKernel(CsrIsing model, int slots, int lanes, long seed, io.neuroquantum.annealing.model.OneHotGroups groups) {
    if (lanes > 64) {
      throw new IllegalArgumentException("at most 64 lanes per kernel: " + lanes);
    }
    this.model = model;
    this.replicas = new SpinReplica[slots][lanes];
    for (int t = 0; t < slots; t++) {
      for (int r = 0; r < lanes; r++) {
        replicas[t][r] = new SpinReplica(model, SplitMix64.streamSeed(seed, (long) t * 64 + r));
      }
    }
    this.clusters = new ClusterFinder(model.n, model.start, model.neighbor, 0);
    if (groups != null) {
      moves = new OneHotMoves[slots];
      for (int t = 0; t < slots; t++) {
        moves[t] = new OneHotMoves(groups, model.n);
      }
    } else {
      moves = null;
    }
  }

  @Override
  public int slots() {
    return replicas.length;
  }

  @Override
  public int lanes() {
    return replicas[0].length;
  }

  @Override
  public boolean sweep(int slot, double beta, int sweeps, StopCheck stop) {
    for (SpinReplica r : replicas[slot]) {
      for (int k = 0; k < sweeps; k++) {
        if (!r.sweep(beta, stop)) {
          return false;
        }
        if (moves != null) {
          moves[slot].sweep(r, beta);
        }
      }
    }
    return true;
  }

  @Override
  public void energies(int slot, double[] out) {
    SpinReplica[] row = replicas[slot];
    for (int r = 0; r < row.length; r++) {
      out[r] = row[r].energy();
    }
  }

  @Override
  public void exchange(int slotA, int slotB, long laneMask) {
    for (long m = laneMask; m != 0; m &= m - 1) {
      int r = Long.numberOfTrailingZeros(m);
      SpinReplica a = replicas[slotA][r];
      replicas[slotA][r] = replicas[slotB][r];
      replicas[slotB][r] = a;
    }
  }

  @Override
  public byte[] state(int slot, int lane) {
    return replicas[slot][lane].spins();
  }

  @Override
  public int clusterMove(int slot, int pair, long randomBits) {
    SpinReplica a = replicas[slot][2 * pair];
    SpinReplica b = replicas[slot][2 * pair + 1];
    byte[] sa = a.spinsView();
    byte[] sb = b.spinsView();
    int n = model.n;
    int seed = (int) Long.remainderUnsigned(randomBits, n);
    int found = -1;
    for (int k = 0; k < n; k++) {   // the next disagreeing spin: depends only on where they disagree
      int i = seed + k < n ? seed + k : seed + k - n;
      if (sa[i] != sb[i]) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      return 0;
    }
    int size = clusters.grow(found, i -> sa[i] != sb[i]);
    a.flip(clusters.members(), size);
    b.flip(clusters.members(), size);
    return size;
  }

  @Override
  public long attempts() {
    return SpinReplica.totalAttempts(replicas);
  }

  @Override
  public long accepted() {
    return SpinReplica.totalAccepted(replicas);
  }
}
