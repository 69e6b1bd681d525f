package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence and join/leave on one node: who is subscribed (with the {@code info} claim of their
 * token), join and leave frames to the other subscribers, and the refusals (namespace without
 * presence, roles that may not subscribe).
 */
class PresenceIntegrationTest {

  private static Vertx vertx;
  private static TestServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonArray everyone = new JsonArray().add("*");
    server = TestServer.start(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", new JsonObject().put("subscribe", everyone).put("publish", everyone)
            .put("presence", true).put("join_leave", true))
        .put("staff", new JsonObject().put("subscribe", new JsonArray().add("admin")).put("presence", true)))));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  private WsTestClient client(String user, JsonObject info) {
    JsonObject claims = new JsonObject().put("sub", user).put("roles", new JsonArray());
    if (info != null) {
      claims.put("info", info);
    }
    return WsTestClient.connect(vertx, server.port(), server.token(claims, new JWTOptions().setExpiresInSeconds(3600)));
  }

  private static JsonObject presence(WsTestClient c, String channel) {
    return c.request(new JsonObject().put("type", "presence").put("channel", channel));
  }

  /** A crowd makes each presence request as large as the crowd: the list is capped, the total still given. */
  @Test
  void presence_lists_at_most_presence_max_clients_and_says_how_many_there_are() {
    JsonArray everyone = new JsonArray().add("*");
    try (TestServer capped = TestServer.start(new JsonObject().put("channels", new JsonObject()
        .put("presence_max_clients", 2).put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("subscribe", everyone).put("presence", true)))))) {
      List<WsTestClient> crowd = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          WsTestClient c = WsTestClient.connect(vertx, capped.port(), capped.token("member-" + i));
          crowd.add(c);
          c.nextOfType("connected");
          c.subscribe("room:crowd");
        }
        JsonObject listed = presence(crowd.get(0), "room:crowd");
        assertThat(listed.getString("type")).as(listed.encode()).isEqualTo("presence_result");
        assertThat(listed.getJsonArray("clients")).hasSize(2);
        assertThat(listed.getInteger("total")).isEqualTo(3);
        assertThat(listed.getBoolean("truncated")).isTrue();
      } finally {
        crowd.forEach(WsTestClient::close);
      }
    }
  }

  @Test
  void presence_lists_subscribers_with_their_info_and_join_leave_reach_the_others() {
    try (WsTestClient ann = client("ann", new JsonObject().put("name", "Ann"));
        WsTestClient bob = client("bob", null)) {
      String annId = ann.nextOfType("connected").getString("connection_id");
      String bobId = bob.nextOfType("connected").getString("connection_id");
      ann.subscribe("room:lobby");
      bob.subscribe("room:lobby");
      JsonObject join = ann.nextOfType("join");
      assertThat(join.getString("channel")).isEqualTo("room:lobby");
      assertThat(join.getString("client")).isEqualTo(bobId);
      assertThat(join.getString("user")).isEqualTo("bob");
      assertThat(join.containsKey("info")).as("bob's token has no info").isFalse();

      JsonObject listed = presence(bob, "room:lobby");
      assertThat(listed.getString("type")).as(listed.encode()).isEqualTo("presence_result");
      assertThat(listed.getJsonArray("clients")).containsExactlyInAnyOrder(
          new JsonObject().put("client", annId).put("user", "ann").put("info", new JsonObject().put("name", "Ann")),
          new JsonObject().put("client", bobId).put("user", "bob"));
      assertThat(listed.getInteger("total")).isEqualTo(2);
      assertThat(listed.getBoolean("truncated")).isFalse();

      bob.request(new JsonObject().put("type", "unsubscribe").put("channel", "room:lobby"));
      JsonObject leave = ann.nextOfType("leave");
      assertThat(leave.getString("client")).isEqualTo(bobId);
      assertThat(clientIds(presence(ann, "room:lobby"))).containsExactly(annId);
      // (bob may hear ann's join: it is announced once recorded, which can be after bob subscribed)
      assertThat(bob.drain()).as("nobody hears of their own join or leave")
          .noneMatch(f -> List.of("join", "leave").contains(f.getString("type")) && bobId.equals(f.getString("client")));

      bob.subscribe("room:lobby");
      assertThat(ann.nextOfType("join").getString("client")).isEqualTo(bobId);
      bob.close();   // a disconnect is a leave too
      assertThat(ann.nextOfType("leave").getString("client")).isEqualTo(bobId);
      assertThat(clientIds(presence(ann, "room:lobby"))).containsExactly(annId);
    }
  }

  @Test
  void presence_is_refused_where_it_is_off_and_to_those_who_may_not_subscribe() {
    try (WsTestClient ann = client("ann", null)) {
      ann.nextOfType("connected");
      JsonObject off = presence(ann, "custom:quiet");
      assertThat(off.getString("type")).isEqualTo("error");
      assertThat(off.getString("code")).isEqualTo("presence_disabled");
      assertThat(off.getString("message")).contains("channels.namespaces.custom.presence");
      JsonObject forbidden = presence(ann, "staff:room");
      assertThat(forbidden.getString("code")).as(forbidden.encode()).isEqualTo("forbidden");
      assertThat(presence(ann, "nowhere:x").getString("code")).isEqualTo("unknown_namespace");
      assertThat(presence(ann, "no colon").getString("code")).isEqualTo("invalid_channel");
      assertThat(ann.poll(Duration.ofMillis(200))).as("still connected, nothing else sent").isNull();
    }
  }

  @Test
  void a_namespace_without_join_leave_sends_none() {
    try (WsTestClient admin = WsTestClient.connect(vertx, server.port(), server.token("boss", "admin"));
        WsTestClient other = WsTestClient.connect(vertx, server.port(), server.token("deputy", "admin"))) {
      admin.nextOfType("connected");
      String otherId = other.nextOfType("connected").getString("connection_id");
      admin.subscribe("staff:room");
      other.subscribe("staff:room");
      JsonObject listed = presence(admin, "staff:room");
      assertThat(clientIds(listed)).contains(otherId);   // presence is on, join/leave is not
      assertThat(admin.drain()).noneMatch(f -> "join".equals(f.getString("type")));
    }
  }

  private static List<String> clientIds(JsonObject presenceResult) {
    assertThat(presenceResult.getString("type")).as(presenceResult.encode()).isEqualTo("presence_result");
    return presenceResult.getJsonArray("clients").stream().map(o -> ((JsonObject) o).getString("client")).toList();
  }
}
