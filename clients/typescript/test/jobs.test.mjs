// The annealing jobs API of the client (AnnealJobs) against the real jar: submit, follow the
// progress as an async iterator, cancel, read the result; and its types are the ones generated from
// the server's OpenAPI document.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AnnealJobs, NeuroQuantumError, NeuroQuantumWSClient } from "../dist/index.js";
import { jwt, startServer } from "./harness.mjs";

/** A ring of `n` vertices with unit weights: its maximum cut is n (n even), every other edge. */
function ring(n) {
  return { type: "maxcut", graph: { nodes: n, edges: Array.from({ length: n }, (_, i) => [i, (i + 1) % n, 1]) } };
}

test("src/jobs.generated.ts is what scripts/generate-jobs-types.mjs makes of openapi.json", () => {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../scripts/generate-jobs-types.mjs"), "--check"]);
});

describe("annealing jobs", () => {
  let server;
  let ws;
  let jobs;
  before(async () => {
    server = await startServer();
    const token = jwt("annie");
    ws = new NeuroQuantumWSClient(server.url, { authToken: token });
    jobs = new AnnealJobs(ws, { token });
  });
  after(async () => {
    ws?.close();
    await server?.stop();
  });

  test("submit, follow to the result, read it back", async () => {
    const submitted = await jobs.submit({ problem: ring(16), solver: { type: "sa", seed: 1, sweeps: 2000, reads: 4 } });
    assert.equal(submitted.channel, `anneal:${submitted.job_id}`);
    const events = [];
    for await (const event of jobs.follow(submitted.job_id)) {
      events.push(event);
    }
    const last = events.at(-1);
    assert.equal(last.type, "result");
    assert.equal(events.filter((e) => e.type === "result").length, 1);
    assert.equal(last.status, "completed");
    const { solution } = last.result;
    assert.equal(solution.length, 16);
    // the cut it reports is the cut of the answer it gives
    assert.equal(last.result.objective.cut, ring(16).graph.edges.filter(([u, v]) => solution[u] !== solution[v]).length);
    const record = await jobs.get(submitted.job_id);
    assert.equal(record.status, "completed");
    assert.equal(record.result.energy, last.result.energy);
    assert.ok((await jobs.list()).some((j) => j.job_id === submitted.job_id));
    // a job that ended long ago still yields its result
    assert.equal((await jobs.result(submitted.job_id)).status, "completed");
  });

  test("progress arrives while a job runs, and a cancel ends it with its best answer", async () => {
    const { job_id } = await jobs.submit({
      problem: ring(400), solver: { type: "pt", seed: 2, sweeps: 200_000, time_limit_ms: 120_000 },
    });
    const seen = [];
    let cancelled;
    for await (const event of jobs.follow(job_id)) {
      seen.push(event.type);
      if (event.type === "progress" && !cancelled) {
        assert.ok(event.sweeps_done > 0 && event.sweeps_done <= event.total_sweeps);
        assert.equal(typeof event.best_energy, "number");
        assert.ok(event.swap_acceptance.length > 0 && event.swap_acceptance.every((a) => a >= 0 && a <= 1));
        cancelled = await jobs.cancel(job_id);
      }
      if (event.type === "result") {
        assert.equal(event.status, "cancelled");
        assert.equal(typeof event.best_energy, "number");
        assert.equal(event.result.solution.length, 400);
      }
    }
    assert.deepEqual(cancelled, { job_id, cancelled: true });
    assert.ok(seen.includes("progress"));
    assert.equal(seen.at(-1), "result");
    assert.equal((await jobs.cancel(job_id)).cancelled, false);
  });

  test("errors carry the server's code and reason; another user's job is not found", async () => {
    await assert.rejects(jobs.submit({ problem: ring(4), solver: { type: "sa", no_such_knob: 1 } }), (e) =>
      e instanceof NeuroQuantumError && e.code === "invalid_job" && /no_such_knob/.test(e.message));
    const { job_id } = await jobs.submit({ problem: ring(8), solver: { type: "sa", seed: 3, sweeps: 100 } });
    await jobs.result(job_id);
    const other = new AnnealJobs(ws, { baseUrl: `http://127.0.0.1:${server.port}`, token: jwt("mallory") });
    await assert.rejects(other.get(job_id), (e) => e instanceof NeuroQuantumError && e.code !== undefined && /not/i.test(e.code + e.message));
    const anonymous = new AnnealJobs(ws);
    await assert.rejects(anonymous.list(), (e) => e instanceof NeuroQuantumError && e.code === "unauthorized");
  });
});
