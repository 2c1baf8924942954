/**
 * Fused reductions: NumPy's summation order (bit for bit, against NumPy 1.24 fixtures
 * from test/fixtures/gen_reduce_order.py), accuracy on 1e7 elements against the exactly
 * rounded sum, the same bits at every thread count, fusion as explain() reports it, and
 * fused float reductions over random layouts against the reference interpreter.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { config } from "../../src/ndarray";
import { poolConfig } from "../../runtime/pool";

interface Want { values?: number[]; re?: number[]; im?: number[]; shape: number[]; dtype: string }
interface Case { name: string; op: string; dtype: string; n?: number; shape?: number[]; axis?: number | null; want: Want }
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../fixtures/reduce_order.json"), "utf8")) as { cases: Case[]; accuracy: { n: number; numpy: number; exact: number } };

/** x_i = ((i * 7919) % 10007 - 5003) / 997, as the generator computes it. */
function data(n: number, offset = 0): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (((offset + i) * 7919) % 10007 - 5003) / 997;
  return x;
}

function build(c: Case): np.NDArray {
  const n = c.n ?? c.shape!.reduce((a, b) => a * b, 1);
  let x: np.NDArray = np.asarray(data(n));
  if (c.dtype === "float32") x = x.astype("float32");
  if (c.dtype === "complex128") x = np.add(x, np.multiply(np.asarray(data(n, 5)), np.array({ re: 0, im: 1 })));
  if (c.shape) x = x.reshape(c.shape);
  if (c.op === "prod1") return np.prod(np.add(1, np.divide(x, 1e4)));
  const f = { sum: np.sum, mean: np.mean, std: np.std, var: np.var }[c.op]!;
  return f(x, c.axis === undefined ? null : c.axis);
}

const bits = (a: np.NDArray) => Array.from(new Uint8Array(a.evalSync().tobytes()));

describe("NumPy's summation order, bit for bit", () => {
  for (const mode of ["compiled", "interpreted"] as const) {
    it(`${fx.cases.length} cases (${mode})`, () => {
      const saved = config.compile;
      config.compile = mode === "compiled";
      const bad: string[] = [];
      try {
        for (const c of fx.cases) {
          const r = build(c);
          expect(r.shape, c.name).toEqual(c.want.shape);
          const got = (r.size === 1 ? [r.item()] : (r.ravel().tolist() as unknown[])) as (number | { re: number; im: number })[];
          got.forEach((g, i) => {
            const w = c.want.values ? c.want.values[i] : { re: c.want.re![i], im: c.want.im![i] };
            if (!Object.is(typeof g === "object" ? g.re : g, typeof w === "object" ? w.re : w) || (typeof w === "object" && !Object.is((g as { im: number }).im, w.im)))
              bad.push(`${c.name} [${i}]: ${JSON.stringify(g)} vs NumPy ${JSON.stringify(w)}`);
          });
        }
      } finally {
        config.compile = saved;
      }
      expect(bad.slice(0, 50).join("\n")).toBe("");
    });
  }
});

/** The exactly rounded sum (Shewchuk's algorithm, as Python's math.fsum). */
function fsum(x: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let v = x[i], k = 0;
    for (const p of partials) {
      let hi = v + p;
      const lo = Math.abs(v) < Math.abs(p) ? v - (hi - p) : p - (hi - v);
      if (lo) partials[k++] = lo;
      v = hi;
      hi = 0;
    }
    partials.length = k;
    partials.push(v);
  }
  let s = 0;
  for (let i = partials.length - 1; i >= 0; i--) s += partials[i];
  return s;
}

describe("accuracy and determinism", () => {
  const saved = { ...poolConfig };
  beforeAll(async () => { poolConfig.minParallelSize = 10_000; await np.startWorkers(); });
  afterAll(() => { poolConfig.minParallelSize = saved.minParallelSize; np.setNumThreads(saved.numThreads); });

  it("a 1e7-element float64 sum is at least as accurate as NumPy's against the exactly rounded sum", () => {
    const { n, numpy, exact } = fx.accuracy;
    const x = data(n);
    expect(fsum(x)).toBe(exact); // the data is the generator's
    const ours = np.sum(np.asarray(x)).item() as number;
    const ulp = Math.abs(exact) * 2 ** -52;
    expect(Math.abs(ours - exact)).toBeLessThanOrEqual(Math.abs(numpy - exact) + ulp);
  });

  it("gives the same bits at 1, 2, 3 and 4 threads, sync and async (sum, mean, std, max over each layout)", async () => {
    // np.array copies into pooled shared memory: workers can read it (a wrapped Float64Array stays on the caller)
    const x = np.array(data(3_000_000)), m = x.reshape(1500, 2000);
    const before = np.poolStats.parallelSteps;
    const exprs = () => [
      np.sum(x), np.mean(np.multiply(x, x)), np.std(m, 0), np.sum(m, 1), np.max(m.T, 1), np.sum(m.get("::-1, ::3")),
      np.var(m.T, 0), np.prod(np.add(1, np.divide(m.get(":3"), 1e6)), 1), np.sum(np.subtract(m.get(":, None, :64"), m.get("None, :40, :64")).pow(2), -1),
    ];
    np.setNumThreads(1);
    const want = exprs().map(bits);
    for (const t of [2, 3, 4]) {
      np.setNumThreads(t);
      expect(exprs().map(bits)).toEqual(want);
      const rs = exprs();
      await np.eval(...rs);
      expect(rs.map(bits)).toEqual(want);
    }
    expect(np.poolStats.parallelSteps).toBeGreaterThan(before);
  });
});

describe("fusion", () => {
  const steps = (s: string) => s.split("\n").filter((l) => /^step \d+/.test(l));

  it("sum((A[:, None, :] - B[None, :, :]) ** 2, axis=-1) is one kernel, no (n, m, d) temporary", () => {
    const A = np.asarray(data(30 * 8)).reshape(30, 8), B = np.asarray(data(20 * 8, 3)).reshape(20, 8);
    const r = np.sum(A.get(":, None, :").sub(B.get("None, :, :")).pow(2), { axis: -1 });
    expect(steps(np.explain(r))).toEqual(["step 1: fused reduction: add over axes (2) of [30,20,8] -> 1 output of shape [30,20] (epilogue included)"]);
    const direct = np.subtract(A.get(":, None, :"), B.get("None, :, :"));
    direct.evalSync();
    expect(np.allclose(r, np.sum(np.multiply(direct, direct), -1)).item()).toBe(true);
  });

  it("x.sub(x.mean()).div(x.std()) takes three passes: mean, variance (+ sqrt), the result", () => {
    const x = np.asarray(data(1000));
    const s = steps(np.explain(x.sub(x.mean()).div(x.std())));
    expect(s.length).toBe(3);
    expect(s[0]).toMatch(/fused reduction/);
    expect(s[1]).toMatch(/fused reduction/);
    expect(s[2]).toMatch(/fused kernel/);
  });

  it("reductions of one input space share a loop (sum and max along an axis)", async () => {
    const m = np.asarray(data(600)).reshape(20, 30);
    const a = np.sum(m, 1), b = np.max(m, 1), c = np.min(m.mul(2), 1);
    expect(steps(np.explain(a, b, c)).length).toBe(1);
    await np.eval(a, b, c);
    expect(a.tolist()).toEqual(np.sum(m.copy(), 1).tolist());
  });

  it("an empty reduction gives the identity through the epilogue", () => {
    expect(np.sum(np.zeros([3, 0]), 1).add(1).tolist()).toEqual([1, 1, 1]);
    expect(np.max(np.zeros([0, 2]), { axis: 0, initial: 5 }).tolist()).toEqual([5, 5]);
  });
});

// ---- random layouts: fused float reductions against the reference interpreter --------

class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 1; }
  next(): number { this.s ^= this.s << 13; this.s >>>= 0; this.s ^= this.s >>> 17; this.s ^= this.s << 5; this.s >>>= 0; return this.s / 2 ** 32; }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
}

describe("fused reductions over random layouts match the interpreter", () => {
  it("300 random cases: ints, bools, extrema and their indices exactly, float sums to rounding", () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Rng(seed);
      const nd = 1 + r.int(3);
      const shape = Array.from({ length: nd }, () => 1 + r.int(r.next() < 0.2 ? 300 : 12));
      const dtype = r.pick(["float64", "float32", "int32", "int8", "bool", "complex128"] as const);
      const size = shape.reduce((a, b) => a * b, 1);
      const base = (off: number) => {
        let a: np.NDArray = np.asarray(data(size * 2, off)).get(`::2`).reshape(shape);
        if (dtype === "bool") a = a.gt(0);
        else if (dtype !== "float64") a = dtype === "complex128" ? np.add(a, np.multiply(a, np.array({ re: 0, im: 0.5 }))) : a.mul(dtype === "float32" ? 1 : 7).astype(dtype);
        if (r.next() < 0.5) a = a.T;
        if (r.next() < 0.3) a = a.get([...Array(a.ndim)].map(() => (r.next() < 0.5 ? "::-1" : ":")));
        return a;
      };
      const x = base(seed), y = base(seed + 17);
      const axes = [...Array(nd).keys()].filter(() => r.next() < 0.5);
      const op = r.pick(["sum", "prod", "max", "min", "mean", "any", "all", "std", "argmax", "argmin"] as const);
      if (dtype === "complex128" && (op === "std" || op === "prod")) continue;
      const make = () => {
        const input = dtype === "bool" ? np.logicalXor(x, y) : r.next() < 0.5 ? np.add(x, y) : np.multiply(x, x.T.T);
        const f = np[op] as (a: np.NDArray, o: object) => np.NDArray;
        const arg = op === "argmax" || op === "argmin";
        return f(input, { axis: axes.length ? (arg ? axes[0] : axes) : null, keepdims: r.next() < 0.3 });
      };
      const state = r.next();
      const saved = config.compile;
      try {
        config.compile = true;
        const c = make();
        (r as unknown as { s: number }).s = Math.floor(state * 2 ** 32) || 1;
        config.compile = false;
        const i = make();
        const cv = c.ravel().tolist() as unknown[], iv = i.ravel().tolist() as unknown[];
        const exact = !/float|complex/.test(String(c.dtype)) || op === "max" || op === "min" || op === "argmax" || op === "argmin";
        cv.forEach((v, k) => {
          const w = iv[k];
          const num = (z: unknown) => (typeof z === "object" && z !== null ? (z as { re: number }).re : Number(z));
          const ok = exact ? JSON.stringify(v) === JSON.stringify(w) : Object.is(num(v), num(w)) || Math.abs(num(v) - num(w)) <= 1e-9 * (1 + Math.abs(num(w))) || (Number.isNaN(num(v)) && Number.isNaN(num(w)));
          if (!ok) bad.push(`seed ${seed}: ${op} ${dtype} ${JSON.stringify(shape)} axes ${axes} [${k}]: ${JSON.stringify(v)} vs ${JSON.stringify(w)}`);
        });
      } finally {
        config.compile = saved;
      }
    }
    expect(bad.slice(0, 5).join("\n")).toBe("");
  });
});
