package io.neuroquantum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The {@code cluster} section read into settings, and the Hazelcast member configuration they give. */
class ClusterSettingsTest {

  private static JsonObject withCluster(JsonObject cluster) {
    return new JsonObject().put("cluster", cluster);
  }

  @Test
  void kubernetesServiceDnsTurnsClusteringOnWithDnsDiscoveryAndNoTcpList() {
    ClusterSettings settings = ClusterSettings.fromConfig(withCluster(new JsonObject().put("host", "10.1.2.3")
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz.nq.svc.cluster.local"))));

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.kubernetes()).isEqualTo(new ClusterSettings.KubernetesDiscovery("nq-hz.nq.svc.cluster.local", 5701));
    Config hz = settings.hazelcastConfig(64L << 20);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("nq-hz.nq.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    // the others look for this member on 5701 only: it binds there or fails
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(hz.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
    // the discovery joiner looks members up only within this wait: at 0 it would never look
    assertThat(Integer.parseInt(hz.getProperty("hazelcast.wait.seconds.before.join"))).isPositive();
    // Hazelcast accepts the configuration as a whole (it checks join modes against each other)
    join.verify();
  }

  @Test
  void tcpMembersKeepTheTcpJoinAndLeaveKubernetesOff() {
    ClusterSettings settings = ClusterSettings.fromConfig(withCluster(new JsonObject().put("port", 6000)
        .put("members", new JsonArray().add("10.0.0.1:6000").add("10.0.0.2:6000"))));

    assertThat(settings.kubernetes()).isNull();
    JoinConfig join = settings.hazelcastConfig(64L << 20).getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:6000", "10.0.0.2:6000");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    join.verify();
  }

  @Test
  void servicePortDefaultsToTheMemberPortAndCanBeGiven() {
    ClusterSettings byDefault = ClusterSettings.fromConfig(withCluster(new JsonObject().put("port", 5801)
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz"))));
    ClusterSettings given = ClusterSettings.fromConfig(withCluster(new JsonObject().put("port", 5801)
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz").put("service_port", 5901))));

    assertThat(byDefault.kubernetes().servicePort()).isEqualTo(5801);
    assertThat(given.kubernetes().servicePort()).isEqualTo(5901);
  }

  @Test
  void membersAndServiceDnsTogetherAreRefused() {
    JsonObject both = withCluster(new JsonObject().put("members", new JsonArray().add("10.0.0.1:5701"))
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz.nq.svc.cluster.local")));

    assertThatThrownBy(() -> ClusterSettings.fromConfig(both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster.members").hasMessageContaining("cluster.kubernetes.service_dns");
  }

  @Test
  void aServicePortThatIsNoPortIsRefused() {
    JsonObject bad = withCluster(new JsonObject()
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz").put("service_port", 70000)));

    assertThatThrownBy(() -> ClusterSettings.fromConfig(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service_port");
  }

  @Test
  void theMergeCheckIntervalIsHazelcastsMergeDelayAndOutOfRangeIsRefused() {
    var byDefault = ClusterSettings.fromConfig(withCluster(new JsonObject().put("enabled", true))).hazelcastConfig(64L << 20);
    var given = ClusterSettings.fromConfig(withCluster(new JsonObject().put("enabled", true).put("merge_check_seconds", 30)))
        .hazelcastConfig(64L << 20);

    assertThat(byDefault.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
    assertThat(byDefault.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("10");
    assertThat(given.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("30");
    assertThat(given.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("30");
    assertThatThrownBy(() -> ClusterSettings.fromConfig(withCluster(new JsonObject().put("merge_check_seconds", 0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.merge_check_seconds");
  }

  @Test
  void theBusPortIsAnyFreePortUnlessGivenAndMayNotBeAMemberPort() {
    assertThat(ClusterSettings.fromConfig(withCluster(new JsonObject().put("enabled", true))).busPort()).isZero();
    assertThat(ClusterSettings.fromConfig(withCluster(new JsonObject().put("enabled", true).put("bus_port", 5801)))
        .busPort()).isEqualTo(5801);
    // outside Kubernetes Hazelcast may move up to 19 ports on when 5701 is taken
    assertThatThrownBy(() -> ClusterSettings.fromConfig(withCluster(new JsonObject().put("enabled", true).put("bus_port", 5710)
        .put("members", new io.vertx.core.json.JsonArray().add("10.0.0.1:5701")).put("port", 5701))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5701 to 5720");
    assertThat(ClusterSettings.fromConfig(withCluster(new JsonObject().put("bus_port", 5710)
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz")))).busPort()).isEqualTo(5710);
    assertThatThrownBy(() -> ClusterSettings.fromConfig(withCluster(new JsonObject().put("bus_port", 5701)
        .put("kubernetes", new JsonObject().put("service_dns", "nq-hz")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.bus_port 5701");
    assertThatThrownBy(() -> ClusterSettings.fromConfig(withCluster(new JsonObject().put("bus_port", 70000))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.bus_port");
  }

  @Test
  void aBlankServiceDnsIsNoKubernetesMode() {
    ClusterSettings settings = ClusterSettings.fromConfig(withCluster(new JsonObject()
        .put("kubernetes", new JsonObject().put("service_dns", " "))));

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.kubernetes()).isNull();
  }

  /**
   * The discovery itself, not only its configuration: two members in this JVM whose only way to
   * find each other is Hazelcast's Kubernetes DNS lookup. "localhost" stands for the headless
   * Service (it resolves to 127.0.0.1 as the Service's name resolves to the pods' addresses); both
   * look for members on the first one's port, as pods all listen on the same port.
   */
  @Test
  void twoMembersFindEachOtherThroughTheDnsLookup() {
    int port = 23000 + ThreadLocalRandom.current().nextInt(1000) * 2;
    String cluster = "nq-k8s-test-" + System.nanoTime();
    JsonObject dns = new JsonObject().put("service_dns", "localhost").put("service_port", port);
    ClusterSettings first = ClusterSettings.fromConfig(withCluster(new JsonObject().put("name", cluster)
        .put("port", port).put("kubernetes", dns)));
    ClusterSettings second = ClusterSettings.fromConfig(withCluster(new JsonObject().put("name", cluster)
        .put("port", port + 1).put("kubernetes", dns)));

    HazelcastInstance a = Hazelcast.newHazelcastInstance(first.hazelcastConfig(16L << 20));
    try {
      HazelcastInstance b = Hazelcast.newHazelcastInstance(second.hazelcastConfig(16L << 20));
      try {
        assertThat(a.getCluster().getMembers()).hasSize(2);
        assertThat(b.getCluster().getMembers()).hasSize(2);
        // what is tested is discovery: the write waits for the join's partition migration to settle (on a
        // busy machine a write during it can miss its backup's ack, seen once in CI), then is tried again
        // if its outcome could not be confirmed
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!a.getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        for (int attempt = 1; ; attempt++) {
          try {
            a.getMap("k8s-test").put("written-on", "a");
            break;
          } catch (com.hazelcast.core.IndeterminateOperationStateException e) {
            if (attempt == 3) {
              throw e;
            }
          }
        }
        assertThat(b.getMap("k8s-test").get("written-on")).isEqualTo("a");
      } finally {
        b.shutdown();
      }
    } finally {
      a.shutdown();
    }
  }
}
