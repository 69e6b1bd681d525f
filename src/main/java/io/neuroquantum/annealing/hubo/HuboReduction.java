package io.neuroquantum.annealing.hubo;

import io.neuroquantum.annealing.model.DerivedQuboSize;
import io.neuroquantum.annealing.model.Qubo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces a {@link Hubo} to a QUBO by Rosenberg's substitution (1975): while a term has degree above
 * 2, the pair of variables that occurs in most such terms is replaced by a new auxiliary variable z,
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
   * a term of degree d needs at most d − 2 auxiliaries, each adding three quadratic terms; every round
   * of the reduction counts the pairs of every term still above degree 2, and there is a round per
   * auxiliary.
   */
  public static DerivedQuboSize estimate(Hubo hubo) {
    long auxiliaries = 0;
    long pairs = 0;
    for (Hubo.Term t : hubo.terms().keySet()) {
      long d = t.degree();
      if (d >= 3) {
        auxiliaries += d - 2;
        pairs += d * (d - 1) / 2;
      }
    }
    long terms = DerivedQuboSize.saturatedSum(hubo.terms().size(), DerivedQuboSize.saturatedProduct(3, auxiliaries));
    return new DerivedQuboSize(hubo.numVariables(), 0, auxiliaries, terms,
        DerivedQuboSize.saturatedProduct(auxiliaries, pairs), hubo.degree());
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
    while (true) {
      Map<Long, Integer> counts = new LinkedHashMap<>();
      for (List<Integer> v : vars) {
        if (v.size() > 2) {
          for (int a = 0; a < v.size(); a++) {
            for (int b = a + 1; b < v.size(); b++) {
              counts.merge(key(v.get(a), v.get(b)), 1, Integer::sum);
            }
          }
        }
      }
      if (counts.isEmpty()) {
        break;
      }
      long best = -1;
      int bestCount = 0;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {   // most frequent; ties: smallest pair
        if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      int i = (int) (best >>> 32);
      int j = (int) best;
      int z = next++;
      pairs.add(new int[] {i, j});
      for (List<Integer> v : vars) {
        if (v.size() > 2 && v.contains(i) && v.contains(j)) {
          v.remove(Integer.valueOf(i));
          v.remove(Integer.valueOf(j));
          v.add(z);
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

  private static long key(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
