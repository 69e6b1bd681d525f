package io.neuroquantum.server.channels;

import io.neuroquantum.server.bus.Delivery;

/**
 * How a stored publication reaches the subscribers: on one node straight to the gateway event loops
 * ({@link LocalFanout}); in a cluster to every node, each of which hands a channel's publications to
 * its loops strictly in offset order, filling gaps from the history (the cluster's fan-out). The
 * channel manager is the only caller, on its own context.
 */
public interface ChannelFanout {

  /** A publication this node has just stored. */
  void published(Delivery delivery);

  /** A gateway loop of this node has its first subscriber of {@code channel}. */
  void watch(String channel);

  /** No gateway loop of this node subscribes to {@code channel} any more. */
  void unwatch(String channel);

  /**
   * The store's position of a channel as just read for a subscriber or a periodic check here: the
   * channel's offsets up to it are in the store, so this node's order can start after it, or knows
   * what it still has to receive.
   *
   * @return the highest offset of the position's epoch this node has already handed to its gateway
   *     loops, or -1 if none or unknown. A subscriber synced at a lower position than that would
   *     never get the messages in between (they went out before it was listening), so it must read
   *     again.
   */
  long positionSeen(String channel, ChannelHistory.Position position);
}
