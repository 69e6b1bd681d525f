package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import java.io.StringReader;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.junit.jupiter.api.Test;

class GraphReadersTest {

  @Test
  void reads_g1_with_all_its_edges() {
    Graph<Integer, DefaultWeightedEdge> g = GsetReader.read(TestInstances.open("gset/G1"), "G1");
    assertThat(g.vertexSet()).hasSize(800);
    assertThat(g.edgeSet()).hasSize(19176);
    assertThat(g.edgeSet().stream().mapToDouble(g::getEdgeWeight).sum()).isEqualTo(19176);
  }

  @Test
  void gset_weights_may_be_negative_and_duplicate_edges_are_summed() {
    Graph<Integer, DefaultWeightedEdge> g = GsetReader.read(new StringReader("3 3\n1 2 -1\n2 3 1.5e0\n2 1 4\n"), "t");
    assertThat(g.getEdgeWeight(g.getEdge(0, 1))).isEqualTo(3);
    assertThat(g.getEdgeWeight(g.getEdge(1, 2))).isEqualTo(1.5);
  }

  @Test
  void malformed_gset_files_name_the_line() {
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 2\n1 2 1\n2 x 1\n"), "bad"))
        .isInstanceOf(FormatException.class).hasMessage("bad:3: vertex must be an integer, found \"x\"");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 2\n1 2 1\n2 4 1\n"), "bad"))
        .hasMessage("bad:3: vertex 4 out of range [1, 3]");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 2\n1 2\n"), "bad"))
        .hasMessage("bad:2: expected an edge \"i j weight\", found 2 fields");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 2\n1 2 1\n"), "bad"))
        .hasMessageContaining("declares 2 edges but the file has 1 (truncated?)");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 1\n1 2 1\n2 3 1\n"), "bad"))
        .hasMessage("bad:3: more edge lines than the 1 the header declares");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 1\n2 2 1\n"), "bad"))
        .hasMessage("bad:2: self-loop on vertex 2");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("3 1\n1 2 NaN\n"), "bad"))
        .hasMessage("bad:2: weight must be a decimal number, found \"NaN\"");
    assertThatThrownBy(() -> GsetReader.read(new StringReader(""), "empty")).hasMessageContaining("empty file");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("2000000000 1\n"), "huge"))
        .hasMessage("huge:1: number of vertices 2000000000 out of range [1, 1000000]");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("p edge 2000000000 1\n"), "huge"))
        .hasMessage("huge:1: number of vertices 2000000000 out of range [1, 1000000]");
    assertThatThrownBy(() -> GsetReader.read(new StringReader("p edge 3 1\n"), "dimacs"))
        .hasMessageContaining("dimacs:1: expected a header \"n m\"");
  }

  @Test
  void reads_dimacs_files_that_list_each_edge_twice() {
    Graph<Integer, DefaultEdge> q = DimacsColReader.read(TestInstances.open("coloring/queen5_5.col"), "queen5_5");
    assertThat(q.vertexSet()).hasSize(25);
    assertThat(q.edgeSet()).hasSize(160);   // the p line says 320: every edge listed in both directions
    Graph<Integer, DefaultEdge> m = DimacsColReader.read(TestInstances.open("coloring/myciel3.col"), "myciel3");
    assertThat(m.vertexSet()).hasSize(11);
    assertThat(m.edgeSet()).hasSize(20);
  }

  @Test
  void malformed_dimacs_files_name_the_line() {
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("c x\ne 1 2\n"), "bad"))
        .hasMessage("bad:2: an edge before the problem line \"p edge n m\"");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("p edge 3 1\nx 1 2\n"), "bad"))
        .hasMessage("bad:2: unknown line type \"x\" (expected c, p or e)");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("p edge 3 2\ne 1 2\n"), "bad"))
        .hasMessageContaining("declares 2 edges but the file has 1");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("p edge 3 1\ne 1 9\n"), "bad"))
        .hasMessage("bad:2: vertex 9 out of range [1, 3]");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("p cnf 3 1\n"), "bad"))
        .hasMessage("bad:1: expected a problem line \"p edge n m\"");
    assertThatThrownBy(() -> DimacsColReader.read(new StringReader("c only comments\n"), "bad"))
        .hasMessage("bad: no problem line \"p edge n m\"");
  }
}
