package io.neuroquantum.server.bus;

/**
 * One published channel message on its way to subscribers: the {@code message} frame is encoded
 * once by the channel manager and written as it is to every subscriber.
 *
 * @param publishedNanos {@link System#nanoTime()} at publish, for the publish-to-send latency
 */
public record Delivery(String channel, long offset, String epoch, String frame, long publishedNanos) {
}
