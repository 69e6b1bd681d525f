package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.neuroquantum.server.presence.PresenceClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's presence: one entry per channel in the Hazelcast map {@value #MAP} holding every
 * node's subscribers of it, each filed under the member it is connected to ({@link ChannelPresence},
 * changed only by {@link PresenceOps}). Every node reads the same entry, so every node answers a
 * {@code presence} request alike.
 *
 * <p>A crashed node's subscribers go two ways. When Hazelcast removes a member (at once when its
 * process dies and its connections close; after {@code hazelcast.max.no.heartbeat.seconds}, 10 s,
 * when it stops answering), every survivor drops that member's part of every channel; the first to
 * reach an entry gets who was there and announces their leave. Should that be missed (a partition
 * that healed, a survivor that failed mid-way), entries expire {@code presence_ttl_ms} after their
 * node last renewed them.
 */
public final class ClusterPresence {

  public static final String MAP = "nq.presence";
  /** Join and leave events, published to every node; each node relays them to its gateway loops. */
  public static final String EVENTS_ADDRESS = "nq.cluster.presence";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPresence.class);

  private final IMap<String, ChannelPresence> map;
  private final String member;
  private final long ttlMs;
  private final Context context;

  /**
   * @param context where the futures complete and {@code lost} is called (the presence verticle's)
   * @param lost who was removed because their node left the cluster, by channel
   */
  public ClusterPresence(HazelcastInstance hazelcast, long ttlMs, Context context,
      Consumer<Map<String, List<PresenceClient>>> lost) {
    this.map = hazelcast.getMap(MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.ttlMs = ttlMs;
    this.context = context;
    // a pass over every entry of the map: not on Hazelcast's event thread, nor on an event loop
    MemberDepartures.listen(hazelcast, gone -> context.<Map<String, List<PresenceClient>>>executeBlocking(() -> dropPart(gone))
        .onSuccess(lost::accept)
        .onFailure(e -> LOG.warn("could not remove the presence of departed member {}; its entries expire in {} ms",
            gone, ttlMs, e)));
  }

  private Map<String, List<PresenceClient>> dropPart(String gone) {
    Map<String, List<PresenceClient>> dropped = new HashMap<>();
    map.<List<PresenceClient>>executeOnEntries(new PresenceOps.DropPart(gone)).forEach((channel, clients) -> {
      if (clients != null && !clients.isEmpty()) {
        dropped.put(channel, clients);
      }
    });
    return dropped;
  }

  public Future<Void> add(String channel, PresenceClient who) {
    return change(channel, new PresenceOps.Add(member, who, System.currentTimeMillis(), ttlMs));
  }

  public Future<Void> remove(String channel, String client) {
    return change(channel, new PresenceOps.Remove(member, client, System.currentTimeMillis(), ttlMs));
  }

  /** This node's subscribers of {@code channel}, written again as its whole part (renewing them). */
  public Future<Void> replaceOwn(String channel, List<PresenceClient> clients) {
    return change(channel, new PresenceOps.ReplacePart(member, clients, System.currentTimeMillis(), ttlMs));
  }

  /** Everyone subscribed to {@code channel} on any node, as far as their entries still count. */
  public Future<Collection<PresenceClient>> clients(String channel) {
    return Future.fromCompletionStage(map.getAsync(channel), context)
        .map(presence -> presence == null ? List.of() : presence.live(System.currentTimeMillis()));
  }

  private Future<Void> change(String channel, PresenceOps.Change op) {
    return Future.fromCompletionStage(map.submitToKey(channel, op), context).mapEmpty();
  }
}
