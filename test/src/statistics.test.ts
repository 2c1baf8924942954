// Checks src/statistics.ts against NumPy 1.24 (test/fixtures/statistics.json, written by
// test/fixtures/gen_statistics.py, which records each call as data so that it replays
// here without a hand-written twin) in both evaluation modes; then what NumPy's values do
// not show: laziness, inputs left as they were, fusion.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { checker, fixtureFile, decodeArray } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values: EncValue[] }
type Arg = number | string | boolean | null | Arg[]
  | { array: EncArray; view?: string; pending?: boolean }
  | { zeros: number[]; dtype: string };
interface Call { fn: string; args: Arg[]; kw: Record<string, Arg>; tol: number; intp?: boolean; returnsOut?: boolean }

const file = fixtureFile("statistics");
const check = checker(file);
const calls = file.cases as unknown as Record<string, Call>;



function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  if ("zeros" in a) return np.zeros(a.zeros, { dtype: a.dtype });
  let arr = decodeArray(a.array);
  if (a.pending) arr = arr.mul(1);
  if (a.view) arr = a.view === "T" ? arr.T : arr.get(a.view);
  return arr;
}

/** Replays one recorded call: positional arguments, then the options object. */
function replay(c: Call): unknown {
  const fn = (np as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  const args = c.args.map(decode);
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  const r = fn(...args, ...(Object.keys(kw).length ? [kw] : []));
  return c.returnsOut ? kw.out : r;
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("statistics vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(calls)) {
    it(name, () => {
      config.compile = compile;
      check(name, () => replay(c), { tol: c.tol, intp: c.intp });
    });
  }
});

describe("statistics: laziness and memory", () => {
  it("builds nodes at the call and computes only when read", () => {
    const a = np.arange(12).reshape(3, 4).mul(2);
    const results = [np.median(a, 1), np.percentile(a, [10, 90], { axis: 0 }), np.nanquantile(a, 0.5), np.average(a, { axis: 0 }) as NDArray,
      np.cov(a), np.corrcoef(a), np.diff(a), np.ediff1d(a), np.trapz(a)];
    for (const r of results) expect(r.isPending).toBe(true);
    expect(a.isPending).toBe(true);
    expect(results[0].tolist()).toEqual([3, 11, 19]);
  });

  it("a later write to the input does not change a pending result", () => {
    const a = np.array([5, 1, 4, 2, 3]);
    const m = np.median(a), q = np.quantile(a, [0, 1]), d = np.diff(a);
    a.set(0, 100);
    expect(m.item()).toBe(3);
    expect(q.tolist()).toEqual([1, 5]);
    expect(d.tolist()).toEqual([-4, 3, -2, 1]);
    expect(np.median(a).item()).toBe(3);
    expect(np.max(np.quantile(a, 1, { method: "lower" })).item()).toBe(100);
  });

  it("selection works on a scratch copy: the input keeps its order", () => {
    const a = np.array([[9, 3, 7, 1], [2, 8, 6, 4]], { dtype: "float64" });
    np.median(a, 1).evalSync();
    np.percentile(a, [25, 50, 75], { method: "nearest" }).evalSync();
    np.nanmedian(a.T, 0).evalSync();
    expect(a.tolist()).toEqual([[9, 3, 7, 1], [2, 8, 6, 4]]);
  });

  it("many quantiles of a long row (sorted) agree with few (selected)", () => {
    const a = np.array(Array.from({ length: 1001 }, (_, i) => ((i * 7919) % 1001) / 7));
    const qs = Array.from({ length: 20 }, (_, i) => i / 19);
    const many = np.quantile(a, qs).tolist() as number[];
    qs.forEach((q, i) => expect(np.quantile(a, q).item()).toBe(many[i]));
  });

  it("cov fuses the centred product into reductions; diff and trapz into one kernel each", () => {
    const x = np.array([[1.5, 2, 3, 4], [4, 2, 7, 1], [0, 1, 1, 5]]);
    const steps = (r: NDArray) => r.explain().split("\n").filter((l) => l.startsWith("step")).length;
    expect(steps(np.cov(x))).toBeLessThanOrEqual(2);
    expect(steps(np.diff(x.mul(2), { n: 2 }))).toBe(1);
    expect(np.median(x.mul(2), 1).explain()).toContain("opaque 'median'");
  });

  it("average with `returned` gives [average, sum of weights]; trapezoid is trapz", () => {
    const [avg, scl] = np.average(np.array([1, 2, 3]), { weights: [3, 1, 0], returned: true }) as [NDArray, NDArray];
    expect(avg.item()).toBe(1.25);
    expect(scl.item()).toBe(4);
    expect(np.trapezoid).toBe(np.trapz);
  });
});
