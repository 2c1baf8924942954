// NumPy's polynomial functions (np.polyval, polyfit, roots, polyder, polyint, polyadd,
// polysub, polymul, polydiv) and the poly1d class. Coefficients run from the highest
// power down. polyval, polyder, polyint, polyadd and polysub stay lazy (views and ufuncs
// over the coefficients); polyfit (lstsq), roots (eigenvalues) and polydiv read their
// inputs at the call.

import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, viewOf } from "../ndarray.js";
import { arange, asarray, array, zeros, zerosLike } from "../creation.js";
import { basicView, Slice } from "../indexing.js";
import { concatenate } from "../join.js";
import { reshape } from "../shape.js";
import { add, divide, multiply, negative, subtract, type ArrayLike } from "../ufunc.js";
import { eigvals, inv, lstsq } from "../linalg/index.js";
import { matmul, outer } from "../products.js";
import { doublesOf } from "../histogram.js";
import { convolve } from "./convolve.js";

const float64 = dt("float64");
const EPS = 2.220446049250313e-16;

type Coeffs = ArrayLike | Poly1d;

const coeffsOf = (p: Coeffs): NDArray => (p instanceof Poly1d ? p.coeffs : asarray(p));
const atleast1d = (p: Coeffs): NDArray => { const a = coeffsOf(p); return a.ndim === 0 ? reshape(a, [1]) : a; };
const part = (a: NDArray, start: number | null, stop: number | null): NDArray => viewOf(a, basicView(a.shape, [new Slice(start, stop)]));
const valuesOf = (a: NDArray): Float64Array => doublesOf(a._buffer());

/** `np.polyval(p, x)`: Horner's rule, lazy. Example: `np.polyval([3, 0, 1], 5)` → 76. */
export function polyval(p: Coeffs, x: ArrayLike | Poly1d): NDArray | Poly1d {
  const P = coeffsOf(p);
  if (x instanceof Poly1d) {
    let y = new Poly1d(0);
    for (const c of P.tolist() as number[]) y = y.mul(x).add(c);
    return y;
  }
  const X = asarray(x);
  const cs = (P.ndim === 0 ? [P.item()] : P.tolist()) as number[];
  let y = zerosLike(X);
  for (const c of cs) y = y.mul(X).add(c);
  return y;
}

export interface PolyfitOptions {
  /** Singular values below rcond × the largest are dropped (default len(x) × eps). */
  rcond?: number | null;
  /** Also return [residuals, rank, singular values, rcond]. */
  full?: boolean;
  /** Weights of the sample points (1/σ). */
  w?: ArrayLike | null;
  /** Also return the covariance matrix of the coefficients (`"unscaled"`: without the residual factor). */
  cov?: boolean | "unscaled";
}

/**
 * `np.polyfit(x, y, deg, { rcond, full, w, cov })`: least-squares coefficients, highest power
 * first (through np.linalg.lstsq, as NumPy does). Example: `np.polyfit([0, 1, 2], [1, 3, 5], 1)` → [2, 1].
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, ...args: (number | boolean | null | PolyfitOptions | undefined)[]): NDArray | [NDArray, NDArray] | [NDArray, NDArray, NDArray, NDArray, number] {
  const o: PolyfitOptions = {};
  const list = [...args];
  if (list.length && typeof list[list.length - 1] === "object" && list[list.length - 1] !== null) Object.assign(o, list.pop());
  (["rcond", "full", "w", "cov"] as const).forEach((k, i) => { if (list[i] !== undefined && o[k] === undefined) (o as Record<string, unknown>)[k] = list[i]; });
  const order = Math.trunc(deg) + 1;
  const X = asarray(x), Y = asarray(y);
  if (deg < 0) throw new ValueError(M.degNegative);
  if (X.ndim !== 1) throw new TypeError(M.x1d);
  if (X.size === 0) throw new TypeError(M.xEmpty);
  if (Y.ndim < 1 || Y.ndim > 2) throw new TypeError(M.y1d2d);
  if (X.shape[0] !== Y.shape[0]) throw new TypeError(M.xySameLength);
  const m = X.size, k = Y.ndim === 2 ? Y.shape[1] : 1;
  const rcond = o.rcond ?? m * EPS;
  const xv = valuesOf(X), yv = Float64Array.from(valuesOf(Y));
  // np.vander(x, order): the powers by repeated products, highest first
  const lhs = new Float64Array(m * order);
  for (let i = 0; i < m; i++) {
    let pw = 1;
    for (let j = order - 1; j >= 0; j--) { lhs[i * order + j] = pw; pw *= xv[i]; }
  }
  if (o.w !== undefined && o.w !== null) {
    const W = asarray(o.w);
    if (W.ndim !== 1) throw new TypeError(M.w1d);
    if (W.shape[0] !== Y.shape[0]) throw new TypeError(M.wSameLength);
    const wv = valuesOf(W);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < order; j++) lhs[i * order + j] *= wv[i];
      for (let j = 0; j < k; j++) yv[i * k + j] *= wv[i];
    }
  }
  // column norms (summed row by row, as NumPy's reduction over axis 0)
  const scale = new Float64Array(order);
  for (let i = 0; i < m; i++) for (let j = 0; j < order; j++) scale[j] += lhs[i * order + j] * lhs[i * order + j];
  for (let j = 0; j < order; j++) scale[j] = Math.sqrt(scale[j]);
  for (let i = 0; i < m; i++) for (let j = 0; j < order; j++) lhs[i * order + j] /= scale[j];
  const A = reshape(asarray(lhs), [m, order]), B = Y.ndim === 2 ? reshape(asarray(yv), [m, k]) : asarray(yv);
  const [c0, resids, rank, s] = lstsq(A, B, rcond);
  const S = asarray(scale);
  const c = Y.ndim === 2 ? divide(c0, reshape(S, [order, 1])) : divide(c0, S);
  if (o.full) return [c, resids, rank, s, rcond];
  if (o.cov) {
    const vbase = divide(inv(matmul(A.T, A)), outer(S, S));
    let fac: NDArray | number = 1;
    if (o.cov !== "unscaled") {
      if (m <= order) throw new ValueError(M.covPoints);
      fac = divide(resids, m - order);
    }
    return [c, Y.ndim === 1 ? multiply(vbase, fac) : multiply(reshape(vbase, [order, order, 1]), fac)];
  }
  return c;
}

/** `np.roots(p)`: the eigenvalues of the companion matrix. Example: `np.roots([1, -3, 2])` → [2, 1]. */
export function roots(p: Coeffs): NDArray {
  const P = atleast1d(p);
  if (P.ndim !== 1) throw new ValueError(M.rank1);
  if (P.dtype.kind === "c") throw new TypeError(M.complex);
  const v = valuesOf(P);
  let lo = 0, hi = v.length - 1;
  while (lo <= hi && v[lo] === 0) lo++;
  if (lo > hi) return array(new Float64Array(0));
  while (v[hi] === 0) hi--;
  const trailing = v.length - 1 - hi;
  const q = v.subarray(lo, hi + 1), N = q.length;
  let r: NDArray;
  if (N > 1) {
    const A = new Float64Array((N - 1) * (N - 1));
    for (let j = 0; j < N - 1; j++) A[j] = -q[j + 1] / q[0];
    for (let i = 1; i < N - 1; i++) A[i * (N - 1) + i - 1] = 1;
    r = eigvals(reshape(asarray(A), [N - 1, N - 1]));
  } else r = array(new Float64Array(0));
  return trailing ? concatenate([r, zeros(trailing, { dtype: r.dtype })]) : r;
}

/** `np.polyder(p, m = 1)`: the m-th derivative's coefficients. Example: `np.polyder([1, 1, 1])` → [2, 1]. */
export function polyder(p: Coeffs, m: number | { m?: number } = 1): NDArray | Poly1d {
  const order = Math.trunc(typeof m === "object" ? m.m ?? 1 : m);
  if (order < 0) throw new ValueError(M.derivOrder);
  let val = coeffsOf(p);
  for (let i = 0; i < order; i++) {
    const n = val.size - 1;
    val = multiply(part(val, null, -1), arange(n, 0, -1));
  }
  return p instanceof Poly1d ? new Poly1d(val) : val;
}

/** `np.polyint(p, m = 1, k = 0)`: the m-th antiderivative (constants k). Example: `np.polyint([3, 2])` → [1.5, 2, 0]. */
export function polyint(p: Coeffs, m: number | { m?: number; k?: ArrayLike | null } = 1, k: ArrayLike | null = null): NDArray | Poly1d {
  let order = m, kk = k;
  if (typeof m === "object") { order = m.m ?? 1; kk = m.k ?? null; }
  const n = Math.trunc(order as number);
  if (n < 0) throw new ValueError(M.integOrder);
  let K = kk === null ? zeros(n, { dtype: float64 }) : asarray(kk);
  if (K.ndim === 0) K = reshape(K, [1]);
  let ks = K.tolist() as number[];
  if (ks.length === 1 && n > 1) ks = new Array<number>(n).fill(ks[0]);
  if (ks.length < n) throw new ValueError(M.integK);
  let val = coeffsOf(p);
  for (let i = 0; i < n; i++) val = concatenate([divide(val, arange(val.size, 0, -1)), asarray([ks[i]], { dtype: typeof ks[i] === "number" && K.dtype.kind !== "f" ? K.dtype : float64 })]);
  return p instanceof Poly1d ? new Poly1d(val) : val;
}

function padded(a: NDArray, len: number): NDArray {
  return a.size === len ? a : concatenate([zeros(len - a.size, { dtype: a.dtype }), a]);
}

function combined(a1: Coeffs, a2: Coeffs, op: (x: NDArray, y: NDArray) => NDArray): NDArray | Poly1d {
  const x = atleast1d(a1), y = atleast1d(a2), len = Math.max(x.size, y.size);
  const val = op(padded(x, len), padded(y, len));
  return a1 instanceof Poly1d || a2 instanceof Poly1d ? new Poly1d(val) : val;
}

/** `np.polyadd(a1, a2)`. Example: `np.polyadd([1, 2], [9, 5, 4])` → [9, 6, 6]. */
export const polyadd = (a1: Coeffs, a2: Coeffs): NDArray | Poly1d => combined(a1, a2, add);
/** `np.polysub(a1, a2)`. Example: `np.polysub([2, 10, -2], [3, 10, -4])` → [-1, 0, 2]. */
export const polysub = (a1: Coeffs, a2: Coeffs): NDArray | Poly1d => combined(a1, a2, subtract);

/** `np.polymul(a1, a2)`: the product's coefficients (a convolution). Example: `np.polymul([1, 2], [1, 3])` → [1, 5, 6]. */
export function polymul(a1: Coeffs, a2: Coeffs): NDArray | Poly1d {
  const val = convolve(atleast1d(a1), atleast1d(a2));
  return a1 instanceof Poly1d || a2 instanceof Poly1d ? new Poly1d(val) : val;
}

/** `np.polydiv(u, v)`: [quotient, remainder]. Example: `np.polydiv([3, 5, 2], [2, 1])` → [[1.5, 1.75], [0.25]]. */
export function polydiv(u: Coeffs, v: Coeffs): [NDArray, NDArray] | [Poly1d, Poly1d] {
  const U = atleast1d(u), V = atleast1d(v);
  if (U.dtype.kind === "c" || V.dtype.kind === "c") throw new TypeError(M.complex);
  const uv = valuesOf(U), vv = valuesOf(V);
  const m = uv.length - 1, n = vv.length - 1, scale = 1.0 / vv[0];
  const q = new Float64Array(Math.max(m - n + 1, 1));
  const r = Float64Array.from(uv);
  for (let k = 0; k < m - n + 1; k++) {
    const d = scale * r[k];
    q[k] = d;
    for (let j = 0; j <= n; j++) r[k + j] -= d * vv[j];
  }
  let start = 0;
  // NumPy: while allclose(r[0], 0, rtol=1e-14) and len(r) > 1
  while (Math.abs(r[start]) <= 1e-8 && r.length - start > 1) start++;
  const Q = asarray(q), R = asarray(r.slice(start));
  return u instanceof Poly1d || v instanceof Poly1d ? [new Poly1d(Q), new Poly1d(R)] : [Q, R];
}

/** `np.poly(seqOfZeros)`: the monic polynomial with these roots. Example: `np.poly([2, 1])` → [1, -3, 2]. */
export function poly(seqOfZeros: ArrayLike): NDArray {
  const z = asarray(seqOfZeros);
  if (z.dtype.kind === "c") throw new TypeError(M.complex);
  let a: NDArray = asarray(Float64Array.of(1));
  for (const r of (z.ndim === 0 ? [z.item()] : z.tolist()) as number[]) a = convolve(a, asarray(Float64Array.of(1, -r)), "full");
  return a;
}

/** NumPy's '%.4g' of a coefficient, without a trailing '.0000'. */
function fmtFloat(q: number): string {
  if (!Number.isFinite(q)) return Number.isNaN(q) ? "nan" : q > 0 ? "inf" : "-inf";
  if (q === 0) return Object.is(q, -0) ? "-0" : "0";
  const e = Math.floor(Math.log10(Math.abs(Number(q.toPrecision(4)))));
  let s: string;
  if (e < -4 || e >= 4) {
    const [mant, exp] = q.toExponential(3).split("e");
    const ex = Number(exp);
    s = `${mant.replace(/\.?0+$/, "")}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  } else s = q.toFixed(Math.max(0, 3 - e)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return s.endsWith(".0000") ? s.slice(0, -5) : s;
}

/** NumPy's `_raise_power`: exponents moved onto a line above, wrapped at 70 columns. */
function raisePower(astr: string, wrap = 70): string {
  let n = 0, line1 = "", line2 = "", output = " ";
  const re = /\*\*([0-9.]*)/g;
  let mat: RegExpExecArray | null;
  while ((mat = re.exec(astr)) !== null) {
    const span = [mat.index, mat.index + mat[0].length];
    const power = mat[1], partstr = astr.slice(n, span[0]);
    n = span[1];
    const toadd2 = partstr + " ".repeat(power.length - 1);
    const toadd1 = " ".repeat(partstr.length - 1) + power;
    if (line2.length + toadd2.length > wrap || line1.length + toadd1.length > wrap) {
      output += line1 + "\n" + line2 + "\n ";
      line1 = toadd1; line2 = toadd2;
    } else { line2 += partstr + " ".repeat(power.length - 1); line1 += " ".repeat(partstr.length - 1) + power; }
  }
  output += line1 + "\n" + line2;
  return output + astr.slice(n);
}

/** `np.poly1d(c)` (or `np.poly1d(roots, true)`): a polynomial; `p.call(x)` evaluates it. Example: `new np.poly1d([1, 2, 3]).call(0.5)` → 4.25. */
export class Poly1d {
  /** The coefficients, highest power first (leading zeros dropped). */
  readonly coeffs: NDArray;
  /** The variable name used when printing. */
  readonly variable: string;

  constructor(cOrR: Coeffs, r: boolean | { r?: boolean; variable?: string | null } = false, variable: string | null = null) {
    let isRoots = r, name = variable;
    if (typeof r === "object") { isRoots = !!r.r; name = r.variable ?? null; }
    if (cOrR instanceof Poly1d) {
      this.coeffs = cOrR.coeffs; this.variable = name ?? cOrR.variable;
      return;
    }
    let c = isRoots ? poly(cOrR) : asarray(cOrR);
    if (c.ndim === 0) c = reshape(c, [1]);
    if (c.ndim > 1) throw new ValueError("Polynomial must be 1d only.");
    const v = valuesOf(c);
    let lead = 0;
    while (lead < v.length && v[lead] === 0) lead++;
    c = lead === v.length ? zeros(1, { dtype: c.dtype }) : lead ? part(c, lead, null) : c;
    this.coeffs = c;
    this.variable = name ?? "x";
  }

  get c(): NDArray { return this.coeffs; }
  get coef(): NDArray { return this.coeffs; }
  get coefficients(): NDArray { return this.coeffs; }
  /** The degree. */
  get order(): number { return this.coeffs.size - 1; }
  get o(): number { return this.order; }
  /** The roots. */
  get roots(): NDArray { return roots(this.coeffs); }
  get r(): NDArray { return this.roots; }

  /** The value at x (an array: elementwise; a poly1d: the composition). */
  call(x: ArrayLike | Poly1d): NDArray | Poly1d { return polyval(this.coeffs, x); }
  /** The m-th derivative. */
  deriv(m = 1): Poly1d { return new Poly1d(polyder(this.coeffs, m) as NDArray); }
  /** The m-th antiderivative with integration constants k. */
  integ(m = 1, k: ArrayLike = 0): Poly1d { return new Poly1d(polyint(this.coeffs, m, k) as NDArray); }

  add(other: Coeffs): Poly1d { return new Poly1d(polyadd(this.coeffs, coeffsOf(other)) as NDArray); }
  sub(other: Coeffs): Poly1d { return new Poly1d(polysub(this.coeffs, coeffsOf(other)) as NDArray); }
  mul(other: Coeffs): Poly1d {
    if (typeof other === "number") return new Poly1d(multiply(this.coeffs, other));
    return new Poly1d(polymul(this.coeffs, coeffsOf(other)) as NDArray);
  }
  /** Division by a number scales; by a polynomial gives [quotient, remainder]. */
  div(other: number): Poly1d;
  div(other: Coeffs): Poly1d | [Poly1d, Poly1d];
  div(other: Coeffs): Poly1d | [Poly1d, Poly1d] {
    if (typeof other === "number") return new Poly1d(divide(this.coeffs, other));
    const [q, r] = polydiv(this.coeffs, coeffsOf(other)) as [NDArray, NDArray];
    return [new Poly1d(q), new Poly1d(r)];
  }
  neg(): Poly1d { return new Poly1d(negative(this.coeffs)); }
  /** The n-th power (n a non-negative integer). */
  pow(n: number): Poly1d {
    if (!Number.isInteger(n) || n < 0) throw new ValueError("Power to non-negative integers only.");
    let res: NDArray = asarray([1]);
    for (let i = 0; i < n; i++) res = polymul(this.coeffs, res) as NDArray;
    return new Poly1d(res);
  }
  /** Same coefficients. */
  equals(other: Poly1d): boolean {
    const a = this.coeffs.tolist() as number[], b = other.coeffs.tolist() as number[];
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  /** The coefficient of x**power. */
  get(power: number): number {
    if (power > this.order || power < 0) return 0;
    return Number(this.coeffs.item(this.order - power));
  }

  /** NumPy's str(): the powers on a line above. */
  toString(): string {
    const cs = (this.coeffs.tolist() as number[]);
    const first = cs.findIndex((c) => c !== 0);
    const coeffs = first < 0 ? [] : cs.slice(first);
    const N = coeffs.length - 1, v = this.variable;
    let thestr = "0";
    coeffs.forEach((coeff, k) => {
      const coefstr = fmtFloat(coeff), power = N - k;
      let newstr: string;
      if (power === 0) newstr = coefstr !== "0" ? coefstr : k === 0 ? "0" : "";
      else if (power === 1) newstr = coefstr === "0" ? "" : coefstr === "b" ? v : `${coefstr} ${v}`;
      else newstr = coefstr === "0" ? "" : coefstr === "b" ? `${v}**${power}` : `${coefstr} ${v}**${power}`;
      if (k > 0) {
        if (newstr !== "") thestr = newstr.startsWith("-") ? `${thestr} - ${newstr.slice(1)}` : `${thestr} + ${newstr}`;
      } else thestr = newstr;
    });
    return raisePower(thestr);
  }

  /** NumPy's repr: `poly1d([1., 2., 3.])`. */
  repr(): string {
    return `poly1d(${this.coeffs.repr().replace(/^array\(/, "").replace(/\)$/, "").replace(/, dtype=\w+$/, "")})`;
  }
}
