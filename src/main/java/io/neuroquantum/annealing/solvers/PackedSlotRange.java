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

  /**
   * The packed ±J model as flat arrays, what a worker on another node needs to rebuild it: spin count,
   * |J|, energy offset, row starts, and per neighbour entry {@code (j << 1) | (J > 0 ? 1 : 0)} (both
   * directions of every edge, in the coordinator's order, so the rebuilt model sweeps identically).
   */
  public record Glass(int n, double magnitude, double offset, int[] start, int[] neighbor) {

    /** The glass of a bit-sliced plan. */
    public static Glass of(ParallelTempering.Plan plan) {
      if (!plan.isBitSliced()) {
        throw new IllegalArgumentException("only ±J models run their replicas on workers");
      }
      PackedSpinGlass g = plan.packed();
      return new Glass(g.n, g.magnitude, g.offset, g.start, g.neighbor);
    }

    PackedSpinGlass build() {
      return PackedSpinGlass.fromArrays(n, magnitude, offset, start, neighbor);
    }
  }

  public PackedSlotRange(ParallelTempering.Plan plan, int from, int to) {
    this(plan.packed(), plan.isBitSliced(), plan.config().seed(), plan.temperatures(), from, to);
  }

  /**
   * The slots {@code [from, to)} of a ladder of {@code temperatures} for a run seeded with {@code seed},
   * on a model rebuilt from {@code glass}: the same replicas as {@code new PackedSlotRange(plan, from, to)}
   * on the coordinator's node. Refuses a glass that does not describe a ±J graph.
   */
  public PackedSlotRange(Glass glass, long seed, int temperatures, int from, int to) {
    this(glass.build(), true, seed, temperatures, from, to);
  }

  private PackedSlotRange(PackedSpinGlass glass, boolean bitSliced, long seed, int temperatures, int from, int to) {
    if (!bitSliced) {
      throw new IllegalArgumentException("only ±J models run their replicas on workers");
    }
    if (from < 0 || to > temperatures || from >= to) {
      throw new IllegalArgumentException("slots [" + from + ", " + to + ") outside 0.." + temperatures);
    }
    this.from = from;
    this.slots = new PackedReplicas[to - from];
    for (int t = from; t < to; t++) {
      slots[t - from] = new PackedReplicas(glass, SplitMix64.streamSeed(seed, t));
    }
  }

  /** Spins per replica: the length of a {@link #snapshot}. */
  public int spins() {
    return slots[0].words().length;
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
    if (partner == null || partner.length != mine.length) {
      throw new IllegalArgumentException("a swap across the range's edge needs the neighbour's " + mine.length
          + " spin words, got " + (partner == null ? "none" : partner.length));
    }
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
