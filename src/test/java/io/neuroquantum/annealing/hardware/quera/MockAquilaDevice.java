package io.neuroquantum.annealing.hardware.quera;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.IndependentSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A classical stand-in for Aquila running an MIS program. It reads the physics from the program, not
 * from the client's problem: the blockade radius from the peak Rabi frequency and C6, the blockade
 * graph from the atom sites. Each shot is one simulated-annealing read of the MIS QUBO of that graph
 * (the adiabatic sweep's ideal end state is a maximum independent set), then the device's imperfections
 * are laid on top, seeded: sites that failed to load an atom (pre 0, post 0), ground atoms read as
 * Rydberg and Rydberg atoms read as ground, and a few shots that failed outright. The sequences follow
 * Braket's convention: post 0 = Rydberg or empty.
 */
final class MockAquilaDevice {

  static final double FILL_ERROR = 0.02;
  static final double GROUND_READ_AS_RYDBERG = 0.01;
  static final double RYDBERG_READ_AS_GROUND = 0.03;
  static final double FAILED_SHOT = 0.01;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AquilaCapabilities caps;

  MockAquilaDevice(AquilaCapabilities caps) {
    this.caps = caps;
  }

  /** The measurements of {@code shots} shots, as the {@code measurements} array of results.json. */
  ArrayNode run(AhsProgram program, int shots, long seed) {
    int n = program.sites();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = program.x().get(i).doubleValue();
      y[i] = program.y().get(i).doubleValue();
    }
    double peakRabi = program.amplitude().values().stream().mapToDouble(BigDecimal::doubleValue).max().orElse(0);
    double blockade = peakRabi > 0 ? caps.blockadeRadius(peakRabi) : 0;
    IndependentSet<Integer> mis = IndependentSet.of(UnitDiskGraph.of(x, y, blockade));
    SampleSet sampled = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults()
        .withReads(shots).withSweeps(500).withSeed(seed)).solve(mis.model(), RunControl.defaults().withThreads(1));
    List<byte[]> reads = new ArrayList<>();
    for (Sample s : sampled.samples()) {
      for (int k = 0; k < s.occurrences(); k++) {
        reads.add(s.values());
      }
    }
    Random random = new Random(seed);
    Collections.shuffle(reads, random);

    ArrayNode measurements = JSON.createArrayNode();
    for (byte[] rydberg : reads) {
      ObjectNode shot = measurements.addObject();
      if (random.nextDouble() < FAILED_SHOT) {
        shot.putObject("shotMetadata").put("shotStatus", "Failure");
        shot.putObject("shotResult").putNull("preSequence").putNull("postSequence");
        continue;
      }
      shot.putObject("shotMetadata").put("shotStatus", "Success");
      ArrayNode pre = JSON.createArrayNode();
      ArrayNode post = JSON.createArrayNode();
      for (int i = 0; i < n; i++) {
        boolean loaded = program.filling().get(i) == 1 && random.nextDouble() >= FILL_ERROR;
        boolean readRydberg = rydberg[i] == 1
            ? random.nextDouble() >= RYDBERG_READ_AS_GROUND
            : random.nextDouble() < GROUND_READ_AS_RYDBERG;
        pre.add(loaded ? 1 : 0);
        post.add(!loaded || readRydberg ? 0 : 1);
      }
      ObjectNode result = shot.putObject("shotResult");
      result.set("preSequence", pre);
      result.set("postSequence", post);
    }
    return measurements;
  }
}
