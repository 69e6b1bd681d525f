package io.neuroquantum.server.gateway;

import io.neuroquantum.server.channels.OverflowPolicy;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One connection's outbound path. Frames go straight to the socket while it has room; otherwise they
 * wait in a bounded queue (messages and bytes) that is never written past {@code writeQueueFull()}.
 * At {@code warn_at} of the limit the client gets {@code backpressure_warning}; at the limit each
 * channel's {@link OverflowPolicy} decides; a connection that stays full past the slow-consumer
 * deadline is closed by its gateway. Control frames (replies, errors) are never dropped.
 * Runs on the connection's event loop only.
 */
final class FlowController {

  /** What the connection does when the flow controller acts on a subscription. */
  interface Listener {
    void pause(Subscription sub);

    void slowDownPublishers(Subscription sub);

    void slowConsumer(String reason);

    void drained();

    /** Frames left the queue for the socket: room for more (credit-based streams grant again). */
    void wrote();
  }

  private record Outbound(String frame, Subscription sub, long offset, long publishedNanos) {
  }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final ServerMetrics metrics;
  private final Listener listener;
  private final int serverMaxMessages;
  private final long maxBytes;
  private final double warnAt;
  private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
  private int maxMessages;
  private long queuedBytes;
  private TokenBucket rate;
  private boolean warned;
  private long fullSinceNanos;
  private long flushTimer = -1;
  private boolean closed;

  FlowController(Vertx vertx, ServerWebSocket ws, ServerMetrics metrics, Listener listener, int maxMessages,
      long maxBytes, double warnAt) {
    this.vertx = vertx;
    this.ws = ws;
    this.metrics = metrics;
    this.listener = listener;
    this.serverMaxMessages = maxMessages;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.warnAt = warnAt;
    ws.drainHandler(v -> flush());
  }

  /** Applies {@code set_backpressure}: a smaller buffer and/or a delivery rate for channel messages. */
  void configure(Integer clientMaxBuffer, Double rateLimit) {
    if (clientMaxBuffer != null) {
      maxMessages = Math.max(1, Math.min(serverMaxMessages, clientMaxBuffer));
    }
    if (rateLimit != null) {
      rate = new TokenBucket(rateLimit, Math.max(1, rateLimit));
    }
    flush();
  }

  int maxMessages() {
    return maxMessages;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** A reply or notice: always delivered, in order. */
  void control(ServerMessage message) {
    if (socketGone()) {
      return;
    }
    enqueue(new Outbound(ProtocolCodec.encode(message), null, 0, 0));
    flush();
  }

  /**
   * A channel message for a live subscription.
   *
   * @return whether it was queued (false when the channel's policy paused or dropped it)
   */
  boolean deliver(Subscription sub, long offset, String frame, long publishedNanos) {
    if (socketGone()) {
      return false;
    }
    if (queue.isEmpty() && !ws.writeQueueFull() && (rate == null || rate.tryTake(System.nanoTime()))) {
      write(new Outbound(frame, sub, offset, publishedNanos));
      return true;
    }
    if (isFull() && !sub.creditFlow) {   // a credit stream sends only what was granted: never more than the room
      switch (sub.policy) {
        case DROP_OLDEST -> {
          metrics.backpressure("drop_oldest");
          if (!dropOldestChannelMessage()) {
            return false;   // nothing droppable queued: this one is the oldest that can go
          }
        }
        case PAUSE -> {
          metrics.backpressure("pause");
          listener.pause(sub);
          return false;
        }
        case CONTINUE, SLOW_DOWN -> {
          if (queue.size() >= 2 * maxMessages || queuedBytes >= 2 * maxBytes) {
            listener.slowConsumer("outbound buffer over twice its limit");
            return false;
          }
          metrics.backpressure(sub.policy.wireName());
          if (sub.policy == OverflowPolicy.SLOW_DOWN) {
            listener.slowDownPublishers(sub);
          }
        }
      }
    }
    enqueue(new Outbound(frame, sub, offset, publishedNanos));
    flush();
    return true;
  }

  private void enqueue(Outbound o) {
    queue.addLast(o);
    queuedBytes += o.frame().length();
    metrics.queued(1, queue.size());
    updateState();
  }

  private boolean dropOldestChannelMessage() {
    Iterator<Outbound> it = queue.iterator();
    while (it.hasNext()) {
      Outbound o = it.next();
      if (o.sub() != null && o.sub().policy == OverflowPolicy.DROP_OLDEST) {
        it.remove();
        queuedBytes -= o.frame().length();
        metrics.queued(-1, queue.size());
        return true;
      }
    }
    return false;
  }

  /** Writes queued frames while the socket has room (and the client's rate allows). */
  void flush() {
    if (socketGone()) {
      return;
    }
    long now = System.nanoTime();
    boolean wrote = false;
    while (!queue.isEmpty() && !ws.writeQueueFull()) {
      Outbound o = queue.peekFirst();
      if (o.sub() != null && rate != null && !rate.tryTake(now)) {
        scheduleFlush(rate.nanosUntilToken(now));
        break;
      }
      queue.pollFirst();
      queuedBytes -= o.frame().length();
      metrics.queued(-1, queue.size());
      write(o);
      wrote = true;
    }
    updateState();
    if (wrote) {
      listener.wrote();
    }
  }

  private void scheduleFlush(long nanos) {
    if (flushTimer >= 0) {
      return;
    }
    flushTimer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> {
      flushTimer = -1;
      flush();
    });
  }

  private void write(Outbound o) {
    ws.writeTextMessage(o.frame());
    metrics.messageOut(o.frame().length());
    if (o.sub() != null) {
      metrics.publishToSend(o.publishedNanos());
    }
  }

  private double usage() {
    return Math.max((double) queue.size() / maxMessages, (double) queuedBytes / maxBytes);
  }

  boolean isFull() {
    return queue.size() >= maxMessages || queuedBytes >= maxBytes;
  }

  private void updateState() {
    double usage = usage();
    if (usage >= warnAt && !warned) {
      warned = true;
      metrics.backpressure("warning");
      // Written at once, ahead of the backlog: the one small frame that may pass the socket's
      // high-water mark, so that a client that is behind learns it before anything else happens.
      String warning = ProtocolCodec.encode(new ServerMessage.BackpressureWarning(Math.min(1.0, usage), null, null));
      ws.writeTextMessage(warning);
      metrics.messageOut(warning.length());
    } else if (usage < warnAt / 2 && warned) {
      warned = false;
      listener.drained();
    }
    if (usage >= 1.0) {
      if (fullSinceNanos == 0) {
        fullSinceNanos = System.nanoTime();
      }
    } else {
      fullSinceNanos = 0;
    }
  }

  /** True once the socket is closed (from either side); nothing is queued or written after that. */
  private boolean socketGone() {
    if (!closed && ws.isClosed()) {
      close();
    }
    return closed;
  }

  /** How long the buffer has been full without a break (0 when it is not full). */
  long fullForNanos(long nowNanos) {
    return fullSinceNanos == 0 ? 0 : nowNanos - fullSinceNanos;
  }

  int queuedMessages() {
    return queue.size();
  }

  long queuedBytes() {
    return queuedBytes;
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    metrics.queued(-queue.size(), 0);
    queue.clear();
    queuedBytes = 0;
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
    }
  }
}
