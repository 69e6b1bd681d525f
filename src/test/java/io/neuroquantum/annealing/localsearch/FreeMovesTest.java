package io.neuroquantum.annealing.localsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.solvers.CsrIsing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both forms of {@link FreeMoves} against a brute-force scan, through random flips, tabu marks and
 * releases as a tabu walk makes them: the top is always a free variable whose change is the lowest
 * among the free ones.
 */
class FreeMovesTest {

  @Test
  void buckets_on_an_integral_model_always_top_the_lowest_free_change() {
    CsrIsing model = CsrIsing.of(randomIsing(300, true, 3));
    FreeMoves moves = FreeMoves.of(model, new SplittableRandom(1));
    assertThat(moves).isInstanceOf(BucketMoves.class);
    exercise(model, moves);
  }

  @Test
  void the_heap_on_a_real_valued_model_always_tops_the_lowest_free_change() {
    CsrIsing model = CsrIsing.of(randomIsing(300, false, 4));
    FreeMoves moves = FreeMoves.of(model, new SplittableRandom(1));
    assertThat(moves).isInstanceOf(DeltaHeap.class);
    exercise(model, moves);
  }

  /** Ties at the top land on different variables: the bucket form does not pick by index. */
  @Test
  void ties_are_broken_at_random() {
    CsrIsing model = CsrIsing.of(Ising.builder(50).build());   // no couplings: every change is 0
    FreeMoves moves = FreeMoves.of(model, new SplittableRandom(2));
    FlipState state = new FlipState(model);
    state.randomize(new SplittableRandom(3));
    boolean[] free = new boolean[50];
    java.util.Arrays.fill(free, true);
    moves.rebuild(state, free);
    java.util.Set<Integer> tops = new java.util.HashSet<>();
    for (int k = 0; k < 200; k++) {
      tops.add(moves.top());
    }
    assertThat(tops.size()).isGreaterThan(20);
  }

  private static void exercise(CsrIsing model, FreeMoves moves) {
    SplittableRandom random = new SplittableRandom(9);
    FlipState state = new FlipState(model);
    state.randomize(random);
    int n = state.n;
    boolean[] free = new boolean[n];
    java.util.Arrays.fill(free, true);
    moves.rebuild(state, free);
    java.util.ArrayDeque<Integer> tabu = new java.util.ArrayDeque<>();
    for (int step = 0; step < 5000; step++) {
      int top = moves.top();
      double lowest = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (free[i]) {
          lowest = Math.min(lowest, state.delta(i));
        }
      }
      assertThat(free[top]).as("step %d: top %d is free", step, top).isTrue();
      assertThat(moves.topKey()).as("step %d", step).isEqualTo(lowest);
      assertThat(state.delta(top)).as("step %d", step).isEqualTo(lowest);
      // flip the top or, now and then, any variable; it becomes tabu, the oldest tabu one is released
      int v = random.nextInt(4) == 0 ? random.nextInt(n) : top;
      if (free[v]) {
        moves.remove(v);
        free[v] = false;
        tabu.add(v);
      }
      state.flip(v);
      for (int k = state.start[v]; k < state.start[v + 1]; k++) {
        int j = state.neighbor[k];
        moves.update(j, state.delta(j));
      }
      moves.update(v, state.delta(v));
      if (tabu.size() > 10) {
        int back = tabu.poll();
        free[back] = true;
        moves.add(back, state.delta(back));
      }
    }
  }

  private static Ising randomIsing(int n, boolean integral, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, integral ? random.nextInt(-2, 3) : random.nextDouble(-1, 1));
      for (int j = i + 1; j < n; j++) {
        if (random.nextDouble() < 0.03) {
          b.addQuadratic(i, j, integral ? (random.nextBoolean() ? 1 : -1) * random.nextInt(1, 4) : random.nextDouble(-1, 1));
        }
      }
    }
    return b.build();
  }
}
