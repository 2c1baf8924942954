// Checks src/linalg/eig.ts and svd.ts (eigh, eigvalsh, eig, eigvals, svd, pinv) against
// NumPy 1.24 (test/fixtures/linalg_eig.json, written by test/fixtures/gen_linalg_eig.py):
// dtypes and shapes exactly; values where they are unique (eigenvalues, singular values,
// pinv), |entries| of vectors where they are unique up to sign or phase, eig's unordered
// eigenvalues as multisets; and, on every result, the invariants (A·V = V·Λ, U·S·Vᴴ = A,
// orthonormal columns). Then what the fixtures do not show: laziness, strided inputs,
// non-finite inputs, pinv's Penrose conditions.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { singularValues } from "../../src/linalg/svd";
import { simdOptions } from "../../src/linalg/simd";

type Enc = number | string | boolean | [number | string, number | string];
interface Gen { seed: number; shape: number[]; kind: string; dtype: string; grade?: number; rank?: number }
interface Stored { dtype: string; shape: number[]; values: Enc[] }
type Arg = number | string | boolean | null | Arg[] | { gen: Gen } | { array: Stored };
interface Case {
  fn: "eigh" | "eigvalsh" | "eig" | "eigvals" | "svd" | "pinv";
  args: Arg[];
  kw: Record<string, Arg>;
  tol: number;
  error?: { class: string; message: string };
  outs?: [string, number[]][];
  w?: Enc[];
  absv?: Enc[];
  s?: Enc[];
  absu?: Enc[];
  absvh?: Enc[];
  exact?: [Enc[], Enc[]];
  values?: Enc[];
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, "../fixtures/linalg_eig.json"), "utf8")) as { numpy: string; cases: Record<string, Case> };

// ---- inputs: the generator's formula, bit for bit -------------------------------------------

function fmix32(h: number): number {
  h >>>= 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function raw(seed: number, count: number): Float64Array {
  const base = Math.imul(seed, 0x9e3779b1) >>> 0, out = new Float64Array(count);
  for (let t = 0; t < count; t++) out[t] = fmix32((base + t) >>> 0) / 4294967296 - 0.5;
  return out;
}

/** One m×n matrix (re, im at offset o) shaped in place as the generator's `kind`. */
function shapeMatrix(re: Float64Array, im: Float64Array | null, o: number, m: number, n: number, g: Gen): void {
  const R = re.slice(o, o + m * n), I = im ? im.slice(o, o + m * n) : null;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const t = o + i * n + j;
      switch (g.kind) {
        case "general": break;
        case "symmetric": case "graded": {
          re[t] = (R[i * n + j] + R[j * n + i]) / 2;
          if (im && I) im[t] = (I[i * n + j] - I[j * n + i]) / 2;
          if (g.kind === "graded") {
            const f = 2 ** (-(g.grade ?? 1) * (i + j));
            re[t] *= f;
            if (im) im[t] *= f;
          }
          break;
        }
        case "gradedgen": {
          const f = 2 ** (-(g.grade ?? 1) * (i + j));
          re[t] *= f;
          if (im) im[t] *= f;
          break;
        }
        case "triangular": if (j < i) { re[t] = 0; if (im) im[t] = 0; } break;
        case "repeat": {
          const r = g.rank!;
          if (j >= r) { re[t] = R[i * n + (j % r)]; if (im && I) im[t] = I[i * n + (j % r)]; }
          break;
        }
        case "int": re[t] = Math.floor(R[i * n + j] * 20); if (im && I) im[t] = Math.floor(I[i * n + j] * 20); break;
        default: throw new Error(`unknown kind ${g.kind}`);
      }
    }
  }
}

function generate(g: Gen): NDArray {
  const size = g.shape.reduce((a, b) => a * b, 1), complex = g.dtype.startsWith("complex");
  const re = raw(g.seed, size), im = complex ? raw(g.seed + 1, size) : null;
  if (g.shape.length >= 2) {
    const m = g.shape[g.shape.length - 2], n = g.shape[g.shape.length - 1];
    for (let o = 0; o < size; o += m * n) shapeMatrix(re, im, o, m, n, g);
  }
  const values = im ? Array.from(re, (r, t) => ({ re: r, im: im[t] })) : Array.from(re);
  return np.array(values, { dtype: complex ? "complex128" : "float64" }).astype(g.dtype).reshape(g.shape);
}

const float = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

function stored(e: Stored): NDArray {
  const values = e.values.map((v) => (Array.isArray(v) ? { re: float(v[0]), im: float(v[1]) } : typeof v === "string" && e.dtype.startsWith("<U") ? v : typeof v === "string" ? float(v) : v));
  return np.array(values, { dtype: e.dtype }).reshape(e.shape);
}

function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  if ("gen" in a) return generate(a.gen);
  return stored(a.array);
}

function call(c: Case, args: unknown[]): NDArray[] {
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  const fn = (np.linalg as unknown as Record<string, (...a: unknown[]) => NDArray | NDArray[]>)[c.fn];
  const r = fn(...args, ...(Object.keys(kw).length ? [kw] : []));
  return Array.isArray(r) ? r : [r];
}

// ---- reading results ----------------------------------------------------------------------------

interface Dense { re: Float64Array; im: Float64Array | null; shape: number[] }

function dense(x: NDArray): Dense {
  const complex = x.dtype.kind === "c";
  const d = np.ascontiguousarray(x.astype(complex ? "complex128" : "float64")).data as Float64Array;
  if (!complex) return { re: Float64Array.from(d), im: null, shape: [...x.shape] };
  const re = new Float64Array(x.size), im = new Float64Array(x.size);
  for (let t = 0; t < x.size; t++) { re[t] = d[2 * t]; im[t] = d[2 * t + 1]; }
  return { re, im, shape: [...x.shape] };
}

function encoded(values: Enc[]): Dense {
  const re = new Float64Array(values.length), im = new Float64Array(values.length);
  let complex = false;
  values.forEach((v, t) => {
    if (Array.isArray(v)) { complex = true; re[t] = float(v[0]); im[t] = float(v[1]); }
    else re[t] = typeof v === "boolean" ? Number(v) : float(v);
  });
  return { re, im: complex ? im : null, shape: [values.length] };
}

const absAt = (d: Dense, t: number) => Math.hypot(d.re[t], d.im ? d.im[t] : 0);

/** |got - want| ≤ tol·scale at every entry (NaN matches NaN). */
function expectClose(got: Dense, want: Dense, tol: number, scale: number, what: string): void {
  expect(got.re.length, `${what}: size`).toBe(want.re.length);
  for (let t = 0; t < want.re.length; t++) {
    const gr = got.re[t], gi = got.im ? got.im[t] : 0, wr = want.re[t], wi = want.im ? want.im[t] : 0;
    if (Number.isNaN(wr)) { expect(Number.isNaN(gr), `${what}[${t}]: NaN`).toBe(true); continue; }
    const err = Math.hypot(gr - wr, gi - wi);
    if (!(err <= tol * scale)) expect.fail(`${what}[${t}]: got ${gr}${got.im ? `${gi >= 0 ? "+" : ""}${gi}j` : ""}, NumPy ${wr}${want.im ? `${wi >= 0 ? "+" : ""}${wi}j` : ""} (|error| ${err.toExponential(2)} > ${(tol * scale).toExponential(2)})`);
  }
}

/** Largest |entry| of rows [from, from + len). */
function maxAbs(d: Dense, from = 0, len = d.re.length): number {
  let m = 0;
  for (let t = from; t < from + len; t++) m = Math.max(m, absAt(d, t));
  return m;
}

// ---- small dense algebra for the invariants ----------------------------------------------------

/** Matrix k of a stack (m×n) as split parts. */
function matrixOf(d: Dense, k: number): Dense {
  const m = d.shape[d.shape.length - 2], n = d.shape[d.shape.length - 1], o = k * m * n;
  return { re: d.re.slice(o, o + m * n), im: d.im ? d.im.slice(o, o + m * n) : null, shape: [m, n] };
}

function vectorOf(d: Dense, k: number): Dense {
  const n = d.shape[d.shape.length - 1];
  return { re: d.re.slice(k * n, k * n + n), im: d.im ? d.im.slice(k * n, k * n + n) : null, shape: [n] };
}

/** x·y (the second conjugated-transposed first when `hx`). */
function mul(x: Dense, y: Dense, hx = false): Dense {
  const [xm, xn] = x.shape, [, yn] = y.shape;
  const m = hx ? xn : xm, k = hx ? xm : xn;
  const re = new Float64Array(m * yn), im = new Float64Array(m * yn);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const xi = hx ? p * xn + i : i * xn + p;
      const ar = x.re[xi], ai = x.im ? (hx ? -x.im[xi] : x.im[xi]) : 0;
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < yn; j++) {
        const br = y.re[p * yn + j], bi = y.im ? y.im[p * yn + j] : 0;
        re[i * yn + j] += ar * br - ai * bi;
        im[i * yn + j] += ar * bi + ai * br;
      }
    }
  }
  return { re, im, shape: [m, yn] };
}

/** ‖x - y‖ max-entry. */
function diff(x: Dense, y: Dense): number {
  let m = 0;
  for (let t = 0; t < x.re.length; t++) m = Math.max(m, Math.hypot(x.re[t] - y.re[t], (x.im ? x.im[t] : 0) - (y.im ? y.im[t] : 0)));
  return m;
}

function identity(n: number): Dense {
  const re = new Float64Array(n * n);
  for (let i = 0; i < n; i++) re[i * n + i] = 1;
  return { re, im: null, shape: [n, n] };
}

/** The Hermitian matrix eigh reads: the lower (or upper) triangle mirrored, the diagonal real. */
function hermitianFrom(a: Dense, lower: boolean): Dense {
  const n = a.shape[0], re = a.re.slice(), im = a.im ? a.im.slice() : null;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [src, dst] = lower ? [j * n + i, i * n + j] : [i * n + j, j * n + i];
      re[dst] = re[src];
      if (im) im[dst] = -im[src];
    }
    if (im) im[i * n + i] = 0;
  }
  return { re, im, shape: [n, n] };
}

/** Columns of x scaled by the vector w: x·diag(w). */
function scaleColumns(x: Dense, w: Dense): Dense {
  const [m, n] = x.shape, re = new Float64Array(m * n), im = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const ar = x.re[i * n + j], ai = x.im ? x.im[i * n + j] : 0, br = w.re[j], bi = w.im ? w.im[j] : 0;
      re[i * n + j] = ar * br - ai * bi;
      im[i * n + j] = ar * bi + ai * br;
    }
  }
  return { re, im, shape: [m, n] };
}

/** Entry-wise |x|. */
function absEntries(x: Dense): Float64Array {
  return Float64Array.from(x.re, (_, t) => absAt(x, t));
}

const EPS_OF = (dtype: string) => (dtype === "float32" || dtype === "complex64" ? 2 ** -23 : 2 ** -52);

// ---- the replay ------------------------------------------------------------------------------

function checkCase(name: string, c: Case): void {
  const args = c.args.map(decode);
  if (c.error) {
    let thrown: unknown = null;
    try { call(c, args).forEach((r) => r.evalSync()); } catch (e) { thrown = e; }
    expect(thrown, "an error").not.toBeNull();
    expect((thrown as Error).name, "error class").toBe(c.error.class);
    expect((thrown as Error).message).toBe(c.error.message);
    return;
  }
  const res = call(c, args);
  expect(res.map((r) => [String(r.dtype), [...r.shape]]), "dtypes and shapes").toEqual(c.outs);
  const input = args[0] instanceof NDArray ? args[0] : np.array(args[0]);
  const A = dense(input);
  const outDtype = String(res[0].dtype), eps = Math.max(EPS_OF(outDtype), EPS_OF(String(res[res.length - 1].dtype)));
  const inv = eps > 1e-10 ? 1e-5 : 1e-12; // the invariants' tolerance per n·‖A‖
  const stack = A.shape.length >= 2 ? A.re.length / Math.max(1, A.shape[A.shape.length - 1] * A.shape[A.shape.length - 2]) : 0;
  const n = A.shape[A.shape.length - 1], m = A.shape[A.shape.length - 2];
  const matrices = A.re.length === 0 ? 0 : stack;

  if (c.fn === "eigh" || c.fn === "eigvalsh") {
    const w = dense(res[0]), want = encoded(c.w!);
    for (let k = 0; k < matrices; k++) expectClose(vectorOf(w, k), vectorOf({ ...want, shape: w.shape }, k), c.tol, Math.max(maxAbs(want, k * n, n), 1e-300), `${name} w #${k}`);
    for (let t = 1; t < w.re.length; t++) if (t % n !== 0) expect(w.re[t] >= w.re[t - 1], "ascending").toBe(true);
    if (c.fn === "eigh") {
      const v = dense(res[1]);
      if (c.absv) expectClose({ re: absEntries(v), im: null, shape: v.shape }, encoded(c.absv), Math.max(c.tol, 1e-8), 1, `${name} |v|`);
      const uplo = String((c.kw.UPLO as string | undefined) ?? (typeof c.args[1] === "string" ? c.args[1] : "L")).toUpperCase();
      for (let k = 0; k < matrices; k++) {
        const H = hermitianFrom(matrixOf(A, k), uplo === "L"), V = matrixOf(v, k), W = vectorOf(w, k);
        const norm = Math.max(maxAbs(H), 1e-300);
        expect(diff(mul(H, V), scaleColumns(V, W)), `${name}: A·V = V·Λ (#${k})`).toBeLessThanOrEqual(inv * n * norm);
        expect(diff(mul(V, V, true), identity(n)), `${name}: VᴴV = I (#${k})`).toBeLessThanOrEqual(inv * n);
      }
    }
    return;
  }

  if (c.fn === "eig" || c.fn === "eigvals") {
    const w = dense(res[0]), want = encoded(c.w!);
    for (let k = 0; k < matrices; k++) {
      const got = vectorOf(w, k), exp = vectorOf({ ...want, shape: w.shape }, k);
      const scale = Math.max(maxAbs(exp), maxAbs(matrixOf(A, k)), 1e-300);
      // match each NumPy eigenvalue with the nearest unused one of ours
      const used = new Set<number>(), perm: number[] = [];
      for (let j = 0; j < n; j++) {
        let best = -1, bestErr = Infinity;
        for (let i = 0; i < n; i++) {
          if (used.has(i)) continue;
          const e = Math.hypot(got.re[i] - exp.re[j], (got.im ? got.im[i] : 0) - (exp.im ? exp.im[j] : 0));
          if (e < bestErr) { bestErr = e; best = i; }
        }
        used.add(best);
        perm.push(best);
        if (!(bestErr <= c.tol * scale)) expect.fail(`${name} #${k}: NumPy's eigenvalue ${exp.re[j]}${exp.im ? `+${exp.im[j]}j` : ""} has no match within ${(c.tol * scale).toExponential(2)} (nearest ${bestErr.toExponential(2)})`);
      }
      if (c.fn !== "eig") continue;
      const v = dense(res[1]), V = matrixOf(v, k), M = matrixOf(A, k);
      const norm = Math.max(maxAbs(M), 1e-300);
      expect(diff(mul(M, V), scaleColumns(V, got)), `${name}: A·V = V·Λ (#${k})`).toBeLessThanOrEqual(inv * n * norm * 10);
      for (let j = 0; j < n; j++) {
        let s = 0, big = 0;
        for (let i = 0; i < n; i++) {
          const q = absAt(V, i * n + j);
          s += q * q;
          big = Math.max(big, q);
        }
        expect(Math.abs(Math.sqrt(s) - 1), `${name}: unit column ${j}`).toBeLessThanOrEqual(inv * n);
        // a component of largest modulus (up to rounding: ties) is real
        let real = !V.im;
        for (let i = 0; i < n && !real; i++) real = absAt(V, i * n + j) >= big * (1 - 1e-6) && Math.abs(V.im![i * n + j]) <= eps * 4;
        expect(real, `${name}: a largest component of column ${j} is real`).toBe(true);
      }
      if (c.absv) {
        const absv = encoded(c.absv), o = k * n * n;
        for (let j = 0; j < n; j++) {
          for (let i = 0; i < n; i++) {
            const g = absAt(V, i * n + perm[j]), e = absv.re[o + i * n + j];
            if (!(Math.abs(g - e) <= Math.max(c.tol, 1e-8))) expect.fail(`${name} #${k}: |v[${i}, ${j}]| ${g}, NumPy ${e}`);
          }
        }
      }
    }
    return;
  }

  if (c.fn === "svd") {
    const uv = res.length === 3, s = dense(uv ? res[1] : res[0]), want = encoded(c.s!);
    const kk = Math.min(m, n);
    for (let k = 0; k < matrices; k++) expectClose(vectorOf(s, k), vectorOf({ ...want, shape: s.shape }, k), c.tol, Math.max(maxAbs(want, k * kk, kk), 1e-300), `${name} s #${k}`);
    for (let t = 1; t < s.re.length; t++) if (t % kk !== 0) expect(s.re[t] <= s.re[t - 1] && s.re[t] >= 0, "descending, non-negative").toBe(true);
    if (!uv) return;
    const u = dense(res[0]), vh = dense(res[2]);
    if (c.exact) {
      expectClose(u, encoded(c.exact[0]), 0, 1, `${name} u`);
      expectClose(vh, encoded(c.exact[1]), 0, 1, `${name} vh`);
    }
    const cols = u.shape[u.shape.length - 1], rows = vh.shape[vh.shape.length - 2];
    if (c.absu && c.absvh) {
      // compare the first k columns of u and rows of vh
      const absu = encoded(c.absu), absvh = encoded(c.absvh), tol = Math.max(c.tol, 1e-8);
      for (let k = 0; k < matrices; k++) {
        for (let i = 0; i < m; i++) for (let j = 0; j < kk; j++) {
          const g = absAt(u, k * m * cols + i * cols + j), e = absu.re[k * m * kk + i * kk + j];
          if (!(Math.abs(g - e) <= tol)) expect.fail(`${name} #${k}: |u[${i}, ${j}]| ${g}, NumPy ${e}`);
        }
        for (let i = 0; i < kk; i++) for (let j = 0; j < n; j++) {
          const g = absAt(vh, k * rows * n + i * n + j), e = absvh.re[k * kk * n + i * n + j];
          if (!(Math.abs(g - e) <= tol)) expect.fail(`${name} #${k}: |vh[${i}, ${j}]| ${g}, NumPy ${e}`);
        }
      }
    }
    const hermitian = Boolean(c.kw.hermitian);
    for (let k = 0; k < matrices; k++) {
      const M = hermitian ? hermitianFrom(matrixOf(A, k), true) : matrixOf(A, k);
      const U = matrixOf(u, k), Vh = matrixOf(vh, k), S = vectorOf(s, k);
      const norm = Math.max(maxAbs(M), 1e-300), size = Math.max(m, n);
      // U[:, :k]·diag(s)·Vh[:k, :]
      const Uk: Dense = { re: new Float64Array(m * kk), im: new Float64Array(m * kk), shape: [m, kk] };
      for (let i = 0; i < m; i++) for (let j = 0; j < kk; j++) { Uk.re[i * kk + j] = U.re[i * cols + j]; Uk.im![i * kk + j] = U.im ? U.im[i * cols + j] : 0; }
      const Vk: Dense = { re: Vh.re.slice(0, kk * n), im: Vh.im ? Vh.im.slice(0, kk * n) : null, shape: [kk, n] };
      expect(diff(mul(scaleColumns(Uk, S), Vk), M), `${name}: U·S·Vᴴ = A (#${k})`).toBeLessThanOrEqual(inv * size * norm);
      expect(diff(mul(U, U, true), identity(cols)), `${name}: UᴴU = I (#${k})`).toBeLessThanOrEqual(inv * size);
      const signless = hermitian && Array.from(S.re).some((x) => x === 0);
      if (!signless) expect(diff(mulH(Vh), identity(rows)), `${name}: Vh·Vhᴴ = I (#${k})`).toBeLessThanOrEqual(inv * size);
    }
    return;
  }

  // pinv: unique, compared entry by entry
  const p = dense(res[0]), want = encoded(c.values!);
  expectClose(p, want, c.tol, Math.max(maxAbs(want), 1e-300), `${name} pinv`);
}

/** x·xᴴ. */
function mulH(x: Dense): Dense {
  const [m, n] = x.shape;
  const t: Dense = { re: new Float64Array(n * m), im: new Float64Array(n * m), shape: [n, m] };
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { t.re[j * m + i] = x.re[i * n + j]; t.im![j * m + i] = x.im ? -x.im[i * n + j] : 0; }
  return mul(x, t);
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])(`numpy.linalg eigen and singular value decompositions vs NumPy ${fixture.numpy} (compile %s)`, (compile) => {
  for (const [name, c] of Object.entries(fixture.cases)) it(name, () => { config.compile = compile; checkCase(name, c); });
});

describe("what NumPy's values do not show", () => {
  const sym = generate({ seed: 77, shape: [6, 6], kind: "symmetric", dtype: "float64" });
  const gen = generate({ seed: 78, shape: [5, 7], kind: "general", dtype: "float64" });

  it("eigh, eigvalsh, svd and pinv are lazy; their inputs may be pending expressions", () => {
    const pending = sym.mul(2).add(1);
    expect(pending.isPending).toBe(true);
    const [w, v] = np.linalg.eigh(pending);
    const [u, s, vh] = np.linalg.svd(gen.mul(1));
    for (const r of [w, v, u, s, vh, np.linalg.eigvalsh(pending), np.linalg.pinv(gen)]) expect(r.isPending).toBe(true);
    const ref = np.linalg.eigvalsh(np.array(sym.mul(2).add(1).tolist()));
    expect(w.tolist()).toEqual(ref.tolist());
    expect(s.tolist()).toEqual(np.linalg.svd(gen, { computeUv: false }).tolist());
  });

  it("a write to the input after the call leaves pending results as they were", () => {
    const a = np.array(sym.tolist()), b = np.array(gen.tolist());
    const w = np.linalg.eigvalsh(a), [u, s] = np.linalg.svd(b), p = np.linalg.pinv(b);
    const want = [np.linalg.eigvalsh(sym), ...np.linalg.svd(gen).slice(0, 2), np.linalg.pinv(gen)].map((x) => x.tolist());
    a.set([0, 0], 100);
    b.fill(0);
    expect([w, u, s, p].map((x) => x.tolist())).toEqual(want);
  });

  it("strided and transposed inputs give what their contiguous copies give", () => {
    const big = generate({ seed: 79, shape: [8, 10], kind: "general", dtype: "float64" });
    const view = big.get("1::2, ::-2").T; // 5×4, strided both ways
    const copy = np.array(view.tolist());
    expect(np.linalg.svd(view, { computeUv: false }).tolist()).toEqual(np.linalg.svd(copy, { computeUv: false }).tolist());
    const sq = big.get(":5, 3:8");
    expect(np.linalg.eigvals(sq).tolist()).toEqual(np.linalg.eigvals(np.array(sq.tolist())).tolist());
    expect(np.linalg.eigh(sym.T)[0].tolist()).toEqual(np.linalg.eigh(sym, "U")[0].tolist());
    expect(np.linalg.pinv(view).tolist()).toEqual(np.linalg.pinv(copy).tolist());
  });

  it("eig of a real matrix evaluates at the call (its dtype depends on the values)", () => {
    const [w, v] = np.linalg.eig(sym);
    expect(w.isPending).toBe(false);
    expect(String(w.dtype)).toBe("float64");
    expect(String(v.dtype)).toBe("float64");
    const [w2] = np.linalg.eig(np.array([[0, -1], [1, 0]]));
    expect(String(w2.dtype)).toBe("complex128");
  });

  it("the invariants through numfuse's own operations (the conformance cases' checks)", () => {
    const A = np.array([[1, 2], [2, 3]]);
    const [vals, vecs] = np.linalg.eig(A);
    expect(np.allclose(A.matmul(vecs), vecs.mul(vals)).item()).toBe(true);
    const B = np.array([[0, -1], [1, 0]]).astype("float64");
    const [bw, bv] = np.linalg.eig(B);
    expect(np.allclose(B.matmul(bv), bv.mul(bw)).item()).toBe(true);
    const [w, v] = np.linalg.eigh(sym);
    expect(np.allclose(sym.matmul(v), v.mul(w)).item()).toBe(true);
    expect(np.allclose(v.T.matmul(v), np.eye(6)).item()).toBe(true);
    const [U, S, Vt] = np.linalg.svd(gen, { fullMatrices: false });
    expect(np.allclose(U.mul(S).matmul(Vt), gen).item()).toBe(true);
  });

  it("pinv satisfies the Penrose conditions on rank-deficient and complex matrices", () => {
    for (const a of [
      generate({ seed: 80, shape: [9, 6], kind: "repeat", dtype: "float64", rank: 4 }),
      generate({ seed: 81, shape: [4, 7], kind: "general", dtype: "complex128" }),
    ]) {
      const p = np.linalg.pinv(a);
      expect(np.allclose(a.matmul(p).matmul(a), a).item()).toBe(true);
      expect(np.allclose(p.matmul(a).matmul(p), p).item()).toBe(true);
      expect(np.allclose(a.matmul(p).conj().T, a.matmul(p)).item()).toBe(true);
      expect(np.allclose(p.matmul(a).conj().T, p.matmul(a)).item()).toBe(true);
    }
  });

  it("singularValues is svd without vectors (for norms, cond and matrixRank)", () => {
    const a = generate({ seed: 82, shape: [3, 4, 6], kind: "general", dtype: "float32" });
    const s = singularValues(a);
    expect(String(s.dtype)).toBe("float32");
    expect(s.tolist()).toEqual(np.linalg.svd(a, { computeUv: false }).tolist());
  });

  it("svd of NaN raises when evaluated; eigh of non-finite input gives NaN; nothing hangs", () => {
    const bad = np.array([[NaN, 1], [1, 1]]);
    const s = np.linalg.svd(bad, { computeUv: false });
    expect(() => s.evalSync()).toThrow("SVD did not converge");
    const [w, v] = np.linalg.eigh(np.array([[Infinity, 1], [1, 1]]));
    expect((w.tolist() as number[]).every(Number.isNaN)).toBe(true);
    expect((v.tolist() as number[][]).flat().every(Number.isNaN)).toBe(true);
    const [, si] = np.linalg.svd(np.array([[Infinity, 1], [1, 1]]));
    expect((si.tolist() as number[]).every(Number.isNaN)).toBe(true);
    // NumPy: pinv of infinite input is 0 (NaN singular values, none above the cut-off); hermitian: NaN
    expect(np.linalg.pinv(np.array([[Infinity, 1], [1, 1]])).tolist()).toEqual([[0, 0], [0, 0]]);
    expect((np.linalg.pinv(np.array([[Infinity, 1], [1, 1]]), { hermitian: true }).tolist() as number[][]).flat().every(Number.isNaN)).toBe(true);
  });

  it("the SIMD loops give the same bits in WebAssembly and in JavaScript", () => {
    const a = generate({ seed: 83, shape: [37, 29], kind: "general", dtype: "float64" });
    const h = generate({ seed: 84, shape: [21, 21], kind: "symmetric", dtype: "complex128" });
    const r = generate({ seed: 85, shape: [23, 23], kind: "symmetric", dtype: "float64" });
    const run = () => [...np.linalg.svd(a), ...np.linalg.svd(a.T), ...np.linalg.eigh(h), ...np.linalg.eigh(r), ...np.linalg.eig(r.get(":, ::-1"))].map((x) => x.tolist());
    const withWasm = run();
    simdOptions.wasm = false;
    try { expect(run()).toEqual(withWasm); } finally { simdOptions.wasm = true; }
  });

  it("a stack whose matrices take different paths: one complex spectrum makes all complex", () => {
    const stack = np.stack([sym.get(":3, :3"), np.array([[0, -1, 0], [1, 0, 0], [0, 0, 2]])]);
    const w = np.linalg.eigvals(stack);
    expect(String(w.dtype)).toBe("complex128");
    expect(np.linalg.eigvals(np.stack([sym.get(":3, :3"), np.eye(3)])).dtype.kind).toBe("f");
  });
});
