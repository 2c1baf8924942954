// Checks src/linalg/lu.ts, qr.ts and norms.ts against NumPy 1.24 (test/fixtures/linalg_lu.json,
// written by test/fixtures/gen_linalg_lu.py, which records each call as data): values to a
// normwise relative tolerance, dtypes and shapes exactly, errors by class and message; for
// ill-conditioned (and the largest) inputs, what must hold instead (A·x = b, Q·R = A,
// QᴴQ = I, L·Lᴴ = A); in both evaluation modes (generated kernels, and the interpreter).
// Then what the fixture does not show: laziness, strided inputs, argument forms.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { fixtureFile } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values?: EncValue[] }
interface Gen { shape: number[]; seed: number; dtype: string; diag?: number; sym?: boolean; ints?: boolean; hilbert?: boolean }
type Arg = number | string | boolean | null | Arg[] | { array: EncArray } | { gen: Gen };
type Answer = EncArray | { list: Answer[] } | { error: string; message: string };
type Case = { fn: string; args: Arg[]; kw: Record<string, Arg>; check: "values" | "invariant"; tol: number; intp?: boolean } & Answer;

const cases = fixtureFile("linalg_lu").cases as unknown as Record<string, Case>;
const linalg = np.linalg as unknown as Record<string, (...a: unknown[]) => unknown>;

const float = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

// ---- inputs --------------------------------------------------------------------------------

function fromValues(values: unknown[], dtype: string, shape: number[]): NDArray {
  return np.array(values, { dtype }).reshape(shape);
}

function decodeArray(e: EncArray): NDArray {
  const values = e.values!.map((v) => {
    if (Array.isArray(v)) return { re: float(v[0]), im: float(v[1]) };
    if (e.dtype === "int64" || e.dtype === "uint64") return BigInt(v as string);
    return typeof v === "string" && !e.dtype.includes("U") ? float(v) : v;
  });
  return fromValues(values, e.dtype.replace("<", ""), e.shape);
}

/** The generator's formula (see gen_linalg_lu.py): a 32-bit LCG, then sym, diag and the cast. */
function generate(g: Gen): NDArray {
  const n = g.shape.reduce((a, b) => a * b, 1), cols = g.shape[g.shape.length - 1];
  const rows = g.shape.length > 1 ? g.shape[g.shape.length - 2] : 1;
  const complex = g.dtype.startsWith("complex"), unsigned = g.dtype.startsWith("uint") || g.dtype === "bool";
  let s = g.seed >>> 0;
  const next = () => { s = (Math.imul(1664525, s) + 1013904223) >>> 0; return s / 4294967296; };
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (g.hilbert) { const c = i % cols, r = Math.floor(i / cols) % rows; re[i] = 1 / (r + c + 1); }
    else if (g.ints) re[i] = Math.floor(next() * 20) - (unsigned ? 0 : 10);
    else if (complex) { re[i] = next() - 0.5; im[i] = next() - 0.5; }
    else re[i] = next() - 0.5;
  }
  const mats = n / (rows * cols);
  for (let m = 0; m < mats; m++) {
    const o = m * rows * cols;
    if (g.sym) for (let i = 0; i < rows; i++) {
      im[o + i * cols + i] = 0;
      for (let j = i + 1; j < cols; j++) { re[o + i * cols + j] = re[o + j * cols + i]; im[o + i * cols + j] = -im[o + j * cols + i]; }
    }
    if (g.diag) for (let i = 0; i < Math.min(rows, cols); i++) re[o + i * cols + i] += g.diag;
  }
  const values = Array.from(re, (r, i) => (complex ? { re: r, im: im[i] } : g.dtype === "int64" ? BigInt(r) : g.dtype === "bool" ? r !== 0 : r));
  return fromValues(values, g.dtype, g.shape);
}

function decode(a: Arg, key = ""): unknown {
  if (Array.isArray(a)) return a.map((x) => decode(x));
  if (typeof a === "string" && (key === "ord" || key === "p" || key === "") && (a === "inf" || a === "-inf")) return float(a);
  if (a === null || typeof a !== "object") return a;
  return "gen" in a ? generate(a.gen) : decodeArray(a.array);
}

function replay(c: Case): { result: unknown; args: unknown[] } {
  const args = c.args.map((x) => decode(x));
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v, k)]));
  const result = linalg[c.fn](...args, ...(Object.keys(kw).length ? [kw] : []));
  return { result, args };
}

/** Evaluates every array of a result (LinAlgErrors of lazy results surface here). */
function settle(r: unknown): void {
  if (r instanceof NDArray) r.evalSync();
  else if (Array.isArray(r)) r.forEach(settle);
}

// ---- comparisons -----------------------------------------------------------------------------

type Num = { re: number; im: number };
const asNum = (v: unknown): Num => (typeof v === "object" && v !== null ? (v as Num) : { re: Number(v), im: 0 });
const flat = (a: NDArray): unknown[] => (a.ndim === 0 ? [a.tolist()] : (a.tolist() as unknown[]).flat(Infinity));

function compareArray(got: unknown, exp: EncArray, c: Case, where: string): void {
  expect(got, `${where}: an NDArray`).toBeInstanceOf(NDArray);
  const a = got as NDArray;
  const dtype = c.intp && exp.dtype === "int64" ? "int32" : exp.dtype;
  expect(String(a.dtype), `${where}: dtype`).toBe(dtype);
  expect([...a.shape], `${where}: shape`).toEqual(exp.shape);
  if (!exp.values) return;
  const vals = flat(a);
  expect(vals.length, `${where}: size`).toBe(exp.values.length);
  if (a.dtype.kind !== "f" && a.dtype.kind !== "c") {
    expect(vals.map(String), where).toEqual(exp.values.map(String));
    return;
  }
  const want = exp.values.map((v) => (Array.isArray(v) ? { re: float(v[0]), im: float(v[1]) } : { re: float(v as number), im: 0 }));
  const scale = Math.max(...want.map((w) => (Number.isFinite(w.re) && Number.isFinite(w.im) ? Math.hypot(w.re, w.im) : 0)), 1e-300);
  want.forEach((w, i) => {
    const g = asNum(vals[i]);
    const at = `${where}: value ${i}: got ${JSON.stringify(vals[i])}, NumPy ${JSON.stringify(exp.values![i])}`;
    for (const [x, y] of [[g.re, w.re], [g.im, w.im]]) {
      if (Number.isNaN(y)) expect(Number.isNaN(x), at).toBe(true);
      else if (!Number.isFinite(y)) expect(x, at).toBe(y);
      else expect(Math.abs(x - y) <= c.tol * scale, at).toBe(true);
    }
  });
}

function compare(got: unknown, exp: Answer, c: Case, where: string): void {
  if ("list" in exp) {
    expect(Array.isArray(got), `${where}: a list`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${where}: length`).toBe(exp.list.length);
    exp.list.forEach((e, i) => compare(g[i], e, c, `${where}[${i}]`));
  } else compareArray(got, exp as EncArray, c, where);
}

// ---- invariants ------------------------------------------------------------------------------

const EPS = 2.220446049250313e-16;
const maxAbs = (x: NDArray): number => Number(np.max(np.abs(x)).item());
const conjT = (x: NDArray): NDArray => np.conj(np.swapaxes(x, -1, -2));
const f64 = (x: NDArray): NDArray => (x.dtype.kind === "c" ? x.astype("complex128") : x.astype("float64"));

/** What must hold for the result of an ill-conditioned (or large) case. */
function checkInvariant(c: Case, result: unknown, args: unknown[], name: string): void {
  const A = f64(args[0] as NDArray), n = A.shape[A.ndim - 1];
  switch (c.fn) {
    case "solve": {
      const x = result as NDArray, b = f64(args[1] as NDArray);
      const r = maxAbs(np.matmul(A, x).sub(b)), bound = 10 * n * EPS * (maxAbs(A) * maxAbs(x) * n + maxAbs(b));
      expect(r, `${name}: |A·x - b| = ${r} > ${bound}`).toBeLessThanOrEqual(bound);
      break;
    }
    case "inv": {
      const X = result as NDArray;
      const r = maxAbs(np.matmul(A, X).sub(np.eye(n))), bound = 10 * n * n * EPS * maxAbs(A) * maxAbs(X);
      expect(r, `${name}: |A·X - I| = ${r} > ${bound}`).toBeLessThanOrEqual(bound);
      break;
    }
    case "qr": {
      const [Q, R] = result as NDArray[];
      const k = Q.shape[Q.ndim - 1];
      expect(maxAbs(np.matmul(Q, R).sub(A)), `${name}: Q·R = A`).toBeLessThanOrEqual(20 * n * EPS * maxAbs(A));
      expect(maxAbs(np.matmul(conjT(Q), Q).sub(np.eye(k))), `${name}: QᴴQ = I`).toBeLessThanOrEqual(20 * n * EPS);
      expect(maxAbs(np.tril(R, -1)), `${name}: R upper`).toBe(0);
      break;
    }
    case "cholesky": {
      const L = result as NDArray;
      expect(maxAbs(np.matmul(L, conjT(L)).sub(A)), `${name}: L·Lᴴ = A`).toBeLessThanOrEqual(20 * n * EPS * maxAbs(A));
      expect(maxAbs(np.triu(L, 1)), `${name}: L lower`).toBe(0);
      break;
    }
    case "lstsq": {
      const [x, , rank] = result as NDArray[];
      const b = f64(args[1] as NDArray), exp = (c as { list: EncArray[] }).list[2].values![0];
      // an ill-conditioned rank may differ by one from LAPACK's; the normal equations hold to σ-cut precision
      expect(Math.abs(Number(rank.item()) - Number(exp)), `${name}: rank`).toBeLessThanOrEqual(1);
      const g = maxAbs(np.matmul(conjT(A), np.matmul(A, x).sub(b)));
      expect(g, `${name}: Aᴴ(A·x - b)`).toBeLessThanOrEqual(1e-10 * maxAbs(A) * (maxAbs(A) * maxAbs(x) + maxAbs(b)) * n);
      break;
    }
    case "cond":
      expect(Number((result as NDArray).item()), name).toBeGreaterThan(1e14);
      break;
    default:
      throw new Error(`${name}: no invariant for ${c.fn}`);
  }
}

// ---- the cases -------------------------------------------------------------------------------

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("np.linalg (LU, QR, norms) vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      config.compile = compile;
      if ("error" in c) {
        let err: unknown = null;
        try { settle(replay(c).result); } catch (e) { err = e; }
        expect(err, `${name}: NumPy raised ${c.error}: ${c.message}`).toBeInstanceOf(Error);
        expect((err as Error).name, name).toBe(c.error === "UFuncTypeError" ? "TypeError" : c.error);
        expect((err as Error).message, name).toBe(c.message);
        return;
      }
      const { result, args } = replay(c);
      compare(result, c, c, name);
      if (c.check === "invariant") checkInvariant(c, result, args, name);
    });
  }
});

describe("np.linalg: what NumPy's values do not show", () => {
  it("results are lazy; a singular matrix is found when the result is evaluated", () => {
    const A = np.array([[1, 2], [2, 4]]);
    const x = np.linalg.inv(A);
    expect(x.isPending).toBe(true);
    expect([...x.shape]).toEqual([2, 2]);
    expect(() => x.evalSync()).toThrow("Singular matrix");
    expect(np.linalg.det(A).item()).toBe(0);
  });

  it("a write to an input after the call does not change a pending result", () => {
    const A = np.array([[2, 1], [1, 3]]).astype("float64"), b = np.array([1, 2]).astype("float64");
    const x = np.linalg.solve(A, b), d = np.linalg.det(A), [Q] = np.linalg.qr(A);
    A.set([0, 0], 100);
    b.set([1], -7);
    expect(x.tolist()).toEqual([0.2, 0.6]);
    expect(d.item()).toBeCloseTo(5, 14);
    expect(Math.abs(Number(Q.get(0, 0).item()))).toBeCloseTo(2 / Math.sqrt(5), 14);
  });

  it("pending and strided inputs are read through their layout", () => {
    const A = np.arange(9).reshape(3, 3).astype("float64").add(np.eye(3).mul(10));
    const T = A.T, inv = np.linalg.inv(T);
    const want = np.linalg.inv(T.copy());
    expect(maxAbs(inv.sub(want))).toBe(0);
    const S = np.arange(32).reshape(2, 4, 4).astype("float64").get("..., ::-1, :").add(np.eye(4).mul(40));
    const d = np.linalg.det(S), d0 = np.linalg.det(S.copy());
    expect(maxAbs(d.sub(d0))).toBe(0);
  });

  it("takes NumPy's positional arguments and an options object", () => {
    const M = np.array([[0, 1], [-1, 0]]);
    expect(np.linalg.matrixPower(M, 3).tolist()).toEqual([[0, -1], [1, 0]]);
    expect(np.linalg.matrixPower(M, { n: 2 }).tolist()).toEqual([[-1, 0], [0, -1]]);
    const b = np.arange(9).sub(4).reshape(3, 3);
    expect(np.linalg.norm(b, np.inf).item()).toBe(9);
    expect(np.linalg.norm(b, { ord: 1 }).item()).toBe(7);
    expect((np.linalg.norm(b, null, 1, true) as NDArray).shape).toEqual([3, 1]);
    const R = np.linalg.qr(np.eye(3), "r") as NDArray;
    expect(R.shape).toEqual([3, 3]);
    const [h, tau] = np.linalg.qr(np.eye(2), { mode: "raw" }) as NDArray[];
    expect([h.shape, tau.shape]).toEqual([[2, 2], [2]]);
    expect(np.linalg.cond(np.array([[1, 0], [0, 2]]), 1).item()).toBe(2);
    expect(np.linalg.matrixRank(np.eye(3), 0.5, true).item()).toBe(3);
    expect(np.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), 1).shape).toEqual([2, 2, 4]);
  });

  it("lstsq's default rcond is machine precision times max(M, N), with no warning", () => {
    const A = np.array([[1, 0], [0, 1e-17], [0, 0]]);
    const [x, res, rank, s] = np.linalg.lstsq(A, np.array([1, 1, 1]));
    expect(rank.item()).toBe(1);
    expect(x.tolist()).toEqual([1, 0]);
    expect([...res.shape]).toEqual([0]);
    expect(s.tolist()).toEqual([1, 1e-17]);
  });

  it("solve feeds later kernels, and its inputs fuse into the node's producers", () => {
    const A = np.eye(3).mul(2), b = np.ones(3);
    const x = np.linalg.solve(A, b).add(1);
    expect(x.tolist()).toEqual([1.5, 1.5, 1.5]);
  });
});
