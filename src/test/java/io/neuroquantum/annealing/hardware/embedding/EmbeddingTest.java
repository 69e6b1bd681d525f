package io.neuroquantum.annealing.hardware.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.model.Ising;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

  @Test
  void topologies_have_the_sizes_dwave_networkx_gives_them() {
    // node and edge counts of dnx.chimera_graph(16), dnx.pegasus_graph(16) (fabric only) and
    // dnx.pegasus_graph(6), as published for the D-Wave 2000Q and Advantage QPUs
    TopologyGraph c16 = TopologyGraph.chimera(16, 16, 4);
    assertThat(c16.nodes()).hasSize(2048);
    assertThat(c16.edges()).hasNumberOfRows(6016);
    TopologyGraph p16 = TopologyGraph.pegasus(16);
    assertThat(p16.nominalQubits()).isEqualTo(5760);
    assertThat(p16.nodes()).hasSize(5640);
    assertThat(p16.edges()).hasNumberOfRows(40484);
    TopologyGraph p6 = TopologyGraph.pegasus(6);
    assertThat(p6.nodes()).hasSize(680);
    assertThat(p6.edges()).hasNumberOfRows(4484);
    TopologyGraph z4 = TopologyGraph.zephyr(4, 4);
    assertThat(z4.nodes()).hasSize(4 * 4 * 4 * 9);
    // every Zephyr qubit has degree 20 away from the boundary
    TargetGraph zt = z4.asTarget();
    int maxDegree = 0;
    for (int i = 0; i < zt.size(); i++) {
      maxDegree = Math.max(maxDegree, zt.neighbours(i).length);
    }
    assertThat(maxDegree).isEqualTo(20);
    // Pegasus: degree 15
    TargetGraph pt = p16.asTarget();
    int pMax = 0;
    for (int i = 0; i < pt.size(); i++) {
      pMax = Math.max(pMax, pt.neighbours(i).length);
    }
    assertThat(pMax).isEqualTo(15);
  }

  @Test
  void a_working_graph_refuses_a_coupler_its_topology_does_not_have() {
    TopologyGraph p4 = TopologyGraph.pegasus(4);
    int[] nodes = p4.nodes();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TargetGraph.working(p4, nodes, new int[][] {{nodes[0], nodes[nodes.length - 1]}}))
        .hasMessageContaining("not in the solver's pegasus topology");
  }

  @Test
  void a_sparse_random_graph_embeds_into_pegasus_with_connected_chains_covering_every_edge() {
    TargetGraph target = damaged(TopologyGraph.pegasus(16), 0.02, 5);
    ProblemGraph source = EmbeddingTestGraphs.randomRegular(60, 3, 11);
    Optional<Embedding> found = new HeuristicEmbedder(40, 3).embed(source, target);
    assertThat(found).isPresent();
    assertThat(found.get().problems(source, target)).isEmpty();
    assertThat(found.get().maxChainLength()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_clique_too_dense_for_the_target_is_reported_as_not_found() {
    // K_12 needs more than a Chimera C(1,1,4) cell's 8 qubits can give
    ProblemGraph k12 = clique(12);
    assertThat(new HeuristicEmbedder(10, 1).embed(k12, TopologyGraph.chimera(1, 1, 4).asTarget())).isEmpty();
  }

  @Test
  void a_sparse_graph_embeds_into_chimera_and_zephyr() {
    ProblemGraph g = EmbeddingTestGraphs.randomRegular(30, 3, 5);
    for (TargetGraph target : List.of(TopologyGraph.chimera(8, 8, 4).asTarget(), TopologyGraph.zephyr(3, 4).asTarget())) {
      Embedding e = new HeuristicEmbedder(40, 2).embed(g, target).orElseThrow();
      assertThat(e.problems(g, target)).isEmpty();
    }
  }

  @Test
  void the_problem_checker_finds_broken_embeddings() {
    TargetGraph path = TargetGraph.of(new int[] {10, 11, 12, 13}, new int[][] {{10, 11}, {11, 12}, {12, 13}});
    ProblemGraph edge = ProblemGraph.of(2, new int[][] {{0, 1}});
    assertThat(new Embedding(new int[][] {{0}, {1}}).problems(edge, path)).isEmpty();
    assertThat(new Embedding(new int[][] {{0, 2}, {3}}).problems(edge, path))
        .anyMatch(p -> p.contains("not connected"));
    assertThat(new Embedding(new int[][] {{0}, {2}}).problems(edge, path))
        .anyMatch(p -> p.contains("no coupler between the chains of 0 and 1"));
    assertThat(new Embedding(new int[][] {{0, 1}, {1}}).problems(edge, path))
        .anyMatch(p -> p.contains("qubit 11 is in the chains of 0 and 1"));
  }

  @Test
  void unbroken_chains_keep_the_logical_energy_and_broken_ones_are_counted() {
    TargetGraph path = TargetGraph.of(new int[] {0, 1, 2, 3}, new int[][] {{0, 1}, {1, 2}, {2, 3}});
    Ising model = Ising.builder(2).addLinear(0, 0.5).addQuadratic(0, 1, -1).addOffset(0.25).build();
    Embedding e = new Embedding(new int[][] {{0, 1}, {2, 3}});
    TargetIsing embedded = Embedder.embed(model, e, path, 2.0);
    for (byte a : new byte[] {-1, 1}) {
      for (byte b : new byte[] {-1, 1}) {
        byte[] target = {a, a, b, b};
        assertThat(embedded.energy(target)).isCloseTo(model.energy(new byte[] {a, b}), within());
        assertThat(Unembedder.majorityVote(target, e).brokenChains()).isZero();
      }
    }
    Unembedder.Unembedded broken = Unembedder.majorityVote(new byte[] {1, -1, -1, -1}, e);
    assertThat(broken.brokenChains()).isEqualTo(1);
    assertThat(broken.spins()).containsExactly(1, -1); // tie goes to +1
    // a gauge transform keeps energies of correspondingly flipped samples
    byte[] gauge = {1, -1, -1, 1};
    TargetIsing gauged = embedded.gaugeTransformed(gauge);
    byte[] s = {1, 1, -1, 1};
    byte[] flipped = {(byte) (s[0] * gauge[0]), (byte) (s[1] * gauge[1]), (byte) (s[2] * gauge[2]), (byte) (s[3] * gauge[3])};
    assertThat(gauged.energy(flipped)).isCloseTo(embedded.energy(s), within());
    // auto-scale to h ∈ [-0.1, 0.1]: the field 0.25 per qubit needs a factor 2.5
    assertThat(embedded.autoScaleFactor(new double[] {-0.1, 0.1}, new double[] {-1, 1})).isCloseTo(2.5, within());
  }

  @Test
  void the_cache_finds_an_embedding_once_per_problem_graph() {
    EmbeddingCache<Embedding> cache = new EmbeddingCache<>(4);
    int[] calls = {0};
    ProblemGraph g = ProblemGraph.of(2, new int[][] {{0, 1}});
    for (int i = 0; i < 3; i++) {
      cache.get("solver/graph", g, () -> {
        calls[0]++;
        return Optional.of(new Embedding(new int[][] {{0}, {1}}));
      });
    }
    assertThat(calls[0]).isEqualTo(1);
    assertThat(ChainStrength.uniformTorqueCompensation(Ising.builder(2).build(), 1.414)).isEqualTo(1.0);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  static ProblemGraph clique(int n) {
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        edges.add(new int[] {i, j});
      }
    }
    return ProblemGraph.of(n, edges.toArray(int[][]::new));
  }

  /** The topology with a fraction of qubits removed at random, as real QPUs have. */
  static TargetGraph damaged(TopologyGraph topology, double missing, long seed) {
    Random random = new Random(seed);
    Set<Integer> kept = new HashSet<>();
    List<Integer> nodes = new ArrayList<>();
    for (int q : topology.nodes()) {
      if (random.nextDouble() >= missing) {
        kept.add(q);
        nodes.add(q);
      }
    }
    List<int[]> couplers = new ArrayList<>();
    for (int[] e : topology.edges()) {
      if (kept.contains(e[0]) && kept.contains(e[1])) {
        couplers.add(e);
      }
    }
    return TargetGraph.working(topology, nodes.stream().mapToInt(Integer::intValue).toArray(),
        couplers.toArray(int[][]::new));
  }
}
