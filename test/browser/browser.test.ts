// numfuse in a browser: headless Chromium loads the ESM build from a local server. With
// COOP/COEP headers the page is cross-origin isolated, so memory is shared and kernels
// run on Web Workers; without them the same page still works, on the main thread only.
// Needs Debian's chromium (/usr/bin/chromium) and the build (`npm test` builds first).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ready = existsSync(CHROMIUM) && existsSync(join(root, "dist/index.js"));

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import * as np from "/dist/index.js";
try {
  np.config({ minParallelSize: 10000 });
  const workers = await np.startWorkers();
  const a = np.linspace(0, 1, 200000), b = np.linspace(2, 3, 200000);
  const fused = a.mul(b).add(a.mul(2));            // one kernel
  const r = await fused.eval();                      // on the workers when isolated
  const s = np.sin(a).pow(2).add(np.cos(a).pow(2)).evalSync();
  window.result = {
    isolated: self.crossOriginIsolated, workers,
    first: r.item(0), mid: r.item(100000), last: r.item(199999),
    ones: s.sum().item(), repr: np.array([[1, 2], [3, 4]]).repr(),
    parallelSteps: np.poolStats.parallelSteps,
  };
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".map": "application/json" };

function serve(isolated: boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = isolated
      ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
      : {};
    if (url.pathname === "/") {
      res.writeHead(200, { ...headers, "Content-Type": "text/html" });
      return res.end(PAGE);
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(join(root, "dist")) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe.skipIf(!ready)("in headless Chromium", () => {
  let browser: Browser;
  const servers: Server[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.close();
  });

  async function run(isolated: boolean) {
    const server = await serve(isolated);
    servers.push(server);
    const port = (server.address() as { port: number }).port;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  const check = (r: Record<string, unknown>) => {
    expect(r.error).toBeUndefined();
    const x = (i: number) => i / 199999, f = (i: number) => x(i) * (2 + x(i)) + 2 * x(i);
    expect(r.first).toBeCloseTo(f(0), 12);
    expect(r.mid).toBeCloseTo(f(100000), 12);
    expect(r.last).toBeCloseTo(f(199999), 12);
    expect(r.ones).toBeCloseTo(200000, 6);
    expect(r.repr).toBe("array([[1, 2],\n       [3, 4]], dtype=int32)");
  };

  it("with COOP/COEP: shared memory, kernels on Web Workers", async () => {
    const r = await run(true);
    check(r);
    expect(r.isolated).toBe(true);
    expect(r.workers).toBeGreaterThan(0);
    expect(r.parallelSteps).toBeGreaterThan(0);
  }, 60_000);

  it("without those headers: the same page works on the main thread", async () => {
    const r = await run(false);
    check(r);
    expect(r.isolated).toBe(false);
    expect(r.parallelSteps).toBe(0);
  }, 60_000);
});
