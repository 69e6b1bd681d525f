// Query streaming by many users: USERS clients each stream the same SELECT (ROWS rows of the demo
// table) over the WebSocket, reading every batch, ITERATIONS times each.
//   k6 run -e NQ_TOKEN=$TOKEN -e USERS=50 -e ROWS=100000 -e ITERATIONS=5 query-streaming.ts
// Pass: every query completes with exactly ROWS rows (nq_query_complete_rate == 1), p(95) of the
// whole stream < 30 s, and nq_query_rows_per_s p(50) > 50000 per user.
import { check } from "k6";
import { Rate, Trend } from "k6/metrics";
import { Options } from "k6/options";
import ws from "k6/ws";
import { frames, wsUrl } from "./common.ts";

const USERS = Number(__ENV.USERS || 50);
const ROWS = Number(__ENV.ROWS || 100000);
const ITERATIONS = Number(__ENV.ITERATIONS || 5);

const complete = new Rate("nq_query_complete_rate");
const duration = new Trend("nq_query_stream_ms", true);
const rowsPerSecond = new Trend("nq_query_rows_per_s");

export const options: Options = {
  scenarios: {
    users: { executor: "per-vu-iterations", vus: USERS, iterations: ITERATIONS, maxDuration: "30m" },
  },
  thresholds: {
    nq_query_complete_rate: ["rate==1"],
    nq_query_stream_ms: ["p(95)<30000"],
    nq_query_rows_per_s: ["p(50)>50000"],
  },
};

export default function (): void {
  const started = Date.now();
  let rows = 0;
  let ok = false;
  const res = ws.connect(wsUrl(), {}, (socket) => {
    socket.on("open", () => socket.send(JSON.stringify({
      type: "execute_query", request_id: "q", query: "SELECT id, sensor_id, temperature FROM sensor_readings WHERE id <= ?",
      params: [ROWS], options: { batch_size: 1000 },
    })));
    socket.on("message", (text) => {
      for (const f of frames(text)) {
        if (f.type === "query_batch" && f.rows) {
          rows += f.rows.length;
        } else if (f.type === "query_completed") {
          ok = f.total_rows === ROWS && rows === ROWS;
          socket.close();
        } else if (f.type === "query_error" || f.type === "error") {
          socket.close();
        }
      }
    });
    socket.setTimeout(() => socket.close(), 300_000);
  });
  check(res, { "handshake 101": (r) => r && r.status === 101 });
  const ms = Date.now() - started;
  complete.add(ok);
  if (ok) {
    duration.add(ms);
    rowsPerSecond.add(rows / (ms / 1000));
  }
}
