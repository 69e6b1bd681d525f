package io.neuroquantum.server.channels;

import java.util.Locale;

/**
 * What a connection's flow controller does with a channel's messages once the connection's outbound
 * buffer is full (blueprint §4).
 */
public enum OverflowPolicy {
  /** Keep queueing up to the hard limit; a client still stuck there is disconnected as a slow consumer. */
  CONTINUE,
  /** Also ask the clients publishing into the channel to slow down (slow_down), then continue. */
  SLOW_DOWN,
  /** Stop queueing the channel for this client and catch it up from history once the buffer drains. */
  PAUSE,
  /** Drop the oldest queued messages of the channel; the client sees the offset gap and can recover. */
  DROP_OLDEST;

  public static OverflowPolicy parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown overflow policy \"" + value
          + "\" (continue, slow_down, pause or drop_oldest)");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
