package io.neuroquantum.annealing.hardware.embedding;

import io.neuroquantum.annealing.model.Ising;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a logical Ising model onto a target through an embedding, as Ocean's {@code embed_bqm} does:
 * a variable's field is split evenly over its chain, a logical coupling is split evenly over every
 * coupler between the two chains, and every coupler inside a chain gets {@code -chainStrength} so the
 * chain's qubits prefer to agree. The offset is raised by {@code chainStrength} per chain coupler, so a
 * sample with no broken chain has exactly the logical energy.
 */
public final class Embedder {

  private Embedder() {
  }

  public static TargetIsing embed(Ising model, Embedding embedding, TargetGraph target, double chainStrength) {
    if (embedding.numVariables() != model.numVariables()) {
      throw new IllegalArgumentException("embedding has " + embedding.numVariables() + " chains for a model of "
          + model.numVariables() + " variables");
    }
    double[] h = new double[target.size()];
    boolean[] active = new boolean[target.size()];
    Map<Long, Double> couplings = new LinkedHashMap<>();
    double[] offset = {model.offset()};
    for (int v = 0; v < model.numVariables(); v++) {
      int[] chain = embedding.chain(v);
      for (int q : chain) {
        active[q] = true;
        h[q] += model.linear(v) / chain.length;
      }
      for (int a = 0; a < chain.length; a++) {
        for (int b = a + 1; b < chain.length; b++) {
          if (target.hasEdgeByIndex(chain[a], chain[b])) {
            couplings.merge(labelKey(target, chain[a], chain[b]), -chainStrength, Double::sum);
            offset[0] += chainStrength;
          }
        }
      }
    }
    model.forEachInteraction((u, v, coupling) -> {
      List<long[]> between = couplersBetween(embedding.chain(u), embedding.chain(v), target);
      if (between.isEmpty()) {
        throw new IllegalArgumentException("no coupler between the chains of " + u + " and " + v);
      }
      for (long[] c : between) {
        couplings.merge(c[0], coupling / between.size(), Double::sum);
      }
    });
    return new TargetIsing(target, h, active, couplings, offset[0]);
  }

  private static List<long[]> couplersBetween(int[] a, int[] b, TargetGraph target) {
    List<long[]> out = new ArrayList<>();
    java.util.Set<Integer> inB = new java.util.HashSet<>();
    for (int q : b) {
      inB.add(q);
    }
    for (int q : a) {
      for (int n : target.neighbours(q)) {
        if (inB.contains(n)) {
          out.add(new long[] {labelKey(target, q, n)});
        }
      }
    }
    return out;
  }

  private static long labelKey(TargetGraph target, int indexA, int indexB) {
    return TargetGraph.edgeKey(target.qubit(indexA), target.qubit(indexB));
  }
}
