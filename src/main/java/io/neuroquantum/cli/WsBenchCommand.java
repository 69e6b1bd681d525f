package io.neuroquantum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench ws}: a WebSocket load generator for a running server. Opens N subscriber connections
 * to one channel, publishes at a fixed rate from one more connection, and reports delivered messages
 * per second and publish-to-receive latency percentiles (publisher and subscribers share this JVM's
 * clock). With {@code --rate 0} it only holds the connections idle, for memory measurements.
 */
@Command(name = "ws", mixinStandardHelpOptions = true,
    description = "Load a running server over WebSockets: fan-out throughput and latency, or idle connections.")
public final class WsBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws",
      description = "server WebSocket URL, or several comma-separated (nodes of a cluster: subscribers spread over "
          + "them in turn, the publisher on the first) (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--token", description = "JWT or API key (?token=); omit with anonymous access")
  String token;

  @Option(names = "--connections", defaultValue = "1000", description = "subscriber connections (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--channel", defaultValue = "custom:bench", description = "channel (default: ${DEFAULT-VALUE})")
  String channel;

  @Option(names = "--rate", defaultValue = "100", description = "messages published per second; 0 = idle (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--duration", defaultValue = "20", description = "seconds of publishing or holding (default: ${DEFAULT-VALUE})")
  int duration;

  @Option(names = "--payload", defaultValue = "64", description = "padding bytes per message (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Option(names = "--deflate", description = "offer permessage-deflate, as browsers and Node's WebSocket do")
  boolean deflate;

  @Option(names = "--batch-delay-ms", description = "ask for several messages per frame (set_batching, JSON lines), held at most this long")
  Integer batchDelayMs;

  @Option(names = "--server-pid", split = ",",
      description = "report the server processes' CPU time per delivered message (Linux /proc; comma-separated for several)")
  List<Long> serverPid;

  private final AtomicLong received = new AtomicLong();
  private final Recorder latencies = new Recorder(3_600_000_000_000L, 3);

  @Override
  public Integer call() throws Exception {
    List<URI> uris = new ArrayList<>();
    for (String u : url.split(",")) {
      uris.add(URI.create(u.strip()));
    }
    URI uri = uris.get(0);
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    String path = uri.getRawPath() + (token == null ? "" : "?token=" + token);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections + 10)
        .setConnectTimeout(30_000).setTryUsePerMessageCompression(deflate));
    try {
      List<WebSocket> sockets = new ArrayList<>(connections);
      long t0 = System.nanoTime();
      for (int start = 0; start < connections; start += 250) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(connections, start + 250); i++) {
          URI node = uris.get(i % uris.size());
          batch.add(connect(client, node.getHost(), node.getPort() > 0 ? node.getPort() : 80, path, rate > 0));
        }
        Future.all(batch).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        batch.forEach(f -> sockets.add(f.result()));
      }
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      System.err.printf("%d connections open in %.1f s%n", connections, connectSeconds);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("connections", connections);
      report.put("connect_seconds", connectSeconds);
      if (rate <= 0) {
        System.err.printf("holding them idle for %d s%n", duration);
        Thread.sleep(duration * 1000L);
      } else {
        publishAndMeasure(vertx, client, uri.getHost(), port, path, report);
      }
      print(report);
      return 0;
    } finally {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private Future<WebSocket> connect(WebSocketClient client, String host, int port, String path, boolean subscribe) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path)
        .setAllowOriginHeader(false);
    return client.connect(options).compose(ws -> {
      Promise<WebSocket> confirmed = Promise.promise();
      ws.textMessageHandler(frame -> {
        // with set_batching a frame holds several messages, one per line
        int start = 0;
        for (int end = frame.indexOf('\n'); end >= 0; end = frame.indexOf('\n', start)) {
          onMessage(frame.substring(start, end), ws, confirmed, subscribe);
          start = end + 1;
        }
        onMessage(start == 0 ? frame : frame.substring(start), ws, confirmed, subscribe);
      });
      if (subscribe) {
        if (batchDelayMs != null) {
          ws.writeTextMessage(new JsonObject().put("type", "set_batching").put("format", "lines")
              .put("max_delay_ms", batchDelayMs).encode());
        }
        ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", channel).encode());
      }
      return confirmed.future();
    });
  }

  private void onMessage(String text, WebSocket ws, Promise<WebSocket> confirmed, boolean subscribe) {
    if (text.startsWith("{\"type\":\"message\"")) {
      latencies.recordValue(Math.max(0, System.nanoTime() - sentNanos(text)));
      received.incrementAndGet();
    } else if (text.startsWith("{\"type\":\"subscription_confirmed\"") || text.startsWith("{\"type\":\"connected\"") && !subscribe) {
      confirmed.tryComplete(ws);
    } else if (text.startsWith("{\"type\":\"subscription_error\"")) {
      confirmed.tryFail(text);
    }
  }

  /** The publish time stamped into the message ({@code "t":<nanos>}), read without parsing the JSON. */
  private static long sentNanos(String frame) {
    int at = frame.indexOf("\"t\":") + 4;
    int end = at;
    while (end < frame.length() && (Character.isDigit(frame.charAt(end)) || frame.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(frame, at, end, 10);
  }

  private void publishAndMeasure(Vertx vertx, WebSocketClient client, String host, int port, String path,
      Map<String, Object> report) throws Exception {
    WebSocket publisher = client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path)
        .setAllowOriginHeader(false)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    publisher.textMessageHandler(t -> { });
    String pad = "p".repeat(payload);
    AtomicLong published = new AtomicLong();
    long total = (long) (rate * duration);
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    double cpuAtStart = serverCpuSeconds();
    latencies.reset();
    // Publish on a timer in batches, so rates above 1000/s are possible with a 1 ms timer.
    long timer = vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (System.nanoTime() - start) / intervalNanos + 1);
      while (published.get() < due) {
        publisher.writeTextMessage(new JsonObject().put("type", "publish").put("channel", channel)
            .put("data", new JsonObject().put("t", System.nanoTime()).put("pad", pad)).encode());
        published.incrementAndGet();
      }
    });
    while (published.get() < total) {
      Thread.sleep(50);
    }
    vertx.cancelTimer(timer);
    double publishSeconds = (System.nanoTime() - start) / 1e9;
    long expected = total * connections;
    long drainDeadline = System.nanoTime() + 30_000_000_000L;
    while (received.get() < expected && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = serverCpuSeconds() - cpuAtStart;
    var h = latencies.getIntervalHistogram();
    report.put("published", total);
    report.put("publish_rate", total / publishSeconds);
    report.put("expected_deliveries", expected);
    report.put("received", received.get());
    report.put("delivered_per_second", received.get() / seconds);
    report.put("latency_ms_p50", h.getValueAtPercentile(50) / 1e6);
    report.put("latency_ms_p99", h.getValueAtPercentile(99) / 1e6);
    report.put("latency_ms_p999", h.getValueAtPercentile(99.9) / 1e6);
    report.put("latency_ms_max", h.getMaxValue() / 1e6);
    if (serverPid != null) {
      report.put("server_cpu_us_per_message", cpu * 1e6 / Math.max(1, received.get()));
    }
  }

  /** user + system CPU seconds of the server process, from /proc/<pid>/stat (NaN without --server-pid). */
  private double serverCpuSeconds() throws java.io.IOException {
    if (serverPid == null) {
      return Double.NaN;
    }
    double seconds = 0;
    for (long pid : serverPid) {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      seconds += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // clock ticks: USER_HZ is 100 on Linux
    }
    return seconds;
  }

  private void print(Map<String, Object> report) throws Exception {
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(report));
    } else {
      report.forEach((k, v) -> out.printf("%-22s %s%n", k, v instanceof Double d ? String.format("%.3f", d) : v));
    }
    out.flush();
  }
}
