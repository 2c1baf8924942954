// GEMM: the matrix-multiply kernel that GEMM-shaped contractions run (matmul, dot,
// tensordot, einsum steps). C[b, m, n] = Σ_k X[b, m, k] · Y[b, k, n], where b, m, n and
// k each stand for a group of axes with any strides: per group an offset table maps a
// flat index to an element offset, so transposed, sliced and broadcast operands need
// no copy. Blocks of X and Y are packed into contiguous panels (a 4-row panel of X and
// a 4-column panel of Y per k), and a 4x4 register tile accumulates over a k block:
// the classic blocked GEMM. Each C element is summed in the same order (k blocks in
// order, k in order within them) whichever thread computes it.
//
// It runs as a kernel step (see compiler/schedule.ts): `gemmKernel` has the kernel
// signature, its [start, end) range counts units of (batch, block of MC rows), and the
// pool hands those out like any kernel's chunks.

import type { Elements } from "./dtypes.js";
import { wasmGemm } from "./gemm-wasm.js";

// measured (bench/matmul.mjs): 128-row blocks of X, 128-deep k blocks, 1024-wide blocks of Y
export const MR = 4, NR = 4, MC = 128, KC = 128, NC = 1024;

/** Parameters, passed as a kernel's constants K: sizes and the offset tables of each group. */
export interface GemmParams {
  batch: number; m: number; n: number; k: number;
  /** Offsets (in elements) of each flat index of a group, per operand. */
  xb: Int32Array | Float64Array; xm: Int32Array | Float64Array; xk: Int32Array | Float64Array;
  yb: Int32Array | Float64Array; yk: Int32Array | Float64Array; yn: Int32Array | Float64Array;
  cb: Int32Array | Float64Array; cm: Int32Array | Float64Array; cn: Int32Array | Float64Array;
  /** Whether to use the WebAssembly micro-kernel (decided where the step is planned, so workers agree). */
  wasm: boolean;
}

// per-thread scratch (each worker has its own module instance)
const TILE = new Float64Array(16);
let packA = new Float64Array(MC * KC), packB = new Float64Array(KC * NC);

/**
 * The kernel: bufs = [X, Y, C], offs = their base offsets (typed-array slots), K = [params];
 * units [start, end) of batch * ceil(m / MC).
 */
export function gemmKernel(_F: unknown, bufs: Elements[], offs: readonly number[], _st: readonly number[], _shape: readonly number[], K: unknown[], start: number, end: number): void {
  const p = K[0] as GemmParams;
  const X = bufs[0] as unknown as Float64Array, Y = bufs[1] as unknown as Float64Array, C = bufs[2] as unknown as Float64Array;
  const mBlocks = Math.ceil(p.m / MC);
  for (let u = start; u < end; u++) {
    const b = Math.floor(u / mBlocks), m0 = (u % mBlocks) * MC;
    const mc = Math.min(MC, p.m - m0);
    gemmBlockRows(p, X, Y, C, offs[0] + p.xb[b], offs[1] + p.yb[b], offs[2] + p.cb[b], m0, mc);
  }
}

// the WebAssembly kernel's memory: packed X panels, packed Y panels, the C block (bytes)
const A_OFF = 0, B_OFF = MC * KC * 8, C_OFF = B_OFF + KC * NC * 8, WASM_BYTES = C_OFF + MC * NC * 8;

/** Whether GEMM uses the WebAssembly SIMD micro-kernel where it can (false: the JavaScript one). */
export const gemmOptions = { wasm: true };

/** Rows [m0, m0 + mc) of one batch's C, all columns. */
function gemmBlockRows(p: GemmParams, X: Float64Array, Y: Float64Array, C: Float64Array, xo: number, yo: number, co: number, m0: number, mc: number): void {
  const { n, k } = p;
  const mPanels = Math.ceil(mc / MR);
  if (k === 0) {
    for (let i = 0; i < mc; i++) for (let j = 0; j < n; j++) C[co + p.cm[m0 + i] + p.cn[j]] = 0;
    return;
  }
  const f32 = X instanceof Float32Array;
  const W = p.wasm ? wasmGemm(WASM_BYTES, f32) : null;
  if (W) {
    // float32 panels are 8 columns of Y wide (a 4x8 tile of f32x4), float64 ones 4 (4x4 of f64x2)
    const nr = f32 ? 8 : NR, es = f32 ? 4 : 8;
    const mem = f32 ? new Float32Array(W.memory.buffer) : new Float64Array(W.memory.buffer);
    for (let n0 = 0; n0 < n; n0 += NC) {
      const nc = Math.min(NC, n - n0), nPanels = Math.ceil(nc / nr), ldc = nPanels * nr;
      for (let k0 = 0; k0 < k; k0 += KC) {
        const kc = Math.min(KC, k - k0);
        packPanels(mem, A_OFF / es, X, xo, p.xm, p.xk, m0, mc, k0, kc, MR);
        packPanels(mem, B_OFF / es, Y, yo, p.yn, p.yk, n0, nc, k0, kc, nr);
        W.block(A_OFF, B_OFF, C_OFF, mPanels, nPanels, kc, ldc, k0 === 0 ? 1 : 0);
      }
      const cb = C_OFF / es;
      for (let i = 0; i < mc; i++) {
        const ro = co + p.cm[m0 + i], bo = cb + i * ldc;
        for (let j = 0; j < nc; j++) C[ro + p.cn[n0 + j]] = mem[bo + j];
      }
    }
    return;
  }
  if (packA.length < mPanels * MR * KC) packA = new Float64Array(mPanels * MR * KC);
  for (let n0 = 0; n0 < n; n0 += NC) {
    const nc = Math.min(NC, n - n0), nPanels = Math.ceil(nc / NR);
    if (packB.length < nPanels * NR * KC) packB = new Float64Array(nPanels * NR * KC);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packPanels(packA, 0, X, xo, p.xm, p.xk, m0, mc, k0, kc, MR);
      packPanels(packB, 0, Y, yo, p.yn, p.yk, n0, nc, k0, kc, NR);
      const first = k0 === 0;
      for (let ip = 0; ip < mPanels; ip++) {
        for (let jp = 0; jp < nPanels; jp++) {
          (f32 ? micro32 : micro)(packA, ip * MR * kc, packB, jp * NR * kc, kc, C, co, p.cm, p.cn, m0 + ip * MR, Math.min(MR, mc - ip * MR), n0 + jp * NR, Math.min(NR, nc - jp * NR), first);
        }
      }
    }
  }
}

/**
 * Packs rows [r0, r0 + rc) x k [k0, k0 + kc) of an operand into panels of `w` rows: panel
 * q holds, for each k, the w values of its rows (zeros past the end).
 */
function packPanels(dst: Float64Array | Float32Array, dOff: number, src: Float64Array, base: number, rowOff: ArrayLike<number>, kOff: ArrayLike<number>, r0: number, rc: number, k0: number, kc: number, w: number): void {
  const panels = Math.ceil(rc / w);
  // read along whichever of rows and k is closer to contiguous in the source
  const rowStep = rc > 1 ? Math.abs(rowOff[r0 + 1] - rowOff[r0]) : Infinity, kStep = kc > 1 ? Math.abs(kOff[k0 + 1] - kOff[k0]) : Infinity;
  if (rowStep < kStep) {
    for (let kk = 0; kk < kc; kk++) {
      const ko = base + kOff[k0 + kk];
      for (let row = 0; row < rc; row++) dst[dOff + ((row / w) | 0) * w * kc + kk * w + (row % w)] = src[ko + rowOff[r0 + row]];
    }
    for (let row = rc; row < panels * w; row++) for (let kk = 0; kk < kc; kk++) dst[dOff + ((row / w) | 0) * w * kc + kk * w + (row % w)] = 0;
    return;
  }
  for (let q = 0; q < panels; q++) {
    const d0 = dOff + q * w * kc;
    for (let r = 0; r < w; r++) {
      const row = q * w + r;
      if (row >= rc) { for (let kk = 0; kk < kc; kk++) dst[d0 + kk * w + r] = 0; continue; }
      const ro = base + rowOff[r0 + row];
      for (let kk = 0; kk < kc; kk++) dst[d0 + kk * w + r] = src[ro + kOff[k0 + kk]];
    }
  }
}

/** A 4x4 tile of C from a 4-row panel of X and a 4-column panel of Y, over kc. */
function micro(A: Float64Array, ao: number, B: Float64Array, bo: number, kc: number, C: Float64Array, co: number, cm: ArrayLike<number>, cn: ArrayLike<number>, i0: number, mi: number, j0: number, nj: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0; kk < kc; kk++) {
    const a = ao + 4 * kk, b = bo + 4 * kk;
    const a0 = A[a], a1 = A[a + 1], a2 = A[a + 2], a3 = A[a + 3];
    const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mi === 4 && nj === 4 && first) {
    const r0 = co + cm[i0], r1 = co + cm[i0 + 1], r2 = co + cm[i0 + 2], r3 = co + cm[i0 + 3];
    const j0o = cn[j0], j1o = cn[j0 + 1], j2o = cn[j0 + 2], j3o = cn[j0 + 3];
    C[r0 + j0o] = c00; C[r0 + j1o] = c01; C[r0 + j2o] = c02; C[r0 + j3o] = c03;
    C[r1 + j0o] = c10; C[r1 + j1o] = c11; C[r1 + j2o] = c12; C[r1 + j3o] = c13;
    C[r2 + j0o] = c20; C[r2 + j1o] = c21; C[r2 + j2o] = c22; C[r2 + j3o] = c23;
    C[r3 + j0o] = c30; C[r3 + j1o] = c31; C[r3 + j2o] = c32; C[r3 + j3o] = c33;
    return;
  }
  const t = TILE;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let i = 0; i < mi; i++) {
    const ro = co + cm[i0 + i];
    for (let j = 0; j < nj; j++) {
      const at = ro + cn[j0 + j];
      C[at] = first ? t[4 * i + j] : C[at] + t[4 * i + j];
    }
  }
}

const fr = Math.fround;

/** micro() in float32 arithmetic (every product and sum rounded), as the WebAssembly f32x4 kernel and BLAS compute. */
function micro32(A: Float64Array, ao: number, B: Float64Array, bo: number, kc: number, C: Float64Array, co: number, cm: ArrayLike<number>, cn: ArrayLike<number>, i0: number, mi: number, j0: number, nj: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0; kk < kc; kk++) {
    const a = ao + 4 * kk, b = bo + 4 * kk;
    const a0 = A[a], a1 = A[a + 1], a2 = A[a + 2], a3 = A[a + 3];
    const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
    c00 = fr(c00 + fr(a0 * b0)); c01 = fr(c01 + fr(a0 * b1)); c02 = fr(c02 + fr(a0 * b2)); c03 = fr(c03 + fr(a0 * b3));
    c10 = fr(c10 + fr(a1 * b0)); c11 = fr(c11 + fr(a1 * b1)); c12 = fr(c12 + fr(a1 * b2)); c13 = fr(c13 + fr(a1 * b3));
    c20 = fr(c20 + fr(a2 * b0)); c21 = fr(c21 + fr(a2 * b1)); c22 = fr(c22 + fr(a2 * b2)); c23 = fr(c23 + fr(a2 * b3));
    c30 = fr(c30 + fr(a3 * b0)); c31 = fr(c31 + fr(a3 * b1)); c32 = fr(c32 + fr(a3 * b2)); c33 = fr(c33 + fr(a3 * b3));
  }
  if (mi === 4 && nj === 4 && first) {
    const r0 = co + cm[i0], r1 = co + cm[i0 + 1], r2 = co + cm[i0 + 2], r3 = co + cm[i0 + 3];
    const j0o = cn[j0], j1o = cn[j0 + 1], j2o = cn[j0 + 2], j3o = cn[j0 + 3];
    C[r0 + j0o] = c00; C[r0 + j1o] = c01; C[r0 + j2o] = c02; C[r0 + j3o] = c03;
    C[r1 + j0o] = c10; C[r1 + j1o] = c11; C[r1 + j2o] = c12; C[r1 + j3o] = c13;
    C[r2 + j0o] = c20; C[r2 + j1o] = c21; C[r2 + j2o] = c22; C[r2 + j3o] = c23;
    C[r3 + j0o] = c30; C[r3 + j1o] = c31; C[r3 + j2o] = c32; C[r3 + j3o] = c33;
    return;
  }
  const t = TILE;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let i = 0; i < mi; i++) {
    const ro = co + cm[i0 + i];
    for (let j = 0; j < nj; j++) {
      const at = ro + cn[j0 + j];
      C[at] = first ? t[4 * i + j] : C[at] + t[4 * i + j]; // stores round to float32
    }
  }
}
