package io.neuroquantum.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A real server (a {@link TestServer}) with a REST client for its annealing jobs
 * (docs/anneal-jobs.md), as the job tests use them: submit a job as some user, read it, wait until
 * it gets somewhere, cancel it. Tokens are made for whichever user a test names. Its {@link #vertx()}
 * is the tests' own (for {@link WsTestClient}s), not the server's.
 */
public final class JobsTestServer implements AutoCloseable {

  public static final String JOBS = "/api/v1/anneal/jobs";
  /** Generous: a job that ends in seconds on an idle machine may take many times that with both cores busy. */
  private static final Duration WAIT = Duration.ofMinutes(2);

  private final TestServer server;
  private final Vertx vertx;
  private final WebClient web;

  private JobsTestServer(TestServer server, Vertx vertx) {
    this.server = server;
    this.vertx = vertx;
    this.web = WebClient.create(vertx);
  }

  public static JobsTestServer start() {
    return start(new JsonObject());
  }

  /** A server with {@link TestServer#baseConfig()} and these overrides (e.g. an {@code anneal} section). */
  public static JobsTestServer start(JsonObject overrides) {
    return new JobsTestServer(TestServer.start(overrides), Vertx.vertx());
  }

  /** A maxcut job in G-set format. */
  public static JsonObject maxcutJob(String data, JsonObject solver) {
    return new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset").put("data", data))
        .put("solver", solver);
  }

  /** Whether a job (as GET returns it) has ended, however: it is neither queued nor running. */
  public static boolean ended(JsonObject job) {
    return !"queued".equals(job.getString("status")) && !"running".equals(job.getString("status"));
  }

  public TestServer server() {
    return server;
  }

  /** The server's own event bus, where other services submit jobs. */
  public EventBus bus() {
    return server.server().vertx().eventBus();
  }

  public Vertx vertx() {
    return vertx;
  }

  public WebClient web() {
    return web;
  }

  public int port() {
    return server.port();
  }

  public String token(String user) {
    return server.token(user);
  }

  /** POSTs {@code job} as {@code user}; the response as it is (202, or an error with its reason). */
  public HttpResponse<Buffer> submit(String user, JsonObject job) {
    return web.post(port(), "127.0.0.1", JOBS).bearerTokenAuthentication(token(user)).sendJsonObject(job).await();
  }

  public HttpResponse<Buffer> get(String user, String path) {
    return web.get(port(), "127.0.0.1", path).bearerTokenAuthentication(token(user)).send().await();
  }

  /** The job as {@code user} reads it. */
  public JsonObject job(String user, String id) {
    return get(user, JOBS + "/" + id).bodyAsJsonObject();
  }

  public HttpResponse<Buffer> cancel(String user, String id) {
    return web.delete(port(), "127.0.0.1", JOBS + "/" + id).bearerTokenAuthentication(token(user)).send().await();
  }

  /** Reads the job until {@code until} holds for it; returns it then. */
  public JsonObject awaitJob(String user, String id, Predicate<JsonObject> until) throws InterruptedException {
    return poll(() -> job(user, id), until, WAIT);
  }

  /** Reads the job until it has ended (completed, failed, cancelled, …); returns it then. */
  public JsonObject awaitEnd(String user, String id) throws InterruptedException {
    return awaitJob(user, id, JobsTestServer::ended);
  }

  /**
   * Reads a job with {@code read} (from this server or any other, a forked one too) until
   * {@code until} holds for it or {@code timeout} has passed; returns it then.
   */
  public static JsonObject poll(Supplier<JsonObject> read, Predicate<JsonObject> until, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject job = null;
    while (System.nanoTime() < deadline) {
      job = read.get();
      if (until.test(job)) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the job did not get there in " + timeout + "; last seen " + job);
  }

  @Override
  public void close() {
    web.close();
    vertx.close().await();
    server.close();
  }
}
