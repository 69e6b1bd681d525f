package io.neuroquantum.annealing.problems;

import java.util.Arrays;

/**
 * Korf's complete Karmarkar–Karp search (Artificial Intelligence 106, 1998) for the smallest
 * difference of a two-way partition: the exact answer the annealers' number partitioning is checked
 * against. The first path is the Karmarkar–Karp heuristic (replace the two largest numbers by their
 * difference); the search then also tries putting them on the same side (their sum), pruning a
 * branch when its largest number is at least the rest's sum (the difference is then forced) and
 * stopping at a perfect partition (difference 0, or 1 for an odd total).
 */
final class CompleteKarmarkarKarp {
  private long best;
  private long perfect;

  private CompleteKarmarkarKarp() {
  }

  /** The smallest |Σ side 1 − Σ side 0| over all partitions of {@code numbers} (non-negative). */
  static long minimumDifference(long... numbers) {
    CompleteKarmarkarKarp search = new CompleteKarmarkarKarp();
    long total = Arrays.stream(numbers).sum();
    search.perfect = total % 2;
    search.best = Long.MAX_VALUE;
    search.search(numbers.clone());
    return search.best;
  }

  /** The Karmarkar–Karp heuristic alone: the first leaf of the search. */
  static long karmarkarKarp(long... numbers) {
    long[] a = numbers.clone();
    for (int n = a.length; n > 1; n--) {
      Arrays.sort(a, 0, n);
      a[n - 2] = a[n - 1] - a[n - 2];
    }
    return a[0];
  }

  private void search(long[] a) {
    if (best <= perfect) {
      return;
    }
    int n = a.length;
    Arrays.sort(a);
    long rest = 0;
    for (int i = 0; i < n - 1; i++) {
      rest += a[i];
    }
    if (n == 1 || a[n - 1] >= rest) {
      best = Math.min(best, a[n - 1] - rest);
      return;
    }
    long[] next = Arrays.copyOf(a, n - 1);
    next[n - 2] = a[n - 1] - a[n - 2];   // opposite sides
    search(next);
    next = Arrays.copyOf(a, n - 1);
    next[n - 2] = a[n - 1] + a[n - 2];   // same side
    search(next);
  }
}
