package io.neuroquantum.annealing.hardware.dwave;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops hammering a service that keeps failing. After {@code threshold} consecutive failures the
 * breaker opens and calls fail at once for {@code cooldown}; then one call is let through (half
 * open): its success closes the breaker, its failure opens it for another cooldown.
 */
final class CircuitBreaker {

  private final int threshold;
  private final long cooldownNanos;
  private final LongSupplier clock;
  private int consecutiveFailures;
  private long openUntil = Long.MIN_VALUE;
  private boolean trialInFlight;

  CircuitBreaker(int threshold, Duration cooldown, LongSupplier nanoClock) {
    this.threshold = threshold;
    this.cooldownNanos = cooldown.toNanos();
    this.clock = nanoClock;
  }

  /** Whether a call may go out now; a false means fail fast. */
  synchronized boolean allow() {
    if (consecutiveFailures < threshold) {
      return true;
    }
    if (clock.getAsLong() - openUntil >= 0 && !trialInFlight) {
      trialInFlight = true; // half open: one call tests the service
      return true;
    }
    return false;
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  synchronized void onFailure() {
    consecutiveFailures++;
    trialInFlight = false;
    if (consecutiveFailures >= threshold) {
      openUntil = clock.getAsLong() + cooldownNanos;
    }
  }

  synchronized boolean isOpen() {
    return consecutiveFailures >= threshold;
  }
}
