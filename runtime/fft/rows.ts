// FFTs of the rows of one axis, a blocked step (runtime/blocks.ts): every row (read through
// its stride, cut or zero-padded to the transform's length) is copied into a complex scratch
// row, transformed by a cached plan (plan.ts) and written to the C-contiguous output. Units
// are runs of consecutive rows, so batched transforms spread over the pool; a row's bits do
// not depend on the unit it falls in.

import type { BlockLayout } from "../blocks.js";
import type { DTypeId, Elements } from "../dtypes.js";
import { planFor, realBackward, realForward, realPlanFor } from "./plan.js";

/**
 * c2c: complex to complex (fft, ifft); r2c: the first n/2 + 1 outputs of a real input's
 * transform (rfft); c2r: the real transform of length n of a Hermitian row given by its
 * first n/2 + 1 values (irfft; the imaginary parts of the first and, for even n, the last
 * one are ignored, as pocketfft ignores them).
 */
export type Kind = "c2c" | "r2c" | "c2r";

export interface FftSpec {
  kind: Kind;
  /** The transform's length (≥ 1). */
  n: number;
  forward: boolean;
  /** The factor every output is multiplied by (the norm). */
  fct: number;
  /** Conjugate the result (ihfft) or, for c2r, the input (hfft). */
  conj: boolean;
}

/** What a unit needs besides the operands: the transform, the axis, rows per unit. */
export interface FftRowsParams extends FftSpec {
  readonly axis: number;
  readonly inDtype: DTypeId;
  readonly rowsPerUnit: number;
}

/** Rows at least this long are copied with `set` (a subarray per row costs more on short ones). */
const BLOCK = 256;

/** Transforms rows [start * rowsPerUnit, end * rowsPerUnit) of the input's `axis` into the output. */
export function fftRows(bufs: Elements[], layouts: readonly BlockLayout[], p: FftRowsParams, start: number, end: number): void {
  const { kind, n, forward, fct, conj, axis } = p;
  const b = layouts[0]!, shape = layouts[1]!.shape;
  const m = b.shape[axis]!;
  const outLen = shape[axis]!;
  const use = Math.min(m, kind === "c2r" ? (n >> 1) + 1 : n);
  // even lengths of real transforms go through a complex transform of half the length
  const half = kind !== "c2c" && n % 2 === 0;
  const complexIn = p.inDtype === "complex64" || p.inDtype === "complex128", big = p.inDtype === "int64" || p.inDtype === "uint64";
  const kept = b.shape.map((_, i) => i).filter((i) => i !== axis), keptShape = kept.map((i) => b.shape[i]!);
  const inner = shape.slice(axis + 1).reduce((x, y) => x * y, 1), rows = keptShape.reduce((x, y) => x * y, 1);
  const r0 = start * p.rowsPerUnit, r1 = Math.min(rows, end * p.rowsPerUnit);
  if (r0 >= r1 || outLen === 0) return;
  const src = bufs[0] as unknown as ArrayLike<number | bigint>;
  const dst = bufs[1] as Float64Array;
  const keptStrides = kept.map((i) => b.strides[i]!), step = b.strides[axis]!;
  const buf = new Float64Array(half ? n + 2 : 2 * n), idx = new Array<number>(kept.length).fill(0);
  const real = half ? realPlanFor(n) : null, plan = real ? null : planFor(n);
  // backward complex transforms conjugate, transform forward and conjugate back: the
  // conjugations (and hfft's and ihfft's) and the norm's factor are applied on reading and writing
  const viaConj = (kind === "c2c" && !forward) || (kind === "c2r" && !half);
  const imSign = (kind === "c2r" && conj ? -1 : 1) * (viaConj ? -1 : 1);
  const imFactor = fct * (kind === "c2c" && !forward ? -1 : 1) * (conj && kind === "r2c" ? -1 : 1);
  // a row into buf: complex pairs, or reals with a zero imaginary part (r2c of complex input takes the real part)
  const readRow = (base: number): void => {
    if (use < n) buf.fill(0, 2 * use);
    if (complexIn && kind !== "r2c" && step === 1 && imSign === 1 && use >= BLOCK) buf.set((src as Float64Array).subarray(2 * base, 2 * (base + use)));
    else if (complexIn) {
      const c = src as Float64Array, im = kind === "r2c" ? 0 : imSign;
      for (let j = 0, q = 2 * base; j < use; j++, q += 2 * step) { buf[2 * j] = c[q]!; buf[2 * j + 1] = im * c[q + 1]!; }
    } else if (big) for (let j = 0, q = base; j < use; j++, q += step) { buf[2 * j] = Number(src[q]); buf[2 * j + 1] = 0; }
    else {
      const v = src as Float64Array;
      for (let j = 0, q = base; j < use; j++, q += step) { buf[2 * j] = v[q]!; buf[2 * j + 1] = 0; }
    }
  };
  // reals of an r2c row packed, as n/2 complex values
  const readReals = (base: number): void => {
    if (use < n) buf.fill(0, use);
    if (complexIn) { const c = src as Float64Array; for (let j = 0, q = 2 * base; j < use; j++, q += 2 * step) buf[j] = c[q]!; }
    else if (big) for (let j = 0, q = base; j < use; j++, q += step) buf[j] = Number(src[q]);
    else { const v = src as Float64Array; for (let j = 0, q = base; j < use; j++, q += step) buf[j] = v[q]!; }
  };
  // the multi-index of row r0 over the kept axes, and its offset
  let base = b.offset;
  for (let k = kept.length - 1, r = r0; k >= 0; k--) {
    idx[k] = r % keptShape[k]!; r = Math.floor(r / keptShape[k]!);
    base += idx[k]! * keptStrides[k]!;
  }
  for (let r = r0; r < r1; r++) {
    const ob = Math.floor(r / inner) * outLen * inner + (r % inner);
    if (real && kind === "r2c") {
      readReals(base);
      realForward(real, buf);
    } else {
      readRow(base);
      if (real) realBackward(real, buf);
      else if (plan) {
        if (kind === "c2r") {
          for (let j = 1; j < use; j++) {
            if (n - j === j) continue;
            buf[2 * (n - j)] = buf[2 * j]!; buf[2 * (n - j) + 1] = -buf[2 * j + 1]!;
          }
        }
        plan.forward(buf);
      }
    }
    if (kind === "c2r") { const s = half ? 1 : 2; for (let j = 0; j < outLen; j++) dst[ob + j * inner] = fct * buf[s * j]!; }
    else if (inner === 1) {
      for (let j = 0, o = 2 * ob, e = 2 * outLen; j < e; j += 2) { dst[o + j] = fct * buf[j]!; dst[o + j + 1] = imFactor * buf[j + 1]!; }
    } else {
      for (let j = 0; j < outLen; j++) { const o = 2 * (ob + j * inner); dst[o] = fct * buf[2 * j]!; dst[o + 1] = imFactor * buf[2 * j + 1]!; }
    }
    for (let k = kept.length - 1; k >= 0; k--) {
      idx[k]!++; base += keptStrides[k]!;
      if (idx[k]! < keptShape[k]!) break;
      base -= keptStrides[k]! * keptShape[k]!; idx[k] = 0;
    }
  }
}
