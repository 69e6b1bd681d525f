package io.neuroquantum.server.hardware;

import io.neuroquantum.annealing.hardware.HardwareBackends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys one {@link BackendAdapterVerticle} per backend named in {@code hardware.backends} (none by
 * default). Each backend reads its credentials from the environment ({@code NQ_DWAVE_TOKEN}, …); a
 * configured backend without them stops the server's start with a message naming the variable.
 */
public final class HardwareAdapters {

  private HardwareAdapters() {
  }

  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    JsonArray names = config.getJsonObject("hardware", new JsonObject()).getJsonArray("backends", new JsonArray());
    List<Future<String>> deployed = new ArrayList<>();
    for (Object name : names) {
      try {
        deployed.add(vertx.deployVerticle(new BackendAdapterVerticle(
            HardwareBackends.create(String.valueOf(name), System.getenv()))));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new IllegalArgumentException("hardware.backends: " + e.getMessage()));
      }
    }
    return Future.all(deployed).mapEmpty();
  }
}
