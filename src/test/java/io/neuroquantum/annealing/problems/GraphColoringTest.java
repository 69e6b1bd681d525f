package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.DimacsColReader;
import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GraphColoringTest {

  static Graph<Integer, DefaultEdge> cycle(int n) {
    Graph<Integer, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
    for (int v = 0; v < n; v++) {
      g.addVertex(v);
    }
    for (int v = 0; v < n; v++) {
      g.addEdge(v, (v + 1) % n);
    }
    return g;
  }

  @ParameterizedTest(name = "{0} with {1} colours")
  @CsvSource({"myciel3, 4", "myciel4, 5", "queen5_5, 5"})
  void annealing_finds_a_proper_colouring_with_the_chromatic_number(String name, int colors) {
    Graph<Integer, DefaultEdge> graph = DimacsColReader.read(TestInstances.open("coloring/" + name + ".col"), name);
    EncodedProblem problem = EncodedProblem.coloring(GraphColoring.of(graph, colors));
    SampleSet samples = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1)).solve(problem.model());
    Answer answer = problem.bestAnswer(samples);
    assertThat(answer.objective().get("conflicts")).isEqualTo(0);
    assertThat(answer.feasible()).isTrue();
    assertThat(answer.energy()).isZero();
    assertThat((int) answer.objective().get("colors_used")).isLessThanOrEqualTo(colors);
  }

  @Test
  void an_odd_cycle_has_no_two_colouring_and_the_ground_state_says_so() {
    GraphColoring<Integer> two = GraphColoring.of(cycle(5), 2);
    CompiledQubo compiled = two.compile();
    SampleSet ground = new ExactSolver().solve(compiled.qubo());
    assertThat(ground.bestEnergy()).isEqualTo(1.0);   // one conflict is the best there is
    GraphColoring.Coloring coloring = two.decode(ground.best().values());
    assertThat(coloring.conflicts()).isEqualTo(1);
    GraphColoring<Integer> three = GraphColoring.of(cycle(5), 3);
    assertThat(new ExactSolver().solve(three.compile().qubo()).bestEnergy()).isZero();
  }

  @Test
  void decoding_repairs_vertices_without_exactly_one_colour_and_says_so() {
    GraphColoring<Integer> problem = GraphColoring.of(cycle(4), 2);
    // vertex 0: colour 0; vertex 1: none; vertex 2: both; vertex 3: colour 1
    byte[] sample = {1, 0, 0, 0, 1, 1, 0, 1};
    GraphColoring.Coloring coloring = problem.decode(sample);
    assertThat(coloring.repairedVertices()).isEqualTo(2);
    assertThat(coloring.colors()).containsExactly(0, 1, 0, 1);
    assertThat(coloring.conflicts()).isZero();
    assertThat(EncodedProblem.coloring(problem).decode(new io.neuroquantum.annealing.model.Sample(sample, 0, 1))
        .feasible()).isFalse();
  }

  @Test
  void rejects_impossible_inputs() {
    assertThatThrownBy(() -> GraphColoring.of(cycle(3), 0)).hasMessageContaining("at least one colour");
    Graph<Integer, DefaultEdge> loop = new org.jgrapht.graph.Pseudograph<>(DefaultEdge.class);
    loop.addVertex(0);
    loop.addEdge(0, 0);
    assertThatThrownBy(() -> GraphColoring.of(loop, 2)).hasMessageContaining("self-loop");
  }
}
