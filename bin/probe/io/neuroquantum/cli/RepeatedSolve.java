package io.neuroquantum.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark helper for bin/first-solve-benchmark.sh, not part of the jar: runs one {@code solve …
 * --json} command line N times in this JVM and prints, per run, the solve's own ns per spin-update
 * attempt (sampling wall time / attempts, as the CLI reports it) and the process CPU time per attempt
 * (all threads, JIT compiler threads included), which a loaded shared machine inflates much less.
 * Run 1 is the first solve of a fresh JVM, the later runs are warm.
 *   java [-XX:AOTCache=…] -cp target/neuroquantum.jar:CLASSES io.neuroquantum.cli.RepeatedSolve N solve …
 */
public final class RepeatedSolve {

  private static final Pattern NS = Pattern.compile("\"ns_per_spin_update\"\\s*:\\s*([0-9.eE+-]+)");
  private static final Pattern UPDATES = Pattern.compile("\"spin_updates\"\\s*:\\s*([0-9]+)");

  public static void main(String[] args) {
    int runs = Integer.parseInt(args[0]);
    String[] solve = Arrays.copyOfRange(args, 1, args.length);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 1; r <= runs; r++) {
      StringWriter out = new StringWriter();
      var cl = Main.commandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(new StringWriter()));
      long cpu0 = os.getProcessCpuTime();
      int code = cl.execute(solve);
      long cpu = os.getProcessCpuTime() - cpu0;
      String json = out.toString();
      Matcher ns = NS.matcher(json);
      Matcher updates = UPDATES.matcher(json);
      if (code != 0 || !ns.find() || !updates.find()) {
        throw new IllegalStateException("solve failed (" + code + "): " + json);
      }
      System.out.printf("run %d ns_per_update %.3f cpu_ns_per_update %.3f%n",
          r, Double.parseDouble(ns.group(1)), cpu / Double.parseDouble(updates.group(1)));
    }
  }
}
