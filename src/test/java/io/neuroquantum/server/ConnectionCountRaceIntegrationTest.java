package io.neuroquantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Per-user connection and subscription counts stay exact when one user's connections open and close
 * at the same time on several gateway event loops, including handshakes abandoned mid-way and
 * connections dropped without a close frame. Checked from the outside afterwards: the user can hold
 * exactly {@code max_per_user} connections and {@code max_subscriptions_per_user} subscriptions again,
 * no more and no fewer.
 */
class ConnectionCountRaceIntegrationTest {

  static final int LIMIT = 6;
  static final int SUBSCRIPTION_LIMIT = 8;
  static final int THREADS = 6;
  static final int ROUNDS = 150;

  @Test
  void counts_stay_exact_under_concurrent_connect_and_close_on_several_event_loops() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (TestServer server = TestServer.start(new JsonObject()
        .put("http", new JsonObject().put("instances", 4))
        .put("connections", new JsonObject().put("max_per_user", LIMIT)
            .put("max_subscriptions_per_user", SUBSCRIPTION_LIMIT)))) {
      String token = server.token("racer");
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < ROUNDS; i++) {
            try {
              switch (random.nextInt(4)) {
                case 0 -> {
                  // a handshake abandoned while the server authenticates it
                  RawWebSocket raw = RawWebSocket.connect(vertx, server.port(), "/ws?token=" + token);
                  raw.close();
                }
                case 1 -> {
                  // connect, subscribe, then drop the TCP connection without a close frame
                  WsTestClient c = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + token, null).await();
                  c.send(new JsonObject().put("type", "subscribe").put("channel", "custom:race-" + random.nextInt(4)));
                  accepted.incrementAndGet();
                  c.socket().close((short) 1000).await();
                  c.close();
                }
                default -> {
                  WsTestClient c = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + token, null).await();
                  accepted.incrementAndGet();
                  c.send(new JsonObject().put("type", "subscribe").put("channel", "custom:race-" + random.nextInt(4)));
                  c.close();
                }
              }
            } catch (UpgradeRejectedException e) {
              if (e.getStatus() != 429) {
                unexpected.add(e);
              }
              refused.incrementAndGet();
            } catch (Throwable e) {
              unexpected.add(e);
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> w : workers) {
        w.get(5, TimeUnit.MINUTES);
      }
      assertThat(unexpected).as("only 429 refusals are expected").isEmpty();
      assertThat(accepted.get()).as("the stress opened connections").isGreaterThan(THREADS * ROUNDS / 4);

      // every connection is gone once the server has seen all the closes
      long deadline = System.nanoTime() + WsTestClient.TIMEOUT.toNanos();
      while (server.server().metrics().connections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(server.server().metrics().connections()).isZero();

      for (int round = 0; round < 2; round++) {
        List<WsTestClient> held = new ArrayList<>();
        try {
          for (int i = 0; i < LIMIT; i++) {
            WsTestClient c = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + token, null).await();
            held.add(c);
            c.nextOfType("connected");
          }
          Throwable over = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + token, null)
              .transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)).await();
          assertThat(over).as("connection %d of %d is refused", LIMIT + 1, LIMIT)
              .isInstanceOf(UpgradeRejectedException.class);
          assertThat(((UpgradeRejectedException) over).getStatus()).isEqualTo(429);
          // the subscriptions of the stress were all released: exactly the per-user limit fits again
          WsTestClient first = held.get(0);
          for (int i = 0; i < SUBSCRIPTION_LIMIT; i++) {
            first.subscribe("custom:after-" + round + "-" + i);
          }
          JsonObject tooMany = first.request(new JsonObject().put("type", "subscribe").put("channel", "custom:one-more"));
          assertThat(tooMany.getJsonObject("error").getString("code")).isEqualTo("too_many_subscriptions");
        } finally {
          held.forEach(WsTestClient::close);
        }
        deadline = System.nanoTime() + WsTestClient.TIMEOUT.toNanos();
        while (server.server().metrics().connections() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(server.server().metrics().connections()).isZero();
      }
    } finally {
      pool.shutdownNow();
      vertx.close().await();
    }
  }

  /**
   * The same for connections: a user allowed one connection connects and closes from several threads
   * onto several event loops. A {@code connected} frame arriving and the close being sent lie inside
   * the span the server counts that connection, so two such spans overlapping proves two were allowed.
   */
  @Test
  void the_per_user_connection_limit_holds_while_connections_on_other_event_loops_close() throws Exception {
    int threads = 4;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (TestServer server = TestServer.start(new JsonObject()
        .put("http", new JsonObject().put("instances", 2))
        .put("connections", new JsonObject().put("max_per_user", 1)))) {
      String token = server.token("single");
      AtomicInteger held = new AtomicInteger();
      AtomicInteger mostHeld = new AtomicInteger();
      AtomicInteger connected = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          while (System.nanoTime() < until && mostHeld.get() <= 1) {
            WsTestClient c;
            try {
              c = WsTestClient.connectAsync(vertx, server.port(), "/ws?token=" + token, null).await();
            } catch (UpgradeRejectedException e) {
              if (e.getStatus() != 429) {
                unexpected.add(e);
              }
              continue;
            }
            try (c) {
              c.nextOfType("connected");
              connected.incrementAndGet();
              mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
              LockSupport.parkNanos(200_000);
              mostHeld.accumulateAndGet(held.get(), Math::max);
              held.decrementAndGet();
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> w : workers) {
        w.get(5, TimeUnit.MINUTES);
      }
      assertThat(unexpected).isEmpty();
      assertThat(mostHeld.get()).as("connections held at once by a user allowed one (%d accepted)", connected.get())
          .isEqualTo(1);
      assertThat(connected.get()).as("connections were accepted").isGreaterThan(10);
    } finally {
      pool.shutdownNow();
      vertx.close().await();
    }
  }

  /**
   * One user's connections on two event loops subscribe and unsubscribe as fast as they can while
   * the user may hold one subscription at a time; each sends its subscribes in bursts, so that many
   * attempts meet the moments another loop releases. The span from a {@code subscription_confirmed}
   * arriving to the {@code unsubscribe} being sent lies inside the span the server counts that
   * subscription, so two such spans overlapping on the client proves the server let the user hold
   * two at once.
   */
  @Test
  void the_per_user_subscription_limit_holds_while_connections_on_other_event_loops_release() throws Exception {
    int connections = 4;
    int burst = 16;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try (TestServer server = TestServer.start(new JsonObject()
        .put("http", new JsonObject().put("instances", 2))
        .put("connections", new JsonObject().put("max_subscriptions_per_user", 1)
            .put("rate_limit_per_second", 1_000_000).put("rate_limit_burst", 1_000_000)))) {
      String token = server.token("juggler");
      AtomicInteger held = new AtomicInteger();
      AtomicInteger mostHeld = new AtomicInteger();
      AtomicInteger confirmed = new AtomicInteger();
      AtomicInteger attempts = new AtomicInteger();
      long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < connections; t++) {
        String prefix = "custom:juggle-" + t + "-";
        WsTestClient c = WsTestClient.connect(vertx, server.port(), token);
        c.nextOfType("connected");
        workers.add(pool.submit(() -> {
          try (c) {
            while (System.nanoTime() < until && mostHeld.get() <= 1) {
              for (int i = 0; i < burst; i++) {
                c.send(new JsonObject().put("type", "subscribe").put("channel", prefix + i).put("request_id", "s" + i));
              }
              attempts.addAndGet(burst);
              List<String> mine = new ArrayList<>();
              for (int i = 0; i < burst; i++) {
                JsonObject reply = c.next();
                if ("subscription_confirmed".equals(reply.getString("type"))) {
                  confirmed.incrementAndGet();
                  mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                  mine.add(reply.getString("channel"));
                } else {
                  assertThat(reply.getJsonObject("error").getString("code")).as(reply.encode())
                      .isEqualTo("too_many_subscriptions");
                }
              }
              if (mine.isEmpty()) {
                continue;
              }
              LockSupport.parkNanos(200_000);   // hold them a moment, so overlaps show
              mostHeld.accumulateAndGet(held.get(), Math::max);
              for (String channel : mine) {
                held.decrementAndGet();
                c.send(new JsonObject().put("type", "unsubscribe").put("channel", channel).put("request_id", "u"));
              }
              for (int i = 0; i < mine.size(); i++) {
                assertThat(c.next().getString("type")).isEqualTo("unsubscribed");
              }
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> w : workers) {
        w.get(5, TimeUnit.MINUTES);
      }
      assertThat(mostHeld.get()).as("subscriptions held at once by a user allowed one (%d attempts, %d confirmed)",
          attempts.get(), confirmed.get()).isEqualTo(1);
      assertThat(confirmed.get()).as("subscriptions were confirmed").isGreaterThan(20);
    } finally {
      pool.shutdownNow();
      vertx.close().await();
    }
  }
}
