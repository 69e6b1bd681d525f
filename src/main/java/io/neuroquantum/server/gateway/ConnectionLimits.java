package io.neuroquantum.server.gateway;

import io.vertx.core.json.JsonObject;

/** The per-connection limits of {@code connections} in the configuration. */
record ConnectionLimits(int maxPerUser, int maxAnonymous, int maxSubscriptions, int maxSubscriptionsPerUser,
    long pingIntervalMs,
    long idleTimeoutMs, double rateLimitPerSecond, double rateLimitBurst, int maxViolations, int outboundMaxMessages,
    long outboundMaxBytes, double warnAt, long slowConsumerTimeoutMs, int maxFrameBytes, int maxBatchMessages,
    int maxBatchDelayMs, int compressAtBytes) {

  /**
   * @param compressAtBytes the smallest message sent compressed to clients that negotiated
   *     permessage-deflate (only offered when {@code http.websocket_compression.enabled})
   */
  static ConnectionLimits fromConfig(JsonObject c, int maxFrameBytes, int compressAtBytes) {
    return new ConnectionLimits(
        c.getInteger("max_per_user", 100),
        c.getInteger("max_anonymous", 10_000),
        c.getInteger("max_subscriptions", 500),
        c.getInteger("max_subscriptions_per_user", 5000),
        c.getLong("ping_interval_ms", 25_000L),
        c.getLong("idle_timeout_ms", 60_000L),
        c.getDouble("rate_limit_per_second", 100.0),
        c.getDouble("rate_limit_burst", 200.0),
        c.getInteger("rate_limit_max_violations", 50),
        c.getInteger("outbound_max_messages", 1000),
        c.getLong("outbound_max_bytes", 4L * 1024 * 1024),
        c.getDouble("warn_at", 0.5),
        c.getLong("slow_consumer_timeout_ms", 10_000L),
        maxFrameBytes,
        c.getInteger("max_batch_messages", 100),
        c.getInteger("max_batch_delay_ms", 100),
        compressAtBytes);
  }
}
