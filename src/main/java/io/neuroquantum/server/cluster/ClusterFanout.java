package io.neuroquantum.server.cluster;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.bus.DeliveryCodec;
import io.neuroquantum.server.channels.ChannelFanout;
import io.neuroquantum.server.channels.ChannelFrames;
import io.neuroquantum.server.channels.ChannelHistory;
import io.neuroquantum.server.channels.LocalFanout;
import io.neuroquantum.server.channels.NamespacePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out across the cluster. Every node publishes what it stored on one fixed address,
 * {@value #ADDRESS}, that every node consumes (one registration per node, made before it is ready:
 * no per-channel addresses, so subscribing costs the cluster nothing). The event bus orders
 * messages only per sender, so two nodes publishing to one channel reach a third in either order,
 * and a message can be lost when a node dies. Each node therefore hands a channel's publications to
 * its gateway loops strictly by offset: a duplicate or an older one is dropped; one that comes
 * early waits up to {@code gapWaitMs} for the missing ones, which are then read from the cluster's
 * history. If they are no longer there (trimmed, or the channel's data was lost and it has a new
 * epoch), the gateways are told to resynchronise their subscribers, who get {@code recovered: false}.
 *
 * <p>Only channels that a gateway loop of this node watches are ordered; the others are dropped
 * here. Runs on the channel manager's context.
 */
public final class ClusterFanout implements ChannelFanout {

  public static final String ADDRESS = "nq.cluster.fanout";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterFanout.class);
  /** Most early publications held for one channel while waiting for a missing one. */
  static final int MAX_PENDING = 10_000;

  private final Vertx vertx;
  private final ChannelHistory history;
  private final LocalFanout local;
  private final Function<String, NamespacePolicy> policyOf;
  private final long gapWaitMs;
  /** The message header naming the member that sent a publication. */
  static final String SENDER = "nq-sender";
  private final ClusterMembers members;
  /** Senders whose publications were refused, each logged once. */
  private final java.util.Set<String> strangers = new java.util.HashSet<>();
  private final Map<String, Sequence> sequences = new HashMap<>();
  /** While this node merges back after a split brain: nothing is handed out (see {@link #mergeStarted}). */
  private boolean merging;

  /** A watched channel's order on this node. */
  private static final class Sequence {
    final String channel;
    /** The epoch being delivered; null until the first position is known. */
    String epoch;
    /** The next offset to hand out; 0 until the first position is known. */
    long next;
    /** The highest offset known to exist (from the store or a publication). */
    long knownTop;
    final TreeMap<Long, Held> pending = new TreeMap<>();
    long timer = -1;
    boolean filling;

    Sequence(String channel) {
      this.channel = channel;
    }
  }

  /**
   * An early publication waiting for the ones before it, with the member that sent it: that member may
   * leave this node's view while it waits (a split), and then what the offset holds here is the
   * store's to say, not the other side's message.
   */
  private record Held(Delivery delivery, String sender) {
  }

  public ClusterFanout(Vertx vertx, ChannelHistory history, LocalFanout local, Function<String, NamespacePolicy> policyOf,
      long gapWaitMs, ClusterMembers members) {
    this.vertx = vertx;
    this.members = members;
    this.history = history;
    this.local = local;
    this.policyOf = policyOf;
    this.gapWaitMs = gapWaitMs;
  }

  /** Registers this node's consumer of the cluster's publications. */
  public Future<Void> start() {
    MessageConsumer<Delivery> consumer = vertx.eventBus().consumer(ADDRESS, m -> {
      String sender = m.headers().get(SENDER);
      if (members.contains(sender)) {
        receive(m.body(), sender);
      } else if (strangers.add(String.valueOf(sender))) {
        LOG.info("publications from {}, not a member in this node's view of the cluster, are not handed out", sender);
      }
      // else: the other side of a split (or a member this node does not know yet); what it stored
      // on this side, if anything, is filled from the store
    });
    return consumer.completion();
  }

  /**
   * This node was split off and now joins the larger side again. Until the channels' two copies are
   * merged ({@link ChannelMergePolicy}), both sides may have numbered the same offsets of the same
   * epoch differently, and the larger side's publications and history already reach this node: handing
   * them out would append the other side's messages to what this node's subscribers got while split.
   * So nothing is handed out or filled until {@link #mergeEnded}.
   */
  public void mergeStarted() {
    merging = true;
  }

  /**
   * The merge is done (or failed): every watched channel's order starts again from the merged store.
   * Where the channel kept its epoch the missing publications are filled from it; where it got a new
   * one the subscribers resynchronise and hear {@code recovered: false}.
   */
  public void mergeEnded() {
    merging = false;
    for (Sequence s : sequences.values()) {
      s.pending.clear();
      history.open(s.channel, System.currentTimeMillis()).onSuccess(p -> positionSeen(s.channel, p));
    }
  }

  @Override
  public void published(Delivery delivery) {
    // Every node, this one included, receives it from the bus: one path, one order per sender
    vertx.eventBus().publish(ADDRESS, delivery,
        new DeliveryOptions().setCodecName(DeliveryCodec.NAME).addHeader(SENDER, members.localId()));
  }

  @Override
  public void watch(String channel) {
    sequences.computeIfAbsent(channel, Sequence::new);
  }

  @Override
  public void unwatch(String channel) {
    Sequence s = sequences.remove(channel);
    if (s != null && s.timer >= 0) {
      vertx.cancelTimer(s.timer);
    }
  }

  @Override
  public long positionSeen(String channel, ChannelHistory.Position position) {
    Sequence s = sequences.get(channel);
    if (s == null || merging) {
      return -1;
    }
    if (s.epoch == null) {
      start(s, position);
    } else if (!s.epoch.equals(position.epoch())) {
      restart(s, position);
    } else if (position.offset() >= s.next) {
      s.knownTop = Math.max(s.knownTop, position.offset());
      armGapTimer(s);   // stored but not received yet: in flight, or lost with a node
    }
    return s.epoch != null && s.epoch.equals(position.epoch()) ? s.next - 1 : -1;
  }


  /** The first position of a channel here: its order starts after it. */
  private void start(Sequence s, ChannelHistory.Position position) {
    s.epoch = position.epoch();
    s.next = position.offset() + 1;
    s.knownTop = Math.max(s.knownTop, position.offset());
    s.pending.headMap(s.next).clear();
    s.pending.values().removeIf(h -> !h.delivery().epoch().equals(s.epoch));
    if (!s.pending.isEmpty()) {
      s.knownTop = Math.max(s.knownTop, s.pending.lastKey());
    }
    drain(s);
  }

  /** The channel's data was lost and it began again: subscribers here resynchronise, the order restarts. */
  private void restart(Sequence s, ChannelHistory.Position position) {
    LOG.info("{} began epoch {} at {} (was {} before {}): its subscribers here resynchronise", s.channel,
        position.epoch(), position.offset(), s.epoch, s.next);
    s.pending.clear();
    s.knownTop = 0;
    start(s, position);
    resync(s.channel);
  }

  private void receive(Delivery d, String sender) {
    Sequence s = sequences.get(d.channel());
    if (s == null || merging) {
      return;   // nobody here subscribes, or it may belong to the other side's numbering (filled after the merge)
    }
    if (s.epoch == null) {
      hold(s, d, sender);   // the first subscriber's position is on its way
      return;
    }
    if (!d.epoch().equals(s.epoch)) {
      // A different epoch: the store lost the channel and began a new one (offsets from 1), or this is
      // a late message of an old epoch. The store decides which.
      history.open(d.channel(), System.currentTimeMillis()).onSuccess(p -> positionSeen(d.channel(), p));
      return;
    }
    if (d.offset() < s.next) {
      return;   // already handed out
    }
    s.knownTop = Math.max(s.knownTop, d.offset());
    if (d.offset() == s.next) {
      emit(s, d);
      drain(s);
    } else {
      hold(s, d, sender);
      armGapTimer(s);
    }
  }

  private void hold(Sequence s, Delivery d, String sender) {
    if (s.pending.size() < MAX_PENDING) {
      s.pending.put(d.offset(), new Held(d, sender));
    }
    // past the bound the publication is left to the gap fill, which reads it from the store
  }

  private void emit(Sequence s, Delivery d) {
    local.published(d);
    s.next = d.offset() + 1;
  }

  /** Hands out the held publications that are next in order. */
  private void drain(Sequence s) {
    while (!s.pending.isEmpty()) {
      long first = s.pending.firstKey();
      if (first < s.next) {
        s.pending.pollFirstEntry();
      } else if (first == s.next) {
        Held held = s.pending.pollFirstEntry().getValue();
        if (!members.contains(held.sender())) {
          break;   // its sender left this node's view while it waited: the gap fill reads the offset from the store
        }
        emit(s, held.delivery());
      } else {
        break;
      }
    }
    if (s.pending.isEmpty() && s.knownTop < s.next && s.timer >= 0) {
      vertx.cancelTimer(s.timer);
      s.timer = -1;
    } else if (s.knownTop >= s.next) {
      armGapTimer(s);
    }
  }

  private void armGapTimer(Sequence s) {
    if (s.timer < 0 && !s.filling) {
      s.timer = vertx.setTimer(gapWaitMs, id -> {
        s.timer = -1;
        if (sequences.get(s.channel) == s && s.knownTop >= s.next) {
          fill(s);
        }
      });
    }
  }

  /** Reads the missing publications from the store and hands them out, or resynchronises. */
  private void fill(Sequence s) {
    if (merging) {
      return;   // mergeEnded reads every watched channel's position again
    }
    s.filling = true;
    String epoch = s.epoch;
    long after = s.next - 1;
    history.since(s.channel, after, epoch, System.currentTimeMillis()).onComplete(ar -> {
      s.filling = false;
      if (merging) {
        return;   // read before or during the merge: mergeEnded starts over
      }
      if (sequences.get(s.channel) != s || ar.failed()) {
        if (ar.failed()) {
          armGapTimer(s);   // the store is unreachable for now: try again
        }
        return;
      }
      ChannelHistory.Recovery r = ar.result();
      if (!r.recovered()) {
        LOG.info("{}: publications after {} never arrived and are not in the store ({}@{}); subscribers resynchronise",
            s.channel, after, r.position().epoch(), r.position().offset());
        if (!r.position().epoch().equals(s.epoch)) {
          restart(s, r.position());
        } else {
          // Trimmed before this node received it: skip to the store's top, the subscribers resynchronise
          s.pending.headMap(r.position().offset() + 1).clear();
          s.next = Math.max(s.next, r.position().offset() + 1);
          resync(s.channel);
          drain(s);
        }
        return;
      }
      if (!r.missed().isEmpty()) {
        LOG.info("{}: {} publications after {} read from the store (not received over the bus in {} ms)", s.channel,
            r.missed().size(), after, gapWaitMs);
      }
      boolean typed = policyOf.apply(s.channel).typedFrames();
      long now = System.nanoTime();
      for (ChannelHistory.Entry e : r.missed()) {
        if (e.offset() == s.next) {
          // The store's message, unless the one held for this offset is the same (it keeps its publish
          // time): a held one from a member now on the other side of a split may differ
          byte[] stored = ChannelFrames.frame(s.channel, typed, e.offset(), epoch, e.data());
          Held held = s.pending.remove(e.offset());
          emit(s, held != null && java.util.Arrays.equals(held.delivery().frame(), stored) ? held.delivery()
              : new Delivery(s.channel, e.offset(), epoch, stored, now));
        }
      }
      s.knownTop = Math.max(s.knownTop, r.position().offset());
      drain(s);
    });
  }

  /** Tells this node's gateway loops that their subscribers of a channel must catch up from the store. */
  private void resync(String channel) {
    vertx.eventBus().publish(Addresses.CHANNELS_RESYNC, new JsonObject().put("channel", channel),
        new DeliveryOptions().setLocalOnly(true));
  }
}
