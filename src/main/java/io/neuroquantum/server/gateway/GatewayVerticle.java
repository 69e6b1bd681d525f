package io.neuroquantum.server.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.channels.ChannelManagerVerticle;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket entry point. Serves /health, /ready, /metrics, /openapi.json and /ws;
 * authenticates WebSocket handshakes, owns the {@link ClientConnection}s it accepted and hands them
 * the channel messages the channel manager fans out. Several instances can share the port, one per
 * event loop; each keeps its own connections and subscriber index.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private final ServerMetrics metrics;
  private final ConnectionRegistry registry;
  private final AtomicBoolean draining;
  private final Map<String, ClientConnection> connections = new HashMap<>();
  private final Map<String, Set<ClientConnection>> subscribers = new HashMap<>();
  private final ClientConnection.Gateway gatewayForConnections = new ConnectionCallbacks();
  private Authenticator authenticator;
  private ConnectionLimits limits;
  private List<String> allowedOrigins;
  private HttpServer server;
  private String openApi;

  /**
   * @param draining shared by all gateway instances: set when the node shuts down
   */
  public GatewayVerticle(ServerMetrics metrics, ConnectionRegistry registry, AtomicBoolean draining) {
    this.metrics = metrics;
    this.registry = registry;
    this.draining = draining;
  }

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http", new JsonObject());
    int maxFrame = http.getInteger("max_frame_bytes", 65_536);
    limits = ConnectionLimits.fromConfig(config().getJsonObject("connections", new JsonObject()), maxFrame);
    authenticator = new Authenticator(vertx, config().getJsonObject("auth", new JsonObject()));
    allowedOrigins = http.getJsonArray("allowed_origins", new JsonArray().add("*")).stream().map(String::valueOf).toList();
    openApi = resource("/openapi.json");
    // Netty drops frames past twice the limit outright; up to that, the connection closes them with 1009.
    HttpServerOptions options = new HttpServerOptions()
        .setMaxWebSocketFrameSize(Math.max(2 * maxFrame, 131_072))
        .setMaxWebSocketMessageSize(Math.max(2 * maxFrame, 131_072))
        .setRegisterWebSocketWriteHandlers(false)
        .setWebSocketClosingTimeout(2);   // seconds a closed-on client gets to answer before TCP closes
    server = vertx.createHttpServer(options).requestHandler(router());
    vertx.setPeriodic(limits.pingIntervalMs(), id -> heartbeat());
    vertx.setPeriodic(500, id -> closeSlowConsumers());
    return Future.join(
        vertx.eventBus().<Delivery>localConsumer(Addresses.FANOUT, m -> fanOut(m.body())).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SLOW_DOWN, m -> slowDown(m.body())).completion(),
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
    router.get("/metrics").handler(metrics.registry() instanceof PrometheusMeterRegistry p
        ? PrometheusScrapingHandler.create(p)
        : ctx -> error(ctx, 404, "not_found", "metrics are not exported in Prometheus format"));
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
    router.get("/ws").handler(this::upgrade);
    new RestApi(vertx, authenticator, config()).mount(router);   // jobs and query streams: credentials before bodies
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no route for " + ctx.request().path()));
    return router;
  }

  private void ready(RoutingContext ctx) {
    if (draining.get()) {
      error(ctx, 503, "draining", "the server is shutting down");
      return;
    }
    vertx.eventBus().request(Addresses.CHANNELS_PING, null).onComplete(ar -> {
      JsonObject checks = new JsonObject().put("channel_manager", ar.succeeded() ? "UP" : "DOWN");
      ctx.response().setStatusCode(ar.succeeded() ? 200 : 503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN").put("checks", checks).encode());
    });
  }

  // ---- WebSocket handshake ---------------------------------------------------------------------

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      error(ctx, 400, "websocket_required", "/ws speaks WebSocket only");
      return;
    }
    if (draining.get()) {
      error(ctx, 503, "draining", "the server is shutting down; connect to another node");
      return;
    }
    String origin = req.getHeader("Origin");
    if (origin != null && !allowedOrigins.contains("*") && !allowedOrigins.contains(origin)) {
      error(ctx, 403, "origin_not_allowed", "origin " + origin + " is not allowed");
      return;
    }
    req.pause();   // keep the upgrade possible while authentication runs
    authenticator.authenticate(req.headers(), req.getParam("token")).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 401, "unauthorized", ar.cause().getMessage());
        return;
      }
      Principal principal = ar.result();
      int limit = principal.anonymous() ? limits.maxAnonymous() : limits.maxPerUser();
      if (!registry.tryOpen(principal.user(), limit)) {
        ctx.response().putHeader("Retry-After", "10");
        error(ctx, 429, "too_many_connections", "at most " + limit + " connections for " + principal.user());
        return;
      }
      req.toWebSocket().onSuccess(ws -> accept(ws, principal)).onFailure(e -> registry.closed(principal.user()));
    });
  }

  private void accept(ServerWebSocket ws, Principal principal) {
    String id = UUID.randomUUID().toString();
    ClientConnection connection = new ClientConnection(id, principal, ws, vertx, metrics, limits, gatewayForConnections);
    connections.put(id, connection);
    metrics.connectionOpened();
    ws.closeHandler(v -> {
      if (connections.remove(id) != null) {
        connection.closed();
        registry.closed(principal.user());
        metrics.connectionClosed();
      }
    });
    ws.exceptionHandler(e -> LOG.debug("connection {}: {}", id, e.toString()));
    connection.start();
  }

  // ---- fan-out ---------------------------------------------------------------------------------

  private void fanOut(Delivery delivery) {
    Set<ClientConnection> set = subscribers.get(delivery.channel());
    if (set == null) {
      return;
    }
    for (ClientConnection c : set.toArray(new ClientConnection[0])) {
      c.onDelivery(delivery);
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
    public boolean reserveSubscription(Principal principal) {
      return registry.trySubscribe(principal.user(), limits.maxSubscriptionsPerUser());
    }

    @Override
    public void releaseSubscription(Principal principal) {
      registry.unsubscribed(principal.user());
    }

    @Override
    public void index(ClientConnection connection, String channel) {
      subscribers.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(connection);
    }

    @Override
    public void unindex(ClientConnection connection, String channel) {
      Set<ClientConnection> set = subscribers.get(channel);
      if (set != null && set.remove(connection) && set.isEmpty()) {
        subscribers.remove(channel);
      }
    }

    @Override
    public void slowDownPublishers(String channel, double rate) {
      long now = System.nanoTime();
      Long last = slowDownSent.get(channel);
      if (last == null || now - last > 1_000_000_000L) {
        slowDownSent.put(channel, now);
        vertx.eventBus().publish(Addresses.SLOW_DOWN, new JsonObject().put("channel", channel).put("rate", rate));
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

  /** Graceful stop: tell every client to reconnect elsewhere, give them a moment, then let go. */
  @Override
  public Future<?> stop() {
    draining.set(true);
    if (connections.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    List<Future<Void>> closes = new ArrayList<>();
    for (ClientConnection c : new ArrayList<>(connections.values())) {
      c.flow().flush();
      closes.add(c.closeGracefully(CloseCodes.GOING_AWAY_RECONNECT, "server shutting down; reconnect"));
    }
    Future.join(closes).onComplete(ar -> done.tryComplete());
    vertx.setTimer(3000, id -> done.tryComplete());
    return done.future();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void error(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
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
