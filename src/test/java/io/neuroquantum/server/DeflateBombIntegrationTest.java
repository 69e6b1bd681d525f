package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With compression configured, a client may send compressed messages. A frame within the size limit
 * can inflate a thousandfold: 61 KB of DEFLATE is 60 MB of zeros. Netty's decoder, as Vert.x sets it
 * up, inflates a message whole before any size check, so a few such frames at once filled the heap.
 * The server must refuse a message whose inflated size passes the frame limit while inflating it
 * (close 1009), and stay up for everybody else. Run against a forked server with a 256 MB heap, eight
 * bombs at once.
 */
class DeflateBombIntegrationTest {

  private static final String BROWSER_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
  private static final int INFLATED = 60 << 20;

  static Vertx vertx;
  static ForkedServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = ForkedServer.start(256, new JsonObject().put("http", new JsonObject()
        .put("websocket_compression", new JsonObject().put("enabled", true))));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await();
    server.close();
  }

  @Test
  void a_message_that_inflates_past_the_frame_limit_is_closed_with_1009_and_the_server_stays_up() throws Exception {
    byte[] bomb = deflated(INFLATED);
    assertThat(bomb.length).as("the bomb fits in one frame").isLessThan(65_536);

    List<RawWebSocket> hostile = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + TestServer.tokenFor("bomber-" + i),
            BROWSER_OFFER);
        awaitText(ws, "\"connected\"");
        assertThat(ws.handshakeResponse().toLowerCase()).contains("permessage-deflate");
        hostile.add(ws);
      }
      for (RawWebSocket ws : hostile) {
        ws.sendFrame(0x1, true, true, bomb);
      }
      for (RawWebSocket ws : hostile) {
        assertThat(ws.awaitCloseCode()).as("close code for a message inflating to 60 MB").isEqualTo(1009);
      }
    } finally {
      hostile.forEach(RawWebSocket::close);
    }

    assertThat(server.alive()).isTrue();
    assertThat(server.health(Duration.ofSeconds(30))).isEqualTo(200);
    // a friendly client with a compressed message of ordinary size is served as before
    try (RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + TestServer.tokenFor("friend"),
        BROWSER_OFFER)) {
      awaitText(ws, "\"connected\"");
      ws.sendFrame(0x1, true, true, deflated("{\"type\":\"subscribe\",\"channel\":\"custom:bomb\"}".getBytes()));
      awaitText(ws, "\"subscription_confirmed\"");
    }
    assertThat(server.heapUsedBytes()).as("heap after the bombs").isLessThan(160L << 20);
  }

  private static byte[] deflated(int zeros) {
    return deflated(new byte[zeros]);
  }

  /** permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, sync-flushed, the trailing 00 00 ff ff taken off. */
  private static byte[] deflated(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    int n;
    while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(chunk, 0, n);
      if (n < chunk.length && deflater.needsInput()) {
        break;
      }
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  private static void awaitText(RawWebSocket ws, String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (ws.frames().stream().anyMatch(f -> !f.rsv1() && f.text().contains(fragment))) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(fragment + " did not arrive within 30 s; got " + ws.frames().size() + " frames");
  }
}
