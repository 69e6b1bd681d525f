package io.neuroquantum.server.channels;

import java.util.List;

/**
 * A publish from inside this JVM (the gateway for its clients, the query adapter), sent to
 * {@code nq.internal.channels.publish} by reference: the payload stays the bytes it arrived as.
 *
 * @param data the payload's JSON text in UTF-8 (validated by the sender); never modified
 * @param idempotencyKey null, or a key (checked by the sender, {@link IdempotencyKey}) that makes a
 *     retry within the namespace's window come back with the first publish's offset instead
 * @param fromClient true when a client sent it: the namespace's publish rule and the fan-out backlog apply
 * @param mirrorToBus true to publish it on {@code nq.channel.<channel>} too, whatever the namespace says
 *     (a query streamed to a bus service: only that query's channel is mirrored)
 */
public record ChannelPublish(String channel, byte[] data, String idempotencyKey, String user, List<String> roles,
    boolean fromClient, boolean mirrorToBus) {
}
