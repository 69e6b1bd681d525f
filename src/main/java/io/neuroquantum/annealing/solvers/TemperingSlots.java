package io.neuroquantum.annealing.solvers;

/**
 * Where the temperature slots of a tempering run live and sweep: in this process
 * ({@link ParallelTempering}, on threads) or on worker verticles (the job server's distributed run,
 * over the event bus). {@link TemperingLoop} drives either through these two calls, so the tempering
 * schedule (sweep, record the best, decide the swaps) exists once.
 *
 * <p>Saves and swaps decided after one step are carried out at the start of the next (or by
 * {@link #finish}): the state a run's best is saved from is the one the coordinator recorded, before
 * any swap moves it.
 */
public interface TemperingSlots {

  /**
   * Saves the states named by {@code saves} (lane r of slot {@code saves[r]}; −1: none) as the runs'
   * bests, swaps the lanes of {@code masks} (pair t, t+1), then sweeps every slot {@code sweeps} times
   * at {@code coordinator.beta(slot)} and writes each slot's lane energies into
   * {@code coordinator.energies(slot)}.
   *
   * @return false if {@code stop} ended the sweeps part-way
   */
  boolean step(int sweeps, int[] saves, long[] masks, TemperingCoordinator coordinator, StopCheck stop);

  /** Saves the states named by {@code saves}, then hands back each run's best state and the work done. */
  Finished finish(int[] saves);

  /**
   * What the slots did: each run's best state (spins ±1, index = run), the kernel's attempted and
   * accepted flips, and the time spent sweeping summed over slots (core-nanoseconds).
   */
  record Finished(byte[][] bestStates, long attempts, long accepted, long kernelNanos) {
  }
}
