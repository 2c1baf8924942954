// Eigenvalues and eigenvectors: eigh and eigvalsh (Hermitian, kernel in symmetric.ts),
// eig and eigvals (general, kernel in schur.ts). Each is one opaque node over the stack
// of matrices (batch.ts). eig and eigvals of a real matrix return real arrays when every
// eigenvalue of the stack is real and complex ones otherwise, as NumPy decides from the
// values: they evaluate at the call, as does NumPy's check that the input is finite.

import { LinAlgError, ValueError } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { asarray } from "../creation.js";
import { argsOf } from "../join.js";
import type { NDArray } from "../ndarray.js";
import { all } from "../reductions.js";
import { isfinite, type ArrayLike } from "../ufunc.js";
import { assertStacked2d, assertStackedSquare, commonType, stacked } from "./batch.js";
import { generalEigen } from "./schur.js";
import { hermitianEigen } from "./symmetric.js";

/** Interleaved complex pairs (or plain reals) of `len` elements into split parts. */
export function split(src: Float64Array, len: number, complex: boolean): [Float64Array, Float64Array | null] {
  if (!complex) return [src, null];
  const re = new Float64Array(len), im = new Float64Array(len);
  for (let t = 0; t < len; t++) { re[t] = src[2 * t]; im[t] = src[2 * t + 1]; }
  return [re, im];
}

/** Split parts into interleaved pairs in `dst`. */
export function join(re: Float64Array, im: Float64Array | null, dst: Float64Array): void {
  for (let t = 0; t < re.length; t++) { dst[2 * t] = re[t]; dst[2 * t + 1] = im ? im[t] : 0; }
}

/** NumPy's `UPLO` argument: true for "L". */
function lowerOf(uplo: unknown): boolean {
  const u = typeof uplo === "string" ? uplo.toUpperCase() : "";
  if (u !== "L" && u !== "U") throw new ValueError("UPLO argument must be 'L' or 'U'");
  return u === "L";
}

/** The eigenvalues (and, with `vectors`, eigenvectors) of a stack of Hermitian matrices. */
export function hermitianNodes(a: NDArray, lower: boolean, vectors: boolean): NDArray[] {
  assertStacked2d(a);
  assertStackedSquare(a);
  const t = commonType(`${vectors ? "eigh" : "eigvalsh"}_${lower ? "lo" : "up"}`, a);
  const n = a.shape[a.ndim - 1];
  const results = [{ core: [n], dtype: t.real }];
  if (vectors) results.push({ core: [n, n], dtype: t.result });
  return stacked(vectors ? "eigh" : "eigvalsh", [{ array: a, core: 2 }], results, t.complex, ([m], [w, v]) => {
    const [ar, ai] = split(m, n * n, t.complex);
    const vr = v ? (t.complex ? new Float64Array(n * n) : v) : null;
    const vi = v && t.complex ? new Float64Array(n * n) : null;
    hermitianEigen(n, ar, ai, lower, { w, vr, vi });
    if (v && t.complex && vr) join(vr, vi, v);
  });
}

export interface EighOptions { UPLO?: string }

/**
 * `np.linalg.eigh(a, UPLO="L")`: [w, v], the ascending eigenvalues and the orthonormal
 * eigenvectors (columns) of each Hermitian matrix of a stack, from its lower (or upper)
 * triangle. Example: `const [w, v] = np.linalg.eigh([[2, 1], [1, 2]])` (w is [1, 3]).
 */
export function eigh(a: ArrayLike, ...args: (string | EighOptions | undefined)[]): [NDArray, NDArray] {
  const lower = lowerOf(argsOf(["UPLO"], args).UPLO ?? "L");
  const [w, v] = hermitianNodes(asarray(a), lower, true);
  return [w, v];
}

/** `np.linalg.eigvalsh(a, UPLO="L")`: the ascending eigenvalues of Hermitian matrices. Example: `np.linalg.eigvalsh([[2, 1], [1, 2]])` is [1, 3]. */
export function eigvalsh(a: ArrayLike, ...args: (string | EighOptions | undefined)[]): NDArray {
  const lower = lowerOf(argsOf(["UPLO"], args).UPLO ?? "L");
  return hermitianNodes(asarray(a), lower, false)[0];
}

/** NumPy's `_assert_finite` (evaluates `a`). */
function assertFinite(a: NDArray): void {
  if (a.size > 0 && !all(isfinite(a)).item()) throw new LinAlgError("Array must not contain infs or NaNs");
}

/** eig and eigvals: complex eigenvalues (and eigenvectors), narrowed to real as NumPy does. */
function general(a: NDArray, vectors: boolean): NDArray[] {
  assertStacked2d(a);
  assertStackedSquare(a);
  assertFinite(a);
  const name = vectors ? "eig" : "eigvals";
  const t = commonType(name, a);
  const n = a.shape[a.ndim - 1], c128 = dt("complex128");
  const results = [{ core: [n], dtype: c128 }];
  if (vectors) results.push({ core: [n, n], dtype: c128 });
  const wr = new Float64Array(n), wi = new Float64Array(n);
  const out = stacked(name, [{ array: a, core: 2 }], results, t.complex, ([m], [w, v]) => {
    const [ar, ai] = split(m, n * n, t.complex);
    const vr = v ? new Float64Array(n * n) : null, vi = v ? new Float64Array(n * n) : null;
    generalEigen(n, ar, ai, { wr, wi, vr, vi });
    for (let j = 0; j < n; j++) { w[2 * j] = wr[j]; w[2 * j + 1] = wi[j]; }
    if (v && vr) join(vr, vi, v);
  });
  if (t.complex) return t.result.id === "complex128" ? out : out.map((x) => x.astype(t.result));
  // a real matrix: real results when every eigenvalue of the stack is real
  out[0].evalSync();
  if (out[0].size === 0 || all(out[0].imag.eq(0)).item()) {
    const real = t.result;
    return out.map((x) => (real.id === "float64" ? x.real : x.real.astype(real)));
  }
  const cplx = dt(t.result.id === "float32" ? "complex64" : "complex128");
  return cplx.id === "complex128" ? out : out.map((x) => x.astype(cplx));
}

/**
 * `np.linalg.eig(a)`: [w, v], the eigenvalues and right eigenvectors (unit columns, largest
 * component real) of each square matrix of a stack, in LAPACK's order (not sorted). A real
 * matrix gives real arrays when all eigenvalues are real, else complex ones; evaluates at
 * the call. Example: `const [w, v] = np.linalg.eig([[0, -1], [1, 0]])` (w is [1j, -1j]).
 */
export function eig(a: ArrayLike): [NDArray, NDArray] {
  const [w, v] = general(asarray(a), true);
  return [w, v];
}

/** `np.linalg.eigvals(a)`: the eigenvalues of general square matrices (real when all are; evaluates at the call). Example: `np.linalg.eigvals([[2, 0], [0, 3]])` is [2, 3]. */
export function eigvals(a: ArrayLike): NDArray {
  return general(asarray(a), false)[0];
}
