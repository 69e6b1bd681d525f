package io.neuroquantum.annealing.hubo;

import io.neuroquantum.annealing.model.DerivedQuboSize;
import io.neuroquantum.annealing.model.Qubo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reduces a {@link Hubo} to a QUBO by Rosenberg's substitution (1975): while a term has degree above
 * 2, the pair of variables that occurs in most such terms (ties: the smallest pair) is replaced by a
 * new auxiliary variable z,
 * and the penalty {@code M·(xᵢxⱼ − 2xᵢz − 2xⱼz + 3z)} is added. That penalty is 0 when z = xᵢxⱼ
 * and at least M otherwise.
 *
 * <p>Penalty: {@code M = 1.1·D}, D the sum of |a_t| over the terms of degree ≥ 3. Why the minimum
 * is kept, exactly: with every auxiliary equal to the product it stands for, each term has its
 * original value and the penalties are 0, so the QUBO energy equals the HUBO energy. With any
 * auxiliary wrong, take the first one created that is wrong: its pair is right, so its penalty is at
 * least M, while the substituted terms (the only ones that changed) differ from their HUBO values by
 * at most D in total; the energy is then at least {@code H(x) − D + M > H(x)}. So for every x the
 * minimum over the auxiliaries is H(x), reached only at the right products.
 */
public final class HuboReduction {

  /** The margin of M over D (see the class comment). */
  public static final double PENALTY_MARGIN = 1.1;

  private HuboReduction() {
  }

  /**
   * The size of {@link #reduce}'s QUBO, from the model alone (upper bounds, see {@link DerivedQuboSize}):
   * a term of degree d needs at most d − 2 auxiliaries, each adding three quadratic terms; each
   * substitution in a term takes its d(d−1)/2 pairs out of the counts and puts the new term's back,
   * so the reduction's steps are at most Σ (d − 2)·d(d − 1) over the terms of degree ≥ 3.
   */
  public static DerivedQuboSize estimate(Hubo hubo) {
    long auxiliaries = 0;
    long steps = 0;
    for (Hubo.Term t : hubo.terms().keySet()) {
      long d = t.degree();
      if (d >= 3) {
        auxiliaries += d - 2;
        steps = DerivedQuboSize.saturatedSum(steps, (d - 2) * d * (d - 1));
      }
    }
    long terms = DerivedQuboSize.saturatedSum(hubo.terms().size(), DerivedQuboSize.saturatedProduct(3, auxiliaries));
    return new DerivedQuboSize(hubo.numVariables(), 0, auxiliaries, terms, steps, hubo.degree());
  }

  public static ReducedHubo reduce(Hubo hubo) {
    int n = hubo.numVariables();
    List<int[]> pairs = new ArrayList<>();   // pairs.get(k): the two variables aux n + k stands for
    double higher = 0;
    // working terms: variable lists (mutable), coefficient
    List<List<Integer>> vars = new ArrayList<>();
    List<Double> coefficients = new ArrayList<>();
    for (Map.Entry<Hubo.Term, Double> t : hubo.terms().entrySet()) {
      List<Integer> v = new ArrayList<>();
      for (int x : t.getKey().variables()) {
        v.add(x);
      }
      vars.add(v);
      coefficients.add(t.getValue());
      if (v.size() >= 3) {
        higher += Math.abs(t.getValue());
      }
    }
    int next = n;
    PairCounts counts = new PairCounts();
    for (int t = 0; t < vars.size(); t++) {
      if (vars.get(t).size() > 2) {
        counts.add(t, vars.get(t));
      }
    }
    long best;
    while ((best = counts.mostFrequent()) >= 0) {
      int i = (int) (best >>> 32);
      int j = (int) best;
      int z = next++;
      pairs.add(new int[] {i, j});
      for (int t : counts.termsWith(best)) {
        List<Integer> v = vars.get(t);
        counts.remove(t, v);
        v.remove(Integer.valueOf(i));
        v.remove(Integer.valueOf(j));
        v.add(z);
        if (v.size() > 2) {
          counts.add(t, v);
        }
      }
    }
    double penalty = PENALTY_MARGIN * higher;
    Qubo.Builder q = Qubo.builder(next);
    q.addOffset(hubo.offset());
    for (int t = 0; t < vars.size(); t++) {
      List<Integer> v = vars.get(t);
      if (v.size() == 1) {
        q.addLinear(v.get(0), coefficients.get(t));
      } else {
        q.addQuadratic(v.get(0), v.get(1), coefficients.get(t));
      }
    }
    for (int k = 0; k < pairs.size(); k++) {
      int z = n + k;
      int i = pairs.get(k)[0];
      int j = pairs.get(k)[1];
      q.addQuadratic(i, j, penalty);
      q.addQuadratic(i, z, -2 * penalty);
      q.addQuadratic(j, z, -2 * penalty);
      q.addLinear(z, 3 * penalty);
    }
    return new ReducedHubo(hubo, q.build(), pairs, penalty);
  }

  /**
   * How many terms above degree 2 hold each pair of variables, and which, kept up to date as terms
   * change: a substitution touches only the terms that hold its pair, so the reduction costs the pairs
   * of the terms it changes ({@link #estimate}), not a recount of every term per auxiliary.
   */
  private static final class PairCounts {
    /** Keyed by {@link #spread}: a pair's key hashes (as a Long) to i xor j, which collides in droves. */
    private final Map<Long, Set<Integer>> terms = new HashMap<>();
    /** Pairs by how many terms hold them: the most frequent, ties to the smallest pair, is next. */
    private final TreeMap<Integer, TreeSet<Long>> byCount = new TreeMap<>();

    void add(int term, List<Integer> v) {
      forEachPair(v, p -> {
        Set<Integer> holders = terms.computeIfAbsent(spread(p), k -> new HashSet<>());
        move(p, holders.size(), holders.size() + 1);
        holders.add(term);
      });
    }

    void remove(int term, List<Integer> v) {
      forEachPair(v, p -> {
        Set<Integer> holders = terms.get(spread(p));
        move(p, holders.size(), holders.size() - 1);
        holders.remove(term);
        if (holders.isEmpty()) {
          terms.remove(spread(p));
        }
      });
    }

    /** The pair to substitute next, or −1 when no term is above degree 2. */
    long mostFrequent() {
      return byCount.isEmpty() ? -1 : byCount.lastEntry().getValue().first();
    }

    /** A copy: the caller changes the terms while it walks them. */
    List<Integer> termsWith(long pair) {
      return new ArrayList<>(terms.get(spread(pair)));
    }

    /** A one-to-one mix of a pair's key (odd multiplier), so that its Long hash spreads. */
    private static long spread(long pair) {
      return pair * 0x9E3779B97F4A7C15L;
    }

    private void move(long pair, int from, int to) {
      if (from > 0) {
        TreeSet<Long> bucket = byCount.get(from);
        bucket.remove(pair);
        if (bucket.isEmpty()) {
          byCount.remove(from);
        }
      }
      if (to > 0) {
        byCount.computeIfAbsent(to, k -> new TreeSet<>()).add(pair);
      }
    }

    private static void forEachPair(List<Integer> v, java.util.function.LongConsumer action) {
      for (int a = 0; a < v.size(); a++) {
        for (int b = a + 1; b < v.size(); b++) {
          action.accept(key(v.get(a), v.get(b)));
        }
      }
    }
  }

  private static long key(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
