package io.neuroquantum.annealing.hardware.dwave;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where D-Wave's Solver API is and how to talk to it. The token is a secret: it goes into the
 * {@code X-Auth-Token} header and nowhere else ({@link #toString()} leaves it out).
 *
 * @param endpoint the SAPI base URL, ending in {@code /} (e.g. {@code https://na-west-1.cloud.dwavesys.com/sapi/v2/})
 * @param token the SAPI token
 * @param requestTimeout how long one HTTP request may take; longer than {@code pollWait}
 * @param pollWait how long the server may hold a long-poll (SAPI allows 0..30 s)
 * @param maxAttempts how many times a request refused for a passing reason (429, 5xx, I/O) is tried in all
 * @param backoffBase the first retry delay; it doubles per attempt, with jitter, up to {@code backoffMax}
 * @param backoffMax the longest retry delay
 * @param breakerThreshold consecutive failed requests after which calls fail fast
 * @param breakerCooldown how long calls fail fast before one is let through to test the service
 */
public record DWaveConfig(URI endpoint, String token, Duration requestTimeout, Duration pollWait, int maxAttempts,
    Duration backoffBase, Duration backoffMax, int breakerThreshold, Duration breakerCooldown) {

  public static final String TOKEN_VARIABLE = "NQ_DWAVE_TOKEN";
  public static final String ENDPOINT_VARIABLE = "NQ_DWAVE_ENDPOINT";
  public static final URI DEFAULT_ENDPOINT = URI.create("https://na-west-1.cloud.dwavesys.com/sapi/v2/");

  public DWaveConfig {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("no D-Wave token: set " + TOKEN_VARIABLE + " or the dwave.token setting");
    }
    String e = endpoint.toString();
    if (!e.endsWith("/")) {
      endpoint = URI.create(e + "/");
    }
    if (pollWait.toSeconds() > 30 || pollWait.isNegative()) {
      throw new IllegalArgumentException("pollWait must be 0..30 s (SAPI's long-poll range), got " + pollWait);
    }
    if (requestTimeout.compareTo(pollWait) <= 0) {
      throw new IllegalArgumentException("requestTimeout must be longer than pollWait, or every long-poll times out");
    }
    if (maxAttempts < 1 || breakerThreshold < 1) {
      throw new IllegalArgumentException("maxAttempts and breakerThreshold must be at least 1");
    }
  }

  /** The defaults of dwave-cloud-client where it has them (60 s requests, 30 s long-poll). */
  public static DWaveConfig of(URI endpoint, String token) {
    return new DWaveConfig(endpoint, token, Duration.ofSeconds(60), Duration.ofSeconds(30), 6,
        Duration.ofMillis(200), Duration.ofSeconds(60), 5, Duration.ofSeconds(30));
  }

  /** From {@code NQ_DWAVE_TOKEN} and {@code NQ_DWAVE_ENDPOINT} (default: the na-west-1 region). */
  public static DWaveConfig fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT_VARIABLE);
    return of(endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : URI.create(endpoint), env.get(TOKEN_VARIABLE));
  }

  public DWaveConfig withPollWait(Duration wait) {
    return new DWaveConfig(endpoint, token, requestTimeout, wait, maxAttempts, backoffBase, backoffMax,
        breakerThreshold, breakerCooldown);
  }

  public DWaveConfig withRetries(int attempts, Duration base, Duration max) {
    return new DWaveConfig(endpoint, token, requestTimeout, pollWait, attempts, base, max, breakerThreshold,
        breakerCooldown);
  }

  public DWaveConfig withBreaker(int threshold, Duration cooldown) {
    return new DWaveConfig(endpoint, token, requestTimeout, pollWait, maxAttempts, backoffBase, backoffMax,
        threshold, cooldown);
  }

  @Override
  public String toString() {
    return "DWaveConfig[endpoint=" + endpoint + ", token=(hidden), pollWait=" + pollWait + "]";
  }
}
