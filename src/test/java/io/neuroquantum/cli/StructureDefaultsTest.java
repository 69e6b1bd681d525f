package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solve.ModelStructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defaults chosen from the model's structure (ModelStructure): pt's cluster moves on for the ±1
 * torus G11 and off for the dense random G1 unless asked; sa's reads on ±J models one batch of 64
 * per core.
 */
class StructureDefaultsTest {

  private static JsonNode json(CliRunner.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  private static JsonNode solve(String instance, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("solve", "--problem", "maxcut", "--input",
        TestInstances.path(instance).toString(), "--seed", "1", "--json"));
    args.addAll(List.of(more));
    return json(CliRunner.run(args.toArray(String[]::new)));
  }

  private static ModelStructure structure(String name) throws Exception {
    return ModelStructure.of(MaxCut.of(GsetReader.read(TestInstances.open("gset/" + name), name)).toIsing());
  }

  @Test
  void the_torus_g11_is_lattice_like_and_the_dense_random_g1_is_not() throws Exception {
    ModelStructure g11 = structure("G11");
    assertThat(g11.maxDegree()).isEqualTo(4);
    assertThat(g11.latticeLike()).isTrue();
    ModelStructure g1 = structure("G1");
    assertThat(g1.meanDegree()).isGreaterThan(40);
    assertThat(g1.latticeLike()).isFalse();
    assertThat(g11.bitSliced()).isTrue();
    assertThat(g1.bitSliced()).isTrue();
  }

  @Test
  void pt_makes_cluster_moves_on_g11_and_not_on_g1_unless_told() throws Exception {
    String[] pt = {"--solver", "pt", "--sweeps", "40", "--replicas", "4"};
    long g11 = solve("gset/G11", pt).path("stats").path("tempering").path("cluster_moves").asLong();
    long g1 = solve("gset/G1", pt).path("stats").path("tempering").path("cluster_moves").asLong();
    assertThat(g11).isPositive();
    assertThat(g1).isZero();

    List<String> off = new ArrayList<>(List.of(pt));
    off.add("--cluster-moves=false");
    assertThat(solve("gset/G11", off.toArray(String[]::new)).path("stats").path("tempering").path("cluster_moves")
        .asLong()).isZero();
    List<String> on = new ArrayList<>(List.of(pt));
    on.add("--cluster-moves");
    assertThat(solve("gset/G1", on.toArray(String[]::new)).path("stats").path("tempering").path("cluster_moves")
        .asLong()).isPositive();
    // one read cannot pair runs: the automatic default then stays off rather than failing
    List<String> single = new ArrayList<>(List.of(pt));
    single.addAll(List.of("--reads", "1"));
    assertThat(solve("gset/G11", single.toArray(String[]::new)).path("stats").path("tempering")
        .path("cluster_moves").asLong()).isZero();
  }

  @Test
  void sa_runs_a_batch_of_64_reads_per_core_on_pm1_models_and_64_reads_elsewhere(@TempDir Path dir) throws Exception {
    int cores = Math.min(Runtime.getRuntime().availableProcessors(), 16);
    assertThat(solve("gset/G11", "--sweeps", "20").path("stats").path("reads").asInt()).isEqualTo(64 * cores);
    assertThat(solve("gset/G11", "--sweeps", "20", "--reads", "10").path("stats").path("reads").asInt()).isEqualTo(10);
    Path weighted = Files.writeString(dir.resolve("w.coo"), "0 1 1.5\n1 2 -0.5\n0 2 2\n");
    JsonNode j = json(CliRunner.run("solve", "--problem", "qubo", "--input", weighted.toString(), "--sweeps", "20",
        "--json"));
    assertThat(j.path("stats").path("reads").asInt()).isEqualTo(64);
  }
}
