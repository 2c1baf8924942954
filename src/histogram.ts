// Histograms and binning, as NumPy 1.24 computes them: histogram (its uniform-bin fast
// path with the edge-correction step, its sorted cumulative-count path for other edges),
// histogramBinEdges (with the bin-width estimators), histogram2d, histogramdd, digitize
// and bincount.
//
// The counts are opaque nodes with hand-written kernels: they stay lazy and read their
// input when evaluated. What decides an output's shape or the edges (the data's range
// when none is given, an estimator, bincount's largest value) is read at the call.

import { isCContiguous, newNodeId, sizeOf, type BufferNode, type OpaqueNode } from "../compiler/ir.js";
import type { Elements } from "../runtime/dtypes.js";
import { STORAGE } from "../runtime/dtypes.js";
import { TypeError, ValueError, histogramMsg as M } from "../runtime/errors.js";
import { dt, type DType } from "./dtype.js";
import { NDArray, lazy } from "./ndarray.js";
import { asarray } from "./creation.js";
import { copyStrided, isOptions } from "./join.js";
import { ravel, reshape } from "./shape.js";
import { mean, std, sum } from "./reductions.js";
import { percentile } from "./statistics.js";
import { HIST_CHUNK, binOf, uniformBins, uniformCountBlocks, type CountParams, type UniformBins } from "../runtime/histogram.js";
import { add, divide, imag, multiply, real } from "./ufunc.js";

const float64 = dt("float64"), intp = dt("int32");

// ---- reading buffers --------------------------------------------------------------------

/** A buffer's elements in C order as doubles (the memory itself when it is float64 and C-contiguous). */
export function doublesOf(b: BufferNode): Float64Array {
  const n = sizeOf(b.shape);
  const src = b.storage.elementsAs(b.dtype);
  if (b.dtype === "float64" && isCContiguous(b)) return (src as Float64Array).subarray(b.offset, b.offset + n);
  const cs = b.shape.map((_, i) => b.shape.slice(i + 1).reduce((p, s) => p * s, 1));
  if (b.dtype === "int64" || b.dtype === "uint64") {
    const tmp = b.dtype === "int64" ? new BigInt64Array(n) : new BigUint64Array(n);
    copyStrided(b.shape, src, b.offset, b.strides, tmp as unknown as Elements, 0, cs, 1);
    return Float64Array.from(tmp as Iterable<bigint>, Number);
  }
  if (STORAGE[b.dtype].lanes !== 1 || Array.isArray(src)) throw new TypeError(M.complex);
  const out = new Float64Array(n);
  copyStrided(b.shape, src, b.offset, b.strides, out, 0, cs, 1);
  return out;
}

/** An array's elements as doubles, read now. */
const valuesOf = (a: NDArray): Float64Array => doublesOf(a._buffer());

/** NumPy's searchsorted order: NaN after everything. */
const lt = (x: number, y: number): boolean => x < y || (y !== y && x === x);

/** The first index i in sorted `v` with x < v[i] (side "right"), or with x <= v[i] (side "left"). */
function search(v: ArrayLike<number>, x: number, right: boolean): number {
  let lo = 0, hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (right ? !lt(x, v[mid]) : lt(v[mid], x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- bin edges ----------------------------------------------------------------------------

type Range = readonly [number, number];
export type BinsSpec = number | string | ArrayLike<number> | NDArray | readonly number[];

/** A (lo, hi) pair given as numbers, 0-d arrays or an array. */
function rangeOf(r: unknown): Range | null {
  if (r === null || r === undefined) return null;
  const list = (r instanceof NDArray ? r.tolist() : r) as unknown[];
  const [lo, hi] = list.map((v) => Number(v instanceof NDArray ? v.item() : v));
  return [lo, hi];
}

/**
 * [min, max] of x, or [NaN, NaN] when x holds a NaN. Two branch-free accumulator pairs, with
 * NaNs and infinities noticed by a sum of v - v (about 4x faster than a loop with branches).
 */
function minMax(x: Float64Array): [number, number] {
  let f0 = Infinity, l0 = -Infinity, f1 = Infinity, l1 = -Infinity, s = 0;
  const m = x.length & ~1;
  for (let i = 0; i < m; i += 2) {
    const v = x[i], w = x[i + 1];
    f0 = v < f0 ? v : f0; l0 = v > l0 ? v : l0;
    f1 = w < f1 ? w : f1; l1 = w > l1 ? w : l1;
    s += (v - v) + (w - w);
  }
  if (m < x.length) { const v = x[m]; f0 = v < f0 ? v : f0; l0 = v > l0 ? v : l0; s += v - v; }
  if (s === s) return [Math.min(f0, f1), Math.max(l0, l1)];
  // a NaN or an infinity: NaN wins; infinities are the range's ends
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) return [NaN, NaN];
    if (v < first) first = v;
    if (v > last) last = v;
  }
  return [first, last];
}

/** NumPy's `_get_outer_edges`: the range, or the data's (widened by 0.5 each side when flat). */
function outerEdges(x: Float64Array, range: Range | null | undefined, f32: boolean): [number, number] {
  range = rangeOf(range);
  let first: number, last: number;
  if (range) {
    [first, last] = range;
    if (first > last) throw new ValueError(M.rangeOrder);
    if (!Number.isFinite(first) || !Number.isFinite(last)) throw new ValueError(M.rangeFinite("supplied", first, last));
  } else if (x.length === 0) {
    first = 0; last = 1;
  } else {
    [first, last] = minMax(x);
    if (!Number.isFinite(first) || !Number.isFinite(last)) throw new ValueError(M.rangeFinite("autodetected", first, last));
  }
  if (first === last) {
    first -= 0.5; last += 0.5;
    if (f32) { first = Math.fround(first); last = Math.fround(last); }
  }
  return [first, last];
}

/** np.linspace(first, last, n + 1) as `_get_bin_edges` calls it (float32 when the data are). */
function linspaceEdges(first: number, last: number, n: number, f32: boolean): Float64Array | Float32Array {
  // NumPy 1.24 computes in float64 (the float32 scalars promote) and casts the result
  const delta = last - first, step = delta / n;
  const out = f32 ? new Float32Array(n + 1) : new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = step === 0 ? (i / n) * delta + first : i * step + first;
  out[n] = last;
  return out;
}

const ptp = (x: Float64Array): number => {
  let lo = Infinity, hi = -Infinity;
  for (const v of x) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return hi - lo;
};

/** NumPy's bin-width estimators (`_hist_bin_*`); 0 means "one bin". */
const ESTIMATORS: Record<string, (x: Float64Array, arr: NDArray, range: Range) => number> = {
  sqrt: (x) => ptp(x) / Math.sqrt(x.length),
  sturges: (x) => ptp(x) / (Math.log2(x.length) + 1.0),
  rice: (x) => ptp(x) / (2.0 * x.length ** (1.0 / 3)),
  scott: (x, arr) => (24.0 * Math.PI ** 0.5 / x.length) ** (1.0 / 3.0) * Number(std(arr).item()),
  stone: (x, _arr, range) => {
    const n = x.length, p = ptp(x);
    if (n <= 1 || p === 0) return 0;
    const upper = Math.max(100, Math.trunc(Math.sqrt(n)));
    let best = 1, bestJ = Infinity;
    for (let nb = 1; nb <= upper; nb++) {
      const counts = uniformCounts(x, null, uniformBins(range[0], range[1], linspaceEdges(range[0], range[1], nb, false), false));
      let dot = 0;
      for (const c of counts) dot += (c / n) * (c / n);
      const j = (2 - (n + 1) * dot) / (p / nb);
      if (j < bestJ) { bestJ = j; best = nb; }
    }
    return p / best;
  },
  doane: (x, arr) => {
    const n = x.length;
    if (n > 2) {
      const sg1 = Math.sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
      const sigma = Number(std(arr).item());
      if (sigma > 0.0) {
        const m = Number(mean(arr).item());
        const t = asarray(x.map((v) => ((v - m) / sigma) ** 3));
        const g1 = Number(mean(t).item());
        return ptp(x) / (1.0 + Math.log2(n) + Math.log2(1.0 + Math.abs(g1) / sg1));
      }
    }
    return 0.0;
  },
  fd: (_x, arr) => fd(arr),
  auto: (x, arr) => {
    const f = fd(arr), s = ESTIMATORS.sturges(x, arr, [0, 0]);
    return f ? Math.min(f, s) : s;
  },
};

function fd(arr: NDArray): number {
  const [q75, q25] = (percentile(arr, [75, 25]).tolist() as number[]);
  return 2.0 * (q75 - q25) * arr.size ** (-1.0 / 3.0);
}

interface Edges {
  edges: Float64Array | Float32Array | NDArray;
  /** Set for equal-width bins: NumPy's fast path. */
  uniform: { first: number; last: number; n: number } | null;
}

function isBinsArray(bins: unknown): boolean {
  return bins instanceof NDArray ? bins.ndim >= 1 : Array.isArray(bins) || ArrayBuffer.isView(bins);
}

/** NumPy's `_get_bin_edges`. `x`: the flattened data as doubles; `a`: the flattened array. */
function binEdges(x: Float64Array, a: NDArray, bins: BinsSpec, range: Range | null | undefined, weighted: boolean): Edges {
  const f32 = a.dtype.id === "float32";
  let n: number;
  let first: number, last: number;
  if (typeof bins === "string") {
    if (!(bins in ESTIMATORS)) throw new ValueError(M.estimator(bins));
    if (weighted) throw new TypeError(M.weightedEstimator);
    [first, last] = outerEdges(x, range, f32);
    let data = x, arr = a;
    if (rangeOf(range)) {
      data = x.filter((v) => v >= first && v <= last);
      arr = asarray(data);
    }
    if (data.length === 0) n = 1;
    else {
      const width = ESTIMATORS[bins](data, arr, [first, last]);
      n = width ? Math.ceil((last - first) / width) : 1;
    }
  } else if (!isBinsArray(bins)) {
    const b = bins instanceof NDArray ? bins.item() : bins;
    if (typeof b !== "number" && typeof b !== "bigint") throw new TypeError(M.binsType);
    if (typeof b === "number" && !Number.isInteger(b)) throw new TypeError(M.binsType);
    n = Number(b);
    if (n < 1) throw new ValueError(M.binsPositive);
    [first, last] = outerEdges(x, range, f32);
  } else {
    const e = asarray(bins);
    if (e.ndim !== 1) throw new ValueError(M.bins1d);
    const v = valuesOf(e);
    for (let i = 0; i + 1 < v.length; i++) if (v[i] > v[i + 1]) throw new ValueError(M.binsMonotonic);
    return { edges: e, uniform: null };
  }
  return { edges: linspaceEdges(first, last, n, f32), uniform: { first, last, n } };
}

// ---- counting -------------------------------------------------------------------------------

const BLOCK = 65536;

/**
 * The uniform-bin counts (NumPy's fast path): each value in range goes to its bin (binOf);
 * weights summed per block of 65536 in doubles (as bincount does), then added.
 */
function uniformCounts(x: Float64Array, w: Float64Array | null, bins: UniformBins): Float64Array {
  const n = bins.edges.length - 1;
  const out = new Float64Array(n);
  const block = w ? new Float64Array(n) : null;
  for (let i = 0; i < x.length; i++) {
    const k = binOf(bins, x[i]);
    if (k >= 0) {
      if (block) block[k] += w![i];
      else out[k]++;
    }
    if (block && ((i + 1) % BLOCK === 0 || i + 1 === x.length)) {
      for (let j = 0; j < n; j++) { out[j] += block[j]; block[j] = 0; }
    }
  }
  return out;
}

/**
 * The counts for arbitrary increasing edges (NumPy's other path): per block of 65536, the
 * cumulative weights of the sorted values at each edge (the last edge inclusive), summed;
 * the counts are their differences.
 */
function sortedCounts(x: Float64Array, w: Float64Array | null, edges: Float64Array): Float64Array {
  const m = edges.length, cum = new Float64Array(m);
  if (!w) return searchedCounts(x, edges);
  for (let s = 0; s < x.length; s += BLOCK) {
    const e = Math.min(x.length, s + BLOCK);
    const idx = Array.from({ length: e - s }, (_, i) => s + i).sort((i, j) => (lt(x[i], x[j]) ? -1 : lt(x[j], x[i]) ? 1 : i - j));
    const sa = idx.map((i) => x[i]);
    let cw: Float64Array | null = null;
    if (w) {
      cw = new Float64Array(sa.length + 1);
      for (let i = 0; i < sa.length; i++) cw[i + 1] = cw[i] + w[idx[i]];
    }
    for (let j = 0; j < m; j++) {
      const k = search(sa, edges[j], j === m - 1);
      cum[j] += cw ? cw[k] : k;
    }
  }
  const out = new Float64Array(Math.max(0, m - 1));
  for (let j = 0; j + 1 < m; j++) out[j] = cum[j + 1] - cum[j];
  return out;
}

/**
 * Unweighted counts for arbitrary edges by a binary search per value: the same integers as
 * NumPy's cumulative counts (a value equal to the last edge goes to the last bin).
 */
function searchedCounts(x: Float64Array, edges: Float64Array): Float64Array {
  const m = edges.length, out = new Float64Array(Math.max(0, m - 1)), lastEdge = edges[m - 1];
  for (let i = 0; i < x.length; i++) {
    const v = x[i], k = search(edges, v, true);
    if (k > 0 && k < m) out[k - 1]++;
    else if (k === m && v === lastEdge && m > 1) {
      // the last bin holds the values equal to the last edge (after any repeats of it)
      out[m - 2]++;
    }
  }
  return out;
}

/** Writes doubles into an output of dtype `d` (weights' dtype, or intp counts). */
function store(vals: Float64Array, out: Elements, d: DType): void {
  if (d.isBig) { const o = out as BigInt64Array; vals.forEach((v, i) => { o[i] = BigInt(Math.trunc(v)); }); }
  else if (d.kind === "b") vals.forEach((v, i) => { (out as Uint8Array)[i] = v !== 0 ? 1 : 0; }); // NumPy's bool `+=` ORs
  else (out as Float64Array).set(vals);
}

/** The histogram counts of `a` (and `weights`) as a lazy opaque node. */
function countsNode(a: NDArray, weights: NDArray | null, e: Edges, outDtype: DType, f32: boolean): NDArray {
  const edgesArr = e.edges instanceof NDArray ? e.edges : null;
  const fixed = e.edges instanceof NDArray ? null : e.edges;
  const nb = (edgesArr ? edgesArr.size : fixed!.length) - 1;
  const bins = e.uniform ? uniformBins(e.uniform.first, e.uniform.last, fixed!, f32) : null;
  if (bins && !weights && a.size > HIST_CHUNK) {
    // large unweighted: per-chunk counts on the pool, summed over the chunks
    const units = Math.ceil(a.size / HIST_CHUNK), shape = [units, nb], params: CountParams = { bins, n: a.size };
    const table = lazy({
      kind: "opaque", id: newNodeId(), name: "histogram counts", dtype: intp.id, shape, inputs: [a._node],
      blocks: { fn: "histogram", units, params, cost: HIST_CHUNK * 4 },
      run: ([b], out) => uniformCountBlocks([b.storage.elementsAs(b.dtype), out.elementsAs(intp.id)], [b], params as never, 0, units),
    }, intp);
    return sum(table, 0, { dtype: outDtype });
  }
  const inputs = [a._node, ...(weights ? [weights._node] : []), ...(edgesArr ? [edgesArr._node] : [])];
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "histogram", dtype: outDtype.id, shape: [nb], inputs,
    run: (bufs, out) => {
      const x = doublesOf(bufs[0]), w = weights ? doublesOf(bufs[1]) : null;
      const counts = e.uniform
        ? uniformCounts(x, w, bins!)
        : sortedCounts(x, w, doublesOf(bufs[bufs.length - 1]));
      store(counts, out.elementsAs(outDtype.id), outDtype);
    },
  };
  return lazy(node, outDtype);
}

// ---- the public functions ---------------------------------------------------------------------

export interface HistogramOptions {
  /** A bin count, increasing edges, or an estimator's name (default 10). */
  bins?: BinsSpec;
  /** The lower and upper edges (default: the data's minimum and maximum). */
  range?: Range | null;
  /** Return the probability density (counts / total / bin width). */
  density?: boolean | null;
  /** A weight per element of `a` (summed instead of counted). */
  weights?: unknown;
}

const HIST_ARGS = ["bins", "range", "density", "weights"] as const;

function histArgs(args: readonly unknown[]): HistogramOptions {
  const list = [...args];
  const o: Record<string, unknown> = list.length && isOptions(list[list.length - 1]) ? { ...(list.pop() as object) } : {};
  list.forEach((v, i) => { if (v !== undefined && !(HIST_ARGS[i] in o)) o[HIST_ARGS[i]] = v; });
  return o as HistogramOptions;
}

/** NumPy's `_ravel_and_check_weights`. */
function flattened(a: unknown, weights: unknown): [NDArray, NDArray | null] {
  const arr = asarray(a);
  if (arr.dtype.kind === "c") throw new TypeError(M.complex);
  let w: NDArray | null = null;
  if (weights !== undefined && weights !== null) {
    w = asarray(weights);
    if (w.shape.length !== arr.shape.length || w.shape.some((s, i) => s !== arr.shape[i])) throw new ValueError(M.weightsShape);
    w = ravel(w);
  }
  return [ravel(arr), w];
}

const edgesArray = (e: Edges): NDArray => (e.edges instanceof NDArray ? e.edges : asarray(e.edges));

/** `np.histogramBinEdges(a, { bins, range, weights })`. Example: `np.histogramBinEdges([1, 2, 3], { bins: 2 })` → [1, 2, 3]. */
export function histogramBinEdges(a: unknown, ...args: unknown[]): NDArray {
  const o = histArgs(args);
  const [x, w] = flattened(a, o.weights);
  return edgesArray(binEdges(valuesOf(x), x, o.bins ?? 10, o.range, w !== null));
}

/**
 * `np.histogram(a, { bins, range, density, weights })`: [hist, binEdges].
 * Example: `np.histogram([1, 2, 1], { bins: 2 })` → [[2, 1], [1, 1.5, 2]].
 */
export function histogram(a: unknown, ...args: unknown[]): [NDArray, NDArray] {
  const o = histArgs(args);
  const [x, w] = flattened(a, o.weights);
  const bins = o.bins ?? 10;
  // the data are read now only when they decide the edges
  const needData = typeof bins === "string" || (!isBinsArray(bins) && !o.range);
  const e = binEdges(needData ? valuesOf(x) : new Float64Array(0), x, bins, o.range, w !== null);
  const f32 = x.dtype.id === "float32";
  const ntype = w ? w.dtype : intp;
  // NumPy's cumulative path adds the int64 cumsum of bool weights into a bool accumulator
  if (w && w.dtype.kind === "b" && !e.uniform) throw new TypeError(M.boolWeights);
  let n: NDArray;
  if (w && w.dtype.kind === "c") {
    // NumPy sums the real and imaginary weights apart
    const part = w.dtype.id === "complex64" ? dt("float32") : float64;
    const re = countsNode(x, real(w), e, part, f32), im = countsNode(x, imag(w), e, part, f32);
    n = add(re, multiply(im, { re: 0, im: 1 }));
  } else n = countsNode(x, w, e, ntype, f32);
  const edges = edgesArray(e);
  if (o.density) {
    const ev = e.edges instanceof NDArray ? valuesOf(e.edges) : e.edges;
    const db = new Float64Array(Math.max(0, ev.length - 1)).map((_, i) => ev[i + 1] - ev[i]);
    return [divide(divide(n, asarray(db)), sum(n)), edges];
  }
  return [n, edges];
}

export interface HistogramddOptions {
  /** Per dimension (or for all): a bin count or increasing edges (default 10). */
  bins?: number | readonly (number | ArrayLike<number> | NDArray)[] | NDArray;
  range?: readonly (Range | null)[] | null;
  density?: boolean | null;
  weights?: unknown;
}

/** `np.histogramdd(sample, { bins, range, density, weights })`: [hist, edges[]]. Example: `np.histogramdd([[0, 0], [1, 1]], { bins: 2 })`. */
export function histogramdd(sample: unknown, ...args: unknown[]): [NDArray, NDArray[]] {
  const o = histArgs(args) as HistogramddOptions;
  // NumPy: an (N, D) array as it is; anything else through atleast_2d(sample).T
  let s = asarray(sample);
  if (!(sample instanceof NDArray && s.ndim === 2)) {
    if (s.ndim < 2) s = reshape(s, [1, -1]);
    s = s.T;
  }
  if (s.ndim !== 2) throw new ValueError(M.tooDeep);
  const [N, D] = s.shape;
  const vals = valuesOf(s);
  const col = (i: number) => Float64Array.from({ length: N }, (_, r) => vals[r * D + i]);
  const bins = o.bins ?? 10;
  let perDim: unknown[];
  if (typeof bins === "number" || (bins instanceof NDArray && bins.ndim === 0)) perDim = new Array(D).fill(bins);
  else {
    perDim = bins instanceof NDArray ? Array.from({ length: bins.shape[0] }, (_, i) => bins.get(i)) : [...bins];
    if (perDim.length !== D) throw new ValueError(M.binsDim);
  }
  const given = o.range instanceof NDArray ? (o.range.tolist() as Range[]) : o.range;
  const range = given ?? new Array<null>(D).fill(null);
  if (range.length !== D) throw new ValueError(M.rangeDim);
  let w: NDArray | null = null;
  if (o.weights !== undefined && o.weights !== null) w = asarray(o.weights);
  const edges: NDArray[] = [], ev: Float64Array[] = [], cols: Float64Array[] = [];
  for (let i = 0; i < D; i++) {
    const b = perDim[i] instanceof NDArray && (perDim[i] as NDArray).ndim === 0 ? (perDim[i] as NDArray).item() : perDim[i];
    cols.push(col(i));
    if (typeof b === "number" || typeof b === "bigint") {
      if (Number(b) < 1) throw new ValueError(M.binsDimPositive(i));
      const [lo, hi] = outerEdges(cols[i], range[i], false);
      if (!Number.isInteger(Number(b))) throw new TypeError(M.binsDimInteger(i));
      const e = linspaceEdges(lo, hi, Number(b), false) as Float64Array;
      edges.push(asarray(e)); ev.push(e);
    } else {
      const e = asarray(b);
      if (e.ndim !== 1) throw new ValueError(M.binsDimArray(i));
      const v = valuesOf(e);
      for (let k = 0; k + 1 < v.length; k++) if (v[k] > v[k + 1]) throw new ValueError(M.binsDimMonotonic(i));
      edges.push(e); ev.push(v);
    }
  }
  const nbin = ev.map((e) => e.length + 1);
  const wv = w ? valuesOf(w) : null;
  if (wv && wv.length !== N) throw new ValueError(M.bincountWeights);
  // bincount over the raveled bin index (outliers in the first and last bins of each dimension)
  const total = nbin.reduce((p, q) => p * q, 1);
  const full = new Float64Array(total);
  for (let r = 0; r < N; r++) {
    let flat = 0;
    for (let i = 0; i < D; i++) {
      const v = cols[i][r], e = ev[i];
      let k = search(e, v, true);
      if (v === e[e.length - 1]) k--;
      flat = flat * nbin[i] + k;
    }
    full[flat] += wv ? wv[r] : 1;
  }
  const core = nbin.map((b) => b - 2);
  const hist = new Float64Array(sizeOf(core));
  const idx = new Array<number>(D).fill(0);
  for (let j = 0; j < hist.length; j++) {
    let flat = 0;
    for (let i = 0; i < D; i++) flat = flat * nbin[i] + idx[i] + 1;
    hist[j] = full[flat];
    for (let i = D - 1; i >= 0; i--) { if (++idx[i] < core[i]) break; idx[i] = 0; }
  }
  if (o.density) {
    // NumPy divides by each dimension's widths in turn, then by the (pairwise) sum
    const sumArr = Number(sum(asarray(hist.slice())).item());
    const cidx = new Array<number>(D).fill(0);
    for (let j = 0; j < hist.length; j++) {
      let v = hist[j];
      for (let i = 0; i < D; i++) v = v / (ev[i][cidx[i] + 1] - ev[i][cidx[i]]);
      hist[j] = v / sumArr;
      for (let i = D - 1; i >= 0; i--) { if (++cidx[i] < core[i]) break; cidx[i] = 0; }
    }
  }
  return [reshape(asarray(hist), core), edges];
}

/** `np.histogram2d(x, y, { bins, range, density, weights })`: [H, xedges, yedges]. Example: `np.histogram2d([0, 1], [0, 1], { bins: 2 })`. */
export function histogram2d(x: unknown, y: unknown, ...args: unknown[]): [NDArray, NDArray, NDArray] {
  const o = histArgs(args) as HistogramddOptions;
  let bins = o.bins ?? 10;
  const len = typeof bins === "number" ? 1 : bins instanceof NDArray ? (bins.ndim === 0 ? 1 : bins.shape[0]) : bins.length;
  if (len !== 1 && len !== 2) {
    const e = asarray(bins);
    bins = [e, e];
  }
  const xv = valuesOf(asarray(x)), yv = valuesOf(asarray(y));
  if (xv.length !== yv.length) throw new ValueError(M.bincountWeights);
  const sv = new Float64Array(2 * xv.length);
  for (let i = 0; i < xv.length; i++) { sv[2 * i] = xv[i]; sv[2 * i + 1] = yv[i]; }
  const sample = reshape(asarray(sv), [xv.length, 2]);
  const [h, edges] = histogramdd(sample, { ...o, bins });
  return [h, edges[0], edges[1]];
}

/** NumPy's `_monotonicity`: 1 increasing (or constant), -1 decreasing, 0 neither (or NaN). */
function monotonicity(b: Float64Array): number {
  let i = 1;
  while (i < b.length && b[i] === b[0]) i++;
  if (i >= b.length) return 1;
  // NumPy's check: anything not increasing at the first change (NaN included) is tried as decreasing
  const up = b[0] < b[i];
  for (i++; i < b.length; i++) if (up ? b[i - 1] > b[i] : b[i - 1] < b[i]) return 0;
  return up ? 1 : -1;
}

/** `np.digitize(x, bins, { right })`: the bin index of each x. Example: `np.digitize([0.5, 1.5], [0, 1, 2])` → [1, 2]. */
export function digitize(x: unknown, bins: unknown, right: boolean | { right?: boolean } = false): NDArray {
  const r = typeof right === "object" ? !!right.right : !!right;
  const xa = asarray(x), ba = asarray(bins);
  if (xa.dtype.kind === "c") throw new TypeError(M.digitizeComplex);
  if (ba.ndim === 0) throw new ValueError(M.tooShallow);
  if (ba.ndim > 1) throw new ValueError(M.tooDeep);
  const b = valuesOf(ba).slice(); // a copy: the node must not see later writes to bins
  const mono = monotonicity(b);
  if (mono === 0) throw new ValueError(M.digitizeMonotonic);
  const descending = mono === -1;
  const sorted = descending ? b.slice().reverse() : b;
  const side = !r; // searchsorted side "right" unless right=True
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "digitize", dtype: "int32", shape: xa.shape, inputs: [xa._node],
    run: ([xb], out) => {
      const xv = doublesOf(xb), o = out.elementsAs("int32") as Int32Array;
      for (let i = 0; i < xv.length; i++) {
        const k = search(sorted, xv[i], side);
        o[i] = descending ? b.length - k : k;
      }
    },
  };
  return xa.size === 0 ? asarray(new Int32Array(0)).reshape(xa.shape) : lazy(node, intp);
}

function counts(v: Int32Array, o: Int32Array): void {
  o.fill(0);
  for (let i = 0; i < v.length; i++) o[v[i]]++;
}

function weightedCounts(v: Int32Array, w: Float64Array, o: Float64Array): void {
  o.fill(0);
  for (let i = 0; i < v.length; i++) o[v[i]] += w[i];
}

/** `np.bincount(x, { weights, minlength })`: occurrences of each value 0..max(x). Example: `np.bincount([0, 1, 1])` → [1, 2]. */
export function bincount(x: unknown, ...args: unknown[]): NDArray {
  const list = [...args];
  const o: { weights?: unknown; minlength?: number } = list.length && isOptions(list[list.length - 1]) ? { ...(list.pop() as object) } : {};
  if (list[0] !== undefined && o.weights === undefined) o.weights = list[0];
  if (list[1] !== undefined && o.minlength === undefined) o.minlength = list[1] as number;
  const xa = asarray(x);
  const minlength = o.minlength ?? 0;
  if (xa.ndim === 0) throw new ValueError(M.tooShallow);
  if (xa.ndim > 1) throw new ValueError(M.tooDeep);
  if (xa.dtype.kind === "f" || xa.dtype.kind === "c" || xa.dtype.id === "uint64")
    throw new TypeError(M.castSafe(xa.dtype.id));
  if (minlength < 0) throw new ValueError(M.minlength);
  // the values decide the length: read (and kept) now, as int32 indexes
  const b = xa._buffer();
  const v = b.dtype === "int32" && isCContiguous(b)
    ? (b.storage.elementsAs("int32") as Int32Array).slice(b.offset, b.offset + xa.size)
    : Int32Array.from(valuesOf(xa), (k) => (k < 0 ? -1 : k > 2147483646 ? 2147483646 : k));
  let max = -1, min = 0;
  for (let i = 0; i < v.length; i++) { const k = v[i]; if (k > max) max = k; if (k < min) min = k; }
  if (min < 0) throw new ValueError(M.negative);
  const len = Math.max(max + 1, minlength);
  let w: NDArray | null = null;
  if (o.weights !== undefined && o.weights !== null) {
    w = asarray(o.weights, { dtype: float64 });
    if (w.size !== xa.size || w.ndim !== 1) throw new ValueError(w.ndim !== 1 ? M.tooDeep : M.bincountWeights);
  }
  const d = w ? float64 : intp;
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "bincount", dtype: d.id, shape: [len], inputs: w ? [w._node] : [],
    run: (bufs, out) => {
      if (w) weightedCounts(v, doublesOf(bufs[0]), out.elementsAs("float64") as Float64Array);
      else counts(v, out.elementsAs("int32") as Int32Array);
    },
  };
  return len === 0 ? asarray(new (w ? Float64Array : Int32Array)(0)) : lazy(node, d);
}

