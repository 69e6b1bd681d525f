package io.neuroquantum.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal WebSocket client over a raw TCP socket: it can stop reading at the TCP level (pause),
 * which is what a stuck client looks like to the server, and it never answers pings by itself.
 */
public final class RawWebSocket implements AutoCloseable {
  private final NetClient net;
  private final NetSocket socket;
  private final Buffer received = Buffer.buffer();

  private RawWebSocket(NetClient net, NetSocket socket) {
    this.net = net;
    this.socket = socket;
  }

  public static RawWebSocket connect(Vertx vertx, int port, String uri) {
    NetClient net = vertx.createNetClient();
    NetSocket socket = net.connect(port, "127.0.0.1").await();
    RawWebSocket ws = new RawWebSocket(net, socket);
    socket.handler(b -> {
      synchronized (ws.received) {
        ws.received.appendBuffer(b);
      }
    });
    socket.write("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    return ws;
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    Buffer frame = Buffer.buffer().appendByte((byte) 0x81);
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else {
      frame.appendByte((byte) (0x80 | 126)).appendShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.appendBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    socket.write(frame.appendBytes(payload));
  }

  /** Stops reading from the socket: the server's writes back up through TCP into its own buffers. */
  public void pause() {
    socket.pause();
  }

  /** Whether the bytes received so far (handshake and unmasked frames) contain {@code text}. */
  public boolean received(String text) {
    synchronized (received) {
      return received.toString(StandardCharsets.ISO_8859_1).contains(text);
    }
  }

  public int bytesReceived() {
    synchronized (received) {
      return received.length();
    }
  }

  @Override
  public void close() {
    socket.close();
    net.close();
  }
}
