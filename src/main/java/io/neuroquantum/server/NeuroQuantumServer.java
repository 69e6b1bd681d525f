package io.neuroquantum.server;

import io.neuroquantum.server.gateway.GatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running server: one Vert.x instance and its verticles. Configuration is the embedded
 * {@code conf/application.json}, then an optional file, then environment overrides
 * ({@code NQ_HTTP_PORT}).
 */
public final class NeuroQuantumServer {

  private final Vertx vertx;
  private final int httpPort;

  private NeuroQuantumServer(Vertx vertx, int httpPort) {
    this.vertx = vertx;
    this.httpPort = httpPort;
  }

  /** Starts the server; the future fails if any verticle fails to deploy. */
  public static Future<NeuroQuantumServer> start(Path confFile) {
    JsonObject config = loadConfig(confFile);
    Vertx vertx = Vertx.builder().build();
    GatewayVerticle gateway = new GatewayVerticle();
    return vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config))
        .map(id -> new NeuroQuantumServer(vertx, gateway.actualPort()))
        .recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
  }

  public int httpPort() {
    return httpPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Future<Void> stop() {
    return vertx.close();
  }

  static JsonObject loadConfig(Path confFile) {
    JsonObject config = new JsonObject();
    try (InputStream in = NeuroQuantumServer.class.getResourceAsStream("/conf/application.json")) {
      if (in != null) {
        config.mergeIn(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)), true);
      }
      if (confFile != null) {
        config.mergeIn(new JsonObject(Files.readString(confFile)), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration: " + e.getMessage(), e);
    }
    String port = System.getenv("NQ_HTTP_PORT");
    if (port != null && !port.isBlank()) {
      config.put("http", config.getJsonObject("http", new JsonObject()).put("port", Integer.parseInt(port.strip())));
    }
    return config;
  }
}
