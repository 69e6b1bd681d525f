package io.neuroquantum.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 POSTs over a plain socket, for what a library client will not do: declare a body and
 * send none of it, or stream one as fast as the server takes it while listening for an early answer
 * (the way curl does; Vert.x's client drops an answer that arrives before its request is written).
 */
final class RawHttp {

  private RawHttp() {
  }

  /**
   * Sends the headers of a POST declaring {@code length} bytes, then up to {@code send} of them as
   * fast as the server reads, stopping at its answer. Returns the answer's status, or -1 when the
   * connection ended (or {@code timeoutMs} passed) without one.
   */
  static int post(int port, String path, String bearer, long length, long send, AtomicLong sent, int timeoutMs) {
    AtomicInteger status = new AtomicInteger(-1);
    Thread writer = null;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + length + "\r\n" + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
          + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      writer = Thread.ofPlatform().daemon().start(() -> {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try {
          while (written < send && status.get() < 0) {
            int n = (int) Math.min(chunk.length, send - written);
            out.write(chunk, 0, n);
            written += n;
            if (sent != null) {
              sent.addAndGet(n);
            }
          }
          out.flush();
        } catch (IOException closedByServer) {
          // the server answered and closed: the rest was never wanted
        }
      });
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      if (line != null && line.startsWith("HTTP/1.1 ")) {
        status.set(Integer.parseInt(line.substring(9, 12)));
      }
    } catch (IOException e) {
      status.compareAndSet(-1, -1);   // no answer: -1
    }
    // the socket is closed now, so a writer still blocked on it has been told
    if (writer != null) {
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return status.get();
  }
}
