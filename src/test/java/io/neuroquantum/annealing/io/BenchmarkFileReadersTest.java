package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.JobShop.Operation;
import io.neuroquantum.annealing.problems.Knapsack;
import io.neuroquantum.annealing.problems.Max2Sat;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readers of the modelled problems' benchmark formats: what they accept, and the errors they give. */
class BenchmarkFileReadersTest {

  @Test
  void cnf_clauses_may_span_and_share_lines_and_satlib_ends_at_percent() {
    Max2Sat sat = DimacsCnfReader.read(new StringReader("c demo\np cnf 3 4\n1 -2 0 2\n3 0\n-1 0 -3 -3 0\n%\n0\n"), "demo.cnf");
    assertThat(sat.unsatisfiedWeight(new byte[] {0, 0, 0})).isEqualTo(1);   // only "2 3" fails
    assertThat(sat.unsatisfiedWeight(new byte[] {1, 1, 1})).isEqualTo(2);   // "-1" and "-3 -3" fail
  }

  @Test
  void cnf_errors_name_the_line_and_the_reason() {
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 3 1\n1 2 3 0\n"), "k3.cnf"))
        .isInstanceOf(FormatException.class).hasMessage("k3.cnf:2: clause 1 has more than 2 literals: max-2-SAT "
            + "takes clauses of 1 or 2 literals (this is a MAX-k-SAT file)");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 2 1\n1 -3 0\n"), "x.cnf"))
        .hasMessage("x.cnf:2: literal -3 out of range ±1..±2");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 2 2\n1 -2 0\n"), "x.cnf"))
        .hasMessage("x.cnf: the problem line declares 2 clauses but the file has 1 (truncated?)");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("1 2 0\n"), "x.cnf"))
        .hasMessageContaining("before the problem line");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 2 1\n0\n"), "x.cnf"))
        .hasMessageContaining("an empty clause");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 2 1\n1 2\n"), "x.cnf"))
        .hasMessageContaining("not ended by 0");
    assertThatThrownBy(() -> DimacsCnfReader.read(new StringReader("p cnf 2000000000 1\n"), "x.cnf", DeclaredSize.ANY))
        .hasMessageContaining("number of variables 2000000000 out of range");
  }

  @Test
  void jobshop_reads_the_named_instance_of_the_orlibrary_file() {
    List<List<Operation>> ft06 = OrLibraryJobShopReader.read(TestInstances.open("jobshop/jobshop1.txt"), "jobshop1.txt",
        "ft06", DeclaredSize.ANY);
    assertThat(ft06.get(0)).containsExactly(new Operation(2, 1), new Operation(0, 3), new Operation(1, 6),
        new Operation(3, 7), new Operation(5, 3), new Operation(4, 6));
    assertThat(ft06.get(5).get(5)).isEqualTo(new Operation(2, 1));
    List<List<Operation>> la01 = OrLibraryJobShopReader.read(TestInstances.open("jobshop/jobshop1.txt"), "jobshop1.txt",
        "la01", DeclaredSize.ANY);
    assertThat(la01).hasSize(10).allSatisfy(job -> assertThat(job).hasSize(5));
    assertThatThrownBy(() -> OrLibraryJobShopReader.read(TestInstances.open("jobshop/jobshop1.txt"), "jobshop1.txt",
        "ft99", DeclaredSize.ANY)).isInstanceOf(InvalidModelException.class)
        .hasMessage("jobshop1.txt has no line \"instance ft99\"");
    String shortJob = " instance t\n +++\n two jobs\n 2 2\n 0 1 1 2\n 1 3\n";
    assertThatThrownBy(() -> OrLibraryJobShopReader.read(new StringReader(shortJob), "t.txt", "t", DeclaredSize.ANY))
        .hasMessage("t.txt:6: job 2: expected 2 pairs \"machine duration\", found 2 numbers");
    String badMachine = " instance t\n +++\n one job\n 1 2\n 0 1 2 2\n";
    assertThatThrownBy(() -> OrLibraryJobShopReader.read(new StringReader(badMachine), "t.txt", "t", DeclaredSize.ANY))
        .hasMessage("t.txt:5: machine 2 out of range [0, 1]");
  }

  @Test
  void portfolio_reads_returns_and_correlations_into_a_covariance() {
    OrLibraryPortfolioReader.Assets port1 =
        OrLibraryPortfolioReader.read(TestInstances.open("portfolio/port1.txt"), "port1.txt", DeclaredSize.ANY);
    assertThat(port1.size()).isEqualTo(31);
    assertThat(port1.meanReturns()[0]).isEqualTo(0.001309);
    assertThat(port1.standardDeviations()[30]).isEqualTo(0.039827);
    assertThat(port1.correlation()[1][0]).isEqualTo(0.562289);
    assertThat(port1.covariance()[0][1]).isEqualTo(0.562289 * 0.043208 * 0.040258);
    String missing = "2\n.1 .2\n.1 .3\n1 1 1\n1 2 .5\n";
    assertThatThrownBy(() -> OrLibraryPortfolioReader.read(new StringReader(missing), "p.txt", DeclaredSize.ANY))
        .hasMessage("p.txt: expected a correlation for each of the 3 pairs i ≤ j, found 2 (truncated?)");
    String lower = "2\n.1 .2\n.1 .3\n1 1 1\n2 1 .5\n2 2 1\n";
    assertThatThrownBy(() -> OrLibraryPortfolioReader.read(new StringReader(lower), "p.txt", DeclaredSize.ANY))
        .hasMessage("p.txt:5: pair (2, 1): the file lists each pair once with i ≤ j");
    String wide = "1\n.1 .2\n1 1 1.5\n";
    assertThatThrownBy(() -> OrLibraryPortfolioReader.read(new StringReader(wide), "p.txt", DeclaredSize.ANY))
        .hasMessage("p.txt:3: correlation 1.5 outside [-1, 1]");
  }

  @Test
  void knapsack_reads_one_number_per_line_from_three_files() {
    Knapsack k = BurkardtKnapsackReader.read(new StringReader("10\n"), new StringReader("3\n4\n\n"),
        new StringReader(" 5\n6\n"), "t");
    assertThat(k.numItems()).isEqualTo(2);
    assertThatThrownBy(() -> BurkardtKnapsackReader.read(new StringReader("10\n"), new StringReader("3\n4\n"),
        new StringReader("5\n"), "t")).hasMessage("t: 2 weights but 1 profits");
    assertThatThrownBy(() -> BurkardtKnapsackReader.read(new StringReader("10 11\n"), new StringReader("3\n"),
        new StringReader("5\n"), "t")).hasMessage("t_c:1: expected one number per line, found 2");
    assertThatThrownBy(() -> BurkardtKnapsackReader.column(new StringReader("3\nx\n"), "t_w"))
        .hasMessage("t_w:2: expected an integer, found \"x\"");
  }
}
