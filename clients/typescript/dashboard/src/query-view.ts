/**
 * Query console: SQL in, rows streamed into a virtualised table. Pause stops reading the stream;
 * the client's buffer then fills to its high-water mark and asks the server to pause, which stops
 * reading the database cursor (the protocol's backpressure, nothing dashboard-specific). Resume reads
 * on; cancel stops the statement in the database. Errors show the database's reason.
 */
import type { QueryStream } from "../../src/index.js";
import type { Session } from "./session.js";
import { describeError, h } from "./dom.js";
import { VirtualTable } from "./table.js";

/** Rows the client buffers before it asks the server to pause (small, so Pause takes effect soon). */
const HIGH_WATER = 2000;

export function queryView(session: Session): HTMLElement {
  const sql = h("textarea", { id: "query-sql", rows: 4, cols: 80, "aria-label": "SQL" });
  sql.value = "SELECT * FROM sensor_readings WHERE sensor_id = 7 ORDER BY id";
  const status = h("p", { class: "status", id: "query-status" }, "ready");
  const table = new VirtualTable();
  const run = h("button", { id: "query-run" }, "Run");
  const pause = h("button", { id: "query-pause", disabled: true }, "Pause");
  const cancel = h("button", { id: "query-cancel", disabled: true }, "Cancel");
  let stream: QueryStream | undefined;
  let paused = false;
  let wake: (() => void) | undefined;

  const setPaused = (value: boolean) => {
    paused = value;
    pause.textContent = paused ? "Resume" : "Pause";
    if (!paused) {
      wake?.();
    }
  };

  const execute = async () => {
    const mine = session.ws.executeQuery(sql.value, { batch_size: 500, highWaterMark: HIGH_WATER });
    stream = mine;
    setPaused(false);
    run.disabled = true;
    pause.disabled = false;
    cancel.disabled = false;
    table.reset([]);
    status.dataset.state = "running";
    status.textContent = "running…";
    let count = 0;
    let batch: unknown[][] = [];
    let headed = false;
    try {
      for await (const row of mine) {
        if (!headed && mine.columns) {
          table.reset(mine.columns);
          headed = true;
        }
        batch.push(row);
        count++;
        if (batch.length >= 500) {
          table.append(batch);
          batch = [];
          status.textContent = `${count} rows received${mine.buffered ? `, ${mine.buffered} buffered` : ""}`;
          await new Promise((r) => setTimeout(r, 0));   // let the page draw between batches
        }
        while (paused) {
          status.dataset.state = "paused";
          status.textContent = `paused at ${count} rows (${mine.buffered} buffered; the server pauses at ${HIGH_WATER})`;
          await new Promise<void>((r) => (wake = r));
          status.dataset.state = "running";
        }
      }
      if (!headed && mine.columns) {
        table.reset(mine.columns);
      }
      table.append(batch);
      status.dataset.state = "completed";
      status.textContent = `completed: ${mine.totalRows ?? count} rows`;
    } catch (e) {
      table.append(batch);
      status.dataset.state = "error";
      status.textContent = `stopped after ${count} rows: ${describeError(e)}`;
    } finally {
      run.disabled = false;
      pause.disabled = true;
      cancel.disabled = true;
    }
  };

  run.addEventListener("click", () => void execute());
  pause.addEventListener("click", () => setPaused(!paused));
  cancel.addEventListener("click", () => {
    setPaused(false);
    void stream?.cancel();
  });
  return h("section", { id: "view-query" }, h("h2", {}, "Query"), sql,
    h("div", { class: "row" }, run, pause, cancel), status, table.element);
}
