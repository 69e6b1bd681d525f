package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mixed load for a long time against the real server in its own JVM (512 MB heap) on a real
 * PostgreSQL: publishes and subscribers, reconnects with recovery, queries that run, get cancelled
 * or abandoned, annealing jobs (some cancelled), and a few hostile clients (oversize and binary
 * frames, deep nesting, unauthenticated bodies, a reader that stops). Heap after a full GC and RSS
 * are sampled every minute; after the warm-up they must stay flat, and at the end no statement of
 * the server may still run in the database.
 *
 * <p>Not part of the build: {@code ./mvnw test -Dgroups=soak -DexcludedGroups= -Dtest=SoakTest
 * -Dnq.soak.minutes=30} (the default is 30 minutes; the samples are printed as they are taken).
 */
@Tag("soak")
class SoakTest {

  private static final int MINUTES = Integer.getInteger("nq.soak.minutes", 30);
  private static final int WARM_UP_MINUTES = Math.max(1, MINUTES / 6);

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong hostile = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  @Test
  void mixed_load_leaves_memory_flat_and_no_statement_running() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE sensor_readings (id BIGINT PRIMARY KEY, sensor_id INT NOT NULL, "
            + "recorded_at TIMESTAMP NOT NULL, temperature DOUBLE PRECISION NOT NULL, humidity DOUBLE PRECISION NOT NULL)");
        st.execute("INSERT INTO sensor_readings SELECT x, x % 100, TIMESTAMP '2025-01-01 00:00:00' + x * INTERVAL '1 second', "
            + "20 + ((x * 7919) % 1000) / 100.0, 40 + ((x * 104729) % 500) / 10.0 FROM generate_series(1::bigint, 200000) x");
        st.execute("ANALYZE sensor_readings");
      }
      JsonObject config = new JsonObject()
          .put("query", new JsonObject().put("backend", "postgres").put("credit_wait_ms", 5_000)
              .put("postgres", new JsonObject().put("host", "localhost").put("port", pg.getPort())
                  .put("database", "postgres").put("user", "postgres").put("password", "postgres")))
          .put("connections", new JsonObject().put("slow_consumer_timeout_ms", 3_000));
      try (ForkedServer server = ForkedServer.start(512, config)) {
        run(server, pg);
      }
    }
  }

  private void run(ForkedServer server, EmbeddedPostgres pg) throws Exception {
    Vertx vertx = Vertx.vertx();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<long[]> samples = new ArrayList<>();   // minute, heap after GC, RSS, RSS outside the committed heap
    try {
      pool.submit(() -> loop("fan-out", () -> fanOut(vertx, server)));
      pool.submit(() -> loop("reconnects", () -> reconnects(vertx, server)));
      pool.submit(() -> loop("queries", () -> queries(vertx, server, "q1")));
      pool.submit(() -> loop("queries", () -> queries(vertx, server, "q2")));
      pool.submit(() -> loop("jobs", () -> jobs(vertx, server)));
      pool.submit(() -> loop("hostile", () -> hostile(vertx, server)));
      pool.submit(() -> loop("stalled reader", () -> stalledReader(vertx, server)));

      long start = System.nanoTime();
      for (int minute = 1; minute <= MINUTES; minute++) {
        Thread.sleep(Math.max(0, start + TimeUnit.MINUTES.toNanos(minute) - System.nanoTime()) / 1_000_000);
        assertThat(server.alive()).as("server alive:\n" + server.output()).isTrue();
        long heap = heapAfterGc(server);
        long rss = rssKb(server) * 1024;
        long committed = server.heapCommittedBytes();
        long[] sample = {minute, heap, rss, rss - committed};
        samples.add(sample);
        System.out.printf("SOAK minute %d: heap after GC %d MB, RSS %d MB (heap committed %d MB, the rest %d MB); "
                + "published %d, delivered %d, queries %d, "
                + "jobs %d, reconnects %d, hostile %d, client-side failures %d%n", minute, sample[1] >> 20, sample[2] >> 20,
            committed >> 20, sample[3] >> 20,
            published.get(), delivered.get(), queries.get(), jobs.get(), reconnects.get(), hostile.get(), failures.get());
      }
    } finally {
      running.set(false);
      pool.shutdown();
      pool.awaitTermination(2, TimeUnit.MINUTES);
    }
    // no statement of the server's still running, once the last queries have had time to stop
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long left;
    do {
      Thread.sleep(500);
      left = activeStatements(pg);
    } while (left > 0 && System.nanoTime() < deadline);
    assertThat(left).as("statements of the server still active in pg_stat_activity").isZero();
    assertThat(server.health(Duration.ofSeconds(30))).isEqualTo(200);
    vertx.close().await();

    long[] warm = samples.get(WARM_UP_MINUTES - 1);
    long heapMax = samples.stream().skip(WARM_UP_MINUTES).mapToLong(s -> s[1]).max().orElse(warm[1]);
    long rssMax = samples.stream().skip(WARM_UP_MINUTES).mapToLong(s -> s[2]).max().orElse(warm[2]);
    long outsideHeapMax = samples.stream().skip(WARM_UP_MINUTES).mapToLong(s -> s[3]).max().orElse(warm[3]);
    System.out.printf("SOAK after warm-up (minute %d): heap after GC %d MB -> at most %d MB; RSS %d MB -> at most %d MB; "
            + "RSS outside the committed heap %d MB -> at most %d MB%n", WARM_UP_MINUTES, warm[1] >> 20, heapMax >> 20,
        warm[2] >> 20, rssMax >> 20, warm[3] >> 20, outsideHeapMax >> 20);
    // A single heap reading includes whatever is in flight at that moment (a query's batch, a job's
    // result: spikes of 40 MB come and go); a leak shows as a trend. So compare the median of the
    // first five readings after warm-up with the median of the last five.
    long early = median(samples.subList(WARM_UP_MINUTES, Math.min(samples.size(), WARM_UP_MINUTES + 5)), 1);
    long late = median(samples.subList(Math.max(WARM_UP_MINUTES, samples.size() - 5), samples.size()), 1);
    System.out.printf("SOAK heap after GC, median of 5 readings: %d MB after warm-up, %d MB at the end%n", early >> 20, late >> 20);
    assertThat(late - early).as("heap growth after warm-up (medians)").isLessThan(48L << 20);
    // The heap's committed size may grow towards -Xmx (G1 sizes it for throughput, not to the live
    // set): that is bounded by -Xmx. What must not grow is the memory outside it (direct buffers,
    // metaspace, threads, native allocations).
    assertThat(outsideHeapMax - warm[3]).as("RSS growth outside the heap after warm-up").isLessThan(128L << 20);
    assertThat(delivered.get()).isPositive();
    assertThat(queries.get()).isPositive();
    assertThat(jobs.get()).isPositive();
  }

  // ---- the load ------------------------------------------------------------------------------------

  private interface Round {
    void run() throws Exception;
  }

  /** Runs rounds until the soak ends; a round that fails is counted and the next one starts. */
  private void loop(String name, Round round) {
    while (running.get()) {
      try {
        round.run();
      } catch (Throwable e) {
        failures.incrementAndGet();
        if (failures.get() < 20) {
          System.out.println("SOAK " + name + " round failed: " + e);
        }
        sleep(500);
      }
    }
  }

  /** 100 subscribers on 10 channels for a minute, 50 publishes a second from two publishers. */
  private void fanOut(Vertx vertx, ForkedServer server) throws Exception {
    List<WsTestClient> subscribers = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        WsTestClient c = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("sub" + (i % 10)));
        c.socket().textMessageHandler(t -> {
          if (t.startsWith("{\"type\":\"message\"")) {
            delivered.incrementAndGet();
          }
        });
        c.send(new JsonObject().put("type", "subscribe").put("channel", "custom:soak" + (i % 10)));
        subscribers.add(c);
      }
      try (WsTestClient a = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("pub-a"));
          WsTestClient b = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("pub-b"))) {
        a.socket().textMessageHandler(t -> { });
        b.socket().textMessageHandler(t -> { });
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int i = 0;
        while (running.get() && System.nanoTime() < end) {
          WsTestClient p = (i & 1) == 0 ? a : b;
          p.send(new JsonObject().put("type", "publish").put("channel", "custom:soak" + (i % 10))
              .put("data", new JsonObject().put("i", i).put("pad", "x".repeat(200 + (i % 7) * 300))));
          published.incrementAndGet();
          i++;
          Thread.sleep(20);
        }
      }
    } finally {
      subscribers.forEach(WsTestClient::close);
    }
  }

  /** A client that drops its connection and comes back with since, every second or so. */
  private void reconnects(Vertx vertx, ForkedServer server) throws Exception {
    JsonObject position = null;
    for (int i = 0; i < 30 && running.get(); i++) {
      try (WsTestClient c = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor("roamer"))) {
        c.nextOfType("connected");
        JsonObject subscribe = new JsonObject().put("type", "subscribe").put("channel", "custom:soak3");
        if (position != null) {
          subscribe.put("since", position);
        }
        JsonObject confirmed = c.request(subscribe);
        position = new JsonObject().put("offset", confirmed.getLong("offset")).put("epoch", confirmed.getString("epoch"));
        reconnects.incrementAndGet();
        Thread.sleep(1_000);
      }
    }
  }

  private static final String[] SQL = {
      "SELECT * FROM sensor_readings",
      "SELECT sensor_id, AVG(temperature), MAX(humidity) FROM sensor_readings GROUP BY sensor_id",
      "SELECT * FROM sensor_readings WHERE sensor_id = 7",
      "SELECT count(*) FROM sensor_readings a, sensor_readings b",   // runs until cancelled or timed out
      "SELECT 1; SELECT 2",                                            // refused
      "SELEC nonsense",                                                // refused
  };

  /** Queries that complete, get cancelled mid-stream, time out, or are left behind by a disconnect. */
  private void queries(Vertx vertx, ForkedServer server, String user) throws Exception {
    Random random = new Random(user.hashCode() ^ System.nanoTime());
    try (WsTestClient c = WsTestClient.connect(vertx, server.port(), TestServer.tokenFor(user))) {
      c.nextOfType("connected");
      for (int i = 0; i < 10 && running.get(); i++) {
        String sql = SQL[random.nextInt(SQL.length)];
        c.send(new JsonObject().put("type", "execute_query").put("query", sql).put("request_id", "q" + i)
            .put("options", new JsonObject().put("timeout_ms", 4_000)));
        queries.incrementAndGet();
        int action = random.nextInt(4);   // 0 read to the end, 1 cancel, 2 leave it to its timeout, 3 disconnect
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String queryId = null;
        while (System.nanoTime() < end) {
          JsonObject f = c.poll(Duration.ofSeconds(1));
          if (f == null) {
            continue;
          }
          String type = f.getString("type");
          if ("query_started".equals(type)) {
            queryId = f.getString("query_id");
            if (action == 1) {
              c.send(new JsonObject().put("type", "cancel_query").put("query_id", queryId));
            } else if (action == 3) {
              return;   // the connection closes with the query running
            }
          }
          if ("query_completed".equals(type) || "query_error".equals(type)) {
            break;
          }
        }
      }
    }
  }

  /** A small Max-Cut job every few seconds, every third one cancelled while it runs. */
  private void jobs(Vertx vertx, ForkedServer server) throws Exception {
    WebClient web = WebClient.create(vertx);
    try {
      Random random = new Random(jobs.get());
      StringBuilder gset = new StringBuilder("60 200\n");
      for (int e = 0; e < 200; e++) {
        int u = 1 + random.nextInt(60);
        int v = 1 + (u + random.nextInt(58)) % 60;
        gset.append(u).append(' ').append(v == u ? (u % 60) + 1 : v).append(" 1\n");
      }
      JsonObject body = new JsonObject().put("problem", new JsonObject().put("type", "maxcut").put("format", "gset")
          .put("data", gset.toString())).put("solver", new JsonObject().put("type", "sa").put("sweeps", 20_000).put("reads", 8));
      String token = TestServer.tokenFor("annealer");
      var accepted = web.post(server.port(), "127.0.0.1", "/api/v1/anneal/jobs").bearerTokenAuthentication(token)
          .sendJsonObject(body).await();
      if (accepted.statusCode() == 202) {
        jobs.incrementAndGet();
        String id = accepted.bodyAsJsonObject().getString("job_id");
        Thread.sleep(200);
        if (jobs.get() % 3 == 0) {
          web.delete(server.port(), "127.0.0.1", "/api/v1/anneal/jobs/" + id).bearerTokenAuthentication(token).send().await();
        }
      }
      Thread.sleep(3_000);
    } finally {
      web.close();
    }
  }

  /** Oversize, binary and deeply nested frames, and bodies without credentials. */
  private void hostile(Vertx vertx, ForkedServer server) throws Exception {
    try (RawWebSocket ws = connected(vertx, server, "mallory")) {
      ws.sendFrame(0x1, true, new byte[200_000]);
      ws.awaitCloseCode();
    }
    try (RawWebSocket ws = connected(vertx, server, "mallory")) {
      for (int i = 0; i < 500 && ws.closeCode() == null; i++) {
        ws.sendFrame(0x2, true, new byte[] {1, 2, 3});
      }
      ws.sendText("{\"type\":\"publish\",\"channel\":\"custom:x\",\"data\":" + "[".repeat(500) + "]".repeat(500) + "}");
      ws.sendText("{\"type\":\"publish\",\"channel\":\"custom:x\",\"data\":1e99999}");
      Thread.sleep(500);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 3; i++) {
      try {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/anneal/jobs"))
            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8 << 20])).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException refusedUnread) {
        // the server answers 401 and closes without reading the body
      }
    }
    hostile.incrementAndGet();
    Thread.sleep(2_000);
  }

  /** A raw WebSocket past its handshake (a client may send frames only once the server has answered). */
  private static RawWebSocket connected(Vertx vertx, ForkedServer server, String user) {
    RawWebSocket ws = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + TestServer.tokenFor(user));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ws.texts().stream().noneMatch(t -> t.contains("\"connected\"")) && System.nanoTime() < deadline) {
      sleep(10);
    }
    return ws;
  }

  /** Subscribes to a busy channel and stops reading: the server must close it as a slow consumer. */
  private void stalledReader(Vertx vertx, ForkedServer server) throws Exception {
    try (RawWebSocket ws = connected(vertx, server, "sleeper")) {
      ws.sendText("{\"type\":\"subscribe\",\"channel\":\"custom:soak1\"}");
      Thread.sleep(500);
      ws.pause();
      long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (running.get() && System.nanoTime() < end) {
        Thread.sleep(500);
      }
    }
  }

  // ---- measurements --------------------------------------------------------------------------------

  private static long median(List<long[]> samples, int column) {
    long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
    return values[values.length / 2];
  }

  private static long heapAfterGc(ForkedServer server) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(60, TimeUnit.SECONDS);
    return server.heapUsedBytes();
  }

  private static long rssKb(ForkedServer server) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long activeStatements(EmbeddedPostgres pg) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'neuroquantum-query'"
            + " AND state <> 'idle'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
