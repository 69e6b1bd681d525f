// Annealing jobs at the queue's limit: SUBMITTERS users submit small jobs back to back, more than
// anneal.max_running + anneal.max_queued can hold, so the server must answer some with 429
// (queue_full / too_many_jobs, with Retry-After). Each accepted job is followed over REST to its end.
//   k6 run -e NQ_TOKEN=$TOKEN -e SUBMITTERS=40 -e SECONDS=120 anneal-queue.ts
// (with one token every submitter is the same user: then too_many_jobs comes first; give each VU
// its own user with NQ_TOKENS=tok1,tok2,… to test queue_full.)
// Pass: every answer is 202 or 429 (nq_unexpected_status_rate == 0), every 429 carries Retry-After
// (nq_429_without_retry_after == 0), every accepted job ends completed (nq_job_completed_rate == 1).
import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import { Counter, Rate } from "k6/metrics";
import { Options } from "k6/options";
import { HTTP_URL, headers } from "./common.ts";

const SUBMITTERS = Number(__ENV.SUBMITTERS || 40);
const SECONDS = Number(__ENV.SECONDS || 120);
const TOKENS = (__ENV.NQ_TOKENS || "").split(",").filter((t) => t.length > 0);

const unexpected = new Rate("nq_unexpected_status_rate");
const refused = new Counter("nq_429");
const refusedWithoutRetry = new Counter("nq_429_without_retry_after");
const completed = new Rate("nq_job_completed_rate");

export const options: Options = {
  scenarios: { submitters: { executor: "constant-vus", vus: SUBMITTERS, duration: `${SECONDS}s` } },
  thresholds: {
    nq_unexpected_status_rate: ["rate==0"],
    nq_429_without_retry_after: ["count==0"],
    nq_job_completed_rate: ["rate==1"],
  },
};

/** A ring of 200 vertices for PT: a second or two of work each. */
const JOB = JSON.stringify({
  problem: { type: "maxcut", graph: { nodes: 200, edges: Array.from({ length: 200 }, (_, i) => [i, (i + 1) % 200, 1]) } },
  solver: { type: "pt", seed: 1, sweeps: 20000 },
});

function requestHeaders(): Record<string, string> {
  const h = headers();
  if (TOKENS.length > 0) {
    h.authorization = `Bearer ${TOKENS[exec.vu.idInTest % TOKENS.length]}`;
  }
  return h;
}

export default function (): void {
  const res = http.post(`${HTTP_URL}/api/v1/anneal/jobs`, JOB, { headers: requestHeaders() });
  unexpected.add(res.status !== 202 && res.status !== 429);
  if (res.status === 429) {
    refused.add(1);
    const retry = res.headers["Retry-After"];
    if (!retry) {
      refusedWithoutRetry.add(1);
    }
    sleep(Number(retry || 1));
    return;
  }
  check(res, { "202 accepted": (r) => r.status === 202 });
  if (res.status !== 202) {
    return;
  }
  const id = (res.json() as { job_id: string }).job_id;
  for (let i = 0; i < 600; i++) {
    const job = http.get(`${HTTP_URL}/api/v1/anneal/jobs/${id}`, { headers: requestHeaders() });
    const status = (job.json() as { status?: string }).status;
    if (status && !["queued", "running"].includes(status)) {
      completed.add(status === "completed");
      return;
    }
    sleep(0.5);
  }
  completed.add(false);
}
