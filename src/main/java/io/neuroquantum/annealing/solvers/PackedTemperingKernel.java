package io.neuroquantum.annealing.solvers;

/**
 * Tempering slots of {@link PackedReplicas}: 64 independent runs of parallel tempering in the bits
 * of one long per spin and temperature (±J models only). A word sweeps at one β, so an exchange moves
 * states, not temperatures: the accepted lanes' bits are swapped between the two slots' words
 * (three word operations per spin).
 */
final class PackedTemperingKernel implements TemperingKernel {

  private final PackedSpinGlass glass;
  private final PackedReplicas[] slots;
  private final ClusterFinder clusters;

  PackedTemperingKernel(PackedSpinGlass glass, int slots, long seed) {
    this.glass = glass;
    this.slots = new PackedReplicas[slots];
    for (int t = 0; t < slots; t++) {
      this.slots[t] = new PackedReplicas(glass, SplitMix64.streamSeed(seed, t));
    }
    this.clusters = new ClusterFinder(glass.n, glass.start, glass.neighbor, 1);
  }

  @Override
  public int slots() {
    return slots.length;
  }

  @Override
  public int lanes() {
    return PackedReplicas.LANES;
  }

  @Override
  public boolean sweep(int slot, double beta, int sweeps, StopCheck stop) {
    for (int k = 0; k < sweeps; k++) {
      if (!slots[slot].sweep(beta, stop)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void energies(int slot, double[] out) {
    System.arraycopy(slots[slot].energies(), 0, out, 0, PackedReplicas.LANES);
  }

  @Override
  public void exchange(int slotA, int slotB, long laneMask) {
    PackedReplicas.swapLanes(slots[slotA].words(), slots[slotB].words(), laneMask);
  }

  @Override
  public byte[] state(int slot, int lane) {
    return slots[slot].state(lane);
  }

  @Override
  public int clusterMove(int slot, int pair, long randomBits) {
    long[] w = slots[slot].words();
    int lo = 2 * pair;
    int n = glass.n;
    int seed = (int) Long.remainderUnsigned(randomBits, n);
    int found = -1;
    for (int k = 0; k < n; k++) {
      int i = seed + k < n ? seed + k : seed + k - n;
      if (((w[i] >>> lo ^ w[i] >>> (lo + 1)) & 1L) != 0) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      return 0;
    }
    int size = clusters.grow(found, i -> ((w[i] >>> lo ^ w[i] >>> (lo + 1)) & 1L) != 0);
    long both = 3L << lo;
    int[] members = clusters.members();
    for (int c = 0; c < size; c++) {
      w[members[c]] ^= both;
    }
    return size;
  }

  @Override
  public long attempts() {
    long sum = 0;
    for (PackedReplicas r : slots) {
      sum += r.attempts();
    }
    return sum;
  }

  @Override
  public long accepted() {
    long sum = 0;
    for (PackedReplicas r : slots) {
      sum += r.accepted();
    }
    return sum;
  }
}
