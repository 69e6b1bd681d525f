package io.neuroquantum.annealing.hardware.embedding;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the Pegasus clique layout takes, in CPU time of the calling thread (wall time on a shared
 * machine says more about the other jobs), and what it reaches per Pegasus size. On demand:
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=PegasusCliqueBenchmark -DskipClientTests}.
 */
@Tag("benchmark")
class PegasusCliqueBenchmark {

  @Test
  void layout_time_and_size_per_pegasus_size() {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int m : new int[] {4, 6, 8, 12, 16, 16, 16}) { // P16 three times: the first includes JIT warm-up
      TargetGraph graph = TopologyGraph.pegasus(m).asTarget();
      long cpu0 = cpu.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      PegasusCliqueEmbedder layout = new PegasusCliqueEmbedder(m, graph);
      long cpu1 = cpu.getCurrentThreadCpuTime();
      long wall1 = System.nanoTime();
      int n = layout.largestClique();
      Embedding kn = layout.embed(n, graph).orElseThrow();
      System.out.printf(Locale.ROOT, "P%d: K_%d, max chain %d, %d qubits; layout %.0f ms CPU (%.0f ms wall)%n", m, n,
          kn.maxChainLength(), kn.qubitsUsed(), (cpu1 - cpu0) / 1e6, (wall1 - wall0) / 1e6);
    }
  }
}
