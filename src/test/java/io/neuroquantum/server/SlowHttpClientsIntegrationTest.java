package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish a request's headers (nothing sent, or a header line a byte at a
 * time) are closed by the server after {@code http.request_header_timeout_ms}, as is a kept-alive
 * connection that sends no next request; a WebSocket is not, whatever the timeout. Without the
 * bound, such connections were held open for ever, unauthenticated.
 */
class SlowHttpClientsIntegrationTest {

  private static final long TIMEOUT_MS = 1_500;

  @Test
  void connections_without_a_complete_request_are_closed_and_websockets_are_not() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestServer server = TestServer.start(new JsonObject().put("http",
        new JsonObject().put("request_header_timeout_ms", TIMEOUT_MS)));
        WsTestClient ws = WsTestClient.connect(vertx, server.port(), server.token("patient"))) {
      ws.nextOfType("connected");
      List<Socket> silent = new ArrayList<>();
      List<Socket> partial = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        silent.add(new Socket("127.0.0.1", server.port()));
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        partial.add(s);
      }
      Socket keptAlive = new Socket("127.0.0.1", server.port());
      String response = exchange(keptAlive, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(response).startsWith("HTTP/1.1 200");

      for (Socket s : silent) {
        assertThat(closedByServer(s)).as("a connection that sent nothing").isTrue();
      }
      for (Socket s : partial) {
        assertThat(closedByServer(s)).as("a connection that sent half a header").isTrue();
      }
      assertThat(closedByServer(keptAlive)).as("a kept-alive connection with no next request").isTrue();

      // the WebSocket outlived many timeouts and still works
      assertThat(ws.subscribe("custom:patience").getString("channel")).isEqualTo("custom:patience");
      // and the server takes new connections as before
      assertThat(exchange(new Socket("127.0.0.1", server.port()), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"))
          .startsWith("HTTP/1.1 200");
    } finally {
      vertx.close().await();
    }
  }

  /** Reads until the server closes the socket (true) or 60 s pass without it closing (false). */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(60_000);
    try (socket) {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;   // reset by the server
    }
  }

  /** Sends a request and reads its complete response head and body (Content-Length), leaving the socket open. */
  private static String exchange(Socket socket, String request) throws IOException {
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    int contentLength = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd >= 0) {
        if (contentLength < 0) {
          String head = text.substring(0, headEnd).toLowerCase();
          int at = head.indexOf("content-length:");
          contentLength = at < 0 ? 0 : Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at) < 0
              ? head.length() : head.indexOf("\r\n", at)).trim());
        }
        if (text.length() >= headEnd + 4 + contentLength) {
          break;
        }
      }
    }
    return text.toString();
  }
}
