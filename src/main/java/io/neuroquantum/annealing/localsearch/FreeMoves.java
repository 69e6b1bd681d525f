package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.solvers.CsrIsing;
import java.util.SplittableRandom;

/**
 * The variables a tabu walk may flip (those not tabu), ordered by the energy change of flipping
 * them, so the best move is read at the top and a flip re-places only its neighbours. Equal changes
 * are ordered at random. Two forms: {@link BucketMoves} when every change is an integer multiple of
 * one unit in a small range (Max-Cut, small-integer QUBOs: O(1) per re-placement), {@link DeltaHeap}
 * otherwise (O(log n)).
 */
interface FreeMoves {

  /** Models needing more buckets than this (2·largest scaled field + 1) use the heap instead. */
  int MAX_BUCKETS = 1 << 17;

  /** The fitting form for {@code model}: buckets when its coefficients are integral at a small scale. */
  static FreeMoves of(CsrIsing model, SplittableRandom random) {
    if (model.isIntegral() && BucketMoves.fits(model.couplingIntView(), model.maxFieldInt())) {
      return new BucketMoves(model.numVariables(), model.integerScale(), model.maxFieldInt(), random);
    }
    return new DeltaHeap(model.numVariables(), random);
  }

  /** Rebuilds from every variable for which {@code free[i]} holds, keyed by the state's changes. */
  void rebuild(FlipState state, boolean[] free);

  boolean isEmpty();

  boolean contains(int i);

  /** A variable with the lowest change (ties at random); must not be empty. */
  int top();

  /** The change of flipping {@link #top()}. */
  double topKey();

  void add(int i, double delta);

  void remove(int i);

  /** Variable i's change became {@code delta} (i free or tabu: a form that does not hold tabu variables ignores them). */
  void update(int i, double delta);
}
