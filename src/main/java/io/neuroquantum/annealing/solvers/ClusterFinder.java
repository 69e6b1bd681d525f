package io.neuroquantum.annealing.solvers;

/**
 * Breadth-first growth of a Houdayer cluster: the spins connected to a seed through bonds on which
 * two replicas both disagree. Reuses its queue and marks between calls (marks by generation, so no
 * clearing), so a cluster move allocates nothing.
 */
final class ClusterFinder {

  /** Does replica A differ from replica B at spin i? */
  interface Disagreement {
    boolean at(int i);
  }

  private final int[] start;
  private final int[] neighbor;
  private final int shift;
  private final int[] mark;
  private final int[] queue;
  private int generation;

  /** {@code neighbor[k] >>> shift} is the neighbour index (the packed layout keeps a sign bit below it). */
  ClusterFinder(int n, int[] start, int[] neighbor, int shift) {
    this.start = start;
    this.neighbor = neighbor;
    this.shift = shift;
    this.mark = new int[n];
    this.queue = new int[n];
  }

  /** Spins of the cluster of {@code seed} in {@link #members()}[0..return); 0 if the seed agrees. */
  int grow(int seed, Disagreement differs) {
    if (!differs.at(seed)) {
      return 0;
    }
    int gen = ++generation;
    if (gen == 0) {   // wrapped: clear once every 2³² clusters
      java.util.Arrays.fill(mark, 0);
      gen = generation = 1;
    }
    int head = 0;
    int tail = 0;
    queue[tail++] = seed;
    mark[seed] = gen;
    while (head < tail) {
      int i = queue[head++];
      for (int k = start[i]; k < start[i + 1]; k++) {
        int j = neighbor[k] >>> shift;
        if (mark[j] != gen && differs.at(j)) {
          mark[j] = gen;
          queue[tail++] = j;
        }
      }
    }
    return tail;
  }

  int[] members() {
    return queue;
  }
}
