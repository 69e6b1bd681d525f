package io.neuroquantum.server.channels;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.bus.LocalOnlyCodec;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.cluster.ClusterChannelHistory;
import io.neuroquantum.server.cluster.ClusterFanout;
import io.neuroquantum.server.cluster.ClusterMembers;
import io.neuroquantum.server.cluster.ClusterNode;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owns the channels: their access rules, history, offsets and owners. Every publish, from a client
 * or from any verticle or Vert.x service on {@code nq.channels.publish}, passes through here, gets
 * its offset in the same step that appends it to history ({@link ChannelHistory}: this node's heap,
 * or the cluster's map), and leaves as one encoded {@link Delivery} through the {@link ChannelFanout}
 * for the gateways to hand to their subscribers (in a cluster, those of every node). Also publishes
 * the periodic {@code metrics_update} on {@code system:metrics}.
 *
 * <p>Its internal addresses are local: a gateway's subscribe is answered by its own node's manager,
 * whose fan-out then orders that channel for the node. Only {@code nq.channels.publish}, the
 * contract for other services, is a cluster-wide consumer.
 *
 * <p>Failures are replied with codes: 400 malformed, 403 forbidden, 404 unknown namespace.
 */
public final class ChannelManagerVerticle extends VerticleBase {

  public static final String METRICS_CHANNEL = "system:metrics";
  public static final String ALERTS_CHANNEL = "system:alerts";

  private final ServerMetrics metrics;
  private final FanoutBacklog backlog;
  private final ClusterNode cluster;
  private ChannelRules rules;
  private ChannelHistory history;
  private ChannelFanout fanout;
  /** Per channel, how many gateway event loops of this node have a subscriber of it. */
  private final Map<String, Integer> watchers = new HashMap<>();

  /** @param cluster this node's cluster membership, or null for a single node */
  public ChannelManagerVerticle(ServerMetrics metrics, FanoutBacklog backlog, ClusterNode cluster) {
    this.metrics = metrics;
    this.backlog = backlog;
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    LocalOnlyCodec.register(vertx, ChannelPublish.class, "nq.channel-publish");
    LocalOnlyCodec.register(vertx, ChannelSync.class, "nq.channel-sync");
    JsonObject channels = config().getJsonObject("channels", new JsonObject()).copy();
    // All histories together hold at most an eighth of the heap, one channel at most a quarter of that
    long historyBudget = channels.getLong("history_max_bytes", Runtime.getRuntime().maxMemory() / 8);
    if (!channels.containsKey("history_max_bytes_per_channel")) {
      channels.put("history_max_bytes_per_channel", historyBudget / 4);
    }
    rules = ChannelRules.fromConfig(channels);
    java.util.function.Function<String, NamespacePolicy> policyOf = channel -> rules.policy(ChannelName.parse(channel));
    LocalFanout local = new LocalFanout(vertx, backlog);
    Future<Void> fanoutReady = Future.succeededFuture();
    if (cluster == null) {
      history = new InMemoryChannelHistory(policyOf, historyBudget);
      fanout = local;
    } else {
      history = new ClusterChannelHistory(cluster.hazelcast(), policyOf, context);
      ClusterFanout clusterFanout = new ClusterFanout(vertx, history, local, policyOf, cluster.gapWaitMs(),
          new ClusterMembers(cluster.hazelcast()));
      cluster.onMerge(context, clusterFanout::mergeStarted, clusterFanout::mergeEnded);
      fanout = clusterFanout;
      fanoutReady = clusterFanout.start();
    }
    metrics.channelHistory(history::bytes, history::evictions, history::channels);
    vertx.setPeriodic(channels.getLong("expiry_interval_ms", 5_000L), id -> expireIdleChannels());
    long interval = config().getJsonObject("metrics", new JsonObject()).getLong("update_interval_ms", 5000L);
    if (interval > 0) {
      vertx.setPeriodic(interval, id -> publishMetrics());
    }
    return Future.join(List.of(fanoutReady,
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_PUBLISH, this::onPublish).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, this::onHistory).completion(),
        vertx.eventBus().<ChannelPublish>localConsumer(Addresses.CHANNELS_PUBLISH_LOCAL, this::onLocalPublish).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_SUBSCRIBE, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_CATCH_UP, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_CLAIM, this::onClaim).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_WATCH, this::onWatch).completion(),
        vertx.eventBus().localConsumer(Addresses.CHANNELS_PING, m -> m.reply(null)).completion()));
  }

  /**
   * {@code {channel, data, idempotency_key?, user?, roles?, from_client?}} → {@code {offset, epoch,
   * duplicate}}: the bus contract for other services (and {@code data_json}, JSON text, for this
   * server's own JSON publishers).
   */
  private void onPublish(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body == null || !(body.containsKey("data") || body.containsKey("data_json"))) {
      msg.fail(400, "a publish needs {channel, data}");
      return;
    }
    Object key = body.getValue("idempotency_key");
    if (!IdempotencyKey.isAcceptable(key)) {
      msg.fail(400, IdempotencyKey.RULE);
      return;
    }
    boolean internal = body.containsKey("data_json");
    byte[] data = internal ? body.getString("data_json").getBytes(StandardCharsets.UTF_8)
        : Json.encodeToBuffer(body.getValue("data")).getBytes();
    publish(msg, new ChannelPublish(body.getString("channel"), data, (String) key, body.getString("user"), roles(body),
        body.getBoolean("from_client", false), false), !internal);
  }

  /** {@link ChannelPublish} from the gateway (client publishes) or this server's own publishers. */
  private void onLocalPublish(Message<ChannelPublish> msg) {
    publish(msg, msg.body(), msg.body().fromClient());
  }

  private void publish(Message<?> msg, ChannelPublish request, boolean mayBeRefused) {
    Resolved resolved = resolve(msg, request.channel());
    if (resolved == null) {
      return;
    }
    ChannelName name = resolved.name();
    NamespacePolicy policy = resolved.policy();
    if (request.fromClient() && !policy.mayPublish(request.roles())) {
      msg.fail(403, "publishing to " + name + " is not allowed");
      return;
    }
    if (mayBeRefused && backlog.overloaded()) {
      metrics.publishRefused("fanout_backlog");
      msg.fail(429, "overloaded: subscribers' event loops are " + backlog.messagesBehind()
          + " messages behind; publish more slowly");
      return;
    }
    boolean mirror = policy.mirrorToBus() || request.mirrorToBus();
    publish(name.toString(), policy, request.data(), request.idempotencyKey(), mirror).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(new JsonObject().put("offset", ar.result().offset()).put("epoch", ar.result().epoch())
            .put("duplicate", ar.result().duplicate()));
      } else {
        // Not the publisher's doing (e.g. a member left while the message was stored): no slow_down
        msg.fail(503, "unavailable: the channel store did not take the message (" + ar.cause().getMessage()
            + "); it may or may not be stored");
      }
    });
  }

  /**
   * Stores and fans out a message, and with {@code mirror} publishes it on {@code nq.channel.<channel>};
   * a duplicate (its idempotency key seen within the window) only gets its first offset back.
   */
  private Future<ChannelHistory.Appended> publish(String channel, NamespacePolicy policy, byte[] data, String idempotencyKey,
      boolean mirror) {
    long publishedNanos = System.nanoTime();
    return history.append(channel, data, idempotencyKey, System.currentTimeMillis()).onSuccess(position -> {
      if (position.duplicate()) {
        metrics.publishDuplicate();
        return;   // stored and fanned out when it was first published
      }
      byte[] frame = ChannelFrames.frame(channel, policy.typedFrames(), position.offset(), position.epoch(), data);
      fanout.published(new Delivery(channel, position.offset(), position.epoch(), frame, publishedNanos));
      metrics.published(channel);
      if (mirror) {
        vertx.eventBus().publish(Addresses.mirror(channel), new JsonObject().put("channel", channel)
            .put("offset", position.offset()).put("epoch", position.epoch())
            .put("data", Json.decodeValue(Buffer.buffer(data))));
      }
    });
  }

  /**
   * {@code {channel, user, roles, since_offset?, since_epoch?}} → {@link ChannelSync}: the channel's
   * rules and position, and with {@code since_offset} the messages after it.
   */
  private void onSubscribe(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    Resolved resolved = resolve(msg, body.getValue("channel"));
    if (resolved == null) {
      return;
    }
    NamespacePolicy policy = resolved.policy();
    String channel = resolved.name().toString();
    if (!policy.maySubscribe(roles(body))) {
      msg.fail(403, "subscribing to " + channel + " is not allowed");
      return;
    }
    sync(msg, body, policy, channel, SYNC_ATTEMPTS);
  }

  /** Reads of one subscribe before it is answered with what the store had (see {@link ChannelFanout#positionSeen}). */
  private static final int SYNC_ATTEMPTS = 5;

  /**
   * Reads the channel's position (and the messages after {@code since_offset}) for a subscriber and
   * answers with them. In a cluster this node may already have handed out later messages than the
   * read saw (its reply and the publications' arrival race), which the subscriber, listening only from
   * now on, would never get: then it reads again.
   */
  private void sync(Message<JsonObject> msg, JsonObject body, NamespacePolicy policy, String channel, int attempts) {
    long now = System.currentTimeMillis();
    Future<ChannelHistory.Recovery> read = body.containsKey("since_offset")
        ? history.since(channel, body.getLong("since_offset"), body.getString("since_epoch"), now)
        : history.open(channel, now).map(p -> new ChannelHistory.Recovery(false, List.of(), p));
    boolean recovery = body.containsKey("since_offset");
    read.onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(503, "unavailable: " + ar.cause().getMessage());
        return;
      }
      ChannelHistory.Recovery r = ar.result();
      ChannelHistory.Position p = r.position();
      if (policy.ownerOnly() && !body.getString("user", "").equals(p.owner())) {
        msg.fail(403, channel + " belongs to another user");
        return;
      }
      long handedOut = fanout.positionSeen(channel, p);
      if (handedOut > p.offset() && attempts > 1) {
        sync(msg, body, policy, channel, attempts - 1);
        return;
      }
      msg.reply(new ChannelSync(policy.overflow(), policy.typedFrames(), policy.creditFlow(), p.offset(), p.epoch(),
          p.historySize(), recovery ? r.recovered() : null, r.missed(), policy.tracksPresence()));
    });
  }

  /**
   * {@code {channel, since_offset?, since_epoch?}} → {@code {channel, offset, epoch, recovered,
   * messages: [{offset, data}]}}: a bus service's recovery, as a WebSocket subscribe with
   * {@code since} (all the messages after the offset, or none and {@code recovered: false}). Without
   * {@code since_epoch} the channel's current epoch is meant: how a service that has seen nothing yet
   * reads what was published before its mirror consumer was registered. Bus services are trusted: no
   * namespace or owner rule applies (they may publish anywhere, too).
   */
  private void onHistory(Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Resolved resolved = resolve(msg, body.getValue("channel"));
    if (resolved == null) {
      return;
    }
    String channel = resolved.name().toString();
    if (!(body.getValue("since_offset", 0L) instanceof Number after) || after.longValue() < 0
        || !(body.getValue("since_epoch") == null || body.getValue("since_epoch") instanceof String)) {
      msg.fail(400, "a history read is {channel, since_offset?: offset >= 0, since_epoch?: string}");
      return;
    }
    long now = System.currentTimeMillis();
    String sinceEpoch = body.getString("since_epoch");
    Future<String> epoch = sinceEpoch != null ? Future.succeededFuture(sinceEpoch)
        : history.open(channel, now).map(ChannelHistory.Position::epoch);
    epoch.compose(e -> history.since(channel, after.longValue(), e, now)).onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(503, "unavailable: " + ar.cause().getMessage());
        return;
      }
      JsonArray messages = new JsonArray();
      for (ChannelHistory.Entry entry : ar.result().missed()) {
        messages.add(new JsonObject().put("offset", entry.offset()).put("data", Json.decodeValue(Buffer.buffer(entry.data()))));
      }
      ChannelHistory.Position p = ar.result().position();
      msg.reply(new JsonObject().put("channel", channel).put("offset", p.offset()).put("epoch", p.epoch())
          .put("recovered", ar.result().recovered()).put("messages", messages));
    });
  }

  /** {@code {channel, owner}}: an owner-only channel now belongs to {@code owner}. */
  private void onClaim(Message<JsonObject> msg) {
    String channel = msg.body().getString("channel");
    String owner = msg.body().getString("owner");
    if (channel == null || owner == null) {
      msg.fail(400, "claim needs {channel, owner}");
      return;
    }
    history.claim(channel, owner, System.currentTimeMillis()).onComplete(ar -> {
      if (ar.failed()) {
        msg.fail(503, "unavailable: " + ar.cause().getMessage());
      } else if (!owner.equals(ar.result())) {
        msg.fail(403, channel + " already belongs to another user");
      } else {
        msg.reply(new JsonObject().put("channel", channel).put("owner", owner));
      }
    });
  }

  /** {@code {channel, watching}} from a gateway event loop: its first subscriber came, or its last left. */
  private void onWatch(Message<JsonObject> msg) {
    String channel = msg.body().getString("channel");
    if (msg.body().getBoolean("watching", false)) {
      if (watchers.merge(channel, 1, Integer::sum) == 1) {
        fanout.watch(channel);
      }
    } else {
      if (watchers.computeIfPresent(channel, (c, n) -> n <= 1 ? null : n - 1) == null) {
        fanout.unwatch(channel);
      }
      history.touch(channel, System.currentTimeMillis());   // the idle time counts from the last subscriber
    }
  }

  /**
   * Keeps the channels watched here alive and lets the others expire once idle: finished query and
   * job channels, one-off channels, names tried once. The watched channels' positions tell the
   * fan-out whether a publication never arrived.
   */
  private void expireIdleChannels() {
    history.expireIdle(System.currentTimeMillis(), Set.copyOf(watchers.keySet()))
        .onSuccess(positions -> positions.forEach(fanout::positionSeen));
  }

  private void publishMetrics() {
    try {
      NamespacePolicy policy = rules.policy(ChannelName.parse(METRICS_CHANNEL));
      Map<String, Object> snapshot = metrics.snapshot();
      // every node of a cluster publishes its own figures on the one channel: `node` tells them apart
      if (vertx instanceof VertxInternal internal && internal.clusterManager() != null) {
        snapshot.put("node", internal.clusterManager().getNodeId());
      }
      publish(METRICS_CHANNEL, policy, ProtocolCodec.encodeBytes(new ServerMessage.MetricsUpdate(snapshot)), null,
          policy.mirrorToBus());
    } catch (IllegalArgumentException noSystemNamespace) {
      // metrics updates need the system namespace; without it there is no one to send them to
    }
  }

  private record Resolved(ChannelName name, NamespacePolicy policy) {
  }

  /** The request's channel and its namespace policy, or null after failing the request (400 / 404). */
  private Resolved resolve(Message<?> msg, Object channel) {
    try {
      ChannelName name = ChannelName.parse((String) channel);
      return new Resolved(name, rules.policy(name));
    } catch (IllegalArgumentException | ClassCastException e) {
      msg.fail(e.getMessage() != null && e.getMessage().startsWith("unknown namespace") ? 404 : 400, e.getMessage());
      return null;
    }
  }

  private static List<String> roles(JsonObject body) {
    JsonArray roles = body.getJsonArray("roles", new JsonArray());
    return roles.stream().map(String::valueOf).toList();
  }
}
