package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The must-show results: `solve --solver sa` with its defaults and a fixed seed reaches the
 * best-known cuts of G-set instances (Benlic &amp; Hao 2013).
 */
class KnownAnswersTest {

  @ParameterizedTest(name = "{0} → cut {1}")
  @CsvSource({"G1, 11624", "G43, 6660", "G48, 6000"})
  void sa_defaults_reach_the_best_known_gset_cut(String name, double bestKnown) throws Exception {
    CliRunner.Result r = CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("gset/" + name).toString(), "--solver", "sa", "--seed", "1", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("objective").path("cut").asDouble()).isEqualTo(bestKnown);
    assertThat(json.path("feasible").asBoolean()).isTrue();
    System.out.printf("%s: cut %.0f in %.0f ms, %.2f ns per spin-update attempt%n", name,
        json.path("objective").path("cut").asDouble(), json.path("timing").path("total_ms").asDouble(),
        json.path("stats").path("ns_per_spin_update").asDouble());
  }
}
