package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.MaxCut;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time to solution at 99 % (TTS99) of SA, PT and PT with Houdayer cluster moves on G-set instances
 * with best-known cuts. Not a test: run with
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=TimeToSolutionBenchmark -DskipClientTests}
 * ({@code -Dnq.data=…} points at the shared data set, {@code -Dnq.tts.instances=G11,G22} picks instances).
 *
 * <p>Each configuration runs once with its seed; every read (an SA anneal, or one of PT's independent
 * runs) either reaches the best-known cut or not, which estimates the per-read success p. With t the
 * wall time of the invocation and R its reads, one read costs t/R and
 * TTS99 = (t/R)·ln(0.01)/ln(1 − p) (t/R when p = 1). Each solver is tried at three lengths and its
 * best TTS99 is reported, the usual convention. Writes docs/tts99.md's table and docs/tts99.svg.
 */
@Tag("benchmark")
class TimeToSolutionBenchmark {

  private static final Map<String, Integer> BEST_KNOWN = new LinkedHashMap<>();

  static {
    BEST_KNOWN.put("G11", 564);
    BEST_KNOWN.put("G12", 556);
    BEST_KNOWN.put("G13", 582);
    BEST_KNOWN.put("G14", 3064);
    BEST_KNOWN.put("G43", 6660);
    BEST_KNOWN.put("G1", 11624);
    BEST_KNOWN.put("G22", 13359);
  }

  record Measurement(String instance, String solver, int sweeps, int reads, int hits, double seconds) {
    double tts99() {
      double perRead = seconds / reads;
      if (hits == 0) {
        return Double.POSITIVE_INFINITY;
      }
      if (hits == reads) {
        return perRead;
      }
      double p = (double) hits / reads;
      return perRead * Math.log(0.01) / Math.log(1 - p);
    }
  }

  @Test
  void tts99_of_sa_pt_and_pt_with_cluster_moves() throws IOException {
    Path data = Path.of(System.getProperty("nq.data", "../shared/data"));
    String only = System.getProperty("nq.tts.instances", String.join(",", BEST_KNOWN.keySet()));
    List<Measurement> all = new ArrayList<>();
    for (String name : only.split(",")) {
      MaxCut<Integer> problem;
      try (Reader r = Files.newBufferedReader(data.resolve("gset").resolve(name), StandardCharsets.UTF_8)) {
        problem = MaxCut.of(GsetReader.read(r, name));
      }
      Ising ising = problem.toIsing();
      double target = problem.totalWeight() - 2.0 * BEST_KNOWN.get(name);   // energy of the best-known cut
      for (int sweeps : new int[] {1000, 4000, 16000}) {
        Solver sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSeed(1).withSweeps(sweeps)
            .withReads(128));
        all.add(measure(name, "SA", sweeps, sa, ising, target));
      }
      for (int sweeps : new int[] {250, 1000, 4000}) {
        ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(1).withSweeps(sweeps);
        all.add(measure(name, "PT", sweeps, new ParallelTempering(c), ising, target));
        all.add(measure(name, "PT+ICM", sweeps, new ParallelTempering(c.withClusterMoves(true)), ising, target));
      }
    }
    String table = table(all);
    System.out.println(table);
    Files.writeString(Path.of("target/tts99.md"), table);
    Files.writeString(Path.of("target/tts99.svg"), svg(all));
  }

  private static Measurement measure(String instance, String solver, int sweeps, Solver s, Ising model, double target) {
    s.solve(model, RunControl.defaults());   // warm-up: JIT and caches
    long t0 = System.nanoTime();
    SampleSet result = s.solve(model, RunControl.defaults());
    double seconds = (System.nanoTime() - t0) / 1e9;
    int hits = 0;
    for (Sample sample : result.samples()) {
      if (sample.energy() <= target + 1e-9) {
        hits += sample.occurrences();
      }
    }
    Measurement m = new Measurement(instance, solver, sweeps, result.totalOccurrences(), hits, seconds);
    System.out.printf(Locale.ROOT, "%-4s %-7s sweeps %6d: %2d/%d reads hit, %.2f s, TTS99 %.2f s%n", instance, solver,
        sweeps, hits, m.reads(), seconds, m.tts99());
    return m;
  }

  private static Map<String, Map<String, Measurement>> bestBySolver(List<Measurement> all) {
    Map<String, Map<String, Measurement>> best = new LinkedHashMap<>();
    for (Measurement m : all) {
      best.computeIfAbsent(m.instance(), k -> new LinkedHashMap<>()).merge(m.solver(), m,
          (a, b) -> b.tts99() < a.tts99() ? b : a);
    }
    return best;
  }

  private static String table(List<Measurement> all) {
    StringBuilder sb = new StringBuilder();
    sb.append("| instance | best known | SA TTS99 | PT TTS99 | PT+ICM TTS99 |\n|---|---|---|---|---|\n");
    bestBySolver(all).forEach((instance, bySolver) -> {
      sb.append("| ").append(instance).append(" | ").append(BEST_KNOWN.get(instance));
      for (String solver : List.of("SA", "PT", "PT+ICM")) {
        Measurement m = bySolver.get(solver);
        sb.append(" | ").append(m == null ? "—" : cell(m));
      }
      sb.append(" |\n");
    });
    sb.append("\nAll runs (hits = reads reaching the best-known cut):\n\n| instance | solver | sweeps | hits/reads | wall s | TTS99 s |\n|---|---|---|---|---|---|\n");
    for (Measurement m : all) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d/%d | %.2f | %s |%n", m.instance(), m.solver(),
          m.sweeps(), m.hits(), m.reads(), m.seconds(), Double.isInfinite(m.tts99()) ? "∞" : String.format(Locale.ROOT, "%.3f", m.tts99())));
    }
    return sb.toString();
  }

  private static String cell(Measurement m) {
    if (Double.isInfinite(m.tts99())) {
      return String.format(Locale.ROOT, "not reached (0/%d at %d sweeps)", m.reads(), m.sweeps());
    }
    return String.format(Locale.ROOT, "%.3f s (%d sweeps, %d/%d)", m.tts99(), m.sweeps(), m.hits(), m.reads());
  }

  /** A grouped bar chart of the best TTS99 per instance and solver, on a log axis. */
  private static String svg(List<Measurement> all) {
    Map<String, Map<String, Measurement>> best = bestBySolver(all);
    String[] solvers = {"SA", "PT", "PT+ICM"};
    String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c"};
    int width = 760;
    int height = 360;
    int left = 70;
    int bottom = 300;
    int top = 40;
    double lo = -3;   // 1 ms
    double hi = 3;    // 1000 s
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n", width, height));
    sb.append("<rect width='100%' height='100%' fill='white'/>\n");
    sb.append("<text x='").append(left).append("' y='22' font-size='14'>TTS99 (seconds, log scale) on G-set, 2 cores; lower is better; a missing bar = not reached</text>\n");
    for (int d = (int) lo; d <= hi; d++) {
      double y = bottom - (d - lo) / (hi - lo) * (bottom - top);
      sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='%d' y='%.1f' text-anchor='end'>1e%d</text>%n",
          left, width - 10, y, y, left - 6, y + 4, d));
    }
    int groups = best.size();
    double groupWidth = (double) (width - left - 20) / Math.max(1, groups);
    int g = 0;
    for (Map.Entry<String, Map<String, Measurement>> e : best.entrySet()) {
      double x0 = left + 10 + g * groupWidth;
      for (int s = 0; s < solvers.length; s++) {
        Measurement m = e.getValue().get(solvers[s]);
        if (m == null || Double.isInfinite(m.tts99())) {
          continue;
        }
        double v = Math.max(lo, Math.min(hi, Math.log10(m.tts99())));
        double y = bottom - (v - lo) / (hi - lo) * (bottom - top);
        double barWidth = (groupWidth - 20) / solvers.length;
        sb.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>%n",
            x0 + s * barWidth, y, barWidth - 2, bottom - y, colors[s]));
      }
      sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n", x0 + (groupWidth - 20) / 2, bottom + 18, e.getKey()));
      g++;
    }
    for (int s = 0; s < solvers.length; s++) {
      sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/><text x='%d' y='%d'>%s</text>%n",
          left + s * 110, bottom + 34, colors[s], left + 16 + s * 110, bottom + 45, solvers[s]));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }
}
