package io.neuroquantum.server.channels;

import java.util.List;

/**
 * The channel manager's answer to a subscribe or catch-up: how the channel behaves, where it stands,
 * and the missed messages when recovery was asked for. Sent to the gateway by reference.
 *
 * @param recovered null for a plain subscribe; otherwise whether every missed message is in {@code missed}
 * @param tracksPresence the namespace has presence or join/leave: the subscriber is recorded as present
 */
public record ChannelSync(OverflowPolicy policy, boolean typedFrames, boolean creditFlow, long offset, String epoch,
    int historySize, Boolean recovered, List<ChannelHistory.Entry> missed, boolean tracksPresence) {
}
