package io.neuroquantum.server.gateway;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.channels.ChannelFrames;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.ChannelPublish;
import io.neuroquantum.server.channels.ChannelSync;
import io.neuroquantum.server.channels.ChannelName;
import io.neuroquantum.server.channels.OverflowPolicy;
import io.neuroquantum.server.channels.protocol.ClientMessage;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ProtocolException;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's WebSocket session: reads and answers protocol messages, keeps its subscriptions in
 * order through subscribe, recovery, pause and catch-up, and sends everything through its
 * {@link FlowController}. Lives on its gateway's event loop.
 */
final class ClientConnection implements FlowController.Listener {

  private static final io.vertx.core.buffer.Buffer PING = io.vertx.core.buffer.Buffer.buffer("nq");

  /** What the connection needs from its gateway. */
  interface Gateway {
    /** Checks the credentials of a {@code refresh}. */
    Authenticator authenticator();

    /**
     * Counts a subscription against the user's limit: false when the user is at the limit, failed
     * when the count could not be taken (in a cluster). Complete at once on a single node.
     */
    io.vertx.core.Future<Boolean> reserveSubscription(Principal principal);

    void releaseSubscription(Principal principal);

    /** Adds the subscription to its channel's fan-out on this event loop. */
    void index(Subscription sub);

    void unindex(Subscription sub);

    void slowDownPublishers(String channel, double rate);

    void alert(String severity, String message);
  }

  private final String id;
  private final Principal principal;
  private final ServerWebSocket ws;
  private final Vertx vertx;
  private final ServerMetrics metrics;
  private final ConnectionLimits limits;
  private final Gateway gateway;
  private final FlowController flow;
  private final TokenBucket inbound;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  /** Channels whose subscribe waits for the user's count (in a cluster): taken, as far as a second subscribe goes. */
  private final java.util.Set<String> reserving = new java.util.HashSet<>();
  private final Map<String, Long> publishedTo = new HashMap<>();
  private long lastSeenNanos = System.nanoTime();
  private int violations;
  private long lastViolationNanos;
  private long slowDownSentNanos;
  private int creditSubscriptions;
  private boolean closing;
  private CredentialExpiry expiry;

  ClientConnection(String id, Principal principal, ServerWebSocket ws, Vertx vertx, ServerMetrics metrics,
      ConnectionLimits limits, Gateway gateway, OutboundFlusher flusher) {
    this.id = id;
    this.principal = principal;
    this.ws = ws;
    this.vertx = vertx;
    this.metrics = metrics;
    this.limits = limits;
    this.gateway = gateway;
    this.flow = new FlowController(vertx, ws, new SocketWriter(ws, limits.compressAtBytes()), flusher, metrics, this,
        limits.outboundMaxMessages(), limits.outboundMaxBytes(), limits.warnAt());
    this.inbound = new TokenBucket(limits.rateLimitPerSecond(), limits.rateLimitBurst());
  }

  String id() {
    return id;
  }

  Principal principal() {
    return principal;
  }

  FlowController flow() {
    return flow;
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> {
      if (closing || !admit(null)) {
        return;
      }
      error(null, ProtocolException.INVALID_MESSAGE, "binary frames are not part of the protocol; send JSON text");
    });
    ws.pongHandler(b -> seen());
    flow.control(new ServerMessage.Connected(id, System.currentTimeMillis(), principal.user(), principal.expiresAt()));
    Authenticator auth = gateway.authenticator();
    expiry = new CredentialExpiry(vertx, auth.leewayMs(), auth.expiryWarningMs(),
        expiresAt -> flow.control(new ServerMessage.TokenExpiring(expiresAt)),
        () -> close(CloseCodes.UNAUTHORIZED, "credentials expired"));
    expiry.schedule(principal.expiresAt());
  }

  private void seen() {
    lastSeenNanos = System.nanoTime();
  }

  long silentForNanos(long now) {
    return now - lastSeenNanos;
  }

  // ---- inbound ---------------------------------------------------------------------------------

  private void onText(String text) {
    if (closing) {
      return;
    }
    if (text.length() > limits.maxFrameBytes() / 4
        && text.getBytes(StandardCharsets.UTF_8).length > limits.maxFrameBytes()) {
      seen();
      close(CloseCodes.MESSAGE_TOO_BIG, "message over " + limits.maxFrameBytes() + " bytes");
      return;
    }
    if (!admit(text)) {
      return;
    }
    ClientMessage message;
    try {
      message = ProtocolCodec.decode(text);
    } catch (ProtocolException e) {
      error(e.requestId(), e.code(), e.getMessage());
      return;
    }
    try {
      dispatch(message);
    } catch (RuntimeException e) {
      error(message.requestId(), "internal_error", "the server could not handle this message");
    }
  }

  /**
   * Counts an inbound message (text, or binary with {@code text} null) against the connection's rate;
   * false when it is over.
   */
  private boolean admit(String text) {
    seen();
    metrics.messageIn();
    long now = System.nanoTime();
    if (!inbound.tryTake(now)) {
      onRateExceeded(now, text == null ? null : ProtocolCodec.requestIdOf(text));
      return false;
    }
    if (violations > 0 && now - lastViolationNanos > 10_000_000_000L) {
      violations = 0;
    }
    return true;
  }

  /**
   * A failure below the protocol: a frame over the size limit (refused from its header), a
   * fragmented message that grew past it (Vert.x drops it), a malformed or undecompressable frame.
   * The client is told why with a close code, rather than finding its socket cut.
   */
  @Override
  public void brokenInput(Throwable e) {
    if (closing) {
      return;
    }
    boolean tooBig = e instanceof CorruptedWebSocketFrameException c && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG
        || e instanceof TooLongFrameException || e instanceof DecompressionException
        || e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size");
    if (tooBig) {
      close(CloseCodes.MESSAGE_TOO_BIG, "message over " + limits.maxFrameBytes() + " bytes");
    } else {
      close(CloseCodes.PROTOCOL_ERROR, "protocol error: " + e.getMessage());
    }
  }

  /** {@code requestId}: the dropped message's, read without parsing it, so a waiting request is answered. */
  private void onRateExceeded(long now, String requestId) {
    violations++;
    lastViolationNanos = now;
    if (violations > limits.maxViolations()) {
      metrics.rateLimitDisconnect();
      gateway.alert("warning", "connection " + id + " of " + principal.user() + " closed: over its message rate");
      close(CloseCodes.RATE_LIMITED, "message rate limit exceeded");
      return;
    }
    if (now - slowDownSentNanos > 1_000_000_000L) {
      slowDownSentNanos = now;
      flow.control(new ServerMessage.SlowDown(inbound.rate()));
    }
    error(requestId, "rate_limited", "over " + inbound.rate() + " messages per second; this message was dropped");
  }

  private void dispatch(ClientMessage message) {
    switch (message) {
      case ClientMessage.Ping p -> flow.control(new ServerMessage.Pong(p.requestId(), p.timestamp(), System.currentTimeMillis()));
      case ClientMessage.Subscribe s -> subscribe(s);
      case ClientMessage.Unsubscribe u -> unsubscribe(u);
      case ClientMessage.Publish p -> publish(p);
      case ClientMessage.PauseStream p -> pauseStream(p);
      case ClientMessage.ResumeStream r -> resumeStream(r);
      case ClientMessage.SetBackpressure b -> flow.configure(b.maxBuffer(), b.rateLimit());
      case ClientMessage.SetBatching b -> setBatching(b);
      case ClientMessage.ExecuteQuery q -> executeQuery(q);
      case ClientMessage.CancelQuery c -> cancelQuery(c);
      case ClientMessage.Refresh r -> refresh(r);
      case ClientMessage.Presence p -> presence(p);
    }
  }

  /**
   * New credentials for this connection: they must be valid and name the same user with the same
   * roles. Invalid ones or other roles get an error and change nothing (the current credentials
   * still expire when they do); another user's close the connection with 4403, since a connection
   * belongs to one user for its whole life.
   */
  private void refresh(ClientMessage.Refresh r) {
    gateway.authenticator().authenticateToken(r.token()).onComplete(ar -> {
      if (closing) {
        return;
      }
      if (ar.failed()) {
        error(r.requestId(), "unauthorized", "refresh refused: " + ar.cause().getMessage());
        return;
      }
      Principal fresh = ar.result();
      if (!fresh.user().equals(principal.user())) {
        close(CloseCodes.FORBIDDEN, "refresh with the credentials of another user");
        return;
      }
      if (!java.util.Set.copyOf(fresh.roles()).equals(java.util.Set.copyOf(principal.roles()))) {
        error(r.requestId(), "forbidden", "the new credentials carry other roles; connect again with them");
        return;
      }
      expiry.schedule(fresh.expiresAt());
      flow.control(new ServerMessage.Refreshed(r.requestId(), fresh.expiresAt()));
    });
  }

  private void subscribe(ClientMessage.Subscribe s) {
    String channel = s.channel();
    ChannelName name;
    try {
      name = ChannelName.parse(channel);
    } catch (IllegalArgumentException e) {
      subscriptionError(s.requestId(), channel, "invalid_channel", e.getMessage());
      return;
    }
    if (subscriptions.containsKey(channel) || reserving.contains(channel)) {
      subscriptionError(s.requestId(), channel, "already_subscribed", "already subscribed to " + channel);
      return;
    }
    if (subscriptions.size() + reserving.size() >= limits.maxSubscriptions()) {
      subscriptionError(s.requestId(), channel, "too_many_subscriptions",
          "at most " + limits.maxSubscriptions() + " subscriptions per connection");
      return;
    }
    reserving.add(channel);
    gateway.reserveSubscription(principal).onComplete(ar -> {
      reserving.remove(channel);
      boolean counted = ar.succeeded() && ar.result();
      if (closing) {
        if (counted) {
          gateway.releaseSubscription(principal);   // closed meanwhile: closed() did not know of it
        }
        return;
      }
      if (ar.failed()) {
        subscriptionError(s.requestId(), channel, "unavailable", "the cluster could not count this subscription; try again");
      } else if (!counted) {
        subscriptionError(s.requestId(), channel, "too_many_subscriptions",
            "at most " + limits.maxSubscriptionsPerUser() + " subscriptions per user");
      } else {
        startSubscription(s, name);
      }
    });
  }

  /** The subscription, counted against its user's limit: indexed for live messages, then synced. */
  private void startSubscription(ClientMessage.Subscribe s, ChannelName name) {
    String channel = s.channel();
    Subscription sub = new Subscription(this, channel, name.namespace());
    subscriptions.put(channel, sub);
    gateway.index(sub);   // live messages are held from here on, so none is lost while syncing
    if (s.since() != null) {
      metrics.reconnect();
    }
    sync(sub, s.since() == null ? null : s.since().offset(), s.since() == null ? null : s.since().epoch(),
        s.requestId(), true);
  }

  /**
   * Asks the channel manager for the channel's position (and the messages after {@code sinceOffset}
   * when given), queues them, then the live messages held meanwhile, and goes live.
   */
  private void sync(Subscription sub, Long sinceOffset, String sinceEpoch, String requestId, boolean initial) {
    sub.state = Subscription.State.SYNCING;
    JsonObject request = new JsonObject().put("channel", sub.channel).put("user", principal.user())
        .put("roles", new JsonArray(principal.roles()));
    if (sinceOffset != null) {
      request.put("since_offset", sinceOffset).put("since_epoch", sinceEpoch);
    }
    String address = initial ? Addresses.CHANNELS_SUBSCRIBE : Addresses.CHANNELS_CATCH_UP;
    vertx.eventBus().<ChannelSync>request(address, request, Addresses.local()).onComplete(ar -> {
      if (closing || subscriptions.get(sub.channel) != sub) {
        return;   // closed or unsubscribed meanwhile
      }
      if (ar.failed()) {
        subscriptions.remove(sub.channel);
        sub.ended = true;
        gateway.unindex(sub);
        gateway.releaseSubscription(principal);
        leavePresence(sub);
        String code = ar.cause() instanceof ReplyException re ? switch (re.failureCode()) {
          case 403 -> "forbidden";
          case 404 -> "unknown_namespace";
          case 400 -> "invalid_channel";
          default -> "unavailable";
        } : "unavailable";
        subscriptionError(requestId, sub.channel, code, ar.cause().getMessage());
        return;
      }
      ChannelSync reply = ar.result().body();
      sub.policy = reply.policy();
      sub.typedFrames = reply.typedFrames();
      if (!sub.creditFlow && reply.creditFlow()) {
        sub.creditFlow = true;
        creditSubscriptions++;
      }
      if (initial && reply.tracksPresence()) {
        joinPresence(sub);
      }
      String previousEpoch = sub.epoch;
      boolean epochChanged = previousEpoch != null && !previousEpoch.equals(reply.epoch());
      sub.epoch = reply.epoch();
      long position = reply.offset();
      if (epochChanged) {
        sub.replacedEpoch = previousEpoch;
        sub.lastQueuedOffset = position;   // offsets of the old epoch mean nothing now
      }
      Boolean recovered = reply.recovered();
      if (initial) {
        metrics.subscribed(sub.namespace);
      }
      if (recovered != null) {
        metrics.recovery(recovered);
      }
      if (initial || Boolean.FALSE.equals(recovered)) {
        flow.control(new ServerMessage.SubscriptionConfirmed(requestId, sub.channel, reply.historySize(),
            position, sub.epoch, recovered));
      }
      sub.state = Subscription.State.LIVE;
      sub.pausedByFlow = false;
      if (Boolean.TRUE.equals(recovered)) {
        for (ChannelHistory.Entry m : reply.missed()) {
          byte[] frame = ChannelFrames.frame(sub.channel, sub.typedFrames, m.offset(), sub.epoch, m.data());
          if (queue(sub, m.offset(), frame, null, System.nanoTime()) == FlowController.Outcome.REFUSED && sub.pausedByFlow) {
            break;
          }
        }
      }
      if (sub.lastQueuedOffset < position && !sub.pausedByFlow) {
        sub.lastQueuedOffset = position;   // nothing older is owed: a fresh subscription, or a failed recovery
      }
      List<Delivery> held = new ArrayList<>(sub.held);
      boolean overflowed = sub.heldOverflowed;
      sub.held.clear();
      sub.heldOverflowed = false;
      if (overflowed) {
        sync(sub, sub.lastQueuedOffset, sub.epoch, null, false);
        return;
      }
      for (Delivery d : held) {
        onDelivery(sub, d, null);
      }
      grantCredits(sub);
    });
  }

  // ---- presence --------------------------------------------------------------------------------

  /** The subscription is confirmed in a namespace with presence or join/leave: this client is present. */
  private void joinPresence(Subscription sub) {
    sub.present = true;
    vertx.eventBus().send(Addresses.PRESENCE_JOIN, new io.neuroquantum.server.presence.PresenceClient(id,
        principal.user(), principal.info()).toJson().put("channel", sub.channel), Addresses.local());
  }

  private void leavePresence(Subscription sub) {
    if (sub.present) {
      sub.present = false;
      vertx.eventBus().send(Addresses.PRESENCE_LEAVE, new JsonObject().put("channel", sub.channel).put("client", id),
          Addresses.local());
    }
  }

  /** {@code presence}: who is subscribed to the channel, on every node. */
  private void presence(ClientMessage.Presence p) {
    JsonObject request = new JsonObject().put("channel", p.channel()).put("user", principal.user())
        .put("roles", new JsonArray(principal.roles())).put("subscribed", subscriptions.containsKey(p.channel()));
    vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_QUERY, request, Addresses.local()).onComplete(ar -> {
      if (closing) {
        return;
      }
      if (ar.failed()) {
        String[] reason = splitReason(ar.cause(), "presence is not available on this server");
        error(p.requestId(), reason[0], reason[1]);
        return;
      }
      List<ServerMessage.ClientInfo> clients = new ArrayList<>();
      for (Object o : ar.result().body().getJsonArray("clients")) {
        JsonObject c = (JsonObject) o;
        clients.add(new ServerMessage.ClientInfo(c.getString("client"), c.getString("user"), c.getString("info")));
      }
      JsonObject reply = ar.result().body();
      flow.control(new ServerMessage.PresenceResult(p.requestId(), p.channel(), clients,
          reply.getInteger("total", clients.size()), reply.getBoolean("truncated", false)));
    });
  }

  /**
   * A {@code join} or {@code leave} of a subscribed channel, unless it is about this connection: at
   * most once (a live subscription only, dropped when the buffer is full).
   */
  void notice(Subscription sub, byte[] frame, String aboutClient) {
    if (!closing && !sub.ended && sub.state == Subscription.State.LIVE && !id.equals(aboutClient)) {
      flow.notice(frame);
    }
  }

  // ---- query streams ---------------------------------------------------------------------------

  /** Starts a query; its rows stream on {@code query:<id>}, which this connection subscribes to at once. */
  private void executeQuery(ClientMessage.ExecuteQuery q) {
    JsonObject options = new JsonObject();
    if (q.options() != null) {
      ClientMessage.QueryOptions o = q.options();
      options.put("batch_size", o.batchSize()).put("batch_interval_ms", o.batchIntervalMs())
          .put("max_rows", o.maxRows()).put("timeout_ms", o.timeoutMs()).put("format", o.format());
      options = new JsonObject(options.stream().filter(e -> e.getValue() != null)
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
    JsonObject request = new JsonObject().put("sql", q.query()).put("owner", principal.user()).put("options", options);
    if (q.params() != null) {
      if (!q.params().isArray()) {
        error(q.requestId(), "invalid_params", "params must be an array");
        return;
      }
      request.put("params", new JsonArray(ProtocolCodec.json(q.params())));
    }
    vertx.eventBus().<JsonObject>request(Addresses.QUERY_EXECUTE_LOCAL, request).onComplete(ar -> {
      if (closing) {
        return;
      }
      if (ar.failed()) {
        String[] reason = splitReason(ar.cause(), "query streaming is not enabled on this server");
        flow.control(new ServerMessage.QueryError(q.requestId(), null, new ServerMessage.ErrorBody(reason[0], reason[1])));
        return;
      }
      String channel = ar.result().body().getString("channel");
      subscribe(new ClientMessage.Subscribe(q.requestId(), channel, null, null));
    });
  }

  private void cancelQuery(ClientMessage.CancelQuery c) {
    vertx.eventBus().<JsonObject>request(Addresses.QUERY_CANCEL,
        new JsonObject().put("query_id", c.queryId()).put("user", principal.user()), Addresses.local()).onComplete(ar -> {
          if (!closing && ar.failed()) {
            String code = noAdapter(ar.cause()) ? "not_available"
                : ar.cause() instanceof ReplyException re && re.failureCode() == 403 ? "forbidden" : "not_found";
            error(c.requestId(), code, noAdapter(ar.cause()) ? "query streaming is not enabled on this server"
                : ar.cause().getMessage());
          }
        });
  }

  private static boolean noAdapter(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS;
  }

  /** {@code "code: reason"} from a failed request to a local service, split for the client. */
  private static String[] splitReason(Throwable e, String whenNoService) {
    if (noAdapter(e)) {
      return new String[] {"not_available", whenNoService};
    }
    String m = String.valueOf(e.getMessage());
    int colon = m.indexOf(": ");
    return colon > 0 && !m.substring(0, colon).contains(" ") ? new String[] {m.substring(0, colon), m.substring(colon + 2)}
        : new String[] {"query_failed", m};
  }

  /**
   * Grants the query's publisher credit for as many frames as this connection has room for (half
   * its buffer, by count and by bytes, less what is queued or already granted). Nothing is granted
   * while the client is paused or not reading, so the database cursor waits.
   */
  private void grantCredits(Subscription sub) {
    if (!sub.creditFlow || sub.paused() || sub.state != Subscription.State.LIVE || closing) {
      return;
    }
    long window = Math.max(2, flow.maxMessages() / 2);
    long byBytes = sub.maxFrameBytes < 256 ? 2   // no full frame seen yet: start small
        : (flow.maxBytes() / 2 - flow.queuedBytes()) / sub.maxFrameBytes;
    long room = Math.min(window - flow.queuedMessages(), byBytes) - sub.outstanding;
    if (room >= Math.max(1, window / 4) || (sub.outstanding <= 0 && room >= 1)) {
      sub.outstanding += room;
      vertx.eventBus().send(Addresses.QUERY_CREDIT,
          new JsonObject().put("query_id", sub.channel.substring(sub.channel.indexOf(':') + 1)).put("credits", room),
          Addresses.local());
    }
  }

  private void unsubscribe(ClientMessage.Unsubscribe u) {
    Subscription sub = subscriptions.remove(u.channel());
    if (sub == null) {
      error(u.requestId(), "not_subscribed", "not subscribed to " + u.channel());
      return;
    }
    sub.ended = true;
    gateway.unindex(sub);
    gateway.releaseSubscription(principal);
    leavePresence(sub);
    if (sub.creditFlow) {
      creditSubscriptions--;
    }
    if (sub.epoch != null) {
      metrics.unsubscribed(sub.namespace);
    }
    flow.control(new ServerMessage.Unsubscribed(u.requestId(), u.channel()));
  }

  private void publish(ClientMessage.Publish p) {
    publishedTo.put(p.channel(), System.nanoTime());
    ChannelPublish request = new ChannelPublish(p.channel(), p.data().utf8(), p.idempotencyKey(), principal.user(),
        principal.roles(), true, false);
    vertx.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH_LOCAL, request).onComplete(ar -> {
      if (closing) {
        return;
      }
      if (ar.succeeded()) {
        JsonObject r = ar.result().body();
        flow.control(new ServerMessage.Published(p.requestId(), p.channel(), r.getLong("offset"), r.getString("epoch"),
            r.getBoolean("duplicate") ? Boolean.TRUE : null));
        return;
      }
      int status = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
      String code = switch (status) {
        case 400 -> "invalid_channel";
        case 403 -> "forbidden";
        case 404 -> "unknown_namespace";
        case 429 -> "overloaded";
        case 503 -> "not_available";
        default -> "publish_failed";
      };
      if (status == 429) {   // the fan-out is behind: this publisher should slow down, like any other
        double rate = Math.max(1, inbound.rate() / 2);
        inbound.setRate(rate, Math.max(1, rate));
        flow.control(new ServerMessage.SlowDown(rate));
      }
      error(p.requestId(), code, ar.cause().getMessage());
    });
  }

  /** {@code set_batching}: several messages per frame from now on (or not), within the server's caps. */
  private void setBatching(ClientMessage.SetBatching b) {
    if ("none".equals(b.format())) {
      flow.batching(null);
      flow.control(new ServerMessage.BatchingSet(b.requestId(), "none", 1, 0));
      return;
    }
    int maxMessages = Math.min(limits.maxBatchMessages(), b.maxMessages() == null ? limits.maxBatchMessages() : b.maxMessages());
    int maxDelayMs = Math.min(limits.maxBatchDelayMs(), b.maxDelayMs() == null ? 0 : b.maxDelayMs());
    WebSocketFrames.BatchFormat format = "array".equals(b.format()) ? WebSocketFrames.BatchFormat.ARRAY
        : WebSocketFrames.BatchFormat.LINES;
    flow.control(new ServerMessage.BatchingSet(b.requestId(), b.format(), maxMessages, maxDelayMs));
    flow.batching(maxMessages <= 1 ? null : new FlowController.Batching(format, maxMessages, maxDelayMs * 1_000_000L));
  }

  private void pauseStream(ClientMessage.PauseStream p) {
    Subscription sub = subscriptions.get(p.channel());
    if (sub == null) {
      error(p.requestId(), "not_subscribed", "not subscribed to " + p.channel());
      return;
    }
    sub.pausedByClient = true;
  }

  private void resumeStream(ClientMessage.ResumeStream r) {
    Subscription sub = subscriptions.get(r.channel());
    if (sub == null) {
      error(r.requestId(), "not_subscribed", "not subscribed to " + r.channel());
      return;
    }
    if (sub.pausedByClient) {
      sub.pausedByClient = false;
      if (sub.creditFlow) {
        List<Delivery> held = new ArrayList<>(sub.held);
        sub.held.clear();
        held.forEach(d -> onDelivery(sub, d, null));
        grantCredits(sub);   // the publisher held back while paused: nothing was missed
      } else if (!sub.pausedByFlow && sub.state == Subscription.State.LIVE) {
        sync(sub, sub.lastQueuedOffset, sub.epoch, r.requestId(), false);
      }
    }
  }

  // ---- outbound --------------------------------------------------------------------------------

  /**
   * A published message for one of this connection's subscriptions, from the gateway's fan-out (with
   * the publication framed once for this event loop) or from messages held while syncing.
   */
  FlowController.Outcome onDelivery(Subscription sub, Delivery d, SharedFrame shared) {
    if (closing || sub.ended) {
      return FlowController.Outcome.REFUSED;   // unsubscribed or closed meanwhile
    }
    if (sub.state == Subscription.State.SYNCING) {
      if (sub.held.size() < Subscription.MAX_HELD) {
        sub.held.add(d);
      } else {
        sub.heldOverflowed = true;
      }
      return FlowController.Outcome.QUEUED;
    }
    if (sub.creditFlow && sub.pausedByClient) {
      sub.held.add(d);   // at most the credit already granted: delivered on resume
      return FlowController.Outcome.QUEUED;
    }
    if (sub.paused()) {
      return FlowController.Outcome.REFUSED;   // caught up from history on resume
    }
    if (!d.epoch().equals(sub.epoch)) {
      if (d.epoch().equals(sub.replacedEpoch)) {
        return FlowController.Outcome.REFUSED;   // a late message of the epoch this subscription left
      }
      resync(sub);   // the channel's history was lost and began again: the client hears recovered: false
      return FlowController.Outcome.QUEUED;
    }
    if (d.offset() <= sub.lastQueuedOffset) {
      return FlowController.Outcome.REFUSED;   // already queued
    }
    return queue(sub, d.offset(), d.frame(), shared, d.publishedNanos());
  }

  /**
   * Catches a live subscription up from history (the messages after the last one queued), as after
   * a pause: for a channel whose history began a new epoch, or whose publications this node missed.
   */
  void resync(Subscription sub) {
    if (!closing && !sub.ended && sub.state == Subscription.State.LIVE && !sub.paused()) {
      sync(sub, sub.lastQueuedOffset, sub.epoch, null, false);
    }
  }

  private FlowController.Outcome queue(Subscription sub, long offset, byte[] frame, SharedFrame shared,
      long publishedNanos) {
    if (offset <= sub.lastQueuedOffset) {
      return FlowController.Outcome.QUEUED;   // already handed over
    }
    if (sub.creditFlow) {
      sub.outstanding = Math.max(0, sub.outstanding - 1);
      sub.maxFrameBytes = Math.max(sub.maxFrameBytes, frame.length);
    }
    FlowController.Outcome outcome = flow.deliver(sub, offset, frame, shared, publishedNanos);
    if (outcome != FlowController.Outcome.REFUSED) {
      sub.lastQueuedOffset = offset;
      if (sub.creditFlow) {
        grantCredits(sub);
      }
    }
    return outcome;
  }

  @Override
  public void pause(Subscription sub) {
    sub.pausedByFlow = true;
  }

  @Override
  public void slowDownPublishers(Subscription sub) {
    gateway.slowDownPublishers(sub.channel, Math.max(1, limits.rateLimitPerSecond() / 2));
  }

  @Override
  public void slowConsumer(String reason) {
    metrics.slowConsumerDisconnect();
    gateway.alert("warning", "connection " + id + " of " + principal.user() + " closed as a slow consumer: " + reason);
    close(CloseCodes.SLOW_CONSUMER, "slow consumer: " + reason);
  }

  @Override
  public void drained() {
    for (Subscription sub : List.copyOf(subscriptions.values())) {
      if (sub.pausedByFlow && !sub.pausedByClient && sub.state == Subscription.State.LIVE) {
        sync(sub, sub.lastQueuedOffset, sub.epoch, null, false);
      } else {
        grantCredits(sub);
      }
    }
  }

  @Override
  public void wrote() {
    if (creditSubscriptions > 0) {
      for (Subscription sub : subscriptions.values()) {
        if (sub.creditFlow) {
          grantCredits(sub);
        }
      }
    }
  }

  /** Tells this client to publish more slowly when it recently published to {@code channel}. */
  void slowDownIfPublishing(String channel, double rate) {
    Long at = publishedTo.get(channel);
    if (at != null && System.nanoTime() - at < 10_000_000_000L) {
      inbound.setRate(rate, Math.max(1, rate));
      flow.control(new ServerMessage.SlowDown(rate));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void error(String requestId, String code, String message) {
    flow.control(new ServerMessage.Error(requestId, code, message));
  }

  private void subscriptionError(String requestId, String channel, String code, String message) {
    flow.control(new ServerMessage.SubscriptionError(requestId, channel, new ServerMessage.ErrorBody(code, message)));
  }

  Iterable<String> channels() {
    return subscriptions.keySet();
  }

  boolean closing() {
    return closing;
  }

  /** A WebSocket ping; the client's pong (or any frame) counts as a sign of life. */
  void ping() {
    ws.writePing(PING);
  }

  private void cancelExpiry() {
    if (expiry != null) {
      expiry.cancel();
    }
  }

  /** Closes after what is already queued has been handed to the socket. */
  io.vertx.core.Future<Void> closeGracefully(short code, String reason) {
    if (closing) {
      return io.vertx.core.Future.succeededFuture();
    }
    flow.flushNow();
    closing = true;
    cancelExpiry();
    flow.close();
    return ws.close(code, reason);
  }

  /** Closes the socket with a code and reason; pending frames already written are flushed first. */
  void close(short code, String reason) {
    if (closing) {
      return;
    }
    closing = true;
    cancelExpiry();
    flow.close();
    ws.close(code, reason);
  }

  /** Called by the gateway once the socket is closed, from whichever side. */
  void closed() {
    closing = true;
    cancelExpiry();
    flow.close();
    for (Subscription sub : subscriptions.values()) {
      sub.ended = true;
      if (sub.creditFlow) {   // nobody left to read it: stop the query now rather than at its credit timeout
        vertx.eventBus().request(Addresses.QUERY_CANCEL, new JsonObject()
            .put("query_id", sub.channel.substring(sub.channel.indexOf(':') + 1)).put("user", principal.user()),
            Addresses.local());
      }
      gateway.unindex(sub);
      gateway.releaseSubscription(principal);
      leavePresence(sub);
      if (sub.epoch != null) {
        metrics.unsubscribed(sub.namespace);
      }
    }
    subscriptions.clear();
  }
}
