package io.neuroquantum.annealing.cqm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.hubo.Hubo;
import io.neuroquantum.annealing.hubo.HuboJson;
import io.neuroquantum.annealing.hubo.HuboReduction;
import io.neuroquantum.annealing.hubo.ReducedHubo;
import io.neuroquantum.annealing.model.DerivedQuboSize;
import io.neuroquantum.annealing.model.ModelLimits;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The JSON forms of a CQM and a HUBO (the job API's, docs/anneal-jobs.md), and the estimates of the
 * QUBO they become, which the server holds to its limits before building it: they must never be
 * below what is built.
 */
class CqmJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  /** A model with every kind of part: integer, binary, discrete, quadratic objective and constraints, a weight. */
  private static ConstrainedQuadraticModel everything() {
    return ConstrainedQuadraticModel.builder()
        .addBinary("a").addInteger("n", -1, 6).addInteger("m", 0, 3)
        .addDiscrete("colour", "red", "green", "blue")
        .maximize(o -> o.term("a", 2).term("n", 1.5).term("n", "m", -0.5).term("green", 1).constant(3))
        .constraint("cap", c -> c.term("a", 2).term("n", 1).term("m", 0.25), Sense.LE, 5.5)
        .constraint(new CqmConstraint("prod", QuadraticExpression.builder().addQuadratic(0, 2, 1).build(), Sense.GE, 1,
            Double.NaN))
        .constraint(new CqmConstraint("bal", QuadraticExpression.builder().addLinear(1, 1).addLinear(2, -1).build(),
            Sense.EQ, 1, 40))
        .build();
  }

  @Test
  void a_model_written_as_json_reads_back_to_the_same_model() {
    ConstrainedQuadraticModel m = everything();
    ConstrainedQuadraticModel back = CqmJson.read(CqmJson.write(m), ModelLimits.DEFAULT);
    assertThat(back.variables()).isEqualTo(m.variables());
    assertThat(back.goal()).isEqualTo(m.goal());
    assertThat(back.discreteGroups()).hasSize(1);
    assertThat(back.discreteGroups().get(0)).containsExactly(m.discreteGroups().get(0));
    assertThat(back.constraints()).hasSameSizeAs(m.constraints());
    for (int c = 0; c < m.constraints().size(); c++) {
      CqmConstraint a = m.constraints().get(c);
      CqmConstraint b = back.constraints().stream().filter(x -> x.label().equals(a.label())).findFirst().orElseThrow();
      assertThat(b.sense()).isEqualTo(a.sense());
      assertThat(b.rhs()).isEqualTo(a.rhs());
      assertThat(b.lhs().linear()).isEqualTo(a.lhs().linear());
      assertThat(b.lhs().quadratic()).isEqualTo(a.lhs().quadratic());
      assertThat(Double.valueOf(b.weight())).isEqualTo(Double.valueOf(a.weight()));
    }
    assertThat(back.objective().linear()).isEqualTo(m.objective().linear());
    assertThat(back.objective().quadratic()).isEqualTo(m.objective().quadratic());
    assertThat(back.objective().constant()).isEqualTo(3);
    assertThat(CqmQubo.of(back).qubo().approximatelyEquals(CqmQubo.of(m).qubo(), 0)).isTrue();
  }

  @Test
  void the_documented_example_reads_with_dimods_words() throws Exception {
    ConstrainedQuadraticModel m = CqmJson.read(json("""
        {"variables": [{"name": "a", "vartype": "BINARY"},
                       {"name": "n", "vartype": "INTEGER", "lower_bound": 0, "upper_bound": 5}],
         "discrete": [{"label": "colour", "variables": ["red", "green", "blue"]}],
         "objective": {"sense": "maximize", "linear": {"a": 3, "n": 1}, "quadratic": [["a", "n", -0.5]], "offset": 0},
         "constraints": [{"label": "cap", "linear": {"a": 2, "n": 1}, "quadratic": [], "sense": "<=", "rhs": 4,
                          "penalty_weight": 10}]}"""), ModelLimits.DEFAULT);
    assertThat(m.numVariables()).isEqualTo(5);
    assertThat(m.variable(1)).isEqualTo(CqmVariable.integer("n", 0, 5));
    assertThat(m.constraints()).extracting(CqmConstraint::label).containsExactly("colour", "cap");
    assertThat(m.constraints().get(1).weight()).isEqualTo(10);
    assertThat(m.goal()).isEqualTo(ConstrainedQuadraticModel.Goal.MAXIMIZE);
  }

  @Test
  void every_mistake_names_its_field() {
    String ok = "\"objective\": {\"linear\": {\"a\": 1}}";
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"REAL\"}], " + ok + "}"),
        ModelLimits.DEFAULT)).hasMessageContaining("variables[0]: vartype REAL is not supported");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"INTEGER\"}], " + ok
        + "}"), ModelLimits.DEFAULT)).hasMessageContaining("variables[0].upper_bound (required");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"INTEGER\", "
        + "\"upper_bound\": 1000000000000000}], " + ok + "}"), ModelLimits.DEFAULT)).hasMessageContaining("wider than 2^40");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"BINARY\"}], " + ok
        + ", \"constraints\": [{\"linear\": {\"b\": 1}, \"sense\": \"<=\", \"rhs\": 1}]}"), ModelLimits.DEFAULT))
        .hasMessageContaining("constraints[0].linear: variable b is not declared");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"BINARY\"}], " + ok
        + ", \"constraints\": [{\"linear\": {\"a\": 1}, \"sense\": \"<\", \"rhs\": 1}]}"), ModelLimits.DEFAULT))
        .hasMessageContaining("constraints[0].sense must be");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"BINARY\"}, "
        + "{\"name\": \"b\", \"vartype\": \"BINARY\"}], " + ok + "}"), new ModelLimits(1, 10)))
        .hasMessageContaining("variables: 2 listed, over the limit of 1");
    // a typo would silently drop what it names: refused
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"BINARY\"}], " + ok
        + ", \"constraint\": []}"), ModelLimits.DEFAULT)).hasMessageContaining("constraint is not a field of this form");
    assertThatThrownBy(() -> CqmJson.read(json("{\"variables\": [{\"name\": \"a\", \"vartype\": \"BINARY\", "
        + "\"upper\": 3}], " + ok + "}"), ModelLimits.DEFAULT)).hasMessageContaining("variables[0].upper is not a field");
  }

  @Test
  void the_estimate_of_a_cqms_qubo_is_never_below_what_is_built() {
    for (ConstrainedQuadraticModel m : List.of(everything(), CqmOptimaTest.knapsack(), CqmOptimaTest.facilityLocation())) {
      DerivedQuboSize e = CqmQubo.estimate(m);
      CqmQubo q = CqmQubo.of(m);
      assertThat(e.decisionVariables()).isEqualTo(q.numDecisionBits());
      assertThat(e.variables()).isGreaterThanOrEqualTo(q.qubo().numVariables());
      assertThat(e.slackVariables() + e.auxiliaryVariables())
          .isGreaterThanOrEqualTo(q.numSlackBits() + q.numAuxiliaryBits());
      assertThat(e.quadraticTerms()).isGreaterThanOrEqualTo(q.qubo().numInteractions());
    }
    assertThat(CqmQubo.estimate(everything()).degree()).isEqualTo(4);
    assertThat(CqmQubo.estimate(CqmOptimaTest.knapsack()).degree()).isEqualTo(2);
  }

  @Test
  void a_hubo_reads_from_json_and_its_estimate_is_never_below_its_reduction() throws Exception {
    Hubo h = HuboJson.read(json("{\"terms\": [[[0, 1, 2], 2.5], [[3, 3], -1], [[], 4], [[2, 1, 0], 0.5]], \"offset\": 1}"),
        ModelLimits.DEFAULT);
    assertThat(h.numVariables()).isEqualTo(4);
    assertThat(h.offset()).isEqualTo(5);
    assertThat(h.energy(new byte[] {1, 1, 1, 1})).isEqualTo(5 + 3 - 1);
    assertThatThrownBy(() -> HuboJson.read(json("{\"terms\": [[[0, -1], 1]]}"), ModelLimits.DEFAULT))
        .hasMessageContaining("terms[0]: variable -1 is not an index");
    assertThatThrownBy(() -> HuboJson.read(json("{\"num_variables\": 2, \"terms\": [[[0, 5], 1]]}"), ModelLimits.DEFAULT))
        .hasMessageContaining("num_variables must be a whole number from 6");
    assertThatThrownBy(() -> HuboJson.read(json("{\"term\": []}"), ModelLimits.DEFAULT))
        .hasMessageContaining("term is not a field of a HUBO");

    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < 20; round++) {
      int n = 5 + rnd.nextInt(20);
      Hubo.Builder b = Hubo.builder(n);
      for (int t = 0; t < 3 + rnd.nextInt(30); t++) {
        b.add(rnd.nextDouble(-3, 3), rnd.ints(1 + rnd.nextInt(6), 0, n).toArray());
      }
      Hubo random = b.build();
      DerivedQuboSize e = HuboReduction.estimate(random);
      ReducedHubo r = HuboReduction.reduce(random);
      assertThat(e.auxiliaryVariables()).isGreaterThanOrEqualTo(r.numAuxiliary());
      assertThat(e.variables()).isGreaterThanOrEqualTo(r.qubo().numVariables());
      assertThat(e.quadraticTerms()).isGreaterThanOrEqualTo(r.qubo().numInteractions());
      assertThat(e.degree()).isEqualTo(random.degree());
    }
  }
}
