package io.neuroquantum.annealing.hardware.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which embedding a problem gets: on a Pegasus working graph (P3 here, whose layout holds K_24) dense
 * problems the clique layout, sparse ones the heuristic, with the layout as the fallback when the
 * heuristic finds nothing; on other topologies always the heuristic. Every placement is checked to be
 * a valid embedding of the problem.
 */
class EmbeddingPolicyTest {

  static final TargetGraph P3 = TopologyGraph.pegasus(3).asTarget();

  @Test
  void a_dense_problem_on_pegasus_gets_the_clique_layout() {
    ProblemGraph k20 = PegasusCliqueEmbedder.clique(20);
    EmbeddingPolicy.Placement placed = new EmbeddingPolicy().place(k20, P3, "p3", OptionalInt.of(3)).orElseThrow();
    assertThat(placed.method()).isEqualTo("clique");
    assertThat(placed.embedding().problems(k20, P3)).isEmpty();
    ProblemGraph halfDense = random(22, 0.6, 3);
    placed = new EmbeddingPolicy().place(halfDense, P3, "p3", OptionalInt.of(3)).orElseThrow();
    assertThat(placed.method()).isEqualTo("clique");
    assertThat(placed.embedding().problems(halfDense, P3)).isEmpty();
  }

  @Test
  void a_small_dense_problem_gets_the_heuristic_first() {
    ProblemGraph k5 = PegasusCliqueEmbedder.clique(5);
    EmbeddingPolicy.Placement placed = new EmbeddingPolicy().place(k5, P3, "p3", OptionalInt.of(3)).orElseThrow();
    assertThat(placed.method()).isEqualTo("heuristic");
    assertThat(placed.embedding().problems(k5, P3)).isEmpty();
  }

  @Test
  void a_sparse_problem_gets_the_heuristic() {
    ProblemGraph cubic = EmbeddingTestGraphs.randomRegular(16, 3, 1);
    EmbeddingPolicy.Placement placed = new EmbeddingPolicy().place(cubic, P3, "p3", OptionalInt.of(3)).orElseThrow();
    assertThat(placed.method()).isEqualTo("heuristic");
    assertThat(placed.embedding().problems(cubic, P3)).isEmpty();
  }

  @Test
  void when_the_heuristic_finds_nothing_the_clique_layout_places_the_problem() {
    ProblemGraph medium = random(24, 0.3, 5); // below DENSE, too many couplings for one heuristic round
    assertThat(new HeuristicEmbedder(1, 1).embed(medium, P3)).isEmpty();
    EmbeddingPolicy.Placement placed = new EmbeddingPolicy(new HeuristicEmbedder(1, 1))
        .place(medium, P3, "p3", OptionalInt.of(3)).orElseThrow();
    assertThat(placed.method()).isEqualTo("clique");
    assertThat(placed.embedding().problems(medium, P3)).isEmpty();
  }

  @Test
  void other_topologies_and_problems_above_the_largest_clique_use_the_heuristic() {
    TargetGraph chimera = TopologyGraph.chimera(4, 4, 4).asTarget();
    ProblemGraph k6 = PegasusCliqueEmbedder.clique(6);
    EmbeddingPolicy.Placement placed = new EmbeddingPolicy().place(k6, chimera, "c4", OptionalInt.empty()).orElseThrow();
    assertThat(placed.method()).isEqualTo("heuristic");
    assertThat(placed.embedding().problems(k6, chimera)).isEmpty();
    // K_25 is above P3's K_24: the heuristic is asked, and finds nothing in one round either
    assertThat(new EmbeddingPolicy(new HeuristicEmbedder(1, 1))
        .place(PegasusCliqueEmbedder.clique(25), P3, "p3", OptionalInt.of(3))).isEmpty();
  }

  /** A G(n, p) random graph. */
  static ProblemGraph random(int n, double p, long seed) {
    Random r = new Random(seed);
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (r.nextDouble() < p) {
          edges.add(new int[] {i, j});
        }
      }
    }
    return ProblemGraph.of(n, edges.toArray(int[][]::new));
  }
}
