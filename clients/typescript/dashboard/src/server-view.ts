/**
 * The live server view: the figures of `metrics_update` on `system:metrics` as time series, one
 * line per node when several nodes publish (clustered servers tag their updates with `node`).
 * Rates (deliveries/s, backpressure events/s) are differences between a node's consecutive updates.
 */
import type { Session } from "./session.js";
import { LineChart } from "./chart.js";
import { describeError, h } from "./dom.js";

type Metrics = Record<string, unknown>;
const sum = (o: unknown) => Object.values((o ?? {}) as Record<string, number>).reduce((a, b) => a + Number(b), 0);
const clock = (t: number) => new Date(t).toLocaleTimeString();

export function serverView(session: Session): HTMLElement {
  const charts = {
    connections: new LineChart("connections", { xLabel: clock }),
    subscriptions: new LineChart("subscriptions", { xLabel: clock }),
    deliveries: new LineChart("deliveries / s", { xLabel: clock }),
    latency: new LineChart("publish → send latency (ms)", { xLabel: clock }),
    backpressure: new LineChart("backpressure events / s", { xLabel: clock }),
    reconnects: new LineChart("reconnects / min", { xLabel: clock }),
  };
  const status = h("p", { class: "status", id: "server-status" }, "subscribing to system:metrics…");
  const view = h("section", { id: "view-server" }, h("h2", {}, "Server"), status,
    h("div", { class: "grid" }, ...Object.values(charts).map((c) => c.element)));
  const previous = new Map<string, { t: number; out: number; bp: number }>();
  let updates = 0;

  const onUpdate = (metrics: Metrics) => {
    const t = Date.now();
    const node = typeof metrics.node === "string" ? metrics.node.slice(0, 8) : "server";
    const label = (s: string) => (node === "server" ? s : `${node} ${s}`);
    charts.connections.add(label("open"), t, Number(metrics.connections));
    charts.subscriptions.add(label("all"), t, sum(metrics.subscriptions));
    const latency = (metrics.publish_to_send_ms ?? {}) as Record<string, number>;
    for (const [q, v] of Object.entries(latency)) {
      charts.latency.add(label(q), t, v);
    }
    charts.reconnects.add(label("rate"), t, Number(metrics.reconnects_per_minute));
    const out = Number(metrics.messages_out);
    const bp = sum(metrics.backpressure_events);
    const before = previous.get(node);
    if (before && t > before.t) {
      const seconds = (t - before.t) / 1000;
      charts.deliveries.add(label("sent"), t, Math.max(0, out - before.out) / seconds);
      charts.backpressure.add(label("events"), t, Math.max(0, bp - before.bp) / seconds);
    }
    previous.set(node, { t, out, bp });
    Object.values(charts).forEach((c) => c.render());
    updates++;
    status.textContent = `${updates} updates from system:metrics; last at ${clock(t)}`;
    view.dataset.updates = String(updates);
  };

  session.ws.subscribe("system:metrics", {
    onMessage: (data) => {
      const m = data as { type?: string; metrics?: Metrics };
      if (m.type === "metrics_update" && m.metrics) {
        onUpdate(m.metrics);
      }
    },
  }).then(() => (status.textContent = "subscribed to system:metrics; waiting for the first update (metrics.update_interval_ms)"),
    (e) => (status.textContent = `system:metrics: ${describeError(e)}`));
  return view;
}
