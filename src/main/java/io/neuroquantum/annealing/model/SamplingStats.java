package io.neuroquantum.annealing.model;

/**
 * What a sampler did: spin-update attempts (proposed single-variable flips), how many it accepted,
 * sweeps run per read, and whether it stopped before its schedule ended (time limit, cancellation).
 * Attempts count all the work done: a multi-spin coded kernel simulates 64 replicas per word, so with
 * fewer reads than that it still counts (and pays for) all 64.
 *
 * @param nsPerSpinUpdate kernel time per attempt on one core (sampling time / attempts)
 * @param stopReason {@code "completed"}, {@code "time_limit"} or {@code "cancelled"}
 */
public record SamplingStats(
    long spinUpdateAttempts,
    long acceptedFlips,
    long sweeps,
    int reads,
    double nsPerSpinUpdate,
    String stopReason) {

  public static final String COMPLETED = "completed";
  public static final String TIME_LIMIT = "time_limit";
  public static final String CANCELLED = "cancelled";

  public double acceptanceRate() {
    return spinUpdateAttempts == 0 ? 0 : (double) acceptedFlips / spinUpdateAttempts;
  }

  public boolean stoppedEarly() {
    return !COMPLETED.equals(stopReason);
  }

  public static SamplingStats none(int reads) {
    return new SamplingStats(0, 0, 0, reads, 0, COMPLETED);
  }
}
