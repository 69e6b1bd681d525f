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

  /** The backends this server runs adapters for: {@code hardware.backends}. */
  public static List<String> configured(JsonObject config) {
    List<String> names = new ArrayList<>();
    for (Object name : config.getJsonObject("hardware", new JsonObject()).getJsonArray("backends", new JsonArray())) {
      names.add(String.valueOf(name));
    }
    return names;
  }

  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    List<String> names = configured(config);
    List<Future<String>> deployed = new ArrayList<>();
    for (String name : names) {
      try {
        deployed.add(vertx.deployVerticle(new BackendAdapterVerticle(
            HardwareBackends.create(name, System.getenv()))));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new IllegalArgumentException("hardware.backends: " + e.getMessage()));
      }
    }
    return Future.all(deployed).mapEmpty();
  }
}
