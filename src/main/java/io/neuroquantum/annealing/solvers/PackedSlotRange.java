package io.neuroquantum.annealing.solvers;

/**
 * Temperature slots {@code [from, to)} of a bit-sliced tempering run, for a worker that owns them:
 * seeded exactly as the in-process run seeds those slots, so a run split over workers makes the same
 * moves. Swaps inside the range are local; a swap with a neighbouring worker's slot uses a snapshot
 * of that slot's words ({@link #snapshot}, {@link #exchangeWith}).
 */
public final class PackedSlotRange {

  private final int from;
  private final PackedReplicas[] slots;
  private final long[][] savedBest = new long[PackedReplicas.LANES][];   // [lane] → unpacked later
  private long nanos;

  public PackedSlotRange(ParallelTempering.Plan plan, int from, int to) {
    if (!plan.isBitSliced()) {
      throw new IllegalArgumentException("only ±J models run their replicas on workers");
    }
    if (from < 0 || to > plan.temperatures() || from >= to) {
      throw new IllegalArgumentException("slots [" + from + ", " + to + ") outside 0.." + plan.temperatures());
    }
    this.from = from;
    this.slots = new PackedReplicas[to - from];
    for (int t = from; t < to; t++) {
      slots[t - from] = new PackedReplicas(plan.packed(), SplitMix64.streamSeed(plan.config().seed(), t));
    }
  }

  public int from() {
    return from;
  }

  public int to() {
    return from + slots.length;
  }

  /** {@code sweeps} sweeps of every slot at its β ({@code betas} is the whole ladder); false if stopped. */
  public boolean sweep(double[] betas, int sweeps, StopCheck stop) {
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < slots.length; i++) {
        for (int k = 0; k < sweeps; k++) {
          if (!slots[i].sweep(betas[from + i], stop)) {
            return false;
          }
        }
      }
      return true;
    } finally {
      nanos += System.nanoTime() - t0;
    }
  }

  /** Lane energies of every slot, {@code [slot − from][lane]}. */
  public double[][] energies() {
    double[][] e = new double[slots.length][];
    for (int i = 0; i < slots.length; i++) {
      e[i] = slots[i].energies();
    }
    return e;
  }

  /** Keeps lane {@code lane}'s state at {@code slot} as its best (the coordinator said it is). */
  public void saveBest(int slot, int lane) {
    savedBest[lane] = slots[slot - from].words().clone();
  }

  /** The saved best state of a lane as spins ±1, or null when this range never held it. */
  public byte[] savedBest(int lane) {
    return savedBest[lane] == null ? null : PackedReplicas.unpack(savedBest[lane], lane);
  }

  /** Swaps the lanes in {@code mask} between two slots of this range. */
  public void exchange(int slotA, int slotB, long mask) {
    PackedReplicas.swapLanes(slots[slotA - from].words(), slots[slotB - from].words(), mask);
  }

  /** A copy of a slot's words, for the neighbour across the boundary. */
  public long[] snapshot(int slot) {
    return slots[slot - from].words().clone();
  }

  /** This side of a swap with another worker's slot: takes the partner's lanes in {@code mask}. */
  public void exchangeWith(int slot, long[] partner, long mask) {
    long[] mine = slots[slot - from].words();
    for (int i = 0; i < mine.length; i++) {
      mine[i] ^= (mine[i] ^ partner[i]) & mask;
    }
  }

  public long attempts() {
    long sum = 0;
    for (PackedReplicas r : slots) {
      sum += r.attempts();
    }
    return sum;
  }

  public long accepted() {
    long sum = 0;
    for (PackedReplicas r : slots) {
      sum += r.accepted();
    }
    return sum;
  }

  /** Time spent sweeping, in nanoseconds. */
  public long kernelNanos() {
    return nanos;
  }
}
