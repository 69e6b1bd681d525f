package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several real server JVMs on loopback forming one cluster (each on its own HTTP and Hazelcast
 * ports), talked to over real WebSockets: every subscriber on every node gets every message of a
 * channel once and in offset order, whoever publishes where; a killed node's clients recover on
 * another; losing a channel's data shows as a new epoch, never as a partial history.
 */
class ClusterIntegrationTest {

  private static Vertx vertx;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  /** The settings every node of one cluster shares, plus that node's cluster section. */
  private static JsonObject nodeConfig(String name, int basePort, int nodes, int historySize) {
    return new JsonObject()
        .put("cluster", ForkedCluster.clusterSection(name, basePort, nodes))
        .put("connections", new JsonObject().put("rate_limit_per_second", 10_000).put("rate_limit_burst", 10_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            // "pause": a subscriber that falls behind (these test clients read one frame at a time on a
            // loaded machine) is caught up from history instead of losing its oldest queued messages
            .put("custom", new JsonObject().put("subscribe", new JsonArray().add("*")).put("publish", new JsonArray().add("*"))
                .put("history_size", historySize).put("policy", "pause"))));
  }

  /** Starts the nodes of one cluster side by side (each JVM joins the others as it comes up). */
  private static List<ForkedServer> startCluster(int nodes, int historySize) throws Exception {
    return startCluster("nq-it-" + System.nanoTime(), basePort(), nodes, historySize);
  }

  private static int basePort() {
    return ForkedCluster.basePort();
  }

  private static List<ForkedServer> startCluster(String name, int basePort, int nodes, int historySize) {
    return ForkedCluster.start(nodes, nodeConfig(name, basePort, nodes, historySize));
  }

  private static void closeAll(List<ForkedServer> servers) {
    ForkedCluster.closeAll(servers);
  }

  private static WsTestClient client(ForkedServer server, String user) {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor(user));
    c.nextOfType("connected");
    return c;
  }

  private static JsonObject publish(String channel, int i) {
    return new JsonObject().put("type", "publish").put("channel", channel).put("data", new JsonObject().put("i", i));
  }

  /** Offsets of the next {@code n} messages of {@code channel}. */
  private static List<Long> offsets(WsTestClient c, int n) {
    List<Long> out = new ArrayList<>();
    for (JsonObject m : c.messages(n)) {
      out.add(m.getLong("offset"));
    }
    return out;
  }

  /** Offsets of messages until {@code top} arrives, or until none has come for 20 s (then the list shows what is missing). */
  private static List<Long> offsetsUpTo(WsTestClient c, long top) {
    List<Long> out = new ArrayList<>();
    while (out.isEmpty() || out.get(out.size() - 1) < top) {
      JsonObject f = c.poll(Duration.ofSeconds(20));
      if (f == null) {
        break;
      }
      if ("message".equals(f.getString("type"))) {
        out.add(f.getLong("offset"));
      } else {
        OTHER_FRAMES.add(f.encode());
      }
    }
    return out;
  }

  /** Frames other than messages that {@link #offsetsUpTo} passed over (shown when an assertion fails). */
  private static final List<String> OTHER_FRAMES = java.util.Collections.synchronizedList(new ArrayList<>());

  /** Where {@code offsets} differ from 1…top: each break in the sequence as "after → next", and a short end. */
  private static List<String> gaps(List<Long> offsets, long top) {
    return gaps(offsets, 1, top);
  }

  private static List<String> gaps(List<Long> offsets, long from, long top) {
    List<String> out = new ArrayList<>();
    long expected = from;
    for (long o : offsets) {
      if (o != expected) {
        out.add((expected - 1) + " -> " + o);
      }
      expected = o + 1;
    }
    if (expected != top + 1) {
      out.add("ends at " + (expected - 1) + " of " + top);
    }
    return out;
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Sends a publish with a request id of its own and returns the id. */
  private static String sendPublish(WsTestClient c, String channel, int i) {
    String id = "p" + i + "-" + System.nanoTime();
    c.send(publish(channel, i).put("request_id", id));
    return id;
  }

  /**
   * Reads the publisher's replies to {@code ids} and returns the highest offset stored. A refusal
   * ({@code overloaded} on a loaded machine, {@code not_available}) is legal and numbers nothing; the
   * subscribers are then owed the offsets that were given out, no more.
   */
  private static long highestStored(WsTestClient publisher, List<String> ids) {
    java.util.Set<String> waiting = new java.util.HashSet<>(ids);
    List<String> refusals = new ArrayList<>();
    long top = 0;
    while (!waiting.isEmpty()) {
      JsonObject f = publisher.poll(Duration.ofSeconds(60));
      if (f == null) {
        throw new AssertionError(waiting.size() + " publishes unanswered; refusals so far: " + refusals);
      }
      if (waiting.remove(f.getString("request_id"))) {
        if ("published".equals(f.getString("type"))) {
          top = Math.max(top, f.getLong("offset"));
        } else {
          refusals.add(f.encode());
        }
      }
    }
    assertThat(top).as("some publishes were stored; refusals: " + refusals).isPositive();
    return top;
  }

  /** The subscriber gets offsets from…to, strictly increasing, none missing, none twice. */
  private static void assertSeesExactly(WsTestClient s, String who, long from, long to, List<ForkedServer> nodes) {
    List<Long> got = new ArrayList<>();
    while (got.isEmpty() || got.get(got.size() - 1) < to) {
      JsonObject f = s.poll(Duration.ofSeconds(30));
      if (f == null) {
        break;
      }
      if ("message".equals(f.getString("type"))) {
        got.add(f.getLong("offset"));
      } else {
        OTHER_FRAMES.add(f.encode());
      }
    }
    if (!got.equals(range(from, to))) {
      StringBuilder logs = new StringBuilder();
      for (int n = 0; n < nodes.size(); n++) {
        logs.append("\n--- node ").append(n).append(" (this server's own log lines) ---\n");
        nodes.get(n).allOutput().stream().filter(l -> l.contains("i.n.s.") || l.contains("io.neuroquantum"))
            .forEach(l -> logs.append(l).append('\n'));
      }
      throw new AssertionError(who + " expected " + from + "…" + to + ", got " + got.size() + " messages, breaks "
          + gaps(got, from, to) + "; other frames " + OTHER_FRAMES + logs);
    }
  }

  @Test
  void everySubscriberOnEveryNodeGetsEveryMessageInOrderWhoeverPublishes() throws Exception {
    List<ForkedServer> nodes = startCluster(3, 1000);
    try {
      List<WsTestClient> subscribers = new ArrayList<>();
      String epoch = null;
      for (ForkedServer node : nodes) {
        WsTestClient s = client(node, "reader");
        JsonObject confirmed = s.subscribe("custom:order");
        assertThat(confirmed.getLong("offset")).isZero();
        assertThat(epoch == null || epoch.equals(confirmed.getString("epoch"))).as("one epoch on every node").isTrue();
        epoch = confirmed.getString("epoch");
        subscribers.add(s);
      }
      // one publisher on A
      WsTestClient onA = client(nodes.get(0), "writer");
      List<String> sentA = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        sentA.add(sendPublish(onA, "custom:order", i));
      }
      long top = highestStored(onA, sentA);
      for (int n = 0; n < subscribers.size(); n++) {
        assertSeesExactly(subscribers.get(n), "subscriber on node " + n, 1, top, nodes);
      }
      // two publishers on two nodes at the same time
      WsTestClient onB = client(nodes.get(1), "writer");
      List<String> sentB = new ArrayList<>();
      sentA.clear();
      for (int i = 0; i < 300; i++) {
        sentA.add(sendPublish(onA, "custom:order", i));
        sentB.add(sendPublish(onB, "custom:order", -i));
      }
      long before = top;
      top = Math.max(highestStored(onA, sentA), highestStored(onB, sentB));
      for (int n = 0; n < subscribers.size(); n++) {
        assertSeesExactly(subscribers.get(n), "subscriber on node " + n, before + 1, top, nodes);
      }
      // a late subscriber on C recovers from the shared history what A and B published
      WsTestClient late = client(nodes.get(2), "reader");
      JsonObject confirmed = late.request(new JsonObject().put("type", "subscribe").put("channel", "custom:order")
          .put("since", new JsonObject().put("offset", top - 50).put("epoch", epoch)));
      assertThat(confirmed.getBoolean("recovered")).as(confirmed.encode()).isTrue();
      assertThat(offsets(late, 50)).containsExactlyElementsOf(range(top - 49, top));
    } finally {
      closeAll(nodes);
    }
  }

  @Test
  void aPublishRetriedOnAnotherNodeAfterAReconnectIsStoredAndDeliveredOnce() throws Exception {
    List<ForkedServer> nodes = startCluster(2, 1000);
    try {
      String channel = "custom:idempotent";
      List<WsTestClient> subscribers = List.of(client(nodes.get(0), "reader"), client(nodes.get(1), "reader"));
      String epoch = null;
      for (WsTestClient s : subscribers) {
        epoch = s.subscribe(channel).getString("epoch");
      }
      JsonObject keyed = publish(channel, 1).put("idempotency_key", "order-1");
      WsTestClient onA = client(nodes.get(0), "writer");
      JsonObject first = onA.request(keyed);
      assertThat(first.getString("type")).as(first.encode()).isEqualTo("published");
      assertThat(first.getLong("offset")).isEqualTo(1);
      onA.close();   // the publisher loses its connection before it can be sure, and reconnects to the other node

      WsTestClient onB = client(nodes.get(1), "writer");
      JsonObject retry = onB.request(keyed);
      assertThat(retry.getString("type")).as(retry.encode()).isEqualTo("published");
      assertThat(retry.getLong("offset")).as("the original offset").isEqualTo(1);
      assertThat(retry.getString("epoch")).isEqualTo(epoch);
      assertThat(retry.getBoolean("duplicate")).isTrue();
      JsonObject next = onB.request(publish(channel, 2).put("idempotency_key", "order-2"));
      assertThat(next.getLong("offset")).as("the retry took no offset").isEqualTo(2);

      for (WsTestClient s : subscribers) {
        List<JsonObject> messages = s.messages(2);
        assertThat(messages).extracting(m -> m.getLong("offset")).containsExactly(1L, 2L);
        assertThat(messages).extracting(m -> m.getJsonObject("data").getInteger("i")).as("each once").containsExactly(1, 2);
      }
      // stored once: the shared history holds the two messages, nothing else
      WsTestClient late = client(nodes.get(0), "reader");
      JsonObject recovered = late.request(new JsonObject().put("type", "subscribe").put("channel", channel)
          .put("since", new JsonObject().put("offset", 0).put("epoch", epoch)));
      assertThat(recovered.getBoolean("recovered")).as(recovered.encode()).isTrue();
      assertThat(recovered.getLong("offset")).isEqualTo(2);
      assertThat(recovered.getInteger("history_size")).isEqualTo(2);
      assertThat(offsets(late, 2)).containsExactly(1L, 2L);
    } finally {
      closeAll(nodes);
    }
  }

  /**
   * cluster.bus_port fixes the event bus's port (as the Kubernetes manifests do, so a NetworkPolicy can
   * name it): each node listens on its own, and a publication on A reaches a subscriber on B over it.
   */
  @Test
  void withFixedEventBusPortsEachNodeListensOnItsOwnAndMessagesCrossNodes() throws Exception {
    int[] busPorts = {freePort(), freePort()};
    JsonObject shared = nodeConfig("unused", 0, 2, 100);
    shared.remove("cluster");   // ForkedCluster names the members
    List<ForkedServer> nodes = ForkedCluster.start(2, shared,
        i -> new JsonObject().put("cluster", new JsonObject().put("bus_port", busPorts[i])));
    try {
      for (int busPort : busPorts) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", busPort)) {
          assertThat(s.isConnected()).as("something listens on " + busPort).isTrue();
        }
      }
      WsTestClient onB = client(nodes.get(1), "reader");
      onB.subscribe("custom:bus-port");
      WsTestClient onA = client(nodes.get(0), "writer");
      String id = sendPublish(onA, "custom:bus-port", 7);
      long top = highestStored(onA, List.of(id));
      assertSeesExactly(onB, "subscriber on B", 1, top, nodes);
    } finally {
      closeAll(nodes);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aSingleNodeStartsNothingOfHazelcast() throws Exception {
    try (ForkedServer single = ForkedServer.start(256, new JsonObject())) {
      Process dump = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(single.pid()), "Thread.print").redirectErrorStream(true).start();
      String threads = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      dump.waitFor();
      assertThat(threads).contains("vert.x-eventloop-thread").doesNotContain("\"hz.").doesNotContainIgnoringCase("hazelcast");
      try (WsTestClient c = client(single, "reader")) {
        assertThat(c.subscribe("custom:alone").getLong("offset")).isZero();
      }
    }
  }

  @Test
  void aNodeWithOtherChannelRulesIsRefusedAtJoin() throws Exception {
    String name = "nq-it-" + System.nanoTime();
    int port = basePort();
    List<ForkedServer> nodes = startCluster(name, port, 1, 1000);
    try {
      JsonObject differing = nodeConfig(name, port, 1, 5);   // history_size 5 where the cluster keeps 1000
      assertThatThrownBy(() -> ForkedServer.start(256, differing).close())
          .hasMessageContaining("differ from the cluster's");
    } finally {
      closeAll(nodes);
    }
  }

  @Test
  void aKilledNodesClientsRecoverOnAnotherWithNothingMissingOrTwice() throws Exception {
    clientsMoveWhenANodeGoes(true);
  }

  @Test
  void aStoppedNodesClientsAreToldToMoveAndLoseNothing() throws Exception {
    clientsMoveWhenANodeGoes(false);
  }

  /** C goes (kill -9, or SIGTERM) while A publishes ~1000 messages a second; C's subscriber moves to B. */
  private void clientsMoveWhenANodeGoes(boolean kill) throws Exception {
    List<ForkedServer> nodes = startCluster(3, 20_000);
    try {
      String channel = "custom:move";
      WsTestClient onB = client(nodes.get(1), "reader");
      WsTestClient onC = client(nodes.get(2), "reader");
      onB.subscribe(channel);
      String epoch = onC.subscribe(channel).getString("epoch");
      WsTestClient publisher = client(nodes.get(0), "writer");
      // ~1000 messages a second for 4 s; C is killed after 1 s
      CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 400; i++) {
          for (int j = 0; j < 10; j++) {
            publisher.send(publish(channel, i * 10 + j));
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      Thread.sleep(1_000);
      if (kill) {
        nodes.get(2).kill();
      } else {
        nodes.get(2).terminate();
        assertThat(onC.awaitClose()).as("told to reconnect elsewhere").isEqualTo((short) 4503);
      }
      List<Long> seenOnC = new ArrayList<>();
      for (JsonObject f : onC.drain()) {
        if ("message".equals(f.getString("type"))) {
          seenOnC.add(f.getLong("offset"));
        }
      }
      assertThat(seenOnC).as("C delivered in order before it died").isEqualTo(range(1, seenOnC.size()));
      // C's client moves to B and recovers from where it was
      WsTestClient moved = client(nodes.get(1), "reader");
      JsonObject confirmed = moved.request(new JsonObject().put("type", "subscribe").put("channel", channel)
          .put("since", new JsonObject().put("offset", (long) seenOnC.size()).put("epoch", epoch)));
      assertThat(confirmed.getString("type")).isEqualTo("subscription_confirmed");
      assertThat(confirmed.getBoolean("recovered")).as(confirmed.encode()).isTrue();
      publishing.join();
      long top = settledLastOffset(nodes.get(0), channel);
      // Publishes the store refused while the cluster moved C's partitions are not stored (their
      // publisher got an error); what matters is that publishing went on after the loss
      assertThat(top).as("messages stored after the node went").isGreaterThan(seenOnC.size() + 100L);
      List<Long> all = new ArrayList<>(seenOnC);
      all.addAll(offsetsUpTo(moved, top));
      assertThat(gaps(all, top)).as("0 missing, 0 twice across the move (moved at %d; recovery %s; other frames %s)", seenOnC.size(),
          confirmed.encode().substring(0, Math.min(300, confirmed.encode().length())), OTHER_FRAMES).isEmpty();
      assertThat(gaps(offsetsUpTo(onB, top), top)).as("B saw no gap").isEmpty();
    } finally {
      closeAll(nodes);
    }
  }

  /** The last offset once the server has stored all it was sent (two readings a second apart agree). */
  private static long settledLastOffset(ForkedServer node, String channel) throws InterruptedException {
    long previous = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      long top = lastOffset(node, channel);
      if (top == previous) {
        return top;
      }
      previous = top;
      Thread.sleep(1_000);
    }
    return previous;
  }

  /** The channel's last offset, as a fresh subscriber is told it. */
  private static long lastOffset(ForkedServer node, String channel) {
    try (WsTestClient c = client(node, "probe")) {
      return c.subscribe(channel).getLong("offset");
    }
  }

  @Test
  void losingTwoOfThreeNodesShowsANewEpochNeverAPartialHistory() throws Exception {
    List<ForkedServer> nodes = startCluster(3, 1000);
    try {
      WsTestClient onA = client(nodes.get(0), "writer");
      Map<String, String> epochs = new HashMap<>();
      for (int c = 0; c < 40; c++) {
        String channel = "custom:loss-" + c;
        for (int i = 0; i < 5; i++) {
          JsonObject published = onA.request(publish(channel, i));
          assertThat(published.getString("type")).isEqualTo("published");
          epochs.put(channel, published.getString("epoch"));
        }
      }
      nodes.get(1).kill();
      nodes.get(2).kill();
      Thread.sleep(3_000);   // A notices both are gone (their sockets closed)
      int lost = 0;
      for (Map.Entry<String, String> e : epochs.entrySet()) {
        WsTestClient c = client(nodes.get(0), "reader");
        JsonObject confirmed = c.request(new JsonObject().put("type", "subscribe").put("channel", e.getKey())
            .put("since", new JsonObject().put("offset", 2).put("epoch", e.getValue())));
        assertThat(confirmed.getString("type")).as(confirmed.encode()).isEqualTo("subscription_confirmed");
        if (confirmed.getBoolean("recovered")) {
          assertThat(confirmed.getString("epoch")).isEqualTo(e.getValue());
          assertThat(offsets(c, 3)).containsExactly(3L, 4L, 5L);
        } else {
          lost++;
          assertThat(confirmed.getString("epoch")).as("lost data means a new epoch").isNotEqualTo(e.getValue());
          assertThat(confirmed.getLong("offset")).isZero();
        }
        c.close();
      }
      // with one backup, a channel is lost when both its copies were on B and C: about a third of them
      assertThat(lost).isBetween(1, 39);
    } finally {
      closeAll(nodes);
    }
  }
}
