package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.solvers.StartStates;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parallel reads of a local search write, each into its own slot, and the sample set made
 * of it. Energies are recomputed on the caller's model from scratch, never taken from the
 * incrementally kept ones, and reads that ended in the same state are merged with their counts added.
 */
final class ReadResults {

  final byte[][] spins;
  final int[] occurrences;
  private final long[] considered;
  private final long[] flips;
  private final long[] steps;
  private final long[] nanos;

  ReadResults(int reads) {
    spins = new byte[reads][];
    occurrences = new int[reads];
    considered = new long[reads];
    flips = new long[reads];
    steps = new long[reads];
    nanos = new long[reads];
  }

  /**
   * Records read r's final state and its work.
   *
   * @param movesConsidered single flips whose energy change was looked at
   * @param flipsMade flips actually made
   * @param stepCount moves made (descent) or iterations run (tabu)
   */
  void read(int r, byte[] finalSpins, int count, long movesConsidered, long flipsMade, long stepCount, long took) {
    spins[r] = finalSpins;
    occurrences[r] = count;
    considered[r] = movesConsidered;
    flips[r] = flipsMade;
    steps[r] = stepCount;
    nanos[r] = took;
  }

  long kernelNanos() {
    long sum = 0;
    for (long t : nanos) {
      sum += t;
    }
    return sum;
  }

  SamplingStats stats(String stopReason) {
    long attempts = 0;
    long accepted = 0;
    long maxSteps = 0;
    int reads = 0;
    for (int r = 0; r < spins.length; r++) {
      attempts += considered[r];
      accepted += flips[r];
      maxSteps = Math.max(maxSteps, steps[r]);
      reads += occurrences[r];
    }
    return new SamplingStats(attempts, accepted, maxSteps, reads,
        attempts == 0 ? 0 : (double) kernelNanos() / attempts, stopReason);
  }

  /** The distinct final states in {@code model}'s variable type, energies from the model. */
  SampleSet toSampleSet(QuadraticModel model, Timing timing, SamplingStats stats) {
    Map<ByteBuffer, Sample> distinct = new LinkedHashMap<>();
    for (int r = 0; r < spins.length; r++) {
      byte[] values = StartStates.fromSpins(spins[r], model.varType());
      ByteBuffer key = ByteBuffer.wrap(values);   // content-based equals and hashCode
      Sample seen = distinct.get(key);
      distinct.put(key, seen == null
          ? new Sample(values, model.energyUnchecked(values), occurrences[r])
          : new Sample(values, seen.energy(), seen.occurrences() + occurrences[r]));
    }
    List<Sample> samples = new ArrayList<>(distinct.values());
    return SampleSet.of(model.varType(), samples, timing, stats);
  }
}
