package io.neuroquantum.annealing.hardware.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pegasus clique layout: its size in P16 against the known one (minorminer's busclique finds K_180
 * with chains of at most 17 qubits), and for several n up to it every chain connected and every pair of
 * chains coupled in the P16 graph (checked by {@link Embedding#problems}, which knows nothing of the
 * layout); on a working graph with qubits and couplers missing, a clique laid out around them.
 */
class PegasusCliqueEmbedderTest {

  static PegasusCliqueEmbedder p16;
  static TargetGraph p16Graph;

  @BeforeAll
  static void layout() {
    p16Graph = TopologyGraph.pegasus(16).asTarget();
    p16 = new PegasusCliqueEmbedder(16, p16Graph);
  }

  @Test
  void p16_holds_k180_like_busclique_with_chains_of_at_most_17_qubits() {
    assertThat(p16.largestClique()).isEqualTo(180);
    Embedding k180 = p16.embed(180, p16Graph).orElseThrow();
    assertThat(k180.problems(PegasusCliqueEmbedder.clique(180), p16Graph)).isEmpty();
    assertThat(k180.maxChainLength()).isLessThanOrEqualTo(17);
  }

  @Test
  void cliques_of_every_size_up_to_it_are_valid_embeddings() {
    for (int n : new int[] {1, 2, 3, 8, 17, 40, 64, 99, 120, 151, 176, 179}) {
      Embedding kn = p16.embed(n, p16Graph).orElseThrow(() -> new AssertionError("no K_" + n));
      assertThat(kn.problems(PegasusCliqueEmbedder.clique(n), p16Graph)).as("K_" + n).isEmpty();
    }
  }

  @Test
  void smaller_cliques_get_shorter_chains() {
    assertThat(p16.embed(12, p16Graph).orElseThrow().maxChainLength()).isLessThanOrEqualTo(4);
    assertThat(p16.embed(60, p16Graph).orElseThrow().maxChainLength()).isLessThanOrEqualTo(7);
    assertThat(p16.embed(120, p16Graph).orElseThrow().maxChainLength()).isLessThanOrEqualTo(12);
  }

  /** K_12(m-1), as K_180 in P16 (busclique's tests state no size for these); P2's grid is too small for K_12. */
  @Test
  void smaller_pegasus_graphs_are_laid_out_too() {
    for (int m : new int[] {2, 3, 4, 6}) {
      TargetGraph graph = TopologyGraph.pegasus(m).asTarget();
      PegasusCliqueEmbedder layout = new PegasusCliqueEmbedder(m, graph);
      int n = layout.largestClique();
      assertThat(n).as("P" + m).isEqualTo(m == 2 ? 10 : 12 * (m - 1));
      assertThat(layout.embed(n, graph).orElseThrow().problems(PegasusCliqueEmbedder.clique(n), graph)).isEmpty();
    }
  }

  @Test
  void a_working_graph_missing_qubits_and_couplers_gets_a_clique_around_them() {
    int[][] k180 = p16.chainLabels(180);
    // qubits the whole-graph K_180 uses, one coupler inside a chain (external) and one between chains
    Set<Integer> deadQubits = Set.of(k180[0][0], k180[50][3], k180[99][7], k180[150][1], k180[179][2]);
    int[] chain = k180[20];
    long deadExternal = TargetGraph.edgeKey(chain[0], chain[1]);
    long deadInternal = firstCouplerBetween(k180[30], k180[31]);
    TargetGraph working = p16Without(deadQubits, Set.of(deadExternal, deadInternal));
    assertThat(p16.embed(180, working)).as("the whole-graph layout does not fit").isEmpty();

    // the grid is 96 cells wide and K_180 needs a 90-wide square: there is room to move around the damage
    PegasusCliqueEmbedder layout = new PegasusCliqueEmbedder(16, working);
    assertThat(layout.largestClique()).isEqualTo(180);
    Embedding around = layout.embed(180, working).orElseThrow();
    assertThat(around.problems(PegasusCliqueEmbedder.clique(180), working)).isEmpty();
    assertThat(around.maxChainLength()).isLessThanOrEqualTo(17);
  }

  @Test
  void a_working_graph_with_one_percent_of_qubits_missing_gets_a_smaller_clique() {
    java.util.Random random = new java.util.Random(3);
    Set<Integer> dead = new HashSet<>();
    int[] all = TopologyGraph.pegasus(16).nodes();
    while (dead.size() < all.length / 100) {
      dead.add(all[random.nextInt(all.length)]);
    }
    TargetGraph working = p16Without(dead, Set.of());
    PegasusCliqueEmbedder layout = new PegasusCliqueEmbedder(16, working);
    int n = layout.largestClique();
    System.out.println("P16 less " + dead.size() + " qubits: K_" + n);
    assertThat(n).isBetween(100, 179);
    Embedding kn = layout.embed(n, working).orElseThrow();
    assertThat(kn.problems(PegasusCliqueEmbedder.clique(n), working)).isEmpty();
  }

  private static long firstCouplerBetween(int[] a, int[] b) {
    for (int p : a) {
      for (int q : b) {
        if (p16Graph.hasEdge(p, q)) {
          return TargetGraph.edgeKey(p, q);
        }
      }
    }
    throw new AssertionError("chains not coupled");
  }

  @Test
  void a_clique_above_the_size_is_refused_and_a_missing_qubit_gives_none() {
    assertThatThrownBy(() -> p16.chainLabels(181)).hasMessageContaining("at most K_180");
    assertThat(p16.embed(180, p16Without(Set.of(p16.chainLabels(180)[0][0]), Set.of()))).isEmpty();
  }

  /** The whole P16 less some qubits (and their couplers) and some couplers (by {@link TargetGraph#edgeKey}). */
  private static TargetGraph p16Without(Set<Integer> deadQubits, Set<Long> deadCouplers) {
    int[] qubits = Arrays.stream(TopologyGraph.pegasus(16).nodes()).filter(q -> !deadQubits.contains(q)).toArray();
    int[][] couplers = Arrays.stream(TopologyGraph.pegasus(16).edges())
        .filter(e -> !deadQubits.contains(e[0]) && !deadQubits.contains(e[1]))
        .filter(e -> !deadCouplers.contains(TargetGraph.edgeKey(e[0], e[1])))
        .toArray(int[][]::new);
    return TargetGraph.of(qubits, couplers);
  }
}
