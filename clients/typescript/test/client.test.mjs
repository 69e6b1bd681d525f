import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { NeuroQuantumError, NeuroQuantumWSClient } from "../dist/index.js";
import { freePort, jwt, startProxy, startServer, waitFor } from "./harness.mjs";

const fast = { initialDelayMs: 50, maxDelayMs: 500 };

describe("against a running server", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  test("subscribe and receive, with typed events", async () => {
    const alice = new NeuroQuantumWSClient(server.url, { authToken: jwt("alice") });
    const bob = new NeuroQuantumWSClient(server.url, { authToken: jwt("bob") });
    const received = [];
    const events = [];
    alice.on("message", (m) => events.push(m.offset));
    const confirmed = await alice.subscribe("custom:room", { onMessage: (data) => received.push(data) });
    assert.equal(confirmed.channel, "custom:room");
    const published = await bob.publish("custom:room", { text: "hello" });
    assert.equal(published.offset, 1);
    await waitFor(() => received.length === 1, 5000, "the message");
    assert.deepEqual(received, [{ text: "hello" }]);
    assert.deepEqual(events, [1]);
    assert.ok((await alice.ping()) >= 0);
    await alice.unsubscribe("custom:room");
    await bob.publish("custom:room", "after");
    await sleep(200);
    assert.equal(received.length, 1);
    alice.close();
    bob.close();
    assert.equal(alice.state, "closed");
  });

  test("a publish retried with its idempotency key gets the first offset and is delivered once", async () => {
    const reader = new NeuroQuantumWSClient(server.url, { authToken: jwt("reader") });
    const writer = new NeuroQuantumWSClient(server.url, { authToken: jwt("writer") });
    const received = [];
    await reader.subscribe("custom:orders", { onMessage: (data) => received.push(data) });
    const first = await writer.publish("custom:orders", { order: 1 }, { idempotencyKey: "order-1" });
    assert.equal(first.offset, 1);
    assert.equal(first.duplicate, undefined);
    const retry = await writer.publish("custom:orders", { order: 1 }, { idempotencyKey: "order-1" });
    assert.deepEqual([retry.offset, retry.epoch, retry.duplicate], [1, first.epoch, true]);
    assert.equal((await writer.publish("custom:orders", { order: 2 })).offset, 2);
    await waitFor(() => received.length === 2, 5000, "two messages");
    assert.deepEqual(received, [{ order: 1 }, { order: 2 }]);
    reader.close();
    writer.close();
  });

  for (const format of ["lines", "array"]) {
    test(`batching as ${format}: several messages a frame, each delivered once and in order`, async () => {
      const reader = new NeuroQuantumWSClient(server.url, {
        authToken: jwt("batcher"),
        batching: { format, maxDelayMs: 30 },
      });
      const writer = new NeuroQuantumWSClient(server.url, { authToken: jwt("writer") });
      const frames = [];
      const received = [];
      await reader.subscribe(`custom:batch-${format}`, { onMessage: (data, m) => received.push([m.offset, data]) });
      const raw = reader.ws;   // count the frames that carried them
      const onmessage = raw.onmessage;
      raw.onmessage = (ev) => {
        frames.push(String(ev.data));
        onmessage(ev);
      };
      await Promise.all(Array.from({ length: 60 }, (_, i) => writer.publish(`custom:batch-${format}`, { i })));
      await waitFor(() => received.length === 60, 10000, "60 messages");
      assert.deepEqual(received.map(([offset]) => offset), Array.from({ length: 60 }, (_, i) => i + 1));
      assert.deepEqual(received.map(([, data]) => data.i).sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i));
      assert.ok(frames.length < 60, `${frames.length} frames for 60 messages`);
      assert.ok(frames.some((f) => (format === "array" ? f.startsWith("[") : f.includes("\n"))), "a batched frame");
      assert.ok((await reader.ping()) >= 0, "requests still get their replies");
      reader.close();
      writer.close();
    });
  }

  test("the original API: subscribe('query_results', { query_id }) and on('query_row')", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("legacy") });
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/query/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${jwt("legacy")}` },
      body: JSON.stringify({ sql: "SELECT id FROM sensor_readings WHERE id <= 5 ORDER BY id", options: { batch_size: 1 } }),
    });
    const { query_id } = await res.json();
    const rows = [];
    let total;
    client.on("query_row", (data) => rows.push(data.row));
    client.on("query_completed", (data) => (total = data.total_rows));
    await client.subscribe("query_results", { query_id });
    await waitFor(() => total !== undefined, 10_000, "query_completed");
    assert.equal(total, 5);
    assert.deepEqual(rows, [[1], [2], [3], [4], [5]]);
    client.close();
  });

  test("a large result through the async iterator, with a slow consumer and backpressure", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("reader") });
    const stream = client.executeQuery("SELECT id, temperature FROM sensor_readings ORDER BY id", {
      batch_size: 1000, highWaterMark: 5000,
    });
    let expected = 1;
    for await (const row of stream) {
      assert.equal(row[0], expected++);
      if (expected % 20_000 === 0) {
        await sleep(150);   // a slow consumer: the stream must pause rather than pile up
      }
    }
    assert.equal(expected - 1, 200_000);
    assert.equal(stream.totalRows, 200_000);
    assert.deepEqual(stream.columns, ["id", "temperature"]);
    assert.ok(stream.backpressure.pauses > 0, "the server was asked to pause");
    assert.ok(stream.backpressure.maxBuffered < 5000 + 1000 * 600, "the client buffer stayed bounded by the credit window");
    client.close();
  });

  test("format cbor: binary frames decode to the same rows as JSON, through backpressure", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("binary-reader") });
    let binaryFrames = 0;
    client.on("query_batch", () => binaryFrames++);
    const sql = "SELECT * FROM sensor_readings WHERE id <= 20000 ORDER BY id";
    const json = [];
    for await (const row of client.executeQuery(sql, { batch_size: 500 })) {
      json.push(row);
    }
    const jsonFrames = binaryFrames;
    const stream = client.executeQuery(sql, { batch_size: 500, format: "cbor", highWaterMark: 2000 });
    const cbor = [];
    for await (const row of stream) {
      cbor.push(row);
      if (cbor.length % 5000 === 0) {
        await sleep(100);   // a slow consumer: the binary stream pauses too
      }
    }
    assert.equal(cbor.length, 20_000);
    assert.equal(stream.totalRows, 20_000);
    assert.deepEqual(stream.columns, ["id", "sensor_id", "recorded_at", "temperature", "humidity"]);
    assert.deepEqual(cbor, json);   // numbers, ISO timestamps and nulls alike
    assert.equal(typeof cbor[0][2], "string");
    assert.ok(binaryFrames - jsonFrames >= 40, "the rows came as query_batch frames");
    assert.ok(stream.backpressure.pauses > 0, "the server was asked to pause");
    await assert.rejects(async () => {
      for await (const _ of client.executeQuery("SELECT 1", { format: "msgpack" })) {
        /* nothing */
      }
    }, (e) => e.code === "invalid_options");
    client.close();
  });

  test("cancel stops the query; breaking out of the loop cancels too", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("canceller") });
    const stream = client.executeQuery("SELECT id FROM sensor_readings ORDER BY id", { batch_size: 100 });
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of stream) {
        if (++seen === 250) {
          await stream.cancel();
        }
      }
    }, (e) => e instanceof NeuroQuantumError && e.code === "cancelled");
    const second = client.executeQuery("SELECT id FROM sensor_readings ORDER BY id", { batch_size: 100 });
    for await (const _ of second) {
      break;   // return() cancels the query on the server
    }
    client.close();
  });

  test("query errors reject the iterator with the database's code", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("typo") });
    await assert.rejects(async () => {
      for await (const _ of client.executeQuery("SELEC 1")) {
        /* nothing */
      }
    }, (e) => e.code === "syntax_error");
    await assert.rejects(async () => {
      for await (const _ of client.executeQuery("DELETE FROM sensor_readings")) {
        /* nothing */
      }
    }, (e) => e.code === "read_only" || e.code === "not_a_query");
    client.close();
  });

  test("recovery after the connection drops: exactly the missed messages, in order", async () => {
    const proxy = await startProxy(server.port);
    const client = new NeuroQuantumWSClient(proxy.url, { authToken: jwt("mobile"), reconnect: fast });
    const publisher = new NeuroQuantumWSClient(server.url, { authToken: jwt("station") });
    const got = [];
    const failures = [];
    const confirmations = [];
    client.on("recovery_failed", (e) => failures.push(e.channel));
    client.on("subscription_confirmed", (e) => confirmations.push(e.recovered));
    await client.subscribe("custom:recover", { onMessage: (d) => got.push(d.seq) });
    await publisher.publish("custom:recover", { seq: 1 });
    await waitFor(() => got.length === 1, 5000, "the first message");
    proxy.goDown();
    await waitFor(() => client.state === "reconnecting", 5000, "reconnecting");
    for (let i = 2; i <= 21; i++) {
      await publisher.publish("custom:recover", { seq: i });
    }
    assert.equal(got.length, 1, "nothing arrives while the network is down");
    proxy.allow();
    await waitFor(() => got.length === 21, 10_000, "the missed messages");
    assert.deepEqual(got, Array.from({ length: 21 }, (_, i) => i + 1));
    assert.deepEqual(failures, []);
    assert.equal(confirmations.at(-1), true, "the resubscription recovered from history");
    await publisher.publish("custom:recover", { seq: 22 });
    await waitFor(() => got.length === 22, 5000, "a live message");
    client.close();
    publisher.close();
    await proxy.close();
  });

  test("several URLs: one that refuses goes to the back and the client connects to the next", async () => {
    const nobody = `ws://127.0.0.1:${await freePort()}/ws`;   // nothing listens there
    const client = new NeuroQuantumWSClient([nobody, server.url], { authToken: jwt("roaming"), reconnect: fast });
    const moves = [];
    client.on("reconnecting", (e) => moves.push(e.url));
    await client.connect();
    assert.equal(client.url, server.url);
    assert.deepEqual(client.urls, [server.url, nobody]);
    assert.deepEqual(moves, [server.url]);
    await client.subscribe("custom:roaming");
    assert.ok((await client.ping()) >= 0);
    client.close();
    assert.throws(() => new NeuroQuantumWSClient([]), (e) => e instanceof NeuroQuantumError && e.code === "invalid_url");
  });

  test("a resubscription cut off by another failure keeps the subscription for the next connection", async () => {
    const proxy = await startProxy(server.port);
    let cutResubscriptions = 1;
    const factory = (url) => {
      const ws = new WebSocket(url);
      const send = ws.send.bind(ws);
      ws.send = (data) => {
        if (cutResubscriptions > 0 && data.includes('"since"')) {
          cutResubscriptions--;
          ws.terminate();   // the connection breaks while the resubscription waits for its reply
          return;
        }
        send(data);
      };
      return ws;
    };
    const client = new NeuroQuantumWSClient(proxy.url, { authToken: jwt("unlucky"), reconnect: fast, webSocketFactory: factory });
    const publisher = new NeuroQuantumWSClient(server.url, { authToken: jwt("steady") });
    const states = [];
    const confirmations = [];
    const got = [];
    client.on("subscription_state", (e) => states.push(e.state));
    client.on("subscription_confirmed", (e) => confirmations.push(e.recovered));
    await client.subscribe("custom:unlucky", { onMessage: (d) => got.push(d) });
    await publisher.publish("custom:unlucky", 1);
    await waitFor(() => got.length === 1, 5000, "the first message");
    proxy.drop();
    await waitFor(() => cutResubscriptions === 0, 10_000, "the first resubscription, cut off");
    await publisher.publish("custom:unlucky", 2);
    await waitFor(() => confirmations.length === 2, 10_000, "the second resubscription");
    await publisher.publish("custom:unlucky", 3);
    await waitFor(() => got.length === 3, 10_000, "the messages after it");
    assert.deepEqual(got, [1, 2, 3]);
    assert.deepEqual(confirmations, [undefined, true]);
    assert.ok(!states.includes("failed"), `subscription states: ${states}`);
    client.close();
    publisher.close();
    await proxy.close();
  });

  test("a silently dead connection is noticed by the heartbeat and replaced", async () => {
    const proxy = await startProxy(server.port);
    const client = new NeuroQuantumWSClient(proxy.url, {
      authToken: jwt("tunnel"), reconnect: fast, heartbeatIntervalMs: 100, deadConnectionTimeoutMs: 600,
    });
    const publisher = new NeuroQuantumWSClient(server.url, { authToken: jwt("sender") });
    const reasons = [];
    client.on("reconnecting", (e) => reasons.push(e.reason));
    const got = [];
    await client.subscribe("custom:tunnel", { onMessage: (d) => got.push(d) });
    proxy.freeze();   // nothing flows any more, and no close arrives
    await publisher.publish("custom:tunnel", "while frozen");
    await waitFor(() => reasons.includes("no heartbeat"), 5000, "the dead-connection timeout");
    await waitFor(() => got.includes("while frozen"), 5000, "recovery of the message sent while frozen");
    assert.equal(client.state, "connected");
    client.close();
    publisher.close();
    await proxy.close();
  });

  test("the README's Node walk-through (examples/first-steps.mjs) runs", async () => {
    const stdout = await new Promise((resolve, reject) => {
      execFile(process.execPath, [new URL("../examples/first-steps.mjs", import.meta.url).pathname], {
        env: { ...process.env, NQ_URL: server.url, NQ_TOKEN: jwt("newcomer") }, timeout: 30_000,
      }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
    });
    assert.match(stdout, /message #1: \{"text":"hello from Node"\}/);
    assert.match(stdout, /sensor 1: -?\d+\.\d\d °C/);
    assert.match(stdout, /100 rows, columns sensor_id, avg_temp/);
  });

  test("an auth failure is reported and not retried forever", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("mallory", { secret: "wrong-secret-wrong-secret-wrong" }) });
    const errors = [];
    client.on("auth_error", (e) => errors.push(e));
    await assert.rejects(client.connect(), (e) => e instanceof NeuroQuantumError && e.code === "unauthorized");
    assert.equal(errors.length, 1);
    assert.equal(errors[0].status, 401);
    assert.equal(client.state, "closed");
  });

  test("a token callback is asked again on every connect", async () => {
    let calls = 0;
    const proxy = await startProxy(server.port);
    const client = new NeuroQuantumWSClient(proxy.url, { getToken: async () => { calls++; return jwt("refreshing"); }, reconnect: fast });
    await client.connect();
    proxy.drop();
    await waitFor(() => calls >= 2 && client.state === "connected", 10_000, "a reconnect with a fresh token");
    client.close();
    await proxy.close();
  });
});

describe("with a short history", () => {
  test("a recovery that cannot be complete is reported", async () => {
    const server = await startServer({
      channels: { namespaces: { custom: { subscribe: ["*"], publish: ["*"], history_size: 5 } } },
    });
    const proxy = await startProxy(server.port);
    const client = new NeuroQuantumWSClient(proxy.url, { authToken: jwt("late"), reconnect: fast });
    const publisher = new NeuroQuantumWSClient(server.url, { authToken: jwt("fast") });
    const failures = [];
    client.on("recovery_failed", (e) => failures.push(e.channel));
    await client.subscribe("custom:lossy");
    proxy.goDown();
    for (let i = 0; i < 20; i++) {
      await publisher.publish("custom:lossy", i);
    }
    proxy.allow();
    await waitFor(() => failures.length === 1, 10_000, "recovery_failed");
    assert.deepEqual(failures, ["custom:lossy"]);
    client.close();
    publisher.close();
    await proxy.close();
    await server.stop();
  });
});

describe("across a server restart", () => {
  test("the client reconnects and restores its subscriptions", async () => {
    const server = await startServer();
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("patient"), reconnect: fast });
    const states = [];
    client.on("state", (e) => states.push(e.state));
    const got = [];
    const failures = [];
    client.on("recovery_failed", (e) => failures.push(e.channel));
    await client.subscribe("custom:restart", { onMessage: (d) => got.push(d) });
    await server.stop();   // SIGTERM: clients are told to reconnect (4503)
    await waitFor(() => client.state === "reconnecting", 5000, "reconnecting");
    await server.start();
    await waitFor(() => client.state === "connected", 20_000, "reconnected");
    // a new process has a new epoch: the history is gone, and the client says so
    await waitFor(() => failures.length === 1, 5000, "recovery_failed after the restart");
    const publisher = new NeuroQuantumWSClient(server.url, { authToken: jwt("after") });
    await publisher.publish("custom:restart", "back");
    await waitFor(() => got.includes("back"), 5000, "a message after the restart");
    assert.ok(states.includes("reconnecting"));
    client.close();
    publisher.close();
    await server.stop();
  });
});

