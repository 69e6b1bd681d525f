// Slow consumers mixed with fast ones: FAST subscribers read at once, SLOW ones spend SLOW_MS of
// busy time on each frame (k6 reads its socket only between handlers, so the server's writes back
// up as for a client on a slow link). A publisher sends RATE messages/s to one channel.
// What the server promises (docs/protocol.md, flow control): fast subscribers are not held back by
// slow ones; a slow one gets backpressure warnings, drops (drop_oldest) or is disconnected.
//   k6 run -e NQ_TOKEN=$TOKEN -e FAST=500 -e SLOW=50 -e SLOW_MS=50 -e RATE=100 -e SECONDS=60 slow-consumers.ts
// Pass: p(99) latency of the fast subscribers < 250 ms (nq_fast_latency_ms) and their loss
// (nq_fast_missed_rate) < 0.001, whatever happens to the slow ones.
import { check } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import { Options } from "k6/options";
import ws from "k6/ws";
import { frames, wsUrl } from "./common.ts";

const FAST = Number(__ENV.FAST || 500);
const SLOW = Number(__ENV.SLOW || 50);
const SLOW_MS = Number(__ENV.SLOW_MS || 50);
const RATE = Number(__ENV.RATE || 100);
const SECONDS = Number(__ENV.SECONDS || 60);
const CHANNEL = "custom:k6-slow";

const fastLatency = new Trend("nq_fast_latency_ms", true);
const fastMissed = new Rate("nq_fast_missed_rate");
const slowWarnings = new Counter("nq_slow_backpressure_frames");
const slowClosed = new Counter("nq_slow_closed_by_server");

export const options: Options = {
  scenarios: {
    fast: { executor: "per-vu-iterations", vus: FAST, iterations: 1, exec: "fast", maxDuration: `${SECONDS + 60}s` },
    slow: { executor: "per-vu-iterations", vus: SLOW, iterations: 1, exec: "slow", maxDuration: `${SECONDS + 60}s` },
    publisher: { executor: "per-vu-iterations", vus: 1, iterations: 1, exec: "publisher", startTime: "10s", maxDuration: `${SECONDS + 30}s` },
  },
  thresholds: {
    nq_fast_latency_ms: ["p(99)<250"],
    nq_fast_missed_rate: ["rate<0.001"],
  },
};

function subscribe(onFrames: (text: string) => void, onClose: (code: number) => void): void {
  const res = ws.connect(wsUrl(), {}, (socket) => {
    socket.on("open", () => socket.send(JSON.stringify({ type: "subscribe", channel: CHANNEL, request_id: "s" })));
    socket.on("message", onFrames);
    socket.on("close", onClose);
    socket.setTimeout(() => socket.close(), (SECONDS + 20) * 1000);
  });
  check(res, { "handshake 101": (r) => r && r.status === 101 });
}

export function fast(): void {
  let last = -1;
  subscribe((text) => {
    for (const f of frames(text)) {
      if (f.type === "message" && f.offset !== undefined) {
        if (last >= 0) {
          for (let o = last + 1; o <= f.offset; o++) {
            fastMissed.add(o !== f.offset);
          }
        }
        last = f.offset;
        if (f.data?.sent_at) {
          fastLatency.add(Date.now() - f.data.sent_at);
        }
      }
    }
  }, () => undefined);
}

export function slow(): void {
  subscribe((text) => {
    const until = Date.now() + SLOW_MS;
    while (Date.now() < until) {
      // busy: this client does not read its socket meanwhile
    }
    for (const f of frames(text)) {
      if (f.type === "backpressure_warning" || f.type === "slow_down") {
        slowWarnings.add(1);
      }
    }
  }, (code) => {
    if (code >= 4000) {
      slowClosed.add(1);
    }
  });
}

export function publisher(): void {
  ws.connect(wsUrl(), {}, (socket) => {
    let n = 0;
    socket.on("open", () => socket.setInterval(() => {
      socket.send(JSON.stringify({ type: "publish", channel: CHANNEL, data: { n: n++, sent_at: Date.now() } }));
      if (n >= RATE * SECONDS) {
        socket.close();
      }
    }, 1000 / RATE));
  });
}
