package io.neuroquantum.examples.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Follows a channel whose namespace is mirrored onto the bus ({@code anneal:<job_id>}): every message
 * once, in offset order, including those published before this service started listening.
 *
 * <p>The pattern (docs/event-bus.md, "Following a channel"): register the consumer of the mirror
 * {@code nq.channel.<channel>} first, then read the channel's history on {@code nq.channels.history};
 * between the two, nothing can be missed. The mirror may deliver out of order (several nodes publish
 * a channel's messages) and loses what is in flight when a node dies, so messages that come early wait
 * for the missing ones, and a gap still open after a few seconds is filled from the history.
 */
final class ChannelFollower {

  private static final long GAP_CHECK_MS = 3_000;

  private final Vertx vertx;
  private final String channel;
  private final BiConsumer<Long, JsonObject> handler;
  private final TreeMap<Long, JsonObject> early = new TreeMap<>();
  private long delivered;   // every offset up to this one has been handed to the handler
  private String epoch;     // the channel's life the offsets belong to (new when its history was lost)
  private MessageConsumer<JsonObject> mirror;
  private long timer;

  private ChannelFollower(Vertx vertx, String channel, BiConsumer<Long, JsonObject> handler) {
    this.vertx = vertx;
    this.channel = channel;
    this.handler = handler;
  }

  /** Starts following; {@code handler} gets (offset, data) for each message, on the caller's context. */
  static ChannelFollower follow(Vertx vertx, String channel, BiConsumer<Long, JsonObject> handler) {
    ChannelFollower follower = new ChannelFollower(vertx, channel, handler);
    follower.mirror = vertx.eventBus().consumer("nq.channel." + channel,
        m -> follower.arrived(m.body().getString("epoch"), m.body().getLong("offset"), m.body().getJsonObject("data")));
    follower.mirror.completion().await();   // registered in the cluster: every later publish reaches it
    follower.readHistory();
    follower.timer = vertx.setPeriodic(GAP_CHECK_MS, t -> {
      if (!follower.early.isEmpty()) {
        follower.readHistory();   // a gap that did not fill: lost in flight, or still on its way
      }
    });
    return follower;
  }

  void close() {
    vertx.cancelTimer(timer);
    mirror.unregister();
  }

  private void arrived(String messageEpoch, long offset, JsonObject data) {
    if (epoch != null && !epoch.equals(messageEpoch)) {
      readHistory();   // the channel started a new life (its history was lost): start over from its history
      return;
    }
    if (offset > delivered) {
      early.put(offset, data);
      deliverInOrder();
    }
  }

  private void deliverInOrder() {
    while (!early.isEmpty() && early.firstKey() == delivered + 1) {
      delivered++;
      handler.accept(delivered, early.pollFirstEntry().getValue());
    }
  }

  /** The messages after the last delivered one, from the channel's history (its current epoch at first). */
  private void readHistory() {
    JsonObject read = new JsonObject().put("channel", channel).put("since_offset", delivered);
    if (epoch != null) {
      read.put("since_epoch", epoch);
    }
    JsonObject history = vertx.eventBus().<JsonObject>request("nq.channels.history", read).await().body();
    if (!history.getBoolean("recovered")) {
      String current = history.getString("epoch");
      boolean newLife = epoch != null && !epoch.equals(current);
      epoch = current;
      if (newLife) {
        // the channel's history was lost and it started again: follow its new life from the start
        early.clear();
        delivered = 0;
        readHistory();
      } else {
        // what we missed is no longer kept (trimmed): go on from where the channel stands
        delivered = history.getLong("offset");
        early.headMap(delivered, true).clear();
        deliverInOrder();
      }
      return;
    }
    epoch = history.getString("epoch");
    for (Object o : history.getJsonArray("messages")) {
      JsonObject m = (JsonObject) o;
      if (m.getLong("offset") > delivered) {
        early.put(m.getLong("offset"), m.getJsonObject("data"));
      }
    }
    deliverInOrder();
  }
}
