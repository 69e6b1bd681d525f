package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSmokeTest {

  private NeuroQuantumServer server;
  private WebClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop().await();
    }
  }

  @Test
  void serves_health_on_the_configured_port_and_json_errors_elsewhere(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("conf.json"), "{\"http\": {\"port\": 0, \"host\": \"127.0.0.1\"}}");
    server = NeuroQuantumServer.start(conf).await();
    client = WebClient.create(server.vertx());
    var health = client.get(server.httpPort(), "127.0.0.1", "/health").send().await();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    var missing = client.get(server.httpPort(), "127.0.0.1", "/nope").send().await();
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonObject error = missing.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("not_found");
  }
}
