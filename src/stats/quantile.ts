// The median and quantile kernels: opaque nodes that copy each row of the reduced axes
// into a scratch array, select the order statistics they need (introselect, or a sort
// for many), and combine them exactly as NumPy 1.24 does (its `_lerp`, its median as
// the mean of the middle values, its NaN rules).

import type { DTypeId, Elements } from "../../runtime/dtypes.js";
import { STORAGE } from "../../runtime/dtypes.js";
import { cStrides, newNodeId, sizeOf, type BufferNode, type OpaqueNode } from "../../compiler/ir.js";
import { ValueError } from "../../runtime/errors.js";
import type { DType } from "../dtype.js";
import type { NDArray } from "../ndarray.js";
import { copyStrided } from "../join.js";
import {
  complexHasNaN, complexMaxIndex, dropComplexNaN, dropNaN, hasNaN, selectRanks, sortComplex, type RealRow,
} from "./select.js";

// ---- where each quantile reads the sorted row ---------------------------------------------

/** NumPy's quantile methods (H&F 1-9 and the four older ones). */
export const METHODS = [
  "inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
  "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest",
] as const;
export type Method = (typeof METHODS)[number];

/** Methods whose virtual index is always an integer: the result is taken, not interpolated. */
const DISCRETE = new Set<Method>(["inverted_cdf", "closest_observation", "lower", "higher", "nearest"]);
/** Methods whose virtual index is an integer when q is (NumPy then takes too). */
const INTEGRAL_FOR_INT_Q = new Set<Method>(["linear", "weibull", "interpolated_inverted_cdf", "averaged_inverted_cdf"]);

/** True when NumPy takes elements instead of interpolating (the result keeps the input dtype). */
export const takes = (method: Method, intQ: boolean): boolean => DISCRETE.has(method) || (intQ && INTEGRAL_FOR_INT_Q.has(method));

type Round = (x: number) => number;

/** NumPy's `_compute_virtual_index`: n*q + (alpha + q*(1 - alpha - beta)) - 1. */
const virtualIndex = (n: number, q: number, alpha: number, beta: number, R: Round) =>
  R(R(R(n * q) + R(alpha + R(q * (1 - alpha - beta)))) - 1);

/** NumPy's `_discret_interpolation_to_boundaries`: floor or floor + 1 of `index`, at least 0. */
function boundary(index: number, usePrevious: (gamma: number, index: number) => boolean, R: Round): number {
  const previous = Math.floor(index);
  const res = usePrevious(R(index - previous), index) ? previous : previous + 1;
  return res < 0 ? 0 : res;
}

/** Python's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Each method's virtual index of quantile q in a row of n (arithmetic in q's float type). */
const VIRTUAL: Record<Method, (n: number, q: number, R: Round) => number> = {
  inverted_cdf: (n, q, R) => boundary(R(R(n * q) - 1), (g) => g === 0, R),
  averaged_inverted_cdf: (n, q, R) => R(R(n * q) - 1),
  closest_observation: (n, q, R) => boundary(R(R(R(n * q) - 1) - 0.5), (g, i) => g === 0 && Math.floor(i) % 2 === 0, R),
  interpolated_inverted_cdf: (n, q, R) => virtualIndex(n, q, 0, 1, R),
  hazen: (n, q, R) => virtualIndex(n, q, 0.5, 0.5, R),
  weibull: (n, q, R) => virtualIndex(n, q, 0, 0, R),
  // NumPy computes (n - 1) * q here rather than the equivalent virtual-index formula
  linear: (n, q, R) => R((n - 1) * q),
  median_unbiased: (n, q, R) => virtualIndex(n, q, 1 / 3, 1 / 3, R),
  normal_unbiased: (n, q, R) => virtualIndex(n, q, 3 / 8, 3 / 8, R),
  lower: (n, q, R) => Math.floor(R((n - 1) * q)),
  higher: (n, q, R) => Math.ceil(R((n - 1) * q)),
  midpoint: (n, q, R) => { const x = R((n - 1) * q); return R(0.5 * R(Math.floor(x) + Math.ceil(x))); },
  nearest: (n, q, R) => roundHalfEven(R((n - 1) * q)),
};

/** The virtual index of quantile q in a row of n, in q's float type. */
export const virtualIndexOf = (s: QuantileSpec, n: number, q: number): number => VIRTUAL[s.method](n, q, s.f32 ? Math.fround : (x) => x);

/** Each method's correction of the interpolation weight (NumPy's `fix_gamma`). */
const fixGamma = (method: Method, gamma: number, index: number): number =>
  method === "averaged_inverted_cdf" ? (gamma === 0 ? 0.5 : 1)
    : method === "midpoint" ? (index % 1 === 0 ? 0 : 0.5)
    : gamma;

/** For each quantile: the ranks it reads (`lo`, `hi`) and the weight of `hi` (`t`); `take` reads `lo` only. */
export interface QuantilePlan {
  take: boolean;
  lo: Int32Array;
  hi: Int32Array;
  t: Float64Array;
  /** The ranks to select, ascending and distinct. */
  ranks: number[];
}

export interface QuantileSpec {
  /** The quantiles, as fractions (percentiles already divided by 100). */
  qs: readonly number[];
  method: Method;
  /** q is an integer or boolean array: some methods then take instead of interpolate. */
  intQ: boolean;
  /** q is a float32 array: NumPy computes the virtual indexes in float32. */
  f32: boolean;
}

/**
 * Where each quantile reads a sorted row of n > 0 elements (NumPy's `_quantile` and
 * `_get_indexes`). A taken rank out of range is NumPy's partition error.
 */
export function planQuantiles(n: number, s: QuantileSpec): QuantilePlan {
  const k = s.qs.length, take = takes(s.method, s.intQ);
  const lo = new Int32Array(k), hi = new Int32Array(k), t = new Float64Array(k);
  s.qs.forEach((q, j) => {
    const vi = virtualIndexOf(s, n, q);
    if (take) {
      if (vi < -n || vi >= n) throw new ValueError(`kth(=${vi}) out of bounds (${n})`);
      lo[j] = hi[j] = vi < 0 ? vi + n : vi;
      return;
    }
    let prev = Math.floor(vi), next = prev + 1;
    if (vi >= n - 1) prev = next = -1; // past the end: the largest element
    if (vi < 0) prev = next = 0; // before the start: the smallest
    t[j] = fixGamma(s.method, vi - prev, vi);
    lo[j] = prev < 0 ? prev + n : prev;
    hi[j] = next < 0 ? next + n : next;
  });
  const ranks = [...new Set([...lo, ...hi])].sort((x, y) => x - y);
  return { take, lo, hi, t, ranks };
}

// ---- combining order statistics as NumPy does -------------------------------------------------

/** b - a in the input dtype (integers wrap, float32 rounds), as a double. */
function differenceIn(d: DTypeId): (a: number, b: number) => number {
  switch (d) {
    case "float32": return (a, b) => Math.fround(b - a);
    case "int8": return (a, b) => ((b - a) << 24) >> 24;
    case "int16": return (a, b) => ((b - a) << 16) >> 16;
    case "int32": return (a, b) => (b - a) | 0;
    default: return (a, b) => b - a; // float64; unsigned differences of sorted values never wrap
  }
}

/** NumPy's `_lerp(a, b, t)`: a + (b-a)*t, or b - (b-a)*(1-t) where t >= 0.5, with b-a in the input dtype. */
const lerp = (a: number, b: number, diff: number, t: number): number => (t >= 0.5 ? b - diff * (1 - t) : a + diff * t);

/** b - a of 64-bit integers, wrapped as NumPy's int64 subtraction wraps, as a double. */
const bigDifference = (a: bigint, b: bigint, signed: boolean): number => Number(signed ? BigInt.asIntN(64, b - a) : b - a);

/** NumPy's complex division by a real count c (Smith's algorithm with a zero imaginary part). */
function divideComplex(re: number, im: number, c: number, R: Round): [number, number] {
  const scl = R(1 / c);
  return [R(R(re + R(im * 0)) * scl), R(R(im - R(re * 0)) * scl)];
}

/** The complex `_lerp`: the difference in the input precision, the products as complex128 times (t + 0j). */
function complexLerp(ar: number, ai: number, br: number, bi: number, t: number, R: Round, out: Elements, at: number): void {
  const dr = R(br - ar), di = R(bi - ai), o = out as Float64Array;
  if (t >= 0.5) {
    const s = 1 - t;
    o[2 * at] = br - (dr * s - di * 0);
    o[2 * at + 1] = bi - (dr * 0 + di * s);
  } else {
    o[2 * at] = ar + (dr * t - di * 0);
    o[2 * at + 1] = ai + (dr * 0 + di * t);
  }
}

// ---- the row kernel -----------------------------------------------------------------------------

/** One row's work: the row's n values are in `row`; result j goes to out[j * stride + at]. */
type RowFn = (row: Float64Array | RealRow, n: number, out: Elements, at: number, stride: number) => void;

/** A scratch row for n elements of dtype d: float64 for reals, bigints for 64-bit ints, pairs for complex. */
function scratchFor(d: DTypeId, n: number): Float64Array | RealRow {
  if (d === "int64") return new BigInt64Array(n);
  if (d === "uint64") return new BigUint64Array(n);
  return new Float64Array(STORAGE[d].lanes * n);
}

/**
 * The opaque node applying `fn` to every row of `a` along `axes` (sorted): its output is
 * C-contiguous of shape [...lead, ...kept shape] (`lead`: the per-row result shape).
 */
function rowsNode(name: string, a: NDArray, axes: readonly number[], lead: readonly number[], outDtype: DType, fn: RowFn): OpaqueNode {
  const kept = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keptShape = kept.map((i) => a.shape[i]), redShape = axes.map((i) => a.shape[i]);
  const shape = [...lead, ...keptShape];
  const rows = sizeOf(keptShape), n = sizeOf(redShape), d = a.dtype.id, lanes = STORAGE[d].lanes;
  return {
    kind: "opaque", id: newNodeId(), name, dtype: outDtype.id, shape, inputs: [a._node],
    run: ([b]: readonly BufferNode[], out) => {
      if (sizeOf(shape) === 0) return;
      const src = b.storage.elementsAs(d), dst = out.elementsAs(outDtype.id);
      const row = scratchFor(d, n), rowStrides = cStrides(redShape);
      const keptStrides = kept.map((i) => b.strides[i]), redStrides = axes.map((i) => b.strides[i]);
      const idx = new Array<number>(kept.length).fill(0);
      let base = b.offset;
      for (let r = 0; r < rows; r++) {
        copyStrided(redShape, src, base, redStrides, row as Elements, 0, rowStrides, lanes);
        fn(row, n, dst, r, rows);
        for (let k = kept.length - 1; k >= 0; k--) {
          idx[k]++; base += keptStrides[k];
          if (idx[k] < keptShape[k]) break;
          base -= keptStrides[k] * keptShape[k]; idx[k] = 0;
        }
      }
    },
  };
}

export interface MedianOptions {
  /** Ignore NaNs (nanmedian). */
  nan: boolean;
  /** nanmedian's masked-array path: an odd count's middle value is (x + x) / 2 (which overflows near the float maximum, as NumPy's). */
  doubled: boolean;
}

/** The median node of `a` over `axes` (result dtype `outDtype`, C-contiguous over the kept axes). */
export function medianNode(a: NDArray, axes: readonly number[], outDtype: DType, o: MedianOptions): OpaqueNode {
  const d = a.dtype;
  const R: Round = outDtype.id === "float32" || outDtype.id === "complex64" ? Math.fround : (x) => x;
  const float = d.kind === "f";
  let fn: RowFn;
  if (d.kind === "c") {
    fn = (row, n, out, at) => {
      const v = row as Float64Array, o2 = out as Float64Array;
      let m = n;
      if (o.nan) m = dropComplexNaN(v, n);
      else if (complexHasNaN(v, n)) {
        // NumPy returns the element a sort puts last
        const i = complexMaxIndex(v, n);
        o2[2 * at] = v[2 * i]; o2[2 * at + 1] = v[2 * i + 1];
        return;
      }
      if (m === 0) { o2[2 * at] = NaN; o2[2 * at + 1] = o.nan ? 0 : NaN; return; }
      sortComplex(v, m);
      const h = m >> 1;
      const [lr, li, hr, hi] = m % 2 ? [v[2 * h], v[2 * h + 1], v[2 * h], v[2 * h + 1]] : [v[2 * h - 2], v[2 * h - 1], v[2 * h], v[2 * h + 1]];
      const [re, im] = m % 2 && !o.doubled ? divideComplex(lr, li, 1, R) : divideComplex(R(lr + hr), R(li + hi), 2, R);
      o2[2 * at] = re; o2[2 * at + 1] = im;
    };
  } else {
    fn = (row, n, out, at) => {
      const o2 = out as Float64Array;
      let m = n;
      if (float && o.nan) m = dropNaN(row as Float64Array, n);
      else if (float && hasNaN(row as Float64Array, n)) { o2[at] = NaN; return; }
      if (m === 0) { o2[at] = NaN; return; }
      const h = m >> 1;
      selectRanks(row as RealRow, m, m % 2 ? [h] : [h - 1, h]);
      const hiV = Number(row[h]);
      if (m % 2) o2[at] = o.doubled ? R(R(hiV + hiV) / 2) : hiV;
      else o2[at] = R(R(Number(row[h - 1]) + hiV) / 2);
    };
  }
  return rowsNode(o.nan ? "nanmedian" : "median", a, axes, [], outDtype, fn);
}

/**
 * The quantile node of `a` over `axes`: result shape [...qShape, ...kept shape]. `plan` is
 * for rows of the full length; the NaN-ignoring form plans each row's NaN-free count.
 */
export function quantileNode(a: NDArray, axes: readonly number[], qShape: readonly number[], spec: QuantileSpec, outDtype: DType, nan: boolean): OpaqueNode {
  const d = a.dtype, k = spec.qs.length;
  const n = axes.reduce((p, i) => p * a.shape[i], 1);
  const plans = new Map<number, QuantilePlan>();
  const planFor = (m: number): QuantilePlan => {
    let p = plans.get(m);
    if (!p) plans.set(m, (p = planQuantiles(m, spec)));
    return p;
  };
  if (n > 0) planFor(n); // NumPy's out-of-range rank error, at the call
  const name = nan ? "nanquantile" : "quantile";
  if (d.kind === "c") {
    const R: Round = d.id === "complex64" ? Math.fround : (x) => x;
    return rowsNode(name, a, axes, qShape, outDtype, (row, n, out, at, stride) => {
      const v = row as Float64Array, o = out as Float64Array;
      let m = n;
      if (nan) m = dropComplexNaN(v, n);
      else if (complexHasNaN(v, n)) m = 0;
      if (m === 0) {
        for (let j = 0; j < k; j++) { o[2 * (j * stride + at)] = NaN; o[2 * (j * stride + at) + 1] = 0; }
        return;
      }
      sortComplex(v, m);
      const p = planFor(m);
      for (let j = 0; j < k; j++) {
        const w = j * stride + at, l = p.lo[j], h = p.hi[j];
        if (p.take) { o[2 * w] = v[2 * l]; o[2 * w + 1] = v[2 * l + 1]; }
        else complexLerp(v[2 * l], v[2 * l + 1], v[2 * h], v[2 * h + 1], p.t[j], R, o, w);
      }
    });
  }
  const float = d.kind === "f";
  if (d.isBig) {
    const signed = d.id === "int64";
    return rowsNode(name, a, axes, qShape, outDtype, (row, n, out, at, stride) => {
      const v = row as BigInt64Array, p = planFor(n);
      selectRanks(v, n, p.ranks);
      for (let j = 0; j < k; j++) {
        const w = j * stride + at, lo = v[p.lo[j]], hi = v[p.hi[j]];
        if (p.take) (out as BigInt64Array)[w] = lo;
        else (out as Float64Array)[w] = lerp(Number(lo), Number(hi), bigDifference(lo, hi, signed), p.t[j]);
      }
    });
  }
  const diff = differenceIn(d.id);
  return rowsNode(name, a, axes, qShape, outDtype, (row, n, out, at, stride) => {
    const v = row as Float64Array, o = out as Float64Array;
    let m = n;
    if (float && nan) m = dropNaN(v, n);
    else if (float && hasNaN(v, n)) m = 0;
    if (m === 0) { for (let j = 0; j < k; j++) o[j * stride + at] = NaN; return; }
    const p = planFor(m);
    selectRanks(v, m, p.ranks);
    for (let j = 0; j < k; j++) {
      const w = j * stride + at, lo = v[p.lo[j]], hi = v[p.hi[j]];
      o[w] = p.take ? lo : lerp(lo, hi, diff(lo, hi), p.t[j]);
    }
  });
}
