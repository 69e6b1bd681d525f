package io.neuroquantum.server.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection that has not sent a request's headers within a bound: after it opened,
 * or after the last response on a kept-alive connection. Without it a client could open thousands
 * of connections and send nothing, or a header a byte a minute, and hold a socket and its buffers
 * each, unauthenticated, for ever (what Go's {@code ReadHeaderTimeout} and nginx's
 * {@code client_header_timeout} stop). The clock stops while a request is being handled and starts
 * again once the responses to every request read are written; a connection that becomes a WebSocket leaves this handler
 * ({@link #removeFrom}), its pings and idle timeout taking over.
 */
final class RequestHeaderTimeout extends ChannelDuplexHandler {

  private static final String NAME = "nq-request-header-timeout";
  /** Vert.x's own handler on an HTTP/1.x pipeline; requests reach it from the codec through this one. */
  private static final String VERTX_HANDLER = "handler";

  private final long timeoutMs;
  private ScheduledFuture<?> timer;
  /** Requests read whose responses are not complete yet (more than one when a client pipelines). */
  private int unanswered;

  private RequestHeaderTimeout(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** Adds the timeout to a new HTTP/1.x connection's pipeline (HTTP/2 pipelines are left alone). */
  static void install(ChannelPipeline pipeline, long timeoutMs) {
    if (pipeline.get(VERTX_HANDLER) != null) {
      pipeline.addBefore(VERTX_HANDLER, NAME, new RequestHeaderTimeout(timeoutMs));
    }
  }

  /** The connection is a WebSocket now: no more HTTP requests to wait for. */
  static void removeFrom(ChannelPipeline pipeline) {
    if (pipeline.get(NAME) != null) {
      pipeline.remove(NAME);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    disarm();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      unanswered++;
      disarm();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent && --unanswered <= 0) {   // every request answered: wait for the next one's headers
      unanswered = 0;
      arm(ctx);
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    timer = ctx.executor().schedule(() -> {
      ctx.close();
    }, timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
