package io.neuroquantum.annealing.localsearch;

import java.util.Arrays;
import java.util.SplittableRandom;
import io.neuroquantum.annealing.solvers.StopCheck;

/**
 * One read of {@link TabuSearch}: the tabu walk over a {@link FlipState}, its restarts, and the best
 * state it has seen. All arrays are allocated here, once; the iteration loop allocates nothing.
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

  private static final int CHECK_EVERY = 1024;

  private final FlipState state;
  private final Settings settings;
  private final SplittableRandom random;
  /** Iteration from which variable i may flip again (0: free). */
  private final long[] tabuUntil;
  private final byte[] bestSpins;
  private double bestEnergy;
  private long iterations;
  private long flips;

  TabuWalk(FlipState state, Settings settings, SplittableRandom random) {
    this.state = state;
    this.settings = settings;
    this.random = random;
    this.tabuUntil = new long[state.n];
    this.bestSpins = state.spins.clone();
    this.bestEnergy = state.energy();
  }

  void run(StopCheck stop) {
    final int n = state.n;
    final byte[] s = state.spins;
    final double[] f = state.field;
    final long[] tabu = tabuUntil;
    final int tenure = settings.tenure();
    final double tol = settings.tolerance();
    double runBest = state.energy();
    long sinceImprovement = 0;
    while (iterations < settings.iterations() && !(bestEnergy <= settings.target()) && n > 0) {
      final long it = iterations;
      // a tabu flip is allowed when it would beat the read's best energy (aspiration)
      final double aspiration = bestEnergy - state.energy() - tol;
      int chosen = -1;
      double chosenDelta = Double.POSITIVE_INFINITY;
      int i = random.nextInt(n);
      for (int k = 0; k < n; k++, i++) {
        if (i == n) {
          i = 0;
        }
        double d = -2 * s[i] * f[i];
        if (d < chosenDelta && (tabu[i] <= it || d < aspiration)) {
          chosenDelta = d;
          chosen = i;
        }
      }
      iterations++;
      if (chosen < 0) {
        break;   // every variable tabu: only when tenure ≥ n, which the settings prevent
      }
      state.flip(chosen);
      flips++;
      tabu[chosen] = it + tenure + 1;
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
      if (iterations % CHECK_EVERY == 0 && stop.shouldStop()) {
        break;
      }
    }
  }

  /** Back to the best state with a few random variables flipped, and a fresh tabu list. */
  private void restartNearBest() {
    state.load(bestSpins);
    for (int k = 0; k < settings.restartFlips(); k++) {
      state.flip(random.nextInt(state.n));
      flips++;
    }
    Arrays.fill(tabuUntil, 0);
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
