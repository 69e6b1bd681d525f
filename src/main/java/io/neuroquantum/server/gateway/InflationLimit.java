package io.neuroquantum.server.gateway;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpServerOptions;

/**
 * Bounds what a client's compressed message may inflate to. The frame limit counts a frame's bytes
 * as they arrive, compressed: 61 KB of DEFLATE is 60 MB of zeros. Vert.x negotiates
 * permessage-deflate with Netty's handshaker at its default, which inflates a message whole before
 * anything checks its size, so a handful of such frames at once fill the heap. This installs the same
 * negotiation (same level, window and context-takeover choices, so clients see no difference) with a
 * decoder that stops inflating past {@code maxBytes}; the decoder's {@code DecompressionException}
 * closes the connection with 1009 like any other oversize message ({@link SocketWriter#watch}).
 *
 * <p>Vert.x adds its extension handler, named {@value #VERTX_HANDLER}, to every HTTP/1.1 connection's
 * pipeline before it calls the server's connection handler ({@link HttpConnectionGuards}), which is
 * where this replaces it: before the connection has read a request, so no message is ever inflated by
 * the unbounded decoder.
 */
final class InflationLimit {

  private static final String VERTX_HANDLER = "webSocketExtensionHandler";

  private InflationLimit() {
  }

  /** Caps what a message may inflate to on this connection's pipeline, for a server with {@code options}. */
  static void install(ChannelPipeline pipeline, HttpServerOptions options, int maxBytes) {
    if (pipeline.get(VERTX_HANDLER) != null) {   // HTTP/1.1 with compression offered; HTTP/2 has none
      pipeline.replace(VERTX_HANDLER, VERTX_HANDLER, new WebSocketServerExtensionHandler(
          new PerMessageDeflateServerExtensionHandshaker(options.getWebSocketCompressionLevel(),
              ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
              options.getWebSocketAllowServerNoContext(), options.getWebSocketPreferredClientNoContext(), maxBytes)));
    }
  }
}
