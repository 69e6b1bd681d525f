package io.neuroquantum.server.gateway;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * The REST endpoints users call: annealing jobs ({@code /api/v1/anneal/jobs}) and query streams
 * ({@code POST /api/v1/query/stream}). Every route authenticates from the headers first. The two that
 * take a body do it with the request paused, then reserve the body's size from the {@link BodyBudget},
 * and only then let vertx-web's BodyHandler read it: a caller without credentials, or over the
 * budget, is answered without a byte of the body being read, and the connection is closed rather
 * than drained.
 */
final class RestApi {

  /** The query endpoint's body limit: SQL text and its parameters. */
  static final int QUERY_BODY_LIMIT = 1 << 20;
  static final int DEFAULT_JOB_BODY_LIMIT = 4 << 20;

  /** How long a refused, unread request's connection stays open (paused) for its answer to be read. */
  static final long CLOSE_DELAY_MS = 1000;

  private static final String PRINCIPAL = "nq.principal";
  private static final DeliveryOptions JOB_REQUEST = new DeliveryOptions().setSendTimeout(60_000);

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final BodyBudget budget;
  private final int jobBodyLimit;

  RestApi(Vertx vertx, Authenticator authenticator, JsonObject config) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.budget = BodyBudget.shared(vertx, config.getJsonObject("http", new JsonObject()));
    this.jobBodyLimit = config.getJsonObject("anneal", new JsonObject()).getInteger("max_body_bytes",
        DEFAULT_JOB_BODY_LIMIT);
  }

  void mount(Router router) {
    router.post("/api/v1/query/stream").handler(beforeBody(ctx -> authenticate(ctx, true)))
        .handler(beforeBody(ctx -> reserve(ctx, QUERY_BODY_LIMIT, "the query endpoint's limit")))
        .handler(BodyHandler.create().setBodyLimit(QUERY_BODY_LIMIT)).handler(this::queryStream);
    router.post("/api/v1/anneal/jobs").handler(beforeBody(ctx -> authenticate(ctx, true)))
        .handler(beforeBody(ctx -> reserve(ctx, jobBodyLimit, "anneal.max_body_bytes")))
        .handler(BodyHandler.create().setBodyLimit(jobBodyLimit)).handler(this::submitJob);
    router.get("/api/v1/anneal/jobs").handler(ctx -> authenticate(ctx, false))
        .handler(ctx -> jobRequest(ctx, Addresses.ANNEAL_LIST, new JsonObject(), 200));
    router.get("/api/v1/anneal/jobs/:id").handler(ctx -> authenticate(ctx, false))
        .handler(ctx -> jobRequest(ctx, Addresses.ANNEAL_GET, new JsonObject().put("job_id", ctx.pathParam("id")), 200));
    router.delete("/api/v1/anneal/jobs/:id").handler(ctx -> authenticate(ctx, false))
        .handler(ctx -> jobRequest(ctx, Addresses.ANNEAL_CANCEL_LOCAL, new JsonObject().put("job_id", ctx.pathParam("id")),
            200));
  }

  // ---- before the body -------------------------------------------------------------------------

  /**
   * vertx-web orders a route's handlers by kind and lets only platform and security-policy handlers
   * run before its BodyHandler; ours are security policy: who may send a body, and how large.
   */
  private static SecurityPolicyHandler beforeBody(Handler<RoutingContext> handler) {
    return handler::handle;
  }

  /**
   * Authenticates from the headers (or {@code ?token=}). On a route with a body the request is paused
   * first, so nothing of the body is read meanwhile, and stays paused for {@link #reserve}.
   */
  private void authenticate(RoutingContext ctx, boolean bodyFollows) {
    HttpServerRequest req = ctx.request();
    if (bodyFollows) {
      req.pause();
    }
    authenticator.authenticate(req.headers(), req.getParam("token")).onComplete(auth -> {
      if (auth.failed()) {
        if (bodyFollows) {
          refuseUnread(ctx, 401, "unauthorized", auth.cause().getMessage());
        } else {
          error(ctx, 401, "unauthorized", auth.cause().getMessage());
        }
        return;
      }
      ctx.put(PRINCIPAL, auth.result());
      ctx.next();
    });
  }

  /**
   * Reserves the body's declared length (the endpoint's limit when it declares none) from the
   * caller's share of the body budget and the server's, released when the response has ended.
   */
  private void reserve(RoutingContext ctx, long limit, String limitName) {
    Principal principal = ctx.get(PRINCIPAL);
    long declared = contentLength(ctx.request());
    if (declared > limit) {
      refuseUnread(ctx, 413, "body_too_large", "the body is " + declared + " bytes; " + limitName + " is " + limit);
      return;
    }
    long bytes = declared >= 0 ? declared : limit;
    switch (budget.tryReserve(principal.user(), bytes)) {
      case USER -> {
        ctx.response().putHeader("Retry-After", "5");
        refuseUnread(ctx, 429, "too_many_bodies", "the bodies " + principal.user() + " has in flight would exceed "
            + "http.max_inflight_body_bytes_per_user = " + budget.maxPerUser() + " bytes; send one at a time");
      }
      case SERVER -> {
        ctx.response().putHeader("Retry-After", "5");
        refuseUnread(ctx, 503, "busy", "the server holds http.max_inflight_body_bytes = " + budget.maxInFlight()
            + " bytes of request bodies already; try again shortly");
      }
      case NONE -> {
        ctx.addEndHandler(done -> budget.release(principal.user(), bytes));
        ctx.next();
      }
    }
  }

  private static long contentLength(HttpServerRequest req) {
    String header = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Answers a request whose body has not been read, and then closes an HTTP/1 connection rather than
   * read the rest: reading it would be the very work the refusal avoids. The close waits a moment
   * ({@link #CLOSE_DELAY_MS}): closing a socket with unread bytes makes TCP send a reset, which would
   * destroy the answer in the client's buffers before it is read.
   */
  private void refuseUnread(RoutingContext ctx, int status, String code, String message) {
    HttpServerRequest req = ctx.request();
    boolean http1 = req.version() != HttpVersion.HTTP_2;
    if (http1) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(errorBody(code, message)).onComplete(v -> {
          if (http1) {
            // What the socket still delivers is dropped as it comes: left queued in a paused request it
            // is never released when the connection closes (Netty direct memory that leaked, found by
            // the soak). Reading stops with the close; until then it costs a copy, not memory.
            req.handler(ignored -> { });
            req.resume();
            vertx.setTimer(CLOSE_DELAY_MS, t -> req.connection().close());
          }
        });
  }

  // ---- endpoints -------------------------------------------------------------------------------

  /**
   * {@code POST /api/v1/query/stream {sql, params?, options?}} → {@code {query_id, channel,
   * websocket_url}}. The rows wait for the owner to subscribe to the channel: no credit, no read.
   */
  private void queryStream(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      error(ctx, 400, "malformed_json", "the body must be a JSON object");
      return;
    }
    if (body == null || !(body.getValue("sql") instanceof String)) {
      error(ctx, 400, "invalid_query", "the body needs {\"sql\": \"SELECT …\"}");
      return;
    }
    JsonObject request = new JsonObject().put("sql", body.getString("sql")).put("owner", principal.user())
        .put("options", body.getValue("options") instanceof JsonObject o ? o : new JsonObject());
    if (body.getValue("params") != null) {
      if (!(body.getValue("params") instanceof JsonArray)) {
        error(ctx, 400, "invalid_params", "params must be an array");
        return;
      }
      request.put("params", body.getJsonArray("params"));
    }
    vertx.eventBus().<JsonObject>request(Addresses.QUERY_EXECUTE_LOCAL, request).onComplete(ar -> {
      if (ar.failed()) {
        replyFailure(ctx, ar.cause());
        return;
      }
      ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
          .end(ar.result().body().copy().put("websocket_url", websocketUrl(ctx)).encode());
    });
  }

  /** {@code POST /api/v1/anneal/jobs {problem, solver, backend}} → 202 {@code {job_id, channel, websocket_url}}. */
  private void submitJob(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "malformed_json", "the body must be a JSON object");
      return;
    }
    jobRequest(ctx, Addresses.ANNEAL_SUBMIT_LOCAL, body, 202);
  }

  /** Forwards to the jobs verticle as the authenticated caller and maps its failures to statuses. */
  private void jobRequest(RoutingContext ctx, String address, JsonObject request, int okStatus) {
    Principal principal = ctx.get(PRINCIPAL);
    request.put("owner", principal.user());
    vertx.eventBus().<JsonObject>request(address, request, JOB_REQUEST).onComplete(ar -> {
      if (ar.failed()) {
        replyFailure(ctx, ar.cause());
        return;
      }
      JsonObject out = ar.result().body().copy();
      if (okStatus == 202) {
        out.put("websocket_url", websocketUrl(ctx));
      }
      ctx.response().setStatusCode(okStatus).putHeader("content-type", "application/json").end(out.encode());
    });
  }

  private static String websocketUrl(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    return "ws://" + host + "/ws";
  }

  /** A bus failure "code: message" with a status as failure code → an HTTP error. */
  private static void replyFailure(RoutingContext ctx, Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    int colon = m.indexOf(": ");
    String code = colon > 0 ? m.substring(0, colon) : "failed";
    int status = 500;
    if (cause instanceof ReplyException re) {
      status = re.failureType() == ReplyFailure.NO_HANDLERS ? 503
          : re.failureType() == ReplyFailure.TIMEOUT ? 504 : re.failureCode();
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    if (status == 429) {
      ctx.response().putHeader("Retry-After", "5");
    }
    error(ctx, status, status == 503 ? "not_available" : code, colon > 0 ? m.substring(colon + 2) : m);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(errorBody(code, message));
  }

  private static String errorBody(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode();
  }
}
