// The Gatling simulations in load-tests/gatling, run at a small size against the real jar so they
// cannot rot (their full-size commands are in load-tests/README.md). Each run fails when the
// simulation's assertions fail (gatling:test exits non-zero). Needs the Maven wrapper and the
// Gatling dependencies (downloaded by the first run); NQ_SKIP_GATLING=true skips these.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { startServer } from "./harness.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);

async function gatling(port, simulation, props) {
  const args = ["-B", "-q", "-f", path.join(ROOT, "load-tests/gatling/pom.xml"), "gatling:test", `-Dport=${port}`,
    `-Dsimulation=io.neuroquantum.load.${simulation}`, ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`)];
  const { stdout } = await run(path.join(ROOT, "mvnw"), args, { maxBuffer: 16 << 20, timeout: 180_000 });
  return stdout;
}

describe("Gatling simulations, small", { skip: process.env.NQ_SKIP_GATLING === "true" && "NQ_SKIP_GATLING" }, () => {
  let server;
  before(async () => {
    // anonymous: every virtual user is the one user "anonymous", so the per-user query limit (4 by
    // default) must cover the streaming simulation's 5 users at once (load-tests/bench-query-server.json)
    server = await startServer({ auth: { anonymous: true }, query: { max_concurrent_per_user: 16, max_stopping_per_user: 16 } });
  });
  after(async () => {
    await server?.stop();
  });

  test("ChannelFanoutSimulation: 10 users get their own messages back through the fan-out", async () => {
    const out = await gatling(server.port, "ChannelFanoutSimulation", { users: 10, ramp: 2, interval: 1, publishes: 3 });
    assert.match(out, /percentage of failed events is less than 1\.0 : true/);
  });

  test("QueryStreamingSimulation: 5 users stream 5000 rows twice each, every stream complete", async () => {
    const out = await gatling(server.port, "QueryStreamingSimulation", { users: 5, ramp: 1, rows: 5000, queries: 2 });
    assert.match(out, /count of failed events is 0(\.0)? : true/);
    assert.match(out, /stream 5000 rows\s+\|\s+10\s+\|\s+10\s+\|/, "ten streams sent");
    assert.match(out, /> query_completed\s+\|\s+10\s+\|\s+10\s+\|/, "ten streams completed with every row");
  });

  test("ReconnectStormSimulation: 10 clients drop together and each recovers gap-free with since", async () => {
    const out = await gatling(server.port, "ReconnectStormSimulation",
      { users: 10, ramp: 1, seconds: 6, publishMs: 100, recoverP95Ms: 600_000 });
    assert.match(out, /count of failed events is 0(\.0)? : true/);
    assert.match(out, /> recovered\s+\|\s+10\s+\|\s+10\s+\|/, "ten recoveries, all recovered: true");
    assert.match(out, /> no gap: the next offset follows the one seen\s+\|\s+10\s+\|\s+10\s+\|/);
  });

  test("SlowConsumersSimulation: fast subscribers all get their echoes, every throttled one is warned", async () => {
    const out = await gatling(server.port, "SlowConsumersSimulation",
      { fast: 10, slow: 3, ramp: 2, interval: 1, publishes: 4, slowBuffer: 4, fastP99Ms: 600_000 });
    assert.match(out, /count of failed events is 0(\.0)? : true/);
    assert.match(out, /> fast publish-to-receive\s+\|\s+40\s+\|\s+40\s+\|/);
    assert.match(out, /> backpressure_warning\s+\|\s+3\s+\|\s+3\s+\|/);
  });
});

// the job queue at its limit needs a server whose limits a few submitters exceed
describe("Gatling AnnealQueueSimulation, small", { skip: process.env.NQ_SKIP_GATLING === "true" && "NQ_SKIP_GATLING" }, () => {
  let server;
  before(async () => {
    server = await startServer({ auth: { anonymous: true }, anneal: { max_running: 1, max_queued: 1, max_jobs_per_user: 2 } });
  });
  after(async () => {
    await server?.stop();
  });

  test("6 submitters at once: answers are 202 or 429 with Retry-After, some refused, every accepted job completes", async () => {
    const out = await gatling(server.port, "AnnealQueueSimulation", { users: 6, submits: 1, ramp: 1, nodes: 200, sweeps: 20000 });
    assert.match(out, /count of failed events is 0(\.0)? : true/);
    assert.match(out, /> after 429: my jobs\s+\|\s+[1-9]\d*\s+\|/, "the queue's limit was reached");
    assert.match(out, /> job ended completed\s+\|\s+[1-9]\d*\s+\|/, "some jobs were accepted and completed");
  });
});
