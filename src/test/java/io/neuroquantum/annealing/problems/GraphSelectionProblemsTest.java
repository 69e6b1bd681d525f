package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgrapht.Graph;
import org.jgrapht.generate.NamedGraphGenerator;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.Pseudograph;
import org.junit.jupiter.api.Test;

/** Independent set, vertex cover and clique: the encodings' optima are the true ones, checked exhaustively. */
class GraphSelectionProblemsTest {

  @Test
  void independent_set_optimum_is_the_independence_number() {
    for (long seed = 1; seed <= 4; seed++) {
      Graph<Integer, DefaultEdge> g = ExactAnswers.randomGraph(14, 0.3, seed);
      int alpha = (int) -ExactAnswers.minOverSubsets(14, mask -> independent(g, mask) ? -Long.bitCount(mask) : 0);
      EncodedProblem problem = EncodedProblem.of(IndependentSet.of(g));
      assertThat(ExactAnswers.groundEnergy(problem)).isEqualTo(-alpha);
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat(a.objective().get("size")).isEqualTo(alpha);
        assertThat(independent(g, mask((int[]) a.objective().get("set")))).isTrue();
      }
    }
    Graph<Integer, DefaultEdge> petersen = NamedGraphGenerator.petersenGraph();
    assertThat(ExactAnswers.groundEnergy(EncodedProblem.of(IndependentSet.of(petersen)))).isEqualTo(-4);
  }

  @Test
  void independent_set_decoding_drops_vertices_until_no_edge_is_inside() {
    Graph<Integer, DefaultEdge> g = ExactAnswers.randomGraph(12, 0.4, 3);
    IndependentSet<Integer> mis = IndependentSet.of(g);
    Answer all = mis.decode(ExactAnswers.sample(ExactAnswers.bits(12, i -> true)));
    assertThat(all.feasible()).isFalse();
    assertThat(all.objective()).containsEntry("repaired", true);
    assertThat(independent(g, mask((int[]) all.objective().get("set")))).isTrue();
  }

  @Test
  void vertex_cover_optimum_is_n_minus_the_independence_number() {
    for (long seed = 1; seed <= 4; seed++) {
      Graph<Integer, DefaultEdge> g = ExactAnswers.randomGraph(14, 0.25, 10 + seed);
      int tau = (int) ExactAnswers.minOverSubsets(14, mask -> covers(g, mask) ? Long.bitCount(mask) : 99);
      EncodedProblem problem = EncodedProblem.of(VertexCover.of(g));
      assertThat(ExactAnswers.groundEnergy(problem)).isEqualTo(tau);
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat(a.objective().get("size")).isEqualTo(tau);
        assertThat(covers(g, mask((int[]) a.objective().get("cover")))).isTrue();
      }
    }
    Answer none = VertexCover.of(ExactAnswers.randomGraph(10, 0.5, 2)).decode(ExactAnswers.sample(new byte[10]));
    assertThat(none.feasible()).isFalse();
    assertThat(covers(ExactAnswers.randomGraph(10, 0.5, 2), mask((int[]) none.objective().get("cover")))).isTrue();
  }

  @Test
  void clique_optimum_is_the_clique_number() {
    for (long seed = 1; seed <= 4; seed++) {
      Graph<Integer, DefaultEdge> g = ExactAnswers.randomGraph(14, 0.6, 20 + seed);
      int omega = (int) -ExactAnswers.minOverSubsets(14, mask -> clique(g, mask) ? -Long.bitCount(mask) : 0);
      EncodedProblem problem = EncodedProblem.of(MaxClique.of(g));
      assertThat(ExactAnswers.groundEnergy(problem)).isEqualTo(-omega);
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat(a.objective().get("size")).isEqualTo(omega);
        assertThat(clique(g, mask((int[]) a.objective().get("clique")))).isTrue();
      }
    }
    Answer all = MaxClique.of(ExactAnswers.randomGraph(10, 0.5, 5)).decode(ExactAnswers.sample(ExactAnswers.bits(10, i -> true)));
    assertThat(all.feasible()).isFalse();
    assertThat(clique(ExactAnswers.randomGraph(10, 0.5, 5), mask((int[]) all.objective().get("clique")))).isTrue();
  }

  @Test
  void self_loops_are_refused() {
    Pseudograph<Integer, DefaultEdge> g = new Pseudograph<>(DefaultEdge.class);
    g.addVertex(0);
    g.addEdge(0, 0);
    assertThatThrownBy(() -> IndependentSet.of(g)).hasMessageContaining("self-loop on vertex 0");
  }

  private static long mask(int[] vertices) {
    long m = 0;
    for (int v : vertices) {
      m |= 1L << v;
    }
    return m;
  }

  private static boolean in(long mask, int v) {
    return (mask >>> v & 1) != 0;
  }

  private static boolean independent(Graph<Integer, DefaultEdge> g, long mask) {
    return g.edgeSet().stream().noneMatch(e -> in(mask, g.getEdgeSource(e)) && in(mask, g.getEdgeTarget(e)));
  }

  private static boolean covers(Graph<Integer, DefaultEdge> g, long mask) {
    return g.edgeSet().stream().allMatch(e -> in(mask, g.getEdgeSource(e)) || in(mask, g.getEdgeTarget(e)));
  }

  private static boolean clique(Graph<Integer, DefaultEdge> g, long mask) {
    for (int u : g.vertexSet()) {
      for (int v : g.vertexSet()) {
        if (u < v && in(mask, u) && in(mask, v) && !g.containsEdge(u, v)) {
          return false;
        }
      }
    }
    return true;
  }
}
