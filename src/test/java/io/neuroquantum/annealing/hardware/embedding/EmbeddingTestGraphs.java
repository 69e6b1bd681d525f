package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Problem graphs the embedding and backend tests share. */
public final class EmbeddingTestGraphs {

  private EmbeddingTestGraphs() {
  }

  /** A random d-regular graph (pairing model, retried until simple). */
  public static ProblemGraph randomRegular(int n, int d, long seed) {
    Random random = new java.util.Random(seed);
    while (true) {
      List<Integer> stubs = new ArrayList<>();
      for (int v = 0; v < n; v++) {
        for (int k = 0; k < d; k++) {
          stubs.add(v);
        }
      }
      java.util.Collections.shuffle(stubs, random);
      Set<Long> seen = new HashSet<>();
      List<int[]> edges = new ArrayList<>();
      boolean simple = true;
      for (int i = 0; i < stubs.size(); i += 2) {
        int a = stubs.get(i);
        int b = stubs.get(i + 1);
        if (a == b || !seen.add(TargetGraph.edgeKey(a, b))) {
          simple = false;
          break;
        }
        edges.add(new int[] {a, b});
      }
      if (simple) {
        return ProblemGraph.of(n, edges.toArray(int[][]::new));
      }
    }
  }

}
