package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.VarType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.alg.interfaces.MaximumFlowAlgorithm;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * Roof-duality preprocessing (Hammer, Hansen and Simeone 1984; the implication network of Boros,
 * Hammer and Tavares 2006): finds variables whose value is the same in <em>every</em> minimum
 * (strong persistencies), so they can be fixed before sampling.
 *
 * <p>How: the QUBO is written as a posiform (a constant plus positive coefficients times products of
 * literals xᵢ or x̄ᵢ = 1 − xᵢ). Its implication network has a node per literal plus x₀ (true, the
 * source) and x̄₀ (the sink); a term {@code a·u·v} gives arcs u → v̄ and v → ū of capacity a/2, a
 * linear term {@code a·u} the arcs x₀ → ū and u → x̄₀. After a maximum flow, symmetrised so that
 * arc u → v and arc v̄ → ū carry the same flow, every literal reachable from x₀ in the residual
 * network is 1 in every minimum (Boros et al., Theorem 6). Only strong persistencies are fixed.
 */
public final class RoofDuality {

  private static final double EPS = 1e-9;

  private RoofDuality() {
  }

  /**
   * The variables with the same value in every minimum of the model, in its own variable type
   * (0/1 for a QUBO, −1/+1 for an Ising model). Empty when nothing can be proven.
   */
  public static Map<Integer, Byte> persistentVariables(QuadraticModel model) {
    Qubo q = model.toQubo();
    int n = q.numVariables();
    // literal nodes: xᵢ = i, x̄ᵢ = i + n + 1; x₀ = n (source), x̄₀ = 2n + 1 (sink)
    int source = n;
    int sink = 2 * n + 1;
    Map<Long, Double> capacity = new HashMap<>();
    double[] linear = q.linearCoefficients();
    q.forEachInteraction((i, j, b) -> {
      if (b > 0) {   // b·xᵢxⱼ
        arcPair(capacity, lit(i, true, n), lit(j, true, n), b, n);
      } else {       // b·xᵢxⱼ = b·xᵢ − b·xᵢx̄ⱼ = b·xᵢ + |b|·xᵢx̄ⱼ
        linear[i] += b;
        arcPair(capacity, lit(i, true, n), lit(j, false, n), -b, n);
      }
    });
    for (int i = 0; i < n; i++) {
      if (linear[i] > 0) {           // a·xᵢ: arcs x₀ → x̄ᵢ and xᵢ → x̄₀
        arcPair(capacity, lit(i, true, n), sink, linear[i], n);
      } else if (linear[i] < 0) {    // a·xᵢ = a − a·x̄ᵢ: |a|·x̄ᵢ
        arcPair(capacity, lit(i, false, n), sink, -linear[i], n);
      }
    }
    SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
    for (int v = 0; v <= sink; v++) {
      g.addVertex(v);
    }
    capacity.forEach((arc, c) -> g.setEdgeWeight(g.addEdge(from(arc), to(arc)), c));
    Map<Long, Double> flow = new HashMap<>();
    if (g.edgeSet().size() > 0) {
      MaximumFlowAlgorithm.MaximumFlow<DefaultWeightedEdge> max = new PushRelabelMFImpl<>(g).getMaximumFlow(source, sink);
      max.getFlowMap().forEach((e, f) -> flow.put(arc(g.getEdgeSource(e), g.getEdgeTarget(e)), f));
    }
    // residual capacity of u → v under the symmetrised flow φ(u→v) = (f(u→v) + f(v̄→ū)) / 2
    Map<Integer, Map<Integer, Double>> residual = new HashMap<>();
    capacity.forEach((a, c) -> {
      int u = from(a);
      int v = to(a);
      double f = (flow.getOrDefault(a, 0.0) + flow.getOrDefault(arc(neg(v, n), neg(u, n)), 0.0)) / 2;
      if (c - f > EPS) {
        residual.computeIfAbsent(u, k -> new HashMap<>()).merge(v, c - f, Double::sum);
      }
      if (f > EPS) {
        residual.computeIfAbsent(v, k -> new HashMap<>()).merge(u, f, Double::sum);
      }
    });
    boolean[] reached = new boolean[2 * n + 2];
    Deque<Integer> todo = new ArrayDeque<>();
    reached[source] = true;
    todo.add(source);
    while (!todo.isEmpty()) {
      int u = todo.poll();
      for (int v : residual.getOrDefault(u, Map.of()).keySet()) {
        if (!reached[v]) {
          reached[v] = true;
          todo.add(v);
        }
      }
    }
    Map<Integer, Byte> fixed = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      boolean one = reached[lit(i, true, n)];
      boolean zero = reached[lit(i, false, n)];
      if (one != zero) {   // both reached would mean the network is inconsistent: prove nothing
        fixed.put(i, VarType.BINARY.convert((byte) (one ? 1 : 0), model.varType()));
      }
    }
    return fixed;
  }

  /** Adds the arcs u → v̄ and v → ū of a term a·u·v (v = sink stands for the constant literal). */
  private static void arcPair(Map<Long, Double> capacity, int u, int v, double a, int n) {
    if (v == 2 * n + 1) {   // a·u·1: arcs u → x̄₀ and x₀ → ū
      capacity.merge(arc(u, 2 * n + 1), a / 2, Double::sum);
      capacity.merge(arc(n, neg(u, n)), a / 2, Double::sum);
      return;
    }
    capacity.merge(arc(u, neg(v, n)), a / 2, Double::sum);
    capacity.merge(arc(v, neg(u, n)), a / 2, Double::sum);
  }

  private static int lit(int i, boolean positive, int n) {
    return positive ? i : i + n + 1;
  }

  /** The complementary literal: xᵢ ↔ x̄ᵢ, x₀ ↔ x̄₀. */
  private static int neg(int node, int n) {
    return node <= n ? node + n + 1 : node - n - 1;
  }

  private static long arc(int u, int v) {
    return ((long) u << 32) | v;
  }

  private static int from(long arc) {
    return (int) (arc >>> 32);
  }

  private static int to(long arc) {
    return (int) arc;
  }
}
