package io.neuroquantum.examples.bus;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;

/**
 * Joins the NeuroQuantum cluster's event bus (docs/event-bus.md, "Joining the cluster"), configured
 * from the environment with the server's own variable names:
 *
 * <pre>
 * NQ_CLUSTER_NAME                     the servers' cluster.name (default neuroquantum)
 * NQ_CLUSTER_MEMBERS                  host:port of the servers' Hazelcast members, comma-separated
 * NQ_CLUSTER_KUBERNETES_SERVICE_DNS   or: the servers' headless Service (then no member list)
 * NQ_CLUSTER_HOST                     this service's address, reachable from the servers (default 127.0.0.1)
 * NQ_CLUSTER_PORT                     first Hazelcast port tried here (default 5701, the next ones if taken)
 * </pre>
 */
final class ClusterJoin {

  private ClusterJoin() {
  }

  static Future<Vertx> fromEnvironment() {
    String host = env("NQ_CLUSTER_HOST", "127.0.0.1");
    VertxOptions options = new VertxOptions();
    // the servers send replies and mirrored messages to this address: it must be reachable from them
    options.getEventBusOptions().setHost(host).setPort(0);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(host));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  private static Config hazelcast(String host) {
    // Vert.x's own cluster file, as on the servers: it configures the maps the event bus keeps its
    // subscriptions in
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(env("NQ_CLUSTER_NAME", "neuroquantum"));
    // A lite member holds no partition of any map. The servers' channel map is changed by their own
    // entry processors and stored with their own serializers, which this service does not have.
    hz.setLiteMember(true);
    // as on the servers: a member that stops answering is declared dead after 10 s, not 60
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.local.localAddress", host);
    hz.getNetworkConfig().setPort(Integer.parseInt(env("NQ_CLUSTER_PORT", "5701"))).setPortAutoIncrement(true)
        .getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    String serviceDns = System.getenv("NQ_CLUSTER_KUBERNETES_SERVICE_DNS");
    if (serviceDns != null && !serviceDns.isBlank()) {
      // the servers find each other this way in Kubernetes; Hazelcast refuses a member that joins
      // another way ("Incompatible joiners")
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", serviceDns)
          .setProperty("service-port", env("NQ_CLUSTER_KUBERNETES_SERVICE_PORT", "5701"));
    } else {
      hz.setProperty("hazelcast.wait.seconds.before.join", "0");
      join.getTcpIpConfig().setEnabled(true)
          .setMembers(Arrays.asList(env("NQ_CLUSTER_MEMBERS", "127.0.0.1:5701").split(",")));
    }
    return hz;
  }

  static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value.strip();
  }
}
