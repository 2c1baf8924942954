// Parallel random fills (src/random/parallel.ts): block k of the array is NumPy's draw from
// rng.spawn(nblocks)[k] (fixtures from test/fixtures/gen_random_parallel.py), and the array is
// the same bits at any thread count, sync and async.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { MT19937, PCG64, PCG64DXSM, Philox, SFC64 } from "../../src/random/bitgenerators";
import { parallelDraw } from "../../src/random/parallel";
import { poolConfig, poolStats } from "../../runtime/pool";

interface Call { positions: number[]; values: number[]; sum: number }
interface Case { engine: string; seed: number; method: string; n: number; dtype: string; calls: Call[] }
const fixture = JSON.parse(readFileSync(new URL("../fixtures/random_parallel.json", import.meta.url), "utf8")) as { cases: Case[] };

const ENGINES = { PCG64, PCG64DXSM, MT19937, Philox, SFC64 } as const;
type Engine = InstanceType<(typeof ENGINES)[keyof typeof ENGINES]>;

function draw(bg: Engine, method: string, n: number, float32: boolean): np.NDArray {
  switch (method) {
    case "normal": return parallelDraw(bg, "standardNormal", n, { a: 3, b: 2.5 });
    case "uniform": return parallelDraw(bg, "random", n, { a: -2, b: 7 });
    case "exponential": return parallelDraw(bg, "standardExponential", n, { b: 0.75 });
    default: return parallelDraw(bg, method as "random", n, { float32 });
  }
}

const digest = (a: np.NDArray) => createHash("sha256").update(new Uint8Array(a.evalSync().tobytes())).digest("hex");

describe("parallel random fills", () => {
  const saved = { minParallelSize: poolConfig.minParallelSize, threads: poolConfig.numThreads };
  beforeAll(async () => { poolConfig.minParallelSize = 1000; await np.startWorkers(); });
  afterAll(() => { poolConfig.minParallelSize = saved.minParallelSize; np.setNumThreads(saved.threads); });

  for (const c of fixture.cases) {
    it(`${c.engine}(${c.seed}) ${c.method} ${c.dtype} n=${c.n}: NumPy's draws from rng.spawn, call after call`, () => {
      const bg = new ENGINES[c.engine as keyof typeof ENGINES](c.seed);
      for (const call of c.calls) {
        const x = draw(bg, c.method, c.n, c.dtype === "float32");
        expect(String(x.dtype)).toBe(c.dtype);
        const v = x.evalSync().data as Float64Array;
        const got = call.positions.map((p) => v[p]);
        expect(got).toEqual(call.values);
      }
    });
  }

  it("the same bits at 1, 2 and 3 threads, sync and async, on the pool", async () => {
    const make = () => [parallelDraw(new PCG64(5), "standardNormal", 700_001), parallelDraw(new MT19937(6), "random", 300_000, { float32: true })];
    np.setNumThreads(1);
    const want = make().map(digest);
    for (const t of [2, 3]) {
      np.setNumThreads(t);
      const before = poolStats.parallelSteps;
      expect(make().map(digest)).toEqual(want);
      expect(poolStats.parallelSteps).toBeGreaterThan(before);
      const rs = make();
      await np.eval(...rs);
      expect(rs.map(digest)).toEqual(want);
    }
  });
});
