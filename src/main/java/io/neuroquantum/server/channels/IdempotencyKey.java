package io.neuroquantum.server.channels;

/**
 * The rule for a publish's {@code idempotency_key}, the same for WebSocket clients and bus
 * publishers: a string of 1 to {@value #MAX_LENGTH} characters. Bounded because every key is kept
 * in its channel's entry (and, in a cluster, copied with it on every change) for the window.
 */
public final class IdempotencyKey {
  private IdempotencyKey() {
  }

  public static final int MAX_LENGTH = 128;
  /** What a refused key is told. */
  public static final String RULE = "idempotency_key must be a string of 1 to " + MAX_LENGTH + " characters";

  /** Whether {@code key} may be used; an absent key (null) may: the publish is then not deduplicated. */
  public static boolean isAcceptable(Object key) {
    return key == null || key instanceof String s && !s.isEmpty() && s.length() <= MAX_LENGTH;
  }
}
