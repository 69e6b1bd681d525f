package io.neuroquantum.annealing.cqm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LpReaderTest {

  private static final String EXAMPLE = """
      \\ a small model with every section
      Maximize
       obj: 3 x + 2 y - z + [ 4 x ^ 2 + 2 x * y
            - 6 y * z ] / 2 + 1.5
      Subject To
       cap: 2 x + 1.5 y
            + z <= 7
       pair: x + y + [ x * y ] >= 1
       -x + 2 z = 2
      Bounds
       -2 <= y <= 5
       z <= 3
      General
       y z
      Binary
       x
      End
      """;

  @Test
  void every_section_is_read_with_its_terms() {
    ConstrainedQuadraticModel m = new LpReader().parse(EXAMPLE);
    assertThat(m.goal()).isEqualTo(ConstrainedQuadraticModel.Goal.MAXIMIZE);
    assertThat(m.variables()).containsExactly(CqmVariable.binary("x"), CqmVariable.integer("y", -2, 5),
        CqmVariable.integer("z", 0, 3));
    QuadraticExpression obj = m.objective();
    assertThat(obj.linear()).isEqualTo(Map.of(0, 3.0, 1, 2.0, 2, -1.0));
    assertThat(obj.quadratic()).isEqualTo(Map.of(QuadraticExpression.pair(0, 0), 2.0,
        QuadraticExpression.pair(0, 1), 1.0, QuadraticExpression.pair(1, 2), -3.0));
    assertThat(obj.constant()).isEqualTo(1.5);
    assertThat(m.constraints()).hasSize(3);
    CqmConstraint cap = m.constraints().get(0);
    assertThat(cap.label()).isEqualTo("cap");
    assertThat(cap.sense()).isEqualTo(Sense.LE);
    assertThat(cap.rhs()).isEqualTo(7);
    assertThat(cap.lhs().linear()).isEqualTo(Map.of(0, 2.0, 1, 1.5, 2, 1.0));
    CqmConstraint pair = m.constraints().get(1);
    assertThat(pair.lhs().quadratic()).isEqualTo(Map.of(QuadraticExpression.pair(0, 1), 1.0));
    assertThat(pair.sense()).isEqualTo(Sense.GE);
    CqmConstraint unnamed = m.constraints().get(2);
    assertThat(unnamed.label()).isEqualTo("c3");
    assertThat(unnamed.sense()).isEqualTo(Sense.EQ);
    assertThat(unnamed.lhs().linear()).isEqualTo(Map.of(0, -1.0, 2, 2.0));
    // x=1, y=2, z=1: 3+4−1 + (4+4−12)/2 + 1.5
    assertThat(m.objectiveValue(new long[] {1, 2, 1})).isEqualTo(5.5);
  }

  @Test
  void a_model_read_from_lp_solves_through_its_qubo() {
    String lp = """
        Minimize
         cost: 4 a + 3 b + 5 c - 2 k
        Subject To
         need: a + b + c >= 2
         limit: k - 2 a - 2 b <= 0
        Bounds
         0 <= k <= 3
        Generals
         k
        Binaries
         a b c
        End
        """;
    ConstrainedQuadraticModel m = new LpReader().parse(lp);
    CqmQubo q = CqmQubo.of(m);
    CqmSample best = q.decode(new io.neuroquantum.annealing.solvers.ExactSolver().solve(q.qubo())).get(0);
    // a and b open (7), k = 3 earns −6: total 1; any pair with c costs more
    assertThat(m.byName(best.values())).containsExactly(Map.entry("a", 1L), Map.entry("b", 1L), Map.entry("c", 0L),
        Map.entry("k", 3L));
    assertThat(best.objective()).isEqualTo(1);
  }

  @Test
  void what_a_qubo_cannot_hold_is_refused_by_name_and_line() {
    String head = "Minimize\n obj: x + y\nSubject To\n c: x + y <= 1\n";
    assertThatThrownBy(() -> new LpReader().parse(head + "Binary\n x\nEnd\n"))
        .hasMessageContaining("variable y (line 2) is continuous");
    assertThatThrownBy(() -> new LpReader().parse(head + "General\n x y\nEnd\n"))
        .hasMessageContaining("integer variable x needs finite bounds");
    assertThatThrownBy(() -> new LpReader().parse(head + "Bounds\n x free\nEnd\n"))
        .hasMessageContaining("LP line 6").hasMessageContaining("free");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: [ x * y ]\nBinary\n x y\nEnd\n"))
        .hasMessageContaining("LP line 2").hasMessageContaining("/ 2");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: 2 x y\nEnd\n"))
        .hasMessageContaining("expected + or - before 'y'");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: x\nSubject To\n r: 0 <= x <= 1\nBinary\n x\nEnd\n"))
        .hasMessageContaining("LP line 4");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: x * y\nEnd\n")).hasMessageContaining("in [ ]");
    assertThatThrownBy(() -> new LpReader().parse(" obj: x\n")).hasMessageContaining("expected Minimize or Maximize");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: x\nBounds\n 0 <= x <= 2.5\nGeneral\n x\nEnd\n"))
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> new LpReader().parse("Minimize\n obj: x\nSOS\n s1: x:1\nEnd\n"))
        .hasMessageContaining("not supported");
  }
}
