package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of issue 13: a job's channel carries its result, solution included, so only the job's
 * owner may subscribe to it, exactly as only the owner may GET it. Roles give no way around that
 * (admins included); jobs other services submit on the bus belong to the owner they name, or to no
 * WebSocket user at all.
 */
class JobChannelOwnershipTest {

  private static JobsTestServer jobs;

  @BeforeAll
  static void start() {
    jobs = JobsTestServer.start();
  }

  @AfterAll
  static void stop() {
    jobs.close();
  }

  private static JsonObject quickJob() {
    return new JsonObject().put("problem", new JsonObject().put("type", "qubo").put("num_variables", 3)
        .put("terms", new JsonArray().add(new JsonArray().add(0).add(1).add(-1.0)).add(new JsonArray().add(1).add(2).add(1.0))))
        .put("solver", new JsonObject().put("type", "exact"));
  }

  private static JsonObject subscribeReply(WsTestClient ws, String channel) {
    return ws.request(new JsonObject().put("type", "subscribe").put("channel", channel));
  }

  private static JsonObject awaitResult(WsTestClient ws) {
    while (true) {
      JsonObject data = ws.nextOfType("message").getJsonObject("data");
      if ("result".equals(data.getString("type"))) {
        return data;
      }
    }
  }

  /**
   * What a client that joins after the job ended can read: subscribe (learning the epoch), then
   * subscribe again from offset 0 and receive the channel's history. Returns the subscribe replies.
   */
  private static List<JsonObject> replay(WsTestClient ws, String channel, String epoch) {
    JsonObject first = subscribeReply(ws, channel);
    if (!"subscription_confirmed".equals(first.getString("type"))) {
      return List.of(first, ws.request(new JsonObject().put("type", "subscribe").put("channel", channel)
          .put("since", new JsonObject().put("offset", 0).put("epoch", epoch))));
    }
    ws.request(new JsonObject().put("type", "unsubscribe").put("channel", channel));
    return List.of(first, ws.request(new JsonObject().put("type", "subscribe").put("channel", channel)
        .put("since", new JsonObject().put("offset", 0).put("epoch", first.getString("epoch")))));
  }

  @Test
  void only_the_owner_can_subscribe_to_a_jobs_channel() throws Exception {
    HttpResponse<Buffer> accepted = jobs.submit("alice", quickJob());
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String channel = accepted.bodyAsJsonObject().getString("channel");
    String id = accepted.bodyAsJsonObject().getString("job_id");
    jobs.awaitEnd("alice", id);

    // the job has ended: its result sits in the channel's history, and the owner can replay it
    String epoch;
    try (WsTestClient alice = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("alice"))) {
      alice.nextOfType("connected");
      List<JsonObject> replies = replay(alice, channel, null);
      assertThat(replies).allMatch(r -> "subscription_confirmed".equals(r.getString("type")), replies.toString());
      epoch = replies.get(0).getString("epoch");
      assertThat(awaitResult(alice).getJsonObject("result").getJsonArray("solution")).isNotNull();
    }
    assertThat(jobs.get("mallory", JobsTestServer.JOBS + "/" + id).statusCode()).isEqualTo(404);

    try (WsTestClient mallory = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("mallory"))) {
      mallory.nextOfType("connected");
      List<JsonObject> replies = replay(mallory, channel, epoch);
      assertThat(replies).as("mallory cannot subscribe, live or from history")
          .allMatch(r -> "subscription_error".equals(r.getString("type")), replies.toString());
      assertThat(replies.get(0).getJsonObject("error").getString("code")).isEqualTo("forbidden");
      assertThat(mallory.poll(Duration.ofMillis(500))).as("nothing of the job reaches mallory").isNull();
    }

    // an admin is not the owner either (docs/anneal-jobs.md: roles give no access to others' jobs)
    MultiMap apiKey = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", TestServer.API_KEY);
    try (WsTestClient admin = WsTestClient.connectAsync(jobs.vertx(), jobs.port(), "/ws", apiKey).await()) {
      admin.nextOfType("connected");
      assertThat(replay(admin, channel, epoch)).allMatch(r -> "subscription_error".equals(r.getString("type")));
    }
  }

  @Test
  void bus_jobs_belong_to_the_owner_they_name_or_to_no_websocket_user() throws Exception {
    var bus = jobs.bus();
    JsonObject submitted = bus.<JsonObject>request(Addresses.ANNEAL_SUBMIT, quickJob().put("owner", "svc-user")).await()
        .body();
    String named = submitted.getString("channel");
    jobs.awaitEnd("svc-user", submitted.getString("job_id"));
    try (WsTestClient owner = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("svc-user"));
        WsTestClient other = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("mallory"))) {
      owner.nextOfType("connected");
      other.nextOfType("connected");
      List<JsonObject> replies = replay(owner, named, null);
      assertThat(replies).allMatch(r -> "subscription_confirmed".equals(r.getString("type")), replies.toString());
      assertThat(awaitResult(owner).getString("status")).isEqualTo("completed");
      assertThat(replay(other, named, replies.get(0).getString("epoch")))
          .allMatch(r -> "subscription_error".equals(r.getString("type")));
    }

    // no owner: the submitting service follows the job on the bus mirror; no WebSocket user can, not
    // even one whose token says "anonymous"
    List<JsonObject> mirrored = new CopyOnWriteArrayList<>();
    JsonObject reply = bus.<JsonObject>request(Addresses.ANNEAL_SUBMIT, quickJob().put("solver",
        new JsonObject().put("type", "sa").put("sweeps", 100_000_000).put("reads", 1).put("time_limit_ms", 1500)))
        .await().body();
    String ownerless = reply.getString("channel");
    var consumer = bus.<JsonObject>consumer(Addresses.mirror(ownerless), m -> mirrored.add(m.body()));
    consumer.completion().await();
    try (WsTestClient anonymous = WsTestClient.connect(jobs.vertx(), jobs.port(), jobs.token("anonymous"))) {
      anonymous.nextOfType("connected");
      assertThat(replay(anonymous, ownerless, "any")).allMatch(r -> "subscription_error".equals(r.getString("type")));
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (mirrored.stream().noneMatch(m -> "result".equals(m.getJsonObject("data").getString("type")))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(mirrored).anyMatch(m -> "result".equals(m.getJsonObject("data").getString("type")));
    consumer.unregister().await();
  }
}
