package io.neuroquantum.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The streaming figures (Micrometer, scraped on /metrics as Prometheus text) and the snapshot sent
 * every few seconds as {@code metrics_update}. Thread-safe: gateways on several event loops record here.
 */
public final class ServerMetrics {

  private final MeterRegistry registry;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong queuedMessages = new AtomicLong();
  private final AtomicLong activeQueries = new AtomicLong();
  private final AtomicLong stoppingQueries = new AtomicLong();
  private final Counter rowsRead;
  private final Counter queries;
  private final AtomicLong maxQueuedPerConnection = new AtomicLong();
  private final Map<String, AtomicLong> subscriptions = new ConcurrentHashMap<>();
  private final Counter messagesIn;
  // Counted on every delivery: LongAdders, read only when scraped.
  private final LongAdder messagesOut = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final Map<String, Counter> publishesRefused = new ConcurrentHashMap<>();
  private final Counter published;
  private final Counter publishDuplicates;
  private final Counter connects;
  private final Counter reconnects;
  private final Counter slowConsumerDisconnects;
  private final Counter rateLimitDisconnects;
  private final Counter recoveriesSucceeded;
  private final Counter recoveriesFailed;
  private final Map<String, Counter> backpressure = new ConcurrentHashMap<>();
  private final Timer publishToSend;
  private final java.util.List<Object> keptAlive = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long lastReconnects;
  private long lastSnapshotNanos = System.nanoTime();

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("nq_ws_connections", connections, AtomicLong::get)
        .description("open WebSocket connections").register(registry);
    Gauge.builder("nq_ws_outbound_queued_messages", queuedMessages, AtomicLong::get)
        .description("frames waiting in connections' outbound buffers").register(registry);
    Gauge.builder("nq_query_active", activeQueries, AtomicLong::get)
        .description("queries holding a database session: streaming, or ended and still being stopped").register(registry);
    Gauge.builder("nq_query_stopping", stoppingQueries, AtomicLong::get)
        .description("ended queries whose statement or session the database has not released yet").register(registry);
    // Netty's direct buffers bypass the JVM's buffer-pool accounting when it allocates them itself
    Gauge.builder("nq_netty_direct_memory_bytes", () -> Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory()))
        .strongReference(true).baseUnit("bytes").description("direct memory Netty has allocated (pooled arenas included)")
        .register(registry);
    rowsRead = Counter.builder("nq_query_rows_read").description("rows read from database cursors").register(registry);
    queries = Counter.builder("nq_query_started").description("query streams started").register(registry);
    messagesIn = Counter.builder("nq_ws_messages_in").description("client frames received").register(registry);
    FunctionCounter.builder("nq_ws_messages_out", messagesOut, LongAdder::sum)
        .description("messages written to clients (a batched frame counts each message in it)").register(registry);
    FunctionCounter.builder("nq_ws_bytes_out", bytesOut, LongAdder::sum).baseUnit("bytes")
        .description("bytes written to clients").register(registry);
    published = Counter.builder("nq_channel_messages_published").description("channel messages published")
        .register(registry);
    publishDuplicates = Counter.builder("nq_channel_publish_duplicates")
        .description("publishes answered with an earlier offset because their idempotency key was seen").register(registry);
    connects = Counter.builder("nq_ws_connects").description("accepted WebSocket handshakes").register(registry);
    reconnects = Counter.builder("nq_ws_reconnects")
        .description("subscriptions that resumed with since (clients coming back)").register(registry);
    slowConsumerDisconnects = Counter.builder("nq_ws_slow_consumer_disconnects")
        .description("connections closed because they did not keep up").register(registry);
    rateLimitDisconnects = Counter.builder("nq_ws_rate_limit_disconnects")
        .description("connections closed for sending too fast").register(registry);
    recoveriesSucceeded = Counter.builder("nq_ws_recoveries").tag("result", "succeeded").register(registry);
    recoveriesFailed = Counter.builder("nq_ws_recoveries").tag("result", "failed").register(registry);
    publishToSend = Timer.builder("nq_channel_publish_to_send")
        .description("time from publish to the frame being handed to the socket")
        .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void connectionOpened() {
    connections.incrementAndGet();
    connects.increment();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public long connections() {
    return connections.get();
  }

  /** A connection's outbound queue changed by {@code delta}, and now holds {@code size} frames. */
  public void queued(int delta, int size) {
    queuedMessages.addAndGet(delta);
    maxQueuedPerConnection.accumulateAndGet(size, Math::max);
  }

  /** The most frames any one connection has had queued since start (or the last reset). */
  public long maxQueuedPerConnection() {
    return maxQueuedPerConnection.get();
  }

  public void resetMaxQueued() {
    maxQueuedPerConnection.set(0);
  }

  public void queryStarted() {
    activeQueries.incrementAndGet();
    queries.increment();
  }

  /** The query ended for its client; its statement is being stopped in the database. */
  public void queryStopping() {
    stoppingQueries.incrementAndGet();
  }

  /** The database has stopped the query's statement and its session is closed. */
  public void queryStopped() {
    stoppingQueries.decrementAndGet();
    activeQueries.decrementAndGet();
  }

  public void rowsRead(int n) {
    rowsRead.increment(n);
  }

  /** Rows read from database cursors since start. */
  public long rowsRead() {
    return (long) rowsRead.count();
  }

  public void subscribed(String namespace) {
    subscriptionGauge(namespace).incrementAndGet();
  }

  public void unsubscribed(String namespace) {
    subscriptionGauge(namespace).decrementAndGet();
  }

  private AtomicLong subscriptionGauge(String namespace) {
    return subscriptions.computeIfAbsent(namespace, ns -> {
      AtomicLong gauge = new AtomicLong();
      Gauge.builder("nq_ws_subscriptions", gauge, AtomicLong::get).tag("namespace", ns)
          .description("active subscriptions").register(registry);
      return gauge;
    });
  }

  public void messageIn() {
    messagesIn.increment();
  }

  public void messageOut(int bytes) {
    messagesOut.increment();
    bytesOut.add(bytes);
  }

  /** Several messages written at once (a fan-out's writes on one event loop, or a batched frame). */
  public void messagesOut(int messages, long bytes) {
    messagesOut.add(messages);
    bytesOut.add(bytes);
  }

  /** A publish refused before it was numbered, e.g. because the fan-out is too far behind. */
  public void publishRefused(String reason) {
    publishesRefused.computeIfAbsent(reason, r -> Counter.builder("nq_channel_publishes_refused").tag("reason", r)
        .description("publishes refused before they were numbered").register(registry)).increment();
  }

  /** Gauges of the channel histories' memory, evictions and channel count. */
  public void channelHistory(LongSupplier bytes, LongSupplier evictions, java.util.function.IntSupplier channels) {
    // strong references: the suppliers are lambdas nothing else holds, and gauges keep weak ones by default
    Gauge.builder("nq_channel_history_bytes", bytes, LongSupplier::getAsLong).strongReference(true).baseUnit("bytes")
        .description("bytes held by channel histories").register(registry);
    keptAlive.add(evictions);   // function counters hold their source weakly and have no strong option
    FunctionCounter.builder("nq_channel_history_evictions", evictions, LongSupplier::getAsLong)
        .description("messages dropped from history to stay within the history memory budget").register(registry);
    Gauge.builder("nq_channels", channels, java.util.function.IntSupplier::getAsInt).strongReference(true)
        .description("channels with an offset and epoch on this node").register(registry);
  }

  /** Gauges of how far the slowest gateway event loop is behind the channel manager's fan-out. */
  public void fanoutBacklog(LongSupplier messages, LongSupplier bytes) {
    Gauge.builder("nq_fanout_backlog_messages", messages, LongSupplier::getAsLong).strongReference(true)
        .description("publications the slowest gateway event loop has yet to hand to its subscribers").register(registry);
    Gauge.builder("nq_fanout_backlog_bytes", bytes, LongSupplier::getAsLong).strongReference(true).baseUnit("bytes")
        .description("frame bytes the slowest gateway event loop has yet to hand to its subscribers").register(registry);
  }

  public void published(String channel) {
    published.increment();
  }

  /** A publish whose idempotency key was seen within the window: answered, not stored again. */
  public void publishDuplicate() {
    publishDuplicates.increment();
  }

  public void publishToSend(long publishedNanos) {
    publishToSend.record(System.nanoTime() - publishedNanos, TimeUnit.NANOSECONDS);
  }

  public void backpressure(String action) {
    backpressure.computeIfAbsent(action, a -> Counter.builder("nq_ws_backpressure_events").tag("action", a)
        .description("flow-control actions taken on slow connections").register(registry)).increment();
  }

  public void slowConsumerDisconnect() {
    slowConsumerDisconnects.increment();
  }

  public void rateLimitDisconnect() {
    rateLimitDisconnects.increment();
  }

  public void recovery(boolean succeeded) {
    (succeeded ? recoveriesSucceeded : recoveriesFailed).increment();
  }

  public void reconnect() {
    reconnects.increment();
  }

  /** The figures of {@code metrics_update}, with the reconnect rate since the previous snapshot. */
  public synchronized Map<String, Object> snapshot() {
    long now = System.nanoTime();
    long reconnectCount = (long) reconnects.count();
    double minutes = Math.max(1e-9, (now - lastSnapshotNanos) / 60e9);
    double reconnectRate = (reconnectCount - lastReconnects) / minutes;
    lastReconnects = reconnectCount;
    lastSnapshotNanos = now;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connections", connections.get());
    Map<String, Long> subs = new LinkedHashMap<>();
    subscriptions.forEach((ns, g) -> subs.put(ns, g.get()));
    m.put("subscriptions", subs);
    m.put("messages_in", (long) messagesIn.count());
    m.put("messages_out", messagesOut.sum());
    m.put("bytes_out", bytesOut.sum());
    m.put("outbound_queued_messages", queuedMessages.get());
    m.put("active_queries", activeQueries.get());
    m.put("stopping_queries", stoppingQueries.get());
    m.put("query_rows_read", (long) rowsRead.count());
    m.put("published", (long) published.count());
    Map<String, Double> latency = new LinkedHashMap<>();
    for (ValueAtPercentile v : publishToSend.takeSnapshot().percentileValues()) {
      latency.put("p" + Math.round(v.percentile() * 100), v.value(TimeUnit.MILLISECONDS));
    }
    m.put("publish_to_send_ms", latency);
    Map<String, Long> bp = new LinkedHashMap<>();
    backpressure.forEach((a, c) -> bp.put(a, (long) c.count()));
    m.put("backpressure_events", bp);
    m.put("slow_consumer_disconnects", (long) slowConsumerDisconnects.count());
    m.put("rate_limit_disconnects", (long) rateLimitDisconnects.count());
    m.put("recoveries_succeeded", (long) recoveriesSucceeded.count());
    m.put("recoveries_failed", (long) recoveriesFailed.count());
    m.put("reconnects_per_minute", reconnectRate);
    return m;
  }
}
