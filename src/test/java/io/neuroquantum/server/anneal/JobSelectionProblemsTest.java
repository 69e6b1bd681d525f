package io.neuroquantum.server.anneal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Independent set, vertex cover and clique as a job's problem: from a DIMACS file's text or a JSON graph. */
class JobSelectionProblemsTest {

  private static final JobLimits LIMITS = JobLimits.fromConfig(new JsonObject());

  @Test
  void the_three_types_read_a_dimacs_file_and_a_json_graph() {
    String path4 = "p edge 4 3\ne 1 2\ne 2 3\ne 3 4\n";   // a path: α = 2, τ = 2, ω = 2
    for (String type : new String[] {"independent_set", "vertex_cover", "clique"}) {
      EncodedProblem file = JobProblems.parse(new JsonObject().put("type", type).put("format", "dimacs")
          .put("data", path4), LIMITS);
      EncodedProblem json = JobProblems.parse(new JsonObject().put("type", type).put("graph",
          new JsonObject().put("nodes", 4).put("edges", new io.vertx.core.json.JsonArray("[[0,1],[1,2],[2,3]]"))), LIMITS);
      assertThat(file.type()).isEqualTo(type);
      assertThat(json.type()).isEqualTo(type);
      assertThat(json.model().numInteractions()).isEqualTo(file.model().numInteractions())
          .isEqualTo(3);   // clique: the path's complement has 6 − 3 = 3 pairs
    }
  }

  @Test
  void weights_are_refused_not_ignored_and_a_huge_complement_is_refused_from_the_header() {
    assertThatThrownBy(() -> JobProblems.parse(new JsonObject().put("type", "independent_set").put("graph",
        new JsonObject().put("nodes", 2).put("edges", new io.vertx.core.json.JsonArray("[[0,1,2.5]]"))), LIMITS))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("has weight 2.5");
    assertThatThrownBy(() -> JobProblems.parse(new JsonObject().put("type", "clique").put("format", "dimacs")
        .put("data", "p edge 5000 0\n"), LIMITS))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("anneal.max_quadratic_terms");
  }

  @Test
  void a_field_the_problem_does_not_read_is_refused_not_ignored() {
    JsonObject graph = new JsonObject().put("nodes", 2).put("edges", new io.vertx.core.json.JsonArray("[[0,1,1]]"));
    assertThatThrownBy(() -> JobProblems.parse(new JsonObject().put("type", "maxcut").put("graph", graph)
        .put("colors", 3), LIMITS))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("problem.colors is not a field of a maxcut problem");
    assertThatThrownBy(() -> JobProblems.parse(new JsonObject().put("type", "jobshop").put("horizn", 55)
        .put("jobs", new io.vertx.core.json.JsonArray("[[[0,1]]]")), LIMITS))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("problem.horizn")
        .hasMessageContaining("horizon");
    assertThat(JobProblems.parse(new JsonObject().put("type", "coloring").put("graph", graph).put("colors", 2), LIMITS)
        .type()).isEqualTo("coloring");
  }
}
