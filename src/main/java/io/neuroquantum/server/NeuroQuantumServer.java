package io.neuroquantum.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neuroquantum.server.bus.DeliveryCodec;
import io.neuroquantum.server.channels.ChannelManagerVerticle;
import io.neuroquantum.server.channels.FanoutBacklog;
import io.neuroquantum.server.cluster.ClusterNode;
import io.neuroquantum.server.cluster.ClusterSettings;
import io.neuroquantum.server.cluster.SharedConfigCheck;
import io.neuroquantum.server.cluster.ClusterUserLimits;
import io.neuroquantum.server.gateway.ConnectionRegistry;
import io.neuroquantum.server.gateway.GatewayVerticle;
import io.neuroquantum.server.gateway.UserLimits;
import io.neuroquantum.server.presence.PresenceVerticle;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.neuroquantum.server.query.H2Database;
import io.neuroquantum.server.query.JdbcQueryBackend;
import io.neuroquantum.server.query.PgQueryBackend;
import io.neuroquantum.server.query.QueryBackend;
import io.neuroquantum.server.query.QueryVerticle;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running server: one Vert.x instance, the channel manager and the gateway instances.
 *
 * <p>Configuration, later sources winning: the embedded {@code conf/application.json}, the file
 * given with {@code serve --conf}, the environment ({@code NQ_HTTP_PORT}, {@code NQ_HTTP_ALLOWED_ORIGINS},
 * {@code NQ_AUTH_JWT_SECRET}, {@code NQ_AUTH_API_KEYS},
 * {@code NQ_AUTH_ANONYMOUS}, {@code NQ_AUTH_RS256_PUBLIC_KEY}, {@code NQ_CLUSTER_MEMBERS}, {@code NQ_CLUSTER_HOST},
 * {@code NQ_CLUSTER_PORT}, {@code NQ_CLUSTER_NAME}, {@code NQ_CLUSTER_KUBERNETES_SERVICE_DNS},
 * {@code NQ_ANNEAL_STORE}), then
 * overrides passed in code (tests).
 *
 * <p>With a {@code cluster} section (or {@code NQ_CLUSTER_MEMBERS}, {@code NQ_CLUSTER_KUBERNETES_SERVICE_DNS})
 * the node joins a Hazelcast
 * cluster and its channels are the cluster's; without one, nothing of Hazelcast starts.
 */
public final class NeuroQuantumServer {

  private final Vertx vertx;
  private final int httpPort;
  private final JsonObject config;
  private final ServerMetrics metrics;
  private final AtomicBoolean draining;
  private final List<String> gatewayDeployments;
  private final FanoutBacklog fanoutBacklog;

  private NeuroQuantumServer(Vertx vertx, int httpPort, JsonObject config, ServerMetrics metrics,
      AtomicBoolean draining, List<String> gatewayDeployments, FanoutBacklog fanoutBacklog) {
    this.fanoutBacklog = fanoutBacklog;
    this.vertx = vertx;
    this.httpPort = httpPort;
    this.config = config;
    this.metrics = metrics;
    this.draining = draining;
    this.gatewayDeployments = gatewayDeployments;
  }

  public static Future<NeuroQuantumServer> start(Path confFile) {
    return start(confFile, new JsonObject());
  }

  /** Starts the server; the future fails, with nothing left running, if any part fails to start. */
  public static Future<NeuroQuantumServer> start(Path confFile, JsonObject overrides) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx configVertx = newVertx(registry);
    return loadConfig(configVertx, confFile, overrides).transform(loaded -> {
      if (loaded.failed()) {
        configVertx.close();
        return Future.failedFuture(loaded.cause());
      }
      JsonObject config = loaded.result();
      ClusterSettings settings;
      try {
        settings = ClusterSettings.fromConfig(config);
      } catch (IllegalArgumentException e) {
        configVertx.close();
        return Future.failedFuture(e);
      }
      if (!settings.enabled()) {
        return start(configVertx, registry, config, null);   // one node: nothing of Hazelcast starts
      }
      // A cluster member: the configuration told us how to join, so the real Vert.x is built now. The
      // first one, which read the configuration, is closed once this completes: callbacks of this
      // chain still run on its event loop.
      // Reading Vert.x's default cluster file validates it against Hazelcast's schema: seconds of CPU
      // on a busy machine, so not on the event loop
      return joinWithRetries(configVertx, registry, config, settings, JOIN_ATTEMPTS)
          .onComplete(ar -> configVertx.close());
    });
  }

  /** Tries at joining the cluster when a write of the join itself could not be confirmed. */
  private static final int JOIN_ATTEMPTS = 3;

  /**
   * Builds the cluster manager (off the event loop: reading Vert.x's default cluster file validates it
   * against Hazelcast's schema, seconds of CPU on a busy machine) and joins. While several members join
   * at once a write of the join (Vert.x's own event-bus registrations) can miss its backup's
   * acknowledgement, which the cluster settings make a failure rather than a silent risk: then this
   * member leaves and joins again, a few times, instead of not starting at all.
   */
  private static Future<NeuroQuantumServer> joinWithRetries(Vertx configVertx, PrometheusMeterRegistry registry,
      JsonObject config, ClusterSettings settings, int attempts) {
    return configVertx.executeBlocking(() -> new HazelcastClusterManager(settings.hazelcastConfig(historyBudget(config))))
        .compose(manager -> joinCluster(registry, config, settings, manager))
        .recover(err -> {
          if (attempts <= 1 || !unconfirmedWrite(err)) {
            return Future.failedFuture(err);
          }
          System.err.println("joining the cluster failed (" + err.getMessage() + "); joining again");
          Promise<NeuroQuantumServer> again = Promise.promise();
          configVertx.setTimer(2_000, id -> joinWithRetries(configVertx, registry, config, settings, attempts - 1)
              .onComplete(again));
          return again.future();
        });
  }

  private static boolean unconfirmedWrite(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof com.hazelcast.core.IndeterminateOperationStateException
          || String.valueOf(t.getMessage()).contains("backup acks missed")) {
        return true;
      }
    }
    return false;
  }

  /** The server on a clustered Vert.x, once this member's configuration is found to agree with the cluster's. */
  private static Future<NeuroQuantumServer> joinCluster(PrometheusMeterRegistry registry, JsonObject config, ClusterSettings settings,
      HazelcastClusterManager manager) {
    return newClusteredVertx(registry, settings, manager)
        .compose(clustered -> clustered.executeBlocking(() -> {
          SharedConfigCheck.verify(manager.getHazelcastInstance(), config);
          return clustered;
        }).compose(checked -> start(checked, registry, config,
            new ClusterNode(manager.getHazelcastInstance(), settings.gapWaitMs(), settings.presenceTtlMs())))
        .recover(err -> {
          clustered.close();   // in the background: its completion would run on an event loop that is going away
          return Future.failedFuture(err);
        }));
  }

  private static VertxOptions vertxOptions() {
    return new VertxOptions().setPreferNativeTransport(true)   // epoll on Linux, NIO elsewhere
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setJvmMetricsEnabled(true).setEnabled(true));
  }

  private static Vertx newVertx(PrometheusMeterRegistry registry) {
    return Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  private static Future<Vertx> newClusteredVertx(PrometheusMeterRegistry registry, ClusterSettings settings,
      HazelcastClusterManager manager) {
    VertxOptions options = vertxOptions();
    options.getEventBusOptions().setHost(settings.host()).setPort(settings.busPort());
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(manager).buildClustered();
  }

  /** The most bytes all channel histories may hold on this node (an eighth of the heap by default). */
  private static long historyBudget(JsonObject config) {
    return config.getJsonObject("channels", new JsonObject()).getLong("history_max_bytes", Runtime.getRuntime().maxMemory() / 8);
  }

  private static Future<NeuroQuantumServer> start(Vertx vertx, PrometheusMeterRegistry registry, JsonObject config,
      ClusterNode cluster) {
    vertx.eventBus().registerDefaultCodec(io.neuroquantum.server.bus.Delivery.class, new DeliveryCodec());
    ServerMetrics metrics = new ServerMetrics(registry);
    AtomicBoolean draining = new AtomicBoolean();
    // one node counts in its heap, at once; a cluster in its shared maps, so the limits hold across nodes
    UserLimits userLimits = cluster == null ? new ConnectionRegistry() : new ClusterUserLimits(vertx, cluster.hazelcast());
    return Future.succeededFuture(config).compose(cfg -> {
      JsonObject http = config.getJsonObject("http", new JsonObject());
      int instances = http.getInteger("instances", Runtime.getRuntime().availableProcessors());
      if (http.getInteger("port", 8080) == 0 && instances > 1) {
        http.put("port", freePort());   // instances share one port; port 0 would give each its own
      }
      config.put("http", http);
      List<GatewayVerticle> gateways = new ArrayList<>();
      JsonObject channels = config.getJsonObject("channels", new JsonObject());
      FanoutBacklog backlog = new FanoutBacklog(channels.getLong("max_fanout_backlog_messages", 50_000L),
          channels.getLong("max_fanout_backlog_bytes", 64L << 20));
      metrics.fanoutBacklog(backlog::messagesBehind, backlog::bytesBehind);
      return vertx.deployVerticle(new ChannelManagerVerticle(metrics, backlog, cluster),
              new DeploymentOptions().setConfig(config))
          .compose(id -> vertx.deployVerticle(new PresenceVerticle(cluster), new DeploymentOptions().setConfig(config)))
          .compose(id -> deployQueryAdapter(vertx, config, metrics))
          .compose(id -> io.neuroquantum.server.hardware.HardwareAdapters.deploy(vertx, config))
          .compose(id -> vertx.deployVerticle(new io.neuroquantum.server.anneal.AnnealJobsVerticle(cluster),
              new DeploymentOptions().setConfig(config)))
          .compose(id -> vertx.deployVerticle(() -> {
            GatewayVerticle g = new GatewayVerticle(metrics, userLimits, draining, backlog);
            gateways.add(g);
            return g;
          }, new DeploymentOptions().setConfig(config).setInstances(instances)))
          .map(id -> new NeuroQuantumServer(vertx, gateways.get(0).actualPort(), config, metrics, draining,
              List.of(id), backlog));
    }).recover(err -> {
      vertx.close();   // in the background: its completion would run on an event loop that is going away
      return Future.failedFuture(err);
    });
  }

  /** The query adapter chosen by {@code query.backend}: h2 (default), postgres, or none. */
  private static Future<String> deployQueryAdapter(Vertx vertx, JsonObject config, ServerMetrics metrics) {
    JsonObject query = config.getJsonObject("query", new JsonObject());
    String backend = query.getString("backend", "h2");
    java.util.function.Function<Vertx, QueryBackend> factory = switch (backend) {
      case "h2" -> v -> {
        try {
          H2Database h2 = H2Database.open(query.getJsonObject("h2", new JsonObject()));
          return new JdbcQueryBackend(v, h2::newSession, h2.maxSessions(), h2::close);
        } catch (Exception e) {
          throw new IllegalStateException("cannot open the H2 database: " + e.getMessage(), e);
        }
      };
      case "postgres" -> v -> new PgQueryBackend(v, query.getJsonObject("postgres", new JsonObject()));
      case "none" -> null;
      default -> throw new IllegalArgumentException("query.backend must be h2, postgres or none, got " + backend);
    };
    if (factory == null) {
      return Future.succeededFuture("none");
    }
    return vertx.deployVerticle(new QueryVerticle(factory, metrics), new DeploymentOptions().setConfig(config));
  }

  public int httpPort() {
    return httpPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject config() {
    return config.copy();
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** How far the gateway event loops are behind the fan-out (for operators' tools and tests). */
  public FanoutBacklog fanoutBacklog() {
    return fanoutBacklog;
  }

  /**
   * Graceful stop: readiness turns 503, clients are told to reconnect elsewhere (close 4503) after
   * their queued frames are handed over, then Vert.x closes.
   */
  public Future<Void> stop() {
    draining.set(true);
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : gatewayDeployments) {
      undeploys.add(vertx.undeploy(id));
    }
    return Future.join(undeploys).transform(ar -> vertx.close());
  }

  static Future<JsonObject> loadConfig(Vertx vertx, Path confFile, JsonObject overrides) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
            .setConfig(new JsonObject().put("path", "conf/application.json")));
    if (confFile != null) {
      if (!Files.isReadable(confFile)) {
        return Future.failedFuture(new IllegalArgumentException("cannot read configuration file " + confFile));
      }
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", confFile.toAbsolutePath().toString())));
    }
    options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true)
        .put("keys", new JsonArray().add("NQ_HTTP_PORT").add("NQ_HTTP_ALLOWED_ORIGINS").add("NQ_AUTH_JWT_SECRET").add("NQ_AUTH_API_KEYS").add("NQ_AUTH_ANONYMOUS")
            .add("NQ_AUTH_RS256_PUBLIC_KEY").add("NQ_QUERY_BACKEND").add("NQ_H2_PATH").add("NQ_PG_HOST")
            .add("NQ_PG_PORT").add("NQ_PG_DATABASE").add("NQ_PG_USER").add("NQ_PG_PASSWORD")
            .add("NQ_CLUSTER_MEMBERS").add("NQ_CLUSTER_HOST").add("NQ_CLUSTER_PORT").add("NQ_CLUSTER_NAME")
            .add("NQ_CLUSTER_KUBERNETES_SERVICE_DNS").add("NQ_ANNEAL_STORE"))));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().map(flat -> {
      retriever.close();
      JsonObject config = flat.copy();
      applyEnvironment(config);
      return config.mergeIn(overrides, true);
    });
  }

  /** Moves the flat NQ_* variables (top-level keys, as the env store reads them) into their places in the tree. */
  static void applyEnvironment(JsonObject config) {
    Object port = config.remove("NQ_HTTP_PORT");
    Object origins = config.remove("NQ_HTTP_ALLOWED_ORIGINS");
    Object secret = config.remove("NQ_AUTH_JWT_SECRET");
    Object anonymous = config.remove("NQ_AUTH_ANONYMOUS");
    Object publicKey = config.remove("NQ_AUTH_RS256_PUBLIC_KEY");
    Object apiKeys = config.remove("NQ_AUTH_API_KEYS");
    JsonObject http = config.getJsonObject("http", new JsonObject());
    JsonObject auth = config.getJsonObject("auth", new JsonObject());
    JsonObject jwt = auth.getJsonObject("jwt", new JsonObject());
    if (port != null && !port.toString().isBlank()) {
      try {
        http.put("port", Integer.parseInt(port.toString().strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("NQ_HTTP_PORT must be a port number, got \"" + port + "\"");
      }
    }
    if (origins != null) {   // comma-separated; empty: same origin only
      JsonArray list = new JsonArray();
      for (String o : origins.toString().split(",")) {
        if (!o.isBlank()) {
          list.add(o.strip());
        }
      }
      http.put("allowed_origins", list);
    }
    if (secret != null && !secret.toString().isBlank()) {
      jwt.put("hs256_secret", secret.toString());
    }
    if (publicKey != null && !publicKey.toString().isBlank()) {
      jwt.put("rs256_public_key", publicKey.toString());
    }
    if (anonymous != null) {
      auth.put("anonymous", Boolean.parseBoolean(anonymous.toString().strip()));
    }
    if (apiKeys != null && !apiKeys.toString().isBlank()) {   // the whole auth.api_keys array, from a secret
      auth.put("api_keys", apiKeyList(apiKeys.toString()));
    }
    auth.put("jwt", jwt);
    config.put("http", http).put("auth", auth);
    JsonObject query = config.getJsonObject("query", new JsonObject());
    JsonObject h2 = query.getJsonObject("h2", new JsonObject());
    JsonObject pg = query.getJsonObject("postgres", new JsonObject());
    Object backend = config.remove("NQ_QUERY_BACKEND");
    if (backend != null && !backend.toString().isBlank()) {
      query.put("backend", backend.toString().strip());
    }
    Object h2Path = config.remove("NQ_H2_PATH");
    if (h2Path != null && !h2Path.toString().isBlank()) {
      h2.put("path", h2Path.toString());
    }
    for (String key : new String[] {"HOST", "PORT", "DATABASE", "USER", "PASSWORD"}) {
      Object v = config.remove("NQ_PG_" + key);
      if (v != null && !v.toString().isBlank()) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        pg.put(k, k.equals("port") ? (Object) Integer.parseInt(v.toString().strip()) : v.toString());
      }
    }
    config.put("query", query.put("h2", h2).put("postgres", pg));
    Object jobStore = config.remove("NQ_ANNEAL_STORE");   // h2 or postgres (then the NQ_PG_* database)
    if (jobStore != null && !jobStore.toString().isBlank()) {
      config.put("anneal", config.getJsonObject("anneal", new JsonObject()).put("store", jobStore.toString().strip()));
    }
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    Object members = config.remove("NQ_CLUSTER_MEMBERS");
    if (members != null && !members.toString().isBlank()) {   // host:port,host:port: turns clustering on
      JsonArray list = new JsonArray();
      for (String m : members.toString().split(",")) {
        if (!m.isBlank()) {
          list.add(m.strip());
        }
      }
      cluster.put("members", list).put("enabled", true);
    }
    Object clusterHost = config.remove("NQ_CLUSTER_HOST");
    if (clusterHost != null && !clusterHost.toString().isBlank()) {
      cluster.put("host", clusterHost.toString().strip());
    }
    Object clusterPort = config.remove("NQ_CLUSTER_PORT");
    if (clusterPort != null && !clusterPort.toString().isBlank()) {
      try {
        cluster.put("port", Integer.parseInt(clusterPort.toString().strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("NQ_CLUSTER_PORT must be a port number, got \"" + clusterPort + "\"");
      }
    }
    Object clusterName = config.remove("NQ_CLUSTER_NAME");
    if (clusterName != null && !clusterName.toString().isBlank()) {
      cluster.put("name", clusterName.toString().strip());
    }
    Object serviceDns = config.remove("NQ_CLUSTER_KUBERNETES_SERVICE_DNS");
    if (serviceDns != null && !serviceDns.toString().isBlank()) {   // the headless Service: turns clustering on
      cluster.put("kubernetes", cluster.getJsonObject("kubernetes", new JsonObject())
          .put("service_dns", serviceDns.toString().strip())).put("enabled", true);
    }
    config.put("cluster", cluster);
  }

  /** {@code NQ_AUTH_API_KEYS}: a JSON array shaped like {@code auth.api_keys}. */
  private static JsonArray apiKeyList(String json) {
    JsonArray keys;
    try {
      keys = new JsonArray(json.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("NQ_AUTH_API_KEYS must be a JSON array like auth.api_keys "
          + "([{\"name\":…,\"user\":…,\"sha256\":…,\"roles\":[…]}]): " + e.getMessage());
    }
    for (Object key : keys) {
      if (!(key instanceof JsonObject k) || k.getString("sha256") == null) {
        throw new IllegalArgumentException("NQ_AUTH_API_KEYS: every entry needs a \"sha256\" of the key, got " + key);
      }
    }
    return keys;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
