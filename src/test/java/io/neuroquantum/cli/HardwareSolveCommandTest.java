package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.TestInstances;
import org.junit.jupiter.api.Test;

/** {@code solve --backend}: refusals that come before any vendor is reached. */
class HardwareSolveCommandTest {

  @Test
  void an_unknown_backend_is_refused_with_the_choices() {
    CliRunner.Result r = CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("biqmac/rudy/g05_60.0").toString(), "--backend", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("unknown backend 'nope'").contains("simulated | dwave");
  }

  @Test
  void dwave_without_a_token_says_which_variable_to_set() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("NQ_DWAVE_TOKEN") == null);
    CliRunner.Result r = CliRunner.run("solve", "--problem", "maxcut", "--input",
        TestInstances.path("biqmac/rudy/g05_60.0").toString(), "--backend", "dwave", "--num-reads", "10");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no D-Wave token: set NQ_DWAVE_TOKEN");
  }
}
