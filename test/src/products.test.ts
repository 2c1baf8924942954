/**
 * The products (src/products.ts: matmul, dot, vdot, inner, outer, tensordot, kron, trace,
 * cross, linalg.multiDot) against NumPy 1.24: test/fixtures/products.json, written by
 * test/fixtures/gen_products.py (run it with /usr/bin/python3). Random operands of every
 * dtype, 0-d to 4-d with size-0 and size-1 dims and broadcast batches, as given or through
 * views (transposed, stepped, reversed, permuted) and lazy expressions; `out=`, `dtype=`
 * and NumPy's errors. Integers and bools must match exactly (wrap-around included); floats
 * to 1e-12 (float32: 2e-5) of the case's largest value, since NumPy's BLAS sums in another
 * order; dtypes and shapes exactly; errors by class and message. Every case runs compiled
 * and interpreted. Then what NumPy's values do not show: laziness, fusion, positional forms.
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
interface Operand extends Enc { view: ViewOp[] }
interface Case {
  name: string; fn: string; method: boolean; listed?: boolean; args: Operand[];
  kw: Record<string, unknown>; out?: { dtype: string; shape: number[]; view: ViewOp[] }; platform?: boolean;
  result?: Enc; error?: string; message?: string;
}

const fixture: { numpy: string; cases: Case[] } = JSON.parse(readFileSync(new URL("../fixtures/products.json", import.meta.url), "utf8"));
const NP = np as unknown as Record<string, (...a: unknown[]) => np.NDArray>;



function viewed(a: np.NDArray, view: ViewOp[]): np.NDArray {
  for (const op of view) {
    if (op[0] === "T") a = a.T;
    else if (op[0] === "transpose") a = a.transpose(op[1]);
    else if (op[0] === "index") a = a.get(op[1]);
    else a = a.add(a);
  }
  return a;
}

const operand = (o: Operand): np.NDArray => viewed(np.array(decode(o), { dtype: o.dtype }).reshape(o.shape), o.view);

function run(c: Case): { r: np.NDArray; out: np.NDArray | null } {
  const args = c.args.map(operand);
  const out = c.out ? viewed(np.zeros(c.out.shape, { dtype: c.out.dtype }), c.out.view) : null;
  const kw: Record<string, unknown> = { ...c.kw };
  if (out) kw.out = out;
  const opts = Object.keys(kw).length ? [kw] : [];
  let r: np.NDArray;
  if (c.listed) r = np.linalg.multiDot(args, kw as { out?: np.NDArray });
  else if (c.method) r = (args[0] as unknown as Record<string, (...a: unknown[]) => np.NDArray>)[c.fn](...args.slice(1), ...opts);
  else r = NP[c.fn](...args, ...opts);
  return { r, out };
}

/** Floats within `tol` of the case's scale; NaN equals NaN. */
function sameFloat(g: number, e: number, tol: number, scale: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(g);
  if (!Number.isFinite(e)) return g === e;
  return Math.abs(g - e) <= tol * Math.max(Math.abs(e), scale);
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
  expect(String(r.dtype), "dtype").toBe(exp.dtype);
  expect([...r.shape], "shape").toEqual(exp.shape);
  const got = r.ndim === 0 ? [r.tolist()] : (r.tolist() as unknown[]).flat(Infinity);
  const want = decode(exp);
  expect(got.length, "size").toBe(want.length);
  const tol = exp.dtype === "float32" || exp.dtype === "complex64" ? 2e-5 : 1e-12;
  const mag = (w: unknown): number => (typeof w === "number" ? Math.abs(w) : typeof w === "object" && w ? Math.hypot((w as { re: number }).re, (w as { im: number }).im) : 0);
  const scale = want.reduce<number>((m, w) => (Number.isFinite(mag(w)) ? Math.max(m, mag(w)) : m), 0);
  const bad: string[] = [];
  want.forEach((w, i) => {
    const g = got[i];
    let ok: boolean;
    if (typeof w === "number") ok = sameFloat(g as number, w, tol, scale);
    else if (typeof w === "object" && w !== null) {
      const gc = g as { re: number; im: number }, wc = w as { re: number; im: number };
      ok = sameFloat(gc.re, wc.re, tol, scale) && sameFloat(gc.im, wc.im, tol, scale);
    } else ok = String(g) === String(w);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${JSON.stringify(g, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}, NumPy ${JSON.stringify(exp.values[i])}`);
  });
  expect(bad, "values").toEqual([]);
}

const byFn = new Map<string, Case[]>();
for (const c of fixture.cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);

for (const compile of [true, false]) {
  describe(compile ? "compiled" : "interpreted", () => {
    const saved = config.compile;
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

/** The steps explain() lists: one per kernel evaluation will run. */
const steps = (x: np.NDArray): number => (x.explain().match(/^step \d+/gm) ?? []).length;

describe("products: laziness and fusion", () => {
  it("returns pending arrays with shape and dtype known", () => {
    const a = np.ones([4, 5]), b = np.ones([5, 6], { dtype: "float32" });
    for (const r of [np.matmul(a, b), np.dot(a, b), np.tensordot(a, b, 1), np.inner(a, b.T), np.trace(a), np.kron(a, b), np.outer(a, b)]) {
      expect(r.isPending).toBe(true);
      expect(String(r.dtype)).toBe("float64");
    }
    expect(np.matmul(a, b).shape).toEqual([4, 6]);
  });

  it("a product of expressions is one kernel: np.dot(a.mul(2), b)", () => {
    const a = np.arange(20, { dtype: "float64" }).reshape(4, 5), b = np.arange(30, { dtype: "float64" }).reshape(5, 6);
    const r = np.dot(a.mul(2), b.add(1));
    expect(steps(r)).toBe(1);
    const want = np.dot(a, b.add(1)).mul(2);
    expect(r.tolist()).toEqual(want.tolist());
  });

  it("a GEMM-sized product of views is one kernel and matches a plain loop", () => {
    const n = 70;
    const a = np.arange(n * n, { dtype: "float64" }).reshape(n, n).mod(7).sub(3);
    const b = np.arange(n * n, { dtype: "float64" }).reshape(n, n).mod(5);
    const r = np.matmul(a.T, b.get("::-1"));
    const A = a.tolist() as number[][], B = b.tolist() as number[][];
    const want = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[k][i] * B[n - 1 - k][j];
      return s;
    }));
    expect(r.tolist()).toEqual(want);
  });

  it("a large matrix-vector product matches a plain loop", () => {
    const a = np.arange(260 * 128, { dtype: "float64" }).reshape(260, 128).mod(11).sub(5), v = np.arange(128, { dtype: "float64" }).mod(3);
    const A = a.tolist() as number[][], V = v.tolist() as number[];
    expect(np.matmul(a, v).tolist()).toEqual(A.map((row) => row.reduce((s, x, k) => s + x * V[k], 0)));
  });

  it("a later write to an operand does not change an earlier product", () => {
    const a = np.array([[1, 2], [3, 4]]), b = np.array([[5, 6], [7, 8]]);
    const p = np.matmul(a, b), d = a.dot(b), t = a.trace();
    a.set([0, 0], 100);
    expect(p.tolist()).toEqual([[19, 22], [43, 50]]);
    expect(d.tolist()).toEqual([[19, 22], [43, 50]]);
    expect(t.item()).toBe(5);
  });

  it("out= may be an operand itself (the product reads it before it is written)", () => {
    const a = np.arange(9, { dtype: "float64" }).reshape(3, 3);
    expect(np.matmul(a, a, { out: a })).toBe(a);
    expect(a.tolist()).toEqual([[15, 18, 21], [42, 54, 66], [69, 90, 111]]);
    const b = np.arange(4, { dtype: "float64" }).reshape(2, 2);
    np.dot(b, b.T, b);
    expect(b.tolist()).toEqual([[1, 3], [3, 13]]);
  });
});

describe("products: forms", () => {
  it("takes NumPy's positional order and options objects", () => {
    const a = np.array([[1, 2], [3, 4]], { dtype: "int8" }), b = np.array([[1, 0], [0, 1]], { dtype: "int8" });
    const out = np.zeros([2, 2]);
    expect(np.matmul(a, b, out)).toBe(out);
    expect(String(np.matmul(a, b, { dtype: "float32" }).dtype)).toBe("float32");
    expect(a.matmul(b).tolist()).toEqual([[1, 2], [3, 4]]);
    const o2 = np.zeros([2, 2], { dtype: "int8" });
    expect(np.dot(a, b, o2)).toBe(o2);
    expect(np.dot(a, b, { out: o2 })).toBe(o2);
    expect(np.tensordot(a, b, 1).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.tensordot(a, b, [[1], [0]]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(np.trace(a, 1).item()).toBe(2);
    expect(np.trace(a, 0, 0, 1, "int64").item()).toBe(5n);
    expect(np.trace(a, { dtype: "float32" }).dtype.name).toBe("float32");
    expect(a.trace({ offset: -1 }).item()).toBe(3);
    expect(np.cross([1, 0, 0], [0, 1, 0]).tolist()).toEqual([0, 0, 1]);
    expect(np.cross([[1, 0], [0, 1], [0, 0]], [0, 1, 0], 0).tolist()).toEqual([[0, 0, 1], [0, 0, 0]]);
    expect(np.linalg.multiDot([np.eye(2), a, b]).tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it("JS numbers are weak scalars; nested JS arrays are arrays", () => {
    expect(String(np.dot(np.ones([2], { dtype: "int8" }), 3).dtype)).toBe("int8");
    expect(String(np.kron(np.ones([2], { dtype: "float32" }), 2.5).dtype)).toBe("float32");
    expect(np.dot([1, 2], [3, 4]).item()).toBe(11);
    expect(np.inner([1, 2, 3], [0, 1, 0]).item()).toBe(2);
    expect(np.vdot([1, 2], [3, 4]).item()).toBe(11);
    expect(np.outer([1, 2], [3, 4]).tolist()).toEqual([[3, 4], [6, 8]]);
    expect(() => np.matmul(2, [1, 2])).toThrow("matmul: Input operand 0 does not have enough dimensions");
  });

  it("rejects arrays of strings as NumPy does", () => {
    const s = np.array(["a", "b"]);
    expect(() => np.matmul(s, s)).toThrow("ufunc 'matmul' did not contain a loop with signature matching types (dtype('<U1'), dtype('<U1')) -> None");
    expect(() => np.dot(s, s)).toThrow("data type must provide an itemsize");
    expect(() => np.matmul(np.ones([2]), np.ones([2]), { out: [0] as never })).toThrow("return arrays must be of ArrayType");
    expect(() => np.tensordot(np.ones([2]), np.ones([2]), 1.5)).toThrow("'float' object cannot be interpreted as an integer");
  });
});
