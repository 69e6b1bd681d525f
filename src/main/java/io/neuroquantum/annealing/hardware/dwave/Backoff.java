package io.neuroquantum.annealing.hardware.dwave;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays: exponential from {@code base}, capped at {@code max}, with "equal jitter" (half the
 * delay fixed, half random) so clients refused together do not come back together. A server's
 * {@code Retry-After} wins when it asks for longer.
 */
record Backoff(Duration base, Duration max) {

  Duration delay(int retry, Duration retryAfter) {
    long exponential = base.toMillis() << Math.min(retry, 20);
    long capped = Math.min(max.toMillis(), exponential);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    long floor = retryAfter == null ? 0 : retryAfter.toMillis();
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
