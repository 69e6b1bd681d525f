package io.neuroquantum.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.neuroquantum.server.channels.ChannelFrames;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.util.function.Consumer;

/**
 * Writes one connection's frames straight into its Netty pipeline, without flushing: the gateway
 * flushes each written-to socket once at the end of its event loop's turn, so a burst of messages
 * leaves in one system call. Pre-built frames are written from the frame encoder's place in the
 * pipeline, so they pass only the handlers below it (TLS, when there is TLS). Vert.x's own writes
 * (pings, the close frame) take the same channel, so a close still follows every frame before it.
 *
 * <p>When the client negotiated permessage-deflate (only offered by the server when compression is
 * configured), messages of at least {@code compressAtBytes} go through the pipeline's deflate encoder;
 * smaller ones go uncompressed, which RFC 7692 allows per message.
 */
final class SocketWriter {

  private static final WriteBufferWaterMark SOCKET_WATER_MARK = new WriteBufferWaterMark(64 * 1024, 128 * 1024);

  private final Channel channel;
  private final ChannelHandlerContext vertxHandler;
  private final ChannelHandlerContext frameEncoder;
  private final boolean deflate;
  private final int compressAtBytes;

  SocketWriter(ServerWebSocket ws, int compressAtBytes) {
    this.vertxHandler = ((WebSocketInternal) ws).channelHandlerContext();
    this.channel = vertxHandler.channel();
    this.frameEncoder = channel.pipeline().context(WebSocketFrameEncoder.class);
    if (frameEncoder == null) {
      throw new IllegalStateException("no WebSocket frame encoder in the pipeline " + channel.pipeline().names());
    }
    RequestHeaderTimeout.removeFrom(channel.pipeline());   // a WebSocket now: pings and idle timeouts watch it
    this.deflate = channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
    this.compressAtBytes = compressAtBytes;
    // Twice Netty's default: about what Vert.x's own write queue used to add in front of the socket,
    // so a client that keeps up rides out a burst before the connection's flow control steps in.
    channel.config().setWriteBufferWaterMark(SOCKET_WATER_MARK);
  }

  /** Whether the socket's outbound buffer is below its high-water mark. */
  boolean writable() {
    return channel.isWritable();
  }

  /** Whether a message of {@code length} bytes goes out as written (not compressed). */
  boolean sendsRaw(int length) {
    return !deflate || length < compressAtBytes;
  }

  boolean deflateNegotiated() {
    return deflate;
  }

  /** Writes a complete frame built by {@link WebSocketFrames}; takes ownership of {@code frame}. */
  void writeFrame(ByteBuf frame) {
    frameEncoder.write(frame, channel.voidPromise());
  }

  /**
   * Writes one message as a frame of its own (binary for CBOR, else text), compressed when the
   * connection negotiated it and it is large.
   */
  void writeMessage(byte[] payload) {
    if (sendsRaw(payload.length)) {
      writeFrame(WebSocketFrames.single(channel.alloc(), payload));
    } else if (ChannelFrames.isBinary(payload)) {
      vertxHandler.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)), channel.voidPromise());
    } else {
      vertxHandler.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)), channel.voidPromise());
    }
  }

  /** Writes several messages as one text frame. */
  void writeBatch(WebSocketFrames.BatchFormat format, java.util.List<byte[]> messages, int bytes) {
    int length = WebSocketFrames.batchLength(format, messages.size(), bytes);
    if (sendsRaw(length)) {
      writeFrame(WebSocketFrames.batch(channel.alloc(), format, messages, bytes));
    } else {
      ByteBuf framed = WebSocketFrames.batch(channel.alloc(), format, messages, bytes);
      framed.skipBytes(WebSocketFrames.headerLength(length));   // the deflate path frames it again
      vertxHandler.write(new TextWebSocketFrame(framed), channel.voidPromise());
    }
  }

  void flush() {
    channel.flush();
  }

  /**
   * Watches the connection's pipeline, above the frame decoder: {@code onWritable} runs whenever the
   * socket drops below its low-water mark again (Vert.x's drain handler only fires for writes that
   * went through its own queue, which these bypass), {@code onBrokenInput} when a frame is refused
   * (too big, malformed, a deflate bomb). Such a failure stops here instead of reaching Vert.x, which
   * would cut the connection at once: the decoder discards the rest of the input, so the client can
   * be sent a close code and still read it. Both run on the event loop, outside any Vert.x dispatch.
   */
  void watch(Runnable onWritable, Consumer<Throwable> onBrokenInput) {
    channel.pipeline().addBefore(vertxHandler.name(), "nq-watch", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          onWritable.run();
        }
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException
            || cause instanceof DecompressionException) {
          onBrokenInput.accept(cause);
        } else {
          ctx.fireExceptionCaught(cause);
        }
      }
    });
  }

  /** True when called on the connection's own event loop (where every write must happen). */
  boolean inEventLoop() {
    return channel.eventLoop().inEventLoop();
  }
}
