package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A split brain made the way it happens in production: one node of three stands still (kill -STOP,
 * as in a long GC pause or a hung VM) until the others declare it dead and go on without it; it
 * wakes up (kill -CONT), finds itself alone, takes its clients' publishes into its own copy of the
 * channel, and is merged back a little later. Both sides numbered different messages with the same
 * offsets. What the clients must see: nobody is handed a mixed history. The stopped node's
 * subscriber is told {@code recovered: false} (with another epoch) before it gets anything of the
 * surviving side's history, and the survivors' subscriber never gets the stopped node's messages.
 */
class ClusterSplitBrainIntegrationTest {

  private static final String CHANNEL = "custom:split";
  private static Vertx vertx;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  /**
   * How often C, once alone, looks for A and B (cluster.merge_check_seconds; A and B keep the default
   * 10 s, and only the smaller side's check starts a merge). Hazelcast runs the check at a fixed rate
   * from C's start, so C's time alone is anything up to this: at the default 10 s it was sometimes
   * too short on a busy machine for C to store and hand out anything before the merge (then the run
   * covers only the easy case). 30 s makes that rare and adds 10 s to the average run.
   */
  private static final int C_MERGE_CHECK_SECONDS = 30;

  private static JsonObject nodeConfig(String name, int basePort, int nodes) {
    JsonArray members = new JsonArray();
    for (int i = 0; i < nodes; i++) {
      members.add("127.0.0.1:" + (basePort + i));
    }
    return new JsonObject()
        // two backups: every node holds a copy of every channel, so C's copy has the cluster's epoch and
        // the two sides number different messages alike (with one backup C may hold none, start a
        // new epoch of its own, and the test would not see the harder case)
        .put("cluster", new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", basePort)
            .put("members", members).put("backup_count", 2))
        .put("connections", new JsonObject().put("rate_limit_per_second", 10_000).put("rate_limit_burst", 10_000)
            .put("idle_timeout_ms", 600_000).put("ping_interval_ms", 600_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("custom", new JsonObject().put("subscribe", new JsonArray().add("*")).put("publish", new JsonArray().add("*"))
                .put("history_size", 10_000).put("policy", "pause"))));
  }

  private static WsTestClient client(ForkedServer server, String user) {
    WsTestClient c = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor(user));
    c.nextOfType("connected");
    return c;
  }

  private static JsonObject publish(String label) {
    return new JsonObject().put("type", "publish").put("channel", CHANNEL).put("request_id", label)
        .put("data", new JsonObject().put("label", label));
  }

  @Test
  void aMergedBackNodesSubscribersAreToldAndNobodyGetsAMixedHistory() throws Exception {
    String name = "nq-split-" + System.nanoTime();
    int basePort = 26000 + ThreadLocalRandom.current().nextInt(200) * 10;
    List<CompletableFuture<ForkedServer>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int node = i;
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          JsonObject config = nodeConfig(name, basePort, 3);
          if (node == 2) {
            config.getJsonObject("cluster").put("merge_check_seconds", C_MERGE_CHECK_SECONDS);
          }
          return ForkedServer.start(256, config);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    List<ForkedServer> nodes = new ArrayList<>();
    for (CompletableFuture<ForkedServer> f : starting) {
      nodes.add(f.join());
    }
    ForkedServer a = nodes.get(0);
    ForkedServer c = nodes.get(2);
    try {
      WsTestClient onA = client(a, "reader");
      WsTestClient onC = client(c, "reader");
      onA.subscribe(CHANNEL);
      onC.subscribe(CHANNEL);
      WsTestClient writerA = client(a, "writer");
      WsTestClient writerC = client(c, "writer");
      for (int i = 0; i < 10; i++) {
        assertThat(writerA.request(publish("A-" + i)).getString("type")).isEqualTo("published");
      }

      // C stands still until A and B have gone on without it; A keeps publishing meanwhile
      int beforeFreeze = a.allOutput().size();
      c.freeze();
      int sentByA = 10;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!a.awaitOutput("Members {size:2", beforeFreeze, Duration.ofMillis(200)) && System.nanoTime() < deadline) {
        writerA.send(publish("A-" + sentByA++));
      }
      assertThat(a.awaitOutput("Members {size:2", beforeFreeze, Duration.ZERO)).as("A and B removed the frozen C").isTrue();
      // Five stored by A without C. Right after a member leaves, a write may miss its backup's ack and
      // be answered not_available ("may or may not be stored", as the protocol says): tried again
      int storedAfter = 0;
      for (int attempt = 0; attempt < 30 && storedAfter < 5; attempt++) {
        JsonObject reply = publishAndWait(writerA, "A-" + sentByA++);
        if ("published".equals(reply.getString("type"))) {
          storedAfter++;
        } else {
          JsonObject error = reply.getJsonObject("error", reply);
          assertThat(error.getString("code")).as(reply.encode()).isEqualTo("not_available");
        }
      }
      assertThat(storedAfter).as("publishes A stored after C left").isEqualTo(5);

      // C wakes up, finds itself alone, and takes its writer's publishes until it is merged back. Its
      // writer starts once C knows it is alone: before that, C still counts A and B as members and its
      // publishes wait for them (or reach them) rather than go into C's own copy.
      int beforeThaw = c.allOutput().size();
      c.thaw();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!c.awaitOutput("Members {size:1", beforeThaw, Duration.ofMillis(200)) && System.nanoTime() < deadline) {
        writerA.send(publish("A-" + sentByA++));
      }
      int sentByC = 0;
      deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!c.awaitOutput("is MERGED", beforeThaw, Duration.ofMillis(200)) && System.nanoTime() < deadline) {
        writerC.send(publish("C-" + sentByC++));
        writerA.send(publish("A-" + sentByA++));
      }
      assertThat(c.awaitOutput("is MERGED", beforeThaw, Duration.ZERO)).as("C merged back:\n" + c.output()).isTrue();
      assertThat(c.awaitOutput("Members {size:1", beforeThaw, Duration.ZERO)).as("C was on its own").isTrue();

      // After the merge, one cluster again: A publishes until both subscribers have its latest message
      List<JsonObject> seenOnA = new ArrayList<>();
      List<JsonObject> seenOnC = new ArrayList<>();
      List<JsonObject> finals = new ArrayList<>();
      for (int attempt = 0; attempt < 40 && !bothHaveLatest(finals, seenOnA, seenOnC); attempt++) {
        JsonObject reply = publishAndWait(writerA, "A-final-" + attempt);
        if ("published".equals(reply.getString("type"))) {
          finals.add(reply);
        }
        collect(onA, seenOnA);
        collect(onC, seenOnC);
      }
      String diagnosis = "\nfinal acks " + finals + "\nA saw" + summary(seenOnA) + "\nC saw" + summary(seenOnC);
      assertThat(bothHaveLatest(finals, seenOnA, seenOnC)).as("both subscribers get A's latest message" + diagnosis).isTrue();

      // What C stored while it was alone: the messages of C's writer that C's subscriber got before it
      // was told of the merge (its first confirmation since subscribing) and A's never did. (What C's
      // writer published after the merge is in the merged history; A's subscriber, told recovered:
      // false at a later offset, may legitimately not have it.)
      Set<String> splitSide = new HashSet<>(labels(beforeFirstConfirmation(seenOnC)));
      splitSide.removeIf(l -> !l.startsWith("C-"));
      splitSide.removeAll(labels(seenOnA));
      assertNoMixedHistory(seenOnA, splitSide, diagnosis);
      assertNoMixedHistory(seenOnC, splitSide, diagnosis);
      for (List<JsonObject> seen : List.of(seenOnA, seenOnC)) {
        assertThat(missedAfterLastConfirmation(seen, finals)).as("nothing lost after the last confirmation" + diagnosis).isEmpty();
      }
      // Whether the hard case happened is up to Hazelcast's timing (C may merge back before its
      // subscriber got anything C stored alone): then the checks above covered only the easy one
      assumeThat(splitSide).as("C's subscriber got some of what C stored while on its own (else the run proves less)"
          + diagnosis).isNotEmpty();
    } finally {
      for (ForkedServer n : nodes) {
        try {
          n.thaw();
        } catch (Exception e) {
          // already gone
        }
        n.close();
      }
    }
  }

  /** Publishes and waits for the reply to this publish (the replies to earlier ones are passed over). */
  private static JsonObject publishAndWait(WsTestClient writer, String label) {
    writer.send(publish(label));
    List<String> passed = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = writer.poll(Duration.ofSeconds(1));
      if (f != null && label.equals(f.getString("request_id"))) {
        return f;
      }
      if (f != null) {
        passed.add(f.encode());
      }
    }
    throw new AssertionError("no reply to " + label + "; other frames: " + passed);
  }

  /** Adds the frames (messages and confirmations) that arrive within about a second. */
  private static void collect(WsTestClient client, List<JsonObject> into) {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = client.poll(Duration.ofMillis(100));
      if (f != null && ("message".equals(f.getString("type")) || "subscription_confirmed".equals(f.getString("type")))) {
        into.add(f);
      }
    }
  }

  /** Whether both subscribers got the latest acknowledged publish of A, at the position it was acknowledged with. */
  private static boolean bothHaveLatest(List<JsonObject> finals, List<JsonObject> onA, List<JsonObject> onC) {
    if (finals.isEmpty()) {
      return false;
    }
    JsonObject latest = finals.get(finals.size() - 1);
    return received(onA, latest) && received(onC, latest);
  }

  private static boolean received(List<JsonObject> frames, JsonObject ack) {
    for (JsonObject f : frames) {
      if ("message".equals(f.getString("type")) && ack.getString("request_id").equals(label(f))
          && ack.getString("epoch").equals(f.getString("epoch")) && ack.getLong("offset").equals(f.getLong("offset"))) {
        return true;
      }
    }
    return false;
  }

  /** The acknowledged publishes after a subscriber's last confirmation (same epoch, later offset) that it did not get. */
  private static List<String> missedAfterLastConfirmation(List<JsonObject> frames, List<JsonObject> acks) {
    JsonObject confirmation = null;
    for (JsonObject f : frames) {
      if ("subscription_confirmed".equals(f.getString("type"))) {
        confirmation = f;
      }
    }
    List<String> missed = new ArrayList<>();
    for (JsonObject ack : acks) {
      boolean owed = confirmation == null || ack.getString("epoch").equals(confirmation.getString("epoch"))
          && ack.getLong("offset") > confirmation.getLong("offset");
      if (owed && !received(frames, ack)) {
        missed.add(ack.encode());
      }
    }
    return missed;
  }

  /**
   * Within each stretch between two {@code recovered: false} confirmations, a subscriber's messages
   * are one history: one epoch, offsets +1 each; and once a stretch holds what C stored alone, it
   * ends (with a confirmation of another epoch) before anything else arrives.
   */
  private static void assertNoMixedHistory(List<JsonObject> frames, Set<String> splitSide, String diagnosis) {
    String epoch = null;
    long offset = -1;
    String splitEpoch = null;
    for (JsonObject f : frames) {
      if ("subscription_confirmed".equals(f.getString("type"))) {
        assertThat(f.getBoolean("recovered")).as("a confirmation mid-stream says recovered: false " + f.encode()).isFalse();
        if (splitEpoch != null) {
          assertThat(f.getString("epoch")).as("after C's own history, another epoch: " + summary(frames)).isNotEqualTo(splitEpoch);
        }
        epoch = f.getString("epoch");
        offset = f.getLong("offset");
        splitEpoch = null;
        continue;
      }
      String l = label(f);
      if (splitSide.contains(l)) {
        splitEpoch = f.getString("epoch");
      } else {
        assertThat(splitEpoch).as(l + " followed what C stored alone without a notice: " + summary(frames) + diagnosis).isNull();
      }
      if (epoch != null && epoch.equals(f.getString("epoch"))) {
        assertThat(f.getLong("offset")).as("offsets +1 within one history: " + summary(frames)).isEqualTo(offset + 1);
      } else {
        assertThat(epoch).as("a new epoch arrives only after a confirmation: " + summary(frames)).isNull();
      }
      epoch = f.getString("epoch");
      offset = f.getLong("offset");
    }
  }

  private static List<JsonObject> beforeFirstConfirmation(List<JsonObject> frames) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject f : frames) {
      if ("subscription_confirmed".equals(f.getString("type"))) {
        break;
      }
      out.add(f);
    }
    return out;
  }

  private static String label(JsonObject message) {
    JsonObject data = message.getJsonObject("data");
    return data == null ? "" : data.getString("label", "");
  }

  private static List<String> labels(List<JsonObject> frames) {
    List<String> out = new ArrayList<>();
    for (JsonObject f : frames) {
      if ("message".equals(f.getString("type"))) {
        out.add(label(f));
      }
    }
    return out;
  }

  private static String summary(List<JsonObject> frames) {
    StringBuilder out = new StringBuilder();
    for (JsonObject f : frames) {
      if ("subscription_confirmed".equals(f.getString("type"))) {
        out.append(" [confirmed ").append(f.getString("epoch")).append('@').append(f.getLong("offset"))
            .append(" recovered=").append(f.getBoolean("recovered")).append(']');
      } else {
        out.append(' ').append(label(f)).append('@').append(f.getString("epoch"), 0, 4).append(':').append(f.getLong("offset"));
      }
    }
    return out.toString();
  }
}
