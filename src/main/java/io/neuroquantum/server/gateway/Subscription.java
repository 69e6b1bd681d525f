package io.neuroquantum.server.gateway;

import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.channels.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel. While SYNCING (a subscribe, a recovery or a
 * catch-up is asking the channel manager for history) live messages wait in {@code held}; once the
 * history is queued they follow in offset order, duplicates skipped, so the client sees every offset
 * once and in order.
 */
final class Subscription {

  enum State { SYNCING, LIVE }

  /** Live messages held while syncing; past this many the subscription resyncs from history instead. */
  static final int MAX_HELD = 10_000;

  final ClientConnection connection;
  final String channel;
  final String namespace;
  /** Set once unsubscribed or closed: messages held for it are dropped. */
  boolean ended;
  /** Place in its channel's {@link SubscriberSet} on the connection's event loop; -1 when not indexed. */
  int slot = -1;
  OverflowPolicy policy = OverflowPolicy.DROP_OLDEST;
  State state = State.SYNCING;
  String epoch;
  /** The epoch before the last change of epoch: its late messages are dropped, not resynced for. */
  String replacedEpoch;
  /** Highest offset handed to the connection's flow controller. */
  long lastQueuedOffset;
  boolean pausedByClient;
  boolean pausedByFlow;
  /** Query streams: frames arrive as typed frames and only as many as this connection grants credit for. */
  boolean typedFrames;
  boolean creditFlow;
  /** Credits granted to the publisher and not yet used by a delivered frame. */
  long outstanding;
  /** Largest frame of this stream so far (0 until the first one arrives): credit is sized by it. */
  long maxFrameBytes;
  /** Recorded in presence (the namespace tracks it and the subscribe was confirmed): a leave is owed. */
  boolean present;
  final List<Delivery> held = new ArrayList<>();

  boolean heldOverflowed;

  Subscription(ClientConnection connection, String channel, String namespace) {
    this.connection = connection;
    this.channel = channel;
    this.namespace = namespace;
  }

  boolean paused() {
    return pausedByClient || pausedByFlow;
  }
}
