// Credentials that expire, against the real server: the connection is closed with 4401 when its
// token expires, unless the client refreshed it (automatically through getToken when the server
// sends token_expiring, or by hand with refresh(token)). Tokens live 3 s; waits are bounded
// generously and never asserted to be short.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { NeuroQuantumError, NeuroQuantumWSClient } from "../dist/index.js";
import { jwt, startServer, waitFor } from "./harness.mjs";

const fast = { initialDelayMs: 50, maxDelayMs: 500 };

/** Waits until the wall clock is past `expSeconds` (a token's exp) plus a margin. */
async function pastExpiry(expSeconds, marginMs = 2000) {
  while (Date.now() < expSeconds * 1000 + marginMs) {
    await sleep(100);
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("tokens that expire", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  test("with getToken the client refreshes before expiry and keeps its connection", async () => {
    let calls = 0;
    const firstExp = nowSeconds() + 3;
    const client = new NeuroQuantumWSClient(server.url, {
      getToken: () => (++calls === 1 ? jwt("renewing", { expiresIn: 3 }) : jwt("renewing", { expiresIn: 3600 })),
      reconnect: fast,
    });
    const connects = [];
    const refreshed = [];
    const reconnects = [];
    client.on("connected", (m) => connects.push(m.connection_id));
    client.on("refreshed", (m) => refreshed.push(m.expires_at));
    client.on("reconnecting", (e) => reconnects.push(e.code));
    await client.connect();
    assert.ok(client.expiresAt <= (firstExp + 1) * 1000, "the first token's expiry is known");
    await client.subscribe("custom:renewing");
    // the server's warning comes at once (its lead is longer than the token's life): refresh follows
    await waitFor(() => refreshed.length === 1, 20_000, "refreshed");
    assert.ok(client.expiresAt > Date.now() + 3_000_000, "the new token's expiry");
    await pastExpiry(firstExp);
    assert.equal(client.state, "connected");
    assert.ok((await client.ping()) >= 0);
    assert.deepEqual(reconnects, [], "the connection was never replaced");
    assert.equal(connects.length, 1);
    assert.equal(calls, 2);
    client.close();
  });

  test("without a way to refresh, an expired token ends the connection with 4401", async () => {
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("brief", { expiresIn: 3 }), reconnect: fast });
    const errors = [];
    client.on("auth_error", (e) => errors.push(e));
    await client.connect();
    await waitFor(() => errors.length === 1, 30_000, "auth_error");
    assert.equal(errors[0].code, 4401);
    assert.equal(client.state, "closed");
  });

  test("refresh(token) by hand extends the connection; another user's token is refused with 4403", async () => {
    const firstExp = nowSeconds() + 3;
    const client = new NeuroQuantumWSClient(server.url, { authToken: jwt("manual", { expiresIn: 3 }), reconnect: fast });
    await client.connect();
    const reply = await client.refresh(jwt("manual", { expiresIn: 3600 }));
    assert.equal(reply.type, "refreshed");
    assert.ok(reply.expires_at > Date.now() + 3_000_000);
    await pastExpiry(firstExp);
    assert.equal(client.state, "connected");
    await client.publish("custom:manual", "still here");

    const errors = [];
    client.on("auth_error", (e) => errors.push(e));
    await assert.rejects(client.refresh(jwt("someone-else", { expiresIn: 3600 })),
      (e) => e instanceof NeuroQuantumError && e.code === "disconnected");
    await waitFor(() => errors.length === 1, 10_000, "auth_error");
    assert.equal(errors[0].code, 4403);
    assert.equal(client.state, "closed");
  });
});
