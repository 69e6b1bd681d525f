package io.neuroquantum.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.neuroquantum.server.channels.ChannelFrames;
import java.util.List;

/**
 * Server-to-client WebSocket frames (RFC 6455 §5.2) built as complete bytes: header and
 * payload in one direct buffer, ready to be written below the pipeline's frame encoder. Server
 * frames are never masked, so one buffer serves every subscriber of a publication.
 */
final class WebSocketFrames {

  private static final int FIN_TEXT = 0x81;
  private static final int FIN_BINARY = 0x82;

  /** How several messages share one frame when a client allows batching. */
  enum BatchFormat {
    /** One JSON message per line ({@code \n} between them), as Centrifugo's JSON streaming. */
    LINES,
    /** A JSON array of the messages. */
    ARRAY
  }

  private WebSocketFrames() {
  }

  static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  private static void writeHeader(ByteBuf buf, int opcode, int payloadLength) {
    buf.writeByte(opcode);
    if (payloadLength < 126) {
      buf.writeByte(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
      buf.writeByte(126).writeShort(payloadLength);
    } else {
      buf.writeByte(127).writeLong(payloadLength);
    }
  }

  /** One frame carrying {@code payload}: text (UTF-8 JSON), or binary when it is CBOR ({@link ChannelFrames#isBinary}). */
  static ByteBuf single(ByteBufAllocator alloc, byte[] payload) {
    ByteBuf buf = alloc.directBuffer(headerLength(payload.length) + payload.length);
    writeHeader(buf, ChannelFrames.isBinary(payload) ? FIN_BINARY : FIN_TEXT, payload.length);
    return buf.writeBytes(payload);
  }

  /** The payload length of a frame batching {@code messages} whose lengths add up to {@code bytes}. */
  static int batchLength(BatchFormat format, int messages, int bytes) {
    return bytes + (messages - 1) + (format == BatchFormat.ARRAY ? 2 : 0);
  }

  /** One text frame carrying several messages (JSON text), as lines or as an array. */
  static ByteBuf batch(ByteBufAllocator alloc, BatchFormat format, List<byte[]> messages, int bytes) {
    int length = batchLength(format, messages.size(), bytes);
    ByteBuf buf = alloc.directBuffer(headerLength(length) + length);
    writeHeader(buf, FIN_TEXT, length);
    byte separator = format == BatchFormat.ARRAY ? (byte) ',' : (byte) '\n';
    if (format == BatchFormat.ARRAY) {
      buf.writeByte('[');
    }
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        buf.writeByte(separator);
      }
      buf.writeBytes(messages.get(i));
    }
    if (format == BatchFormat.ARRAY) {
      buf.writeByte(']');
    }
    return buf;
  }
}
