package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browsers and Node's WebSocket offer permessage-deflate on every connection. Compressing each
 * delivery per connection is what made fan-out to such clients cost ~150 µs a message, so the server
 * declines the offer unless compression is configured, and then compresses only large messages.
 * Read off the wire: the handshake's answer and each frame's RSV1 bit.
 */
class WebSocketCompressionIntegrationTest {

  /** What Chromium sends. */
  private static final String BROWSER_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void a_deflate_offering_client_gets_uncompressed_frames_by_default() throws Exception {
    try (TestServer server = TestServer.start();
        RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("browser"), BROWSER_OFFER)) {
      String handshake = awaitHandshake(ws);
      assertThat(handshake).startsWith("HTTP/1.1 101");
      assertThat(handshake.toLowerCase()).doesNotContain("sec-websocket-extensions");

      String big = "{\"text\":\"" + "compressible ".repeat(400) + "\"}";
      exchange(ws, big);
      List<RawWebSocket.Frame> frames = ws.frames();
      assertThat(frames).allSatisfy(f -> assertThat(f.rsv1()).as("RSV1 of " + f.text()).isFalse());
      RawWebSocket.Frame message = frameOfType(frames, "message");
      assertThat(new JsonObject(message.text()).getJsonObject("data")).isEqualTo(new JsonObject(big));
    }
  }

  @Test
  void when_configured_large_messages_are_compressed_and_small_ones_are_not() throws Exception {
    JsonObject config = new JsonObject().put("http", new JsonObject()
        .put("websocket_compression", new JsonObject().put("enabled", true).put("min_bytes", 512)));
    try (TestServer server = TestServer.start(config);
        RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("browser"), BROWSER_OFFER)) {
      String handshake = awaitHandshake(ws);
      assertThat(handshake).startsWith("HTTP/1.1 101");
      assertThat(handshake.toLowerCase()).contains("permessage-deflate");

      String big = "{\"text\":\"" + "compressible ".repeat(400) + "\"}";
      exchange(ws, big);
      List<RawWebSocket.Frame> frames = ws.frames();
      RawWebSocket.Frame confirmed = frameOfType(frames, "subscription_confirmed");
      assertThat(confirmed.rsv1()).as("a small reply goes uncompressed").isFalse();
      RawWebSocket.Frame message = frames.stream().filter(RawWebSocket.Frame::rsv1).findFirst().orElseThrow();
      assertThat(message.payload().length).isLessThan(big.length() / 4);
      JsonObject inflated = new JsonObject(inflate(message.payload()));
      assertThat(inflated.getString("type")).isEqualTo("message");
      assertThat(inflated.getJsonObject("data")).isEqualTo(new JsonObject(big));
    }
  }

  /** A query's binary (CBOR) row frames are compressed like text ones: binary opcode, RSV1, CBOR inside. */
  @Test
  void binary_row_frames_are_compressed_too() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nq-deflate-h2");
    JsonObject config = new JsonObject()
        .put("http", new JsonObject().put("websocket_compression", new JsonObject().put("enabled", true).put("min_bytes", 512)))
        .put("query", new JsonObject().put("backend", "h2")
            .put("h2", new JsonObject().put("path", dir.resolve("db").toString()).put("demo_rows", 2000)));
    try (TestServer server = TestServer.start(config);
        RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("browser"), BROWSER_OFFER)) {
      assertThat(awaitHandshake(ws).toLowerCase()).contains("permessage-deflate");
      awaitFrame(ws, f -> !f.rsv1() && f.text().contains("\"connected\""));
      ws.sendText("{\"type\":\"execute_query\",\"query\":\"SELECT id, temperature FROM sensor_readings ORDER BY id\","
          + "\"options\":{\"batch_size\":500,\"format\":\"cbor\"}}");
      awaitFrame(ws, f -> !f.rsv1() && f.text().contains("\"query_completed\""));
      List<RawWebSocket.Frame> binary = ws.frames().stream().filter(f -> f.opcode() == 0x2).toList();
      assertThat(binary).hasSize(4).allSatisfy(f -> assertThat(f.rsv1()).as("compressed").isTrue());
      com.fasterxml.jackson.databind.JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper(
          new com.fasterxml.jackson.dataformat.cbor.CBORFactory()).readTree(inflateBytes(binary.get(0).payload()));
      assertThat(first.get("type").textValue()).isEqualTo("query_batch");
      assertThat(first.get("rows")).hasSize(500);
      for (int i = 0; i < 500; i++) {
        assertThat(first.get("rows").get(i).get(0).longValue()).isEqualTo(i + 1);
      }
    }
  }

  /** Subscribes, publishes {@code data}, and waits until both the message and the publish reply are in. */
  private static void exchange(RawWebSocket ws, String data) {
    awaitFrame(ws, f -> !f.rsv1() && f.text().contains("\"connected\""));
    ws.sendText("{\"type\":\"subscribe\",\"channel\":\"custom:deflate\"}");
    awaitFrame(ws, f -> !f.rsv1() && f.text().contains("\"subscription_confirmed\""));
    ws.sendText("{\"type\":\"publish\",\"channel\":\"custom:deflate\",\"data\":" + data + "}");
    awaitFrame(ws, f -> !f.rsv1() && f.text().contains("\"published\""));
    awaitFrame(ws, f -> f.rsv1() || f.text().contains("\"type\":\"message\""));
  }

  private static RawWebSocket.Frame frameOfType(List<RawWebSocket.Frame> frames, String type) {
    return frames.stream().filter(f -> !f.rsv1() && f.text().contains("\"type\":\"" + type + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " frame in " + frames.size() + " frames"));
  }

  private static String awaitHandshake(RawWebSocket ws) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ws.handshakeResponse() == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ws.handshakeResponse()).as("handshake response").isNotNull();
    return ws.handshakeResponse();
  }

  private static void awaitFrame(RawWebSocket ws, Predicate<RawWebSocket.Frame> wanted) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (ws.frames().stream().anyMatch(wanted)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the expected frame did not arrive within 30 s; got " + ws.frames().size() + " frames");
  }

  /** permessage-deflate (RFC 7692 §7.2.2): raw DEFLATE with the trailing 00 00 ff ff taken off. */
  private static String inflate(byte[] payload) throws Exception {
    return new String(inflateBytes(payload), StandardCharsets.UTF_8);
  }

  private static byte[] inflateBytes(byte[] payload) throws Exception {
    Inflater inflater = new Inflater(true);
    byte[] input = new byte[payload.length + 4];
    System.arraycopy(payload, 0, input, 0, payload.length);
    input[payload.length + 2] = (byte) 0xff;
    input[payload.length + 3] = (byte) 0xff;
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (!inflater.needsInput()) {
      int n = inflater.inflate(chunk);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
      out.write(chunk, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }
}
