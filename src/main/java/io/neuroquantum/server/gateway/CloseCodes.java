package io.neuroquantum.server.gateway;

/**
 * WebSocket close codes. Codes in the 4000 range name the reason, read as 4000 + the closest HTTP
 * status (see docs/protocol.md); 1009 is the standard code for a frame that is too large.
 */
public final class CloseCodes {
  private CloseCodes() {
  }

  public static final short MESSAGE_TOO_BIG = 1009;
  /** The client broke the protocol badly enough to end the session. */
  public static final short PROTOCOL_ERROR = 4400;
  /** The credentials stopped being valid (for example the token expired). */
  public static final short UNAUTHORIZED = 4401;
  /** The user may not hold this connection (for example over the per-user limit). */
  public static final short FORBIDDEN = 4403;
  /** The client stopped reading and its outbound buffer stayed full past the deadline. */
  public static final short SLOW_CONSUMER = 4408;
  /** Nothing heard from the client (not even a pong) within the idle timeout. */
  public static final short IDLE_TIMEOUT = 4410;
  /** The client kept sending faster than its rate limit after being told to slow down. */
  public static final short RATE_LIMITED = 4429;
  /** The server is shutting down: reconnect, to another node if there is one. */
  public static final short GOING_AWAY_RECONNECT = 4503;
}
