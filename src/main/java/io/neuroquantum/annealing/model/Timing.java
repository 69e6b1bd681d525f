package io.neuroquantum.annealing.model;

/**
 * Wall-clock time of a solve: {@code totalNanos} from call to return, {@code samplingNanos} spent in
 * the sampling kernels (summed over reads, so it can exceed the total when reads run in parallel).
 */
public record Timing(long totalNanos, long samplingNanos) {

  public double totalMillis() {
    return totalNanos / 1e6;
  }

  public double samplingMillis() {
    return samplingNanos / 1e6;
  }
}
