package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.model.VarType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ground truth for small models: visits all 2ⁿ states in Gray-code order, so consecutive states
 * differ in one spin and each step costs O(degree). The top bits split the space into blocks that
 * run in parallel. Returns every ground state (up to {@code maxGroundStates}), each occurring once.
 * About a second per 2³⁰ states and core on this kind of machine; the default limit is 30 variables.
 */
public final class ExactSolver implements Solver {

  public static final int DEFAULT_MAX_VARIABLES = 30;
  private static final int SPLIT_BITS = 6;

  private final int maxVariables;
  private final int maxGroundStates;

  public ExactSolver() {
    this(DEFAULT_MAX_VARIABLES, 64);
  }

  public ExactSolver(int maxVariables, int maxGroundStates) {
    if (maxVariables < 1 || maxVariables > 40) {
      throw new IllegalArgumentException("maxVariables must be in [1, 40]: " + maxVariables);
    }
    this.maxVariables = maxVariables;
    this.maxGroundStates = maxGroundStates;
  }

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    int n = model.numVariables();
    if (n > maxVariables) {
      throw new InvalidModelException("the exact solver enumerates 2^n states; n = " + n
          + " is over its limit of " + maxVariables);
    }
    StopCheck stop = control.start();
    Ising ising = model.toIsing();
    CsrIsing csr = CsrIsing.of(ising);
    int splitBits = Math.min(SPLIT_BITS, n);
    int lowBits = n - splitBits;
    int blocks = 1 << splitBits;
    @SuppressWarnings("unchecked")
    List<byte[]>[] ground = new List[blocks];
    double[] blockMin = new double[blocks];
    long[] visited = new long[blocks];

    ParallelReads.run(blocks, control.threads(), b -> {
      Block block = new Block(csr, lowBits, b, maxGroundStates);
      visited[b] = block.enumerate(stop);
      ground[b] = block.ground;
      blockMin[b] = block.min;
    });

    double min = Arrays.stream(blockMin).min().orElse(ising.offset());
    List<byte[]> states = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      if (isTie(blockMin[b], min)) {
        states.addAll(ground[b]);
      }
    }
    states.sort(Arrays::compare);
    if (states.size() > maxGroundStates) {
      states = states.subList(0, maxGroundStates);
    }
    List<Sample> samples = new ArrayList<>();
    for (byte[] s : states) {
      samples.add(new Sample(s, ising.energyUnchecked(s), 1));
    }
    samples.sort(Comparator.comparingDouble(Sample::energy));
    long total = Arrays.stream(visited).sum();
    long nanos = System.nanoTime() - stop.startNanos();
    SamplingStats stats = new SamplingStats(total, total, 1, 1, total == 0 ? 0 : (double) nanos / total, stop.reason());
    SampleSet spins = SampleSet.of(VarType.SPIN, samples, new Timing(nanos, nanos), stats);
    return model.varType() == VarType.SPIN ? spins : spins.relabel(model);
  }

  /** Equal energies up to rounding: Gray-code updates accumulate a little floating-point error. */
  static boolean isTie(double e, double min) {
    return Math.abs(e - min) <= 1e-9 * Math.max(1.0, Math.abs(min));
  }

  /** Enumerates the 2^lowBits states whose top bits encode the block index. */
  private static final class Block {
    final CsrIsing m;
    final int lowBits;
    final byte[] s;
    final double[] f;
    final int maxStates;
    final List<byte[]> ground = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;

    Block(CsrIsing m, int lowBits, int index, int maxStates) {
      this.m = m;
      this.lowBits = lowBits;
      this.maxStates = maxStates;
      s = new byte[m.n];
      Arrays.fill(s, (byte) -1);
      for (int bit = 0; bit < m.n - lowBits; bit++) {
        if ((index >>> bit & 1) != 0) {
          s[lowBits + bit] = 1;
        }
      }
      f = new double[m.n];
    }

    long enumerate(StopCheck stop) {
      double e = resynchronize();
      consider(e);
      long states = 1L << lowBits;
      for (long k = 1; k < states; k++) {
        int i = Long.numberOfTrailingZeros(k);
        int si = s[i];
        e += -2 * si * f[i];
        s[i] = (byte) -si;
        double twiceNew = -2 * si;
        for (int p = m.start[i]; p < m.start[i + 1]; p++) {
          f[m.neighbor[p]] += twiceNew * m.coupling[p];
        }
        if ((k & 0xFFFF) == 0) {
          e = resynchronize();   // drop floating-point drift from long runs of updates
          if (stop.shouldStop()) {
            consider(e);
            return k + 1;
          }
        }
        consider(e);
      }
      return states;
    }

    private double resynchronize() {
      for (int i = 0; i < m.n; i++) {
        double field = m.h[i];
        for (int k = m.start[i]; k < m.start[i + 1]; k++) {
          field += m.coupling[k] * s[m.neighbor[k]];
        }
        f[i] = field;
      }
      return m.energy(s);
    }

    private void consider(double e) {
      if (min == Double.POSITIVE_INFINITY || (e < min && !isTie(e, min))) {
        min = e;
        ground.clear();
        ground.add(s.clone());
      } else if (isTie(e, min) && ground.size() < maxStates) {
        ground.add(s.clone());
        min = Math.min(min, e);
      }
    }
  }
}
