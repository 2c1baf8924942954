// Blocked opaque steps (runtime/blocks.ts): hand-written work split in independent units
// runs on the pool and gives the same bits at any thread count, sync and async.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { poolConfig, poolStats } from "../../runtime/pool";
import { SEGMENT } from "../../runtime/sort";

import { createHash } from "node:crypto";

/** A digest of an array's bytes (comparing megabytes element by element is slow in expect). */
const bits = (a: np.NDArray) => createHash("sha256").update(new Uint8Array(a.evalSync().tobytes())).digest("hex");

describe("blocked steps on the pool", () => {
  const saved = { minParallelSize: poolConfig.minParallelSize, threads: poolConfig.numThreads };
  beforeAll(async () => { poolConfig.minParallelSize = 1000; await np.startWorkers(); });
  afterAll(() => { poolConfig.minParallelSize = saved.minParallelSize; np.setNumThreads(saved.threads); });

  it("batched FFTs (rows of every axis, real and complex) are the same bits at 1, 2 and 3 threads, sync and async", async () => {
    const x = np.sin(np.arange(96 * 1000).reshape(96, 1000).mul(0.37)).evalSync();
    const z = np.add(x, np.multiply(np.cos(x), np.array({ re: 0, im: 1 }))).evalSync();
    const make = () => [np.fft.fft(z), np.fft.fft(z, { axis: 0 }), np.fft.rfft(x), np.fft.irfft(z, 512), np.fft.ifft(z.T, 700)];
    np.setNumThreads(1);
    const want = make().map(bits);
    for (const t of [2, 3]) {
      np.setNumThreads(t);
      const before = poolStats.parallelSteps;
      expect(make().map(bits)).toEqual(want);
      expect(poolStats.parallelSteps).toBeGreaterThan(before);
      const rs = make();
      await np.eval(...rs);
      expect(rs.map(bits)).toEqual(want);
    }
  });

  it("sorts (one long row in segments merged, or runs of rows) are NumPy's order at 1, 2 and 3 threads, sync and async", async () => {
    const n = 3 * SEGMENT + 12345;
    // values with many ties, NaNs and both zeros
    const v = np.floor(np.sin(np.arange(n).mul(0.731)).mul(50)).evalSync();
    const x = np.where(np.equal(np.remainder(np.arange(n), 97), 0), NaN, np.where(np.equal(np.remainder(np.arange(n), 89), 0), -0, v)).evalSync();
    const m = x.reshape(n / 3 >> 0 === n / 3 ? [3, n / 3] : [1, n]).evalSync();
    const make = () => [np.sort(x), np.sort(x.astype("float32")), np.sort(x.astype("int16")), np.sort(m), np.sort(m, 0), np.sort(x.get("::-3"))];
    // the reference: a comparison sort in NumPy's order (NaNs last), zeros in input order (stable)
    const want = Array.from(x.data as Float64Array).map((y, i) => [y, i]).sort((p, q) => {
      const a = p[0], b = q[0];
      if (a !== a || b !== b) return a !== a ? (b !== b ? p[1] - q[1] : 1) : -1;
      return a - b || p[1] - q[1];
    }).map((p) => p[0]);
    np.setNumThreads(1);
    const first = make();
    expect(Array.from(first[0].data as Float64Array).map((y) => (Object.is(y, -0) ? "-0" : y))).toEqual(want.map((y) => (Object.is(y, -0) ? "-0" : y)));
    const digests = first.map(bits);
    for (const t of [2, 3]) {
      np.setNumThreads(t);
      const before = poolStats.parallelSteps;
      expect(make().map(bits)).toEqual(digests);
      expect(poolStats.parallelSteps).toBeGreaterThan(before);
      const rs = make();
      await np.eval(...rs);
      expect(rs.map(bits)).toEqual(digests);
    }
  });

  it("large unweighted histograms count in chunks on the pool: the counts of the edges' search path, at 1, 2 and 3 threads", async () => {
    const x = np.sin(np.arange(1_000_003).mul(0.913)).mul(3).evalSync(), x32 = x.astype("float32").evalSync();
    const edges = np.linspace(-2.5, 2.5, 38);
    const make = () => [np.histogram(x, 37, { range: [-2.5, 2.5] })[0], np.histogram(x32, 100)[0], np.histogram(x.get("::-2"), 10)[0]];
    np.setNumThreads(1);
    const first = make();
    expect(first[0].tolist()).toEqual(np.histogram(x, edges)[0].tolist());
    expect(np.sum(first[1]).item()).toBe(1_000_003);
    const want = first.map(bits);
    for (const t of [2, 3]) {
      np.setNumThreads(t);
      const before = poolStats.parallelSteps;
      expect(make().map(bits)).toEqual(want);
      expect(poolStats.parallelSteps).toBeGreaterThan(before);
      const rs = make();
      await np.eval(...rs);
      expect(rs.map(bits)).toEqual(want);
    }
  });

  it("explain() names the blocked step and its units", () => {
    const x = np.ones([64, 4096]);
    expect(np.explain(np.fft.fft(x))).toMatch(/opaque 'fft' -> \[64,4096\][\s\S]*in 8 independent units/);
  });
});
