package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.Ising;

/**
 * Positions {@code [from, to)} of a scalar tempering run (any Ising model: weighted couplings, fields),
 * for a worker that owns them, each with one {@link SpinReplica} per lane, seeded exactly as the
 * in-process kernel seeds the replica that starts at that temperature. The in-process kernel swaps
 * replicas between temperatures; here the replicas stay where they are and the temperatures move:
 * the coordinator keeps which position holds which temperature in each lane and sends each
 * replica its β every round. A replica carries its state and random stream either way, so it makes
 * the same moves, and a run split over workers gives the in-process answer without moving replicas
 * (spins, local fields, random state) across the network.
 */
public final class ScalarSlotRange {

  private final int from;
  private final int lanes;
  private final SpinReplica[][] replicas;   // [position − from][lane]
  private final byte[][] savedBest;          // [lane]
  private long nanos;

  /**
   * Positions {@code [from, to)} of a run of {@code lanes} lanes seeded with {@code seed} on {@code model}:
   * position p lane r starts as the replica the in-process kernel puts at temperature p of lane r.
   */
  public ScalarSlotRange(Ising model, long seed, int lanes, int temperatures, int from, int to) {
    if (lanes < 1 || lanes > 64) {
      throw new IllegalArgumentException("1 to 64 lanes, got " + lanes);
    }
    if (from < 0 || to > temperatures || from >= to) {
      throw new IllegalArgumentException("positions [" + from + ", " + to + ") outside 0.." + temperatures);
    }
    CsrIsing csr = CsrIsing.of(model);
    this.from = from;
    this.lanes = lanes;
    this.replicas = new SpinReplica[to - from][lanes];
    for (int p = from; p < to; p++) {
      for (int r = 0; r < lanes; r++) {
        replicas[p - from][r] = new SpinReplica(csr, SplitMix64.streamSeed(seed, (long) p * 64 + r));
      }
    }
    this.savedBest = new byte[lanes][];
  }

  public int from() {
    return from;
  }

  public int to() {
    return from + replicas.length;
  }

  public int lanes() {
    return lanes;
  }

  /**
   * {@code sweeps} sweeps of every replica at its own β: {@code betas[p · lanes + r]} for position p,
   * lane r (the whole run's positions; this range reads its own). False if stopped part-way.
   */
  public boolean sweep(double[] betas, int sweeps, StopCheck stop) {
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < replicas.length; i++) {
        for (int r = 0; r < lanes; r++) {
          double beta = betas[(from + i) * lanes + r];
          for (int k = 0; k < sweeps; k++) {
            if (!replicas[i][r].sweep(beta, stop)) {
              return false;
            }
          }
        }
      }
      return true;
    } finally {
      nanos += System.nanoTime() - t0;
    }
  }

  /** Energies, offset included, flat: {@code [(p − from) · lanes + r]}. */
  public double[] energies() {
    double[] e = new double[replicas.length * lanes];
    for (int i = 0; i < replicas.length; i++) {
      for (int r = 0; r < lanes; r++) {
        e[i * lanes + r] = replicas[i][r].energy();
      }
    }
    return e;
  }

  /** Keeps the state of lane {@code lane}'s replica at {@code position} as the lane's best (the coordinator said it is). */
  public void saveBest(int position, int lane) {
    savedBest[lane] = replicas[position - from][lane].spins();
  }

  /** The saved best state of a lane as spins ±1, or null when this range never held it. */
  public byte[] savedBest(int lane) {
    return savedBest[lane];
  }

  public long attempts() {
    return SpinReplica.totalAttempts(replicas);
  }

  public long accepted() {
    return SpinReplica.totalAccepted(replicas);
  }

  /** Time spent sweeping, in nanoseconds. */
  public long kernelNanos() {
    return nanos;
  }
}
