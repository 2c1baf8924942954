// Reductions over strided buffers: a hand-written step (fusion with producers and
// parallel partials come with the reductions issue). Composite statistics (mean, var,
// std, nan-aware forms) are built from these by the API.

import { STORAGE, valueClass, type DTypeId, type Elements } from "./dtypes.js";
import type { Storage } from "./buffer.js";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "fmax" | "fmin" | "all" | "any" | "argmax" | "argmin";

interface In { data: Elements; storage: Storage; offset: number; strides: readonly number[]; shape: readonly number[] }

/** NumPy's pairwise summation over v[lo, hi): blocks of 128 summed with 8 accumulators. */
export function pairwiseSum(v: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  if (n < 8) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += v[i];
    return s;
  }
  if (n <= 128) {
    let r0 = v[lo], r1 = v[lo + 1], r2 = v[lo + 2], r3 = v[lo + 3], r4 = v[lo + 4], r5 = v[lo + 5], r6 = v[lo + 6], r7 = v[lo + 7];
    let i = lo + 8;
    for (; i + 8 <= hi; i += 8) {
      r0 += v[i]; r1 += v[i + 1]; r2 += v[i + 2]; r3 += v[i + 3];
      r4 += v[i + 4]; r5 += v[i + 5]; r6 += v[i + 6]; r7 += v[i + 7];
    }
    let s = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < hi; i++) s += v[i];
    return s;
  }
  let m = n >> 1;
  m -= m % 8;
  return pairwiseSum(v, lo, lo + m) + pairwiseSum(v, lo + m, hi);
}

/** A step function reducing `axes` of its input with `op`, writing a C-contiguous output. */
export function reduceRun(op: string, inDtype: DTypeId, outDtype: DTypeId, axes: readonly number[], _ddof: number) {
  const cls = valueClass(inDtype);
  const lanes = STORAGE[inDtype].lanes;
  return (inputs: readonly In[], out: Storage): void => {
    const a = inputs[0];
    const data = a.data as ArrayLike<number | bigint>;
    const nd = a.shape.length;
    const red = axes, kept = [...Array(nd).keys()].filter((d) => !axes.includes(d));
    const R = red.reduce((p, d) => p * a.shape[d], 1);
    const O = kept.reduce((p, d) => p * a.shape[d], 1);
    const o = out.elementsAs(outDtype) as unknown as { [i: number]: number | bigint | boolean };
    const re = new Float64Array(R), im = lanes === 2 ? new Float64Array(R) : null;
    const big: bigint[] = cls === "I" ? new Array<bigint>(R) : [];
    const ki = new Array<number>(kept.length).fill(0);
    for (let j = 0; j < O; j++) {
      let base = a.offset;
      kept.forEach((d, t) => (base += ki[t] * a.strides[d]));
      // gather the reduced elements in C order
      const ri = new Array<number>(red.length).fill(0);
      for (let r = 0; r < R; r++) {
        let p = base;
        red.forEach((d, t) => (p += ri[t] * a.strides[d]));
        if (cls === "I") big[r] = data[p] as bigint;
        else if (im) { re[r] = data[2 * p] as number; im[r] = data[2 * p + 1] as number; }
        else re[r] = data[p] as number;
        for (let t = red.length - 1; t >= 0; t--) { if (++ri[t] < a.shape[red[t]]) break; ri[t] = 0; }
      }
      const res = reduceValues(op, cls, re, im, big, R);
      if (lanes === 2 && STORAGE[outDtype].lanes === 2) {
        (o as Float64Array)[2 * j] = (res as number[])[0];
        (o as Float64Array)[2 * j + 1] = (res as number[])[1];
      } else o[j] = res as number;
      for (let t = kept.length - 1; t >= 0; t--) { if (++ki[t] < a.shape[kept[t]]) break; ki[t] = 0; }
    }
  };
}

function reduceValues(op: string, cls: string, re: Float64Array, im: Float64Array | null, big: bigint[], n: number): number | bigint | boolean | number[] {
  switch (op) {
    case "sum":
      if (cls === "I") return big.reduce((s, x) => s + x, BigInt(0));
      if (im) return [pairwiseSum(re, 0, n), pairwiseSum(im, 0, n)];
      if (cls === "f") return pairwiseSum(re, 0, n);
      { let s = 0; for (let i = 0; i < n; i++) s = (s + re[i]) | 0; return s; }
    case "prod":
      if (cls === "I") return big.reduce((s, x) => BigInt.asIntN(64, s * x), BigInt(1));
      if (im) {
        let pr = 1, pi = 0;
        for (let i = 0; i < n; i++) { const r = pr * re[i] - pi * im[i]; pi = pr * im[i] + pi * re[i]; pr = r; }
        return [pr, pi];
      }
      if (cls === "f") { let p = 1; for (let i = 0; i < n; i++) p *= re[i]; return p; }
      { let p = 1; for (let i = 0; i < n; i++) p = Math.imul(p, re[i]); return p; }
    case "all":
      if (cls === "I") return big.every((x) => x !== BigInt(0));
      for (let i = 0; i < n; i++) if (re[i] === 0 && (!im || im[i] === 0)) return false;
      return true;
    case "any":
      if (cls === "I") return big.some((x) => x !== BigInt(0));
      for (let i = 0; i < n; i++) if (re[i] !== 0 || (im && im[i] !== 0)) return true;
      return false;
    case "max": case "min": case "fmax": case "fmin": case "argmax": case "argmin": {
      const isMax = op.endsWith("max"), ignoreNan = op[0] === "f";
      const arg = op.startsWith("arg");
      if (cls === "I") {
        let best = 0;
        for (let i = 1; i < n; i++) if (isMax ? big[i] > big[best] : big[i] < big[best]) best = i;
        return arg ? best : big[best];
      }
      const isNan = (i: number) => re[i] !== re[i] || (im !== null && im[i] !== im[i]);
      const better = (i: number, b: number) => {
        if (re[i] !== re[b]) return isMax ? re[i] > re[b] : re[i] < re[b];
        return im !== null && (isMax ? im[i] > im[b] : im[i] < im[b]);
      };
      let best = -1;
      for (let i = 0; i < n; i++) {
        if (isNan(i)) {
          if (ignoreNan) continue;
          best = i; break; // nan propagates (and argmax points at the first nan)
        }
        if (best < 0 || better(i, best)) best = i;
      }
      if (best < 0) return arg ? 0 : im ? [NaN, NaN] : NaN;
      if (arg) return best;
      return im ? [re[best], im[best]] : re[best];
    }
  }
  throw new Error(`unknown reduction ${op}`);
}
