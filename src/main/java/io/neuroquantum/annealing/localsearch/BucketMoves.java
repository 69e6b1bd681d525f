package io.neuroquantum.annealing.localsearch;

import java.util.SplittableRandom;

/**
 * {@link FreeMoves} for models whose coefficients are small integers at a power-of-two scale (Max-Cut,
 * integer QUBOs): the change of flipping spin i, {@code −2sᵢfᵢ}, is then 2/scale times an integer in
 * [−maxField, maxField], one bucket per integer.
 *
 * <p>All n variables, tabu ones included, sit in one array ordered by bucket (a counting sort kept
 * up to date), so a bucket is a contiguous range and a uniformly random member of it is one draw. A
 * variable whose change moves by one bucket swaps with the first or last member of its bucket and
 * the boundary moves: a flip's neighbour costs O(|coupling|·scale) swaps, which {@link #fits} bounds.
 * Tabu variables stay in their buckets, counted per bucket; the move taken is a random non-tabu
 * member of the lowest bucket that has one (at most {@code tenure} members are tabu, so a few draws
 * find one).
 */
final class BucketMoves implements FreeMoves {

  /** Largest |coupling|·scale for which a re-placement (that many bucket steps, twice) stays cheap. */
  static final int MAX_STEP = 8;

  private final int scale;
  private final int maxField;
  private final int[] order;     // variables, by bucket
  private final int[] first;     // bucket → index in order of its first member; first[buckets] = n
  private final int[] slot;      // variable → its index in order
  private final int[] bucketOf;  // variable → its bucket
  private final int[] tabuIn;    // bucket → tabu members
  private final int[] cursor;    // rebuild's fill position per bucket
  private final boolean[] tabu;
  private final SplittableRandom random;
  private int lowest;            // no bucket below this one has a non-tabu member
  private int freeCount;

  BucketMoves(int n, int scale, int maxField, SplittableRandom random) {
    this.scale = scale;
    this.maxField = maxField;
    int buckets = 2 * maxField + 1;
    order = new int[n];
    first = new int[buckets + 1];
    slot = new int[n];
    bucketOf = new int[n];
    tabuIn = new int[buckets];
    cursor = new int[buckets + 1];
    tabu = new boolean[n];
    this.random = random;
  }

  /** True when the couplings are small enough multiples of the unit for bucket steps to be cheap. */
  static boolean fits(int[] couplingInt, int maxField) {
    if (2L * maxField + 1 > MAX_BUCKETS) {
      return false;
    }
    for (int c : couplingInt) {
      if (Math.abs(c) > MAX_STEP) {
        return false;
      }
    }
    return true;
  }

  /** The bucket of a change: exact, since the scaled field is an integer held exactly in a double. */
  private int bucket(double delta) {
    return (int) Math.rint(delta * scale / 2) + maxField;
  }

  @Override
  public void rebuild(FlipState state, boolean[] free) {
    int n = state.n;
    java.util.Arrays.fill(first, 0);
    java.util.Arrays.fill(tabuIn, 0);
    freeCount = 0;
    for (int i = 0; i < n; i++) {
      int b = bucket(state.delta(i));
      bucketOf[i] = b;
      first[b + 1]++;
      tabu[i] = !free[i];
      if (free[i]) {
        freeCount++;
      } else {
        tabuIn[b]++;
      }
    }
    for (int b = 0; b + 1 < first.length; b++) {
      first[b + 1] += first[b];
    }
    System.arraycopy(first, 0, cursor, 0, first.length);
    for (int i = 0; i < n; i++) {
      int at = cursor[bucketOf[i]]++;
      order[at] = i;
      slot[i] = at;
    }
    lowest = 0;
  }

  @Override
  public boolean isEmpty() {
    return freeCount == 0;
  }

  @Override
  public boolean contains(int i) {
    return !tabu[i];
  }

  @Override
  public int top() {
    int b = lowestBucket();
    int from = first[b];
    int size = first[b + 1] - from;
    for (int tries = 0; tries < 8; tries++) {
      int v = order[from + random.nextInt(size)];
      if (!tabu[v]) {
        return v;
      }
    }
    // mostly tabu members: scan from a random offset (the bucket has a free member, see lowestBucket)
    for (int at = random.nextInt(size); ; at = at + 1 == size ? 0 : at + 1) {
      int v = order[from + at];
      if (!tabu[v]) {
        return v;
      }
    }
  }

  @Override
  public double topKey() {
    return (lowestBucket() - maxField) * 2.0 / scale;
  }

  private int lowestBucket() {
    while (first[lowest + 1] - first[lowest] == tabuIn[lowest]) {
      lowest++;
    }
    return lowest;
  }

  @Override
  public void add(int i, double delta) {
    update(i, delta);
    tabu[i] = false;
    tabuIn[bucketOf[i]]--;
    freeCount++;
    lowest = Math.min(lowest, bucketOf[i]);
  }

  @Override
  public void remove(int i) {
    tabu[i] = true;
    tabuIn[bucketOf[i]]++;
    freeCount--;
  }

  /** Moves variable i (free or tabu) to the bucket of {@code delta}, one bucket boundary at a time. */
  @Override
  public void update(int i, double delta) {
    int to = bucket(delta);
    int b = bucketOf[i];
    if (to == b) {
      return;
    }
    int weight = tabu[i] ? 1 : 0;
    tabuIn[b] -= weight;
    while (b < to) {   // swap to the end of bucket b, which then ends one earlier
      int last = first[b + 1] - 1;
      swap(slot[i], last);
      first[b + 1] = last;
      b++;
    }
    while (b > to) {   // swap to the start of bucket b, which then starts one later
      int head = first[b];
      swap(slot[i], head);
      first[b] = head + 1;
      b--;
    }
    bucketOf[i] = to;
    tabuIn[to] += weight;
    if (weight == 0 && to < lowest) {
      lowest = to;
    }
  }

  private void swap(int a, int c) {
    int va = order[a];
    int vc = order[c];
    order[a] = vc;
    order[c] = va;
    slot[vc] = a;
    slot[va] = c;
  }
}
