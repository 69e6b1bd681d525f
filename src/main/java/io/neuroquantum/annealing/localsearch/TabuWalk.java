package io.neuroquantum.annealing.localsearch;

import java.util.Arrays;
import java.util.SplittableRandom;
import io.neuroquantum.annealing.solvers.StopCheck;

/**
 * One read of {@link TabuSearch}: the tabu walk over a {@link FlipState}, its restarts, and the best
 * state it has seen. All arrays are allocated here, once; the iteration loop allocates nothing.
 *
 * <p>An iteration costs O(degree + tenure) on integral models and O(degree · log n + tenure) on others,
 * not O(n): the free variables sit in a {@link FreeMoves} keyed by their flip's energy change, so the
 * best free move is its top; a flip
 * re-places only the flipped variable's neighbours; the at most {@code tenure} tabu variables (kept
 * in flip order in a ring, which is also the order in which they become free again) are scanned for
 * the aspiration rule.
 */
final class TabuWalk {

  /**
   * A solve's settings, resolved against the model's size.
   *
   * @param restartFlips variables flipped at random when a run restarts from the best state
   * @param tolerance energy changes smaller than this count as no change (rounding)
   */
  record Settings(long iterations, int tenure, long restartAfter, int restartFlips, double target, double tolerance) {
  }

  /** Iterations between two looks at the clock, the cancellation token and the progress tracker. */
  static final int CHECK_EVERY = 1024;

  private final FlipState state;
  private final Settings settings;
  private final SplittableRandom random;
  private final FreeMoves free;
  /** Iteration from which variable i may flip again (0: free). */
  private final long[] tabuUntil;
  /** Flipped variables in flip order (tenure + 1 most recent; older entries are free again). */
  private final int[] recent;
  private final long[] recentAt;
  private int recentHead;
  private int recentCount;
  private final boolean[] scratchFree;
  private final byte[] bestSpins;
  private double bestEnergy;
  private long iterations;
  private long flips;

  /** A walk over {@code state}; {@code free} orders its free moves ({@link FreeMoves#of}), over the same random stream. */
  TabuWalk(FlipState state, FreeMoves free, Settings settings, SplittableRandom random) {
    this.state = state;
    this.settings = settings;
    this.random = random;
    this.free = free;
    this.tabuUntil = new long[state.n];
    this.recent = new int[settings.tenure() + 1];
    this.recentAt = new long[settings.tenure() + 1];
    this.scratchFree = new boolean[state.n];
    this.bestSpins = state.spins.clone();
    this.bestEnergy = state.energy();
  }

  /**
   * Walks until the iteration bound, the target energy or the stop check; every {@link #CHECK_EVERY}
   * iterations it tells {@code progress} (iterations done since the last call, read's best energy).
   */
  void run(StopCheck stop, Progress progress) {
    final int n = state.n;
    final byte[] s = state.spins;
    final double[] f = state.field;
    final int[] start = state.start;
    final int[] neighbor = state.neighbor;
    final long[] tabu = tabuUntil;
    final int tenure = settings.tenure();
    final double tol = settings.tolerance();
    double runBest = state.energy();
    long sinceImprovement = 0;
    resetTabu();
    while (iterations < settings.iterations() && !(bestEnergy <= settings.target()) && n > 0) {
      final long it = iterations;
      releaseExpired(it);
      // a tabu flip is allowed when it would beat the read's best energy (aspiration)
      final double aspiration = bestEnergy - state.energy() - tol;
      int chosen = -1;
      double chosenDelta = Double.POSITIVE_INFINITY;
      if (!free.isEmpty()) {
        chosen = free.top();
        chosenDelta = free.topKey();
      }
      for (int k = 0, slot = recentHead; k < recentCount; k++, slot = slot + 1 == recent.length ? 0 : slot + 1) {
        int v = recent[slot];
        double d = -2 * s[v] * f[v];
        if (d < chosenDelta && d < aspiration && tabu[v] > it) {
          chosenDelta = d;
          chosen = v;
        }
      }
      iterations++;
      if (chosen < 0) {
        break;   // every variable tabu: only when tenure ≥ n, which the settings prevent
      }
      if (free.contains(chosen)) {
        free.remove(chosen);
      }
      tabu[chosen] = it + tenure + 1;   // before the flip: a rebuild after a resynchronization must see it tabu
      if (state.flip(chosen)) {
        rebuildFree(it + 1);   // fields recomputed: every change may have moved by rounding
      } else {
        for (int k = start[chosen], end = start[chosen + 1]; k < end; k++) {
          int j = neighbor[k];
          free.update(j, -2 * s[j] * f[j]);
        }
        free.update(chosen, -2 * s[chosen] * f[chosen]);   // its own change flipped sign (tabu now)
      }
      flips++;
      remember(chosen, it);
      double e = state.energy();
      if (e < runBest - tol) {
        runBest = e;
        sinceImprovement = 0;
        if (e < bestEnergy - tol) {
          bestEnergy = e;
          System.arraycopy(s, 0, bestSpins, 0, n);
        }
      } else if (++sinceImprovement >= settings.restartAfter()) {
        restartNearBest();
        runBest = state.energy();
        sinceImprovement = 0;
      }
      if (iterations % CHECK_EVERY == 0) {
        progress.advance(CHECK_EVERY, bestEnergy);
        if (stop.shouldStop()) {
          break;
        }
      }
    }
    progress.advance(iterations % CHECK_EVERY, bestEnergy);
  }

  /** What a walk reports while it runs: iterations since the last call and its best energy so far. */
  interface Progress {
    void advance(long iterationsDone, double best);
  }

  /** Variables flipped {@code tenure + 1} or more iterations ago are free again (unless flipped again since). */
  private void releaseExpired(long it) {
    while (recentCount > 0 && recentAt[recentHead] + settings.tenure() + 1 <= it) {
      int v = recent[recentHead];
      recentHead = recentHead + 1 == recent.length ? 0 : recentHead + 1;
      recentCount--;
      if (tabuUntil[v] <= it && !free.contains(v)) {
        free.add(v, state.delta(v));
      }
    }
  }

  private void remember(int v, long it) {
    if (recentCount == recent.length) {   // cannot happen: entries expire after tenure + 1 iterations
      throw new IllegalStateException("tabu ring overflow");
    }
    int slot = recentHead + recentCount;
    slot = slot >= recent.length ? slot - recent.length : slot;
    recent[slot] = v;
    recentAt[slot] = it;
    recentCount++;
  }

  /** The heap rebuilt from the variables free at iteration {@code it}. */
  private void rebuildFree(long it) {
    for (int i = 0; i < state.n; i++) {
      scratchFree[i] = tabuUntil[i] <= it;
    }
    free.rebuild(state, scratchFree);
  }

  /** No variable tabu, every one in the heap. */
  private void resetTabu() {
    Arrays.fill(tabuUntil, 0);
    recentHead = 0;
    recentCount = 0;
    rebuildFree(iterations);
  }

  /** Back to the best state with a few random variables flipped, and a fresh tabu list. */
  private void restartNearBest() {
    state.load(bestSpins);
    for (int k = 0; k < settings.restartFlips(); k++) {
      state.flip(random.nextInt(state.n));
      flips++;
    }
    resetTabu();
  }

  byte[] bestSpins() {
    return bestSpins.clone();
  }

  double bestEnergy() {
    return bestEnergy;
  }

  long iterations() {
    return iterations;
  }

  long flips() {
    return flips;
  }
}
