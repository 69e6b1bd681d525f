// The dashboard served by the real jar at /, in headless Chromium (the launch options of
// browser.test.mjs): sign-in, then every view shows live data from the server; a query streams to
// completion (with a pause and resume on the way), a job runs to its drawn answer. Screenshots of
// each view go to target/dashboard-screenshots/ (test artifacts).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { NeuroQuantumWSClient } from "../dist/index.js";
import { jwt, startServer } from "./harness.mjs";

const CHROMIUM = process.env.NQ_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.resolve(import.meta.dirname, "../../../target/dashboard-screenshots");
const TIMEOUT = 30_000;

describe("the dashboard in a browser", { skip: !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM} (set NQ_CHROMIUM)` }, () => {
  let server;
  let browser;
  let page;
  const errors = [];
  before(async () => {
    const { chromium } = await import("playwright-core");
    server = await startServer({
      metrics: { update_interval_ms: 300 },
      channels: { namespaces: {
        custom: { subscribe: ["*"], publish: ["*"], presence: true },
        system: { subscribe: ["*"], publish: ["admin"], history_size: 100 },
        anneal: { subscribe: ["*"], publish: [], owner_only: true },
        query: { subscribe: ["*"], publish: [], policy: "pause", owner_only: true, typed_frames: true, credit_flow: true, history_size: 16 },
      } },
    });
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`http://127.0.0.1:${server.port}/`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  test("a wrong token is refused with the server's reason; a JWT signs in", async () => {
    await page.fill("#signin-token", "not-a-valid-key");
    await page.click("#signin button[type=submit]");
    await page.waitForFunction(() => /refused|unauthor|invalid/i.test(document.querySelector("#signin-status").textContent));
    await page.fill("#signin-token", jwt("dashboard-user"));
    await page.click("#signin button[type=submit]");
    await page.waitForSelector("#user");
    assert.match(await page.textContent("#user"), /dashboard-user/);
  });

  test("server view: the metrics charts fill from system:metrics", async () => {
    await page.waitForFunction(() => Number(document.querySelector("#view-server").dataset.updates) >= 3);
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="connections"]').dataset.points) >= 3);
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="deliveries / s"]').dataset.points) >= 1);
    assert.match(await page.textContent('[data-chart="connections"] .legend'), /open 1/);
    await shot("server");
  });

  test("channels view: messages with offsets, publish, history, presence", async () => {
    const other = new NeuroQuantumWSClient(server.url, { authToken: jwt("someone-else") });
    for (let i = 1; i <= 3; i++) {
      await other.publish("custom:demo", { before: i });
    }
    await page.click('a[href="#channels"]');
    await page.click("#channel-subscribe");
    await page.waitForFunction(() => /subscribed to custom:demo at offset 3/.test(document.querySelector("#channel-status").textContent));
    await other.publish("custom:demo", { live: true });
    await page.waitForFunction(() => document.querySelector("#channel-log tbody").textContent.includes('{"live":true}'));
    await page.click("#channel-publish");
    await page.waitForFunction(() => /published at offset 5/.test(document.querySelector("#channel-status").textContent));
    await page.click("#channel-history");
    await page.waitForFunction(() => /history of custom:demo/.test(document.querySelector("#channel-status").textContent));
    const offsets = await page.$$eval("#channel-log tbody tr td:first-child", (tds) => tds.map((td) => Number(td.textContent)).sort());
    assert.deepEqual(offsets, [1, 2, 3, 4, 5]);
    await other.subscribe("custom:demo");
    await page.click("#channel-presence-button");
    await page.waitForFunction(() => /2 present/.test(document.querySelector("#channel-status").textContent));
    assert.match(await page.textContent("#channel-presence"), /someone-else/);
    other.close();
    await shot("channels");
  });

  test("query view: rows stream to completion through a pause, and errors show the database's reason", async () => {
    await page.click('a[href="#query"]');
    await page.fill("#query-sql", "SELECT id, sensor_id, temperature FROM sensor_readings WHERE id <= 20000 ORDER BY id");
    await page.click("#query-run");
    await page.click("#query-pause");
    await page.waitForFunction(() => document.querySelector("#query-status").dataset.state === "paused");
    await page.click("#query-pause");   // resume
    await page.waitForFunction(() => document.querySelector("#query-status").dataset.state === "completed");
    assert.match(await page.textContent("#query-status"), /completed: 20000 rows/);
    assert.equal(await page.getAttribute("#query-table", "data-rows"), "20000");
    assert.ok((await page.$$("#query-table .vt-body .vt-row")).length < 100, "only the visible rows are in the page");
    await shot("query");
    await page.fill("#query-sql", "SELECT no_such_column FROM sensor_readings");
    await page.click("#query-run");
    await page.waitForFunction(() => document.querySelector("#query-status").dataset.state === "error");
    assert.match(await page.textContent("#query-status"), /NO_SUCH_COLUMN/i);
  });

  test("annealing view: a PT job shows its progress and its answer drawn", async () => {
    await page.click('a[href="#anneal"]');
    await page.selectOption("#anneal-example", "0");   // Max-Cut on a random graph
    await page.fill("#anneal-params", JSON.stringify({ seed: 1, sweeps: 200000 }));
    await page.click("#anneal-submit");
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="best energy vs sweeps"]').dataset.points) >= 2);
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="PT swap acceptance per neighbouring pair"]').dataset.points) > 0);
    await page.waitForFunction(() => ["completed", "cancelled", "failed", "error"].includes(document.querySelector("#anneal-status").dataset.state));
    assert.equal(await page.getAttribute("#anneal-status", "data-state"), "completed", await page.textContent("#anneal-status"));
    assert.match(await page.textContent("#anneal-answer-caption"), /^cut \d+/);
    assert.ok((await page.$$("#anneal-answer-drawing line.cut")).length > 0);
    await shot("anneal");
    assert.deepEqual(errors, []);
  });
});
