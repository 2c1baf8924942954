// The singular value decomposition and what is built on it: svd (kernel in
// bidiagonal.ts; hermitian=true through the Hermitian eigensolver, as NumPy does),
// singularValues (for norms, cond and matrixRank) and pinv. Each is one opaque node over
// the stack of matrices (batch.ts). A matrix wider than tall is decomposed through its
// conjugate transpose, so the kernel always sees m ≥ n.

import { LinAlgError, ValueError, msg } from "../../runtime/errors.js";
import { broadcastShapes } from "../broadcast.js";
import { asarray, empty } from "../creation.js";
import { argsOf } from "../join.js";
import type { NDArray } from "../ndarray.js";
import type { ArrayLike } from "../ufunc.js";
import { assertStacked2d, assertStackedSquare, commonType, stacked } from "./batch.js";
import { svdKernel } from "./bidiagonal.js";
import { split } from "./eig.js";
import { anyNaN, allFinite } from "./elementary.js";
import { hermitianEigen } from "./symmetric.js";

/** One m×n matrix's SVD, thin or full: column l of U (length m) is row l of (ur, ui), column l of V (length n) row l of (vr, vi). */
interface Factors {
  s: Float64Array;
  ur: Float64Array; ui: Float64Array | null;
  vr: Float64Array; vi: Float64Array | null;
}

/**
 * The SVD of the m×n matrix in `x` (interleaved pairs when complex; C order when
 * `tall` is false, F order when true). `full`: all m columns of U and n of V.
 */
function factor(m: number, n: number, x: Float64Array, complex: boolean, full: boolean, s: Float64Array): Factors {
  const tall = m >= n, M = tall ? m : n, N = tall ? n : m;
  const [ar, ai] = split(x, m * n, complex);
  if (!tall && ai) for (let t = 0; t < ai.length; t++) ai[t] = -ai[t];
  const ncu = full ? M : N;
  const ur = new Float64Array(ncu * M), ui = complex ? new Float64Array(ncu * M) : null;
  const vr = new Float64Array(N * N), vi = complex ? new Float64Array(N * N) : null;
  svdKernel(M, N, ar, ai, { s, ncu, ur, ui, vr, vi });
  // A = U·S·Vᴴ; for the conjugate transpose Aᴴ = U'·S·V'ᴴ: U = V', V = U'
  return tall ? { s, ur, ui, vr, vi } : { s, ur: vr, ui: vi, vr: ur, vi: ui };
}

/** Rejects NaN as LAPACK's gesdd does; reports other non-finite input (whose results are NaN). */
function finiteOrNaN(x: Float64Array): boolean {
  if (anyNaN(x, null)) throw new LinAlgError(msg.svdNotConverged);
  return allFinite(x, null);
}

/** The stack's u, s, vh (or s alone) by the bidiagonal kernel. */
function svdNodes(a: NDArray, full: boolean, uv: boolean): NDArray[] {
  assertStacked2d(a);
  const m = a.shape[a.ndim - 2], n = a.shape[a.ndim - 1], k = Math.min(m, n), tall = m >= n;
  const t = commonType(`svd_${tall ? "n" : "m"}${uv ? (full ? "_f" : "_s") : ""}`, a);
  const L = t.complex ? 2 : 1;
  const uShape = [m, full ? m : k], vhShape = [full ? n : k, n];
  const results = uv
    ? [{ core: uShape, dtype: t.result }, { core: [k], dtype: t.real }, { core: vhShape, dtype: t.result }]
    : [{ core: [k], dtype: t.real }];
  return stacked("svd", [{ array: a, core: 2, order: tall ? "F" : "C" }], results, t.complex, ([x], outs) => {
    const s = uv ? outs[1] : outs[0];
    if (!finiteOrNaN(x)) {
      for (const o of outs) o.fill(NaN);
      return;
    }
    if (!uv) {
      const [ar, ai] = split(x, m * n, t.complex);
      svdKernel(tall ? m : n, tall ? n : m, ar, ai, { s, ncu: 0, ur: null, ui: null, vr: null, vi: null });
      return;
    }
    const f = factor(m, n, x, t.complex, full, s);
    const [u, , vh] = outs;
    // u[i][j] = U[i][j]; vh[j][i] = conj(V[i][j])
    for (let j = 0; j < uShape[1]; j++) {
      const o = j * m;
      for (let i = 0; i < m; i++) {
        u[L * (i * uShape[1] + j)] = f.ur[o + i];
        if (f.ui) u[L * (i * uShape[1] + j) + 1] = f.ui[o + i];
      }
    }
    for (let j = 0; j < vhShape[0]; j++) {
      const o = j * n;
      for (let i = 0; i < n; i++) {
        vh[L * (j * n + i)] = f.vr[o + i];
        if (f.vi) vh[L * (j * n + i) + 1] = -f.vi[o + i];
      }
    }
  });
}

/** NumPy's SVD of a Hermitian matrix: eigh's eigenpairs ordered by |λ| descending, the signs moved into vh. */
function hermitianSvdNodes(a: NDArray, uv: boolean): NDArray[] {
  assertStacked2d(a);
  assertStackedSquare(a);
  const t = commonType(uv ? "eigh_lo" : "eigvalsh_lo", a);
  const n = a.shape[a.ndim - 1], L = t.complex ? 2 : 1;
  const results = uv
    ? [{ core: [n, n], dtype: t.result }, { core: [n], dtype: t.real }, { core: [n, n], dtype: t.result }]
    : [{ core: [n], dtype: t.real }];
  const w = new Float64Array(n);
  return stacked("svd", [{ array: a, core: 2 }], results, t.complex, ([x], outs) => {
    const [ar, ai] = split(x, n * n, t.complex);
    const vr = uv ? new Float64Array(n * n) : null, vi = uv && t.complex ? new Float64Array(n * n) : null;
    hermitianEigen(n, ar, ai, true, { w, vr, vi });
    // argsort(|w|) reversed: a stable ascending sort (NumPy's for n ≤ 16), then the reverse
    const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => Math.abs(w[p]) - Math.abs(w[q]) || p - q).reverse();
    const s = uv ? outs[1] : outs[0];
    order.forEach((p, j) => { s[j] = Math.abs(w[p]); });
    if (!uv || !vr) return;
    const [u, , vh] = outs;
    order.forEach((p, j) => {
      const sg = Math.sign(w[p]);
      for (let i = 0; i < n; i++) {
        const re = vr[i * n + p], im = vi ? vi[i * n + p] : 0;
        u[L * (i * n + j)] = re;
        vh[L * (j * n + i)] = re * sg;
        if (L === 2) { u[L * (i * n + j) + 1] = im; vh[L * (j * n + i) + 1] = -im * sg; }
      }
    });
  });
}

export interface SvdOptions { fullMatrices?: boolean; computeUv?: boolean; hermitian?: boolean }

/**
 * `np.linalg.svd(a, fullMatrices=true, computeUv=true, hermitian=false)`: [u, s, vh] with
 * a = u·diag(s)·vh for each matrix of a (..., M, N) stack, s descending; s alone when
 * `computeUv` is false. Example: `const [u, s, vh] = np.linalg.svd(A, { fullMatrices: false })`.
 */
export function svd(a: ArrayLike, opts: SvdOptions & { computeUv: false }): NDArray;
export function svd(a: ArrayLike, fullMatrices: boolean, computeUv: false, hermitian?: boolean): NDArray;
export function svd(a: ArrayLike, ...args: (boolean | SvdOptions | undefined)[]): [NDArray, NDArray, NDArray];
export function svd(a: ArrayLike, ...args: (boolean | SvdOptions | undefined)[]): [NDArray, NDArray, NDArray] | NDArray {
  const o = argsOf(["fullMatrices", "computeUv", "hermitian"], args);
  const full = Boolean(o.fullMatrices ?? true), uv = Boolean(o.computeUv ?? true), herm = Boolean(o.hermitian ?? false);
  const A = asarray(a);
  const out = herm ? hermitianSvdNodes(A, uv) : svdNodes(A, full, uv);
  return uv ? [out[0], out[1], out[2]] : out[0];
}

/** The singular values of each matrix of a stack, descending (`svd(a, { computeUv: false })`). Example: `singularValues([[3, 0], [0, 4]])` is [4, 3]. */
export function singularValues(a: ArrayLike): NDArray {
  return svdNodes(asarray(a), false, false)[0];
}

export interface PinvOptions { rcond?: ArrayLike; hermitian?: boolean }

/**
 * `np.linalg.pinv(a, rcond=1e-15, hermitian=false)`: the Moore–Penrose pseudo-inverse of
 * each matrix of a stack, from its SVD, singular values up to rcond·max(s) treated as zero
 * (`rcond` may be an array over the stack). Example: `np.linalg.pinv([[1, 2], [3, 4], [5, 6]])`.
 */
export function pinv(a: ArrayLike, ...args: (ArrayLike | boolean | PinvOptions | undefined)[]): NDArray {
  const o = argsOf(["rcond", "hermitian"], args);
  const A = asarray(a), herm = Boolean(o.hermitian ?? false);
  const R = asarray(o.rcond ?? 1e-15);
  if (A.ndim >= 2 && A.size === 0) return empty([...A.shape.slice(0, -2), A.shape[A.ndim - 1], A.shape[A.ndim - 2]], { dtype: A.dtype });
  assertStacked2d(A);
  if (herm) assertStackedSquare(A);
  const m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1], k = Math.min(m, n);
  const t = commonType(herm ? "eigh_lo" : `svd_${m >= n ? "n" : "m"}_s`, A);
  // the cut-off is computed in place in s (NumPy's `out=s`): it cannot broadcast beyond s
  const sShape = [...A.shape.slice(0, -2), k], cut = broadcastShapes([...R.shape, 1], sShape);
  if (cut.length !== sShape.length || cut.some((d, i) => d !== sShape[i]))
    throw new ValueError(`non-broadcastable output operand with shape ${msg.shapeTuple(sShape)} doesn't match the broadcast shape ${msg.shapeTuple(cut)}`);
  const L = t.complex ? 2 : 1, s = new Float64Array(k);
  return stacked("pinv", [{ array: A, core: 2, order: !herm && m >= n ? "F" : "C" }, { array: R, core: 0 }], [{ core: [n, m], dtype: t.result }], t.complex, ([x, r], [out]) => {
    const rcond = r[0];
    out.fill(0);
    if (herm) {
      hermitianPinv(n, x, t.complex, rcond, out);
      return;
    }
    // infinite input: NumPy's singular values are NaN, none above the cut-off, the result 0
    if (!finiteOrNaN(x)) return;
    const f = factor(m, n, x, t.complex, false, s);
    const cutoff = rcond * s[0];
    // out = Σ_l V[:, l]·(1/s_l)·U[:, l]ᴴ over the singular values above the cut-off
    for (let l = 0; l < k; l++) {
      if (!(s[l] > cutoff)) continue;
      const inv = 1 / s[l], uo = l * m, vo = l * n;
      for (let i = 0; i < n; i++) {
        const pr = f.vr[vo + i] * inv, pi = f.vi ? f.vi[vo + i] * inv : 0;
        const row = i * m;
        if (L === 1) for (let j = 0; j < m; j++) out[row + j] += pr * f.ur[uo + j];
        else if (f.ui) {
          for (let j = 0; j < m; j++) {
            const qr = f.ur[uo + j], qi = -f.ui[uo + j];
            out[2 * (row + j)] += pr * qr - pi * qi;
            out[2 * (row + j) + 1] += pr * qi + pi * qr;
          }
        }
      }
    }
  })[0];
}

/**
 * NumPy's hermitian pinv: conj(a) = Q·Λ·Qᴴ from its lower triangle, and the result
 * Σ_k conj(Q[:, k])·(1/λ_k)·Q[:, k]ᵀ over |λ_k| above rcond·max|λ|.
 */
function hermitianPinv(n: number, x: Float64Array, complex: boolean, rcond: number, out: Float64Array): void {
  const [ar, ai] = split(x, n * n, complex);
  if (ai) for (let t = 0; t < ai.length; t++) ai[t] = -ai[t];
  const w = new Float64Array(n), vr = new Float64Array(n * n), vi = complex ? new Float64Array(n * n) : null;
  hermitianEigen(n, ar, ai, true, { w, vr, vi });
  // non-finite input: NaN eigenvectors, whose products with 0 are NaN in NumPy's result
  if (w.some(Number.isNaN)) { out.fill(NaN); return; }
  let big = 0;
  for (let p = 0; p < n; p++) big = Math.max(big, Math.abs(w[p]));
  const cutoff = rcond * big, L = complex ? 2 : 1;
  for (let p = 0; p < n; p++) {
    if (!(Math.abs(w[p]) > cutoff)) continue;
    const inv = 1 / w[p];
    for (let i = 0; i < n; i++) {
      // conj(Q[i][p]) / λ_p
      const pr = vr[i * n + p] * inv, pi = vi ? -vi[i * n + p] * inv : 0;
      for (let j = 0; j < n; j++) {
        const qr = vr[j * n + p], qi = vi ? vi[j * n + p] : 0, o = L * (i * n + j);
        out[o] += pr * qr - pi * qi;
        if (L === 2) out[o + 1] += pr * qi + pi * qr;
      }
    }
  }
}
