package io.neuroquantum.server.presence;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.channels.ChannelName;
import io.neuroquantum.server.channels.ChannelRules;
import io.neuroquantum.server.channels.NamespacePolicy;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.cluster.ClusterNode;
import io.neuroquantum.server.cluster.ClusterPresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who is subscribed to which channel, for the namespaces with {@code presence} or {@code join_leave}:
 * answers {@code presence} requests and sends {@code join} / {@code leave} to a channel's
 * subscribers. One per node.
 *
 * <p>It keeps this node's subscribers itself. On a single node that is the whole answer; in a
 * cluster each change also goes to the cluster's presence map ({@link ClusterPresence}), in the
 * order it happened here, and every node answers from that map. The map is kept right three ways:
 * the change itself; every {@code presence_ttl_ms / 3} this node writes its subscribers of each
 * channel again (so what a failed write or a healed partition left wrong is put right, and the
 * entries' time to live is renewed); and when a member leaves the cluster the survivors remove its
 * subscribers at once, announcing their {@code leave}.
 *
 * <p>{@code join} and {@code leave} go to every node on one fixed address (in a cluster,
 * {@link ClusterPresence#EVENTS_ADDRESS}), then to the gateway loops: at most once, in no fixed
 * order with the channel's messages.
 */
public final class PresenceVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final ClusterNode cluster;
  private ChannelRules rules;
  /** The most clients one presence reply lists ({@code channels.presence_max_clients}). */
  private int maxClients;
  private ClusterPresence shared;
  /** This node's subscribers of tracked channels: channel → connection id → who. */
  private final Map<String, Map<String, PresenceClient>> local = new HashMap<>();
  /** Per channel, the last change sent to the cluster: the next one starts after it, so the map sees them in order. */
  private final Map<String, Future<Void>> lastChange = new HashMap<>();

  /** @param cluster this node's cluster membership, or null for a single node */
  public PresenceVerticle(ClusterNode cluster) {
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    rules = ChannelRules.fromConfig(config().getJsonObject("channels", new JsonObject()));
    maxClients = config().getJsonObject("channels", new JsonObject()).getInteger("presence_max_clients", 1000);
    if (maxClients < 1) {
      return Future.failedFuture(new IllegalArgumentException("channels.presence_max_clients must be at least 1, got " + maxClients));
    }
    Future<Void> relay = Future.succeededFuture();
    if (cluster != null) {
      shared = new ClusterPresence(cluster.hazelcast(), cluster.presenceTtlMs(), context, this::clientsLost);
      long refresh = Math.max(1_000, cluster.presenceTtlMs() / 3);
      vertx.setPeriodic(refresh, id -> rewriteAll());
      // every node relays the cluster's join/leave events to its own gateway loops
      relay = vertx.eventBus().<JsonObject>consumer(ClusterPresence.EVENTS_ADDRESS,
          m -> vertx.eventBus().publish(Addresses.PRESENCE_EVENTS, m.body(), LOCAL)).completion();
    }
    return Future.join(List.of(relay,
        vertx.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_JOIN, m -> joined(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_LEAVE, m -> left(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_QUERY, this::query).completion()));
  }

  private void joined(JsonObject body) {
    String channel = body.getString("channel");
    PresenceClient who = PresenceClient.fromJson(body);
    local.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(who.client(), who);
    Future<Void> stored = shared == null ? Future.succeededFuture() : inOrder(channel, () -> shared.add(channel, who));
    if (policy(channel).joinLeave()) {
      // announced once the cluster has it (or failed to take it: the next rewrite puts it right), so
      // whoever hears the join and asks for presence finds the newcomer there
      stored.onComplete(ar -> announce(channel, true, who));
    }
  }

  private void left(JsonObject body) {
    String channel = body.getString("channel");
    Map<String, PresenceClient> clients = local.get(channel);
    PresenceClient who = clients == null ? null : clients.remove(body.getString("client"));
    if (who == null) {
      return;
    }
    if (clients.isEmpty()) {
      local.remove(channel);
    }
    Future<Void> stored = shared == null ? Future.succeededFuture()
        : inOrder(channel, () -> shared.remove(channel, who.client()));
    if (policy(channel).joinLeave()) {
      stored.onComplete(ar -> announce(channel, false, who));
    }
  }

  /** {@code {channel, user, roles, subscribed}} → {@code {channel, clients}}. */
  private void query(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String channel = body.getString("channel");
    NamespacePolicy policy;
    try {
      policy = rules.policy(ChannelName.parse(channel));
    } catch (IllegalArgumentException e) {
      boolean unknown = String.valueOf(e.getMessage()).startsWith("unknown namespace");
      msg.fail(unknown ? 404 : 400, (unknown ? "unknown_namespace: " : "invalid_channel: ") + e.getMessage());
      return;
    }
    String namespace = channel.substring(0, channel.indexOf(':'));
    if (!policy.presence()) {
      msg.fail(409, "presence_disabled: presence is not enabled for namespace " + namespace
          + " (channels.namespaces." + namespace + ".presence)");
      return;
    }
    List<String> roles = body.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList();
    if (!policy.maySubscribe(roles)) {
      msg.fail(403, "forbidden: only those who may subscribe to " + channel + " may see its presence");
      return;
    }
    if (policy.ownerOnly() && !body.getBoolean("subscribed", false)) {
      msg.fail(403, "forbidden: " + channel + " belongs to its owner; subscribe to it first");
      return;
    }
    Future<Collection<PresenceClient>> clients = shared == null
        ? Future.succeededFuture(List.copyOf(local.getOrDefault(channel, Map.of()).values()))
        : shared.clients(channel);
    clients.onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(503, "not_available: the cluster's presence store did not answer (" + ar.cause().getMessage() + ")");
        return;
      }
      // A channel with a crowd in it would make each request a reply as large as the crowd: the list is
      // capped (the total is still given), as a namespace's subscriber counts are not otherwise bounded
      JsonArray list = new JsonArray();
      int total = ar.result().size();
      for (PresenceClient c : ar.result()) {
        if (list.size() == maxClients) {
          break;
        }
        list.add(c.toJson());
      }
      msg.reply(new JsonObject().put("channel", channel).put("clients", list).put("total", total)
          .put("truncated", list.size() < total));
    });
  }

  /** Runs a change of a channel's cluster entry after the previous one of this node has finished. */
  private Future<Void> inOrder(String channel, Supplier<Future<Void>> change) {
    Future<Void> previous = lastChange.getOrDefault(channel, Future.succeededFuture());
    Future<Void> next = previous.transform(ar -> change.get());
    lastChange.put(channel, next);
    next.onComplete(ar -> lastChange.remove(channel, next));
    return next;
  }

  /**
   * Writes this node's subscribers of every tracked channel to the cluster again: renews their time
   * to live and puts right what a failed write or a healed partition left wrong. Each channel's
   * list is read when its turn comes, so it includes every change queued before it.
   */
  private void rewriteAll() {
    for (String channel : List.copyOf(local.keySet())) {
      inOrder(channel, () -> shared.replaceOwn(channel, List.copyOf(local.getOrDefault(channel, Map.of()).values())));
    }
  }

  /** Subscribers of a node that left the cluster, removed from presence by this node: their leave. */
  private void clientsLost(Map<String, List<PresenceClient>> byChannel) {
    byChannel.forEach((channel, clients) -> {
      if (policy(channel).joinLeave()) {
        clients.forEach(who -> announce(channel, false, who));
      }
    });
  }

  private void announce(String channel, boolean join, PresenceClient who) {
    ServerMessage frame = join ? new ServerMessage.Join(channel, who.client(), who.user(), who.info())
        : new ServerMessage.Leave(channel, who.client(), who.user(), who.info());
    JsonObject event = new JsonObject().put("channel", channel).put("client", who.client())
        .put("frame", ProtocolCodec.encode(frame));
    if (shared == null) {
      vertx.eventBus().publish(Addresses.PRESENCE_EVENTS, event, LOCAL);
    } else {
      vertx.eventBus().publish(ClusterPresence.EVENTS_ADDRESS, event);
    }
  }

  private NamespacePolicy policy(String channel) {
    return rules.policy(ChannelName.parse(channel));
  }
}
