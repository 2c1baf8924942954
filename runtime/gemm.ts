// GEMM: the matrix-multiply kernel that GEMM-shaped contractions run (matmul, dot,
// tensordot, einsum steps). C[b, m, n] = Σ_k X[b, m, k] · Y[b, k, n], where b, m, n and
// k each stand for a group of axes with any strides: per group an offset table maps a
// flat index to an element offset, so transposed, sliced and broadcast operands need
// no copy. Blocks of X and Y are packed into contiguous panels (4 rows of X, 4 or 8
// columns of Y per k), and a register tile accumulates over a k block into a block of C:
// the classic blocked GEMM. Complex products are four real ones (Cr = Xr·Yr − Xi·Yi,
// Ci = Xr·Yi + Xi·Yr). Each C element is summed in the same order (k blocks in order, k
// in order within them) whichever thread computes it, and with either micro-kernel.
//
// It runs as a kernel step (see compiler/schedule.ts): `gemmKernel` has the kernel
// signature, its [start, end) range counts units of (batch, block of MC rows), and the
// pool hands those out like any kernel's chunks.

import type { Elements } from "./dtypes.js";
import { wasmGemm } from "./gemm-wasm.js";

// measured (bench/matmul.mjs): 128-row blocks of X, 128-deep k blocks, 1024-wide blocks of Y
export const MR = 4, MC = 128, KC = 128, NC = 1024;

type Table = Int32Array | Float64Array;

/** Parameters, passed as a kernel's constants K: sizes and the offset tables of each group. */
export interface GemmParams {
  batch: number; m: number; n: number; k: number;
  /** Offsets (in elements) of each flat index of a group, per operand. */
  xb: Table; xm: Table; xk: Table;
  yb: Table; yk: Table; yn: Table;
  cb: Table; cm: Table; cn: Table;
  /** Complex operands (two lanes per element). */
  complex: boolean;
  /** Whether to use the WebAssembly micro-kernel (decided where the step is planned, so workers agree). */
  wasm: boolean;
}

/** Whether GEMM uses the WebAssembly SIMD micro-kernel where it can (false: the JavaScript one). */
export const gemmOptions = { wasm: true };

/**
 * The kernel: bufs = [X, Y, C], offs = their base offsets (typed-array slots), K = [params];
 * units [start, end) of batch * ceil(m / MC).
 */
export function gemmKernel(_F: unknown, bufs: Elements[], offs: readonly number[], _st: readonly number[], _shape: readonly number[], K: unknown[], start: number, end: number): void {
  const p = K[0] as GemmParams;
  const X = bufs[0] as unknown as Float64Array, Y = bufs[1] as unknown as Float64Array, C = bufs[2] as unknown as Float64Array;
  const lanes = p.complex ? 2 : 1;
  const mBlocks = Math.ceil(p.m / MC);
  for (let u = start; u < end; u++) {
    const b = Math.floor(u / mBlocks), m0 = (u % mBlocks) * MC;
    gemmBlockRows(p, X, Y, C, offs[0] + lanes * p.xb[b], offs[1] + lanes * p.yb[b], offs[2] + lanes * p.cb[b], m0, Math.min(MC, p.m - m0));
  }
}

// ---- block kernels: WebAssembly or JavaScript, one interface -------------------------

/**
 * Scratch memory holding packed panels and C blocks, and `block`, which for every pair of
 * panels adds (or, `first`, stores) the tile X-panel · Y-panel over kc into the C block
 * (rows of `ldc` elements). Offsets are in bytes, as the WebAssembly module takes them.
 */
interface BlockKernel {
  readonly mem: Float64Array | Float32Array;
  /** Columns of Y per panel. */
  readonly nr: number;
  block(aOff: number, bOff: number, cOff: number, mPanels: number, nPanels: number, kc: number, ldc: number, first: number): void;
}

// the memory: three X panels (real, imaginary, minus imaginary), two Y panels, two C blocks
const A_BYTES = MC * KC * 8, B_BYTES = KC * (NC + 8) * 8, C_BYTES = MC * (NC + 8) * 8;
const A_OFF = [0, A_BYTES, 2 * A_BYTES], B_OFF = [3 * A_BYTES, 3 * A_BYTES + B_BYTES];
const C_OFF = [3 * A_BYTES + 2 * B_BYTES, 3 * A_BYTES + 2 * B_BYTES + C_BYTES];
const BYTES = C_OFF[1] + C_BYTES;

const jsKernels: Partial<Record<"f64" | "f32", BlockKernel>> = {};

function kernelFor(wasm: boolean, f32: boolean): BlockKernel {
  const W = wasm ? wasmGemm(BYTES, f32) : null;
  if (W) return { mem: f32 ? new Float32Array(W.memory.buffer) : new Float64Array(W.memory.buffer), nr: f32 ? 8 : 4, block: W.block };
  const kind = f32 ? "f32" : "f64";
  return (jsKernels[kind] ??= jsKernel(f32));
}

/** The JavaScript block kernel: 4x4 tiles in locals; float32 rounds every product and sum, as f32x4 does. */
function jsKernel(f32: boolean): BlockKernel {
  const mem = f32 ? new Float32Array(BYTES / 4) : new Float64Array(BYTES / 8);
  const es = f32 ? 4 : 8, tile = f32 ? tile32 : tile64;
  return {
    mem, nr: 4,
    block(aOff, bOff, cOff, mPanels, nPanels, kc, ldc, first) {
      const a0 = aOff / es, b0 = bOff / es, c0 = cOff / es;
      for (let ip = 0; ip < mPanels; ip++)
        for (let jp = 0; jp < nPanels; jp++) tile(mem, a0 + ip * 4 * kc, b0 + jp * 4 * kc, kc, c0 + ip * 4 * ldc + jp * 4, ldc, first !== 0);
    },
  };
}

/** One 4x4 tile of the C block from a 4-row panel of X and a 4-column panel of Y. */
function tile64(M: Float64Array | Float32Array, ao: number, bo: number, kc: number, co: number, ldc: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0; kk < kc; kk++) {
    const a = ao + 4 * kk, b = bo + 4 * kk;
    const a0 = M[a], a1 = M[a + 1], a2 = M[a + 2], a3 = M[a + 3];
    const b0 = M[b], b1 = M[b + 1], b2 = M[b + 2], b3 = M[b + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  store(M, co, ldc, first, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

const fr = Math.fround;

/** tile64 in float32 arithmetic (every product and sum rounded). */
function tile32(M: Float64Array | Float32Array, ao: number, bo: number, kc: number, co: number, ldc: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0; kk < kc; kk++) {
    const a = ao + 4 * kk, b = bo + 4 * kk;
    const a0 = M[a], a1 = M[a + 1], a2 = M[a + 2], a3 = M[a + 3];
    const b0 = M[b], b1 = M[b + 1], b2 = M[b + 2], b3 = M[b + 3];
    c00 = fr(c00 + fr(a0 * b0)); c01 = fr(c01 + fr(a0 * b1)); c02 = fr(c02 + fr(a0 * b2)); c03 = fr(c03 + fr(a0 * b3));
    c10 = fr(c10 + fr(a1 * b0)); c11 = fr(c11 + fr(a1 * b1)); c12 = fr(c12 + fr(a1 * b2)); c13 = fr(c13 + fr(a1 * b3));
    c20 = fr(c20 + fr(a2 * b0)); c21 = fr(c21 + fr(a2 * b1)); c22 = fr(c22 + fr(a2 * b2)); c23 = fr(c23 + fr(a2 * b3));
    c30 = fr(c30 + fr(a3 * b0)); c31 = fr(c31 + fr(a3 * b1)); c32 = fr(c32 + fr(a3 * b2)); c33 = fr(c33 + fr(a3 * b3));
  }
  store(M, co, ldc, first, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

/** Stores (or adds) a 4x4 tile into the C block (a Float32Array rounds the sums, as f32x4 adds). */
function store(M: Float64Array | Float32Array, co: number, ldc: number, first: boolean, c00: number, c01: number, c02: number, c03: number, c10: number, c11: number, c12: number, c13: number, c20: number, c21: number, c22: number, c23: number, c30: number, c31: number, c32: number, c33: number): void {
  const r0 = co, r1 = co + ldc, r2 = co + 2 * ldc, r3 = co + 3 * ldc;
  M[r0 + 0] = first ? c00 : M[r0 + 0] + c00; M[r0 + 1] = first ? c01 : M[r0 + 1] + c01; M[r0 + 2] = first ? c02 : M[r0 + 2] + c02; M[r0 + 3] = first ? c03 : M[r0 + 3] + c03;
  M[r1 + 0] = first ? c10 : M[r1 + 0] + c10; M[r1 + 1] = first ? c11 : M[r1 + 1] + c11; M[r1 + 2] = first ? c12 : M[r1 + 2] + c12; M[r1 + 3] = first ? c13 : M[r1 + 3] + c13;
  M[r2 + 0] = first ? c20 : M[r2 + 0] + c20; M[r2 + 1] = first ? c21 : M[r2 + 1] + c21; M[r2 + 2] = first ? c22 : M[r2 + 2] + c22; M[r2 + 3] = first ? c23 : M[r2 + 3] + c23;
  M[r3 + 0] = first ? c30 : M[r3 + 0] + c30; M[r3 + 1] = first ? c31 : M[r3 + 1] + c31; M[r3 + 2] = first ? c32 : M[r3 + 2] + c32; M[r3 + 3] = first ? c33 : M[r3 + 3] + c33;
}

// ---- one block row of C ----------------------------------------------------------------

/** Rows [m0, m0 + mc) of one batch's C, all columns. */
function gemmBlockRows(p: GemmParams, X: Float64Array, Y: Float64Array, C: Float64Array, xo: number, yo: number, co: number, m0: number, mc: number): void {
  const { n, k, complex } = p;
  const lanes = complex ? 2 : 1;
  if (k === 0) {
    for (let i = 0; i < mc; i++) for (let j = 0; j < n; j++) for (let l = 0; l < lanes; l++) C[co + lanes * (p.cm[m0 + i] + p.cn[j]) + l] = 0;
    return;
  }
  const f32 = X instanceof Float32Array;
  const K = kernelFor(p.wasm, f32), mem = K.mem, nr = K.nr, es = f32 ? 4 : 8;
  const mPanels = Math.ceil(mc / MR);
  for (let n0 = 0; n0 < n; n0 += NC) {
    const nc = Math.min(NC, n - n0), nPanels = Math.ceil(nc / nr), ldc = nPanels * nr;
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0), first = k0 === 0 ? 1 : 0;
      const packX = (q: number, part: number, sign: number) => packPanels(mem, A_OFF[q] / es, X, xo, p.xm, p.xk, m0, mc, k0, kc, MR, lanes, part, sign);
      const packY = (q: number, part: number) => packPanels(mem, B_OFF[q] / es, Y, yo, p.yn, p.yk, n0, nc, k0, kc, nr, lanes, part, 1);
      packX(0, 0, 1);
      packY(0, 0);
      K.block(A_OFF[0], B_OFF[0], C_OFF[0], mPanels, nPanels, kc, ldc, first); // Xr·Yr
      if (complex) {
        packX(1, 1, 1);
        packX(2, 1, -1);
        packY(1, 1);
        K.block(A_OFF[2], B_OFF[1], C_OFF[0], mPanels, nPanels, kc, ldc, 0); // − Xi·Yi
        K.block(A_OFF[0], B_OFF[1], C_OFF[1], mPanels, nPanels, kc, ldc, first); // Xr·Yi
        K.block(A_OFF[1], B_OFF[0], C_OFF[1], mPanels, nPanels, kc, ldc, 0); // + Xi·Yr
      }
    }
    for (let l = 0; l < lanes; l++) {
      const cb = C_OFF[l] / es;
      for (let i = 0; i < mc; i++) {
        const ro = co + lanes * p.cm[m0 + i] + l, bo = cb + i * ldc;
        for (let j = 0; j < nc; j++) C[ro + lanes * p.cn[n0 + j]] = mem[bo + j];
      }
    }
  }
}

/**
 * Packs rows [r0, r0 + rc) x k [k0, k0 + kc) of an operand (lane `part` of each element,
 * times `sign`) into panels of `w` rows: panel q holds, for each k, the w values of its
 * rows (zeros past the end).
 */
function packPanels(dst: Float64Array | Float32Array, dOff: number, src: Float64Array, base: number, rowOff: ArrayLike<number>, kOff: ArrayLike<number>, r0: number, rc: number, k0: number, kc: number, w: number, lanes: number, part: number, sign: number): void {
  const panels = Math.ceil(rc / w);
  const b = base + part;
  // read along whichever of rows and k is closer to contiguous in the source
  const rowStep = rc > 1 ? Math.abs(rowOff[r0 + 1] - rowOff[r0]) : Infinity, kStep = kc > 1 ? Math.abs(kOff[k0 + 1] - kOff[k0]) : Infinity;
  if (rowStep < kStep) {
    for (let kk = 0; kk < kc; kk++) {
      const ko = b + lanes * kOff[k0 + kk];
      for (let row = 0; row < rc; row++) dst[dOff + ((row / w) | 0) * w * kc + kk * w + (row % w)] = sign * src[ko + lanes * rowOff[r0 + row]];
    }
    for (let row = rc; row < panels * w; row++) for (let kk = 0; kk < kc; kk++) dst[dOff + ((row / w) | 0) * w * kc + kk * w + (row % w)] = 0;
    return;
  }
  for (let q = 0; q < panels; q++) {
    const d0 = dOff + q * w * kc;
    for (let r = 0; r < w; r++) {
      const row = q * w + r;
      if (row >= rc) { for (let kk = 0; kk < kc; kk++) dst[d0 + kk * w + r] = 0; continue; }
      const ro = b + lanes * rowOff[r0 + row];
      for (let kk = 0; kk < kc; kk++) dst[d0 + kk * w + r] = sign * src[ro + lanes * kOff[k0 + kk]];
    }
  }
}
