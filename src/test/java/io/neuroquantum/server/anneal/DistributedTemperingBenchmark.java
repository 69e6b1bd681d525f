package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.vertx.core.Vertx;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sweeps per second of bus-distributed parallel tempering (two replica worker verticles) against the
 * in-process run on two threads, same seed, same ladder, same even-odd swaps, on G22. Not a test:
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=DistributedTemperingBenchmark
 * -DskipClientTests -Dnq.data=../shared/data}.
 */
@Tag("benchmark")
class DistributedTemperingBenchmark {

  @Test
  void g22_bus_against_in_process() throws Exception {
    Path data = Path.of(System.getProperty("nq.data", "../shared/data"));
    Ising model;
    try (Reader r = Files.newBufferedReader(data.resolve("gset/G22"))) {
      model = MaxCut.of(GsetReader.read(r, "G22")).toIsing();
    }
    Vertx vertx = Vertx.vertx();
    DistributedTemperingTest.deployReplicaWorkers(vertx, 2, 600_000);
    try {
      int sweeps = 480;
      System.out.println("| exchange interval | in-process sweeps/s | bus sweeps/s | overhead |");
      System.out.println("|---|---|---|---|");
      for (int interval : new int[] {1, 4, 16}) {
        ParallelTempering pt = DistributedTempering.prepare(new ParallelTempering(ParallelTempering.Config.defaults()
            .withSeed(1).withSweeps(sweeps).withExchangeInterval(interval)));
        RunControl two = RunControl.defaults().withThreads(2);
        double local = Double.MAX_VALUE;
        double bus = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {   // best of 3, alternating, after the first as warm-up
          long t0 = System.nanoTime();
          pt.run(model, two);
          double l = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          vertx.executeBlocking(() -> DistributedTempering.run(vertx, pt, model, two, 2)).await();
          double b = (System.nanoTime() - t1) / 1e9;
          if (rep > 0) {
            local = Math.min(local, l);
            bus = Math.min(bus, b);
          }
        }
        // overhead: extra wall time of the bus run relative to the in-process run
        System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %+.1f %% |%n", interval, sweeps / local, sweeps / bus,
            100 * (bus / local - 1));
      }
    } finally {
      vertx.close().await();
    }
  }
}
