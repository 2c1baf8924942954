/**
 * The scans (src/scans.ts: cumsum, cumprod, nancumsum, nancumprod) and the nan-functions
 * (src/nanfunctions.ts: nanvar, nanstd, nanprod, nanargmax, nanargmin) against NumPy 1.24:
 * test/fixtures/scans.json, written by test/fixtures/gen_scans.py (run it with
 * /usr/bin/python3). Random inputs of every dtype, 0-d to 3-d and 0-size, as given or
 * through views (transposed, sliced, reversed) and lazy expressions, over every axis.
 * Scans accumulate sequentially in NumPy, so their floats must match bit for bit (-0 and
 * all); the nan-functions sum pairwise, in an order that is the reductions' business, so
 * they match to a few ulp. Dtypes and shapes exactly (the platform integer is int32 here,
 * SPEC §3); errors by class and message. Every case runs compiled and interpreted.
 * Then what NumPy's values do not show: laziness, in-place writes, positional forms.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { config } from "../../src/ndarray";
import { decodeValues as decode } from "./fixtures";

type EncF = number | "nan" | "inf" | "-inf" | "-0";
type EncV = EncF | boolean | string | [EncF, EncF];
interface Enc { dtype: string; shape: number[]; values: EncV[] }
type ViewOp = ["T"] | ["transpose", number[]] | ["index", string] | ["add_self"];
interface Case {
  name: string; fn: string; method: boolean; input: Enc; view: ViewOp[];
  args: { axis?: number | number[] | null; dtype?: string; ddof?: number; keepdims?: boolean };
  out?: { dtype: string; shape: number[] }; platform?: boolean; intp?: boolean;
  result?: Enc; error?: string; message?: string;
}

const fixture: { numpy: string; cases: Case[] } = JSON.parse(readFileSync(new URL("../fixtures/scans.json", import.meta.url), "utf8"));
const NP = np as unknown as Record<string, (...a: unknown[]) => np.NDArray>;
const SCANS = new Set(["cumsum", "cumprod", "nancumsum", "nancumprod"]);



function inputOf(c: Case): np.NDArray {
  let a = np.array(decode(c.input), { dtype: c.input.dtype }).reshape(c.input.shape);
  for (const op of c.view) {
    if (op[0] === "T") a = a.T;
    else if (op[0] === "transpose") a = a.transpose(op[1]);
    else if (op[0] === "index") a = a.get(op[1]);
    else a = a.add(a);
  }
  return a;
}

function run(c: Case): { r: np.NDArray; out: np.NDArray | null } {
  const a = inputOf(c);
  const out = c.out ? np.zeros(c.out.shape, { dtype: c.out.dtype }) : null;
  const opts: Record<string, unknown> = { ...c.args };
  if (out) opts.out = out;
  const r = c.method
    ? (a as unknown as Record<string, (o?: unknown) => np.NDArray>)[c.fn](Object.keys(opts).length ? opts : undefined)
    : NP[c.fn](a, opts);
  return { r, out };
}

/** Floats: bit for bit (scans) or within `tol` relative (nan-functions); NaN equals NaN. */
function sameFloat(g: number, e: number, tol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(g);
  if (tol === 0 || !Number.isFinite(e)) return Object.is(g, e);
  return Math.abs(g - e) <= tol * Math.abs(e) || (e === 0 && Math.abs(g) < 1e-300);
}

function check(c: Case): void {
  if (c.error) {
    let err: unknown = null;
    try { run(c).r.evalSync(); } catch (e) { err = e; }
    expect(err, `NumPy raised ${c.error}: ${c.message}`).toBeInstanceOf(Error);
    expect((err as Error).name).toBe(c.error);
    expect((err as Error).message).toBe(c.message);
    return;
  }
  const { r, out } = run(c);
  const exp = c.result!;
  if (out) expect(r, "returns out").toBe(out);
  const dtype = c.intp && !c.out && exp.dtype === "int64" ? "int32" : exp.dtype;
  expect(String(r.dtype), "dtype").toBe(dtype);
  expect([...r.shape], "shape").toEqual(exp.shape);
  const got = r.ndim === 0 ? [r.tolist()] : (r.tolist() as unknown[]).flat(Infinity);
  const want = decode({ ...exp, dtype });
  expect(got.length, "size").toBe(want.length);
  const tol = SCANS.has(c.fn) ? 0 : exp.dtype === "float32" || exp.dtype === "complex64" ? 4e-6 : 1e-11;
  const bad: string[] = [];
  want.forEach((w, i) => {
    const g = got[i];
    let ok: boolean;
    if (typeof w === "number") ok = sameFloat(g as number, w, tol);
    else if (typeof w === "object" && w !== null) {
      const gc = g as { re: number; im: number }, wc = w as { re: number; im: number };
      ok = sameFloat(gc.re, wc.re, tol) && sameFloat(gc.im, wc.im, tol);
    } else ok = String(g) === String(w);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${JSON.stringify(g, (_, v) => (typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : v))}, NumPy ${JSON.stringify(exp.values[i])}`);
  });
  expect(bad, "values").toEqual([]);
}

const byFn = new Map<string, Case[]>();
for (const c of fixture.cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);

for (const compile of [true, false]) {
  describe(compile ? "compiled" : "interpreted", () => {
    const saved = config.compile;
    config.compile = compile;
    afterAll(() => { config.compile = saved; });
    for (const [fn, cases] of byFn) {
      describe(fn, () => {
        for (const c of cases) {
          it(c.name, () => {
            config.compile = compile;
            try { check(c); } finally { config.compile = saved; }
          });
        }
      });
    }
  });
}

// ---- what the values do not show ------------------------------------------------------------

describe("scans: laziness and forms", () => {
  it("returns a pending array and reads its input when evaluated", () => {
    const a = np.arange(6).reshape(2, 3);
    const c = np.cumsum(a.mul(2), 1);
    expect(c.isPending).toBe(true);
    expect(c.explain()).toContain("opaque 'cumsum'");
    expect(c.tolist()).toEqual([[0, 2, 6], [6, 14, 24]]);
  });

  it("a later write to the input does not change an earlier scan", () => {
    const a = np.array([1, 2, 3]);
    const c = np.cumprod(a), s = np.nancumsum(a.get("::-1"));
    a.set(0, 100);
    expect(c.tolist()).toEqual([1, 2, 6]);
    expect(s.tolist()).toEqual([3, 5, 6]);
  });

  it("out= may be the input itself", () => {
    const a = np.array([1.5, 2, 3]);
    expect(np.cumsum(a, { out: a })).toBe(a);
    expect(a.tolist()).toEqual([1.5, 3.5, 6.5]);
    const b = np.array([[1, 2], [3, 4]]);
    b.cumprod(0, null, b);
    expect(b.tolist()).toEqual([[1, 2], [3, 8]]);
  });

  it("takes NumPy's positional order (axis, dtype, out) and options", () => {
    const a = np.array([[1, 2], [3, 4]], { dtype: "int8" });
    expect(String(np.cumsum(a, 0, "float32").dtype)).toBe("float32");
    expect(np.cumsum(a, null).shape).toEqual([4]);
    expect(np.cumsum(a, { axis: -1, dtype: np.int64 }).tolist()).toEqual([[1n, 3n], [3n, 7n]]);
    const out = np.zeros([2, 2]);
    expect(np.cumprod(a, 1, null, out)).toBe(out);
    expect(out.tolist()).toEqual([[1, 2], [3, 12]]);
    expect(a.cumsum().tolist()).toEqual([1, 3, 6, 10]);
    expect(a.cumsum(1, "int64").dtype.name).toBe("int64");
  });

  it("rejects bad arguments as NumPy does", () => {
    const a = np.ones([2, 3]);
    expect(() => np.cumsum(a, 1.5)).toThrow("'float' object cannot be interpreted as an integer");
    expect(() => np.cumsum(a, { out: [0, 0] as never })).toThrow("output must be an array");
    expect(() => np.cumsum(np.array(["a", "b"]))).toThrow("ufunc 'add' did not contain a loop with signature matching types (dtype('<U1'), dtype('<U1')) -> None");
    expect(() => np.cumprod(np.array(["a"]))).toThrow(/ufunc 'multiply'/);
  });

  it("scans large strided inputs in one pass", () => {
    const a = np.arange(200000, { dtype: "float64" }).reshape(400, 500).get("::-1, ::2").T;
    const c = np.cumsum(a, 1).evalSync();
    expect(c.shape).toEqual([250, 400]);
    expect(c.item(3, 399)).toBe(Array.from({ length: 400 }, (_, i) => (399 - i) * 500 + 6).reduce((s, x) => s + x, 0));
  });
});

describe("nan-functions: laziness", () => {
  it("nanvar, nanstd and nanprod stay pending until read", () => {
    const a = np.array([[1, NaN], [3, 4]]);
    for (const r of [np.nanvar(a), np.nanstd(a, 0), np.nanprod(a, { axis: 1 })]) expect(r.isPending).toBe(true);
    expect(np.nanstd(a).item()).toBeCloseTo(Math.sqrt(14 / 9), 15);
  });
  it("nanargmax takes positional axis and raises at the call for an all-NaN slice", () => {
    const a = np.array([[NaN, 1], [NaN, 2]]);
    expect(np.nanargmax(a, 1).tolist()).toEqual([1, 1]);
    expect(() => np.nanargmin(a, 0)).toThrow("All-NaN slice encountered");
  });
  it("nanstd with out takes the root of the variance stored there", () => {
    const out = np.zeros([2], { dtype: "float32" });
    expect(np.nanstd(np.array([[1, NaN, 3], [2, 2, NaN]]), 1, null, out)).toBe(out);
    expect(out.tolist()).toEqual([1, 0]);
  });
});
