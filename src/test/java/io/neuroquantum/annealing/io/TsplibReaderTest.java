package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TsplibReaderTest {

  /** The optimal tours TSPLIB ships, evaluated with our distance rules, give the published optima. */
  @ParameterizedTest(name = "{0} ({1}) → {2}")
  @CsvSource({
      "ulysses16, GEO, 6859", "ulysses22, GEO, 7013", "att48, ATT, 10628", "berlin52, EUC_2D, 7542",
      "eil51, EUC_2D, 426", "bays29, EXPLICIT, 2020", "gr24, EXPLICIT, 1272", "fri26, EXPLICIT, 937"})
  void optimal_tours_have_their_published_length(String name, String type, double optimum) {
    TsplibInstance instance = TsplibReader.read(TestInstances.open("tsplib/" + name + ".tsp"), name);
    assertThat(instance.edgeWeightType()).isEqualTo(type);
    int[] tour = TsplibReader.readTour(TestInstances.open("tsplib/opt_tours/" + name + ".opt.tour"), name);
    assertThat(tour).hasSize(instance.dimension());
    assertThat(instance.tourLength(tour)).isEqualTo(optimum);
  }

  @Test
  void reads_geo_and_lower_diagonal_instances() {
    TsplibInstance burma = TsplibReader.read(TestInstances.open("tsplib/burma14.tsp"), "burma14");
    assertThat(burma.dimension()).isEqualTo(14);
    assertThat(burma.distances()[0][1]).isEqualTo(153);   // TSPLIB's GEO distance between cities 1 and 2
    TsplibInstance gr17 = TsplibReader.read(TestInstances.open("tsplib/gr17.tsp"), "gr17");
    assertThat(gr17.distances()[1][0]).isEqualTo(633);
    assertThat(gr17.distances()[0][1]).isEqualTo(633);
    assertThat(gr17.distances()[2][1]).isEqualTo(390);
  }

  /** The same 4-city matrix in every explicit layout reads back identically. */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "FULL_MATRIX; 0 1 2 3 1 0 4 5 2 4 0 6 3 5 6 0",
      "UPPER_ROW; 1 2 3 4 5 6",
      "LOWER_COL; 1 2 3 4 5 6",
      "LOWER_ROW; 1 2 4 3 5 6",
      "UPPER_COL; 1 2 4 3 5 6",
      "UPPER_DIAG_ROW; 0 1 2 3 0 4 5 0 6 0",
      "LOWER_DIAG_COL; 0 1 2 3 0 4 5 0 6 0",
      "LOWER_DIAG_ROW; 0 1 0 2 4 0 3 5 6 0",
      "UPPER_DIAG_COL; 0 1 0 2 4 0 3 5 6 0"})
  void every_explicit_layout_reads_the_same_matrix(String format, String weights) {
    String text = "NAME: t\nTYPE: TSP\nDIMENSION: 4\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: " + format
        + "\nEDGE_WEIGHT_SECTION\n" + weights + "\nEOF\n";
    double[][] d = TsplibReader.read(new StringReader(text), "t").distances();
    assertThat(d).isDeepEqualTo(new double[][] {{0, 1, 2, 3}, {1, 0, 4, 5}, {2, 4, 0, 6}, {3, 5, 6, 0}});
  }

  @Test
  void ceil_2d_rounds_up() {
    String text = "NAME: c\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: CEIL_2D\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 3 0\nEOF\n";
    double[][] d = TsplibReader.read(new StringReader(text), "c").distances();
    assertThat(d[0][1]).isEqualTo(2);   // ceil(1.414)
    assertThat(d[0][2]).isEqualTo(3);
  }

  @Test
  void malformed_tsplib_files_name_the_line() {
    String head = "NAME: t\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n";
    assertThatThrownBy(() -> TsplibReader.read(new StringReader(head + "1 0 0\n2 x 1\n3 2 2\nEOF\n"), "t"))
        .isInstanceOf(FormatException.class).hasMessage("t:7: coordinate must be a decimal number, found \"x\"");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader(head + "1 0 0\n2 1\n"), "t"))
        .hasMessage("t:7: expected a node \"i x y\", found 2 fields");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader(head + "1 0 0\n"), "t"))
        .hasMessage("t: NODE_COORD_SECTION ends after 1 of 3 nodes");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader(head + "1 0 0\n1 1 1\n3 2 2\n"), "t"))
        .hasMessage("t:7: node 1 appears twice");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader("NAME: t\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: XRAY1\n"), "t"))
        .hasMessage("t: EDGE_WEIGHT_TYPE XRAY1 is not supported");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader("NAME: t\nTYPE: HCP\nDIMENSION: 3\n"), "t"))
        .hasMessageContaining("TYPE HCP is not a travelling-salesman instance");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader("NAME: t\nthis is not tsplib\n"), "t"))
        .hasMessageContaining("t:2: expected \"KEY : VALUE\"");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader(
        "DIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2 3 4\n"), "t"))
        .hasMessageContaining("t:5: EDGE_WEIGHT_SECTION has more than the 3 weights");
    assertThatThrownBy(() -> TsplibReader.read(new StringReader("NAME: t\nNODE_COORD_SECTION\n1 0 0\n"), "t"))
        .hasMessageContaining("t:2: DIMENSION must come before the data sections");
  }
}
