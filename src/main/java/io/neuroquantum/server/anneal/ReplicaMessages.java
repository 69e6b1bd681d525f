package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tempering coordinator and the replica workers say to each other over the event bus. A
 * worker may sit on another cluster node, so these messages travel in {@link ReplicaCodec}'s binary
 * form (flat primitive arrays, no JSON); to a worker in the coordinator's own JVM they pass by
 * reference. Per tempering job and worker: one {@link Open} (the model, once), one {@link Step} per
 * exchange round answered by {@link Swept}, the last answered by {@link Finished}; {@link Close} drops
 * a job that ends early (cancelled, failed). Per multi-start job and worker: one {@link OpenRuns}, one
 * {@link RunOne} per run answered by {@link RunDone}, and a {@link Close} at the end.
 */
final class ReplicaMessages {

  private ReplicaMessages() {
  }

  /** Every message a replica worker receives or sends. */
  sealed interface ReplicaMessage permits Open, OpenScalar, Step, Swept, Finished, Close, OpenRuns, RunOne, RunDone {
  }

  /**
   * Hands a worker slots {@code [from, to)} of a ladder of {@code temperatures} for the run {@code job},
   * seeded with {@code seed}, on the model {@code glass}; the worker answers once the slots are built.
   */
  record Open(String job, int from, int to, long seed, int temperatures, PackedSlotRange.Glass glass)
      implements ReplicaMessage {
  }

  /**
   * As {@link Open}, for a model the bit-sliced kernel cannot run (weighted couplings, fields): the
   * worker holds positions {@code [from, to)} of {@code lanes} lanes of scalar replicas
   * ({@code ScalarSlotRange}), and each {@link Step}'s {@code betas} give every position and lane its
   * own β ({@code betas[p · lanes + r]}); its masks are empty (the coordinator swaps temperatures,
   * not replicas) and it carries no snapshots.
   */
  record OpenScalar(String job, int from, int to, long seed, int temperatures, int lanes, Terms model)
      implements ReplicaMessage {
  }

  /**
   * One round for one worker: first keep the best states the coordinator pointed at ({@code saveSlot}
   * per lane, −1 for none), then apply the swaps of the pairs it decided ({@code masks} over the whole
   * ladder; a pair across the range's edge uses the neighbour's snapshot), then sweep, or stop.
   */
  record Step(String job, int sweeps, double[] betas, int[] saveSlot, long[] masks, long[] belowSnapshot,
      long[] aboveSnapshot, boolean finish) implements ReplicaMessage {
  }

  /**
   * After a sweep block: the lane energies of the range's slots, flat ({@code energies[(t − from)·lanes
   * + lane]}), and snapshots of its two edge slots.
   */
  record Swept(int lanes, double[] energies, long[] lowestSnapshot, long[] highestSnapshot) implements ReplicaMessage {

    Swept {
      if (lanes < 1 || energies.length % lanes != 0) {
        throw new IllegalArgumentException(energies.length + " lane energies are not whole slots of " + lanes);
      }
    }

    int slots() {
      return energies.length / lanes;
    }
  }

  /** At the end: the best states this range saved (null where another range holds them) and counters. */
  record Finished(byte[][] bestStates, long attempts, long accepted, long kernelNanos) implements ReplicaMessage {
  }

  /** Drops the run {@code job}'s slots (it ended before its last step: cancelled or failed). */
  record Close(String job) implements ReplicaMessage {
  }

  /**
   * Hands a worker a multi-start strategy's model for the run {@code job} (once per worker): it then
   * executes whole runs of it on request ({@link RunOne}), each under {@code timeLimitMs} (0: none),
   * until the job's {@link Close}. The strategy's configuration travels whole, so the worker's runs
   * are the runs the coordinator's JVM would have made.
   */
  record OpenRuns(String job, AdvancedAnnealingConfig config, Terms model, long timeLimitMs) implements ReplicaMessage {
  }

  /** Executes run {@code run} of start {@code start} of the job; answered by {@link RunDone}. */
  record RunOne(String job, int start, int run) implements ReplicaMessage {
  }

  /** One run's reads (spins, energies), its spin-update attempts and its cooling schedule (null if none). */
  record RunDone(byte[][] states, double[] energies, long attempts, double[] schedule) implements ReplicaMessage {

    RunDone {
      if (states.length != energies.length) {
        throw new IllegalArgumentException(states.length + " states but " + energies.length + " energies");
      }
    }

    static RunDone of(AdvancedAnnealing.RunResult result) {
      byte[][] states = new byte[result.reads().size()][];
      double[] energies = new double[states.length];
      for (int i = 0; i < states.length; i++) {
        states[i] = result.reads().get(i).values();
        energies[i] = result.reads().get(i).energy();
      }
      return new RunDone(states, energies, result.attempts(), result.schedule());
    }

    AdvancedAnnealing.RunResult toResult() {
      List<Sample> reads = new ArrayList<>(states.length);
      for (int i = 0; i < states.length; i++) {
        reads.add(new Sample(states[i], energies[i], 1));
      }
      return new AdvancedAnnealing.RunResult(reads, attempts, schedule);
    }
  }

  /**
   * An Ising model as flat arrays, for the wire: {@code n} spins, the fields {@code h}, the couplings
   * {@code J[k]} between {@code i[k] < j[k]}, and the constant offset.
   */
  record Terms(int n, double offset, double[] h, int[] i, int[] j, double[] J) {

    Terms {
      if (h.length != n || i.length != j.length || j.length != J.length) {
        throw new IllegalArgumentException("an Ising model of " + n + " spins with " + h.length + " fields and "
            + i.length + "/" + j.length + "/" + J.length + " coupling ends and values");
      }
    }

    static Terms of(Ising model) {
      int m = model.numInteractions();
      int[] is = new int[m];
      int[] js = new int[m];
      double[] values = new double[m];
      int[] k = {0};
      model.forEachInteraction((a, b, v) -> {
        is[k[0]] = a;
        js[k[0]] = b;
        values[k[0]++] = v;
      });
      return new Terms(model.numVariables(), model.offset(), model.linearCoefficients(), is, js, values);
    }

    /** The model again; a coupling or field out of range is refused by the builder, with its reason. */
    Ising toIsing() {
      Ising.Builder b = Ising.builder(n).addOffset(offset);
      for (int v = 0; v < n; v++) {
        if (h[v] != 0) {
          b.addLinear(v, h[v]);
        }
      }
      for (int k = 0; k < J.length; k++) {
        b.addQuadratic(i[k], j[k], J[k]);
      }
      return b.build();
    }
  }

  /** Registers the codec on {@code vertx}, once (again is a no-op): every node must, to decode what others send. */
  static void register(Vertx vertx) {
    ReplicaCodec.register(vertx);
  }
}
