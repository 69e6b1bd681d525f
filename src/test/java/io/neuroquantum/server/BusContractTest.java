package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.server.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parts of docs/event-bus.md a service needs besides publishing (ServerEndpointsTest): a channel's
 * history, and a query streamed to the bus with credit, on one node; bad requests refused with their
 * codes. BusServiceExampleTest runs the same contract across two nodes from a separate application.
 */
class BusContractTest {

  private static final int ROWS = 3_000;

  private static TestServer server;
  private static EventBus bus;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("nq-bus-contract-");
    server = TestServer.start(new JsonObject().put("query", new JsonObject().put("backend", "h2")
        .put("h2", new JsonObject().put("path", dir.resolve("db").toString()).put("demo_rows", ROWS))));
    bus = server.server().vertx().eventBus();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_service_reads_what_a_channel_keeps_as_a_websocket_recovery_would() {
    String channel = "custom:history-" + System.nanoTime();
    for (int i = 1; i <= 3; i++) {
      bus.request(Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", channel).put("data", new JsonObject().put("i", i)))
          .await();
    }
    JsonObject all = history(new JsonObject().put("channel", channel));
    assertThat(all.getBoolean("recovered")).isTrue();
    assertThat(all.getLong("offset")).isEqualTo(3);
    assertThat(all.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("offset")).toList())
        .containsExactly(1L, 2L, 3L);
    assertThat(all.getJsonArray("messages").getJsonObject(2).getJsonObject("data").getInteger("i")).isEqualTo(3);

    String epoch = all.getString("epoch");
    JsonObject after2 = history(new JsonObject().put("channel", channel).put("since_offset", 2).put("since_epoch", epoch));
    assertThat(after2.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("offset")).toList())
        .containsExactly(3L);

    JsonObject otherLife = history(new JsonObject().put("channel", channel).put("since_offset", 0).put("since_epoch", "gone"));
    assertThat(otherLife.getBoolean("recovered")).isFalse();
    assertThat(otherLife.getJsonArray("messages")).isEmpty();
    assertThat(otherLife.getString("epoch")).isEqualTo(epoch);
    assertThat(otherLife.getLong("offset")).isEqualTo(3);

    assertThat(failure(Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", channel).put("since_offset", -1)).failureCode())
        .isEqualTo(400);
    assertThat(failure(Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", channel).put("since_offset", "x")).failureCode())
        .isEqualTo(400);
    assertThat(failure(Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "nowhere:x")).failureCode()).isEqualTo(404);
  }

  @Test
  void a_query_streamed_to_the_bus_sends_only_what_was_granted_and_completes_with_every_row() throws Exception {
    JsonObject accepted = bus.<JsonObject>request(Addresses.QUERY_EXECUTE, new JsonObject()
        .put("sql", "SELECT id FROM sensor_readings ORDER BY id").put("options", new JsonObject().put("batch_size", 100))
        .put("mirror_to_bus", true)).await().body();
    String credit = accepted.getString("credit_address");
    assertThat(credit).startsWith(Addresses.QUERY_CREDIT_PREFIX);
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    Promise<Void> ended = Promise.promise();
    bus.<JsonObject>consumer(Addresses.mirror(accepted.getString("channel")), m -> {
      frames.add(m.body());
      String type = m.body().getJsonObject("data").getString("type");
      if (type.equals("query_completed") || type.equals("query_error")) {
        ended.tryComplete();
      }
    }).completion().await();

    bus.send(credit, new JsonObject().put("query_id", accepted.getString("query_id")).put("credits", 3));
    // 3 credits: query_started and two batches, perhaps a progress frame riding along a read (the
    // last frames of a read may overdraw), and then nothing until more credit comes: not the other
    // 28 batches. Waiting cannot prove the stop, only catch a stream that does not stop
    awaitFrames(frames, 3);
    Thread.sleep(1_000);
    assertThat(frames).hasSizeBetween(3, 5);

    bus.send(credit, new JsonObject().put("query_id", accepted.getString("query_id")).put("credits", 1_000));
    ended.future().timeout(60, TimeUnit.SECONDS).await();
    long rows = 0;
    long idSum = 0;
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).getLong("offset")).as("frame %d", i).isPositive();
      JsonObject data = frames.get(i).getJsonObject("data");
      if (data.getString("type").equals("query_batch")) {
        for (Object row : data.getJsonArray("rows")) {
          rows++;
          idSum += ((JsonArray) row).getLong(0);
        }
      }
    }
    JsonObject last = frames.getLast().getJsonObject("data");
    assertThat(last.getString("type")).as(last.encode()).isEqualTo("query_completed");
    assertThat(last.getLong("total_rows")).isEqualTo(ROWS);
    assertThat(rows).isEqualTo(ROWS);
    assertThat(idSum).isEqualTo((long) ROWS * (ROWS + 1) / 2);

    // the query has ended: its credit and cancel addresses say so; a malformed credit is refused
    assertThat(failure(credit, new JsonObject().put("query_id", accepted.getString("query_id")).put("credits", 1))
        .failureCode()).isEqualTo(404);
    assertThat(failure(credit, new JsonObject().put("query_id", accepted.getString("query_id")).put("credits", -1))
        .failureCode()).isEqualTo(400);
    assertThat(failure(accepted.getString("cancel_address"), new JsonObject().put("query_id", accepted.getString("query_id")))
        .failureCode()).isEqualTo(404);
  }

  @Test
  void a_service_cancels_a_query_it_streams_on_the_cancel_address() {
    JsonObject accepted = bus.<JsonObject>request(Addresses.QUERY_EXECUTE, new JsonObject()
        .put("sql", "SELECT id FROM sensor_readings ORDER BY id").put("owner", "svc").put("mirror_to_bus", true))
        .await().body();
    Promise<JsonObject> ended = Promise.promise();
    bus.<JsonObject>consumer(Addresses.mirror(accepted.getString("channel")), m -> {
      if (m.body().getJsonObject("data").getString("type").equals("query_error")) {
        ended.tryComplete(m.body().getJsonObject("data"));
      }
    }).completion().await();
    String cancel = accepted.getString("cancel_address");
    JsonObject byId = new JsonObject().put("query_id", accepted.getString("query_id"));
    assertThat(failure(cancel, byId.copy().put("owner", "someone-else")).failureCode()).isEqualTo(403);
    JsonObject cancelled = bus.<JsonObject>request(cancel, byId.copy().put("owner", "svc")).await().body();
    assertThat(cancelled.getBoolean("cancelled")).isTrue();
    JsonObject error = ended.future().timeout(30, TimeUnit.SECONDS).await();
    assertThat(error.getJsonObject("error").getString("code")).isEqualTo("cancelled");
  }

  @Test
  void a_malformed_execute_is_refused_with_its_reason() {
    ReplyException notBoolean = failure(Addresses.QUERY_EXECUTE, new JsonObject().put("sql", "SELECT 1").put("mirror_to_bus", "yes"));
    assertThat(notBoolean.failureCode()).isEqualTo(400);
    assertThat(notBoolean.getMessage()).startsWith("invalid_query").contains("mirror_to_bus");
  }

  private static JsonObject history(JsonObject read) {
    return bus.<JsonObject>request(Addresses.CHANNELS_HISTORY, read).await().body();
  }

  private static ReplyException failure(String address, JsonObject body) {
    return (ReplyException) bus.request(address, body).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  private static void awaitFrames(List<JsonObject> frames, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (frames.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(frames).hasSizeGreaterThanOrEqualTo(n);
  }
}
