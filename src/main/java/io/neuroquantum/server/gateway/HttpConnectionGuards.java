package io.neuroquantum.server.gateway;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * What every new HTTP connection gets before it has read a byte: the request-header timeout and, when
 * compression is offered, the bound on inflated messages. Both are Netty handlers; Vert.x calls the
 * server's connection handler once it has built the connection's pipeline, which is the one place
 * they can be put in before any request is read.
 */
final class HttpConnectionGuards {

  private HttpConnectionGuards() {
  }

  static Handler<HttpConnection> forServer(HttpServerOptions options, long headerTimeoutMs, boolean compress, int maxMessageBytes) {
    return connection -> {
      // the connection's Netty channel is reachable only through Vert.x's implementation class
      ChannelPipeline pipeline = ((ConnectionBase) connection).channel().pipeline();
      RequestHeaderTimeout.install(pipeline, headerTimeoutMs);
      if (compress) {
        InflationLimit.install(pipeline, options, maxMessageBytes);
      }
    };
  }
}
