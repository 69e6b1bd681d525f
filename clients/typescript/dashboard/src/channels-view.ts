/**
 * Channel explorer: subscribe to a channel and watch its messages arrive with their offsets,
 * publish to it, load its history (a recovery from an earlier offset, as the protocol offers it)
 * and ask who is present.
 */
import type { Session } from "./session.js";
import { describeError, h } from "./dom.js";

/** How many earlier messages "history" asks for. */
const HISTORY = 50;

export function channelsView(session: Session): HTMLElement {
  const { ws } = session;
  const name = h("input", { id: "channel-name", value: "custom:demo", size: 28, "aria-label": "channel" });
  const payload = h("textarea", { id: "channel-payload", rows: 3, cols: 40, "aria-label": "message (JSON)" });
  payload.value = '{"text": "hello"}';
  const log = h("table", { id: "channel-log", class: "log" },
    h("thead", {}, h("tr", {}, h("th", {}, "offset"), h("th", {}, "channel"), h("th", {}, "data"))), h("tbody"));
  const presence = h("ul", { id: "channel-presence" });
  const status = h("p", { class: "status", id: "channel-status" }, "not subscribed");
  const positions = new Map<string, { offset: number; epoch: string }>();   // the last offset seen per channel
  const seen = new Set<string>();                 // channel#offset already listed

  const show = (channel: string, offset: number | undefined, data: unknown) => {
    const key = `${channel}#${offset}`;
    if (offset !== undefined && seen.has(key)) {
      return;
    }
    seen.add(key);
    const row = h("tr", {}, h("td", {}, String(offset ?? "")), h("td", {}, channel), h("td", {}, JSON.stringify(data)));
    log.tBodies[0].prepend(row);
    while (log.tBodies[0].rows.length > 500) {
      log.tBodies[0].deleteRow(-1);
    }
  };
  const onMessage = (channel: string) => (data: unknown, message: { offset?: number }) => {
    const position = positions.get(channel);
    if (position && message.offset !== undefined && message.offset > position.offset) {
      position.offset = message.offset;
    }
    show(channel, message.offset, data);
  };
  const attempt = async (what: string, action: () => Promise<string>) => {
    try {
      status.textContent = await action();
    } catch (e) {
      status.textContent = `${what}: ${describeError(e)}`;
    }
  };

  const subscribe = () => attempt("subscribe", async () => {
    const channel = name.value.trim();
    const confirmed = await ws.subscribe(channel, { onMessage: onMessage(channel) as never });
    positions.set(channel, { offset: confirmed.offset, epoch: confirmed.epoch });
    return `subscribed to ${channel} at offset ${confirmed.offset} (epoch ${confirmed.epoch}, history up to ${confirmed.history_size})`;
  });
  const history = () => attempt("history", async () => {
    const channel = name.value.trim();
    let position = positions.get(channel);
    if (!position) {
      const confirmed = await ws.subscribe(channel, { onMessage: onMessage(channel) as never });
      position = { offset: confirmed.offset, epoch: confirmed.epoch };
      positions.set(channel, position);
    }
    // a recovery from an earlier offset: the server sends, from its history, everything after it
    const from = Math.max(0, position.offset - HISTORY);
    await ws.unsubscribe(channel);
    const recovered = await ws.subscribe(channel, {
      since: { offset: from, epoch: position.epoch }, onMessage: onMessage(channel) as never,
    });
    return recovered.recovered
      ? `history of ${channel} after offset ${from}, then live`
      : `${channel}: the history after offset ${from} is gone (or the epoch changed); live from ${recovered.offset}`;
  });
  const publish = () => attempt("publish", async () => {
    let data: unknown;
    try {
      data = JSON.parse(payload.value);
    } catch {
      throw new Error("the message must be JSON");
    }
    const published = await ws.publish(name.value.trim(), data);
    return `published at offset ${published.offset}`;
  });
  const who = () => attempt("presence", async () => {
    const clients = await ws.presence(name.value.trim());
    presence.replaceChildren(...clients.map((c) => h("li", {}, `${c.user} (${c.client})`)));
    return `${clients.length} present on ${name.value.trim()}`;
  });
  const unsubscribe = () => attempt("unsubscribe", async () => {
    const channel = name.value.trim();
    await ws.unsubscribe(channel);
    positions.delete(channel);
    return `unsubscribed from ${channel}`;
  });

  return h("section", { id: "view-channels" }, h("h2", {}, "Channels"),
    h("div", { class: "row" }, name,
      h("button", { id: "channel-subscribe", onclick: subscribe }, "Subscribe"),
      h("button", { id: "channel-unsubscribe", onclick: unsubscribe }, "Unsubscribe"),
      h("button", { id: "channel-history", onclick: history }, `History (last ${HISTORY})`),
      h("button", { id: "channel-presence-button", onclick: who }, "Presence")),
    h("div", { class: "row" }, payload, h("button", { id: "channel-publish", onclick: publish }, "Publish")),
    status, h("div", { class: "grid" }, h("div", { class: "panel" }, log), h("div", { class: "panel" }, h("h3", {}, "present"), presence)));
}
