package io.neuroquantum.server.presence;

import io.vertx.core.json.JsonObject;

/**
 * One subscriber of a channel as presence shows it.
 *
 * @param client the connection's id (as its {@code connected.connection_id})
 * @param user the connection's user
 * @param info the {@code info} claim of its token as JSON text, or null
 */
public record PresenceClient(String client, String user, String info) {

  /** As it travels on the event bus: {@code {client, user, info?}} with {@code info} as JSON text. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("client", client).put("user", user);
    return info == null ? json : json.put("info", info);
  }

  public static PresenceClient fromJson(JsonObject json) {
    return new PresenceClient(json.getString("client"), json.getString("user"), json.getString("info"));
  }
}
