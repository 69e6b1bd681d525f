package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Finds a minor-embedding of a sparse problem graph in the manner of Cai, Macready and Roy
 * ("A practical heuristic for finding graph minors", arXiv:1406.2741), the algorithm behind
 * minorminer. Chains are placed one variable at a time: from the chains of the variable's already
 * placed neighbours, a shortest-path search over the target (a qubit costs more the more chains
 * already use it) finds the root qubit closest to all of them, and the chain is the root plus the
 * paths to each neighbour chain. Chains may overlap at first; every round tears each chain out and
 * places it again, and the growing cost of shared qubits pushes chains apart until none overlap.
 *
 * <p>Like minorminer it is heuristic and random: it may find nothing ({@link Optional#empty()}),
 * and the seed decides which embedding it finds.
 */
public final class HeuristicEmbedder {

  private final int maxRounds;
  private final long seed;

  public HeuristicEmbedder(int maxRounds, long seed) {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
    }
    this.maxRounds = maxRounds;
    this.seed = seed;
  }

  public HeuristicEmbedder() {
    this(40, 1L);
  }

  public Optional<Embedding> embed(ProblemGraph source, TargetGraph target) {
    if (source.numVariables() > target.size()) {
      return Optional.empty();
    }
    return new Run(source, target, new Random(seed)).embed();
  }

  /** The state of one embedding attempt: chains and how many chains use each qubit. */
  private final class Run {
    private final ProblemGraph source;
    private final TargetGraph target;
    private final Random random;
    private final int[][] chains;
    private final int[] usage;
    private final double maxOverlapBase;
    private double overlapBase = 2; // grows every round: overlaps are tolerated early, priced out later
    private final double[] jitter; // per-qubit noise on the weights, redrawn every round, so rounds differ
    // scratch for the shortest-path searches, one row per neighbour chain
    private final List<double[]> distances = new ArrayList<>();
    private final List<int[]> parents = new ArrayList<>();

    Run(ProblemGraph source, TargetGraph target, Random random) {
      this.source = source;
      this.target = target;
      this.random = random;
      this.chains = new int[source.numVariables()][0];
      this.usage = new int[target.size()];
      this.maxOverlapBase = Math.max(2, target.size());
      this.jitter = new double[target.size()];
      redrawJitter();
    }

    Optional<Embedding> embed() {
      for (int v : breadthFirstOrder()) {
        place(v);
      }
      for (int round = 0; round < maxRounds; round++) {
        if (overlapFree()) {
          Embedding embedding = new Embedding(chains);
          if (embedding.problems(source, target).isEmpty()) {
            return Optional.of(embedding);
          }
        }
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < chains.length; v++) {
          order.add(v);
        }
        Collections.shuffle(order, random);
        overlapBase = Math.min(maxOverlapBase, overlapBase * 2);
        redrawJitter();
        for (int v : order) {
          place(v);
        }
      }
      return Optional.empty();
    }

    /** Variables in breadth-first order from a random start, so most have a placed neighbour when placed. */
    private List<Integer> breadthFirstOrder() {
      int n = source.numVariables();
      BitSet seen = new BitSet(n);
      List<Integer> order = new ArrayList<>(n);
      int start = random.nextInt(n);
      for (int i = 0; i < n; i++) {
        int root = (start + i) % n;
        if (seen.get(root)) {
          continue;
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(root));
        seen.set(root);
        while (!queue.isEmpty()) {
          int v = queue.poll();
          order.add(v);
          for (int u : source.neighbours(v)) {
            if (!seen.get(u)) {
              seen.set(u);
              queue.add(u);
            }
          }
        }
      }
      return order;
    }

    private void redrawJitter() {
      for (int q = 0; q < jitter.length; q++) {
        jitter[q] = 1 + random.nextDouble();
      }
    }

    private boolean overlapFree() {
      for (int u : usage) {
        if (u > 1) {
          return false;
        }
      }
      return true;
    }

    private double weight(int q) {
      return Math.pow(overlapBase, Math.min(usage[q], 12)) * jitter[q];
    }

    /** Tears out v's chain and places it again, as close as possible to its placed neighbours. */
    private void place(int v) {
      for (int q : chains[v]) {
        usage[q]--;
      }
      chains[v] = new int[0];
      List<int[]> neighbourChains = new ArrayList<>();
      for (int u : source.neighbours(v)) {
        if (chains[u].length > 0) {
          neighbourChains.add(chains[u]);
        }
      }
      int[] chain = neighbourChains.isEmpty() ? new int[] {leastUsedQubit()} : chainTowards(neighbourChains);
      for (int q : chain) {
        usage[q]++;
      }
      chains[v] = chain;
    }

    private int leastUsedQubit() {
      int best = -1;
      int ties = 0;
      for (int q = 0; q < target.size(); q++) {
        if (best < 0 || usage[q] < usage[best]) {
          best = q;
          ties = 1;
        } else if (usage[q] == usage[best] && random.nextInt(++ties) == 0) {
          best = q;
        }
      }
      return best;
    }

    private int[] chainTowards(List<int[]> neighbourChains) {
      int k = neighbourChains.size();
      while (distances.size() < k) {
        distances.add(new double[target.size()]);
        parents.add(new int[target.size()]);
      }
      for (int i = 0; i < k; i++) {
        shortestPaths(neighbourChains.get(i), distances.get(i), parents.get(i));
      }
      // the root's cost: its own weight plus, per neighbour chain, the path to it without the root
      int root = -1;
      double bestCost = Double.POSITIVE_INFINITY;
      int ties = 0;
      for (int q = 0; q < target.size(); q++) {
        double w = weight(q);
        double cost = w;
        for (int i = 0; i < k && cost < Double.POSITIVE_INFINITY; i++) {
          double d = distances.get(i)[q];
          cost += parents.get(i)[q] == -1 && d == 0 ? 0 : d - w;
        }
        if (cost < bestCost) {
          bestCost = cost;
          root = q;
          ties = 1;
        } else if (cost == bestCost && cost < Double.POSITIVE_INFINITY && random.nextInt(++ties) == 0) {
          root = q;
        }
      }
      if (root < 0) { // the neighbours sit in parts of the target this qubit cannot reach
        return new int[] {leastUsedQubit()};
      }
      Set<Integer> chain = new LinkedHashSet<>();
      chain.add(root);
      for (int i = 0; i < k; i++) {
        int[] parent = parents.get(i);
        for (int q = parent[root]; q >= 0 && parent[q] >= 0; q = parent[q]) {
          chain.add(q); // stops before the neighbour's own chain (whose qubits have no parent)
        }
      }
      return chain.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Dijkstra from all qubits of {@code sources} at distance 0; entering a qubit costs its weight.
     * Source qubits get parent -1; unreachable ones distance infinity and parent -2.
     */
    private void shortestPaths(int[] sources, double[] dist, int[] parent) {
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
      Arrays.fill(parent, -2);
      MinHeap heap = new MinHeap(target.size());
      for (int s : sources) {
        dist[s] = 0;
        parent[s] = -1;
        heap.push(s, 0);
      }
      while (!heap.isEmpty()) {
        double d = heap.peekKey();
        int q = heap.pop();
        if (d > dist[q]) {
          continue;
        }
        for (int n : target.neighbours(q)) {
          double nd = d + weight(n);
          if (nd < dist[n]) {
            dist[n] = nd;
            parent[n] = q;
            heap.push(n, nd);
          }
        }
      }
    }
  }

  /** A binary min-heap of (key, node) with lazy deletion; no boxing on the hot path. */
  private static final class MinHeap {
    private double[] keys;
    private int[] nodes;
    private int size;

    MinHeap(int capacity) {
      keys = new double[Math.max(16, capacity)];
      nodes = new int[keys.length];
    }

    boolean isEmpty() {
      return size == 0;
    }

    double peekKey() {
      return keys[0];
    }

    void push(int node, double key) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        nodes = Arrays.copyOf(nodes, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int p = (i - 1) / 2;
        if (keys[p] <= key) {
          break;
        }
        keys[i] = keys[p];
        nodes[i] = nodes[p];
        i = p;
      }
      keys[i] = key;
      nodes[i] = node;
    }

    int pop() {
      int top = nodes[0];
      size--;
      double key = keys[size];
      int node = nodes[size];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) {
          break;
        }
        if (c + 1 < size && keys[c + 1] < keys[c]) {
          c++;
        }
        if (keys[c] >= key) {
          break;
        }
        keys[i] = keys[c];
        nodes[i] = nodes[c];
        i = c;
      }
      keys[i] = key;
      nodes[i] = node;
      return top;
    }
  }
}
