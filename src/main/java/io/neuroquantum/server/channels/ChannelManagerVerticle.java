package io.neuroquantum.server.channels;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.bus.DeliveryCodec;
import io.neuroquantum.server.bus.LocalOnlyCodec;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the channels: their access rules, history, offsets and owners. Every publish, from a client
 * or from any verticle or Vert.x service on {@code nq.channels.publish}, passes through here, gets
 * its offset in the same step that appends it to history, and leaves as one encoded {@link Delivery}
 * on {@code nq.internal.fanout} for the gateways to hand to their subscribers. Also publishes the
 * periodic {@code metrics_update} on {@code system:metrics}.
 *
 * <p>Failures are replied with codes: 400 malformed, 403 forbidden, 404 unknown namespace.
 */
public final class ChannelManagerVerticle extends VerticleBase {

  public static final String METRICS_CHANNEL = "system:metrics";
  public static final String ALERTS_CHANNEL = "system:alerts";

  private final ServerMetrics metrics;
  private final FanoutBacklog backlog;
  private ChannelRules rules;
  private ChannelHistory history;
  private final Map<String, String> owners = new HashMap<>();
  /** Per channel, how many gateway event loops have a subscriber of it. */
  private final Map<String, Integer> watchers = new HashMap<>();
  private final DeliveryOptions localDelivery = new DeliveryOptions().setLocalOnly(true).setCodecName(DeliveryCodec.NAME);

  public ChannelManagerVerticle(ServerMetrics metrics, FanoutBacklog backlog) {
    this.metrics = metrics;
    this.backlog = backlog;
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
    history = new InMemoryChannelHistory(channel -> rules.policy(ChannelName.parse(channel)), historyBudget);
    metrics.channelHistory(history::bytes, history::evictions, history::channels);
    vertx.setPeriodic(channels.getLong("expiry_interval_ms", 5_000L), id -> expireIdleChannels());
    long interval = config().getJsonObject("metrics", new JsonObject()).getLong("update_interval_ms", 5000L);
    if (interval > 0) {
      vertx.setPeriodic(interval, id -> publishMetrics());
    }
    return Future.join(List.of(
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_PUBLISH, this::onPublish).completion(),
        vertx.eventBus().<ChannelPublish>localConsumer(Addresses.CHANNELS_PUBLISH_LOCAL, this::onLocalPublish).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_SUBSCRIBE, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_CATCH_UP, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_CLAIM, this::onClaim).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_WATCH, this::onWatch).completion(),
        vertx.eventBus().consumer(Addresses.CHANNELS_PING, m -> m.reply(null)).completion()));
  }

  /**
   * {@code {channel, data, user?, roles?, from_client?}} → {@code {offset, epoch}}: the bus contract for
   * other services (and {@code data_json}, JSON text, for this server's own JSON publishers).
   */
  private void onPublish(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body == null || !(body.containsKey("data") || body.containsKey("data_json"))) {
      msg.fail(400, "a publish needs {channel, data}");
      return;
    }
    boolean internal = body.containsKey("data_json");
    byte[] data = internal ? body.getString("data_json").getBytes(StandardCharsets.UTF_8)
        : Json.encodeToBuffer(body.getValue("data")).getBytes();
    publish(msg, new ChannelPublish(body.getString("channel"), data, body.getString("user"), roles(body),
        body.getBoolean("from_client", false)), !internal);
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
      msg.fail(503, "overloaded: subscribers' event loops are " + backlog.messagesBehind()
          + " messages behind; publish more slowly");
      return;
    }
    ChannelHistory.Position position = publish(name.toString(), policy, request.data());
    msg.reply(new JsonObject().put("offset", position.offset()).put("epoch", position.epoch()));
  }

  private ChannelHistory.Position publish(String channel, NamespacePolicy policy, byte[] data) {
    long now = System.currentTimeMillis();
    ChannelHistory.Position position = history.append(channel, data, now);
    byte[] frame = ChannelFrames.frame(channel, policy.typedFrames(), position.offset(), position.epoch(), data);
    backlog.published(frame.length);
    vertx.eventBus().publish(Addresses.FANOUT,
        new Delivery(channel, position.offset(), position.epoch(), frame, System.nanoTime()), localDelivery);
    metrics.published(channel);
    if (policy.mirrorToBus()) {
      vertx.eventBus().publish(Addresses.mirror(channel), new JsonObject().put("channel", channel)
          .put("offset", position.offset()).put("epoch", position.epoch())
          .put("data", Json.decodeValue(Buffer.buffer(data))));
    }
    return position;
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
    if (policy.ownerOnly() && !body.getString("user", "").equals(owners.get(channel))) {
      msg.fail(403, channel + " belongs to another user");
      return;
    }
    long now = System.currentTimeMillis();
    if (body.containsKey("since_offset")) {
      ChannelHistory.Recovery r = history.since(channel, body.getLong("since_offset"), body.getString("since_epoch"), now);
      msg.reply(new ChannelSync(policy.overflow(), policy.typedFrames(), policy.creditFlow(), r.position().offset(),
          r.position().epoch(), r.historySize(), r.recovered(), r.missed()));
    } else {
      ChannelHistory.Position p = history.position(channel, now);
      msg.reply(new ChannelSync(policy.overflow(), policy.typedFrames(), policy.creditFlow(), p.offset(), p.epoch(),
          history.size(channel, now), null, List.of()));
    }
  }

  /** {@code {channel, owner}}: an owner-only channel now belongs to {@code owner}. */
  private void onClaim(Message<JsonObject> msg) {
    String channel = msg.body().getString("channel");
    String owner = msg.body().getString("owner");
    if (channel == null || owner == null) {
      msg.fail(400, "claim needs {channel, owner}");
      return;
    }
    String previous = owners.putIfAbsent(channel, owner);
    if (previous != null && !previous.equals(owner)) {
      msg.fail(403, channel + " already belongs to another user");
      return;
    }
    msg.reply(new JsonObject().put("channel", channel).put("owner", owner));
  }

  /** {@code {channel, watching}} from a gateway event loop: its first subscriber came, or its last left. */
  private void onWatch(Message<JsonObject> msg) {
    String channel = msg.body().getString("channel");
    if (msg.body().getBoolean("watching", false)) {
      watchers.merge(channel, 1, Integer::sum);
    } else {
      watchers.computeIfPresent(channel, (c, n) -> n <= 1 ? null : n - 1);
      history.touch(channel, System.currentTimeMillis());   // the idle time counts from the last subscriber
    }
  }

  /**
   * Forgets channels nobody here watches that saw no publish or subscribe for their idle TTL, and
   * their owners: finished query and job channels, one-off channels, names tried once.
   */
  private void expireIdleChannels() {
    for (String channel : history.expireIdle(System.currentTimeMillis(), watchers::containsKey)) {
      owners.remove(channel);
    }
  }

  private void publishMetrics() {
    try {
      NamespacePolicy policy = rules.policy(ChannelName.parse(METRICS_CHANNEL));
      Map<String, Object> snapshot = metrics.snapshot();
      publish(METRICS_CHANNEL, policy, ProtocolCodec.encodeBytes(new ServerMessage.MetricsUpdate(snapshot)));
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
