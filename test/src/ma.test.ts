/**
 * np.ma (src/ma/) against NumPy 2: test/fixtures/ma.json, written by
 * test/fixtures/gen_ma.py (run it with python3). Every case is a Python program and its
 * JS twin; the JS result must be what NumPy returned: a MaskedArray with NumPy's dtype,
 * shape, data (masked places too), mask (nomask as nomask), fill value, and str() and
 * repr() byte for byte; the masked constant; an NDArray (0-d for NumPy's scalars); or the
 * error NumPy raised, class and message. NumPy's int64 results (its platform integer)
 * are numfuse's int32 (SPEC §3): then the dtype may differ that way and repr is not compared.
 * Every case runs with generated kernels and through the reference interpreter. Then what
 * the fixtures do not show: laziness, data and mask evaluated together, own masks, errors.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray, config } from "../../src/ndarray";

type EncF = number | string | boolean | [number | string, number | string] | null;
type Expected =
  | { type: "ma"; dtype: string; shape: number[]; data: EncF[]; mask: boolean[] | null; str: string; repr: string; fill: EncF }
  | { type: "masked" }
  | { type: "array"; dtype: string; shape: number[]; values: EncF[]; str: string }
  | { type: "scalar"; dtype: string; value: EncF }
  | { type: "py"; value: EncF }
  | { type: "list"; items: Expected[] }
  | { type: "error"; name: string; message: string };
interface Case { py: string; js: string; expected: Expected; tol?: number }

const fixture = JSON.parse(readFileSync(new URL("../fixtures/ma.json", import.meta.url), "utf8")) as { numpy: string; cases: Record<string, Case> };

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : typeof v === "string" ? Number(v) : (v as number));

/** Relative tolerance of float comparisons: 1e-12, or the case's own (float32 sums round in another order). */
let tol = 1e-12;

/** One value against NumPy's: floats to `tol` relative (NaN equals NaN), everything else exactly. */
function same(got: unknown, exp: EncF): boolean {
  if (Array.isArray(exp)) {
    const g = got as { re: number; im: number };
    return g !== null && typeof g === "object" && same(g.re, exp[0]) && same(g.im, exp[1]);
  }
  if (typeof exp === "boolean") return got === exp;
  if (exp === null) return got === null;
  if (typeof exp === "string" && !["nan", "inf", "-inf"].includes(exp) && typeof got === "string") return got === exp;
  const x = num(got), y = num(exp);
  if (Number.isNaN(y)) return Number.isNaN(x);
  if (!Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
}

function flat(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) flat(x, out);
  else out.push(v);
  return out;
}

/** NumPy's dtype, or int32 (uint32) where NumPy answered in its int64 (uint64) platform integer. */
function dtypeOk(got: string, exp: string): boolean {
  return got === exp || (exp === "int64" && got === "int32") || (exp === "uint64" && got === "uint32");
}

function check(got: unknown, exp: Expected, where: string): void {
  switch (exp.type) {
    case "masked":
      expect(got, where).toBe(np.ma.masked);
      return;
    case "ma": {
      expect(got, where).toBeInstanceOf(np.ma.MaskedArray);
      const m = got as np.ma.MaskedArray;
      expect(dtypeOk(String(m.dtype), exp.dtype), `${where}: dtype ${String(m.dtype)}, NumPy ${exp.dtype}`).toBe(true);
      expect([...m.shape], where).toEqual(exp.shape);
      const data = flat(m.data.tolist()), ok = data.map((x, i) => same(x, exp.data[i]));
      expect(data.length, where).toBe(exp.data.length);
      expect(ok.every(Boolean), `${where}: data ${JSON.stringify(data, (_, v) => (typeof v === "bigint" ? String(v) : v))}, NumPy ${JSON.stringify(exp.data)}`).toBe(true);
      if (exp.mask === null) expect(m.mask, `${where}: mask`).toBe(np.ma.nomask);
      else expect(flat(m.mask.tolist()), `${where}: mask`).toEqual(exp.mask);
      expect(same(m.fillValue, exp.fill), `${where}: fill ${String(m.fillValue)}, NumPy ${String(exp.fill)}`).toBe(true);
      expect(m.toString(), `${where}: str`).toBe(exp.str);
      if (String(m.dtype) === exp.dtype) expect(m.repr(), `${where}: repr`).toBe(exp.repr);
      return;
    }
    case "array": {
      expect(got, where).toBeInstanceOf(NDArray);
      const a = got as NDArray;
      expect(dtypeOk(String(a.dtype), exp.dtype), `${where}: dtype ${String(a.dtype)}, NumPy ${exp.dtype}`).toBe(true);
      expect([...a.shape], where).toEqual(exp.shape);
      const vals = flat(a.tolist());
      expect(vals.length, where).toBe(exp.values.length);
      expect(vals.every((x, i) => same(x, exp.values[i])), `${where}: values ${String(vals)}, NumPy ${JSON.stringify(exp.values)}`).toBe(true);
      expect(a.toString(), `${where}: str`).toBe(exp.str);
      return;
    }
    case "scalar": {
      expect(got, where).toBeInstanceOf(NDArray);
      const a = got as NDArray;
      expect(a.ndim, where).toBe(0);
      expect(dtypeOk(String(a.dtype), exp.dtype), `${where}: dtype ${String(a.dtype)}, NumPy ${exp.dtype}`).toBe(true);
      expect(same(a.item(), exp.value), `${where}: ${String(a.item())}, NumPy ${String(exp.value)}`).toBe(true);
      return;
    }
    case "py": {
      const v = got instanceof NDArray ? got.item() : got;
      expect(same(v, exp.value), `${where}: ${String(v)}, NumPy ${String(exp.value)}`).toBe(true);
      return;
    }
    case "list": {
      expect(Array.isArray(got), `${where}: a list`).toBe(true);
      const items = got as unknown[];
      expect(items.length, where).toBe(exp.items.length);
      exp.items.forEach((e, i) => check(items[i], e, `${where}[${i}]`));
      return;
    }
    case "error":
      throw new Error("errors are checked by the caller");
  }
}

/** The JS twins' float64 arrays (JS infers int32 from [1.0, 2.0], SPEC §3). */
const F = (x: unknown): NDArray => np.array(x, { dtype: "float64" });

describe.each([
  ["compiled kernels", true],
  ["the reference interpreter", false],
])("np.ma against NumPy (fixtures), %s", (_, compile) => {
  beforeAll(() => { config.compile = compile; });
  afterAll(() => { config.compile = true; });
  it("were written by NumPy 2", () => expect(fixture.numpy.startsWith("2.")).toBe(true));
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(name, () => {
      const body = new Function("np", "F", c.js) as (m: typeof np, f: (x: unknown) => NDArray) => unknown;
      const run = (m: typeof np): unknown => body(m, F);
      tol = c.tol ?? 1e-12;
      if (c.expected.type === "error") {
        const e = c.expected;
        expect(() => run(np)).toThrow(expect.objectContaining({ name: e.name, message: e.message }) as never);
        return;
      }
      check(run(np), c.expected, name);
    });
  }
});

describe("np.ma beyond the fixtures", () => {
  it("stays lazy: building, masking and arithmetic compute nothing", () => {
    const x = np.arange(10).astype("float64").mul(2);
    const m = np.ma.maskedGreater(x, 10);
    const r = (m.add(1) as np.ma.MaskedArray).mul(m) as np.ma.MaskedArray;
    expect(x.isPending).toBe(true);
    expect(r.data.isPending).toBe(true);
    expect(r.count().item()).toBe(6);
  });

  it("sum along an axis gives a masked array whose mask is the fully masked rows", () => {
    const m = np.ma.array([[1, 2], [3, 4]], { mask: [[1, 1], [0, 1]] });
    const s = m.sum(1) as np.ma.MaskedArray;
    expect(s.tolist()).toEqual([null, 3]);
    expect(s.toString()).toBe("[-- 3]");
  });

  it("a pending input written in place after masking is seen as NumPy sees it (the mask is a copy)", () => {
    const x = np.array([1.0, 5.0, 3.0]);
    const m = np.ma.maskedGreater(x, 4);
    x.set(0, 100);
    // masked_where copies its input, so the write does not reach the masked array
    expect(m.tolist()).toEqual([1, null, 3]);
  });

  it("the masked constant cannot be written", () => {
    expect(() => np.ma.masked.set(0, 1)).toThrow(expect.objectContaining({ name: "MaskError", message: "Cannot alter the masked element." }) as never);
  });

  it("filled with a string on a float array is NumPy's TypeError", () => {
    const m = np.ma.array(np.array([1, 2], { dtype: "float64" }), { mask: [0, 1] });
    expect(() => m.filled("x")).toThrow(expect.objectContaining({ name: "TypeError", message: "Cannot set fill value of string with array of dtype float64" }) as never);
  });

  // NumPy 2.4 lets `n = -b; n[2] = masked` mask b[2] too (the result shares b's mask); numfuse
  // gives every result a mask of its own, so no write reaches another array (SPEC §7)
  it("a result's mask is its own: masking an element of a + b or -b leaves b's mask alone", () => {
    const a = np.ma.array(np.array([1, 2, 3], { dtype: "float64" }));
    const b = np.ma.array(np.array([1, 2, 3], { dtype: "float64" }), { mask: [0, 1, 0] });
    const c = a.add(b) as np.ma.MaskedArray;
    c.set(0, np.ma.masked);
    expect(b.mask.tolist()).toEqual([false, true, false]);
    expect(c.mask.tolist()).toEqual([true, true, false]);
    const n = b.neg() as np.ma.MaskedArray;
    n.set(2, np.ma.masked);
    expect(b.mask.tolist()).toEqual([false, true, false]);
  });

  it("reductions name a bad axis as NumPy does", () => {
    const m = np.ma.array([[1, 2], [3, 4]], { mask: [[0, 1], [0, 0]] });
    expect(() => m.count(2)).toThrow(expect.objectContaining({ name: "AxisError", message: "axis 2 is out of bounds for array of dimension 2" }) as never);
    expect(() => np.ma.array([[1, 2]]).count(-3)).toThrow(expect.objectContaining({ name: "AxisError", message: "axis -3 is out of bounds for array of dimension 2" }) as never);
  });

  it("iterates elements as NumPy does: values, and masked for masked ones", () => {
    const m = np.ma.array([4, 5, 6], { mask: [0, 1, 0] });
    const items = [...m];
    expect(items[1]).toBe(np.ma.masked);
    expect((items[0] as NDArray).item()).toBe(4);
    expect((items[2] as NDArray).item()).toBe(6);
  });

  it("evaluates data and mask together", async () => {
    const x = np.arange(8).astype("float64");
    const m = np.ma.log(x.sub(2)) as np.ma.MaskedArray;
    await m.eval();
    expect(m.data.isPending).toBe(false);
    expect(m.mask.isPending).toBe(false);
    expect(m.count().item()).toBe(5);
  });
});
