package io.neuroquantum.annealing.solvers;

/**
 * The replicas of parallel tempering, one slot per temperature, each slot holding {@link #lanes()}
 * independent chains (lane r of every slot belongs to run r). This is the unit a worker runs: "sweep
 * k times at my temperature, report the energies", while whoever holds the ladder decides the swaps
 * and tells the slots which states to exchange.
 *
 * <p>Slots are independent between exchanges, so different slots may sweep on different threads.
 */
interface TemperingKernel {

  int slots();

  int lanes();

  /** {@code sweeps} Metropolis sweeps of every lane of {@code slot} at {@code beta}; false if stopped part-way. */
  boolean sweep(int slot, double beta, int sweeps, StopCheck stop);

  /** Current energies of the slot's lanes, offset included, into {@code out[0..lanes)}. */
  void energies(int slot, double[] out);

  /** Exchanges the states of the lanes in {@code laneMask} between two slots. */
  void exchange(int slotA, int slotB, long laneMask);

  /** Lane {@code lane}'s current state in {@code slot}, as spins ±1. */
  byte[] state(int slot, int lane);

  /**
   * Houdayer's isoenergetic cluster move between the paired lanes (2p, 2p+1) of a slot: grow the
   * cluster of spins where the two disagree, connected through bonds, from a random seed spin, and
   * flip it in both. The pair's total energy is unchanged. Returns the number of spins flipped.
   */
  int clusterMove(int slot, int pair, long randomBits);

  long attempts();

  long accepted();
}
