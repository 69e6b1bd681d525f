package io.neuroquantum.annealing.hardware.embedding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A minor-embedding: each logical variable is a chain of target qubits (target indices, see
 * {@link TargetGraph}). It is valid when chains are non-empty, disjoint and connected, and every
 * logical edge has at least one coupler between its two chains.
 */
public record Embedding(int[][] chains) {

  public int numVariables() {
    return chains.length;
  }

  public int[] chain(int variable) {
    return chains[variable];
  }

  public int maxChainLength() {
    return Arrays.stream(chains).mapToInt(c -> c.length).max().orElse(0);
  }

  public int qubitsUsed() {
    return Arrays.stream(chains).mapToInt(c -> c.length).sum();
  }

  /** Why this is not a valid embedding of {@code source} into {@code target}; empty when it is. */
  public List<String> problems(ProblemGraph source, TargetGraph target) {
    List<String> problems = new ArrayList<>();
    if (chains.length != source.numVariables()) {
      problems.add("embedding has " + chains.length + " chains for " + source.numVariables() + " variables");
      return problems;
    }
    int[] owner = new int[target.size()];
    Arrays.fill(owner, -1);
    for (int v = 0; v < chains.length; v++) {
      if (chains[v].length == 0) {
        problems.add("variable " + v + " has an empty chain");
      }
      for (int q : chains[v]) {
        if (q < 0 || q >= target.size()) {
          problems.add("variable " + v + " uses a qubit index " + q + " outside the target");
        } else if (owner[q] >= 0) {
          problems.add("qubit " + target.qubit(q) + " is in the chains of " + owner[q] + " and " + v);
        } else {
          owner[q] = v;
        }
      }
      if (chains[v].length > 0 && !connected(chains[v], target)) {
        problems.add("the chain of variable " + v + " is not connected");
      }
    }
    for (int[] e : source.edges()) {
      if (!chainsTouch(chains[e[0]], chains[e[1]], target)) {
        problems.add("no coupler between the chains of " + e[0] + " and " + e[1]);
      }
    }
    return problems;
  }

  /** Whether some coupler joins a qubit of {@code a} to a qubit of {@code b}. */
  static boolean chainsTouch(int[] a, int[] b, TargetGraph target) {
    Set<Integer> inB = new HashSet<>();
    for (int q : b) {
      inB.add(q);
    }
    for (int q : a) {
      for (int n : target.neighbours(q)) {
        if (inB.contains(n)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean connected(int[] chain, TargetGraph target) {
    BitSet members = new BitSet(target.size());
    for (int q : chain) {
      members.set(q);
    }
    BitSet seen = new BitSet(target.size());
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(chain[0]);
    seen.set(chain[0]);
    int reached = 1;
    while (!queue.isEmpty()) {
      for (int n : target.neighbours(queue.poll())) {
        if (members.get(n) && !seen.get(n)) {
          seen.set(n);
          reached++;
          queue.add(n);
        }
      }
    }
    return reached == members.cardinality();
  }
}
