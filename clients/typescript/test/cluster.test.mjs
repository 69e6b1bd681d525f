// Failover across the nodes of a real cluster: two server JVMs joined by Hazelcast on loopback, a
// client given both URLs, its node killed (kill -9) or drained (SIGTERM, close 4503) while messages
// are published on the other node. The client must move to the surviving node and its subscription
// must go on with every message of the channel exactly once, in offset order.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { NeuroQuantumWSClient } from "../dist/index.js";
import { jwt, startCluster, waitFor } from "./harness.mjs";

const fast = { initialDelayMs: 50, maxDelayMs: 1000 };
// Generous: two JVMs and their Hazelcast members share the machine with whatever else runs on it.
const PATIENCE_MS = 90_000;

const settings = {
  // the publisher sends as fast as its replies come back: no rate limit in the way
  connections: { rate_limit_per_second: 10_000, rate_limit_burst: 10_000 },
  channels: {
    namespaces: {
      // a history long enough for everything this test publishes: nothing may be lost to trimming
      custom: { subscribe: ["*"], publish: ["*"], history_size: 100_000, policy: "pause" },
    },
  },
};

/** Publishes `{ i }` to `channel` one after another until stop(); remembers the offset each got. */
function keepPublishing(publisher, channel) {
  const stored = new Map();   // offset -> i, for the publishes the server confirmed
  const refused = [];         // codes of those it did not (a node leaving: "may or may not be stored")
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      try {
        const { offset } = await publisher.publish(channel, { i });
        stored.set(offset, i);
      } catch (e) {
        refused.push(e.code);
        await sleep(50);
      }
      await sleep(5);
    }
  })();
  return {
    stored,
    refused,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** A subscriber's view of the channel: each message's offset and data, every confirmation. */
function follow(client) {
  const view = { messages: [], confirmations: [], recoveryFailures: [], reconnects: [] };
  client.on("subscription_confirmed", (e) => view.confirmations.push(e));
  client.on("recovery_failed", (e) => view.recoveryFailures.push(e.channel));
  client.on("reconnecting", (e) => view.reconnects.push(e));
  view.onMessage = (data, m) => view.messages.push({ offset: m.offset, epoch: m.epoch, i: data.i });
  view.offsets = () => view.messages.map((m) => m.offset);
  return view;
}

/** Where `offsets` differ from 1…top, as "after -> next" (an empty list: none missing, none twice). */
function breaks(offsets, top) {
  const out = [];
  let expected = 1;
  for (const o of offsets) {
    if (o !== expected) {
      out.push(`${expected - 1} -> ${o}`);
    }
    expected = o + 1;
  }
  if (expected !== top + 1) {
    out.push(`ends at ${expected - 1}, not ${top}`);
  }
  return out;
}

/**
 * A client given the URLs of `lost` and `survivor` (in that order) subscribes to `channel` through
 * `lost`, a publisher on `survivor` publishes without pause, and `takeDown` ends `lost`. The client
 * must move to `survivor` (after a close with `expectCode`, when given) and hold offsets 1…top of the
 * channel once each, in one epoch, with the data each acknowledged publish carried, and no word of a
 * failed recovery.
 */
async function failover(t, { channel, lost, survivor, takeDown, expectCode }) {
  const options = { reconnect: fast, requestTimeoutMs: 60_000 };
  const client = new NeuroQuantumWSClient([lost.url, survivor.url], { ...options, authToken: jwt("roamer") });
  const publisher = new NeuroQuantumWSClient(survivor.url, { ...options, authToken: jwt("station") });
  const view = follow(client);
  try {
    await client.subscribe(channel, { onMessage: view.onMessage });
    assert.equal(client.url, lost.url, "the first URL of the list is used first");
    const feed = keepPublishing(publisher, channel);
    try {
      await waitFor(() => view.messages.length >= 50, PATIENCE_MS, "messages published on the other node");
      const before = view.messages.length;
      await takeDown();
      await waitFor(() => client.state === "connected" && client.url === survivor.url, PATIENCE_MS,
        "the client connected to the surviving node");
      // the subscription runs on there: live messages keep coming after the ones recovered
      await waitFor(() => view.messages.length >= before + 100, PATIENCE_MS, "messages after the move");
    } finally {
      await feed.stop();
    }
    const last = await publisher.publish(channel, { i: "last" });
    await waitFor(() => (view.offsets().at(-1) ?? 0) >= last.offset, PATIENCE_MS, `offset ${last.offset}`);
    t.diagnostic(`${last.offset} messages, ${feed.refused.length} publishes refused while the node went`
      + ` (${[...new Set(feed.refused)].join(", ")}), reconnects: ${JSON.stringify(view.reconnects.map((r) => `${r.code} ${r.reason ?? ""}`))}`);

    assert.deepEqual(breaks(view.offsets(), last.offset), [],
      `offsets 1…top, none missing, none twice (epochs seen: ${[...new Set(view.messages.map((m) => m.epoch))]},`
      + ` confirmations: ${JSON.stringify(view.confirmations.map((c) => [c.offset, c.epoch, c.recovered]))})`);
    assert.equal(new Set(view.messages.map((m) => m.epoch)).size, 1, "one epoch: the history survived the node");
    const byOffset = new Map(view.messages.map((m) => [m.offset, m.i]));
    for (const [offset, i] of feed.stored) {
      assert.equal(byOffset.get(offset), i, `the data published as offset ${offset}`);
    }
    assert.deepEqual(view.recoveryFailures, [], "no recovery_failed: the backup copy kept the history");
    assert.equal(view.confirmations.at(-1).recovered, true, "the resubscription recovered from history");
    const move = view.reconnects.find((r) => r.url === survivor.url);
    assert.ok(move, `a reconnect to ${survivor.url}: ${JSON.stringify(view.reconnects)}`);
    if (expectCode !== undefined) {
      assert.equal(move.code, expectCode, `the close that moved it: ${JSON.stringify(move)}`);
    }
    assert.deepEqual(client.urls, [survivor.url, lost.url], "the node that failed went to the back");
  } finally {
    client.close();
    publisher.close();
  }
}

describe("a cluster of two nodes", () => {
  let a;
  let b;
  before(async () => {
    [a, b] = await startCluster(2, settings);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  test("kill -9 of the client's node: it moves to the other node and recovers every message",
    { timeout: 5 * PATIENCE_MS }, async (t) => {
      await failover(t, { channel: "custom:failover-kill", lost: a, survivor: b, takeDown: () => a.kill() });
    });

  test("the killed node comes back, the other drains (SIGTERM, 4503): the client moves back and recovers",
    { timeout: 5 * PATIENCE_MS }, async (t) => {
      await a.start();   // rejoins the cluster
      await failover(t, {
        channel: "custom:failover-drain", lost: b, survivor: a, takeDown: () => b.stop(), expectCode: 4503,
      });
    });
});

describe("system:metrics in a cluster", () => {
  let nodes = [];
  before(async () => {
    nodes = await startCluster(2, { metrics: { update_interval_ms: 300 } });
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  test("a subscriber on one node gets every node's figures, each tagged with its node (the dashboard's per-node lines)", async () => {
    const client = new NeuroQuantumWSClient(nodes[0].url, { authToken: jwt("watcher", { roles: ["metrics"] }) });
    const seen = new Set();
    try {
      await client.subscribe("system:metrics", {
        onMessage: (data) => {
          if (data.type === "metrics_update") {
            assert.equal(typeof data.metrics.node, "string");
            seen.add(data.metrics.node);
          }
        },
      });
      await waitFor(() => seen.size === 2, 60_000, "updates from both nodes");
    } finally {
      client.close();
    }
  });
});
