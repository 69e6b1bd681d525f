package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client can send below and at the protocol, over raw sockets against the real
 * server with its default limits: every oversize frame ends in 1009 whatever its size or
 * fragmentation, binary frames count against the rate limit like text, and numbers and nesting
 * are bounded when parsed, with an error and the connection kept.
 */
class HostileFramesIntegrationTest {

  static TestServer server;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  private RawWebSocket connect() {
    RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + server.token("hostile"));
    awaitText(ws, "\"connected\"");
    return ws;
  }

  private static byte[] publishOfSize(int bytes) {
    String head = "{\"type\":\"publish\",\"channel\":\"custom:big\",\"data\":\"";
    byte[] frame = new byte[bytes];
    Arrays.fill(frame, (byte) 'x');
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, frame, 0, h.length);
    frame[bytes - 2] = '"';
    frame[bytes - 1] = '}';
    return frame;
  }

  @Test
  void every_oversize_frame_is_closed_with_1009_whatever_its_size() {
    for (int size : new int[] {70_000, 200_000, 10_000_000}) {
      try (RawWebSocket ws = connect()) {
        ws.sendFrame(0x1, true, publishOfSize(size));
        assertThat(ws.awaitCloseCode()).as("close code for a %d-byte frame", size).isEqualTo(1009);
      }
    }
  }

  @Test
  void a_fragmented_message_growing_past_the_limit_is_closed_with_1009() {
    try (RawWebSocket ws = connect()) {
      byte[] all = publishOfSize(300_000);
      int chunk = 30_000;
      for (int at = 0; at < all.length; at += chunk) {
        boolean last = at + chunk >= all.length;
        ws.sendFrame(at == 0 ? 0x1 : 0x0, last, Arrays.copyOfRange(all, at, Math.min(all.length, at + chunk)));
      }
      assertThat(ws.awaitCloseCode()).isEqualTo(1009);
    }
  }

  @Test
  void binary_frames_count_against_the_rate_limit() {
    try (RawWebSocket ws = connect()) {
      byte[] junk = "not the protocol".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5_000 && ws.closeCode() == null; i++) {
        ws.sendFrame(0x2, true, junk);
      }
      assertThat(ws.awaitCloseCode()).isEqualTo(4429);
      assertThat(ws.texts()).anyMatch(t -> t.contains("\"slow_down\""));
      assertThat(ws.texts().stream().filter(t -> t.contains("binary frames are not part of the protocol")).count())
          .as("errors answered before the limit stepped in").isLessThan(1_000);
    }
  }

  @Test
  void numbers_that_overflow_a_double_are_refused_and_the_connection_stays() {
    try (RawWebSocket ws = connect()) {
      ws.sendText("{\"type\":\"publish\",\"channel\":\"custom:n\",\"data\":{\"x\":1e999999999},\"request_id\":\"inf\"}");
      String error = awaitText(ws, "\"inf\"");
      assertThat(new JsonObject(error).getString("code")).isEqualTo("invalid_message");
      ws.sendText("{\"type\":\"ping\",\"request_id\":\"alive\"}");
      assertThat(awaitText(ws, "\"alive\"")).contains("\"pong\"");
    }
  }

  @Test
  void deep_nesting_is_refused_when_parsed_and_the_server_stays_up() {
    try (RawWebSocket ws = connect()) {
      String deep = "[".repeat(990) + "]".repeat(990);
      ws.sendText("{\"type\":\"publish\",\"channel\":\"custom:n\",\"data\":" + deep + ",\"request_id\":\"deep\"}");
      ws.sendText("{\"type\":\"subscribe\",\"channel\":\"custom:n\",\"filters\":" + deep + ",\"request_id\":\"deep2\"}");
      assertThat(awaitErrors(ws, 2)).allMatch(t -> t.contains("\"invalid_message\"") || t.contains("\"malformed_json\""));
      ws.sendText("{\"type\":\"ping\",\"request_id\":\"alive\"}");
      assertThat(awaitText(ws, "\"alive\"")).contains("\"pong\"");
      assertThat(ws.closeCode()).isNull();
    }
  }

  private static java.util.List<String> awaitErrors(RawWebSocket ws, int n) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.util.List<String> errors = ws.texts().stream().filter(t -> t.contains("\"type\":\"error\"")).toList();
      if (errors.size() >= n) {
        return errors;
      }
      sleep();
    }
    throw new AssertionError("fewer than " + n + " errors within 30 s: " + ws.texts());
  }

  private static String awaitText(RawWebSocket ws, String fragment) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String t : ws.texts()) {
        if (t.contains(fragment)) {
          return t;
        }
      }
      sleep();
    }
    throw new AssertionError("no frame containing " + fragment + " within 30 s: " + ws.texts());
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
