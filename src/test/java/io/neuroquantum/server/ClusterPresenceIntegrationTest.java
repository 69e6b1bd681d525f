package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence, join/leave and the per-user limits across real server JVMs on loopback: every node
 * answers presence alike, join and leave reach subscribers on other nodes, a killed node's clients
 * leave presence (and their user's counts) through the survivors, and a user at the limit on some
 * nodes is refused on another.
 *
 * <p>The presence TTL is set to ten minutes here, far beyond the test's patience, so a killed
 * node's clients can only have gone by the survivors' cleanup when Hazelcast removed the member.
 */
class ClusterPresenceIntegrationTest {

  private static final String ROOM = "room:lobby";
  /** How long the survivors may take to clear a killed node's entries (docs/cluster.md states the bound). */
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static Vertx vertx;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  private static JsonObject config() {
    JsonArray everyone = new JsonArray().add("*");
    return new JsonObject()
        .put("cluster", new JsonObject().put("presence_ttl_ms", 600_000))
        .put("connections", new JsonObject().put("max_per_user", 2).put("max_subscriptions_per_user", 3))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("subscribe", everyone).put("publish", everyone)
                .put("presence", true).put("join_leave", true))));
  }

  private record Client(WsTestClient ws, String id) {
  }

  private static Client client(ForkedServer node, String user) {
    WsTestClient ws = WsTestClient.connect(vertx, node.port(),
        TestServer.tokenWithClaims(new JsonObject().put("info", new JsonObject().put("name", user)), user));
    return new Client(ws, ws.nextOfType("connected").getString("connection_id"));
  }

  /**
   * The next {@code join} or {@code leave} about {@code about}, skipping others: a join is announced
   * once the cluster has stored it, so one that happened before a subscription may still arrive.
   */
  private static JsonObject next(Client to, String type, Client about) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = to.ws().poll(Duration.ofMillis(250));
      if (f != null && type.equals(f.getString("type")) && about.id().equals(f.getString("client"))) {
        assertThat(f.getString("channel")).isEqualTo(ROOM);
        return f;
      }
    }
    throw new AssertionError("no " + type + " of " + about.id() + " within " + BOUND);
  }

  private static Set<String> presentOn(ForkedServer node) {
    try (WsTestClient probe = WsTestClient.connect(vertx, node.port(), TestServer.tokenFor("probe"))) {
      JsonObject reply = probe.request(new JsonObject().put("type", "presence").put("channel", ROOM));
      assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("presence_result");
      return reply.getJsonArray("clients").stream().map(o -> ((JsonObject) o).getString("client")).collect(Collectors.toSet());
    }
  }

  /** Asks until {@code check} holds or the bound has passed; returns whether it held. */
  private static boolean eventually(Supplier<Boolean> check) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.get()) {
        return true;
      }
      Thread.sleep(250);
    }
    return check.get();
  }

  @Test
  void presence_is_the_same_on_every_node_join_leave_cross_nodes_and_a_killed_nodes_clients_leave() throws Exception {
    List<ForkedServer> nodes = ForkedCluster.start(3, config());
    try {
      Client ann = client(nodes.get(0), "ann");
      Client bob = client(nodes.get(1), "bob");
      Client cid = client(nodes.get(2), "cid");
      ann.ws().subscribe(ROOM);
      bob.ws().subscribe(ROOM);
      JsonObject bobJoined = next(ann, "join", bob);   // B's join reached A
      assertThat(bobJoined.getJsonObject("info")).isEqualTo(new JsonObject().put("name", "bob"));
      cid.ws().subscribe(ROOM);
      next(ann, "join", cid);
      next(bob, "join", cid);   // C's join reached B

      Set<String> everyone = Set.of(ann.id(), bob.id(), cid.id());
      for (ForkedServer node : nodes) {
        assertThat(eventually(() -> presentOn(node).equals(everyone))).as("every node lists all three").isTrue();
      }
      // a join received means the newcomer is in presence already, asked anywhere
      Client dan = client(nodes.get(1), "dan");
      dan.ws().subscribe(ROOM);
      next(cid, "join", dan);
      assertThat(presentOn(nodes.get(2))).contains(dan.id());

      dan.ws().request(new JsonObject().put("type", "unsubscribe").put("channel", ROOM));
      next(ann, "leave", dan);   // an unsubscribe on B reached A
      assertThat(presentOn(nodes.get(2))).doesNotContain(dan.id());

      nodes.get(2).kill();   // kill -9: C's client goes with it, nobody says goodbye
      next(ann, "leave", cid);   // a survivor announced the leave of C's client
      next(bob, "leave", cid);
      for (ForkedServer node : nodes.subList(0, 2)) {
        assertThat(eventually(() -> presentOn(node).equals(Set.of(ann.id(), bob.id()))))
            .as("C's client gone from presence on the survivors").isTrue();
      }
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  @Test
  void a_user_at_the_limit_on_other_nodes_is_refused_and_a_killed_nodes_share_is_given_back() throws Exception {
    List<ForkedServer> nodes = ForkedCluster.start(3, config());
    try {
      Client onA = client(nodes.get(0), "limited");
      Client onC = client(nodes.get(2), "limited");
      assertThat(rejectedStatus(nodes.get(1), "limited")).as("max_per_user 2 held across nodes").isEqualTo(429);

      // subscriptions: 2 on A, 1 on C, the 4th anywhere is over max_subscriptions_per_user 3
      onA.ws().subscribe("room:1");
      onA.ws().subscribe("room:2");
      onC.ws().subscribe("room:3");
      JsonObject over = onA.ws().request(new JsonObject().put("type", "subscribe").put("channel", "room:4"));
      assertThat(over.getJsonObject("error").getString("code")).as(over.encode()).isEqualTo("too_many_subscriptions");
      assertThat(over.getJsonObject("error").getString("message")).contains("per user");
      onA.ws().request(new JsonObject().put("type", "unsubscribe").put("channel", "room:1"));
      onA.ws().subscribe("room:4");   // a slot freed up

      nodes.get(2).kill();   // C's connection and subscription are gone with it
      assertThat(eventually(() -> rejectedStatus(nodes.get(1), "limited") == 0))
          .as("B admits the user once the survivors dropped C's share").isTrue();
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  /** The handshake's refusal status, or 0 when it was accepted (the connection stays open). */
  private static int rejectedStatus(ForkedServer node, String user) {
    try {
      WsTestClient ws = WsTestClient.connectAsync(vertx, node.port(), "/ws?token=" + TestServer.tokenFor(user), null).await();
      ws.nextOfType("connected");
      return 0;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
  }
}
