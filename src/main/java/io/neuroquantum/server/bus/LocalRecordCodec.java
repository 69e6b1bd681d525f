package io.neuroquantum.server.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Passes immutable records between verticles of one JVM without copying them ({@link #transform}
 * returns the same instance); across a cluster it sends them as JSON.
 */
public final class LocalRecordCodec<T> implements MessageCodec<T, T> {
  private final String name;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  public LocalRecordCodec(String name, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.name = name;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = toJson.apply(value).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  /** The codec for {@link Delivery}. */
  public static LocalRecordCodec<Delivery> delivery() {
    return new LocalRecordCodec<>("nq.delivery",
        d -> new JsonObject().put("channel", d.channel()).put("offset", d.offset()).put("epoch", d.epoch())
            .put("frame", d.frame()).put("published_nanos", d.publishedNanos()),
        j -> new Delivery(j.getString("channel"), j.getLong("offset"), j.getString("epoch"), j.getString("frame"),
            j.getLong("published_nanos")));
  }
}
