package io.neuroquantum.server.anneal;

import io.vertx.core.Vertx;
import io.neuroquantum.server.bus.LocalOnlyCodec;

/**
 * What the tempering coordinator and its replica workers say to each other over the event bus, once
 * per exchange round. The messages carry spin words by reference: a job's workers are deployed in the
 * coordinator's JVM and listen with local consumers, so these messages never reach a wire and the
 * codec only needs its in-JVM half. (Replicas on other cluster nodes would need a wire format; that
 * is scale-out work.)
 */
final class ReplicaMessages {

  private ReplicaMessages() {
  }

  /**
   * One round for one worker: first keep the best states the coordinator pointed at ({@code saveSlot}
   * per lane, −1 for none), then apply the swaps of the pairs it decided ({@code masks} over the whole
   * ladder; a pair across the range's edge uses the neighbour's snapshot), then sweep, or stop.
   */
  record Step(int sweeps, double[] betas, int[] saveSlot, long[] masks, long[] belowSnapshot, long[] aboveSnapshot,
      boolean finish) {
  }

  /** After a sweep block: the lane energies of the range's slots and snapshots of its two edge slots. */
  record Swept(double[][] energies, long[] lowestSnapshot, long[] highestSnapshot) {
  }

  /** At the end: the best states this range saved (null where another range holds them) and counters. */
  record Finished(byte[][] bestStates, long attempts, long accepted, long kernelNanos) {
  }

  /** One run of a multi-start strategy, for a run worker. */
  record RunTask(int start, int run) {
  }

  static void register(Vertx vertx) {
    for (Class<?> type : new Class<?>[] {Step.class, Swept.class, Finished.class, RunTask.class,
        io.neuroquantum.annealing.strategies.AdvancedAnnealing.RunResult.class}) {
      LocalOnlyCodec.register(vertx, type, "nq.replica." + type.getSimpleName());
    }
  }
}
