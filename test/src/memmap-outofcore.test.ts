// Out of core for real: a child `node --max-old-space-size=64` process maps two 400 MB float64
// files (each six times its heap limit) and evaluates a*b + 2*a into a third memmap chunk by
// chunk; sampled values must be right and the child's peak RSS far below the data's size.
// Needs a build (`npm test` builds dist/; NUMFUSE_DIST=<dir> points at a private one).
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = process.env.NUMFUSE_DIST ?? join(root, "dist");
const built = existsSync(join(dist, "index.js")) && existsSync(join(dist, "worker.js"));

const ROWS = 50_000, COLS = 1000; // 5e7 float64: 400 MB a file

/** The child: fills a and b from small broadcast operands, then o = a*b + 2*a; prints what it saw. */
const child = (dir: string) => `
import * as np from ${JSON.stringify(join(dist, "index.js"))};
const dir = ${JSON.stringify(dir)}, R = ${ROWS}, C = ${COLS};
const opts = { dtype: "float64", mode: "w+", shape: [R, C] };
const a = await np.memmap(dir + "/a.dat", opts), b = await np.memmap(dir + "/b.dat", opts), o = await np.memmap(dir + "/o.dat", opts);
const rows = np.arange(R).reshape(R, 1).astype("float64"), cols = np.arange(C).astype("float64");
np.add(rows.mul(C), cols, { out: a });            // a[i, j] = i*C + j
np.multiply(rows.mul(1e-6), np.cos(cols), { out: b }); // b[i, j] = i*1e-6 * cos(j)
const t0 = performance.now();
np.add(a.mul(b), a.mul(2), { out: o });
const seconds = (performance.now() - t0) / 1000;
const r = await np.memmap(dir + "/o.dat", { dtype: "float64", mode: "r", shape: [R, C] });
const samples = [[0, 0], [1, 2], [12345, 678], [R - 1, C - 1], [R >> 1, 0], [777, C - 1]].map(([i, j]) => [i, j, r.get(i + ", " + j + ":" + (j + 1)).item(0)]);
const mean = r.mean().item();
console.log(JSON.stringify({ seconds, samples, mean, maxRssMB: process.resourceUsage().maxRSS / 1024, heapMB: process.memoryUsage().heapUsed / 2 ** 20 }));
`;

describe.skipIf(!built)("out of core in a 64 MB heap", () => {
  it("a*b + 2*a over two 400 MB memmaps into a third, chunk by chunk", () => {
    const dir = mkdtempSync(join(tmpdir(), "numfuse-ooc-"));
    try {
      const p = spawnSync(process.execPath, ["--max-old-space-size=64", "--input-type=module", "-e", child(dir)], { encoding: "utf8", timeout: 120_000 });
      expect(p.status, p.stderr).toBe(0);
      const out = JSON.parse(p.stdout.trim().split("\n").pop()!) as { seconds: number; samples: [number, number, number][]; mean: number; maxRssMB: number };
      for (const [i, j, v] of out.samples) {
        const a = i * COLS + j, b = i * 1e-6 * Math.cos(j);
        expect(v, `o[${i}, ${j}]`).toBeCloseTo(a * b + 2 * a, 6);
      }
      // the mean of a*b + 2*a in closed form (sums over i and j separate)
      let sumCos = 0, sumJCos = 0;
      for (let j = 0; j < COLS; j++) { sumCos += Math.cos(j); sumJCos += j * Math.cos(j); }
      let s = 0;
      for (let i = 0; i < ROWS; i++) s += i * 1e-6 * (i * COLS * sumCos + sumJCos) + 2 * (i * COLS * COLS + (COLS * (COLS - 1)) / 2);
      expect(out.mean / (s / (ROWS * COLS))).toBeCloseTo(1, 9);
      // 1.2 GB went through the files; the process never held more than a few chunks of it
      expect(out.maxRssMB).toBeLessThan(300);
      console.log(`out of core: ${(2 * 400) / out.seconds / 1000} GB/s of inputs, ${out.seconds.toFixed(2)} s, peak RSS ${out.maxRssMB.toFixed(0)} MB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
