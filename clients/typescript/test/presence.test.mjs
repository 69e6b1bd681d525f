import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NeuroQuantumError, NeuroQuantumWSClient } from "../dist/index.js";
import { jwt, startServer, waitFor } from "./harness.mjs";

describe("presence and join/leave", () => {
  let server;
  before(async () => {
    server = await startServer({
      channels: {
        namespaces: {
          room: { subscribe: ["*"], publish: ["*"], presence: true, join_leave: true },
          custom: { subscribe: ["*"], publish: ["*"] },
        },
      },
    });
  });
  after(async () => {
    await server.stop();
  });

  test("presence() lists the subscribers; join and leave arrive as events", async () => {
    const ann = new NeuroQuantumWSClient(server.url, { authToken: jwt("ann") });
    const bob = new NeuroQuantumWSClient(server.url, { authToken: jwt("bob") });
    const joins = [];
    const leaves = [];
    ann.on("join", (e) => joins.push([e.channel, e.user]));
    ann.on("leave", (e) => leaves.push([e.channel, e.user]));
    await ann.subscribe("room:lobby");
    await bob.subscribe("room:lobby");
    await waitFor(() => joins.length === 1, 5000, "bob's join");
    assert.deepEqual(joins, [["room:lobby", "bob"]]);
    const present = await ann.presence("room:lobby");
    assert.deepEqual(present.map((c) => c.user).sort(), ["ann", "bob"]);
    await bob.unsubscribe("room:lobby");
    await waitFor(() => leaves.length === 1, 5000, "bob's leave");
    assert.deepEqual((await bob.presence("room:lobby")).map((c) => c.user), ["ann"]);
    await assert.rejects(ann.presence("custom:quiet"),
      (e) => e instanceof NeuroQuantumError && e.code === "presence_disabled");
    ann.close();
    bob.close();
  });
});
