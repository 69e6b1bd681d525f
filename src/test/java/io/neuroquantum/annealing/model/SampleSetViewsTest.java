package io.neuroquantum.annealing.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSetViewsTest {

  private static SampleSet set() {
    return SampleSet.of(VarType.BINARY, List.of(
        new Sample(new byte[] {1, 0}, -2, 3),
        new Sample(new byte[] {0, 1}, -2 + 1e-9, 1),
        new Sample(new byte[] {1, 0}, -2, 2),
        new Sample(new byte[] {0, 0}, 0, 4)), new Timing(0, 0), SamplingStats.none(10));
  }

  @Test
  void aggregateMergesEqualSamplesAndLowestKeepsTheTies() {
    SampleSet agg = set().aggregate();
    assertThat(agg.samples()).hasSize(3);
    assertThat(agg.first().toIntArray()).containsExactly(1, 0);
    assertThat(agg.first().occurrences()).isEqualTo(5);
    assertThat(agg.totalOccurrences()).isEqualTo(10);
    assertThat(agg.lowest().samples()).hasSize(2);
    assertThat(agg.lowest(0, 0).samples()).hasSize(1);
    assertThat(agg.truncate(1).samples()).containsExactly(agg.first());
    assertThat(agg.truncate(9).samples()).hasSize(3);
    assertThat((int[]) agg.dataVectors().get("num_occurrences")).containsExactly(5, 1, 4);
    assertThat((double[]) agg.dataVectors().get("energy")).containsExactly(-2, -2 + 1e-9, 0);
  }

  @Test
  void batchEnergiesEqualOneByOne() {
    Qubo q = Qubo.builder(3).addLinear(0, 1.5).addQuadratic(0, 2, -2).addQuadratic(1, 2, 0.25).addOffset(1).build();
    byte[][] all = new byte[8][3];
    for (int m = 0; m < 8; m++) {
      for (int k = 0; k < 3; k++) {
        all[m][k] = (byte) (m >> k & 1);
      }
    }
    double[] batch = q.energies(all);
    for (int m = 0; m < 8; m++) {
      assertThat(batch[m]).isEqualTo(q.energy(all[m]));
    }
  }
}
