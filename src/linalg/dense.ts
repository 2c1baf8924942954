// Dense kernels the factorizations share: C -= A·B on row-major blocks (the blocked
// algorithms' trailing updates, run by the GEMM kernel of runtime/gemm.ts), and
// triangular solves by rows. Matrices are Float64Arrays addressed by an offset and a
// leading dimension (elements per row), as in BLAS but row-major; `lanes` 2 means
// interleaved complex pairs.

import { MC, gemmKernel, gemmOptions, type GemmParams } from "../../runtime/gemm.js";

/** Below this many multiply-adds a plain loop beats packing panels for the GEMM kernel (measured). */
const GEMM_MIN = 24 * 24 * 24;

let temp = new Float64Array(4096);

const table = (len: number, step: number): Int32Array => {
  const t = new Int32Array(len);
  for (let i = 0; i < len; i++) t[i] = i * step;
  return t;
};

/** T (m×n, dense) = X·Y, X and Y addressed by tables (offsets in typed-array slots). */
function gemmInto(T: Float64Array, X: Float64Array, xo: number, xm: Int32Array, xk: Int32Array, Y: Float64Array, yo: number, yk: Int32Array, yn: Int32Array, m: number, n: number, k: number): void {
  const zero = new Int32Array(1);
  const p: GemmParams = { batch: 1, m, n, k, xb: zero, xm, xk, yb: zero, yk, yn, cb: zero, cm: table(m, n), cn: table(n, 1), complex: false, wasm: gemmOptions.wasm };
  gemmKernel(null, [X, Y, T], [xo, yo, 0], [], [], [p], 0, Math.ceil(m / MC));
}

/**
 * C[i, j] -= Σ_p A[i, p]·B[p, j] for i < m, j < n, p < k (row-major blocks at offsets
 * `co`, `ao`, `bo` with leading dimensions `ldc`, `lda`, `ldb`, counted in elements).
 */
export function gemmSub(lanes: number, C: Float64Array, co: number, ldc: number, A: Float64Array, ao: number, lda: number, B: Float64Array, bo: number, ldb: number, m: number, n: number, k: number): void {
  if (m === 0 || n === 0 || k === 0) return;
  if (m * n * k < GEMM_MIN) {
    if (lanes === 1) {
      for (let i = 0; i < m; i++) {
        const ci = co + i * ldc, ai = ao + i * lda;
        for (let p = 0; p < k; p++) {
          const a = A[ai + p], bp = bo + p * ldb;
          if (a !== 0) for (let j = 0; j < n; j++) C[ci + j] -= a * B[bp + j];
        }
      }
    } else {
      for (let i = 0; i < m; i++) {
        const ci = 2 * (co + i * ldc), ai = 2 * (ao + i * lda);
        for (let p = 0; p < k; p++) {
          const ar = A[ai + 2 * p], aim = A[ai + 2 * p + 1], bp = 2 * (bo + p * ldb);
          for (let j = 0; j < n; j++) {
            const br = B[bp + 2 * j], bi = B[bp + 2 * j + 1];
            C[ci + 2 * j] -= ar * br - aim * bi;
            C[ci + 2 * j + 1] -= ar * bi + aim * br;
          }
        }
      }
    }
    return;
  }
  if (temp.length < m * n) temp = new Float64Array(m * n);
  const T = temp;
  if (lanes === 1) {
    gemmInto(T, A, ao, table(m, lda), table(k, 1), B, bo, table(k, ldb), table(n, 1), m, n, k);
    for (let i = 0; i < m; i++) {
      const ci = co + i * ldc, ti = i * n;
      for (let j = 0; j < n; j++) C[ci + j] -= T[ti + j];
    }
    return;
  }
  // complex: four real products over the interleaved parts
  const xm = table(m, 2 * lda), xk = table(k, 2), yk = table(k, 2 * ldb), yn = table(n, 2);
  const parts: [number, number, number, number][] = [[0, 0, 0, 1], [1, 1, 0, -1], [0, 1, 1, 1], [1, 0, 1, 1]];
  for (const [ap, bp, cp, sign] of parts) {
    gemmInto(T, A, 2 * ao + ap, xm, xk, B, 2 * bo + bp, yk, yn, m, n, k);
    for (let i = 0; i < m; i++) {
      const ci = 2 * (co + i * ldc) + cp, ti = i * n;
      if (sign > 0) for (let j = 0; j < n; j++) C[ci + 2 * j] -= T[ti + j];
      else for (let j = 0; j < n; j++) C[ci + 2 * j] += T[ti + j];
    }
  }
}

/** Triangular solves recurse on halves of the rows down to this many (measured). */
const TRSM_LEAF = 16;

/**
 * Solves L·X = B in place (B m×n at `bo`, leading dimension `ldb`) for L unit lower
 * triangular (m×m at `lo`, `ldl`): recursive on halves of the rows (the lower half
 * updated by the upper with one GEMM), forward substitution by rows at the leaves.
 */
export function solveUnitLower(lanes: number, L: Float64Array, lo: number, ldl: number, B: Float64Array, bo: number, ldb: number, m: number, n: number): void {
  if (m > TRSM_LEAF) {
    const h = (m >> 1) & ~3 || m >> 1;
    solveUnitLower(lanes, L, lo, ldl, B, bo, ldb, h, n);
    gemmSub(lanes, B, bo + h * ldb, ldb, L, lo + h * ldl, ldl, B, bo, ldb, m - h, n, h);
    solveUnitLower(lanes, L, lo + h * ldl + h, ldl, B, bo + h * ldb, ldb, m - h, n);
    return;
  }
  for (let i = 1; i < m; i++) {
    const bi = bo + i * ldb, li = lo + i * ldl;
    for (let k = 0; k < i; k++) {
      const bk = bo + k * ldb;
      if (lanes === 1) {
        const l = L[li + k];
        if (l !== 0) for (let j = 0; j < n; j++) B[bi + j] -= l * B[bk + j];
      } else {
        const lr = L[2 * (li + k)], lm = L[2 * (li + k) + 1];
        for (let j = 0; j < n; j++) {
          const xr = B[2 * (bk + j)], xi = B[2 * (bk + j) + 1];
          B[2 * (bi + j)] -= lr * xr - lm * xi;
          B[2 * (bi + j) + 1] -= lr * xi + lm * xr;
        }
      }
    }
  }
}

/**
 * Solves U·X = B in place for U upper triangular with a non-unit diagonal (each row is
 * divided by its diagonal element, as LAPACK's trsm does): recursive on halves of the
 * rows, the lower half first; backward substitution by rows at the leaves.
 */
export function solveUpper(lanes: number, U: Float64Array, uo: number, ldu: number, B: Float64Array, bo: number, ldb: number, m: number, n: number): void {
  if (m > TRSM_LEAF) {
    const h = (m >> 1) & ~3 || m >> 1;
    solveUpper(lanes, U, uo + h * ldu + h, ldu, B, bo + h * ldb, ldb, m - h, n);
    gemmSub(lanes, B, bo, ldb, U, uo + h, ldu, B, bo + h * ldb, ldb, h, n, m - h);
    solveUpper(lanes, U, uo, ldu, B, bo, ldb, h, n);
    return;
  }
  for (let i = m - 1; i >= 0; i--) {
    const bi = bo + i * ldb, ui = uo + i * ldu;
    for (let k = i + 1; k < m; k++) {
      const bk = bo + k * ldb;
      if (lanes === 1) {
        const u = U[ui + k];
        if (u !== 0) for (let j = 0; j < n; j++) B[bi + j] -= u * B[bk + j];
      } else {
        const ur = U[2 * (ui + k)], um = U[2 * (ui + k) + 1];
        for (let j = 0; j < n; j++) {
          const xr = B[2 * (bk + j)], xi = B[2 * (bk + j) + 1];
          B[2 * (bi + j)] -= ur * xr - um * xi;
          B[2 * (bi + j) + 1] -= ur * xi + um * xr;
        }
      }
    }
    if (lanes === 1) {
      const d = U[ui + i];
      for (let j = 0; j < n; j++) B[bi + j] /= d;
    } else {
      const dr = U[2 * (ui + i)], di = U[2 * (ui + i) + 1];
      for (let j = 0; j < n; j++) {
        const q = cdiv(B[2 * (bi + j)], B[2 * (bi + j) + 1], dr, di);
        B[2 * (bi + j)] = q[0]; B[2 * (bi + j) + 1] = q[1];
      }
    }
  }
}

const Q = new Float64Array(2);

/** Complex division (a + bi) / (c + di) by Smith's algorithm; the result in a shared pair. */
export function cdiv(a: number, b: number, c: number, d: number): Float64Array {
  if (Math.abs(d) <= Math.abs(c)) {
    const r = d / c, t = 1 / (c + d * r);
    Q[0] = (a + b * r) * t; Q[1] = (b - a * r) * t;
  } else {
    const r = c / d, t = 1 / (c * r + d);
    Q[0] = (a * r + b) * t; Q[1] = (b * r - a) * t;
  }
  return Q;
}
