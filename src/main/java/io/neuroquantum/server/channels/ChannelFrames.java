package io.neuroquantum.server.channels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frame a channel message goes out as, built straight from the payload's bytes: no parsing, no
 * re-encoding. Normally {@code {"type":"message","channel":…,"offset":…,"epoch":…,"data":<payload>}};
 * for typed-frame namespaces an object payload with its own {@code type} goes out as itself with
 * channel, offset and epoch added, so a query's rows arrive as {@code query_batch} frames.
 *
 * <p>A typed frame may also be binary: an indefinite-length CBOR map (a query's rows in
 * {@code format: "cbor"}), which gets the same three fields before its end mark and goes to the
 * client as a binary WebSocket frame ({@link #isBinary}). Other payloads are JSON text.
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
    if (isBinary(data)) {
      if (!typedFrames) {
        throw new IllegalArgumentException("a binary payload needs a typed-frame namespace: " + channel);
      }
      return binaryFrame(channel, offset, epoch, data);
    }
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

  /**
   * Whether a frame is binary (CBOR): it starts with an indefinite-length map's head, 0xBF, which
   * cannot start JSON text (in UTF-8 it is a continuation byte). The one place this is decided: the
   * gateway sends such frames with the binary opcode and never batches them with text.
   */
  public static boolean isBinary(byte[] frame) {
    return frame.length >= 2 && frame[0] == (byte) CborOut.INDEFINITE_MAP && frame[frame.length - 1] == (byte) CborOut.BREAK;
  }

  private static byte[] binaryFrame(String channel, long offset, String epoch, byte[] data) {
    CborOut out = new CborOut(data.length + 64 + channel.length());
    out.raw(data, 0, data.length - 1);   // all but the end mark
    out.text("channel");
    out.text(channel);
    out.text("offset");
    out.writeLong(offset);
    out.text("epoch");
    out.text(epoch);
    out.put(CborOut.BREAK);
    return out.toByteArray();
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
