package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The NQ_* variables a container is given, as the env store hands them over, moved into the configuration. */
class EnvironmentOverridesTest {

  @Test
  void kubernetesServiceDnsTurnsClusteringOnAndKeepsTheFilesOtherKubernetesSettings() {
    JsonObject config = new JsonObject()
        .put("cluster", new JsonObject().put("kubernetes", new JsonObject().put("service_port", 5801)))
        .put("NQ_CLUSTER_KUBERNETES_SERVICE_DNS", " nq-hz.nq.svc.cluster.local ").put("NQ_CLUSTER_HOST", "10.244.1.7");

    NeuroQuantumServer.applyEnvironment(config);

    assertThat(config.getJsonObject("cluster")).isEqualTo(new JsonObject().put("enabled", true).put("host", "10.244.1.7")
        .put("kubernetes", new JsonObject().put("service_port", 5801).put("service_dns", "nq-hz.nq.svc.cluster.local")));
    assertThat(config.fieldNames()).noneMatch(k -> k.startsWith("NQ_"));
  }

  @Test
  void apiKeysFromTheEnvironmentReplaceTheFilesList() {
    JsonObject config = new JsonObject()
        .put("auth", new JsonObject().put("api_keys", new JsonArray().add(new JsonObject().put("sha256", "00"))))
        .put("NQ_AUTH_API_KEYS", "[{\"name\":\"ops\",\"user\":\"ops-bot\",\"sha256\":\"ab12\",\"roles\":[\"admin\"]}]");

    NeuroQuantumServer.applyEnvironment(config);

    assertThat(config.getJsonObject("auth").getJsonArray("api_keys")).isEqualTo(new JsonArray().add(new JsonObject()
        .put("name", "ops").put("user", "ops-bot").put("sha256", "ab12").put("roles", new JsonArray().add("admin"))));
  }

  @Test
  void apiKeysThatAreNoJsonArrayOrLackAHashAreRefusedWithTheReason() {
    assertThatThrownBy(() -> NeuroQuantumServer.applyEnvironment(new JsonObject().put("NQ_AUTH_API_KEYS", "ops:secret")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NQ_AUTH_API_KEYS must be a JSON array");
    assertThatThrownBy(() -> NeuroQuantumServer.applyEnvironment(new JsonObject().put("NQ_AUTH_API_KEYS", "[{\"name\":\"ops\"}]")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256");
  }

  @Test
  void theJobStoreFromTheEnvironmentKeepsTheFilesOtherAnnealSettings() {
    JsonObject config = new JsonObject().put("anneal", new JsonObject().put("max_running", 2))
        .put("NQ_ANNEAL_STORE", " postgres ").put("NQ_PG_HOST", "db.internal");

    NeuroQuantumServer.applyEnvironment(config);

    assertThat(config.getJsonObject("anneal")).isEqualTo(new JsonObject().put("max_running", 2).put("store", "postgres"));
    assertThat(config.getJsonObject("query").getJsonObject("postgres").getString("host")).isEqualTo("db.internal");
  }
}
