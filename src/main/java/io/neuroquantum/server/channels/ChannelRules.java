package io.neuroquantum.server.channels;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Every namespace's {@link NamespacePolicy}; channels outside a configured namespace do not exist. */
public final class ChannelRules {
  private final Map<String, NamespacePolicy> namespaces;

  private ChannelRules(Map<String, NamespacePolicy> namespaces) {
    this.namespaces = Map.copyOf(namespaces);
  }

  /** Reads {@code channels} of the server configuration. */
  public static ChannelRules fromConfig(JsonObject channels) {
    NamespacePolicy.Defaults defaults = new NamespacePolicy.Defaults(
        channels.getInteger("history_size", 1000),
        channels.getLong("history_ttl_ms", 600_000L),
        channels.getLong("history_max_bytes_per_channel", Long.MAX_VALUE),
        channels.getLong("idle_ttl_ms", 0L),   // 0: a namespace's history_ttl_ms
        channels.getLong("idempotency_window_ms", 300_000L),
        channels.getInteger("idempotency_max_keys", 1000));
    Map<String, NamespacePolicy> map = new HashMap<>();
    JsonObject ns = channels.getJsonObject("namespaces", new JsonObject());
    for (String name : ns.fieldNames()) {
      map.put(name, NamespacePolicy.fromJson(ns.getJsonObject(name), defaults));
    }
    return new ChannelRules(map);
  }

  /**
   * The policy of a channel's namespace.
   *
   * @throws IllegalArgumentException when the namespace is not configured
   */
  public NamespacePolicy policy(ChannelName channel) {
    NamespacePolicy policy = namespaces.get(channel.namespace());
    if (policy == null) {
      throw new IllegalArgumentException("unknown namespace \"" + channel.namespace() + "\"");
    }
    return policy;
  }

  public Iterable<String> namespaces() {
    return namespaces.keySet();
  }
}
