package io.neuroquantum.server;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server in a child JVM with a small heap ({@code -Xmx}) that exits on the first
 * OutOfMemoryError anywhere: a test that must show the server holds up under hostile input uses it,
 * because "it is still alive and answers /health" is then the whole truth, not a heap reading in a
 * JVM shared with the test.
 */
public final class ForkedServer implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
  private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");
  private static final Pattern HEAP_COMMITTED =
      Pattern.compile("^jvm_memory_committed_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");

  private final Process process;
  private final int port;
  private final Path dir;
  private final List<String> output;
  // HTTP/1.1: the JDK client's default h2c upgrade can stall on a large Vert.x response
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private ForkedServer(Process process, int port, Path dir, List<String> output) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.output = output;
  }

  /** {@link TestServer#baseConfig()} with {@code overrides}, served by a JVM with {@code -Xmx<heapMb>m}. */
  public static ForkedServer start(int heapMb, JsonObject overrides) throws Exception {
    return start(heapMb, overrides, List.of());
  }

  /** The same, with more JVM flags for the server (e.g. Netty's leak detection). */
  public static ForkedServer start(int heapMb, JsonObject overrides, List<String> jvmArgs) throws Exception {
    return start(heapMb, overrides, jvmArgs, java.util.Map.of());
  }

  /** The same, with environment variables for the server (e.g. a hardware backend's credentials and endpoint). */
  public static ForkedServer start(int heapMb, JsonObject overrides, List<String> jvmArgs,
      java.util.Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory("nq-forked-");
    JsonObject config = TestServer.baseConfig().mergeIn(overrides, true);
    config.getJsonObject("anneal").put("store_path", dir.resolve("jobs").toString());
    Path conf = dir.resolve("server.json");
    Files.writeString(conf, config.encodePrettily());
    Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(jvmArgs);
    // e.g. -Dnq.forked.jvm.args=-XX:NativeMemoryTracking=summary to look inside a soak's server
    for (String arg : System.getProperty("nq.forked.jvm.args", "").split(" ")) {
      if (!arg.isBlank()) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.neuroquantum.cli.Main", "serve",
        "--conf", conf.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        String logFile = System.getProperty("nq.forked.log");   // keep everything the server prints, for a look later
        java.io.PrintWriter log = logFile == null ? null
            : new java.io.PrintWriter(Files.newBufferedWriter(Path.of(logFile + "-" + process.pid())), true);
        while ((line = in.readLine()) != null) {
          output.add(line);
          if (log != null) {
            log.println(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (IOException e) {
        // the process went away; whoever waits for the port learns it below
      }
      port.completeExceptionally(new IllegalStateException("the forked server ended: " + output));
    }, "forked-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ForkedServer(process, port.get(120, TimeUnit.SECONDS), dir, output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** kill -9: the JVM ends at once, nothing shut down (a crashed node). */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the server drains and stops (a node taken out of service). */
  public void terminate() {
    process.destroy();
  }

  /** kill -STOP: the JVM stands still, sockets open (a frozen node: a long GC pause, a hung VM). */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** kill -CONT: a frozen JVM runs on, unaware of the time that passed. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Waits until the server has printed a line containing {@code text} after its first {@code skip} lines. */
  public boolean awaitOutput(String text, int skip, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      List<String> lines = allOutput();
      for (int i = skip; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return true;
        }
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** Every line the server printed so far. */
  public List<String> allOutput() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** What the server printed so far (for assertion messages). */
  public String output() {
    synchronized (output) {
      int from = Math.max(0, output.size() - 40);
      return String.join("\n", output.subList(from, output.size()));
    }
  }

  /** GET /health's status, or -1 when it does not answer within {@code timeout}. */
  public int health(Duration timeout) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(timeout)
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Heap in use as the server's own JVM metrics report it (jvm_memory_used_bytes, area heap). */
  public long heapUsedBytes() {
    return heapMetric(HEAP);
  }

  /** Heap the JVM has taken from the system (jvm_memory_committed_bytes, area heap): part of its RSS. */
  public long heapCommittedBytes() {
    return heapMetric(HEAP_COMMITTED);
  }

  private long heapMetric(Pattern metric) {
    try {
      String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .header("Authorization", "Bearer " + TestServer.tokenFor("ops", "metrics"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      for (String line : text.split("\n")) {
        Matcher m = metric.matcher(line);
        if (m.find()) {
          sum += Double.parseDouble(m.group(1));
        }
      }
      return (long) sum;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
