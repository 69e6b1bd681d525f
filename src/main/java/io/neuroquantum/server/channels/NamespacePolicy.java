package io.neuroquantum.server.channels;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The rules of one channel namespace, from {@code channels.namespaces.<ns>} in the configuration.
 *
 * @param subscribeRoles roles that may subscribe; {@code *} means every connected user
 * @param publishRoles roles that may publish from a client; empty means only server-side publishers
 * @param ownerOnly only the user who claimed a channel (for example a query's owner) may subscribe
 * @param mirrorToBus also publish each message on {@code nq.channel.<channel>}
 * @param typedFrames a message whose data is an object with a {@code type} is sent as that object
 *     (plus channel, offset, epoch) instead of inside a {@code message} frame: query streams
 * @param creditFlow the publisher sends only as many frames as subscribers grant credit for
 * @param historyMaxBytes the most payload bytes one channel's history keeps (oldest go first)
 * @param idleTtlMs how long a channel with no subscriber on this node and no publish is kept; after
 *     that its history, offset, epoch and owner are forgotten (a later subscriber starts a new epoch)
 * @param idempotencyWindowMs how long a publish's {@code idempotency_key} is remembered: a publish
 *     with the same key on the same channel within it is answered with the first one's offset
 * @param idempotencyMaxKeys the most keys one channel remembers (the oldest go first); 0: none
 * @param presence a {@code presence} request lists the channel's subscribers (those who may subscribe
 *     may ask)
 * @param joinLeave the channel's subscribers hear {@code join} and {@code leave} when others subscribe
 *     and go
 */
public record NamespacePolicy(Set<String> subscribeRoles, Set<String> publishRoles, int historySize,
    long historyTtlMs, OverflowPolicy overflow, boolean ownerOnly, boolean mirrorToBus, boolean typedFrames,
    boolean creditFlow, long historyMaxBytes, long idleTtlMs, long idempotencyWindowMs, int idempotencyMaxKeys,
    boolean presence, boolean joinLeave) {

  /** Defaults for what a namespace leaves out, from {@code channels} itself. */
  record Defaults(int historySize, long historyTtlMs, long historyMaxBytes, long idleTtlMs, long idempotencyWindowMs,
      int idempotencyMaxKeys) {
  }

  static NamespacePolicy fromJson(JsonObject j, Defaults d) {
    long historyTtl = j.getLong("history_ttl_ms", d.historyTtlMs());
    return new NamespacePolicy(
        roles(j.getJsonArray("subscribe", new JsonArray().add("*"))),
        roles(j.getJsonArray("publish", new JsonArray())),
        j.getInteger("history_size", d.historySize()),
        historyTtl,
        OverflowPolicy.parse(j.getString("policy", "drop_oldest")),
        j.getBoolean("owner_only", false),
        j.getBoolean("mirror_to_bus", false),
        j.getBoolean("typed_frames", false),
        j.getBoolean("credit_flow", false),
        j.getLong("history_max_bytes", d.historyMaxBytes()),
        j.getLong("idle_ttl_ms", d.idleTtlMs() > 0 ? d.idleTtlMs() : historyTtl),
        j.getLong("idempotency_window_ms", d.idempotencyWindowMs()),
        j.getInteger("idempotency_max_keys", d.idempotencyMaxKeys()),
        j.getBoolean("presence", false),
        j.getBoolean("join_leave", false));
  }

  private static Set<String> roles(JsonArray array) {
    return Set.copyOf(array.stream().map(String::valueOf).toList());
  }

  /** Whether this node must record who subscribes to the namespace's channels. */
  public boolean tracksPresence() {
    return presence || joinLeave;
  }

  public boolean maySubscribe(List<String> roles) {
    return allows(subscribeRoles, roles);
  }

  public boolean mayPublish(List<String> roles) {
    return allows(publishRoles, roles);
  }

  private static boolean allows(Set<String> allowed, List<String> roles) {
    if (allowed.contains("*")) {
      return true;
    }
    for (String role : roles) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
