package io.neuroquantum.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cluster} section of the configuration and the Hazelcast member it describes. Clustering
 * is on when the section says {@code enabled}, lists {@code members} (also {@code NQ_CLUSTER_MEMBERS}) or
 * names a Kubernetes service (also {@code NQ_CLUSTER_KUBERNETES_SERVICE_DNS}); otherwise nothing of
 * Hazelcast starts.
 *
 * <p>Members find each other one of two ways, never both: a TCP list of {@code host:port}, or
 * Hazelcast's Kubernetes discovery in DNS mode, which resolves a headless Service's name to the
 * addresses of its pods (no Kubernetes API access, so no RBAC). In a pod, {@code host} must be the
 * pod's own IP (the manifests pass it from the downward API as {@code NQ_CLUSTER_HOST}).
 *
 * <pre>
 * "cluster": {
 *   "enabled": false,
 *   "name": "neuroquantum",          members of one cluster share it
 *   "host": "127.0.0.1",             this node's address for the members and the event bus
 *   "port": 5701,                    first member port tried (the next ones if taken)
 *   "bus_port": 0,                   the event bus's port; 0: any free port (fix it where a
 *                                    NetworkPolicy or firewall lists the ports the members use)
 *   "members": ["10.0.0.1:5701"],    TCP member list (loopback tests, bare metal)
 *   "kubernetes": {                  or: Kubernetes DNS discovery (then no members)
 *     "service_dns": "nq-hz.nq.svc.cluster.local",   the headless Service of the members
 *     "service_port": 5701           where the others listen; defaults to port
 *   },
 *   "backup_count": 1,               synchronous copies of each channel's state
 *   "gap_wait_ms": 100,              how long a node waits for a missing publication
 *   "presence_ttl_ms": 60000,        how long presence outlives a node that left unseen
 *   "merge_check_seconds": 10        how often a cluster's oldest member looks for a split-off side
 * }
 * </pre>
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, List<String> members,
    int backupCount, long gapWaitMs, long presenceTtlMs, int mergeCheckSeconds, KubernetesDiscovery kubernetes,
    int busPort) {

  /** Member ports tried from {@code port} on when the first is taken (not in Kubernetes: a pod has its own address). */
  static final int MEMBER_PORT_COUNT = 20;

  /**
   * Hazelcast's Kubernetes discovery in DNS mode: the members are the addresses the headless Service's
   * name resolves to, each listening on {@code servicePort}.
   */
  public record KubernetesDiscovery(String serviceDns, int servicePort) {
  }

  /** The same settings found by a TCP member list (tests, bare metal). */
  public ClusterSettings(boolean enabled, String name, String host, int port, List<String> members,
      int backupCount, long gapWaitMs) {
    this(enabled, name, host, port, members, backupCount, gapWaitMs, 60_000, 10, null, 0);
  }

  public static ClusterSettings fromConfig(JsonObject config) {
    JsonObject c = config.getJsonObject("cluster", new JsonObject());
    List<String> members = new ArrayList<>();
    for (Object m : c.getJsonArray("members", new JsonArray())) {
      members.add(String.valueOf(m));
    }
    KubernetesDiscovery kubernetes = kubernetesDiscovery(c);
    if (kubernetes != null && !members.isEmpty()) {
      throw new IllegalArgumentException("cluster.members and cluster.kubernetes.service_dns are two ways to find the "
          + "other members; configure one of them");
    }
    boolean enabled = c.getBoolean("enabled", false) || !members.isEmpty() || kubernetes != null;
    int backups = c.getInteger("backup_count", 1);
    if (backups < 0 || backups > 6) {
      throw new IllegalArgumentException("cluster.backup_count must be 0 to 6, got " + backups);
    }
    long presenceTtl = c.getLong("presence_ttl_ms", 60_000L);
    if (presenceTtl < 3_000) {
      throw new IllegalArgumentException("cluster.presence_ttl_ms must be at least 3000 (it is renewed every third of it), got "
          + presenceTtl);
    }
    int mergeCheck = c.getInteger("merge_check_seconds", 10);
    if (mergeCheck < 1 || mergeCheck > 600) {
      throw new IllegalArgumentException("cluster.merge_check_seconds must be 1 to 600, got " + mergeCheck);
    }
    int port = c.getInteger("port", 5701);
    int busPort = busPort(c, port, kubernetes);
    return new ClusterSettings(enabled, c.getString("name", "neuroquantum"), c.getString("host", "127.0.0.1"),
        port, List.copyOf(members), backups, c.getLong("gap_wait_ms", 100L), presenceTtl,
        mergeCheck, kubernetes, busPort);
  }

  /**
   * {@code cluster.bus_port}: 0 (any free port) or a port outside the member ports Hazelcast may take,
   * refused here rather than as a bind failure after Hazelcast has started.
   */
  private static int busPort(JsonObject cluster, int port, KubernetesDiscovery kubernetes) {
    int busPort = cluster.getInteger("bus_port", 0);
    if (busPort < 0 || busPort > 65535) {
      throw new IllegalArgumentException("cluster.bus_port must be 0 (any free port) or a port number, got " + busPort);
    }
    int memberPorts = kubernetes == null ? MEMBER_PORT_COUNT : 1;
    if (busPort != 0 && busPort >= port && busPort < port + memberPorts) {
      throw new IllegalArgumentException("cluster.bus_port " + busPort + " is one of the member ports Hazelcast may take ("
          + port + (memberPorts > 1 ? " to " + (port + memberPorts - 1) : "") + "); choose another");
    }
    return busPort;
  }

  /** {@code cluster.kubernetes}, or null when it names no service. */
  private static KubernetesDiscovery kubernetesDiscovery(JsonObject cluster) {
    JsonObject k = cluster.getJsonObject("kubernetes", new JsonObject());
    String dns = k.getString("service_dns");
    if (dns == null || dns.isBlank()) {
      return null;
    }
    int servicePort = k.getInteger("service_port", cluster.getInteger("port", 5701));
    if (servicePort < 1 || servicePort > 65535) {
      throw new IllegalArgumentException("cluster.kubernetes.service_port must be a port number, got " + servicePort);
    }
    return new KubernetesDiscovery(dns.strip(), servicePort);
  }

  /**
   * The Hazelcast member: Vert.x's own maps (subscriptions, node info) from its default file, a join
   * by TCP-IP on the given members or by Kubernetes DNS (no multicast, no auto-detection), the channel
   * map, and Hazelcast's advice for data that must not be silently half-written (fail on an
   * indeterminate write).
   *
   * @param historyBudgetBytes the most bytes of channel state one member holds (primaries and backups)
   */
  public Config hazelcastConfig(long historyBudgetBytes) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(name);
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    // With the line above a write whose backup has not answered in time fails, Vert.x's own event-bus
    // registrations included (a node then fails to start). Hazelcast's 5 s was too short for two JVMs
    // starting on a loaded machine (seen in CI); 15 s is past the 10 s after which a silent member is
    // removed, so a frozen member still makes writes fail rather than hang.
    hz.setProperty("hazelcast.operation.backup.timeout.millis", "15000");
    // The discovery joiner asks its DNS name only until this many seconds have passed (none at 0), so
    // Kubernetes mode keeps Hazelcast's default, which also lets pods started together see each other
    hz.setProperty("hazelcast.wait.seconds.before.join", kubernetes == null ? "0" : "5");
    hz.setProperty("hazelcast.local.localAddress", host);
    // A killed member's socket closes at once; a frozen one is declared dead after this
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    // The oldest member of each side looks for the other side this often (from its start, at a fixed
    // rate); only the smaller side's check starts a merge, so this bounds how long a split-off node
    // stays on its own after the others are reachable again
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(mergeCheckSeconds));
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(mergeCheckSeconds));
    hz.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    NetworkConfig network = hz.getNetworkConfig();
    // A pod has its own address, so the port is free; were it taken, a member on the next port would
    // never be found by the others (DNS discovery tries service_port only): fail instead
    network.setPort(port).setPortAutoIncrement(kubernetes == null).setPortCount(MEMBER_PORT_COUNT);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (kubernetes == null) {
      join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host + ":" + port) : members);
    } else {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", kubernetes.serviceDns())
          .setProperty("service-port", String.valueOf(kubernetes.servicePort()));
    }
    ChannelSerializers.register(hz.getSerializationConfig());
    hz.addMapConfig(new MapConfig(ClusterChannelHistory.MAP)
        .setInMemoryFormat(InMemoryFormat.BINARY)
        .setBackupCount(backupCount)
        .setAsyncBackupCount(0)
        .setStatisticsEnabled(true)
        .setMergePolicyConfig(new MergePolicyConfig(ChannelMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE))
        .setEvictionConfig(new EvictionConfig()
            .setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
            .setSize((int) Math.max(1, historyBudgetBytes >> 20))));
    hz.addMapConfig(new MapConfig(SharedConfigCheck.MAP).setBackupCount(Math.max(1, backupCount)));
    // Presence and per-user counts are changed in place by entry processors (OBJECT: no whole-value
    // serialisation per change), each with per-member parts that survivors drop when a member leaves
    PresenceOps.register(hz.getSerializationConfig());
    UserCountOps.register(hz.getSerializationConfig());
    hz.addMapConfig(new MapConfig(ClusterPresence.MAP).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setBackupCount(backupCount).setAsyncBackupCount(0));
    hz.addMapConfig(new MapConfig(ClusterUserLimits.MAP).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setBackupCount(backupCount).setAsyncBackupCount(0));
    return hz;
  }
}
