package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.SplitMix64;
import io.neuroquantum.annealing.solvers.StopCheck;

/**
 * The Suzuki–Trotter path integral of H = −Γ·Σσˣ + H_P at inverse temperature β: M classical copies
 * (slices) of the spins, sampled with the effective action
 * {@code S = (β/M)·Σₖ H_P(sᵏ) − K⊥·Σₖ Σᵢ sᵢᵏ sᵢᵏ⁺¹}, K⊥ = −½·ln tanh(βΓ/M), slices periodic.
 *
 * <p>A sweep is one Metropolis proposal per spin and slice (ΔS = (β/M)·ΔEₖ + 2K⊥·sᵢᵏ(sᵢᵏ⁻¹ + sᵢᵏ⁺¹)),
 * then one worldline proposal per spin: flip spin i in every slice at once, which leaves the
 * inter-slice term unchanged (ΔS = (β/M)·Σₖ ΔEₖ) and keeps the walk moving once K⊥ has grown large
 * at small Γ. As in SA's kernel, each slice keeps its local fields current, so a proposal costs O(1)
 * and an accepted flip O(degree); downhill moves draw no random number; integer models look the
 * acceptance threshold up in a table per (ΔE, neighbour sum) refilled lazily for each (β, Γ).
 *
 * <p>Layout: slice-major ({@code index = k·n + i}, each slice a flat copy, swept slice by slice) ran
 * as fast as or faster than spin-major ({@code index = i·M + k}, a spin's slices contiguous) on every
 * Biq Mac and G-set instance measured (docs/quantum.md), so it is the default; spin-major stays
 * selectable for comparison.
 */
public final class TrotterReplica {

  /** Spin-slice updates between two stop checks. */
  private static final int CHECK_EVERY = 4096;
  private static final double MAX_EXPONENT = 53 * Math.log(2);
  private static final double TWO_POW_53 = 0x1.0p53;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  public enum Layout {
    SPIN_MAJOR, SLICE_MAJOR
  }

  private final int n;
  private final int m;
  private final boolean spinMajor;
  private final int strideSpin;
  private final int strideSlice;
  private final int[] start;
  private final int[] nbr;
  private final double[] w;
  private final int[] wInt;
  private final double[] h;
  private final int[] hInt;
  private final double offset;
  private final int scale;
  private final int maxField;

  private final byte[] s;
  private final int[] fieldInt;
  private final double[] field;
  /** Energy of each slice without offset: scaled integers, or doubles. */
  private final long[] sliceEnergyInt;
  private final double[] sliceEnergy;
  private long kinks;

  private long rng0;
  private long rng1;
  private long attempts;
  private long accepted;
  private long worldlineAttempts;
  private long worldlineAccepted;

  private final long[] thresholds;
  private final int[] stamps;
  private int generation;

  private final byte[] bestSpins;
  private double bestEnergy = Double.POSITIVE_INFINITY;

  public TrotterReplica(CsrIsing model, int slices, long seed) {
    this(model, slices, seed, Layout.SLICE_MAJOR);
  }

  /** M = {@code slices} copies, each spin of each slice drawn at random from {@code seed}. */
  public TrotterReplica(CsrIsing model, int slices, long seed, Layout layout) {
    if (slices < 2) {
      throw new IllegalArgumentException("need at least 2 Trotter slices: " + slices);
    }
    n = model.numVariables();
    m = slices;
    if ((long) n * m > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("n·M = " + (long) n * m + " spin-slices is too many");
    }
    spinMajor = layout == Layout.SPIN_MAJOR;
    strideSpin = spinMajor ? m : 1;
    strideSlice = spinMajor ? 1 : n;
    start = model.rowStartView();
    nbr = model.neighborView();
    w = model.couplingView();
    h = model.linearView();
    offset = model.offset();
    scale = model.integerScale();
    wInt = model.couplingIntView();
    hInt = model.linearIntView();
    maxField = model.maxFieldInt();
    s = new byte[n * m];
    long x = SplitMix64.mix(seed);
    rng0 = x == 0 ? 1 : x;
    rng1 = SplitMix64.mix(x ^ 0x5DEECE66DL);
    for (int k = 0; k < s.length; k++) {
      s[k] = (nextLong() & 1) == 0 ? (byte) -1 : (byte) 1;
    }
    if (scale > 0) {
      fieldInt = new int[n * m];
      field = null;
      sliceEnergyInt = new long[m];
      sliceEnergy = null;
      thresholds = new long[3 * (2 * maxField + 1)];
      stamps = new int[thresholds.length];
    } else {
      fieldInt = null;
      field = new double[n * m];
      sliceEnergyInt = null;
      sliceEnergy = new double[m];
      thresholds = null;
      stamps = null;
    }
    bestSpins = new byte[n];
    resynchronize();
  }

  /** Recomputes fields, slice energies and the kink count from the spins. */
  public void resynchronize() {
    kinks = 0;
    for (int k = 0; k < m; k++) {
      long twiceInt = 0;
      double twice = 0;
      for (int i = 0; i < n; i++) {
        int idx = i * strideSpin + k * strideSlice;
        if (fieldInt != null) {
          long f = hInt[i];
          for (int p = start[i]; p < start[i + 1]; p++) {
            f += (long) wInt[p] * s[nbr[p] * strideSpin + k * strideSlice];
          }
          fieldInt[idx] = (int) f;
          twiceInt += s[idx] * (f + hInt[i]);
        } else {
          double f = h[i];
          for (int p = start[i]; p < start[i + 1]; p++) {
            f += w[p] * s[nbr[p] * strideSpin + k * strideSlice];
          }
          field[idx] = f;
          twice += s[idx] * (f + h[i]);
        }
        if (s[idx] != s[i * strideSpin + ((k + 1) % m) * strideSlice]) {
          kinks++;
        }
      }
      if (fieldInt != null) {
        sliceEnergyInt[k] = twiceInt / 2;
      } else {
        sliceEnergy[k] = twice / 2;
      }
    }
  }

  private long nextLong() {
    long a = rng0;
    long b = rng1;
    rng0 = b;
    a ^= a << 23;
    rng1 = a ^ b ^ (a >>> 17) ^ (b >>> 26);
    return rng1 + b;
  }

  /** K⊥ = −½·ln tanh(βΓ/M), the ferromagnetic coupling between neighbouring slices. */
  public static double interSliceCoupling(double beta, double gamma, int slices) {
    return -0.5 * Math.log(Math.tanh(beta * gamma / slices));
  }

  /**
   * One sweep: a Metropolis proposal for every spin of every slice, then (if asked) a worldline
   * proposal for every spin.
   *
   * @return false when {@code stop} ended the sweep early
   */
  public boolean sweep(double beta, double gamma, boolean worldlines, StopCheck stop) {
    if (!(gamma > 0) || !Double.isFinite(gamma) || !(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("need finite β > 0 and Γ > 0: β = " + beta + ", Γ = " + gamma);
    }
    double coupling = interSliceCoupling(beta, gamma, m);
    boolean whole = fieldInt != null ? localSweepInteger(beta, coupling, stop) : localSweepDouble(beta, coupling, stop);
    if (whole && worldlines) {
      worldlineSweep(beta);
    }
    return whole;
  }

  private boolean localSweepInteger(double beta, double coupling, StopCheck stop) {
    final byte[] sp = s;
    final int[] f = fieldInt;
    final int[] st = start;
    final int[] nb = nbr;
    final int[] wi = wInt;
    final long[] thr = thresholds;
    final int[] stamp = stamps;
    final long[] energies = sliceEnergyInt;
    final int sI = strideSpin;
    final int sK = strideSlice;
    final int slices = m;
    final int spins = n;
    final int outerCount = spinMajor ? spins : slices;
    final int innerCount = spinMajor ? slices : spins;
    final double perUnit = 2 * beta / (slices * (double) scale);   // ΔE·β/M per unit of g
    final double twoK = 2 * coupling;
    final int gen = ++generation;
    final int offsetG = maxField;
    long r0 = rng0;
    long r1 = rng1;
    long acc = 0;
    long kinkChange = 0;
    long done = 0;
    int sinceCheck = 0;
    boolean completed = true;
    for (int outer = 0; outer < outerCount; outer++) {
      for (int inner = 0; inner < innerCount; inner++) {
        final int i = spinMajor ? outer : inner;
        final int k = spinMajor ? inner : outer;
        final int idx = i * sI + k * sK;
        final int kPrev = k == 0 ? slices - 1 : k - 1;
        final int kNext = k == slices - 1 ? 0 : k + 1;
        final int si = sp[idx];
        final int g = -si * f[idx];
        final int c = si * (sp[i * sI + kPrev * sK] + sp[i * sI + kNext * sK]);
        final double x = perUnit * g + twoK * c;
        if (x > 0) {
          if (x >= MAX_EXPONENT) {
            continue;
          }
          final int key = (g + offsetG) * 3 + (c >> 1) + 1;
          if (stamp[key] != gen) {
            thr[key] = (long) (Math.exp(-x) * TWO_POW_53);
            stamp[key] = gen;
          }
          long a = r0;
          final long b = r1;
          r0 = b;
          a ^= a << 23;
          r1 = a ^ b ^ (a >>> 17) ^ (b >>> 26);
          if (((r1 + b) >>> 11) >= thr[key]) {
            continue;
          }
        }
        sp[idx] = (byte) -si;
        energies[k] += 2L * g;
        kinkChange += c;
        acc++;
        final int twiceNew = -2 * si;
        final int sliceBase = k * sK;
        for (int p = st[i], end = st[i + 1]; p < end; p++) {
          f[nb[p] * sI + sliceBase] += twiceNew * wi[p];
        }
      }
      done += innerCount;
      sinceCheck += innerCount;
      if (sinceCheck >= CHECK_EVERY && outer < outerCount - 1) {
        sinceCheck = 0;
        if (stop.shouldStop()) {
          completed = false;
          break;
        }
      }
    }
    rng0 = r0;
    rng1 = r1;
    kinks += kinkChange;
    attempts += done;
    accepted += acc;
    return completed;
  }

  private boolean localSweepDouble(double beta, double coupling, StopCheck stop) {
    final byte[] sp = s;
    final double[] f = field;
    final int[] st = start;
    final int[] nb = nbr;
    final double[] wd = w;
    final double[] energies = sliceEnergy;
    final int sI = strideSpin;
    final int sK = strideSlice;
    final int slices = m;
    final int spins = n;
    final int outerCount = spinMajor ? spins : slices;
    final int innerCount = spinMajor ? slices : spins;
    final double perEnergy = beta / slices;
    final double twoK = 2 * coupling;
    long r0 = rng0;
    long r1 = rng1;
    long acc = 0;
    long kinkChange = 0;
    long done = 0;
    int sinceCheck = 0;
    boolean completed = true;
    for (int outer = 0; outer < outerCount; outer++) {
      for (int inner = 0; inner < innerCount; inner++) {
        final int i = spinMajor ? outer : inner;
        final int k = spinMajor ? inner : outer;
        final int idx = i * sI + k * sK;
        final int kPrev = k == 0 ? slices - 1 : k - 1;
        final int kNext = k == slices - 1 ? 0 : k + 1;
        final int si = sp[idx];
        final double delta = -2 * si * f[idx];
        final int c = si * (sp[i * sI + kPrev * sK] + sp[i * sI + kNext * sK]);
        final double x = perEnergy * delta + twoK * c;
        if (x > 0) {
          if (x >= MAX_EXPONENT) {
            continue;
          }
          long a = r0;
          final long b = r1;
          r0 = b;
          a ^= a << 23;
          r1 = a ^ b ^ (a >>> 17) ^ (b >>> 26);
          if (((r1 + b) >>> 11) * TWO_POW_MINUS_53 >= Math.exp(-x)) {
            continue;
          }
        }
        sp[idx] = (byte) -si;
        energies[k] += delta;
        kinkChange += c;
        acc++;
        final double twiceNew = -2 * si;
        final int sliceBase = k * sK;
        for (int p = st[i], end = st[i + 1]; p < end; p++) {
          f[nb[p] * sI + sliceBase] += twiceNew * wd[p];
        }
      }
      done += innerCount;
      sinceCheck += innerCount;
      if (sinceCheck >= CHECK_EVERY && outer < outerCount - 1) {
        sinceCheck = 0;
        if (stop.shouldStop()) {
          completed = false;
          break;
        }
      }
    }
    rng0 = r0;
    rng1 = r1;
    kinks += kinkChange;
    attempts += done;
    accepted += acc;
    return completed;
  }

  /** Proposes flipping each spin's whole worldline; the inter-slice action does not change. */
  private void worldlineSweep(double beta) {
    final double perEnergy = beta / m;
    final boolean integral = fieldInt != null;
    for (int i = 0; i < n; i++) {
      double delta = 0;
      for (int k = 0; k < m; k++) {
        int idx = i * strideSpin + k * strideSlice;
        delta += integral ? -2.0 * s[idx] * fieldInt[idx] / scale : -2.0 * s[idx] * field[idx];
      }
      double x = perEnergy * delta;
      worldlineAttempts++;
      if (x > 0 && (x >= MAX_EXPONENT || (nextLong() >>> 11) * TWO_POW_MINUS_53 >= Math.exp(-x))) {
        continue;
      }
      worldlineAccepted++;
      for (int k = 0; k < m; k++) {
        int idx = i * strideSpin + k * strideSlice;
        int si = s[idx];
        s[idx] = (byte) -si;
        int sliceBase = k * strideSlice;
        if (integral) {
          sliceEnergyInt[k] += -2L * si * fieldInt[idx];
          for (int p = start[i]; p < start[i + 1]; p++) {
            fieldInt[nbr[p] * strideSpin + sliceBase] += -2 * si * wInt[p];
          }
        } else {
          sliceEnergy[k] += -2.0 * si * field[idx];
          for (int p = start[i]; p < start[i + 1]; p++) {
            field[nbr[p] * strideSpin + sliceBase] += -2.0 * si * w[p];
          }
        }
      }
    }
  }

  public int numSlices() {
    return m;
  }

  /** Problem energy of slice k, offset included. */
  public double sliceEnergy(int k) {
    return offset + (fieldInt != null ? (double) sliceEnergyInt[k] / scale : sliceEnergy[k]);
  }

  /** Mean problem energy over the slices: the estimator of ⟨H_P⟩. */
  public double meanProblemEnergy() {
    double sum = 0;
    for (int k = 0; k < m; k++) {
      sum += sliceEnergy(k);
    }
    return sum / m;
  }

  /** Neighbouring slices that disagree, over all spins. */
  public long kinks() {
    return kinks;
  }

  /**
   * The estimator of ⟨Σᵢσᵢˣ⟩: per spin and slice bond, tanh(βΓ/M) where the bond is aligned and
   * coth(βΓ/M) where it is a kink (the β-derivative of the exact two-state transfer weights).
   */
  public double transverseMagnetisation(double beta, double gamma) {
    double t = Math.tanh(beta * gamma / m);
    return ((double) n * m - kinks) * t / m + kinks / (t * m);
  }

  public byte spin(int i, int k) {
    return s[i * strideSpin + k * strideSlice];
  }

  public byte[] slice(int k) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = s[i * strideSpin + k * strideSlice];
    }
    return out;
  }

  /** Remembers the lowest-energy slice if it beats the best so far; true when it did. */
  public boolean recordBestSlice() {
    int best = 0;
    double e = sliceEnergy(0);
    for (int k = 1; k < m; k++) {
      double ek = sliceEnergy(k);
      if (ek < e) {
        e = ek;
        best = k;
      }
    }
    if (e < bestEnergy) {
      bestEnergy = e;
      for (int i = 0; i < n; i++) {
        bestSpins[i] = s[i * strideSpin + best * strideSlice];
      }
      return true;
    }
    return false;
  }

  public double bestEnergy() {
    return bestEnergy;
  }

  public byte[] bestSpins() {
    return bestSpins.clone();
  }

  /** Spin-slice update attempts: local proposals plus M per worldline proposal. */
  public long attempts() {
    return attempts + worldlineAttempts * m;
  }

  /** Accepted spin-slice flips, M per accepted worldline. */
  public long accepted() {
    return accepted + worldlineAccepted * m;
  }

  public long worldlineAttempts() {
    return worldlineAttempts;
  }

  public long worldlineAccepted() {
    return worldlineAccepted;
  }
}
