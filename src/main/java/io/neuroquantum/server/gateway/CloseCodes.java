package io.neuroquantum.server.gateway;

/**
 * WebSocket close codes. Codes in the 4000 range name the reason, read as 4000 + the closest HTTP
 * status (see docs/protocol.md); 1009 is the standard code for a frame that is too large.
 */
public final class CloseCodes {
  private CloseCodes() {
  }

  public static final short MESSAGE_TOO_BIG = 1009;
  /**
   * Broken WebSocket framing (a reserved opcode or RSV bit, an unmasked frame, invalid UTF-8 in a
   * text frame, a bad close frame): the frame layer cannot go on. A bad protocol message in a good
   * frame is not this: it gets an {@code error} reply and the session goes on.
   */
  public static final short PROTOCOL_ERROR = 4400;
  /** The connection's credentials expired and no {@code refresh} replaced them in time. */
  public static final short UNAUTHORIZED = 4401;
  /** A {@code refresh} presented another user's credentials: a connection belongs to one user. */
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
