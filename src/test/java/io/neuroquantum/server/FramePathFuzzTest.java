package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The whole frame path, bytes in to frames out, against the real server over a real socket: any
 * sequence of client frames (any opcode, fragmentation, payload, close) ends in nothing but
 * well-formed protocol frames, then either an answer to a final ping or a close with a documented
 * code; and the server keeps serving the next connection. Runs its seeds in every build;
 * {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=FramePathFuzzTest} fuzzes for real (a few hundred
 * inputs a second: each is a connection).
 */
class FramePathFuzzTest {

  /** What the server may close with on its own: frame too big, broken framing, over the rate. */
  private static final Set<Integer> SERVER_CLOSE_CODES = Set.of(1009, 4400, 4429);
  private static final String[] TEMPLATES = {
      "{\"type\":\"subscribe\",\"channel\":\"custom:f\",\"request_id\":\"%s\"}",
      "{\"type\":\"publish\",\"channel\":\"custom:f\",\"data\":%s}",
      "{\"type\":\"ping\",\"timestamp\":%s}",
      "{\"type\":\"set_batching\",\"format\":\"%s\",\"max_delay_ms\":5}",
      "{\"type\":\"unsubscribe\",\"channel\":\"%s\"}",
      "{\"type\":\"set_backpressure\",\"max_buffer\":%s}",
      "%s"};

  private static TestServer server;
  private static Vertx vertx;

  private static synchronized TestServer server() {
    if (server == null) {
      server = TestServer.start(new JsonObject().put("http", new JsonObject().put("max_frame_bytes", 4096)));
      vertx = Vertx.vertx();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.close()));
    }
    return server;
  }

  @FuzzTest(maxDuration = "30s")
  void any_client_frames_end_in_protocol_frames_and_a_reply_or_a_documented_close(FuzzedDataProvider data) {
    TestServer s = server();
    boolean clientClosed = false;
    try (RawWebSocket ws = RawWebSocket.connect(vertx, s.port(), "/ws?token=" + s.token("fuzzer"))) {
      await(ws, () -> ws.texts().stream().anyMatch(t -> t.contains("\"connected\"")) || ws.closeCode() != null);
      int frames = data.consumeInt(0, 6);
      for (int i = 0; i < frames && ws.closeCode() == null; i++) {
        int opcode = data.pickValue(new int[] {0x0, 0x1, 0x1, 0x1, 0x2, 0x8, 0x9, 0xA, 0x3, 0xB});
        boolean fin = data.consumeProbabilityFloat() < 0.85f;
        byte[] payload;
        if (opcode == 0x1 && data.consumeBoolean()) {
          String template = data.pickValue(TEMPLATES);
          payload = String.format(template, data.consumeString(200)).getBytes(StandardCharsets.UTF_8);
        } else {
          payload = data.consumeBytes(data.consumeInt(0, 5000));
        }
        clientClosed |= opcode == 0x8;
        ws.sendFrame(opcode, fin, payload);
      }
      ws.sendText("{\"type\":\"ping\",\"request_id\":\"end-of-input\"}");
      await(ws, () -> ws.closeCode() != null || ws.texts().stream().anyMatch(t -> t.contains("end-of-input")));

      assertThat(ws.frames()).allSatisfy(f -> assertThat(f.opcode()).isIn(0x1, 0x8, 0x9, 0xA));
      for (String text : ws.texts()) {
        JsonObject frame = new JsonObject(text);   // throws on anything that is not a JSON object
        assertThat(frame.getValue("type")).as(text).isInstanceOf(String.class);
      }
      Integer closed = ws.closeCode();
      if (closed != null) {
        // a client's close is answered with its own code; otherwise the server closed for a documented reason
        assertThat(clientClosed || SERVER_CLOSE_CODES.contains(closed)).as("close code %d", closed).isTrue();
      } else {
        assertThat(ws.texts()).anyMatch(t -> t.contains("\"pong\"") && t.contains("end-of-input"));
      }
    }
    // and the server still serves
    try (RawWebSocket next = RawWebSocket.connect(vertx, s.port(), "/ws?token=" + s.token("fuzzer"))) {
      await(next, () -> next.texts().stream().anyMatch(t -> t.contains("\"connected\"")));
      assertThat(next.texts()).anyMatch(t -> t.contains("\"connected\""));
    }
  }

  private static void await(RawWebSocket ws, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
