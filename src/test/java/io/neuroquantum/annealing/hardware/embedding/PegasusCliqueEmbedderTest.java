package io.neuroquantum.annealing.hardware.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pegasus clique layout: its size in P16 against the known one (minorminer's busclique finds K_180
 * with chains of at most 17 qubits; this layout gives K_176, four short), and for several n up to it
 * every chain connected and every pair of chains coupled in the full P16 graph (checked by
 * {@link Embedding#problems}, which knows nothing of the layout).
 */
class PegasusCliqueEmbedderTest {

  static PegasusCliqueEmbedder p16;
  static TargetGraph p16Graph;

  @BeforeAll
  static void layout() {
    p16 = new PegasusCliqueEmbedder(16);
    p16Graph = TopologyGraph.pegasus(16).asTarget();
  }

  @Test
  void p16_holds_k176_four_short_of_buscliques_k180_with_chains_of_at_most_17_qubits() {
    assertThat(p16.largestClique()).isEqualTo(176);
    Embedding k176 = p16.embed(176, p16Graph).orElseThrow();
    assertThat(k176.problems(PegasusCliqueEmbedder.clique(176), p16Graph)).isEmpty();
    assertThat(k176.maxChainLength()).isLessThanOrEqualTo(17);
  }

  @Test
  void cliques_of_every_size_up_to_it_are_valid_embeddings() {
    for (int n : new int[] {1, 2, 3, 8, 17, 40, 64, 99, 120, 151, 175}) {
      Embedding kn = p16.embed(n, p16Graph).orElseThrow(() -> new AssertionError("no K_" + n));
      assertThat(kn.problems(PegasusCliqueEmbedder.clique(n), p16Graph)).as("K_" + n).isEmpty();
    }
  }

  @Test
  void a_small_clique_gets_short_chains() {
    assertThat(p16.embed(12, p16Graph).orElseThrow().maxChainLength()).isLessThanOrEqualTo(4);
  }

  @Test
  void smaller_pegasus_graphs_are_laid_out_too() {
    for (int m : new int[] {2, 3, 4, 6}) {
      PegasusCliqueEmbedder layout = new PegasusCliqueEmbedder(m);
      TargetGraph graph = TopologyGraph.pegasus(m).asTarget();
      int n = layout.largestClique();
      assertThat(n).as("P" + m).isGreaterThan(0);
      assertThat(layout.embed(n, graph).orElseThrow().problems(PegasusCliqueEmbedder.clique(n), graph)).isEmpty();
    }
  }

  @Test
  void a_clique_above_the_size_is_refused_and_a_missing_qubit_gives_none() {
    assertThatThrownBy(() -> p16.chainLabels(177)).hasMessageContaining("at most K_176");
    int missing = p16.chainLabels(176)[0][0];
    int[] qubits = Arrays.stream(TopologyGraph.pegasus(16).nodes()).filter(q -> q != missing).toArray();
    int[][] couplers = Arrays.stream(TopologyGraph.pegasus(16).edges())
        .filter(e -> e[0] != missing && e[1] != missing).toArray(int[][]::new);
    assertThat(p16.embed(176, TargetGraph.of(qubits, couplers))).isEmpty();
  }
}
