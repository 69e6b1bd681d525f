package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.BurkardtKnapsackReader;
import io.neuroquantum.annealing.io.DeclaredSize;
import io.neuroquantum.annealing.io.DimacsCnfReader;
import io.neuroquantum.annealing.io.OrLibraryJobShopReader;
import io.neuroquantum.annealing.io.OrLibraryPortfolioReader;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The published instances of {@link PublishedInstancesTest} with the plain defaults ({@code solve}
 * with no options: sa, seed 1) and the alternatives named in docs/annealing.md, including the runs
 * too long for the suite (ft06 with horizon 60, knapsack p08). Not a test: run with
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=PublishedInstancesBenchmark
 * -DskipClientTests}. Prints the Markdown table of docs/annealing.md.
 */
@Tag("benchmark")
class PublishedInstancesBenchmark {

  private final StringBuilder table = new StringBuilder("| instance | solver | result | optimum | wall time (ms) |\n"
      + "|---|---|---|---|---|\n");

  @Test
  void everyPublishedInstance() {
    long[] knapsackOptima = {309, 51, 150, 107, 900, 1735, 1458, 13_549_094};
    for (int p = 1; p <= 8; p++) {
      String name = String.format(Locale.ROOT, "p%02d", p);
      run("knapsack " + name, EncodedProblem.of(knapsack(name)), null, Map.of(), "value", knapsackOptima[p - 1]);
    }
    run("knapsack p07", EncodedProblem.of(knapsack("p07")), "pt", Map.of("sweeps", 20_000), "value", 1458);
    run("knapsack p08", EncodedProblem.of(knapsack("p08")), "pt", Map.of("sweeps", 20_000), "value", 13_549_094);
    EncodedProblem sat = EncodedProblem.of(DimacsCnfReader.read(open("max2sat/s2v120c1200-1.cnf"), "s2v120c1200-1"));
    run("max2sat s2v120c1200-1", sat, null, Map.of(), "unsatisfied_weight", 161);
    run("max2sat s2v120c1200-1", sat, "tabu", Map.of(), "unsatisfied_weight", 161);
    OrLibraryPortfolioReader.Assets assets = OrLibraryPortfolioReader.read(open("portfolio/port1.txt"), "port1",
        DeclaredSize.ANY);
    double q = 0.7 / (0.3 * 10);
    EncodedProblem port1 = EncodedProblem.of(Portfolio.of(assets.meanReturns(), assets.covariance(), 10, q));
    run("portfolio port1 K=10 λ=0.7", port1, null, Map.of(), "objective", -0.0322229742228127);
    run("portfolio port1 K=10 λ=0.7", port1, "tabu", Map.of(), "objective", -0.0322229742228127);
    var ft06 = OrLibraryJobShopReader.read(open("jobshop/jobshop1.txt"), "jobshop1.txt", "ft06", DeclaredSize.ANY);
    run("jobshop ft06 T=55", EncodedProblem.of(JobShop.of(ft06, 55)), null, Map.of("reads", 8), "makespan", 55);
    run("jobshop ft06 T=55", EncodedProblem.of(JobShop.of(ft06, 55)), null, Map.of(), "makespan", 55);
    run("jobshop ft06 T=60", EncodedProblem.of(JobShop.of(ft06, 60)), null, Map.of(), "makespan", 55);
    run("jobshop ft06 T=60 feasibility", EncodedProblem.of(JobShop.of(ft06, 60, true)), "tabu",
        Map.of("reads", 64, "iterations", 300_000), "makespan", 55);
    System.out.println(table);
  }

  private void run(String label, EncodedProblem problem, String solver, Map<String, Object> options, String key,
      double optimum) {
    Map<String, Object> parameters = new java.util.LinkedHashMap<>(options);
    parameters.put("seed", 1L);
    long start = System.nanoTime();
    Answer answer = PublishedInstancesTest.solve(problem, solver, parameters);
    long ms = (System.nanoTime() - start) / 1_000_000;
    String solverText = (solver == null ? "sa" : solver) + (options.isEmpty() ? " (defaults)" : " " + options);
    String row = String.format(Locale.ROOT, "| %s | %s | %s %s%s | %s | %d |%n", label, solverText, key,
        answer.objective().get(key), answer.feasible() ? "" : " (repaired)", optimum, ms);
    System.out.print(row);
    table.append(row);
  }

  private static Knapsack knapsack(String name) {
    return BurkardtKnapsackReader.read(open("knapsack/" + name + "_c.txt"), open("knapsack/" + name + "_w.txt"),
        open("knapsack/" + name + "_p.txt"), name);
  }

  private static java.io.Reader open(String path) {
    return TestInstances.open(path);
  }
}
