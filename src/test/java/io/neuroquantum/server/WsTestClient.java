package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests: collects every frame as JSON in arrival order and lets the test
 * read them synchronously (the test thread is not an event loop, so blocking here is fine).
 */
public final class WsTestClient implements AutoCloseable {

  // generous for a loaded 2-core machine; passing tests never wait it out
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final WebSocketClient client;
  private final WebSocket ws;
  private final LinkedBlockingDeque<JsonObject> frames = new LinkedBlockingDeque<>();
  private final Promise<Short> closed = Promise.promise();
  private final AtomicLong binaryFrames = new AtomicLong();
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private volatile Thread readerThread;

  private WsTestClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> {
      readerThread = Thread.currentThread();
      frames.add(new JsonObject(text));
    });
    // binary frames are CBOR (a query's rows in format "cbor"): decoded by Jackson's CBOR parser into
    // the same JsonObject a JSON frame gives, so a test reads both alike
    ws.binaryMessageHandler(bytes -> {
      readerThread = Thread.currentThread();
      binaryFrames.incrementAndGet();
      frames.add(decodeCbor(bytes.getBytes()));
    });
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
  }

  public static Future<WsTestClient> connectAsync(Vertx vertx, int port, String uri, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 22));
    // like a non-browser client: no Origin header unless a test sets one
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
        .setAllowOriginHeader(headers != null && headers.contains("Origin"));
    if (headers != null) {
      options.setHeaders(headers);
    }
    // handlers go on before the handshake, so a frame that arrives with it (the server's
    // `connected`) cannot slip past them
    ClientWebSocket ws = client.webSocket();
    WsTestClient testClient = new WsTestClient(client, ws);
    return ws.connect(options).map(connected -> testClient);
  }

  public static WsTestClient connect(Vertx vertx, int port, String token) {
    return connectAsync(vertx, port, "/ws" + (token == null ? "" : "?token=" + token), null).await();
  }

  public static WsTestClient connect(Vertx vertx, int port, MultiMap headers) {
    return connectAsync(vertx, port, "/ws", headers).await();
  }

  /** How many binary (CBOR) frames arrived so far. */
  public long binaryFrames() {
    return binaryFrames.get();
  }

  @SuppressWarnings("unchecked")
  private static JsonObject decodeCbor(byte[] bytes) {
    try {
      return new JsonObject(CBOR.readValue(bytes, Map.class));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a binary frame that is not CBOR", e);
    }
  }

  /** The thread that parses this client's frames (null before the first), for benchmarks that split CPU time. */
  public Thread readerThread() {
    return readerThread;
  }

  public WebSocket socket() {
    return ws;
  }

  public void send(JsonObject message) {
    ws.writeTextMessage(message.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  /** The next frame, failing the test after the timeout. */
  public JsonObject next() {
    return next(TIMEOUT);
  }

  public JsonObject next(Duration timeout) {
    try {
      JsonObject f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(f).as("a frame within %s", timeout).isNotNull();
      return f;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next frame, or null if none arrives within the timeout. */
  public JsonObject poll(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Skips frames until one of the given type arrives. */
  public JsonObject nextOfType(String type) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = poll(Duration.ofMillis(100));
      if (f != null && type.equals(f.getString("type"))) {
        return f;
      }
    }
    throw new AssertionError("no " + type + " frame within " + TIMEOUT);
  }

  /** The next n frames of type {@code message}, skipping others. */
  public List<JsonObject> messages(int n) {
    List<JsonObject> out = new ArrayList<>(n);
    while (out.size() < n) {
      out.add(nextOfType("message"));
    }
    return out;
  }

  /**
   * Sends a request and returns the first reply echoing its request_id; frames that arrive before it
   * stay queued, in order, for the next reads.
   */
  public JsonObject request(JsonObject message) {
    String id = "r" + System.nanoTime();
    send(message.copy().put("request_id", id));
    List<JsonObject> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonObject f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null && id.equals(f.getString("request_id"))) {
          return f;
        }
        if (f != null) {
          skipped.add(f);
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      for (int i = skipped.size() - 1; i >= 0; i--) {
        frames.addFirst(skipped.get(i));
      }
    }
    throw new AssertionError("no reply to " + message.getString("type") + " within " + TIMEOUT);
  }

  public JsonObject subscribe(String channel) {
    JsonObject reply = request(new JsonObject().put("type", "subscribe").put("channel", channel));
    assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("subscription_confirmed");
    return reply;
  }

  public List<JsonObject> drain() {
    List<JsonObject> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  /** The close code once the server closes the socket. */
  public short awaitClose() {
    return closed.future().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await();
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  @Override
  public void close() {
    if (!closed.future().isComplete()) {
      ws.close().await();
    }
    client.close();
  }
}
