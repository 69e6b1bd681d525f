package io.neuroquantum.server.bus;

/**
 * One published channel message on its way to subscribers: the frame's JSON text is encoded once,
 * as UTF-8 bytes, by the channel manager, and every gateway event loop frames those bytes once and
 * writes the same buffer to each of its subscribers.
 *
 * @param frame the UTF-8 JSON text of the frame ({@code message}, or a typed frame such as {@code query_batch});
 *     never modified after construction
 * @param publishedNanos {@link System#nanoTime()} at publish, for the publish-to-send latency
 */
public record Delivery(String channel, long offset, String epoch, byte[] frame, long publishedNanos) {
}
