// Checks src/histogram.ts against NumPy 1.24 (test/fixtures/histogram.json, written by
// test/fixtures/gen_histogram.py, which records each call as data) in both evaluation
// modes; then what NumPy's values do not show: laziness and inputs read at evaluation.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { checker, fixtureFile } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values: EncValue[] }
type Arg = number | string | boolean | null | Arg[] | { array: EncArray } | { seq: [number, number, "f" | "i" | "w"] };
interface Call { fn: string; args: Arg[]; kw: Record<string, Arg>; tol: number; intp?: boolean }

const file = fixtureFile("histogram");
const check = checker(file);
const calls = file.cases as unknown as Record<string, Call>;

const float = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

/** gen_histogram.py's seeded sequence: r_i = (i * 7919 + seed * 104729) % 10007. */
function seq(n: number, seed: number, kind: "f" | "i" | "w"): NDArray {
  const r = Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % 10007);
  if (kind === "i") return np.array(r.map((v) => v % 23), { dtype: "int32" });
  return np.array(Float64Array.from(r, (v) => (kind === "f" ? v / 97 - 50 : v / 1000)));
}

function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  if ("seq" in a) return seq(...a.seq);
  const e = a.array;
  const values = e.values.map((v) => (Array.isArray(v) ? { re: float(v[0]), im: float(v[1]) } : typeof v === "string" ? float(v) : v));
  return np.array(values, { dtype: e.dtype }).reshape(e.shape);
}

function replay(c: Call): unknown {
  const fn = (np as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  return fn(...c.args.map(decode), ...(Object.keys(kw).length ? [kw] : []));
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("histogram vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(calls)) {
    it(name, () => {
      config.compile = compile;
      check(name, () => replay(c), { tol: c.tol, intp: c.intp });
    });
  }
});

describe("histogram: laziness", () => {
  it("counts with given edges or range stay pending and read the input when evaluated", () => {
    const a = np.array([0.5, 1.5, 2.5]).mul(2);
    const [h] = np.histogram(a, { bins: 3, range: [0, 6] });
    const [h2] = np.histogram(a, { bins: [0, 2, 4, 6] });
    const d = np.digitize(a, [0, 2, 4]);
    expect(a.isPending).toBe(true);
    expect(h.isPending && h2.isPending && d.isPending).toBe(true);
    expect(h.tolist()).toEqual([1, 1, 1]);
    expect(h2.tolist()).toEqual([1, 1, 1]);
    expect(d.tolist()).toEqual([1, 2, 3]);
  });

  it("bincount reads its input at the call: its length depends on it", () => {
    const x = np.array([0, 2, 2], { dtype: "int32" });
    const c = np.bincount(x);
    expect(c.shape).toEqual([3]);
    expect(c.tolist()).toEqual([1, 0, 2]);
  });
});

describe("histogram: inputs written after the call", () => {
  it("pending results keep the values of the call", () => {
    const x = np.array([0.5, 1.5, 2.5]), bins = np.array([0.0, 1.0, 2.0, 3.0]);
    const d = np.digitize(x, bins), [h] = np.histogram(x, { bins: 3, range: [0, 3] }), c = np.bincount(np.array([0, 2]));
    bins.set(1, 10); x.set(0, 2.9);
    expect(d.tolist()).toEqual([1, 2, 3]);
    expect(h.tolist()).toEqual([1, 1, 1]);
    expect(c.tolist()).toEqual([1, 0, 1]);
  });
});

describe("large unweighted equal-bin histograms (counted in 65536-element chunks)", () => {
  it("give the counts of the edges' search path, for float64, float32 and strided data", () => {
    const x = np.sin(np.arange(1_000_003).mul(0.913)).mul(3).evalSync();
    const edges = np.linspace(-2.5, 2.5, 38);
    expect(np.histogram(x, 37, { range: [-2.5, 2.5] })[0].tolist()).toEqual(np.histogram(x, edges)[0].tolist());
    const v = x.get("::-2");
    expect(np.histogram(v, 37, { range: [-2.5, 2.5] })[0].tolist()).toEqual(np.histogram(v, edges)[0].tolist());
    const [h32, e32] = np.histogram(x.astype("float32"), 100);
    expect(np.sum(h32).item()).toBe(1_000_003);
    expect(String(e32.dtype)).toBe("float32");
  });
});
