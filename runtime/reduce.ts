// Reductions over strided buffers: a hand-written step (fusion with producers and
// parallel partials come with the reductions issue). Composite statistics (mean, var,
// std, nan-aware forms) are built from these by the API.

import { STORAGE, valueClass, type DTypeId, type Elements } from "./dtypes.js";
import type { Storage } from "./buffer.js";

interface In { data: Elements; storage: Storage; offset: number; strides: readonly number[]; shape: readonly number[] }
type Num = ArrayLike<number>;

/**
 * NumPy's pairwise summation of v[off + i*st], i < n: blocks of up to 128 summed with
 * 8 accumulators, halves combined recursively (rounding error O(log n), not O(n)).
 */
export function pairwiseSum(v: Num, off: number, n: number, st: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[off + i * st];
    return s;
  }
  if (n <= 128) {
    let r0 = v[off], r1 = v[off + st], r2 = v[off + 2 * st], r3 = v[off + 3 * st];
    let r4 = v[off + 4 * st], r5 = v[off + 5 * st], r6 = v[off + 6 * st], r7 = v[off + 7 * st];
    let i = 8;
    for (; i + 8 <= n; i += 8) {
      const p = off + i * st;
      r0 += v[p]; r1 += v[p + st]; r2 += v[p + 2 * st]; r3 += v[p + 3 * st];
      r4 += v[p + 4 * st]; r5 += v[p + 5 * st]; r6 += v[p + 6 * st]; r7 += v[p + 7 * st];
    }
    let s = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) s += v[off + i * st];
    return s;
  }
  let m = n >> 1;
  m -= m % 8;
  return pairwiseSum(v, off, m, st) + pairwiseSum(v, off + m * st, n - m, st);
}

/** Merges reduced axes that are contiguous with each other (fewer, longer runs). */
function coalesce(shape: number[], strides: number[]): [number[], number[]] {
  const s: number[] = [], t: number[] = [];
  shape.forEach((n, i) => {
    const last = s.length - 1;
    if (last >= 0 && t[last] === strides[i] * n) { s[last] *= n; t[last] = strides[i]; }
    else if (n !== 1) { s.push(n); t.push(strides[i]); }
  });
  return s.length ? [s, t] : [[1], [0]];
}

/** A step function reducing `axes` of its input with `op`, writing a C-contiguous output. */
export function reduceRun(op: string, inDtype: DTypeId, outDtype: DTypeId, axes: readonly number[], _ddof: number) {
  const cls = valueClass(inDtype);
  const lanes = STORAGE[inDtype].lanes;
  return (inputs: readonly In[], out: Storage): void => {
    const a = inputs[0];
    const nd = a.shape.length;
    const kept = [...Array(nd).keys()].filter((d) => !axes.includes(d));
    const [rs, rt] = coalesce(axes.map((d) => a.shape[d]), axes.map((d) => a.strides[d]));
    const R = rs.reduce((p, n) => p * n, 1);
    const O = kept.reduce((p, d) => p * a.shape[d], 1);
    const o = out.elementsAs(outDtype) as unknown as { [i: number]: unknown };
    const single = rs.length === 1;
    // several non-mergeable reduced axes: gather into a contiguous scratch first
    const scratch = single ? null : cls === "I" ? (new Array<bigint>(R) as unknown as Num) : new Float64Array(R * lanes);
    const ki = new Array<number>(kept.length).fill(0);
    const ri = new Array<number>(rs.length).fill(0);
    for (let j = 0; j < O; j++) {
      let base = a.offset;
      for (let t = 0; t < kept.length; t++) base += ki[t] * a.strides[kept[t]];
      let src = a.data as unknown as Num, off = base, st = rt[0];
      if (scratch) {
        ri.fill(0);
        let p = base;
        const sc = scratch as unknown as { [i: number]: number };
        for (let r = 0; r < R; r++) {
          for (let l = 0; l < lanes; l++) sc[r * lanes + l] = src[p * lanes + l];
          for (let t = rs.length - 1; t >= 0; t--) {
            p += rt[t];
            if (++ri[t] < rs[t]) break;
            p -= rt[t] * rs[t];
            ri[t] = 0;
          }
        }
        src = scratch; off = 0; st = 1;
      }
      const res = reduceRun1(op, cls, src, off, R, st, lanes);
      if (lanes === 2 && STORAGE[outDtype].lanes === 2) { o[2 * j] = (res as number[])[0]; o[2 * j + 1] = (res as number[])[1]; }
      else o[j] = res;
      for (let t = kept.length - 1; t >= 0; t--) { if (++ki[t] < a.shape[kept[t]]) break; ki[t] = 0; }
    }
  };
}

/** Reduces n elements v[off + i*st] (element units; complex elements are lane pairs). */
function reduceRun1(op: string, cls: string, v: Num, off: number, n: number, st: number, lanes: number): unknown {
  if (cls === "I") return reduceBig(op, v as unknown as ArrayLike<bigint>, off, n, st);
  if (lanes === 2) return reduceComplex(op, v, off, n, st);
  switch (op) {
    case "sum":
      if (cls === "f") return pairwiseSum(v, off, n, st);
      { let s = 0; for (let i = 0; i < n; i++) s = (s + v[off + i * st]) | 0; return s; }
    case "prod":
      if (cls === "f") { let p = 1; for (let i = 0; i < n; i++) p *= v[off + i * st]; return p; }
      { let p = 1; for (let i = 0; i < n; i++) p = Math.imul(p, v[off + i * st]); return p; }
    case "all": for (let i = 0; i < n; i++) if (v[off + i * st] === 0) return false; return true;
    case "any": for (let i = 0; i < n; i++) if (v[off + i * st] !== 0) return true; return false;
  }
  const isMax = op.endsWith("max"), ignoreNan = op[0] === "f", arg = op.startsWith("arg");
  let best = -1, bv = 0;
  for (let i = 0; i < n; i++) {
    const x = v[off + i * st];
    if (x !== x) {
      if (ignoreNan) continue;
      best = i; bv = x; break; // nan propagates (argmax points at the first nan)
    }
    if (best < 0 || (isMax ? x > bv : x < bv)) { best = i; bv = x; }
  }
  if (arg) return Math.max(best, 0);
  return best < 0 ? NaN : bv;
}

function reduceComplex(op: string, v: Num, off: number, n: number, st: number): unknown {
  const re = (i: number) => v[2 * (off + i * st)], im = (i: number) => v[2 * (off + i * st) + 1];
  switch (op) {
    case "sum": return [pairwiseSum(v, 2 * off, n, 2 * st), pairwiseSum(v, 2 * off + 1, n, 2 * st)];
    case "prod": {
      let pr = 1, pi = 0;
      for (let i = 0; i < n; i++) { const r = pr * re(i) - pi * im(i); pi = pr * im(i) + pi * re(i); pr = r; }
      return [pr, pi];
    }
    case "all": for (let i = 0; i < n; i++) if (re(i) === 0 && im(i) === 0) return false; return true;
    case "any": for (let i = 0; i < n; i++) if (re(i) !== 0 || im(i) !== 0) return true; return false;
  }
  const isMax = op.endsWith("max"), ignoreNan = op[0] === "f", arg = op.startsWith("arg");
  const nan = (i: number) => re(i) !== re(i) || im(i) !== im(i);
  const better = (i: number, b: number) => (re(i) !== re(b) ? (isMax ? re(i) > re(b) : re(i) < re(b)) : isMax ? im(i) > im(b) : im(i) < im(b));
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (nan(i)) { if (ignoreNan) continue; best = i; break; }
    if (best < 0 || better(i, best)) best = i;
  }
  if (arg) return Math.max(best, 0);
  return best < 0 ? [NaN, NaN] : [re(best), im(best)];
}

function reduceBig(op: string, v: ArrayLike<bigint>, off: number, n: number, st: number): unknown {
  const zero = BigInt(0);
  switch (op) {
    case "sum": { let s = zero; for (let i = 0; i < n; i++) s += v[off + i * st]; return s; }
    case "prod": { let p = BigInt(1); for (let i = 0; i < n; i++) p = BigInt.asIntN(64, p * v[off + i * st]); return p; }
    case "all": for (let i = 0; i < n; i++) if (v[off + i * st] === zero) return false; return true;
    case "any": for (let i = 0; i < n; i++) if (v[off + i * st] !== zero) return true; return false;
  }
  const isMax = op.endsWith("max"), arg = op.startsWith("arg");
  let best = 0;
  for (let i = 1; i < n; i++) if (isMax ? v[off + i * st] > v[off + best * st] : v[off + i * st] < v[off + best * st]) best = i;
  return arg ? best : v[off + best * st];
}
