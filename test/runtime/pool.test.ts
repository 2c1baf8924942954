// The worker pool: identical results at every thread count, async evaluation on
// workers, errors and dead workers, concurrency, and processes that exit by themselves.
// Needs the built worker (dist/worker.js): `npm test` builds first.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as np from "../../src/index";
import { poolConfig, poolStats, poolWorkers } from "../../runtime/pool";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = existsSync(`${root}/dist/worker.js`);

/** A seeded PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bytes = (a: np.NDArray) => Buffer.from(a.tobytes()).toString("base64");

/** A random elementwise graph over large inputs (so kernels go to the pool). */
function graph(seed: number): () => np.NDArray {
  const r = rng(seed);
  const n = 40_000 + Math.floor(r() * 60_000);
  const cols = [1, 7, 250][Math.floor(r() * 3)];
  const rows = Math.max(2, Math.floor(n / cols));
  const base = Float64Array.from({ length: rows * cols }, () => r() * 4 - 2);
  const other = Float64Array.from({ length: cols }, () => r() * 3);
  const ops = Array.from({ length: 6 }, () => Math.floor(r() * 8));
  return () => {
    let x = np.array(base).reshape(rows, cols);
    const y = np.array(other);
    if (ops[0] % 2) x = x.get("::-1");
    for (const op of ops) {
      switch (op) {
        case 0: x = x.add(y); break;
        case 1: x = np.sin(x).mul(x); break;
        case 2: x = x.mul(1.5).sub(y.div(3)); break;
        case 3: x = np.where(x.gt(0), x, np.exp(x)); break;
        case 4: x = np.hypot(x, y); break;
        case 5: x = x.abs().pow(0.5); break;
        case 6: x = np.maximum(x, y.neg()); break;
        default: x = np.tanh(x).add(x.T.T); break;
      }
    }
    return x;
  };
}

describe.skipIf(!built)("worker pool", () => {
  const saved = { ...poolConfig };
  beforeAll(async () => {
    poolConfig.minParallelSize = 10_000;
    np.setNumThreads(4);
    expect(await np.startWorkers()).toBeGreaterThan(0);
  });
  afterAll(async () => {
    Object.assign(poolConfig, saved);
    await np.shutdown();
  });

  it("gives bit-identical results at 1, 2, 3 and 4 threads, sync and async (random graphs)", async () => {
    const before = poolStats.parallelSteps;
    for (let seed = 1; seed <= 12; seed++) {
      const make = graph(seed);
      np.setNumThreads(1);
      const want = bytes(make().evalSync());
      for (const t of [2, 3, 4]) {
        np.setNumThreads(t);
        expect(bytes(make().evalSync()), `seed ${seed}, ${t} threads, sync`).toBe(want);
        expect(bytes(await make().eval()), `seed ${seed}, ${t} threads, async`).toBe(want);
      }
    }
    expect(poolStats.parallelSteps).toBeGreaterThan(before);
  });

  it("matches the reference interpreter", async () => {
    np.setNumThreads(2);
    for (let seed = 20; seed < 24; seed++) {
      const make = graph(seed);
      const got = await make().eval();
      np.config({ compile: false });
      try { expect(bytes(got)).toBe(bytes(make().evalSync())); } finally { np.config({ compile: true }); }
    }
  });

  it("an error inside a kernel on a worker rejects with NumPy's class, and the pool stays usable", async () => {
    np.setNumThreads(2);
    const base = np.arange(200_000).mod(7).sub(1); // contains -1
    await expect(np.power(np.full([200_000], 2), base).eval()).rejects.toThrow(np.ValueError);
    expect(() => np.power(np.full([200_000], 2), base).evalSync()).toThrow("Integers to negative integer powers are not allowed.");
    const ok = await np.arange(200_000).mul(2).eval();
    expect(ok.item(199_999)).toBe(399_998);
  });

  it("a worker terminated mid-run is replaced, and evaluations complete correctly", async () => {
    np.setNumThreads(3);
    const x = np.linspace(0, 10, 3_000_000).evalSync();
    const want = bytes(np.config({ numThreads: 1 }) && np.sin(x).mul(np.cos(x)).add(x).evalSync());
    np.setNumThreads(3);
    const replacedBefore = poolStats.workersReplaced;
    const results: Promise<np.NDArray>[] = [];
    for (let i = 0; i < 6; i++) results.push(np.sin(x).mul(np.cos(x)).add(x).eval());
    // kill a worker while those run
    await new Promise((r) => setTimeout(r, 5));
    await poolWorkers()[0].terminate();
    for (const r of await Promise.all(results)) expect(bytes(r)).toBe(want);
    // the pool notices and replaces it on the next evaluation
    expect(bytes(await np.sin(x).mul(np.cos(x)).add(x).eval())).toBe(want);
    await np.startWorkers();
    expect(bytes(np.sin(x).mul(np.cos(x)).add(x).evalSync())).toBe(want);
    expect(poolStats.workersReplaced).toBeGreaterThan(replacedBefore);
  }, 60_000);

  it("hundreds of concurrent eval() promises all resolve to the right values", async () => {
    np.setNumThreads(2);
    const a = np.linspace(-1, 1, 50_000).evalSync();
    const ps = Array.from({ length: 200 }, (_, i) => a.mul(i).add(1).eval().then((r) => [i, r] as const));
    for (const [i, r] of await Promise.all(ps)) {
      expect(r.item(0)).toBeCloseTo(-i + 1, 12);
      expect(r.item(49_999)).toBeCloseTo(i + 1, 12);
    }
  });

  it("in-place writes stay on the calling thread and stay ordered with pending reads", async () => {
    np.setNumThreads(2);
    const a = np.arange(100_000).astype("float64").evalSync();
    const b = a.mul(2);          // pending: reads a
    a.iadd(1);                   // b must see the old a
    const c = await b.eval();
    expect(c.item(10)).toBe(20);
    expect(a.item(10)).toBe(11);
  });
});

describe.skipIf(!built)("process lifetime", () => {
  it("a script that never calls np.shutdown() exits as soon as its work is done", () => {
    const script = `
      import * as np from ${JSON.stringify(`${root}/dist/index.js`)};
      np.config({ numThreads: 2, minParallelSize: 1000 });
      await np.startWorkers();
      const x = await np.linspace(0, 1, 1_000_000).mul(3).eval();
      console.log(x.sum().item() > 0 ? "ok" : "bad");`;
    const t = Date.now();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
    expect(r.stdout.trim()).toBe("ok");
    expect(r.status).toBe(0);
    expect(Date.now() - t).toBeLessThan(15_000);
  });
});
