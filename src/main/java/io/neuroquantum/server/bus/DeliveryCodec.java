package io.neuroquantum.server.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * {@link Delivery} on the event bus: passed by reference inside a JVM (it is immutable), and as a
 * compact binary record on a wire: channel, offset, epoch, frame bytes, publish time. The publish
 * time crosses as wall-clock nanoseconds (a {@code nanoTime} means nothing in another JVM), so the
 * publish-to-send latency of a delivery from another node counts from its publish there.
 */
public final class DeliveryCodec implements MessageCodec<Delivery, Delivery> {

  public static final String NAME = "nq.delivery";

  @Override
  public void encodeToWire(Buffer buffer, Delivery d) {
    byte[] channel = d.channel().getBytes(StandardCharsets.UTF_8);
    byte[] epoch = d.epoch().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(channel.length).appendBytes(channel).appendLong(d.offset())
        .appendInt(epoch.length).appendBytes(epoch)
        .appendInt(d.frame().length).appendBytes(d.frame()).appendLong(wallNanos() - (System.nanoTime() - d.publishedNanos()));
  }

  @Override
  public Delivery decodeFromWire(int pos, Buffer buffer) {
    int n = buffer.getInt(pos);
    String channel = buffer.getString(pos + 4, pos + 4 + n, "UTF-8");
    pos += 4 + n;
    long offset = buffer.getLong(pos);
    pos += 8;
    n = buffer.getInt(pos);
    String epoch = buffer.getString(pos + 4, pos + 4 + n, "UTF-8");
    pos += 4 + n;
    n = buffer.getInt(pos);
    byte[] frame = buffer.getBytes(pos + 4, pos + 4 + n);
    pos += 4 + n;
    long age = Math.max(0, wallNanos() - buffer.getLong(pos));
    return new Delivery(channel, offset, epoch, frame, System.nanoTime() - age);
  }

  private static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public Delivery transform(Delivery d) {
    return d;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
