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
    return connect(vertx, port, uri, "");
  }

  /** Connects with extra handshake header lines (each ending in CRLF), e.g. an extension offer. */
  public static RawWebSocket connect(Vertx vertx, int port, String uri, String extraHeaders) {
    NetClient net = vertx.createNetClient();
    NetSocket socket = net.connect(port, "127.0.0.1").await();
    RawWebSocket ws = new RawWebSocket(net, socket);
    socket.handler(b -> {
      synchronized (ws.received) {
        ws.received.appendBuffer(b);
      }
    });
    socket.write("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
    return ws;
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) {
    sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one masked frame: opcode 0x0 continuation, 0x1 text, 0x2 binary; {@code fin} ends the message. */
  public void sendFrame(int opcode, boolean fin, byte[] data) {
    sendFrame(opcode, fin, false, data);
  }

  /** Sends one masked frame with RSV1 set or not (RSV1 marks a permessage-deflate compressed message). */
  public void sendFrame(int opcode, boolean fin, boolean rsv1, byte[] data) {
    byte[] payload = data.clone();
    Buffer frame = Buffer.buffer(payload.length + 14).appendByte((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode));
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else if (payload.length <= 0xFFFF) {
      frame.appendByte((byte) (0x80 | 126)).appendShort((short) payload.length);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(payload.length);
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

  /** A server frame as it came off the wire. */
  public record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** The handshake response's head (status line and headers), once it has arrived; null before. */
  public String handshakeResponse() {
    synchronized (received) {
      String all = received.toString(StandardCharsets.ISO_8859_1);
      int end = all.indexOf("\r\n\r\n");
      return end < 0 ? null : all.substring(0, end);
    }
  }

  /** Every complete frame received so far, after the handshake response. */
  public java.util.List<Frame> frames() {
    java.util.List<Frame> frames = new java.util.ArrayList<>();
    synchronized (received) {
      int pos = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
      if (pos < 0) {
        return frames;
      }
      pos += 4;
      while (pos + 2 <= received.length()) {
        int b0 = received.getUnsignedByte(pos);
        int b1 = received.getUnsignedByte(pos + 1);
        long length = b1 & 0x7f;
        int header = 2;
        if (length == 126) {
          if (pos + 4 > received.length()) {
            break;
          }
          length = received.getUnsignedShort(pos + 2);
          header = 4;
        } else if (length == 127) {
          if (pos + 10 > received.length()) {
            break;
          }
          length = received.getLong(pos + 2);
          header = 10;
        }
        if (pos + header + length > received.length()) {
          break;
        }
        frames.add(new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0f,
            received.getBytes(pos + header, (int) (pos + header + length))));
        pos += header + (int) length;
      }
    }
    return frames;
  }

  /** The close code the server sent once a close frame has arrived (1005 when it carries none); null before. */
  public Integer closeCode() {
    return frames().stream().filter(f -> f.opcode() == 0x8)
        .map(f -> f.payload().length >= 2 ? ((f.payload()[0] & 0xff) << 8) | (f.payload()[1] & 0xff) : 1005)
        .findFirst().orElse(null);
  }

  /** Waits up to 30 s for the server's close frame and returns its code. */
  public int awaitCloseCode() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (closeCode() == null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (closeCode() == null) {
      throw new AssertionError("no close frame within 30 s; " + frames().size() + " frames received");
    }
    return closeCode();
  }

  /** Text of every complete text frame so far. */
  public java.util.List<String> texts() {
    return frames().stream().filter(f -> f.opcode() == 0x1).map(Frame::text).toList();
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
