// Sorts of real rows (float and up-to-32-bit integer dtypes) as blocked steps on the pool.
// Several rows: units are runs of rows. One long row: units sort fixed segments of it
// (SEGMENT elements, independent of the thread count), then `mergeRuns` merges them pairwise
// on the calling thread. Both keep NumPy's order: NaNs last, and -0 and 0 in input order (the
// segment sort keeps it within a segment, the stable merge across segments).

import type { BlockLayout } from "./blocks.js";
import type { DTypeId, Elements } from "./dtypes.js";

/** Elements per segment of one long row's parallel sort. */
export const SEGMENT = 1 << 18;

/** Real dtypes the typed-array sorts handle (64-bit integers, complex and strings sort in src/sort). */
export const sortsReal = (d: DTypeId): boolean => d === "float64" || d === "float32" || d === "int32" || d === "int16" || d === "int8" || d === "uint32" || d === "uint16" || d === "uint8" || d === "bool";

/** Sorts f[0..n) of floats in NumPy's order: NaNs last, -0 and 0 in their input order (the typed sort puts -0 first). */
export function sortFloats(f: Float64Array | Float32Array, n: number): void {
  let neg = 0, pos = 0;
  for (let i = 0; i < n; i++) if (f[i] === 0) { if (Object.is(f[i], -0)) neg++; else pos++; }
  let signs: Float64Array | null = null;
  if (neg && pos) { signs = new Float64Array(neg + pos); let k = 0; for (let i = 0; i < n; i++) if (f[i] === 0) signs[k++] = f[i]!; }
  f.subarray(0, n).sort();
  if (signs) { let i = 0; while (f[i] !== 0) i++; f.set(signs, i); }
}

const isFloat = (d: DTypeId): boolean => d === "float64" || d === "float32";

/** A scratch row the typed sort is fastest on: doubles for floats, int32/uint32 for integers. */
function scratch(d: DTypeId, n: number): Float64Array | Int32Array | Uint32Array {
  return isFloat(d) ? new Float64Array(n) : d === "uint32" ? new Uint32Array(n) : new Int32Array(n);
}

function sortScratch(d: DTypeId, s: Float64Array | Int32Array | Uint32Array, n: number): void {
  if (s instanceof Float64Array) sortFloats(s, n);
  else s.subarray(0, n).sort();
}

export interface SortRowsParams { readonly axis: number; readonly dtype: DTypeId; readonly rowsPerUnit: number }

/** Sorts rows [start, end) * rowsPerUnit of the input along `axis` into the C-contiguous output. */
export function sortRows(bufs: Elements[], layouts: readonly BlockLayout[], p: SortRowsParams, start: number, end: number): void {
  const b = layouts[0]!, shape = b.shape, axis = p.axis, n = shape[axis]!;
  const src = bufs[0] as Float64Array, dst = bufs[1] as Float64Array;
  const kept = shape.map((_, i) => i).filter((i) => i !== axis);
  const keptShape = kept.map((i) => shape[i]!), keptStrides = kept.map((i) => b.strides[i]!);
  const inner = shape.slice(axis + 1).reduce((x, y) => x * y, 1), rows = keptShape.reduce((x, y) => x * y, 1);
  const r0 = start * p.rowsPerUnit, r1 = Math.min(rows, end * p.rowsPerUnit);
  if (r0 >= r1 || n === 0) return;
  const s = scratch(p.dtype, n), stride = b.strides[axis]!;
  const idx = new Array<number>(kept.length).fill(0);
  let base = b.offset;
  for (let k = kept.length - 1, r = r0; k >= 0; k--) {
    idx[k] = r % keptShape[k]!; r = Math.floor(r / keptShape[k]!);
    base += idx[k]! * keptStrides[k]!;
  }
  for (let r = r0; r < r1; r++) {
    for (let j = 0, q = base; j < n; j++, q += stride) s[j] = src[q]!;
    sortScratch(p.dtype, s, n);
    const outer = Math.floor(r / inner), ob = outer * n * inner + (r - outer * inner);
    for (let j = 0, q = ob; j < n; j++, q += inner) dst[q] = s[j]!;
    for (let k = kept.length - 1; k >= 0; k--) {
      idx[k]!++; base += keptStrides[k]!;
      if (idx[k]! < keptShape[k]!) break;
      base -= keptStrides[k]! * keptShape[k]!; idx[k] = 0;
    }
  }
}

export interface SortSegmentsParams { readonly dtype: DTypeId; readonly n: number }

/** Sorts segments [start, end) of a 1-d input (any stride) into the same places of the output. */
export function sortSegments(bufs: Elements[], layouts: readonly BlockLayout[], p: SortSegmentsParams, start: number, end: number): void {
  const b = layouts[0]!, src = bufs[0] as Float64Array, dst = bufs[1] as Float64Array, stride = b.strides[0]!;
  for (let k = start; k < end; k++) {
    const lo = k * SEGMENT, hi = Math.min(p.n, lo + SEGMENT), m = hi - lo;
    const s = scratch(p.dtype, m);
    for (let j = 0, q = b.offset + lo * stride; j < m; j++, q += stride) s[j] = src[q]!;
    sortScratch(p.dtype, s, m);
    dst.set(s as unknown as Float64Array, lo);
  }
}

/** Output elements per unit of a merge level. */
export const MERGE_CHUNK = 1 << 16;

export interface MergeParams { readonly n: number; /** the length of the sorted runs merged pairwise */ readonly width: number }

/** a comes after b in NumPy's order (NaNs last); equal values are not "after" (the merge is stable). */
const after = (a: number, b: number): boolean => b < a || (a !== a && b === b);

/**
 * One level of the merge: runs of `width` merged pairwise into runs of 2 * width. Unit k writes
 * output [k * MERGE_CHUNK, ...): it finds where that output position splits the two runs
 * (the co-rank, a binary search) and merges from there, so every unit is independent.
 */
export function mergeLevel(bufs: Elements[], _layouts: readonly BlockLayout[], p: MergeParams, start: number, end: number): void {
  const src = bufs[0] as Float64Array, dst = bufs[1] as Float64Array, { n, width } = p;
  for (let k = start; k < end; k++) {
    const o0 = k * MERGE_CHUNK, o1 = Math.min(n, o0 + MERGE_CHUNK);
    const lo = o0 - (o0 % (2 * width)), mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
    const la = mid - lo, lb = hi - mid, r = o0 - lo;
    // i elements of the left run and r - i of the right come before output r
    let a = Math.max(0, r - lb), b = Math.min(r, la);
    while (a < b) {
      const i = (a + b) >> 1, j = r - i;
      // too few from the left when its next element is not after the right's last taken one
      if (j > 0 && i < la && !after(src[lo + i]!, src[mid + j - 1]!)) a = i + 1; else b = i;
    }
    let i = lo + a, j = mid + (r - a), o = o0;
    while (o < o1 && i < mid && j < hi) {
      const x = src[i]!, y = src[j]!;
      if (after(x, y)) { dst[o++] = y; j++; } else { dst[o++] = x; i++; }
    }
    while (o < o1 && i < mid) dst[o++] = src[i++]!;
    while (o < o1 && j < hi) dst[o++] = src[j++]!;
  }
}
