package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.solvers.PackedSlotRange;
import io.neuroquantum.server.bus.LocalOnlyCodec;
import io.vertx.core.Vertx;

/**
 * What the tempering coordinator and the replica workers say to each other over the event bus. A
 * worker may sit on another cluster node, so these messages travel in {@link ReplicaCodec}'s binary
 * form (flat primitive arrays, no JSON); to a worker in the coordinator's own JVM they pass by
 * reference. Per job and worker: one {@link Open} (the model, once), one {@link Step} per exchange
 * round answered by {@link Swept}, the last answered by {@link Finished}; {@link Close} drops a job
 * that ends early (cancelled, failed).
 */
final class ReplicaMessages {

  private ReplicaMessages() {
  }

  /** Every message a replica worker receives or sends. */
  sealed interface ReplicaMessage permits Open, Step, Swept, Finished, Close {
  }

  /**
   * Hands a worker slots {@code [from, to)} of a ladder of {@code temperatures} for the run {@code job},
   * seeded with {@code seed}, on the model {@code glass}; the worker answers once the slots are built.
   */
  record Open(String job, int from, int to, long seed, int temperatures, PackedSlotRange.Glass glass)
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

  /** One run of a multi-start strategy, for a run worker (in-JVM only). */
  record RunTask(int start, int run) {
  }

  /** Registers the codecs on {@code vertx}, once (again is a no-op): every node must, to decode what others send. */
  static void register(Vertx vertx) {
    ReplicaCodec.register(vertx);
    for (Class<?> type : new Class<?>[] {RunTask.class, io.neuroquantum.annealing.strategies.AdvancedAnnealing.RunResult.class}) {
      LocalOnlyCodec.register(vertx, type, "nq.replica." + type.getSimpleName());
    }
  }
}
