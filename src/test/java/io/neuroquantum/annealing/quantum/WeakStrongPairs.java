package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;

/**
 * Weak-strong cluster pairs after Denchev et al. (2016): two ferromagnetic clusters (couplings −1), the
 * strong one with fields +hs (its spins prefer −1), the weak one with fields −hw (prefer +1), joined
 * by {@code links} ferromagnetic bonds. With links > k·hw the ground state is all −1 and the weak
 * cluster aligned with its own field is a false minimum it must leave as a block.
 */
final class WeakStrongPairs {
  private WeakStrongPairs() {
  }

  /** Clusters of k spins, each complete; spins 0..k−1 strong, k..2k−1 weak. */
  static Ising complete(int k, int links, double hs, double hw) {
    Ising.Builder b = Ising.builder(2 * k);
    for (int i = 0; i < k; i++) {
      b.addLinear(i, hs);
      b.addLinear(k + i, -hw);
      for (int j = i + 1; j < k; j++) {
        b.addQuadratic(i, j, -1);
        b.addQuadratic(k + i, k + j, -1);
      }
    }
    for (int l = 0; l < links; l++) {
      b.addQuadratic(l, k + l, -1);
    }
    return b.build();
  }
}
