package io.neuroquantum.server.channels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frame a channel message goes out as, built straight from the payload's bytes: no parsing, no
 * re-encoding. Normally {@code {"type":"message","channel":…,"offset":…,"epoch":…,"data":<payload>}};
 * for typed-frame namespaces an object payload with its own {@code type} goes out as itself with
 * channel, offset and epoch added, so a query's rows arrive as {@code query_batch} frames.
 *
 * <p>Channel names are ASCII without quotes or backslashes ({@link ChannelName}) and epochs are hex,
 * so both are written without escaping.
 */
public final class ChannelFrames {

  private static final byte[] MESSAGE_PREFIX = ascii("{\"type\":\"message\",\"channel\":\"");
  private static final byte[] TYPED_PREFIX = ascii("{\"type\":");

  private ChannelFrames() {
  }

  /** The frame for {@code data} (UTF-8 JSON text) published on {@code channel} at {@code offset}. */
  public static byte[] frame(String channel, boolean typedFrames, long offset, String epoch, byte[] data) {
    if (typedFrames && isTypedObject(data)) {
      byte[] tail = ascii(",\"channel\":\"" + channel + "\",\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}");
      byte[] out = Arrays.copyOf(data, data.length - 1 + tail.length);
      System.arraycopy(tail, 0, out, data.length - 1, tail.length);
      return out;
    }
    byte[] middle = ascii(channel + "\",\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\",\"data\":");
    byte[] out = new byte[MESSAGE_PREFIX.length + middle.length + data.length + 1];
    System.arraycopy(MESSAGE_PREFIX, 0, out, 0, MESSAGE_PREFIX.length);
    System.arraycopy(middle, 0, out, MESSAGE_PREFIX.length, middle.length);
    System.arraycopy(data, 0, out, MESSAGE_PREFIX.length + middle.length, data.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static boolean isTypedObject(byte[] data) {
    if (data.length < TYPED_PREFIX.length + 1 || data[data.length - 1] != '}') {
      return false;
    }
    for (int i = 0; i < TYPED_PREFIX.length; i++) {
      if (data[i] != TYPED_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
