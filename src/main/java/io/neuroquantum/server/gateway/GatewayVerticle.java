package io.neuroquantum.server.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The HTTP entry point: health endpoints for now; the WebSocket gateway and REST API grow here. */
public final class GatewayVerticle extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    int port = config().getJsonObject("http", new JsonObject()).getInteger("port", 8080);
    String host = config().getJsonObject("http", new JsonObject()).getString("host", "0.0.0.0");
    server = vertx.createHttpServer().requestHandler(router());
    return server.listen(port, host);
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::health);
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no route for " + ctx.request().path()));
    return router;
  }

  private void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
  }
}
