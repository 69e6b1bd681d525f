// The package in a real browser: headless Chromium opens examples/browser.html (the README's browser
// walk-through), which loads dist/index.js as a plain ES module (no bundler, no `ws`), talks to the
// real server, subscribes, publishes and streams a query.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { jwt, startServer } from "./harness.mjs";

const CHROMIUM = process.env.NQ_CHROMIUM ?? "/usr/bin/chromium";
const ROOT = path.resolve(import.meta.dirname, "..");
const TYPES = { ".html": "text/html", ".js": "text/javascript" };

function serveStatic() {
  const server = http.createServer((req, res) => {
    const file = path.join(ROOT, decodeURIComponent(new URL(req.url, "http://localhost").pathname));
    if (file.startsWith(ROOT + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("in a browser", { skip: !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM} (set NQ_CHROMIUM)` }, () => {
  let server;
  let pages;
  let browser;
  before(async () => {
    const { chromium } = await import("playwright-core");
    pages = await serveStatic();
    // the page comes from another origin (another port) than the server: allow it explicitly
    server = await startServer({ http: { allowed_origins: [`http://127.0.0.1:${pages.address().port}`] } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
    pages?.close();
    await server?.stop();
  });

  test("examples/browser.html: subscribe, publish, receive and stream a query", async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const q = new URLSearchParams({ ws: server.url, token: jwt("browser") });
    await page.goto(`http://127.0.0.1:${pages.address().port}/examples/browser.html?${q}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    assert.deepEqual(errors, []);
    assert.equal(result.error, undefined);
    assert.deepEqual(result.received, [{ text: "hello from the browser" }]);
    assert.equal(result.offset, 1);
    assert.equal(result.rows, 5000);
    assert.equal(result.total, 5000);
    assert.equal(result.sum, (5000 * 5001) / 2);
    assert.deepEqual(result.columns, ["id"]);
  });
});
