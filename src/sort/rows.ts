// Rows of one axis held in scratch arrays, and the sorts over them: a typed-array sort for
// real values (NaNs last, -0/0 kept in input order as NumPy's stable sorts keep them), a
// stable merge sort of indices for argsort and for complex and string rows (NumPy's
// order: complex lexicographic with NaN parts last). Sorts run on the calling thread.

import type { DTypeId, Elements } from "../../runtime/dtypes.js";
import { STORAGE } from "../../runtime/dtypes.js";
import { cStrides, sizeOf, type BufferNode } from "../../compiler/ir.js";
import { copyStrided } from "../join.js";
import { complexLess } from "../stats/select.js";
import { sortFloats } from "../../runtime/sort.js";

/** A scratch row: float64 for reals up to 32 bits, bigints for 64-bit ints, (re, im) pairs for complex, strings. */
export type Row = Float64Array | BigInt64Array | BigUint64Array | string[];

export function scratchFor(d: DTypeId, n: number): Row {
  if (d === "int64") return new BigInt64Array(n);
  if (d === "uint64") return new BigUint64Array(n);
  if (d === "str") return new Array<string>(n).fill("");
  return new Float64Array(STORAGE[d].lanes * n);
}

export const isComplex = (d: DTypeId): boolean => d === "complex64" || d === "complex128";

/** Element i < element j in NumPy's sort order. */
export function lessOf(d: DTypeId, v: Row): (i: number, j: number) => boolean {
  if (isComplex(d)) {
    const c = v as Float64Array;
    return (i, j) => complexLess(c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1]);
  }
  if (d === "str" || d === "int64" || d === "uint64") {
    const w = v as unknown as number[];
    return (i, j) => w[i] < w[j];
  }
  const f = v as Float64Array;
  return (i, j) => { const a = f[i], b = f[j]; return a < b || (b !== b && a === a); };
}

/** Elements i and j compare equal (NaN never equals). */
export function equalOf(d: DTypeId, v: Row): (i: number, j: number) => boolean {
  if (isComplex(d)) {
    const c = v as Float64Array;
    return (i, j) => c[2 * i] === c[2 * j] && c[2 * i + 1] === c[2 * j + 1];
  }
  const w = v as unknown as number[];
  return (i, j) => w[i] === w[j];
}

/** Element i has a NaN part. */
export function isNaNAt(d: DTypeId, v: Row): (i: number) => boolean {
  if (isComplex(d)) { const c = v as Float64Array; return (i) => c[2 * i] !== c[2 * i] || c[2 * i + 1] !== c[2 * i + 1]; }
  if (d === "float64" || d === "float32") { const f = v as Float64Array; return (i) => f[i] !== f[i]; }
  return () => false;
}

/** Stable merge sort of idx[0..n) by `less` (insertion sort on runs of 16, then merges). */
export function mergeSortIndices(idx: Int32Array, n: number, less: (i: number, j: number) => boolean): void {
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = idx[i];
      let j = i - 1;
      while (j >= lo && less(x, idx[j])) { idx[j + 1] = idx[j]; j--; }
      idx[j + 1] = x;
    }
  }
  if (n <= RUN) return;
  let src: Int32Array = idx, dst: Int32Array = new Int32Array(n);
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n), hi = Math.min(lo + 2 * w, n);
      let i = lo, j = mid, k = lo;
      if (mid >= hi || !less(src[mid], src[mid - 1])) { dst.set(src.subarray(lo, hi), lo); continue; }
      while (i < mid && j < hi) dst[k++] = less(src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t = src; src = dst; dst = t;
  }
  if (src !== idx) idx.set(src);
}

/** Stable merge sort of (keys, idx) pairs by key with `<`: keys are NaN-free reals, bigints or strings. */
function mergeSortPairs(keys: Float64Array, idx: Int32Array, n: number): void {
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = keys[i], xi = idx[i];
      let j = i - 1;
      while (j >= lo && x < keys[j]) { keys[j + 1] = keys[j]; idx[j + 1] = idx[j]; j--; }
      keys[j + 1] = x; idx[j + 1] = xi;
    }
  }
  if (n <= RUN) return;
  let ks = keys, is: Int32Array = idx;
  let kd = (Array.isArray(keys) ? new Array(n) : new (keys.constructor as Float64ArrayConstructor)(n)) as Float64Array, id: Int32Array = new Int32Array(n);
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n), hi = Math.min(lo + 2 * w, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (ks[j] < ks[i]) { kd[k] = ks[j]; id[k++] = is[j++]; } else { kd[k] = ks[i]; id[k++] = is[i++]; }
      }
      while (i < mid) { kd[k] = ks[i]; id[k++] = is[i++]; }
      while (j < hi) { kd[k] = ks[j]; id[k++] = is[j++]; }
    }
    let t = ks; ks = kd; kd = t;
    const u = is; is = id; id = u;
  }
  if (is !== idx) { idx.set(is); for (let i = 0; i < n; i++) keys[i] = ks[i]; }
}

/**
 * Stable LSD radix sort of (keys, idx) pairs by NaN-free double keys: four passes of 16-bit
 * digits over the keys' bits mapped to unsigned order (-0 as 0, so equal keys keep input order).
 */
function radixSortPairs(keys: Float64Array, idx: Int32Array, n: number): void {
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  let hi = new Uint32Array(n), lo = new Uint32Array(n), ix: Int32Array = idx;
  for (let i = 0; i < n; i++) {
    if (keys[i] === 0) keys[i] = 0;
    let h = bits[2 * i + 1], l = bits[2 * i];
    if (h & 0x80000000) { h = ~h >>> 0; l = ~l >>> 0; } else h = (h | 0x80000000) >>> 0;
    hi[i] = h; lo[i] = l;
  }
  let hi2 = new Uint32Array(n), lo2 = new Uint32Array(n), ix2: Int32Array = new Int32Array(n);
  const count = new Int32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi, shift = pass % 2 ? 16 : 0;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    if (count[(word[0] >>> shift) & 0xffff] === n) continue; // one bucket: nothing moves
    let sum = 0;
    for (let b = 0; b < 65536; b++) { const c = count[b]; count[b] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const at = count[(word[i] >>> shift) & 0xffff]++;
      hi2[at] = hi[i]; lo2[at] = lo[i]; ix2[at] = ix[i];
    }
    let t = hi; hi = hi2; hi2 = t;
    t = lo; lo = lo2; lo2 = t;
    const u = ix; ix = ix2; ix2 = u;
  }
  if (ix !== idx) idx.set(ix.subarray(0, n));
}

/** Stable argsort of the first n elements of row v (dtype d) into idx. */
export function argsortRow(d: DTypeId, v: Row, n: number, idx: Int32Array): void {
  for (let i = 0; i < n; i++) idx[i] = i;
  if (isComplex(d)) { mergeSortIndices(idx, n, lessOf(d, v)); return; }
  if (d === "float64" || d === "float32") {
    // NaNs go last in input order; the rest sort by plain comparison
    const f = v as Float64Array, keys = new Float64Array(n), tail: number[] = [];
    let m = 0;
    for (let i = 0; i < n; i++) { const x = f[i]; if (x === x) { keys[m] = x; idx[m++] = i; } else tail.push(i); }
    if (m > 512) radixSortPairs(keys, idx, m); else mergeSortPairs(keys, idx, m);
    for (const i of tail) idx[m++] = i;
    return;
  }
  const keys = (Array.isArray(v) ? v.slice(0, n) : (v as Float64Array).slice(0, n)) as Float64Array;
  // integers up to 32 bits are exact doubles: the radix sort of doubles serves them too
  if (n > 512 && d !== "str" && d !== "int64" && d !== "uint64") radixSortPairs(keys, idx, n);
  else mergeSortPairs(keys, idx, n);
}



/** Sorts the first n elements of row v (dtype d) in place. */
export function sortRow(d: DTypeId, v: Row, n: number): void {
  if (isComplex(d) || d === "str") {
    const idx = new Int32Array(n);
    argsortRow(d, v, n, idx);
    gather(d, v, idx, n);
    return;
  }
  if (d === "int64" || d === "uint64") { (v as BigInt64Array).subarray(0, n).sort(); return; }
  if (d !== "float64" && d !== "float32") {
    // small integers sort about twice as fast as 32-bit typed arrays as they do as doubles
    const f = v as Float64Array, t = d === "uint32" ? Uint32Array.from(f.subarray(0, n)) : Int32Array.from(f.subarray(0, n));
    t.sort();
    f.set(t);
    return;
  }
  sortFloats(v as Float64Array, n);
}

/** Reorders row v as v[idx[0]], v[idx[1]], ... */
export function gather(d: DTypeId, v: Row, idx: Int32Array, n: number): void {
  const lanes = isComplex(d) ? 2 : 1, w = v as unknown as unknown[];
  const copy = w.slice();
  for (let k = 0; k < n; k++) for (let l = 0; l < lanes; l++) w[lanes * k + l] = copy[lanes * idx[k] + l];
}

/**
 * Calls fn for every row of buffer b along `axis`, with the row copied into `row`;
 * fn(r, outBase, outStride): the row's position in a C-contiguous result of b's shape.
 */
export function forEachRow(b: BufferNode, axis: number, row: Row, fn: (outBase: number, outStride: number) => void): void {
  const shape = b.shape, n = shape[axis], lanes = STORAGE[b.dtype].lanes;
  const inner = sizeOf(shape.slice(axis + 1)), rows = sizeOf(shape) / (n || 1);
  if (sizeOf(shape) === 0) return;
  const kept = shape.map((_, i) => i).filter((i) => i !== axis);
  const keptShape = kept.map((i) => shape[i]), keptStrides = kept.map((i) => b.strides[i]);
  const src = b.storage.elementsAs(b.dtype), stride = b.strides[axis];
  const idx = new Array<number>(kept.length).fill(0);
  let base = b.offset;
  for (let r = 0; r < rows; r++) {
    copyStrided([n], src, base, [stride], row as Elements, 0, [1], lanes);
    const outer = Math.floor(r / inner), j = r - outer * inner;
    fn(outer * n * inner + j, inner);
    for (let k = kept.length - 1; k >= 0; k--) {
      idx[k]++; base += keptStrides[k];
      if (idx[k] < keptShape[k]) break;
      base -= keptStrides[k] * keptShape[k]; idx[k] = 0;
    }
  }
}

/** Writes row v's first n elements to out at base, base + stride, ... */
export function writeRow(d: DTypeId, v: Row, n: number, out: Elements, base: number, stride: number): void {
  copyStrided([n], v as Elements, 0, [1], out, base, [stride], STORAGE[d].lanes);
}

export { cStrides };

/**
 * Argpartition of a real row (introselect on (key, index) pairs): idx[k] for each k of `ks`
 * (ascending) is the index of the rank-k element, smaller ones before, larger after.
 * Rows with NaNs, and many ranks, take the stable argsort (also a valid partition).
 */
export function argpartitionRow(d: DTypeId, v: Row, n: number, ks: readonly number[], idx: Int32Array): void {
  const real = d !== "str" && !isComplex(d) && d !== "int64" && d !== "uint64";
  const f = v as Float64Array;
  if (!real || ks.length > Math.max(8, Math.log2(n)) ) { argsortRow(d, v, n, idx); return; }
  for (let i = 0; i < n; i++) if (f[i] !== f[i]) { argsortRow(d, v, n, idx); return; }
  const keys = f.slice(0, n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let lo = 0;
  for (const k of ks) {
    if (k < lo) continue;
    selectPair(keys, idx, lo, n - 1, k);
    lo = k + 1;
  }
}

function selectPair(v: Float64Array, ix: Int32Array, lo: number, hi: number, k: number): void {
  const swap = (i: number, j: number) => { const t = v[i]; v[i] = v[j]; v[j] = t; const u = ix[i]; ix[i] = ix[j]; ix[j] = u; };
  let depth = 2 * Math.ceil(Math.log2(hi - lo + 2));
  while (hi > lo) {
    if (hi - lo < 16 || depth-- === 0) {
      // insertion sort of what is left (small), or a sort when the selection degenerates
      const keys = v.slice(lo, hi + 1), sub = ix.slice(lo, hi + 1);
      mergeSortPairs(keys, sub, hi - lo + 1);
      v.set(keys, lo); ix.set(sub, lo);
      return;
    }
    const mid = (lo + hi) >>> 1;
    if (v[mid] < v[lo]) swap(mid, lo);
    if (v[hi] < v[lo]) swap(hi, lo);
    if (v[hi] < v[mid]) swap(hi, mid);
    const pivot = v[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { swap(i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

