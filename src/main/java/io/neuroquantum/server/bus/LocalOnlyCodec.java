package io.neuroquantum.server.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an immutable value between verticles of one JVM by reference. Registered for messages that
 * only ever go to local consumers ({@code localConsumer}, {@code setLocalOnly}), so the wire half is
 * unreachable by construction; it fails loudly rather than pretend to encode.
 */
public final class LocalOnlyCodec<T> implements MessageCodec<T, T> {

  private final String name;

  private LocalOnlyCodec(String name) {
    this.name = name;
  }

  /** Registers the codec as the default for {@code type}, once per Vert.x instance. */
  public static <T> void register(Vertx vertx, Class<T> type, String name) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalOnlyCodec<>(name));
    } catch (IllegalStateException alreadyRegistered) {
      // one registration per Vert.x instance is enough
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new IllegalStateException(name + " messages go to local consumers only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException(name + " messages go to local consumers only");
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
}
