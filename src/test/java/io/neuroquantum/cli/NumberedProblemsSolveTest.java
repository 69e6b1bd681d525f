package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuroquantum.annealing.TestInstances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solve --problem max2sat | knapsack | number_partitioning}: the published instances reach their
 * optima with the default solver and seed 1, and each answer is checked against the files as this test
 * reads them (not through the project's readers or decoders); options that do not apply are refused.
 */
class NumberedProblemsSolveTest {

  @Test
  void max2sat_s2v120c1200_1_leaves_the_published_161_clauses_unsatisfied() throws IOException {
    Path cnf = TestInstances.path("max2sat/s2v120c1200-1.cnf");
    JsonNode json = solve("max2sat", cnf);
    assertThat(json.path("objective").path("unsatisfied_clauses").asInt()).isEqualTo(161);
    JsonNode assignment = json.path("objective").path("assignment");
    assertThat(assignment.size()).isEqualTo(120);
    int unsatisfied = 0;
    for (int[] clause : clauses(Files.readString(cnf))) {
      boolean satisfied = false;
      for (int lit : clause) {
        satisfied |= (assignment.get(Math.abs(lit) - 1).asInt() == 1) == (lit > 0);
      }
      unsatisfied += satisfied ? 0 : 1;
    }
    assertThat(unsatisfied).as("unsatisfied clauses counted from the file").isEqualTo(161);
  }

  @Test
  void knapsack_p01_given_as_its_capacity_file_reaches_309() throws IOException {
    Path c = TestInstances.path("knapsack/p01_c.txt");
    JsonNode json = solve("knapsack", c);
    long[] w = column(c.resolveSibling("p01_w.txt"));
    long[] p = column(c.resolveSibling("p01_p.txt"));
    long weight = 0;
    long value = 0;
    for (JsonNode item : json.path("objective").path("items")) {
      weight += w[item.asInt()];
      value += p[item.asInt()];
    }
    assertThat(value).isEqualTo(309);
    assertThat(weight).isLessThanOrEqualTo(column(c)[0]);
    assertThat(json.path("objective").path("value").asDouble()).isEqualTo(309.0);
  }

  /** The documented text format: capacity, then "weight value" per item; optimum 13 (items 1 and 3) by hand. */
  @Test
  void knapsack_in_the_text_format_and_number_partitioning_with_comments(@TempDir Path dir) throws IOException {
    Path knapsack = Files.writeString(dir.resolve("small.txt"), "# capacity, then weight value\n10\n5 6\n4 5\n6 8\n"
        + "3 2 # light and cheap\n");
    JsonNode packed = solve("knapsack", knapsack);
    assertThat(packed.path("objective").path("value").asDouble()).isEqualTo(13.0);
    assertThat(packed.path("objective").path("weight").asLong()).isEqualTo(10);

    // 3 + 1 + 1 + 2 + 2 + 1 = 10: a perfect partition exists ({3, 2} and {1, 1, 2, 1})
    Path numbers = Files.writeString(dir.resolve("numbers.txt"), "# six numbers\n3\n1\n1\n\n2\n2 # two\n1\n");
    JsonNode split = solve("number_partitioning", numbers);
    assertThat(split.path("objective").path("difference").asDouble()).isZero();
    int[] values = {3, 1, 1, 2, 2, 1};
    int[] sums = new int[2];
    JsonNode sides = split.path("objective").path("sides");
    for (int i = 0; i < values.length; i++) {
      sums[sides.get(i).asInt()] += values[i];
    }
    assertThat(sums[0]).isEqualTo(sums[1]).isEqualTo(5);
  }

  /**
   * ft06 at horizon 55 (its optimum): as PublishedInstancesTest found, no sample is violation-free, and
   * the repaired schedule has makespan 57; checked here against the file's jobs as this test reads them.
   */
  @Test
  void jobshop_ft06_from_orlibrary_file_is_a_valid_schedule_of_makespan_57() throws IOException {
    Path file = TestInstances.path("jobshop/jobshop1.txt");
    CliRunner.Result r = CliRunner.run("solve", "--problem", "jobshop", "--instance-name", "ft06", "--horizon", "55",
        "--reads", "8", "--seed", "1", "--json", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("problem").asText()).isEqualTo("jobshop");
    int[][][] jobs = ft06(Files.readAllLines(file));
    JsonNode starts = json.path("objective").path("starts");
    List<int[]> busy = new ArrayList<>();   // machine, start, end
    int o = 0;
    int makespan = 0;
    for (int[][] job : jobs) {
      int ready = 0;
      for (int[] step : job) {
        int start = starts.get(o++).asInt();
        assertThat(start).as("operation %d starts after its predecessor ends", o - 1).isGreaterThanOrEqualTo(ready);
        for (int[] b : busy) {
          assertThat(b[0] != step[0] || start >= b[2] || start + step[1] <= b[1]).as("machine %d overlap", step[0]).isTrue();
        }
        busy.add(new int[] {step[0], start, start + step[1]});
        ready = start + step[1];
      }
      makespan = Math.max(makespan, ready);
    }
    assertThat(makespan).isEqualTo(json.path("objective").path("makespan").asInt()).isEqualTo(57);
  }

  /** port1 (Hang Seng, 31 assets), hold 10 with q = 0.7/(0.3·10) as PublishedInstancesTest; checked from the file. */
  @Test
  void portfolio_port1_holds_the_budget_and_reports_its_objective() throws IOException {
    Path file = TestInstances.path("portfolio/port1.txt");
    double q = 0.7 / (0.3 * 10);
    CliRunner.Result r = CliRunner.run("solve", "--problem", "portfolio", "--assets", "10", "--risk-aversion",
        Double.toString(q), "--solver", "tabu", "--seed", "1", "--json", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("feasible").asBoolean()).isTrue();
    List<String> lines = Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    int n = Integer.parseInt(lines.get(0));
    double[] mu = new double[n];
    double[] sd = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(1 + i).split("\\s+");
      mu[i] = Double.parseDouble(f[0]);
      sd[i] = Double.parseDouble(f[1]);
    }
    double[][] rho = new double[n][n];
    for (String line : lines.subList(1 + n, lines.size())) {
      String[] f = line.split("\\s+");
      int i = Integer.parseInt(f[0]) - 1;
      int j = Integer.parseInt(f[1]) - 1;
      rho[i][j] = rho[j][i] = Double.parseDouble(f[2]);
    }
    JsonNode held = json.path("objective").path("assets");
    assertThat(held.size()).isEqualTo(10);
    double value = 0;
    for (JsonNode a : held) {
      value -= mu[a.asInt()];
      for (JsonNode b : held) {
        value += q * rho[a.asInt()][b.asInt()] * sd[a.asInt()] * sd[b.asInt()];
      }
    }
    assertThat(json.path("objective").path("objective").asDouble()).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-12));
  }

  /** ft06 as this test reads jobshop1.txt: after "instance ft06", a rule, a description, "6 6", six rows. */
  private static int[][][] ft06(List<String> lines) {
    int at = lines.indexOf(" instance ft06");
    List<String> rest = lines.subList(at + 1, lines.size()).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    assertThat(rest.get(2)).isEqualTo("6 6");
    int[][][] jobs = new int[6][6][];
    for (int j = 0; j < 6; j++) {
      String[] f = rest.get(3 + j).split("\\s+");
      for (int k = 0; k < 6; k++) {
        jobs[j][k] = new int[] {Integer.parseInt(f[2 * k]), Integer.parseInt(f[2 * k + 1])};
      }
    }
    return jobs;
  }

  @Test
  void options_and_files_that_do_not_fit_are_refused_with_a_reason(@TempDir Path dir) throws IOException {
    Path cnf = TestInstances.path("max2sat/s2v120c1200-1.cnf");
    assertRefused(new String[] {"--problem", "max2sat", "--colors", "3", cnf.toString()},
        "--colors applies to coloring, not to max2sat");
    assertRefused(new String[] {"--problem", "knapsack", "--complement", cnf.toString()},
        "--complement applies to independent_set, vertex_cover and clique, not to knapsack");
    assertRefused(new String[] {"--problem", "number_partitioning", "--instance", "1", cnf.toString()},
        "--instance picks one instance");
    Path threeSat = Files.writeString(dir.resolve("three.cnf"), "p cnf 3 1\n1 -2 3 0\n");
    assertRefused(new String[] {"--problem", "max2sat", threeSat.toString()}, "has more than 2 literals");
    Path lonely = Files.writeString(dir.resolve("p09_c.txt"), "10\n");
    assertRefused(new String[] {"--problem", "knapsack", lonely.toString()}, "p09_w.txt is missing");
    Path words = Files.writeString(dir.resolve("words.txt"), "3\nfour\n");
    assertRefused(new String[] {"--problem", "number_partitioning", words.toString()}, "expected an integer, found \"four\"");
    assertRefused(new String[] {"--problem", "max2sat", "--format", "gset", cnf.toString()},
        "a max2sat problem cannot be read from gset format");
    Path jobshop = TestInstances.path("jobshop/jobshop1.txt");
    assertRefused(new String[] {"--problem", "jobshop", "--instance-name", "ft06", jobshop.toString()},
        "a job-shop needs a horizon (--horizon T)");
    assertRefused(new String[] {"--problem", "jobshop", "--horizon", "55", jobshop.toString()},
        "name one with --instance-name");
    assertRefused(new String[] {"--problem", "max2sat", "--horizon", "55", cnf.toString()},
        "--horizon applies to jobshop, not to max2sat");
    assertRefused(new String[] {"--problem", "portfolio", "--assets", "3", TestInstances.path("portfolio/port1.txt")
        .toString()}, "a portfolio needs the number of assets to hold (--assets K) and the risk aversion");
  }

  @Test
  void help_names_the_problems_their_formats_and_options() {
    CliRunner.Result help = CliRunner.run("solve", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().replaceAll("\\s+", " ")).contains("max2sat | number_partitioning | knapsack | jobshop | portfolio")
        .contains("cnf | numbers | knapsack |").contains("--instance-name").contains("--horizon").contains("--assets")
        .contains("--risk-aversion");
  }

  /** The human-readable output names the objective of each (arrays such as the assignment are left to --json). */
  @Test
  void human_output_shows_the_objective(@TempDir Path dir) throws IOException {
    Path cnf = Files.writeString(dir.resolve("tiny.cnf"), "p cnf 2 3\n1 2 0\n-1 0\n-2 0\n");
    CliRunner.Result r = CliRunner.run("solve", "--problem", "max2sat", "--seed", "1", cnf.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("problem   max2sat").containsPattern("unsatisfied_clauses\\s+1\\b");
  }

  private static void assertRefused(String[] args, String reason) {
    String[] all = new String[args.length + 1];
    all[0] = "solve";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRunner.Result r = CliRunner.run(all);
    assertThat(r.exitCode()).as(String.join(" ", args)).isNotZero();
    assertThat(r.err()).contains(reason);
  }

  /** {@code solve} with the default solver and seed 1, as JSON; the answer must be feasible as sampled. */
  private static JsonNode solve(String problem, Path file) throws IOException {
    CliRunner.Result r = CliRunner.run("solve", "--problem", problem, "--seed", "1", "--json", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("problem").asText()).isEqualTo(problem);
    assertThat(json.path("solver").asText()).isEqualTo("sa");
    assertThat(json.path("feasible").asBoolean()).as(r.out()).isTrue();
    return json;
  }

  /** A DIMACS cnf file's clauses, as this test reads them: every line after "p" holds literals ending in 0. */
  private static List<int[]> clauses(String text) {
    List<int[]> out = new ArrayList<>();
    boolean started = false;
    for (String line : text.split("\n")) {
      String t = line.trim();
      if (t.startsWith("p")) {
        started = true;
      } else if (started && !t.isEmpty() && !t.startsWith("c") && !t.startsWith("%")) {
        int[] lits = Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).filter(v -> v != 0).toArray();
        out.add(lits);
      }
    }
    return out;
  }

  private static long[] column(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong)
        .toArray();
  }
}
