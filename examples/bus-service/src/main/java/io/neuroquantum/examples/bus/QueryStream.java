package io.neuroquantum.examples.bus;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams a query's rows over the bus (docs/event-bus.md, "Streaming a query"): {@code nq.query.execute}
 * with {@code mirror_to_bus}, the frames followed on the mirror {@code nq.channel.query:<id>} like any
 * mirrored channel ({@link ChannelFollower}: in offset order, gaps filled from the history), and credit
 * granted on the {@code credit_address} the reply names. The server reads the next batch from the
 * database only while it holds credit, so this service is never sent more than it asked for.
 */
final class QueryStream {

  /**
   * Frames granted ahead; a new half-window is granted each time half of it has been consumed. At most
   * this many frames are in flight, fewer than the query channel keeps (16), so a frame lost on the
   * way is still in the history when the gap is noticed.
   */
  private static final int WINDOW = 8;

  private final EventBus bus;
  private final String creditAddress;
  private final String queryId;
  private final Promise<JsonObject> end = Promise.promise();
  private int consumedSinceGrant;

  private QueryStream(EventBus bus, JsonObject accepted) {
    this.bus = bus;
    this.creditAddress = accepted.getString("credit_address");
    this.queryId = accepted.getString("query_id");
  }

  /**
   * Runs {@code execute} ({@code {sql, params?, options?}}), hands every row to {@code onRow} in order,
   * and returns the last frame: {@code query_completed {total_rows}} or {@code query_error {error}}.
   */
  static JsonObject run(Vertx vertx, JsonObject execute, Consumer<JsonArray> onRow) {
    EventBus bus = vertx.eventBus();
    JsonObject accepted = bus.<JsonObject>request("nq.query.execute", execute.copy().put("mirror_to_bus", true))
        .await().body();
    QueryStream stream = new QueryStream(bus, accepted);
    // following before the first credit: nothing is read, so nothing is sent, before it
    ChannelFollower frames = ChannelFollower.follow(vertx, accepted.getString("channel"),
        (offset, frame) -> stream.frame(frame, onRow));
    stream.grant(WINDOW);
    try {
      return stream.end.future().timeout(5, TimeUnit.MINUTES).await();
    } finally {
      frames.close();
    }
  }

  private void frame(JsonObject frame, Consumer<JsonArray> onRow) {
    switch (frame.getString("type")) {
      case "query_batch" -> frame.getJsonArray("rows").forEach(row -> onRow.accept((JsonArray) row));
      case "query_row" -> onRow.accept(frame.getJsonArray("row"));
      case "query_completed", "query_error" -> end.tryComplete(frame);
      default -> {
        // query_started {columns}, query_progress {rows_processed}
      }
    }
    if (++consumedSinceGrant == WINDOW / 2) {
      grant(consumedSinceGrant);
      consumedSinceGrant = 0;
    }
  }

  private void grant(int frames) {
    bus.send(creditAddress, new JsonObject().put("query_id", queryId).put("credits", frames));
  }
}
