// Equal-width histogram bins as NumPy's fast path finds them, and the unweighted counts as a
// blocked step (runtime/blocks.ts): unit k counts its CHUNK input elements into row k of a
// [units, bins] table, which a sum over the units turns into the histogram. The counts are
// integers, so the result does not depend on which thread counted what.

import type { BlockLayout } from "./blocks.js";
import type { Elements } from "./dtypes.js";

/** Input elements per unit. */
export const HIST_CHUNK = 1 << 16;

/** Equal bins between `first` and `last` whose exact edges are `edges` (float32 arithmetic for float32 data, as NumPy). */
export interface UniformBins {
  readonly first: number;
  readonly last: number;
  readonly norm: number;
  /** `first` as the data's dtype rounds it. */
  readonly fr: number;
  readonly edges: Float64Array | Float32Array;
  readonly f32: boolean;
}

export function uniformBins(first: number, last: number, edges: Float64Array | Float32Array, f32: boolean): UniformBins {
  const n = edges.length - 1, R = Math.fround;
  return { first, last, edges, f32, norm: f32 ? R(n / R(last - first)) : n / (last - first), fr: f32 ? R(first) : first };
}

/** The bin of v (trunc((v - first) * norm), corrected against the edges), or -1 outside [first, last]. */
export function binOf(b: UniformBins, v: number): number {
  if (!(v >= b.first && v <= b.last)) return -1;
  const edges = b.edges, n = edges.length - 1;
  // in range, the product is in [0, bins]: `| 0` truncates it
  let k = b.f32 ? Math.fround(Math.fround(v - b.fr) * b.norm) | 0 : ((v - b.first) * b.norm) | 0;
  if (k === n) k--;
  if (v < edges[k]!) k--;
  else if (k !== n - 1 && v >= edges[k + 1]!) k++;
  return k;
}

export interface CountParams { readonly bins: UniformBins; readonly n: number }

/** Counts units [start, end) of the 1-d input (any stride) into rows of the [units, bins] int32 output. */
export function uniformCountBlocks(bufs: Elements[], layouts: readonly BlockLayout[], p: CountParams, start: number, end: number): void {
  const x = bufs[0] as unknown as ArrayLike<number | bigint>, out = bufs[1] as Int32Array, b = layouts[0]!;
  const nb = p.bins.edges.length - 1, stride = b.strides[0] ?? 1;
  const big = typeof x[b.offset] === "bigint";
  // counts go to a local row (neighbouring rows of the table share cache lines)
  const local = new Int32Array(nb);
  for (let k = start; k < end; k++) {
    const lo = k * HIST_CHUNK, hi = Math.min(p.n, lo + HIST_CHUNK);
    local.fill(0);
    if (big || p.bins.f32) {
      for (let i = lo, q = b.offset + lo * stride; i < hi; i++, q += stride) {
        const j = binOf(p.bins, big ? Number(x[q]) : (x[q] as number));
        if (j >= 0) local[j]!++;
      }
      out.set(local, k * nb);
      continue;
    }
    // binOf for float64 data with the bins in locals (the hot loop of large histograms)
    const f = x as ArrayLike<number>, { first, last, norm, edges } = p.bins, n = nb;
    for (let i = lo, q = b.offset + lo * stride; i < hi; i++, q += stride) {
      const v = f[q]!;
      if (!(v >= first && v <= last)) continue;
      let j = ((v - first) * norm) | 0; // in [0, bins]: truncation by | 0 (faster than Math.trunc)
      if (j === n) j--;
      if (v < edges[j]!) j--;
      else if (j !== n - 1 && v >= edges[j + 1]!) j++;
      local[j]!++;
    }
    out.set(local, k * nb);
  }
}
