package io.neuroquantum.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One publication framed once for one event loop: the first subscriber that can take it raw builds
 * the direct buffer, every other one gets a duplicate of it (shared bytes, own read position), and
 * the gateway releases its own reference when the fan-out is done.
 */
final class SharedFrame {

  private final ByteBufAllocator alloc;
  private final byte[] payload;
  private ByteBuf framed;

  SharedFrame(ByteBufAllocator alloc, byte[] payload) {
    this.alloc = alloc;
    this.payload = payload;
  }

  byte[] payload() {
    return payload;
  }

  /** A reference to the framed bytes for one socket to write (and release). */
  ByteBuf retainedFrame() {
    if (framed == null) {
      framed = WebSocketFrames.single(alloc, payload);
    }
    return framed.retainedDuplicate();
  }

  /** Lets go of the loop's own reference; sockets still writing keep theirs. */
  void release() {
    if (framed != null) {
      framed.release();
      framed = null;
    }
  }
}
