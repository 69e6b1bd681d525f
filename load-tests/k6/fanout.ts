// Fan-out: SUBSCRIBERS clients on one channel, one publisher; measures publish → receive latency
// (the publisher stamps each message) and counts deliveries.
//   k6 run -e NQ_TOKEN=$TOKEN -e SUBSCRIBERS=1000 -e RATE=20 -e SECONDS=60 fanout.ts
// Pass: no WebSocket errors, every subscriber receives at least 99 % of what was published while it
// was subscribed (nq_missed_rate < 0.01), p(99) delivery latency < 250 ms.
import { check } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import { Options } from "k6/options";
import ws from "k6/ws";
import { frames, wsUrl } from "./common.ts";

const SUBSCRIBERS = Number(__ENV.SUBSCRIBERS || 1000);
const RATE = Number(__ENV.RATE || 20);
const SECONDS = Number(__ENV.SECONDS || 60);
const CHANNEL = "custom:k6-fanout";

const latency = new Trend("nq_delivery_latency_ms", true);
const delivered = new Counter("nq_delivered");
const missed = new Rate("nq_missed_rate");

export const options: Options = {
  scenarios: {
    subscribers: { executor: "per-vu-iterations", vus: SUBSCRIBERS, iterations: 1, exec: "subscriber", maxDuration: `${SECONDS + 60}s` },
    publisher: { executor: "per-vu-iterations", vus: 1, iterations: 1, exec: "publisher", startTime: "10s", maxDuration: `${SECONDS + 30}s` },
  },
  thresholds: {
    ws_connecting: ["p(95)<1000"],
    nq_delivery_latency_ms: ["p(99)<250"],
    nq_missed_rate: ["rate<0.01"],
  },
};

export function subscriber(): void {
  const res = ws.connect(wsUrl(), {}, (socket) => {
    let first = -1;
    let last = -1;
    let count = 0;
    socket.on("open", () => socket.send(JSON.stringify({ type: "subscribe", channel: CHANNEL, request_id: "s" })));
    socket.on("message", (text) => {
      for (const f of frames(text)) {
        if (f.type === "message" && f.offset !== undefined) {
          first = first < 0 ? f.offset : first;
          last = f.offset;
          count++;
          delivered.add(1);
          if (f.data?.sent_at) {
            latency.add(Date.now() - f.data.sent_at);
          }
        }
      }
    });
    socket.setTimeout(() => {
      if (first >= 0) {
        // every offset from the first one seen to the last should have arrived once
        const expected = last - first + 1;
        for (let i = 0; i < expected; i++) {
          missed.add(i >= count);
        }
      }
      socket.close();
    }, (SECONDS + 20) * 1000);
  });
  check(res, { "subscriber handshake 101": (r) => r && r.status === 101 });
}

export function publisher(): void {
  const res = ws.connect(wsUrl(), {}, (socket) => {
    let n = 0;
    socket.on("open", () => {
      socket.setInterval(() => {
        socket.send(JSON.stringify({ type: "publish", channel: CHANNEL, data: { n: n++, sent_at: Date.now() } }));
        if (n >= RATE * SECONDS) {
          socket.close();
        }
      }, 1000 / RATE);
    });
  });
  check(res, { "publisher handshake 101": (r) => r && r.status === 101 });
}
