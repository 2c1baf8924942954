// LU and Cholesky: solve, inv, det, slogdet, matrixPower, tensorinv, tensorsolve, cholesky.
//
// LU with partial pivoting (LAPACK's getrf: the pivot is the first element of largest
// magnitude, |re| + |im| for complex; an exactly zero pivot marks the matrix singular and
// the factorization goes on) on row-major matrices,
// recursive on column halves, so that almost all the work is GEMM (dense.ts). solve and inv then substitute
// forward and back, inv as LAPACK's getri (U⁻¹·L⁻¹, permuted); det is
// NumPy's sign·exp(logdet) of the factored diagonal. Every function checks its arguments
// as NumPy 1.24 does at the call; a singular matrix is found when the result is computed.

import { LinAlgError, TypeError, ValueError, msg } from "../../runtime/errors.js";
import { broadcastShapes } from "../broadcast.js";
import { dt } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray, copyNode, eye } from "../creation.js";
import { argsOf, intArg } from "../join.js";
import { broadcastTo, reshape, transpose, ravel } from "../shape.js";
import { contract } from "../contract.js";
import type { ArrayLike } from "../ufunc.js";
import {
  assertStacked2d, assertStackedSquare, commonType, coreMismatch, stackMismatch, stacked, tooFewDims,
} from "./batch.js";
import { cdiv, gemmSub, solveUnitLower, solveUpper } from "./dense.js";

const SFMIN = 2.2250738585072014e-308;

// ---- the factorization ---------------------------------------------------------------------

/** Column blocks at most this wide are factored by rows, without recursion (measured). */
const LEAF = 16;

/**
 * Factors the n×n row-major matrix `a` in place as P·A = L·U (unit L below the diagonal,
 * U on and above), recording in piv[k] the row swapped with row k. Returns LAPACK's info:
 * 0, or 1 + the first column whose pivot is exactly zero. Recursive on column halves, as
 * LAPACK's getrf2: the left half is factored, the block of U right of it solved, the
 * trailing rows updated by one GEMM, and the right half factored.
 */
export function luFactor(lanes: number, a: Float64Array, n: number, piv: Int32Array): number {
  if (n <= LEAF) return lanes === 1 ? panelReal(a, n, 0, n, piv) : panelComplex(a, n, 0, n, piv);
  let info = 0;
  const rec = (c0: number, c1: number): void => {
    if (c1 - c0 <= LEAF) {
      const bad = lanes === 1 ? panelReal(a, n, c0, c1, piv) : panelComplex(a, n, c0, c1, piv);
      if (bad && !info) info = bad;
      return;
    }
    const mid = c0 + (((c1 - c0) >> 1) & ~3 || (c1 - c0) >> 1);
    rec(c0, mid);
    solveUnitLower(lanes, a, c0 * n + c0, n, a, c0 * n + mid, n, mid - c0, c1 - mid);
    gemmSub(lanes, a, mid * n + mid, n, a, mid * n + c0, n, a, c0 * n + mid, n, n - mid, c1 - mid, mid - c0);
    rec(mid, c1);
  };
  rec(0, n);
  return info;
}

/** Swaps rows i and j (whole rows: the L columns already factored and the columns not yet updated). */
function swapRows(a: Float64Array, w: number, i: number, j: number): void {
  const ri = i * w, rj = j * w;
  for (let c = 0; c < w; c++) { const t = a[ri + c]; a[ri + c] = a[rj + c]; a[rj + c] = t; }
}

/**
 * Factors columns [k0, k1) of a real matrix (rows from k0; columns left of k0 already
 * applied). Left-looking, as OpenBLAS's getf2 that NumPy runs on small matrices: column j
 * is first updated by the panel's earlier columns, each element by one dot product
 * subtracted at once, so exactly singular matrices give NumPy's exact zero pivots.
 * Returns 1 + the first column with a zero pivot, or 0.
 */
function panelReal(a: Float64Array, n: number, k0: number, k1: number, piv: Int32Array): number {
  let info = 0;
  for (let j = k0; j < k1; j++) {
    for (let i = k0 + 1; i < n; i++) {
      const ri = i * n, top = Math.min(i, j);
      let dot = 0;
      for (let k = k0; k < top; k++) dot += a[ri + k] * a[k * n + j];
      a[ri + j] -= dot;
    }
    let p = j, max = Math.abs(a[j * n + j]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(a[i * n + j]);
      if (v > max) { max = v; p = i; }
    }
    piv[j] = p;
    const pivot = a[p * n + j];
    if (pivot !== 0) {
      if (p !== j) swapRows(a, n, j, p);
      if (Math.abs(pivot) >= SFMIN) {
        const r = 1 / pivot;
        for (let i = j + 1; i < n; i++) a[i * n + j] *= r;
      } else for (let i = j + 1; i < n; i++) a[i * n + j] /= pivot;
    } else if (!info) info = j + 1;
  }
  return info;
}

/** The complex panel (pairs), pivoting by |re| + |im| as LAPACK's izamax. */
function panelComplex(a: Float64Array, n: number, k0: number, k1: number, piv: Int32Array): number {
  let info = 0;
  const w = 2 * n;
  for (let j = k0; j < k1; j++) {
    for (let i = k0 + 1; i < n; i++) {
      const ri = i * w, top = Math.min(i, j);
      let dr = 0, di = 0;
      for (let k = k0; k < top; k++) {
        const lr = a[ri + 2 * k], li = a[ri + 2 * k + 1], ur = a[k * w + 2 * j], ui = a[k * w + 2 * j + 1];
        dr += lr * ur - li * ui; di += lr * ui + li * ur;
      }
      a[ri + 2 * j] -= dr; a[ri + 2 * j + 1] -= di;
    }
    let p = j, max = Math.abs(a[j * w + 2 * j]) + Math.abs(a[j * w + 2 * j + 1]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(a[i * w + 2 * j]) + Math.abs(a[i * w + 2 * j + 1]);
      if (v > max) { max = v; p = i; }
    }
    piv[j] = p;
    const pr = a[p * w + 2 * j], pi = a[p * w + 2 * j + 1];
    if (pr !== 0 || pi !== 0) {
      if (p !== j) swapRows(a, w, j, p);
      if (Math.hypot(pr, pi) >= SFMIN) {
        const [rr, ri] = cdiv(1, 0, pr, pi);
        for (let i = j + 1; i < n; i++) {
          const o = i * w + 2 * j, xr = a[o], xi = a[o + 1];
          a[o] = xr * rr - xi * ri; a[o + 1] = xr * ri + xi * rr;
        }
      } else for (let i = j + 1; i < n; i++) {
        const o = i * w + 2 * j, q = cdiv(a[o], a[o + 1], pr, pi);
        a[o] = q[0]; a[o + 1] = q[1];
      }
    } else if (!info) info = j + 1;
  }
  return info;
}

/** Solves A·X = B in place with A's factors (B n×nrhs row-major): permute, then L, then U. */
export function luSolve(lanes: number, lu: Float64Array, n: number, piv: Int32Array, b: Float64Array, nrhs: number): void {
  for (let k = 0; k < n; k++) if (piv[k] !== k) swapRows(b, lanes * nrhs, k, piv[k]);
  solveUnitLower(lanes, lu, 0, n, b, 0, nrhs, n, nrhs);
  solveUpper(lanes, lu, 0, n, b, 0, nrhs, n, nrhs);
}

/**
 * A⁻¹ from A's factors into x (n×n): X = U⁻¹·L⁻¹ with L⁻¹ formed first (unit lower
 * triangular, a third of the work of solving for the identity), then the columns
 * permuted back, as LAPACK's getri.
 */
export function luInverse(lanes: number, lu: Float64Array, n: number, piv: Int32Array, x: Float64Array): void {
  x.fill(0);
  invertUnitLower(lanes, lu, 0, x, 0, n, n);
  solveUpper(lanes, lu, 0, n, x, 0, n, n, n);
  for (let k = n - 1; k >= 0; k--) {
    const p = piv[k];
    if (p === k) continue;
    for (let i = 0; i < n; i++) {
      const a = lanes * (i * n + k), b = lanes * (i * n + p);
      for (let l = 0; l < lanes; l++) { const t = x[a + l]; x[a + l] = x[b + l]; x[b + l] = t; }
    }
  }
}

/**
 * Writes the inverse of the m×m unit lower triangle of L (at `lo`, leading dimension ld)
 * into X (at `xo`, same ld, its upper triangle left zero). Recursive: the diagonal blocks
 * are inverted, then X21 = -L22⁻¹·L21·X11 by one GEMM and one triangular solve.
 */
function invertUnitLower(lanes: number, L: Float64Array, lo: number, X: Float64Array, xo: number, ld: number, m: number): void {
  if (m > LEAF) {
    const h = (m >> 1) & ~3 || m >> 1;
    invertUnitLower(lanes, L, lo, X, xo, ld, h);
    invertUnitLower(lanes, L, lo + h * ld + h, X, xo + h * ld + h, ld, m - h);
    gemmSub(lanes, X, xo + h * ld, ld, L, lo + h * ld, ld, X, xo, ld, m - h, h, h);
    solveUnitLower(lanes, L, lo + h * ld + h, ld, X, xo + h * ld, ld, m - h, h);
    return;
  }
  // row i of L⁻¹: e_i - Σ_k L[i, k]·(row k of L⁻¹), whose nonzeros are its first k + 1
  for (let i = 0; i < m; i++) {
    const xi = xo + i * ld, li = lo + i * ld;
    X[lanes * (xi + i)] = 1;
    for (let k = 0; k < i; k++) {
      const xk = xo + k * ld;
      if (lanes === 1) {
        const l = L[li + k];
        if (l !== 0) for (let j = 0; j <= k; j++) X[xi + j] -= l * X[xk + j];
      } else {
        const lr = L[2 * (li + k)], lm = L[2 * (li + k) + 1];
        for (let j = 0; j <= k; j++) {
          const yr = X[2 * (xk + j)], yi = X[2 * (xk + j) + 1];
          X[2 * (xi + j)] -= lr * yr - lm * yi;
          X[2 * (xi + j) + 1] -= lr * yi + lm * yr;
        }
      }
    }
  }
}

/**
 * NumPy's slogdet of factored A: the sign (±1, or a unit complex number) and log|det|
 * summed in order over the diagonal; a singular matrix gives sign 0 and logdet -inf.
 */
function slogdetOf(lanes: number, lu: Float64Array, n: number, piv: Int32Array, info: number, out: Float64Array): void {
  if (info > 0) { out.fill(0); out[lanes] = -Infinity; return; }
  let swaps = 0;
  for (let k = 0; k < n; k++) if (piv[k] !== k) swaps++;
  let sr = swaps % 2 ? -1 : 1, si = 0, logdet = 0;
  for (let k = 0; k < n; k++) {
    if (lanes === 1) {
      let d = lu[k * n + k];
      if (d < 0) { sr = -sr; d = -d; }
      logdet += Math.log(d);
    } else {
      const re = lu[2 * (k * n + k)], im = lu[2 * (k * n + k) + 1], abs = Math.hypot(re, im);
      const er = re / abs, ei = im / abs, t = sr * er - si * ei;
      si = sr * ei + si * er; sr = t;
      logdet += Math.log(abs);
    }
  }
  out[0] = sr;
  if (lanes === 2) out[1] = si;
  out[lanes] = logdet;
}

// ---- helpers ------------------------------------------------------------------------------------

/** The matrix product of two stacks of square matrices of the same shape (as matmul). */
function matmulSquare(x: NDArray, y: NDArray): NDArray {
  const b = x.ndim - 2, lead = Array.from({ length: b }, (_, i) => i);
  return contract(x, [...lead, b, b + 1], y, [...lead, b + 1, b + 2], [...lead, b, b + 2]);
}

const singular = () => new LinAlgError(msg.singular);

// ---- the public functions ---------------------------------------------------------------------

/**
 * `np.linalg.solve(a, b)`: x with a·x = b, for a (..., M, M) and b (..., M) or (..., M, K)
 * (stacks broadcast). Example: `np.linalg.solve([[3, 1], [1, 2]], [9, 8])` is [2, 3].
 */
export function solve(a: ArrayLike, b: ArrayLike): NDArray {
  const A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  const B = asarray(b);
  const vector = B.ndim === A.ndim - 1;
  const ufunc = vector ? "solve1" : "solve";
  const sig = vector ? "(m,m),(m)->(m)" : "(m,m),(m,n)->(m,n)";
  const t = commonType(ufunc, A, B);
  const m = A.shape[A.ndim - 1];
  if (!vector && B.ndim < 2) throw tooFewDims(ufunc, sig, 1, B.ndim, 2);
  const bm = B.shape[B.ndim - (vector ? 1 : 2)];
  if (bm !== m) throw coreMismatch(ufunc, sig, 1, 0, bm, m);
  const core = vector ? 1 : 2, outCore = vector ? [m] : [m, B.shape[B.ndim - 1]];
  try { broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, B.ndim - core)); }
  catch { throw stackMismatch([{ shape: A.shape, core: 2 }, { shape: B.shape, core }], outCore); }
  const lanes = t.complex ? 2 : 1, nrhs = vector ? 1 : B.shape[B.ndim - 1];
  const piv = new Int32Array(m);
  return stacked(ufunc, [{ array: A, core: 2 }, { array: B, core }], [{ core: outCore, dtype: t.result }], t.complex, ([lu, x], [out]) => {
    if (luFactor(lanes, lu, m, piv)) throw singular();
    luSolve(lanes, lu, m, piv, x, nrhs);
    out.set(x);
  })[0];
}

/** `np.linalg.inv(a)`: the inverse of each matrix of a (..., M, M) stack. Example: `np.linalg.inv([[1, 2], [3, 4]])`. */
export function inv(a: ArrayLike): NDArray {
  const A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  const t = commonType("inv", A);
  const m = A.shape[A.ndim - 1], lanes = t.complex ? 2 : 1;
  const piv = new Int32Array(m);
  return stacked("inv", [{ array: A, core: 2 }], [{ core: [m, m], dtype: t.result }], t.complex, ([lu], [x]) => {
    if (luFactor(lanes, lu, m, piv)) throw singular();
    luInverse(lanes, lu, m, piv, x);
  })[0];
}

/** The inverse NumPy's cond uses: computed in double (complex when `complex`), NaN for a singular matrix. */
export function invOrNaN(A: NDArray, complex: boolean): NDArray {
  const m = A.shape[A.ndim - 1], lanes = complex ? 2 : 1;
  const piv = new Int32Array(m);
  return stacked("inv", [{ array: A, core: 2 }], [{ core: [m, m], dtype: dt(complex ? "complex128" : "float64") }], complex, ([lu], [x]) => {
    if (luFactor(lanes, lu, m, piv)) x.fill(NaN);
    else luInverse(lanes, lu, m, piv, x);
  })[0];
}

/** `np.linalg.slogdet(a)`: [sign, log|det|] of each matrix of a stack. Example: `const [s, l] = np.linalg.slogdet(A)`. */
export function slogdet(a: ArrayLike): [NDArray, NDArray] {
  const A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  const t = commonType("slogdet", A);
  const m = A.shape[A.ndim - 1], lanes = t.complex ? 2 : 1;
  const piv = new Int32Array(m), s = new Float64Array(lanes + 1);
  const [sign, logdet] = stacked("slogdet", [{ array: A, core: 2 }], [{ core: [], dtype: t.result }, { core: [], dtype: t.real }], t.complex, ([lu], [so, lo]) => {
    slogdetOf(lanes, lu, m, piv, luFactor(lanes, lu, m, piv), s);
    so[0] = s[0];
    if (lanes === 2) so[1] = s[1];
    lo[0] = s[lanes];
  });
  return [sign, logdet];
}

/** `np.linalg.det(a)`: the determinant of each matrix of a stack (0-d for one matrix). Example: `np.linalg.det([[1, 2], [3, 4]])` is -2. */
export function det(a: ArrayLike): NDArray {
  const A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  const t = commonType("det", A);
  const m = A.shape[A.ndim - 1], lanes = t.complex ? 2 : 1;
  const piv = new Int32Array(m), s = new Float64Array(lanes + 1);
  return stacked("det", [{ array: A, core: 2 }], [{ core: [], dtype: t.result }], t.complex, ([lu], [out]) => {
    slogdetOf(lanes, lu, m, piv, luFactor(lanes, lu, m, piv), s);
    const e = Math.exp(s[lanes]);
    out[0] = s[0] * e;
    if (lanes === 2) out[1] = s[1] * e;
  })[0];
}

/**
 * `np.linalg.matrixPower(a, n)`: a matrix (stack) to an integer power by repeated squaring;
 * n < 0 inverts first, n = 0 gives identities of a's dtype. Example: `np.linalg.matrixPower(M, 3)`.
 */
export function matrixPower(a: ArrayLike, exponent: number | bigint | { n: number | bigint }): NDArray {
  const o = argsOf(["n"], [exponent]);
  let A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  let n: number;
  if (typeof o.n === "bigint") n = Number(o.n);
  else if (typeof o.n === "boolean") n = o.n ? 1 : 0;
  else if (typeof o.n === "number" && Number.isInteger(o.n)) n = o.n;
  else throw new TypeError("exponent must be an integer");
  const m = A.shape[A.ndim - 1];
  if (n === 0) return lazy(copyNode(broadcastTo(eye(m, { dtype: A.dtype }), A.shape)), A.dtype);
  if (n < 0) { A = inv(A); n = -n; }
  if (n === 1) return A;
  if (n === 2) return matmulSquare(A, A);
  if (n === 3) return matmulSquare(matmulSquare(A, A), A);
  let z: NDArray | null = null, result: NDArray | null = null;
  while (n > 0) {
    z = z === null ? A : matmulSquare(z, z);
    const bit = n % 2;
    n = Math.floor(n / 2);
    if (bit) result = result === null ? z : matmulSquare(result, z);
  }
  return result!;
}

/**
 * `np.linalg.tensorinv(a, ind = 2)`: the inverse of a tensor for tensordot over `ind`
 * axes; the result has shape a.shape[ind:] + a.shape[:ind]. Example: `np.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), 1)`.
 */
export function tensorinv(a: ArrayLike, ...args: (number | { ind?: number } | undefined)[]): NDArray {
  const o = argsOf(["ind"], args);
  const A = asarray(a), ind = intArg(o.ind ?? 2);
  if (!(ind > 0)) throw new ValueError("Invalid ind argument.");
  const invShape = [...A.shape.slice(ind), ...A.shape.slice(0, ind)];
  const prod = A.shape.slice(ind).reduce((p, k) => p * k, 1);
  return reshape(inv(reshape(A, [prod, -1])), invShape);
}

/**
 * `np.linalg.tensorsolve(a, b, axes?)`: x with tensordot(a, x, x.ndim) = b; `axes` of a
 * move to the end first. Example: `np.linalg.tensorsolve(a, b)` for a of shape b.shape + x.shape.
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike, ...args: (readonly number[] | null | { axes?: readonly number[] | null } | undefined)[]): NDArray {
  const o = argsOf(["axes"], args);
  let A = asarray(a);
  const B = asarray(b), an = A.ndim;
  if (o.axes !== undefined && o.axes !== null) {
    const all = Array.from({ length: an }, (_, i) => i);
    for (const k of o.axes as number[]) {
      const at = all.indexOf(intArg(k));
      if (at < 0) throw new ValueError("list.remove(x): x not in list");
      all.splice(at, 1);
      all.push(k);
    }
    A = transpose(A, all);
  }
  const old = A.shape.slice(an - B.ndim === 0 ? 0 : -(an - B.ndim));
  const prod = old.reduce((p, k) => p * k, 1);
  if (A.size !== prod * prod)
    throw new LinAlgError("Input arrays must satisfy the requirement             prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])");
  return reshape(solve(reshape(A, [prod, prod]), ravel(B)), old);
}

/**
 * `np.linalg.cholesky(a)`: the lower-triangular L with a = L·Lᴴ (only a's lower triangle
 * is read). Example: `np.linalg.cholesky([[4, 2], [2, 3]])`.
 */
export function cholesky(a: ArrayLike): NDArray {
  const A = asarray(a);
  assertStacked2d(A);
  assertStackedSquare(A);
  const t = commonType("cholesky_lo", A);
  const m = A.shape[A.ndim - 1], lanes = t.complex ? 2 : 1;
  return stacked("cholesky", [{ array: A, core: 2 }], [{ core: [m, m], dtype: t.result }], t.complex, ([x], [l]) => {
    if (!(lanes === 1 ? cholReal(x, m) : cholComplex(x, m))) throw new LinAlgError("Matrix is not positive definite");
    l.set(x);
  })[0];
}

/** Cholesky by rows (L[i, j] from the dot product of rows i and j); the upper triangle zeroed. */
function cholReal(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      if (j < i) a[ri + j] = s / a[rj + j];
      else {
        if (s <= 0) return false; // NaN goes on, as OpenBLAS (NumPy's LAPACK) does
        a[ri + i] = Math.sqrt(s);
      }
    }
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return true;
}

/** The complex (Hermitian) form: L[i, j] = (A[i, j] - Σ L[i, k]·conj(L[j, k])) / L[j, j]. */
function cholComplex(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = 2 * i * n;
    for (let j = 0; j <= i; j++) {
      const rj = 2 * j * n;
      let sr = a[ri + 2 * j], si = j < i ? a[ri + 2 * j + 1] : 0;
      for (let k = 0; k < j; k++) {
        const xr = a[ri + 2 * k], xi = a[ri + 2 * k + 1], yr = a[rj + 2 * k], yi = -a[rj + 2 * k + 1];
        sr -= xr * yr - xi * yi;
        si -= xr * yi + xi * yr;
      }
      if (j < i) {
        const d = a[rj + 2 * j];
        a[ri + 2 * j] = sr / d; a[ri + 2 * j + 1] = si / d;
      } else {
        if (sr <= 0) return false;
        a[ri + 2 * i] = Math.sqrt(sr); a[ri + 2 * i + 1] = 0;
      }
    }
    for (let j = i + 1; j < n; j++) { a[ri + 2 * j] = 0; a[ri + 2 * j + 1] = 0; }
  }
  return true;
}

