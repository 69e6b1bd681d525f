package io.neuroquantum.server.gateway;

import io.neuroquantum.server.channels.ChannelFrames;
import io.neuroquantum.server.channels.OverflowPolicy;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One connection's outbound path. Frames go straight to the socket while it has room (written, not
 * flushed: the {@link OutboundFlusher} flushes once per turn of the event loop); otherwise they wait
 * in a bounded queue (messages and bytes) that is never written past the socket's high-water mark.
 * At {@code warn_at} of the limit the client gets {@code backpressure_warning}; at the limit each
 * channel's {@link OverflowPolicy} decides; a connection that stays full past the slow-consumer
 * deadline is closed by its gateway. Control frames (replies, errors) are never dropped.
 *
 * <p>A client that asked for batching ({@code set_batching}) gets the messages that are ready at the
 * same time in one frame, as JSON lines or an array, held at most its write delay.
 *
 * <p>Runs on the connection's event loop only.
 */
final class FlowController implements OutboundFlusher.Target {

  /** What the connection does when the flow controller acts on a subscription. */
  interface Listener {
    void pause(Subscription sub);

    void slowDownPublishers(Subscription sub);

    void slowConsumer(String reason);

    void drained();

    /** Frames left the queue for the socket: room for more (credit-based streams grant again). */
    void wrote();

    /** The transport refused inbound bytes (see {@link SocketWriter#watch}). */
    void brokenInput(Throwable cause);
  }

  /** How a client wants several messages per frame: format, most per frame, longest hold. */
  record Batching(WebSocketFrames.BatchFormat format, int maxMessages, long maxDelayNanos) {
  }

  /** What {@link #deliver} did with a channel message. */
  enum Outcome {
    /** Handed to the socket at once (the fan-out counts these). */
    SENT,
    /** Waiting in the queue or in a batch. */
    QUEUED,
    /** Not queued: the channel's overflow policy paused the subscription or dropped it. */
    REFUSED
  }

  /** Largest frame a batch may grow to; a bigger message goes in a frame of its own. */
  private static final int MAX_BATCH_BYTES = 64 * 1024;

  private record Outbound(byte[] frame, Subscription sub, long offset, long publishedNanos) {
  }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final SocketWriter writer;
  private final OutboundFlusher flusher;
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
  private long rateTimer = -1;
  private boolean closed;
  private boolean listedForFlush;
  private Batching batching;
  private final List<byte[]> batch = new ArrayList<>();
  private int batchBytes;
  private long batchDueNanos = Long.MAX_VALUE;

  FlowController(Vertx vertx, ServerWebSocket ws, SocketWriter writer, OutboundFlusher flusher, ServerMetrics metrics,
      Listener listener, int maxMessages, long maxBytes, double warnAt) {
    this.vertx = vertx;
    this.ws = ws;
    this.writer = writer;
    this.flusher = flusher;
    this.metrics = metrics;
    this.listener = listener;
    this.serverMaxMessages = maxMessages;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.warnAt = warnAt;
    // The socket's writability event arrives outside any Vert.x dispatch; come back through the
    // connection's context so replies to what drain() sets off run on this event loop too.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    writer.watch(() -> context.runOnContext(v -> drain()),
        e -> context.runOnContext(v -> listener.brokenInput(e)));
  }

  /** Applies {@code set_backpressure}: a smaller buffer and/or a delivery rate for channel messages. */
  void configure(Integer clientMaxBuffer, Double rateLimit) {
    if (clientMaxBuffer != null) {
      maxMessages = Math.max(1, Math.min(serverMaxMessages, clientMaxBuffer));
    }
    if (rateLimit != null) {
      rate = new TokenBucket(rateLimit, Math.max(1, rateLimit));
    }
    drain();
  }

  /** Applies {@code set_batching}; null turns batching off (what is pending goes out first). */
  void batching(Batching batching) {
    emitBatch();
    this.batching = batching;
    listForFlush();
  }

  int maxMessages() {
    return maxMessages;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** A reply or notice: always delivered, in order, without waiting for a batch's delay. */
  void control(ServerMessage message) {
    if (socketGone()) {
      return;
    }
    enqueue(new Outbound(ProtocolCodec.encodeBytes(message), null, 0, 0));
    drain();
    emitBatch();
  }

  /**
   * A notice that may be lost ({@code join}, {@code leave}): queued like a reply, but dropped when
   * the buffer is full, so a storm of them cannot grow a slow client's queue.
   */
  void notice(byte[] frame) {
    if (socketGone() || isFull()) {
      return;
    }
    enqueue(new Outbound(frame, null, 0, 0));
    drain();
  }

  /**
   * A channel message for a live subscription.
   *
   * @param shared the publication framed once for this event loop, or null (history, held messages)
   */
  Outcome deliver(Subscription sub, long offset, byte[] frame, SharedFrame shared, long publishedNanos) {
    if (socketGone()) {
      return Outcome.REFUSED;
    }
    if (queue.isEmpty() && writer.writable() && rate == null) {
      if (batching != null) {
        addToBatch(frame);
        return Outcome.QUEUED;   // counted when the batch goes out
      }
      if (shared != null && writer.sendsRaw(frame.length)) {
        writer.writeFrame(shared.retainedFrame());
      } else {
        writer.writeMessage(frame);
      }
      listForFlush();
      return Outcome.SENT;
    }
    if (isFull() && !sub.creditFlow) {   // a credit stream sends only what was granted: never more than the room
      switch (sub.policy) {
        case DROP_OLDEST -> {
          metrics.backpressure("drop_oldest");
          if (!dropOldestChannelMessage()) {
            return Outcome.REFUSED;   // nothing droppable queued: this one is the oldest that can go
          }
        }
        case PAUSE -> {
          metrics.backpressure("pause");
          listener.pause(sub);
          return Outcome.REFUSED;
        }
        case CONTINUE, SLOW_DOWN -> {
          if (queue.size() >= 2 * maxMessages || queuedBytes >= 2 * maxBytes) {
            listener.slowConsumer("outbound buffer over twice its limit");
            return Outcome.REFUSED;
          }
          metrics.backpressure(sub.policy.wireName());
          if (sub.policy == OverflowPolicy.SLOW_DOWN) {
            listener.slowDownPublishers(sub);
          }
        }
      }
    }
    enqueue(new Outbound(frame, sub, offset, publishedNanos));
    drain();
    return Outcome.QUEUED;
  }

  private void enqueue(Outbound o) {
    queue.addLast(o);
    queuedBytes += o.frame().length;
    metrics.queued(1, queue.size());
    updateState();
  }

  private boolean dropOldestChannelMessage() {
    Iterator<Outbound> it = queue.iterator();
    while (it.hasNext()) {
      Outbound o = it.next();
      if (o.sub() != null && o.sub().policy == OverflowPolicy.DROP_OLDEST) {
        it.remove();
        queuedBytes -= o.frame().length;
        metrics.queued(-1, queue.size());
        return true;
      }
    }
    return false;
  }

  /** Writes queued frames while the socket has room (and the client's rate allows). */
  void drain() {
    if (socketGone()) {
      return;
    }
    long now = System.nanoTime();
    boolean wrote = false;
    while (!queue.isEmpty() && writer.writable()) {
      Outbound o = queue.peekFirst();
      if (o.sub() != null && rate != null && !rate.tryTake(now)) {
        scheduleRateFlush(rate.nanosUntilToken(now));
        break;
      }
      queue.pollFirst();
      queuedBytes -= o.frame().length;
      metrics.queued(-1, queue.size());
      if (batching != null) {
        addToBatch(o.frame());
      } else {
        writer.writeMessage(o.frame());
        metrics.messageOut(o.frame().length);
        listForFlush();
      }
      if (o.sub() != null) {
        metrics.publishToSend(o.publishedNanos());
      }
      wrote = true;
    }
    updateState();
    if (wrote) {
      listener.wrote();
    }
  }

  // ---- batching ----------------------------------------------------------------------------------

  private void addToBatch(byte[] frame) {
    if (ChannelFrames.isBinary(frame)) {   // a binary frame cannot join a text batch: it goes alone, in order
      emitBatch();
      if (!socketGone()) {
        writer.writeMessage(frame);
        metrics.messageOut(frame.length);
        listForFlush();
      }
      return;
    }
    if (!batch.isEmpty() && (batchBytes + frame.length + 2 > MAX_BATCH_BYTES || batch.size() >= batching.maxMessages())) {
      emitBatch();
    }
    if (batch.isEmpty()) {
      batchDueNanos = System.nanoTime() + batching.maxDelayNanos();
      if (batching.maxDelayNanos() > 0) {
        flusher.later(this);
      } else {
        listForFlush();
      }
    }
    batch.add(frame);
    batchBytes += frame.length;
  }

  /** Writes the pending batch (if any) as one frame, to be flushed at the end of the turn. */
  private void emitBatch() {
    if (writeBatch()) {
      listForFlush();
    }
  }

  /** Writes the pending batch as one frame; true if something was written. */
  private boolean writeBatch() {
    if (batch.isEmpty()) {
      return false;
    }
    boolean written = !socketGone();
    if (written) {
      if (batch.size() == 1) {
        writer.writeMessage(batch.get(0));
      } else {
        writer.writeBatch(batching.format(), batch, batchBytes);
      }
      metrics.messagesOut(batch.size(), batchBytes);
    }
    batch.clear();
    batchBytes = 0;
    batchDueNanos = Long.MAX_VALUE;
    return written;
  }

  private void listForFlush() {
    flusher.endOfTurn(this, listedForFlush);
    listedForFlush = true;
  }

  @Override
  public void endOfTurn() {
    listedForFlush = false;
    if (closed) {
      return;
    }
    if (batching != null && batching.maxDelayNanos() == 0) {
      writeBatch();
    }
    writer.flush();
  }

  @Override
  public void delayElapsed() {
    emitBatch();
  }

  @Override
  public long dueNanos() {
    return batchDueNanos;
  }

  // ---- state ---------------------------------------------------------------------------------------

  private void scheduleRateFlush(long nanos) {
    if (rateTimer >= 0) {
      return;
    }
    rateTimer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> {
      rateTimer = -1;
      drain();
    });
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
      byte[] warning = ProtocolCodec.encodeBytes(new ServerMessage.BackpressureWarning(Math.min(1.0, usage), null, null));
      emitBatch();
      writer.writeMessage(warning);
      metrics.messageOut(warning.length);
      listForFlush();
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
    return queue.size() + batch.size();
  }

  long queuedBytes() {
    return queuedBytes + batchBytes;
  }

  /** Hands everything that may go to the socket and flushes it now (before a close). */
  void flushNow() {
    drain();
    emitBatch();
    if (!closed) {
      writer.flush();
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    metrics.queued(-queue.size(), 0);
    queue.clear();
    queuedBytes = 0;
    batch.clear();
    batchBytes = 0;
    batchDueNanos = Long.MAX_VALUE;
    if (rateTimer >= 0) {
      vertx.cancelTimer(rateTimer);
    }
  }
}
