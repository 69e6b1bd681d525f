// Starts the real server jar for the tests, issues HS256 tokens, and offers a TCP proxy whose
// connections can be cut, to play a network that drops.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const SECRET = "typescript-client-tests-secret-of-enough-length";

export function jwt(sub, { roles = ["user"], secret = SECRET, expiresIn = 3600 } = {}) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub, roles, iat: now, exp: now + expiresIn })}`;
  return `${body}.${crypto.createHmac("sha256", secret).update(body).digest("base64url")}`;
}

export async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The server jar built by Maven (NQ_SERVER_JAR overrides). */
function jarPath() {
  return process.env.NQ_SERVER_JAR ?? path.resolve(import.meta.dirname, "../../../target/neuroquantum.jar");
}

function javaPath() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
}

export async function startServer(extraConfig = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nq-ts-"));
  const { http = {}, anneal = {}, query = {}, ...rest } = extraConfig;
  const config = {
    http: { port, host: "127.0.0.1", instances: 1, ...http },
    metrics: { update_interval_ms: 0 },
    query: { backend: "h2", h2: { path: path.join(dir, "db"), demo_rows: 200000 }, ...query },
    anneal: { store_path: path.join(dir, "jobs"), ...anneal },
    ...rest,
  };
  const confPath = path.join(dir, "conf.json");
  fs.writeFileSync(confPath, JSON.stringify(config));
  const server = { port, url: `ws://127.0.0.1:${port}/ws`, confPath, process: undefined };
  server.start = async () => {
    const child = spawn(javaPath(), ["-Xmx512m", "-jar", jarPath(), "serve", "--conf", confPath], {
      env: { ...process.env, NQ_AUTH_JWT_SECRET: SECRET },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    server.process = child;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`the server exited: ${log}`);
      }
      try {
        // with a timeout: a connection accepted in the instant the server starts listening may never be
        // answered (Vert.x's Micrometer HTTP metrics raise a NullPointerException for it, seen once in CI)
        const r = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) });
        if (r.ok) {
          return;
        }
      } catch {
        /* not up yet */
      }
      await sleep(100);
    }
    throw new Error(`the server did not start: ${log}`);
  };
  const signal = async (name) => {
    const child = server.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;   // not started, or already gone
    }
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(name);
    await exited;
  };
  /** SIGTERM: the server closes every client with 4503 and exits. */
  server.stop = () => signal("SIGTERM");
  /** SIGKILL: the JVM ends at once, nothing shut down (a crashed node). */
  server.kill = () => signal("SIGKILL");
  await server.start();
  return server;
}

/**
 * `nodes` servers forming one cluster on loopback (each with its own HTTP and Hazelcast port, the
 * same channel and auth settings), like the server's ClusterIntegrationTest.
 */
export async function startCluster(nodes, extraConfig = {}) {
  const name = `nq-ts-${process.pid}-${Date.now()}`;
  const ports = new Set();
  while (ports.size < nodes) {
    ports.add(await freePort());
  }
  const members = [...ports].map((p) => `127.0.0.1:${p}`);
  const node = (port) => startServer({ query: { backend: "none" }, ...extraConfig, cluster: { name, host: "127.0.0.1", port, members } });
  // The first node alone, then the others: members that start at the same moment can each form a
  // cluster of one and merge only later (a split brain from the start), which is not what a test
  // of one cluster wants.
  const [first, ...rest] = ports;
  const firstNode = await node(first);
  return [firstNode, ...(await Promise.all(rest.map(node)))];
}

/** A TCP proxy in front of the server; drop() cuts every connection through it, freeze() stalls them. */
export async function startProxy(targetPort) {
  const sockets = new Set();
  const pairs = new Set();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    pairs.add({ client, upstream });
    client.pipe(upstream).pipe(client);
    const cleanup = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", cleanup).on("close", cleanup);
    upstream.on("error", cleanup).on("close", cleanup);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  const drop = () => {
    for (const s of sockets) {
      s.destroy();
    }
  };
  /** Stops forwarding on the open connections without closing them: a silently dead network. */
  const freeze = () => {
    for (const { client, upstream } of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    pairs.clear();
  };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    drop,
    freeze,
    /** Cuts every connection and refuses new ones until allow(): a network that stays down. */
    goDown() {
      refusing = true;
      drop();
    },
    allow() {
      refusing = false;
    },
    close: () => new Promise((resolve) => {
      server.close(resolve);
      drop();
    }),
  };
}

export async function waitFor(predicate, timeoutMs = 15_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) {
      return;
    }
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}
