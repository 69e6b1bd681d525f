package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.neuroquantum.cli.Main;
import io.neuroquantum.server.cluster.ClusterSettings;
import io.neuroquantum.server.gateway.GatewayVerticle;
import io.neuroquantum.server.k8s.Kustomization;
import io.neuroquantum.server.k8s.TypedManifest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * k8s/ checked without a cluster: every manifest and every overlay's rendering parses into the typed
 * Kubernetes API model with no unknown field (fabric8's kubernetes-model), and the manifests agree
 * with the server they run: the configuration they mount, read by the server's own code, gives the
 * discovery name of the headless Service and the container's ports; the probe paths answer 200 on a
 * started server; the grace period covers the drain; the container runs as the Dockerfile's user
 * with the command line the jar accepts.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final List<String> OVERLAYS = List.of("local", "production");
  private static final String POD_IP = "10.244.1.7";   // what the downward API would hand the container

  // ---- the API schema ------------------------------------------------------------------------------

  @Test
  void everyManifestIsAValidObjectOfTheKubernetesApi() throws IOException {
    List<Path> manifests = manifestFiles();
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(8);
    for (Path file : manifests) {
      TypedManifest.parse(file.toString(), Kustomization.yaml(file));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void eachOverlayRendersToValidObjectsOfTheKubernetesApi(String overlay) {
    List<HasMetadata> objects = rendered(overlay);

    assertThat(objects).extracting(HasMetadata::getKind)
        .contains("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("nq"));
  }

  @Test
  void theValidatorRefusesAMisspelledFieldAWrongTypeAndAnUnknownKind() {
    JsonObject service = Kustomization.yaml(K8S.resolve("base/service.yaml"));

    JsonObject misspelled = service.copy();
    misspelled.getJsonObject("spec").put("sessionAfinity", "None");
    assertThatThrownBy(() -> TypedManifest.parse("misspelled", misspelled)).hasMessageContaining("sessionAfinity");

    JsonObject wrongType = service.copy();
    wrongType.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).put("port", "eighty");
    assertThatThrownBy(() -> TypedManifest.parse("wrong type", wrongType)).isInstanceOf(AssertionError.class);

    JsonObject wrongVersion = service.copy().put("apiVersion", "v2");
    assertThatThrownBy(() -> TypedManifest.parse("unknown kind", wrongVersion)).hasMessageContaining("no kind");

    JsonObject statefulSet = Kustomization.yaml(K8S.resolve("base/statefulset.yaml"));
    Kustomization.podSpec(statefulSet).getJsonArray("containers").getJsonObject(0)
        .getJsonObject("resources").getJsonObject("limits").put("memory", "2 gigabytes");
    assertThatThrownBy(() -> TypedManifest.parse("bad quantity", statefulSet)).hasMessageContaining("2 gigabytes");
  }

  /** The test's rendering of the overlays is kubectl's (where kubectl is installed: not in every CI). */
  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void theRenderingIsWhatKubectlKustomizeGives(String overlay) throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed here");
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
        .redirectErrorStream(true).start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(out).isZero();

    Set<JsonObject> byKubectl = new HashSet<>(Kustomization.yamlDocuments(out));
    Set<JsonObject> byTest = new HashSet<>(Kustomization.render(K8S.resolve("overlays").resolve(overlay)));
    assertThat(byTest).isEqualTo(byKubectl);
  }

  // ---- agreement with the server ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void theMountedConfigurationReadByTheServerFindsTheHeadlessServiceAndListensOnTheContainerPorts(String overlay) {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    Service headless = service(objects, true);
    Container container = container(members);
    JsonObject config = serverConfig(objects, members);
    ClusterSettings cluster = ClusterSettings.fromConfig(config);

    String namespace = headless.getMetadata().getNamespace();
    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.kubernetes().serviceDns())
        .isEqualTo(headless.getMetadata().getName() + "." + namespace + ".svc.cluster.local");
    assertThat(cluster.host()).isEqualTo(POD_IP);
    assertThat(members.getSpec().getServiceName()).isEqualTo(headless.getMetadata().getName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    // Hazelcast: the port the member binds = the container's = the one the discovery dials
    ServicePort hazelcast = headless.getSpec().getPorts().get(0);
    assertThat(containerPort(container, hazelcast.getTargetPort().getStrVal())).isEqualTo(cluster.port());
    assertThat(hazelcast.getPort()).isEqualTo(cluster.kubernetes().servicePort()).isEqualTo(cluster.port());
    // the event bus: fixed, and declared by the container (the NetworkPolicy names it)
    assertThat(cluster.busPort()).isPositive().isEqualTo(containerPort(container, "eventbus"));
    // HTTP: the configured port is the container's and the client Service's target
    int httpPort = config.getJsonObject("http").getInteger("port");
    Service clients = service(objects, false);
    assertThat(containerPort(container, clients.getSpec().getPorts().get(0).getTargetPort().getStrVal())).isEqualTo(httpPort);
    for (Probe probe : probes(container)) {
      assertThat(containerPort(container, probe.getHttpGet().getPort().getStrVal())).isEqualTo(httpPort);
    }
    // the selectors pick the pods
    Map<String, String> podLabels = members.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(headless.getSpec().getSelector()).containsAllEntriesOf(clients.getSpec().getSelector())
        .containsAllEntriesOf(members.getSpec().getSelector().getMatchLabels())
        .containsAllEntriesOf(only(objects, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
  }

  /**
   * The NetworkPolicy picks the members, lets anyone reach HTTP and only the members reach each other's
   * Hazelcast and event-bus ports; every port the container declares has a rule, so a port added
   * later without one fails here instead of being silently closed by the policy.
   */
  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void theNetworkPolicyOpensHttpToAllAndTheClusterPortsToTheMembersOnly(String overlay) {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    NetworkPolicy policy = only(objects, NetworkPolicy.class);
    Map<String, String> podLabels = members.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");

    Map<String, List<NetworkPolicyPeer>> fromByPort = new java.util.HashMap<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      for (NetworkPolicyPort port : rule.getPorts()) {
        assertThat(fromByPort.put(port.getPort().getStrVal(), rule.getFrom())).as("one rule per port").isNull();
      }
    }
    List<String> declared = container(members).getPorts().stream().map(ContainerPort::getName).toList();
    assertThat(fromByPort.keySet()).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(fromByPort.get("http")).as("HTTP from anywhere").isNullOrEmpty();
    for (String memberPort : List.of("hazelcast", "eventbus")) {
      assertThat(fromByPort.get(memberPort)).as(memberPort + " from the members only").singleElement().satisfies(peer -> {
        assertThat(peer.getNamespaceSelector()).isNull();
        assertThat(peer.getIpBlock()).isNull();
        assertThat(podLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
      });
    }
  }

  @Test
  void theProbePathsAnswer200OnAStartedServer() throws Exception {
    Set<String> paths = new HashSet<>();
    for (String overlay : OVERLAYS) {
      for (Probe probe : probes(container(only(rendered(overlay), StatefulSet.class)))) {
        paths.add(probe.getHttpGet().getPath());
      }
    }
    assertThat(paths).contains("/health", "/ready");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (TestServer server = TestServer.start()) {
      for (String path : paths) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.server().httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void theGracePeriodCoversTheDrain(String overlay) {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    ClusterSettings cluster = clusterSettings(objects);
    long preStop = container(members).getLifecycle().getPreStop().getSleep().getSeconds();
    long hazelcastLeave = Long.parseLong(cluster.hazelcastConfig(64L << 20).getProperty("hazelcast.graceful.shutdown.max.wait"));
    long clientsClosed = TimeUnit.MILLISECONDS.toSeconds(GatewayVerticle.CLIENT_DRAIN_MS);
    long restOfVertxClosing = 10;   // verticles' stop and the event bus, generously

    long drain = preStop + clientsClosed + hazelcastLeave + restOfVertxClosing;
    assertThat(members.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(drain);
    // the readiness probe notices the drain at once (a shutting-down pod answers 503 on /ready)
    assertThat(container(members).getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void thePodRunsAsTheImagesUserReadOnlyWithWritableScratchWhereTheServerWrites(String overlay) throws IOException {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    PodSpec pod = members.getSpec().getTemplate().getSpec();
    Container container = container(members);
    Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(Files.readString(Path.of("Dockerfile")));
    assertThat(user.find()).as("the Dockerfile names its USER uid:gid").isTrue();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    // everything the server writes is on an emptyDir: the JVM's temp dir and the configured paths
    JsonObject config = serverConfig(objects, members);
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
      assertThat(e.getValue()).contains("-XX:MaxRAMPercentage=").contains("-Djava.io.tmpdir=/tmp");
    });
    for (String written : List.of("/tmp", config.getJsonObject("query").getJsonObject("h2").getString("path"),
        config.getJsonObject("anneal").getString("store_path"))) {
      VolumeMount mount = container.getVolumeMounts().stream().filter(m -> written.startsWith(m.getMountPath()))
          .findFirst().orElseThrow(() -> new AssertionError(written + " is on the read-only root filesystem"));
      Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
      assertThat(volume.getEmptyDir()).as(written).isNotNull();
      assertThat(mount.getReadOnly()).as(written).isNotEqualTo(Boolean.TRUE);
    }
  }

  /** The Dockerfile's entrypoint with the manifest's args is a command line the jar accepts, reading the mounted file. */
  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void theContainersCommandLineServesTheMountedConfiguration(String overlay) throws IOException {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    Container container = container(members);
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/neuroquantum.jar\"]")
        .contains("COPY target/neuroquantum.jar /app/neuroquantum.jar");
    assertThat(container.getCommand()).as("the image's entrypoint is used").isNullOrEmpty();

    CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(container.getArgs().toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("serve");
    Path conf = parsed.subcommand().matchedOptionValue("--conf", null);
    VolumeMount mount = container.getVolumeMounts().stream()
        .filter(m -> conf.getParent().toString().equals(m.getMountPath())).findFirst().orElseThrow();
    String configMapName = members.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow().getConfigMap().getName();
    ConfigMap configMap = only(objects, ConfigMap.class);
    assertThat(configMap.getMetadata().getName()).isEqualTo(configMapName);
    assertThat(configMap.getData()).containsKey(conf.getFileName().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "production"})
  void disruptionsAndScalingKeepTheClusterWhole(String overlay) {
    List<HasMetadata> objects = rendered(overlay);
    StatefulSet members = only(objects, StatefulSet.class);
    ClusterSettings cluster = clusterSettings(objects);
    PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
    HorizontalPodAutoscaler autoscaler = only(objects, HorizontalPodAutoscaler.class);

    // never more members away by choice than each channel has backups
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isBetween(1, cluster.backupCount());
    assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
    assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(members.getMetadata().getName());
    assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    // scale-down removes one member at a time
    assertThat(autoscaler.getSpec().getBehavior().getScaleDown().getPolicies()).allSatisfy(p -> {
      assertThat(p.getType()).isEqualTo("Pods");
      assertThat(p.getValue()).isEqualTo(1);
    });
    assertThat(members.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Every manifest under k8s/ (patches and kustomizations are no API objects: they are rendered above). */
  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
          .filter(f -> !isPatch(f))
          .sorted().toList();
    }
  }

  private static boolean isPatch(Path file) {
    try {
      return Files.readString(file).lines().anyMatch(l -> l.startsWith("- op:"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> rendered(String overlay) {
    List<HasMetadata> typed = new ArrayList<>();
    for (JsonObject o : Kustomization.render(K8S.resolve("overlays").resolve(overlay))) {
      typed.add(TypedManifest.parse(overlay + "/" + o.getString("kind") + "/" + o.getJsonObject("metadata").getString("name"), o));
    }
    return typed;
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static Service service(List<HasMetadata> objects, boolean headless) {
    List<Service> found = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
        .filter(s -> "None".equals(s.getSpec().getClusterIP()) == headless).toList();
    assertThat(found).as(headless ? "headless Service" : "client Service").hasSize(1);
    return found.get(0);
  }

  private static Container container(StatefulSet members) {
    List<Container> containers = members.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static int containerPort(Container container, String name) {
    return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  private static List<Probe> probes(Container container) {
    List<Probe> probes = Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe()).toList();
    assertThat(probes).doesNotContainNull().allSatisfy(p -> assertThat(p.getHttpGet()).isInstanceOf(HTTPGetAction.class));
    return probes;
  }

  /**
   * The configuration a pod's server runs with, built by the server's own code: the mounted file's
   * JSON plus the container's plain and downward-API environment (as the env store hands it over:
   * flat NQ_* keys), moved into place by {@link NeuroQuantumServer#applyEnvironment}.
   */
  private static JsonObject serverConfig(List<HasMetadata> objects, StatefulSet members) {
    String json = only(objects, ConfigMap.class).getData().get("application.json");
    JsonObject config = new JsonObject(json);
    for (EnvVar e : container(members).getEnv()) {
      if (!e.getName().startsWith("NQ_")) {
        continue;
      }
      if (e.getValue() != null) {
        config.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getFieldRef() != null) {
        assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        config.put(e.getName(), POD_IP);
      }
    }
    NeuroQuantumServer.applyEnvironment(config);
    return config;
  }

  /** The cluster settings a pod's server derives from its configuration. */
  private static ClusterSettings clusterSettings(List<HasMetadata> objects) {
    return ClusterSettings.fromConfig(serverConfig(objects, only(objects, StatefulSet.class)));
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
