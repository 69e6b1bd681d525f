package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartAndCustomScheduleTest {

  /** A ferromagnetic chain with weights 1 and 2, so the scalar kernel runs it: ground states all up, all down. */
  private static Ising chain(int n) {
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i + 1 < n; i++) {
      b.addQuadratic(i, i + 1, i % 2 == 0 ? -1 : -2);
    }
    return b.build();
  }

  private static final RunControl TWO = RunControl.defaults().withThreads(2);

  @Test
  void a_cold_sweep_keeps_each_warm_start_and_reads_cycle_through_them() {
    byte[] up = {1, 1, 1, 1, 1, 1};
    byte[] down = {-1, -1, -1, -1, -1, -1};
    SampleSet s = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(6)
        .withCustomSchedule(new double[] {100}).withInitialStates(new byte[][] {up, down})).solve(chain(6), TWO);
    assertThat(s.samples()).hasSize(2);
    assertThat(s.samples()).allSatisfy(x -> assertThat(x.occurrences()).isEqualTo(3));
    assertThat(s.stats().acceptedFlips()).isZero();
    assertThat(s.stats().sweeps()).isEqualTo(1);
  }

  @Test
  void a_sweep_at_beta_zero_accepts_every_flip() {
    byte[] up = {1, 1, 1, 1, 1, 1};
    SampleSet s = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withReads(4)
        .withCustomSchedule(new double[] {0}).withInitialStates(new byte[][] {up})).solve(chain(6), TWO);
    assertThat(s.stats().acceptedFlips()).isEqualTo(6 * 4);
  }

  @Test
  void betas_come_from_a_file_and_bad_ones_are_refused_with_their_line(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("betas.txt");
    Files.writeString(file, "# hot to cold\n0.1, 0.2 0.5\n1.0\n2.0 # coldest\n");
    double[] betas = BetaSchedule.readCustom(file);
    assertThat(betas).containsExactly(0.1, 0.2, 0.5, 1.0, 2.0);
    SimulatedAnnealing.Config config = SimulatedAnnealing.Config.defaults().withCustomSchedule(betas);
    assertThat(config.sweeps()).isEqualTo(5);
    assertThat(BetaSchedule.custom(betas).betas(5)).containsExactly(betas);
    assertThatThrownBy(() -> config.withSweeps(7)).hasMessageContaining("5 betas runs 5 sweeps, not 7");
    Files.writeString(file, "0.1\n0.2 x\n");
    assertThatThrownBy(() -> BetaSchedule.readCustom(file)).hasMessageContaining("line 2: not a number: x");
    Files.writeString(file, "0.1 -2\n");
    assertThatThrownBy(() -> BetaSchedule.readCustom(file)).hasMessageContaining("beta 1").hasMessageContaining("≥ 0");
    Files.writeString(file, "# nothing\n");
    assertThatThrownBy(() -> BetaSchedule.readCustom(file)).hasMessageContaining("at least one beta");
  }

  @Test
  void warm_starts_that_do_not_fit_the_model_are_refused() {
    SimulatedAnnealing sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults()
        .withInitialStates(new byte[][] {{1, 1, 1}}));
    assertThatThrownBy(() -> sa.solve(chain(6), TWO)).hasMessageContaining("initial state 0");
    SimulatedAnnealing binary = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults()
        .withInitialStates(new byte[][] {{1, 0, 1, 0, 1, 0}}));
    assertThatThrownBy(() -> binary.solve(chain(6), TWO)).hasMessageContaining("not a spin value");
    assertThat(binary.solve(chain(6).toQubo(), TWO).bestEnergy()).isEqualTo(-7);
  }
}
