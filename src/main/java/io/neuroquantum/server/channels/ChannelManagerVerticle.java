package io.neuroquantum.server.channels;

import io.neuroquantum.server.bus.Addresses;
import io.neuroquantum.server.bus.Delivery;
import io.neuroquantum.server.channels.protocol.ProtocolCodec;
import io.neuroquantum.server.channels.protocol.ServerMessage;
import io.neuroquantum.server.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  private ChannelRules rules;
  private ChannelHistory history;
  private final Map<String, String> owners = new HashMap<>();
  private final DeliveryOptions localDelivery = new DeliveryOptions().setLocalOnly(true).setCodecName("nq.delivery");

  public ChannelManagerVerticle(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    rules = ChannelRules.fromConfig(config().getJsonObject("channels", new JsonObject()));
    history = new InMemoryChannelHistory(channel -> rules.policy(ChannelName.parse(channel)));
    long interval = config().getJsonObject("metrics", new JsonObject()).getLong("update_interval_ms", 5000L);
    if (interval > 0) {
      vertx.setPeriodic(interval, id -> publishMetrics());
    }
    return Future.join(
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_PUBLISH, this::onPublish).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_SUBSCRIBE, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_CATCH_UP, this::onSubscribe).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_CLAIM, this::onClaim).completion(),
        vertx.eventBus().consumer(Addresses.CHANNELS_PING, m -> m.reply(null)).completion());
  }

  /** {@code {channel, data, user?, roles?, from_client?}} → {@code {offset, epoch}}. */
  private void onPublish(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body == null || !(body.containsKey("data") || body.containsKey("data_json"))) {
      msg.fail(400, "a publish needs {channel, data}");
      return;
    }
    Resolved resolved = resolve(msg);
    if (resolved == null) {
      return;
    }
    ChannelName name = resolved.name();
    NamespacePolicy policy = resolved.policy();
    if (body.getBoolean("from_client", false) && !policy.mayPublish(roles(body))) {
      msg.fail(403, "publishing to " + name + " is not allowed");
      return;
    }
    // data_json: JSON text from this server's own publishers (query streams), used as it is
    String data = body.containsKey("data_json") ? body.getString("data_json") : Json.encode(body.getValue("data"));
    ChannelHistory.Position position = publish(name.toString(), policy, data);
    msg.reply(new JsonObject().put("offset", position.offset()).put("epoch", position.epoch()));
  }

  private ChannelHistory.Position publish(String channel, NamespacePolicy policy, String data) {
    long now = System.currentTimeMillis();
    ChannelHistory.Position position = history.append(channel, data, now);
    String frame = frame(channel, policy, position.offset(), position.epoch(), data);
    vertx.eventBus().publish(Addresses.FANOUT,
        new Delivery(channel, position.offset(), position.epoch(), frame, System.nanoTime()), localDelivery);
    metrics.published(channel);
    if (policy.mirrorToBus()) {
      vertx.eventBus().publish(Addresses.mirror(channel), new JsonObject().put("channel", channel)
          .put("offset", position.offset()).put("epoch", position.epoch()).put("data", Json.decodeValue(data)));
    }
    return position;
  }

  /**
   * The frame for a channel message: normally {@code message {channel, offset, epoch, data}}; for
   * typed-frame namespaces an object {@code data} with its own {@code type} goes out as itself, with
   * channel, offset and epoch added, so a query's rows arrive as {@code query_batch} frames.
   */
  public static String frame(String channel, NamespacePolicy policy, long offset, String epoch, String data) {
    return frame(channel, policy.typedFrames(), offset, epoch, data);
  }

  public static String frame(String channel, boolean typedFrames, long offset, String epoch, String data) {
    if (typedFrames && data.startsWith("{\"type\":") && data.endsWith("}")) {
      return data.substring(0, data.length() - 1) + ",\"channel\":" + Json.encode(channel) + ",\"offset\":" + offset
          + ",\"epoch\":" + Json.encode(epoch) + "}";
    }
    return ProtocolCodec.encode(new ServerMessage.ChannelMessage(channel, offset, epoch, data));
  }

  /**
   * {@code {channel, user, roles, since_offset?, since_epoch?}} → {@code {offset, epoch, history_size,
   * recovered?, missed: [{offset, data}]}} where data is JSON text.
   */
  private void onSubscribe(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    Resolved resolved = resolve(msg);
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
    JsonObject reply = new JsonObject().put("policy", policy.overflow().wireName())
        .put("typed_frames", policy.typedFrames()).put("credit_flow", policy.creditFlow());
    if (body.containsKey("since_offset")) {
      ChannelHistory.Recovery r = history.since(channel, body.getLong("since_offset"), body.getString("since_epoch"), now);
      JsonArray missed = new JsonArray();
      for (ChannelHistory.Entry e : r.missed()) {
        missed.add(new JsonObject().put("offset", e.offset()).put("data", e.data()));
      }
      reply.put("offset", r.position().offset()).put("epoch", r.position().epoch())
          .put("history_size", r.historySize()).put("recovered", r.recovered()).put("missed", missed);
    } else {
      ChannelHistory.Position p = history.position(channel, now);
      reply.put("offset", p.offset()).put("epoch", p.epoch()).put("history_size", history.size(channel, now))
          .put("missed", new JsonArray());
    }
    msg.reply(reply);
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

  private void publishMetrics() {
    try {
      NamespacePolicy policy = rules.policy(ChannelName.parse(METRICS_CHANNEL));
      Map<String, Object> snapshot = metrics.snapshot();
      String data = ProtocolCodec.encode(new ServerMessage.MetricsUpdate(snapshot));
      publish(METRICS_CHANNEL, policy, data);
    } catch (IllegalArgumentException noSystemNamespace) {
      // metrics updates need the system namespace; without it there is no one to send them to
    }
  }

  private record Resolved(ChannelName name, NamespacePolicy policy) {
  }

  /** The request's channel and its namespace policy, or null after failing the request (400 / 404). */
  private Resolved resolve(Message<JsonObject> msg) {
    try {
      ChannelName name = ChannelName.parse(msg.body().getString("channel"));
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
