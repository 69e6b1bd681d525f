package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/bus-service}, a separate Vert.x application built from its own pom (nothing of this
 * project on its classpath), joins a cluster of two server JVMs as a Hazelcast lite member and does
 * what docs/event-bus.md says a service can: publish to a channel, submit an annealing job and follow
 * it to its result, stream a query's rows with credit. What it prints is checked against what the
 * servers' WebSocket clients see and against the demo table.
 */
class BusServiceExampleTest {

  private static final Path EXAMPLE = Paths.get("examples", "bus-service");
  private static final int ROWS = 12_345;

  private static Vertx vertx;

  @BeforeAll
  static void buildExample() throws Exception {
    vertx = Vertx.vertx();
    // the same Maven wrapper and JDK as this build; its own pom, its own dependencies
    ProcessBuilder pb = new ProcessBuilder(Paths.get("mvnw").toAbsolutePath().toString(), "-f",
        EXAMPLE.resolve("pom.xml").toString(), "-B", "-q", "package")
        .redirectErrorStream(true).redirectOutput(logFile("build").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process build = pb.start();
    assertThat(build.waitFor(15, TimeUnit.MINUTES)).as("the example's build ended").isTrue();
    assertThat(build.exitValue()).as(Files.readString(logFile("build"))).isZero();
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
  }

  @Test
  void the_example_publishes_follows_a_job_and_streams_a_query_over_the_bus_of_two_nodes() throws Exception {
    String name = "nq-bus-" + System.nanoTime();
    int basePort = ForkedCluster.basePort();
    // the example is told the cluster's name and members, as an operator would
    List<ForkedServer> nodes = ForkedCluster.start(2, new JsonObject()
        .put("cluster", ForkedCluster.clusterSection(name, basePort, 2))
        .put("query", new JsonObject().put("backend", "h2").put("h2", new JsonObject().put("demo_rows", 20_000)))
        .put("anneal", new JsonObject().put("progress_interval_ms", 50)));
    try {
      String channel = "custom:bus-service-" + System.nanoTime();
      List<WsTestClient> subscribers = new ArrayList<>();
      for (ForkedServer node : nodes) {
        WsTestClient c = WsTestClient.connect(vertx, node.port(), TestServer.tokenFor("reader"));
        c.nextOfType("connected");
        c.subscribe(channel);
        subscribers.add(c);
      }

      List<JsonObject> printed = runExample(Map.of(
          "NQ_CLUSTER_NAME", name,
          "NQ_CLUSTER_MEMBERS", "127.0.0.1:" + basePort + ",127.0.0.1:" + (basePort + 1),
          "NQ_CLUSTER_HOST", "127.0.0.1",
          "NQ_CLUSTER_PORT", Integer.toString(basePort + 2),
          "NQ_EXAMPLE_CHANNEL", channel,
          "NQ_EXAMPLE_ROWS", Integer.toString(ROWS)));

      // 1. the publish reached the WebSocket subscribers of both nodes, whichever node took it
      JsonObject published = step(printed, "published");
      for (WsTestClient s : subscribers) {
        JsonObject message = s.nextOfType("message");
        assertThat(message.getString("channel")).isEqualTo(channel);
        assertThat(message.getLong("offset")).isEqualTo(published.getLong("offset"));
        assertThat(message.getString("epoch")).isEqualTo(published.getString("epoch"));
        assertThat(message.getJsonObject("data").getString("from")).isEqualTo("bus-service");
      }

      // 2. the job's progress, then its result
      assertThat(steps(printed, "job_progress")).as("progress events").isNotEmpty();
      JsonObject result = step(printed, "job_result");
      assertThat(result.getString("status")).as(result.encode()).isEqualTo("completed");
      assertThat(result.getValue("cut")).as(result.encode()).isNotNull();
      assertThat(printed.indexOf(result)).as("the result comes last")
          .isGreaterThan(printed.indexOf(steps(printed, "job_progress").getLast()));

      // 3. every row of the query, each once
      JsonObject query = step(printed, "query_completed");
      assertThat(query.getLong("rows")).as(query.encode()).isEqualTo(ROWS);
      assertThat(query.getLong("total_rows")).isEqualTo(ROWS);
      assertThat(query.getLong("id_sum")).as("ids 1..N, each once").isEqualTo((long) ROWS * (ROWS + 1) / 2);
      subscribers.forEach(WsTestClient::close);
    } finally {
      ForkedCluster.closeAll(nodes);
    }
  }

  /** Runs the example's jar with the test's JDK and returns the JSON lines it printed; it must exit 0. */
  private static List<JsonObject> runExample(Map<String, String> env) throws Exception {
    Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-jar",
        EXAMPLE.resolve("target").resolve("bus-service.jar").toString())
        .redirectError(logFile("run").toFile());
    pb.environment().putAll(env);
    Process example = pb.start();
    List<JsonObject> lines = Collections.synchronizedList(new ArrayList<>());
    try (BufferedReader out = new BufferedReader(new InputStreamReader(example.getInputStream(), StandardCharsets.UTF_8))) {
      CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
        try {
          String line;
          while ((line = out.readLine()) != null) {
            lines.add(new JsonObject(line));
          }
        } catch (IOException e) {
          // the process went away: its exit code tells
        }
      });
      boolean ended = example.waitFor(10, TimeUnit.MINUTES);
      if (!ended) {
        example.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      reading.get(30, TimeUnit.SECONDS);
      assertThat(ended).as("the example ended; it printed " + lines).isTrue();
      assertThat(example.exitValue()).as("exit code; printed " + lines + "\n" + tail(logFile("run"))).isZero();
    }
    return List.copyOf(lines);
  }

  private static JsonObject step(List<JsonObject> printed, String step) {
    List<JsonObject> found = steps(printed, step);
    assertThat(found).as("one " + step + " line in " + printed).hasSize(1);
    return found.getFirst();
  }

  private static List<JsonObject> steps(List<JsonObject> printed, String step) {
    return printed.stream().filter(l -> step.equals(l.getString("step"))).toList();
  }

  /** Where the example's build and run write what they log: target/, kept for a look after a failure. */
  private static Path logFile(String what) {
    return Paths.get("target", "bus-service-example-" + what + ".log");
  }

  private static String tail(Path log) throws IOException {
    List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
  }
}
