package io.neuroquantum.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.channels.ChannelManagerVerticle;
import io.neuroquantum.server.channels.FanoutBacklog;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket entry point. Serves /health, /ready, /metrics, /openapi.json, /ws and the dashboard at /;
 * authenticates WebSocket handshakes, owns the {@link ClientConnection}s it accepted and hands them
 * the channel messages the channel manager fans out. Several instances can share the port, one per
 * event loop; each keeps its own connections and subscriber index.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Pooled direct buffers for the frames every subscriber of a publication shares. */
  private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

  private final ServerMetrics metrics;
  private final UserLimits userLimits;
  private final AtomicBoolean draining;
  private final Map<String, ClientConnection> connections = new HashMap<>();
  private final Map<String, SubscriberSet> subscribers = new HashMap<>();
  private final FanoutBacklog backlog;
  private FanoutBacklog.Lane lane;
  private OutboundFlusher flusher;
  private final ClientConnection.Gateway gatewayForConnections = new ConnectionCallbacks();
  private Authenticator authenticator;
  private ConnectionLimits limits;
  private OriginPolicy origins;
  private HttpServer server;
  private String openApi;
  private DashboardAssets dashboard;

  /**
   * @param draining shared by all gateway instances: set when the node shuts down
   */
  public GatewayVerticle(ServerMetrics metrics, UserLimits userLimits, AtomicBoolean draining,
      FanoutBacklog backlog) {
    this.metrics = metrics;
    this.userLimits = userLimits;
    this.draining = draining;
    this.backlog = backlog;
  }

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http", new JsonObject());
    int maxFrame = http.getInteger("max_frame_bytes", 65_536);
    JsonObject compression = http.getJsonObject("websocket_compression", new JsonObject());
    boolean compress = compression.getBoolean("enabled", false);
    limits = ConnectionLimits.fromConfig(config().getJsonObject("connections", new JsonObject()), maxFrame,
        compression.getInteger("min_bytes", 1024));
    authenticator = new Authenticator(vertx, config().getJsonObject("auth", new JsonObject()));
    boolean anonymous = config().getJsonObject("auth", new JsonObject()).getBoolean("anonymous", false);
    origins = new OriginPolicy(http.getJsonArray("allowed_origins", new JsonArray()).stream().map(String::valueOf).toList(),
        anonymous);
    if (origins.allowsAny()) {
      LOG.warn("http.allowed_origins contains \"*\": pages on any site may open WebSockets to this server");
    }
    openApi = resource("/openapi.json");
    dashboard = DashboardAssets.load();
    // A frame over the limit is refused from its header, a fragmented message as it grows past it;
    // either way the connection closes with 1009 (ClientConnection.onTransportError).
    HttpServerOptions options = new HttpServerOptions()
        .setMaxWebSocketFrameSize(maxFrame)
        .setMaxWebSocketMessageSize(maxFrame)
        .setRegisterWebSocketWriteHandlers(false)
        // permessage-deflate costs a compressor per connection and a compression per delivery; it is
        // offered only when configured (as Centrifugo does), and then only for large messages
        .setPerMessageWebSocketCompressionSupported(compress)
        .setPerFrameWebSocketCompressionSupported(false)
        .setWebSocketCompressionLevel(compression.getInteger("level", 6))
        .setWebSocketClosingTimeout(2)   // seconds a closed-on client gets to answer before TCP closes
        // No HTTP/2 over cleartext: nothing here needs it, and with it on Vert.x builds a connection only
        // once the first bytes show HTTP/1.1, so a connection that sends nothing is never seen to time
        // out (HttpConnectionGuards)
        .setHttp2ClearTextEnabled(false)
        // Every request and response is handled on this verticle's event loop, so the HTTP connection
        // needs no cross-thread write queue: 4 KB less for each WebSocket, whose upgraded HTTP
        // connection stays reachable for the socket's whole life.
        .setStrictThreadMode(true);
    Router router = router();
    server = vertx.createHttpServer(options)
        .connectionHandler(HttpConnectionGuards.forServer(options, http.getLong("request_header_timeout_ms", 20_000L),
            compress, maxFrame));
    server.requestHandler(req -> {
      if ("/ws".equals(req.path())) {
        upgrade(req);
      } else {
        router.handle(req);
      }
    });
    flusher = new OutboundFlusher(vertx, context);
    lane = backlog.register();
    vertx.setPeriodic(limits.pingIntervalMs(), id -> heartbeat());
    vertx.setPeriodic(500, id -> closeSlowConsumers());
    return Future.join(
        vertx.eventBus().<Delivery>localConsumer(Addresses.FANOUT, m -> fanOut(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_RESYNC, m -> resync(m.body().getString("channel")))
            .completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SLOW_DOWN, m -> slowDown(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_EVENTS, m -> presenceEvent(m.body())).completion(),
        server.listen(http.getInteger("port", 8080), http.getString("host", "0.0.0.0")));
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(metricsRoute());
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
    new RestApi(vertx, authenticator, config()).mount(router);   // jobs and query streams: credentials before bodies
    dashboard.mount(router);   // the dashboard's page and scripts at /
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no route for " + ctx.request().path()));
    return router;
  }

  /**
   * {@code /metrics}, guarded by {@code metrics.access}: {@code "token"} (the default unless anonymous
   * access is on) wants credentials, as for the WebSocket, with one of {@code metrics.roles}
   * ({@code metrics} or {@code admin} by default): 401 without valid ones, 403 without the role;
   * {@code "open"} (the default with anonymous access) serves anyone.
   */
  private io.vertx.core.Handler<RoutingContext> metricsRoute() {
    io.vertx.core.Handler<RoutingContext> scrape = metrics.registry() instanceof PrometheusMeterRegistry p
        ? PrometheusScrapingHandler.create(p)
        : ctx -> error(ctx, 404, "not_found", "metrics are not exported in Prometheus format");
    JsonObject conf = config().getJsonObject("metrics", new JsonObject());
    boolean anonymous = config().getJsonObject("auth", new JsonObject()).getBoolean("anonymous", false);
    String access = conf.getString("access", anonymous ? "open" : "token");
    List<String> roles = conf.getJsonArray("roles", new JsonArray().add("metrics").add("admin")).stream()
        .map(String::valueOf).toList();
    switch (access) {
      case "open":
        return scrape;
      case "token":
        break;
      default:
        throw new IllegalArgumentException("metrics.access must be \"token\" or \"open\", got \"" + access + "\"");
    }
    return ctx -> authenticator.authenticate(ctx.request().headers(), ctx.request().getParam("token")).onComplete(ar -> {
      if (ar.failed() || ar.result().anonymous()) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        error(ctx, 401, "unauthorized", ar.failed() ? ar.cause().getMessage()
            : "credentials with one of the roles " + roles + " are required (metrics.access)");
        return;
      }
      if (!ar.result().hasAnyRole(roles)) {
        error(ctx, 403, "forbidden", "metrics need one of the roles " + roles);
        return;
      }
      scrape.handle(ctx);
    });
  }

  private void ready(RoutingContext ctx) {
    if (draining.get()) {
      error(ctx, 503, "draining", "the server is shutting down");
      return;
    }
    vertx.eventBus().request(Addresses.CHANNELS_PING, null, Addresses.local()).onComplete(ar -> {
      JsonObject checks = new JsonObject().put("channel_manager", ar.succeeded() ? "UP" : "DOWN");
      ctx.response().setStatusCode(ar.succeeded() ? 200 : 503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN").put("checks", checks).encode());
    });
  }

  // ---- WebSocket handshake ---------------------------------------------------------------------

  /**
   * {@code GET /ws}, taken before the router: the WebSocket is then the core one, whose Netty
   * pipeline the fan-out writes to directly (vertx-web's wrapper would hide it).
   */
  private void upgrade(HttpServerRequest req) {
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      error(req.response(), 400, "websocket_required", "/ws speaks WebSocket only");
      return;
    }
    if (draining.get()) {
      error(req.response(), 503, "draining", "the server is shutting down; connect to another node");
      return;
    }
    String origin = req.getHeader("Origin");
    if (!origins.allows(origin, req.getHeader("Host"))) {
      error(req.response(), 403, "origin_not_allowed", "this origin may not open WebSockets here (http.allowed_origins)");
      return;
    }
    req.pause();   // keep the upgrade possible while authentication runs
    authenticator.authenticate(req.headers(), req.getParam("token")).onComplete(ar -> {
      if (ar.failed()) {
        error(req.response(), 401, "unauthorized", ar.cause().getMessage());
        return;
      }
      admit(req, ar.result());
    });
  }

  /**
   * Counts the connection against its user's limit (in a cluster, the cluster's count: the same
   * refusal whichever node the user's other connections are on), then upgrades.
   */
  private void admit(HttpServerRequest req, Principal principal) {
    int limit = principal.anonymous() ? limits.maxAnonymous() : limits.maxPerUser();
    userLimits.admitConnection(principal.user(), limit).onComplete(admitted -> {
      if (admitted.failed()) {
        req.response().putHeader("Retry-After", "1");
        error(req.response(), 503, "not_available", "the cluster could not count this connection; try again");
        return;
      }
      UserLimits.Lease lease = admitted.result();
      if (lease == null) {
        req.response().putHeader("Retry-After", "10");
        error(req.response(), 429, "too_many_connections", "at most " + limit + " connections for " + principal.user());
        return;
      }
      Future<ServerWebSocket> upgraded;
      try {
        upgraded = req.toWebSocket();
      } catch (RuntimeException e) {   // the request went away while it was being authenticated
        lease.release();
        return;
      }
      upgraded.onComplete(up -> {
        if (up.failed()) {
          lease.release();
          return;
        }
        try {
          accept(up.result(), principal, lease);
        } catch (RuntimeException e) {
          lease.release();
          up.result().close();
          LOG.warn("could not accept a connection of {}: {}", principal.user(), e.toString());
        }
      });
    });
  }

  /**
   * Takes over an upgraded socket. The user's count (the lease) is given back exactly once, when the
   * socket closes, however it closes: even when it closed before this ran, in which case its close
   * handler would never fire.
   */
  private void accept(ServerWebSocket ws, Principal principal, UserLimits.Lease lease) {
    String id = UUID.randomUUID().toString();
    ClientConnection connection = new ClientConnection(id, principal, ws, vertx, metrics, limits, gatewayForConnections,
        flusher);
    connections.put(id, connection);
    metrics.connectionOpened();
    Runnable onClose = () -> {
      if (connections.remove(id) != null) {
        connection.closed();
        metrics.connectionClosed();
        lease.release();
      }
    };
    ws.closeHandler(v -> onClose.run());
    ws.exceptionHandler(e -> {
      LOG.debug("connection {}: {}", id, e.toString());
      connection.brokenInput(e);
    });
    if (ws.isClosed()) {
      onClose.run();
      return;
    }
    connection.start();
  }

  // ---- fan-out ---------------------------------------------------------------------------------

  /**
   * Hands a publication to this event loop's subscribers of its channel: framed once into a shared
   * buffer, written to each socket that has room, flushed at the end of the loop's turn.
   */
  private void fanOut(Delivery delivery) {
    SubscriberSet set = subscribers.get(delivery.channel());
    if (set != null) {
      SharedFrame shared = new SharedFrame(ALLOCATOR, delivery.frame());
      try {
        int sent = set.deliver(delivery, shared);
        if (sent > 0) {
          metrics.messagesOut(sent, (long) sent * delivery.frame().length);
          metrics.publishToSend(delivery.publishedNanos());   // once per loop: the last of its subscribers
        }
      } finally {
        shared.release();
      }
    }
    lane.done(delivery.frame().length);
  }

  /** The channel's subscribers here catch up from history: a publication they needed never reached this node. */
  private void resync(String channel) {
    SubscriberSet set = subscribers.get(channel);
    if (set != null) {
      set.snapshot().forEach(sub -> sub.connection.resync(sub));
    }
  }

  /** A {@code join} or {@code leave} for this loop's subscribers of its channel, but not the one it is about. */
  private void presenceEvent(JsonObject event) {
    SubscriberSet set = subscribers.get(event.getString("channel"));
    if (set != null) {
      byte[] frame = event.getString("frame").getBytes(StandardCharsets.UTF_8);
      String about = event.getString("client");
      set.snapshot().forEach(sub -> sub.connection.notice(sub, frame, about));
    }
  }

  private void slowDown(JsonObject body) {
    String channel = body.getString("channel");
    double rate = body.getDouble("rate", 1.0);
    for (ClientConnection c : connections.values()) {
      c.slowDownIfPublishing(channel, rate);
    }
  }

  private final class ConnectionCallbacks implements ClientConnection.Gateway {
    private final Map<String, Long> slowDownSent = new HashMap<>();

    @Override
    public Authenticator authenticator() {
      return authenticator;
    }

    @Override
    public Future<Boolean> reserveSubscription(Principal principal) {
      return userLimits.admitSubscription(principal.user(), limits.maxSubscriptionsPerUser());
    }

    @Override
    public void releaseSubscription(Principal principal) {
      userLimits.releaseSubscription(principal.user());
    }

    @Override
    public void index(Subscription sub) {
      subscribers.computeIfAbsent(sub.channel, c -> {
        watch(c, true);   // sent before the subscribe request, so the channel manager sees it first
        return new SubscriberSet();
      }).add(sub);
    }

    @Override
    public void unindex(Subscription sub) {
      SubscriberSet set = subscribers.get(sub.channel);
      if (set != null) {
        set.remove(sub);
        if (set.isEmpty()) {
          subscribers.remove(sub.channel);
          watch(sub.channel, false);
        }
      }
    }

    private void watch(String channel, boolean watching) {
      vertx.eventBus().send(Addresses.CHANNELS_WATCH, new JsonObject().put("channel", channel).put("watching", watching),
          Addresses.local());
    }

    @Override
    public void slowDownPublishers(String channel, double rate) {
      long now = System.nanoTime();
      Long last = slowDownSent.get(channel);
      if (last == null || now - last > 1_000_000_000L) {
        slowDownSent.put(channel, now);
        vertx.eventBus().publish(Addresses.SLOW_DOWN, new JsonObject().put("channel", channel).put("rate", rate),
            Addresses.local());
      }
    }

    @Override
    public void alert(String severity, String message) {
      JsonObject data = new JsonObject(ProtocolCodec.encode(new ServerMessage.AlertNotification(severity, message)));
      vertx.eventBus().request(Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", ChannelManagerVerticle.ALERTS_CHANNEL).put("data", data));
    }
  }

  // ---- housekeeping ----------------------------------------------------------------------------

  private void heartbeat() {
    long now = System.nanoTime();
    for (ClientConnection c : new ArrayList<>(connections.values())) {
      if (c.silentForNanos(now) > limits.idleTimeoutMs() * 1_000_000L) {
        c.close(CloseCodes.IDLE_TIMEOUT, "nothing heard for " + limits.idleTimeoutMs() + " ms");
      } else if (!c.closing()) {
        c.ping();
      }
    }
  }

  private void closeSlowConsumers() {
    long now = System.nanoTime();
    long deadline = limits.slowConsumerTimeoutMs() * 1_000_000L;
    for (ClientConnection c : new ArrayList<>(connections.values())) {
      if (c.flow().fullForNanos(now) > deadline) {
        c.slowConsumer("outbound buffer full for over " + limits.slowConsumerTimeoutMs() + " ms");
      }
    }
  }

  /**
   * The longest a stopping gateway waits for its clients' queued frames and closes (4503) before it
   * lets go of them; the Kubernetes grace period is sized on it (k8s/, docs/deployment.md).
   */
  public static final long CLIENT_DRAIN_MS = 3000;

  /** Graceful stop: tell every client to reconnect elsewhere, give them a moment, then let go. */
  @Override
  public Future<?> stop() {
    draining.set(true);
    backlog.unregister(lane);
    if (connections.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    List<Future<Void>> closes = new ArrayList<>();
    for (ClientConnection c : new ArrayList<>(connections.values())) {
      c.flow().flushNow();
      closes.add(c.closeGracefully(CloseCodes.GOING_AWAY_RECONNECT, "server shutting down; reconnect"));
    }
    Future.join(closes).onComplete(ar -> done.tryComplete());
    vertx.setTimer(CLIENT_DRAIN_MS, id -> done.tryComplete());
    return done.future();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static void error(RoutingContext ctx, int status, String code, String message) {
    error(ctx.response(), status, code, message);
  }

  private static void error(HttpServerResponse response, int status, String code, String message) {
    if (response.ended()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
  }

  private static String resource(String path) {
    try (InputStream in = GatewayVerticle.class.getResourceAsStream(path)) {
      return in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
