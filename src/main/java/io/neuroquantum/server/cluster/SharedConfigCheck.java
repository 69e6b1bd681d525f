package io.neuroquantum.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refuses a node whose configuration differs from the cluster's in what all nodes must share: the
 * channel rules (namespaces, history bounds) and the credentials that sign tokens. A node with other
 * rules would number, keep or authorise the same channels differently. Only a digest is shared.
 */
public final class SharedConfigCheck {

  static final String MAP = "nq.cluster.shared";
  private static final String KEY = "config-digest";

  private SharedConfigCheck() {
  }

  /** What must be equal on every node: {@code channels} and {@code auth}, keys sorted. */
  static String digest(JsonObject config) {
    JsonObject shared = new JsonObject()
        .put("channels", config.getJsonObject("channels", new JsonObject()))
        .put("auth", config.getJsonObject("auth", new JsonObject()));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical(shared).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> sorted = new TreeMap<>(o.getMap());
      StringBuilder sb = new StringBuilder("{");
      sorted.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
          .append(canonical(v instanceof Map<?, ?> m ? new JsonObject(cast(m)) : v)));
      return sb.append('}').toString();
    }
    if (value instanceof JsonArray a) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) {
        sb.append(i > 0 ? "," : "").append(canonical(a.getValue(i)));
      }
      return sb.append(']').toString();
    }
    if (value instanceof java.util.List<?> l) {
      return canonical(new JsonArray(l));
    }
    return value == null ? "null" : value instanceof String s ? new JsonArray().add(s).encode() : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /**
   * Records this node's digest if it is the first, or compares it with the cluster's.
   *
   * @throws IllegalStateException naming what differs when it does not match
   */
  public static void verify(HazelcastInstance hazelcast, JsonObject config) {
    String mine = digest(config);
    String cluster = hazelcast.<String, String>getMap(MAP).putIfAbsent(KEY, mine);
    if (cluster != null && !cluster.equals(mine)) {
      throw new IllegalStateException("this node's channel rules or auth settings differ from the cluster's ("
          + "digest " + mine.substring(0, 12) + " here, " + cluster.substring(0, 12) + " in the cluster): every node must "
          + "run with the same channels and auth configuration");
    }
  }
}
