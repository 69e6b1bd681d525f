// Reconnect storm with recovery: CLIENTS subscribers each drop their connection at the same moment
// (every DROP_EVERY seconds) and reconnect at once with `since` {offset, epoch}; a publisher keeps
// publishing. Measures the time from the drop to the `subscription_confirmed` with recovered: true,
// and whether the recovered messages close the gap exactly.
//   k6 run -e NQ_TOKEN=$TOKEN -e CLIENTS=1000 -e DROP_EVERY=20 -e SECONDS=120 reconnect-storm.ts
// Pass: nq_recovered_rate > 0.99 (recovery said recovered: true), nq_gap_rate == 0 (no offset
// missing or repeated after a recovery), p(95) nq_recovery_ms < 2000.
import { check, sleep } from "k6";
import { Rate, Trend } from "k6/metrics";
import { Options } from "k6/options";
import ws from "k6/ws";
import { frames, wsUrl } from "./common.ts";

const CLIENTS = Number(__ENV.CLIENTS || 1000);
const DROP_EVERY = Number(__ENV.DROP_EVERY || 20);
const SECONDS = Number(__ENV.SECONDS || 120);
const CHANNEL = "custom:k6-storm";

const recoveryMs = new Trend("nq_recovery_ms", true);
const recovered = new Rate("nq_recovered_rate");
const gaps = new Rate("nq_gap_rate");

export const options: Options = {
  scenarios: {
    clients: { executor: "constant-vus", vus: CLIENTS, duration: `${SECONDS}s`, exec: "client" },
    publisher: { executor: "constant-vus", vus: 1, duration: `${SECONDS}s`, exec: "publisher" },
  },
  thresholds: {
    nq_recovered_rate: ["rate>0.99"],
    nq_gap_rate: ["rate==0"],
    nq_recovery_ms: ["p(95)<2000"],
  },
};

// one VU's position across its connections (module state is per VU in k6)
let position: { offset: number; epoch: string } | undefined;
let droppedAt = 0;

export function client(): void {
  const res = ws.connect(wsUrl(), {}, (socket) => {
    socket.on("open", () => socket.send(JSON.stringify({
      type: "subscribe", channel: CHANNEL, request_id: "s", ...(position ? { since: position } : {}),
    })));
    socket.on("message", (text) => {
      for (const f of frames(text)) {
        if (f.type === "subscription_confirmed") {
          if (droppedAt > 0) {
            recoveryMs.add(Date.now() - droppedAt);
            recovered.add(f.recovered === true);
          }
          if (!position || f.recovered !== true) {
            position = { offset: f.offset ?? 0, epoch: f.epoch ?? "" };
          }
        } else if (f.type === "message" && f.offset !== undefined && position) {
          gaps.add(f.offset !== position.offset + 1);
          position.offset = f.offset;
        }
      }
    });
    // every client drops at the same wall-clock moment: a storm, not a trickle
    const wait = DROP_EVERY * 1000 - (Date.now() % (DROP_EVERY * 1000));
    socket.setTimeout(() => {
      droppedAt = Date.now();
      socket.close();
    }, wait);
  });
  check(res, { "handshake 101": (r) => r && r.status === 101 });
}

export function publisher(): void {
  ws.connect(wsUrl(), {}, (socket) => {
    socket.on("open", () => socket.setInterval(() =>
      socket.send(JSON.stringify({ type: "publish", channel: CHANNEL, data: { t: Date.now() } })), 50));
    socket.setTimeout(() => socket.close(), SECONDS * 1000);
  });
  sleep(1);
}
