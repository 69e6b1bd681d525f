package io.neuroquantum.server.gateway;

/** A token bucket: {@code rate} tokens per second, holding at most {@code burst}. Not thread-safe. */
final class TokenBucket {
  private double rate;
  private double burst;
  private double tokens;
  private long lastNanos;

  TokenBucket(double rate, double burst) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Nanoseconds until the next token is available (0 if one is). */
  long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * 1e9);
  }

  void setRate(double rate, double burst) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = Math.min(tokens, burst);
  }

  double rate() {
    return rate;
  }

  private void refill(long nowNanos) {
    double elapsed = (nowNanos - lastNanos) / 1e9;
    lastNanos = nowNanos;
    tokens = Math.min(burst, tokens + elapsed * rate);
  }
}
