package io.neuroquantum.annealing.solvers;

/**
 * 64 replicas of a {@link PackedSpinGlass} in the bits of a long per spin (multi-spin coding, as in
 * Isakov et al., "Optimised simulated annealing code for Ising spin glasses", 2015), each running its
 * own Metropolis chain with its own random numbers: lane r of every word is replica r.
 *
 * <p>Per spin and sweep, the kernel counts for all 64 lanes at once how many of the spin's bonds
 * are unsatisfied (bit-sliced adders over the neighbours' words), then decides acceptance from
 * independent per-lane random variables generated bit-sliced as well: with u unsatisfied bonds of d,
 * ΔE = 2|J|(d − 2u), and an uphill move that needs L levels passes with probability
 * exp(−2|J|β·δ₁)·q^(L−1), q = exp(−4|J|β). The extra levels are a geometric variable, whose binary
 * digits are independent Bernoulli variables with P(bit b) = q^(2^b)/(1 + q^(2^b)), so each lane's
 * decision costs a handful of word operations instead of an exp and a random draw. Bernoulli masks
 * compare a lazily generated 53-bit uniform per lane against the probability, so acceptance is exact
 * to 2⁻⁵³ like the scalar kernel's.
 */
final class PackedReplicas {

  static final int LANES = 64;
  private static final int CHECK_EVERY = 1024;
  private static final long ONE_53 = 1L << 53;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final PackedSpinGlass g;
  private final long[] spins;
  private final long[] bestSpins;
  private final double[] bestEnergy = new double[LANES];
  private long rng;
  private long attempts;
  private long accepted;

  // per-β probabilities of the acceptance variables
  private final LaneProbability[] firstLevel = new LaneProbability[3];   // index δ₁ ∈ {1, 2}
  private final LaneProbability[] digit = new LaneProbability[9];        // P(bit b of the geometric variable)
  private final LaneProbability[] overflow = new LaneProbability[10];    // P(geometric variable ≥ 2^L)
  private double thresholdsBeta = Double.NaN;

  // scratch planes, reused per spin
  private final long[] count = new long[9];
  private final long[] extra = new long[9];
  private final long[] sum = new long[10];

  PackedReplicas(PackedSpinGlass g, long seed) {
    this.g = g;
    this.spins = new long[g.n];
    this.bestSpins = new long[g.n];
    this.rng = SplitMix64.mix(seed);
    for (int i = 0; i < g.n; i++) {
      spins[i] = nextRandom();
    }
    java.util.Arrays.fill(bestEnergy, Double.POSITIVE_INFINITY);
  }

  private long nextRandom() {
    long z = (rng += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A probability prepared for drawing 64 independent Bernoulli lanes. Rare events (p &lt; 1/64) take
   * a shortcut: one draw decides whether any lane succeeds at all, since mostly none does; near-certain
   * events (p &gt; 1 − 1/64) draw the rare complement.
   */
  private static final class LaneProbability {
    /** Below this, mostly no lane of 64 succeeds: worth one draw to rule that out first. */
    static final double RARE = 1.0 / 64;
    final long p53;
    final boolean rare;
    final boolean complement;
    final LaneProbability inverse;
    final long noneSucceeds53;   // (1 − p)^64
    final double noneSucceeds;
    final double logFailure;     // ln(1 − p)

    LaneProbability(double p) {
      p53 = fixed53(p);
      rare = p > 0 && p < RARE;
      complement = p < 1 && p > 1 - RARE;
      inverse = complement ? new LaneProbability(1 - p) : null;
      logFailure = Math.log1p(-p);
      noneSucceeds = Math.exp(LANES * logFailure);
      noneSucceeds53 = fixed53(noneSucceeds);
    }
  }

  /**
   * A mask whose bits are 1 with probability p, independently of each other. Only the lanes in
   * {@code needed} are guaranteed to be decided; the others may hold anything.
   */
  private long bernoulli(LaneProbability p, long needed) {
    if (p.complement) {
      return ~bernoulli(p.inverse, needed);
    }
    if (!p.rare) {
      return bernoulli(p.p53, needed);
    }
    if ((nextRandom() >>> 11) < p.noneSucceeds53) {
      return 0L;
    }
    // At least one lane succeeds: draw the first one from its truncated geometric law, then the
    // lanes above it independently.
    double w = (nextRandom() >>> 11) * 0x1.0p-53;
    int first = (int) (Math.log1p(-w * (1 - p.noneSucceeds)) / p.logFailure);
    if (first >= LANES - 1) {
      return 1L << (LANES - 1);
    }
    return (1L << first) | (bernoulli(p.p53, -1L) & (-1L << (first + 1)));
  }

  /**
   * Compares a lazily drawn 53-bit uniform per lane with p53 / 2⁵³, most significant bit first; a
   * lane is decided at the first bit where its uniform differs from p. Stops once every needed lane
   * is decided (about log₂ of their number plus two words).
   */
  private long bernoulli(long p53, long needed) {
    if (p53 <= 0) {
      return 0L;
    }
    if (p53 >= ONE_53) {
      return -1L;
    }
    long result = 0L;
    long undecided = -1L;
    for (int b = 52; b >= 0 && (undecided & needed) != 0; b--) {
      long r = nextRandom();
      long pb = -((p53 >>> b) & 1L);
      result |= undecided & ~r & pb;   // uniform bit 0 where p has 1: below p
      undecided &= ~(r ^ pb);          // equal bits: still undecided
    }
    return result;
  }

  private static long fixed53(double p) {
    return p >= 1 ? ONE_53 : (long) (p * ONE_53);
  }

  private void prepare(double beta) {
    if (beta == thresholdsBeta) {
      return;
    }
    thresholdsBeta = beta;
    double j = g.magnitude;
    firstLevel[1] = new LaneProbability(Math.exp(-2 * j * beta));
    firstLevel[2] = new LaneProbability(Math.exp(-4 * j * beta));
    for (int b = 0; b < digit.length; b++) {
      double x = Math.exp(-4 * j * beta * (1L << b));
      digit[b] = new LaneProbability(x / (1 + x));
    }
    for (int l = 0; l < overflow.length; l++) {
      overflow[l] = new LaneProbability(Math.exp(-4 * j * beta * (1L << l)));
    }
  }

  /**
   * One Metropolis sweep of all 64 replicas at inverse temperature β.
   *
   * @return false when {@code stop} asked to stop part-way through
   */
  boolean sweep(double beta, StopCheck stop) {
    prepare(beta);
    final int n = g.n;
    final int planes = g.planes;
    final int[] start = g.start;
    final int[] nbr = g.neighbor;
    final long[] s = spins;
    final long[] u = count;
    final LaneProbability nextLevel = overflow[0];   // P(pass one more level) = q
    long acceptedHere = 0;
    int i = 0;
    boolean completed = true;
    while (i < n) {
      final int end = Math.min(n, i + CHECK_EVERY);
      for (; i < end; i++) {
        final long si = s[i];
        // Count unsatisfied bonds per lane: pairs through a full adder, carries rippled up.
        long u0 = 0, u1 = 0, u2 = 0, u3 = 0, u4 = 0, u5 = 0, u6 = 0, u7 = 0;
        int k = start[i];
        final int kEnd = start[i + 1];
        for (; k + 1 < kEnd; k += 2) {
          final int e0 = nbr[k];
          final int e1 = nbr[k + 1];
          final long a = si ^ s[e0 >>> 1] ^ -(long) (e0 & 1);
          final long b = si ^ s[e1 >>> 1] ^ -(long) (e1 & 1);
          final long x = a ^ b;
          long carry = (a & b) | (u0 & x);
          u0 ^= x;
          long t = u1 & carry;
          u1 ^= carry;
          carry = t;
          if (planes > 2) {
            t = u2 & carry; u2 ^= carry; carry = t;
            if (planes > 3) {
              t = u3 & carry; u3 ^= carry; carry = t;
              if (planes > 4) {
                t = u4 & carry; u4 ^= carry; carry = t;
                if (planes > 5) {
                  t = u5 & carry; u5 ^= carry; carry = t;
                  if (planes > 6) {
                    t = u6 & carry; u6 ^= carry; carry = t;
                    if (planes > 7) {
                      u7 ^= carry;
                    }
                  }
                }
              }
            }
          }
        }
        if (k < kEnd) {
          final int e0 = nbr[k];
          long carry = si ^ s[e0 >>> 1] ^ -(long) (e0 & 1);
          long t = u0 & carry; u0 ^= carry; carry = t;
          t = u1 & carry; u1 ^= carry; carry = t;
          t = u2 & carry; u2 ^= carry; carry = t;
          t = u3 & carry; u3 ^= carry; carry = t;
          t = u4 & carry; u4 ^= carry; carry = t;
          t = u5 & carry; u5 ^= carry; carry = t;
          t = u6 & carry; u6 ^= carry; carry = t;
          u7 ^= carry;
        }
        u[0] = u0; u[1] = u1; u[2] = u2; u[3] = u3; u[4] = u4; u[5] = u5; u[6] = u6; u[7] = u7;

        // Downhill or flat (u ≥ ⌈d/2⌉) always flips.
        final int degree = kEnd - start[i];
        final int half = (degree + 1) >>> 1;
        long flip = atLeast(u, planes, half);
        if (flip != -1L && half > 0) {
          // First uphill level: δ₁ = 1 for odd degree, 2 for even.
          final long pending = ~flip;
          final long first = bernoulli(firstLevel[degree - 2 * (half - 1)], pending) & pending;
          if (first != 0) {
            final int more = half - 1;   // levels beyond the first needed when u = 0
            if (more == 0) {
              flip |= first;
            } else if (nextLevel.complement) {
              // Hot: each further level passes with probability q close to 1, so draw the levels
              // one by one (each a cheap, mostly-ones mask) until every lane is decided.
              long alive = first;
              for (int level = 1; alive != 0; level++) {
                final long done = atLeast(u, planes, half - level);   // lanes needing ≤ level levels
                flip |= alive & done;
                alive &= ~done;
                if (alive != 0) {
                  alive &= bernoulli(nextLevel, alive);
                }
              }
            } else {
              // Accept where K ≥ L = half − 1 − u, K geometric(q) with independent binary digits.
              // D digits plus an overflow flag (K ≥ 2^D) decide it exactly when every pending
              // lane has L ≤ 2^D, so use as few digits as the pending lanes allow.
              final int maxDigits = 32 - Integer.numberOfLeadingZeros(more);
              int digits = 0;
              while (digits < maxDigits && (first & ~atLeast(u, planes, more - (1 << digits))) != 0) {
                digits++;
              }
              final long over = bernoulli(overflow[digits], first);
              long carry = 0;
              for (int p = 0; p < planes; p++) {
                final long kp = p < digits ? bernoulli(digit[p], first) : 0L;
                final long up = u[p];
                final long x = up ^ kp;
                sum[p] = x ^ carry;
                carry = (up & kp) | (carry & x);
              }
              sum[planes] = carry;
              flip |= first & (over | atLeast(sum, planes + 1, more));
            }
          }
        }
        s[i] = si ^ flip;
        acceptedHere += Long.bitCount(flip);
      }
      if (i < n && stop.shouldStop()) {
        completed = false;
        break;
      }
    }
    attempts += (long) i * LANES;
    accepted += acceptedHere;
    return completed;
  }

  /** Lanes whose bit-sliced value x (planes 0..len−1) is ≥ t. */
  private static long atLeast(long[] x, int len, int t) {
    if (t <= 0) {
      return -1L;
    }
    if (len < 31 && t >= (1 << len)) {
      return 0L;
    }
    long greater = 0L;
    long equal = -1L;
    for (int p = len - 1; p >= 0; p--) {
      if ((t >>> p & 1) != 0) {
        equal &= x[p];
      } else {
        greater |= equal & x[p];
        equal &= ~x[p];
      }
    }
    return greater | equal;
  }

  /** Unsatisfied bonds per lane, counted over every edge once. */
  int[] unsatisfiedPerLane() {
    final long[] s = spins;
    final int[] ei = g.edgeI;
    final int[] ej = g.edgeJ;
    final int width = 33 - Integer.numberOfLeadingZeros(Math.max(1, g.m));
    final long[] planes = new long[width + 1];
    long ones = 0;
    int e = 0;
    for (; e + 1 < ei.length; e += 2) {
      final int c0 = ej[e];
      final int c1 = ej[e + 1];
      final long a = s[ei[e]] ^ s[c0 >>> 1] ^ -(long) (c0 & 1);
      final long b = s[ei[e + 1]] ^ s[c1 >>> 1] ^ -(long) (c1 & 1);
      final long x = a ^ b;
      long carry = (a & b) | (ones & x);
      ones ^= x;
      for (int p = 1; carry != 0; p++) {
        final long t = planes[p] & carry;
        planes[p] ^= carry;
        carry = t;
      }
    }
    planes[0] = ones;
    if (e < ei.length) {
      final int c0 = ej[e];
      long carry = s[ei[e]] ^ s[c0 >>> 1] ^ -(long) (c0 & 1);
      for (int p = 0; carry != 0; p++) {
        final long t = planes[p] & carry;
        planes[p] ^= carry;
        carry = t;
      }
    }
    int[] counts = new int[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      int c = 0;
      for (int p = 0; p < width; p++) {
        c |= (int) ((planes[p] >>> lane) & 1L) << p;
      }
      counts[lane] = c;
    }
    return counts;
  }

  /** Energies of the 64 current states, offset included. */
  double[] energies() {
    int[] unsat = unsatisfiedPerLane();
    double[] e = new double[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      e[lane] = g.offset + g.magnitude * (2.0 * unsat[lane] - g.m);
    }
    return e;
  }

  /** Records lanes whose current energy is the lowest they have seen; returns their mask. */
  long recordBest() {
    double[] e = energies();
    long improved = 0;
    for (int lane = 0; lane < LANES; lane++) {
      if (e[lane] < bestEnergy[lane]) {
        bestEnergy[lane] = e[lane];
        improved |= 1L << lane;
      }
    }
    if (improved != 0) {
      final long keep = ~improved;
      for (int i = 0; i < spins.length; i++) {
        bestSpins[i] = (bestSpins[i] & keep) | (spins[i] & improved);
      }
    }
    return improved;
  }

  double bestEnergy(int lane) {
    return bestEnergy[lane];
  }

  double lowestBestEnergy(int lanes) {
    double min = Double.POSITIVE_INFINITY;
    for (int lane = 0; lane < lanes; lane++) {
      min = Math.min(min, bestEnergy[lane]);
    }
    return min;
  }

  /** Lane r's best state as spins ±1. */
  byte[] bestState(int lane) {
    return unpack(bestSpins, lane);
  }

  /** Lane r's current state as spins ±1. */
  byte[] state(int lane) {
    return unpack(spins, lane);
  }

  /** Swaps the lanes in {@code mask} between two words arrays: a replica exchange of those lanes. */
  static void swapLanes(long[] a, long[] b, long mask) {
    for (int i = 0; i < a.length; i++) {
      long diff = (a[i] ^ b[i]) & mask;
      a[i] ^= diff;
      b[i] ^= diff;
    }
  }

  static byte[] unpack(long[] words, int lane) {
    byte[] out = new byte[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = (words[i] >>> lane & 1L) != 0 ? (byte) 1 : (byte) -1;
    }
    return out;
  }

  /** The live spin words (bit r of word i is lane r's spin i, 1 = +1), for exchanges and cluster moves. */
  long[] words() {
    return spins;
  }

  long attempts() {
    return attempts;
  }

  long accepted() {
    return accepted;
  }
}
