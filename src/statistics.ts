// Statistics, as NumPy 1.24 computes them.
//
// Order statistics (median, percentile, quantile and their NaN-ignoring forms) are opaque
// nodes with hand-written selection kernels (src/stats/). average, cov, corrcoef, diff,
// ediff1d and trapz are compositions of views, ufuncs and reductions: they stay lazy and
// fuse with what they read.

import { sizeOf } from "../compiler/ir.js";
import { IndexError, RuntimeError, TypeError, ValueError, ZeroDivisionError } from "../runtime/errors.js";
import { DType, dt, dtype as toDType, promoteTypes, scalarKind, type DTypeLike } from "./dtype.js";
import { normAxis } from "./broadcast.js";
import { NDArray, lazy, viewOf } from "./ndarray.js";
import { array, asarray, flatValues, full } from "./creation.js";
import { basicView, Slice } from "./indexing.js";
import { argsOf, concatenate, intArg, orEmpty } from "./join.js";
import { broadcastTo, expandDims, ravel, reshape, squeeze, swapaxes, transpose } from "./shape.js";
import { all, any, mean, sum } from "./reductions.js";
import { around, clip } from "./methods.js";
import { diag } from "./construct.js";
import {
  add, apply, conjugate, divide, equal, imag, less, lessEqual, multiply, notEqual, real, sqrt, subtract, where,
  writeOut, type ArrayLike,
} from "./ufunc.js";
import { METHODS, medianNode, quantileNode, takes, virtualIndexOf, type Method, type QuantileSpec } from "./stats/quantile.js";


type Axis = number | readonly number[] | null;

const float64 = dt("float64");

/** NumPy's normalize_axis_tuple: sorted axes (all of them for null), AxisError or "repeated axis". */
function reducedAxes(axis: Axis | undefined, ndim: number): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((x) => normAxis(intArg(x), ndim));
  if (new Set(out).size !== out.length) throw new ValueError("repeated axis");
  return out.sort((x, y) => x - y);
}

/** np.mean's result dtype: inexact types keep theirs, everything else is float64. */
const meanDType = (d: DType): DType => (d.kind === "f" || d.kind === "c" ? d : float64);

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * keepdims, then `out`. The reduced axes come back as size 1 among `r`'s trailing axes
 * (the kept ones), after whatever leads (q's axes), as NumPy's `_ureduce` does.
 */
function finish(r: NDArray, a: NDArray, axes: readonly number[], keepdims: boolean | undefined, out: NDArray | null | undefined, name: string): NDArray {
  let res = orEmpty(r);
  if (keepdims) {
    const nk = a.ndim - axes.length, lead = res.shape.slice(0, res.ndim - nk), tail = res.shape.slice(res.ndim - nk);
    let j = 0;
    res = reshape(res, [...lead, ...a.shape.map((_, i) => (axes.includes(i) ? 1 : tail[j++]))]);
  }
  return out ? writeOut(out, res._node, res.dtype, name) : res;
}

// ---- median ---------------------------------------------------------------------------------

export interface MedianOptions {
  axis?: Axis;
  out?: NDArray | null;
  /** Accepted for NumPy's signature; the input is never modified. */
  overwriteInput?: boolean;
  keepdims?: boolean;
}

const MEDIAN_ARGS = ["axis", "out", "overwriteInput", "keepdims"] as const;

function checkNumeric(a: NDArray): void {
  if (a.dtype.kind === "U") throw new TypeError("cannot perform reduce with flexible type");
}

function medianOf(a: NDArray, o: MedianOptions, nan: boolean): NDArray {
  checkNumeric(a);
  const axes = reducedAxes(o.axis, a.ndim);
  const n = axes.reduce((p, i) => p * a.shape[i], 1);
  // nanmedian of an empty array is nanmean's NaN; along an axis of a 2-D (or more) array,
  // NumPy's masked-array path takes an odd count's middle value as (x + x) / 2
  const ignoreNaN = nan && a.size > 0;
  const doubled = ignoreNaN && o.axis !== null && o.axis !== undefined && axes.length < a.ndim && n < 600;
  const node = medianNode(a, axes, meanDType(a.dtype), { nan: ignoreNaN, doubled });
  return finish(lazy(node, meanDType(a.dtype)), a, axes, o.keepdims, o.out, nan ? "nanmedian" : "median");
}

/** `np.median(a, axis?, { keepdims, out })`: the middle value (mean of the two middle ones). Example: `np.median(a, { axis: 0 })`. */
export function median(a: ArrayLike, ...args: (Axis | NDArray | boolean | MedianOptions | undefined)[]): NDArray {
  return medianOf(asarray(a), argsOf(MEDIAN_ARGS, args) as MedianOptions, false);
}

/** `np.nanmedian(a, axis?, { keepdims, out })`: the median ignoring NaNs (NaN for an all-NaN slice). Example: `np.nanmedian(a, 1)`. */
export function nanmedian(a: ArrayLike, ...args: (Axis | NDArray | boolean | MedianOptions | undefined)[]): NDArray {
  return medianOf(asarray(a), argsOf(MEDIAN_ARGS, args) as MedianOptions, true);
}

// ---- percentile and quantile ------------------------------------------------------------------------

export interface QuantileOptions extends MedianOptions {
  method?: Method;
  /** NumPy's deprecated name for `method`. */
  interpolation?: Method;
}

const QUANTILE_ARGS = ["axis", "out", "overwriteInput", "method", "keepdims"] as const;

const BOOL_SUBTRACT = "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.";

function methodOf(o: QuantileOptions): string {
  const method = o.method ?? "linear";
  if (o.interpolation === undefined || o.interpolation === null) return method;
  if (method !== "linear") throw new TypeError("You shall not pass both `method` and `interpolation`!\n(`interpolation` is Deprecated in favor of `method`)");
  return o.interpolation;
}

/** The quantiles as fractions, checked as NumPy's `_quantile_is_valid`. */
function quantilesOf(qArg: unknown, percent: boolean): { q: NDArray; spec: Omit<QuantileSpec, "method"> } {
  const q = asarray(qArg);
  if (q.dtype.kind === "c") throw new TypeError("'<=' not supported between instances of 'float' and 'complex'");
  if (q.dtype.kind === "U") throw new TypeError(`ufunc 'true_divide' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`);
  // a float32 array of quantiles is scaled and indexed in float32, as NumPy's array arithmetic does
  const f32 = q.dtype.id === "float32" && q.ndim >= 1;
  const intQ = !percent && (q.dtype.kind === "b" || q.dtype.isInteger);
  const qs = flatValues(q).map((v) => {
    const x = Number(v);
    return percent ? (f32 ? Math.fround(x / 100) : x / 100) : x;
  });
  if (!qs.every((x) => x >= 0 && x <= 1)) throw new ValueError(percent ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]");
  return { q, spec: { qs, intQ, f32 } };
}

/** NumPy's IndexError when quantiles read rows of length zero (from its partition and take steps). */
function emptyRowError(a: NDArray, spec: QuantileSpec, outSize: number): IndexError {
  const inexact = a.dtype.kind === "f" || a.dtype.kind === "c", take = takes(spec.method, spec.intQ);
  const oob = (i: number) => new IndexError(`index ${i} is out of bounds for axis 0 with size 0`);
  if (take && inexact) return oob(-1);
  if (outSize > 0) return new IndexError("cannot do a non-empty take from an empty axes.");
  if (inexact) return oob(-1);
  const vi = virtualIndexOf(spec, 0, spec.qs[0]);
  return oob(take ? vi : vi < 0 ? 0 : -1);
}

function quantileOf(a: NDArray, qArg: unknown, o: QuantileOptions, nan: boolean, percent: boolean): NDArray {
  const method = methodOf(o);
  checkNumeric(a);
  const { q, spec: partial } = quantilesOf(qArg, percent);
  if (nan && a.size === 0) return medianOf(a, { axis: o.axis, keepdims: o.keepdims, out: o.out }, false); // nanmean's NaN
  const axes = reducedAxes(o.axis, a.ndim);
  if (q.ndim > 2) throw new ValueError("q must be a scalar or 1d");
  if (!(METHODS as readonly string[]).includes(method))
    throw new ValueError(`'${method}' is not a valid method. Use one of: dict_keys([${METHODS.map((m) => `'${m}'`).join(", ")}])`);
  const spec: QuantileSpec = { ...partial, method: method as Method };
  const n = axes.reduce((p, i) => p * a.shape[i], 1);
  const kept = a.shape.filter((_, i) => !axes.includes(i));
  if (!nan && n === 0 && spec.qs.length) throw emptyRowError(a, spec, q.size * sizeOf(kept));
  const take = takes(spec.method, spec.intQ);
  const d = take ? a.dtype : promoteTypes(a.dtype, float64);
  const node = quantileNode(a, axes, q.shape, spec, d, nan);
  if (!take && a.dtype.kind === "b") throw new TypeError(BOOL_SUBTRACT);
  let r = orEmpty(lazy(node, d));
  if (nan && q.ndim >= 2 && axes.length < a.ndim) r = applyAlongAxisOrder(r, q.ndim, axes);
  return finish(r, a, axes, o.keepdims, o.out, nan ? "nanquantile" : "quantile");
}

/**
 * NumPy's NaN-ignoring quantiles of a 2-D q run through apply_along_axis, which puts q's
 * axes where the reduced axis was (last, when several were merged into one) and then
 * moves the one at that position to the front: `r` (q's axes, then the kept ones) is
 * permuted into that order.
 */
function applyAlongAxisOrder(r: NDArray, qd: number, axes: readonly number[]): NDArray {
  const q = [...Array(qd).keys()], k = [...Array(r.ndim - qd).keys()].map((i) => qd + i);
  const perm = axes.length === 1
    ? [q[0], ...k.slice(0, axes[0]), ...q.slice(1), ...k.slice(axes[0])]
    : [q[qd - 1], ...k, ...q.slice(0, -1)];
  return transpose(r, perm);
}

/** `np.percentile(a, q, axis?, { method, keepdims, out })`: q in [0, 100]. Example: `np.percentile(a, [25, 75], { axis: 1 })`. */
export function percentile(a: ArrayLike, q: unknown, ...args: (Axis | NDArray | boolean | string | QuantileOptions | undefined)[]): NDArray {
  return quantileOf(asarray(a), q, argsOf(QUANTILE_ARGS, args) as QuantileOptions, false, true);
}
/** `np.quantile(a, q, axis?, { method, keepdims, out })`: q in [0, 1]. Example: `np.quantile(a, 0.3, { method: "nearest" })`. */
export function quantile(a: ArrayLike, q: unknown, ...args: (Axis | NDArray | boolean | string | QuantileOptions | undefined)[]): NDArray {
  return quantileOf(asarray(a), q, argsOf(QUANTILE_ARGS, args) as QuantileOptions, false, false);
}
/** `np.nanpercentile(a, q, axis?, { method, keepdims, out })`: percentiles ignoring NaNs. Example: `np.nanpercentile(a, 50, 0)`. */
export function nanpercentile(a: ArrayLike, q: unknown, ...args: (Axis | NDArray | boolean | string | QuantileOptions | undefined)[]): NDArray {
  return quantileOf(asarray(a), q, argsOf(QUANTILE_ARGS, args) as QuantileOptions, true, true);
}
/** `np.nanquantile(a, q, axis?, { method, keepdims, out })`: quantiles ignoring NaNs. Example: `np.nanquantile(a, [0.1, 0.9])`. */
export function nanquantile(a: ArrayLike, q: unknown, ...args: (Axis | NDArray | boolean | string | QuantileOptions | undefined)[]): NDArray {
  return quantileOf(asarray(a), q, argsOf(QUANTILE_ARGS, args) as QuantileOptions, true, false);
}

// ---- average --------------------------------------------------------------------------------------

export interface AverageOptions { axis?: Axis; weights?: ArrayLike | null; returned?: boolean; keepdims?: boolean }

const isLowKind = (d: DType) => d.kind === "b" || d.isInteger;

/** np.average's weighted mean and the sum of weights (NumPy's checks and messages). */
function weightedAverage(a: NDArray, o: AverageOptions): [NDArray, NDArray] {
  const axis = o.axis ?? null, keepdims = o.keepdims ?? false;
  if (o.weights === null || o.weights === undefined) {
    const avg = mean(a, { axis, keepdims });
    if (avg.size === 0) throw new ZeroDivisionError("division by zero");
    return [avg, full(avg.shape, a.size / avg.size, { dtype: avg.dtype })];
  }
  let w = asarray(o.weights);
  const d = isLowKind(a.dtype) ? promoteTypes(promoteTypes(a.dtype, w.dtype), float64) : promoteTypes(a.dtype, w.dtype);
  if (!sameShape(a.shape, w.shape)) {
    if (axis === null) throw new TypeError("Axis must be specified when shapes of a and weights differ.");
    if (w.ndim !== 1) throw new TypeError("1D weights expected when shapes of a and weights differ.");
    if (typeof axis !== "number") throw new TypeError("tuple indices must be integers or slices, not tuple");
    const ax = intArg(axis);
    if (ax < -a.ndim || ax >= a.ndim) throw new IndexError("tuple index out of range");
    if (w.shape[0] !== a.shape[ax < 0 ? ax + a.ndim : ax]) throw new ValueError("Length of weights not compatible with specified axis.");
    w = swapaxes(broadcastTo(w, [...Array(a.ndim - 1).fill(1), w.shape[0]]), -1, ax);
  }
  const scl = sum(w, { axis, dtype: d, keepdims });
  if (any(equal(scl, 0)).item()) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  const avg = divide(sum(multiply(a.astype(d), w.astype(d)), { axis, keepdims }), scl);
  return [avg, scl];
}

/**
 * `np.average(a, axis?, weights?, returned?, { keepdims })`: the (weighted) mean; with
 * `returned`, `[average, sumOfWeights]`. Example: `np.average(x, { weights: w })`.
 */
export function average(a: ArrayLike, opts: AverageOptions & { returned: true }): [NDArray, NDArray];
export function average(a: ArrayLike, opts?: AverageOptions & { returned?: false }): NDArray;
export function average(a: ArrayLike, ...args: (Axis | ArrayLike | boolean | AverageOptions | undefined)[]): NDArray | [NDArray, NDArray];
export function average(a: ArrayLike, ...args: (Axis | ArrayLike | boolean | AverageOptions | undefined)[]): NDArray | [NDArray, NDArray] {
  const o = argsOf(["axis", "weights", "returned", "keepdims"], args) as AverageOptions;
  const arr = asarray(a);
  const [avg, scl] = weightedAverage(arr, o);
  if (!o.returned) return avg;
  return [avg, sameShape(scl.shape, avg.shape) ? scl : broadcastTo(scl, avg.shape).copy()];
}

// ---- cov and corrcoef -------------------------------------------------------------------------

export interface CovOptions {
  y?: ArrayLike | null;
  rowvar?: boolean;
  bias?: boolean;
  ddof?: number | null;
  fweights?: ArrayLike | null;
  aweights?: ArrayLike | null;
  dtype?: DTypeLike | null;
}

/** NumPy's array(x, ndmin=2, dtype=d). */
function rows2d(x: NDArray, d: DType): NDArray {
  const c = x.astype(d);
  return x.ndim === 0 ? reshape(c, [1, 1]) : x.ndim === 1 ? reshape(c, [1, x.shape[0]]) : c;
}

/** cov's frequency or analytic weights, checked at the call as NumPy checks them. */
function sampleWeights(x: ArrayLike, kind: "fweights" | "aweights", samples: number): NDArray {
  const w = asarray(x, "float64");
  if (kind === "fweights" && !all(equal(w, around(w))).item()) throw new TypeError("fweights must be integer");
  if (w.ndim > 1) throw new RuntimeError(`cannot handle multidimensional ${kind}`);
  if (w.ndim === 0) throw new IndexError("tuple index out of range");
  if (w.shape[0] !== samples) throw new RuntimeError(`incompatible numbers of samples and ${kind}`);
  if (any(less(w, 0)).item()) throw new ValueError(`${kind} cannot be negative`);
  return w;
}

/** X @ Y.conj().T for 2-D X (p, n) and Y (q, n), as one broadcast multiply and a sum over n. */
function productConj(X: NDArray, Y: NDArray): NDArray {
  const right = Y.dtype.kind === "c" ? conjugate(Y) : Y;
  return sum(multiply(expandDims(X, 1), expandDims(right, 0)), { axis: -1 });
}

function covariance(mArg: ArrayLike, o: CovOptions): NDArray {
  if (o.ddof !== null && o.ddof !== undefined && o.ddof !== Math.trunc(o.ddof)) throw new ValueError("ddof must be integer");
  const m = asarray(mArg);
  if (m.ndim > 2) throw new ValueError("m has more than 2 dimensions");
  const y = o.y === null || o.y === undefined ? null : asarray(o.y);
  if (y && y.ndim > 2) throw new ValueError("y has more than 2 dimensions");
  const d = o.dtype !== null && o.dtype !== undefined ? toDType(o.dtype) : promoteTypes(y ? promoteTypes(m.dtype, y.dtype) : m.dtype, float64);
  const rowvar = o.rowvar ?? true;
  let X = rows2d(m, d);
  if (!rowvar && X.shape[0] !== 1) X = transpose(X);
  if (X.shape[0] === 0) return reshape(array([]), [0, 0]);
  if (y) {
    let Y = rows2d(y, d);
    if (!rowvar && Y.shape[0] !== 1) Y = transpose(Y);
    X = concatenate([X, Y], 0);
  }
  const ddof = o.ddof ?? (o.bias ? 0 : 1);
  const samples = X.shape[1];
  const fw = o.fweights === null || o.fweights === undefined ? null : sampleWeights(o.fweights, "fweights", samples);
  const aw = o.aweights === null || o.aweights === undefined ? null : sampleWeights(o.aweights, "aweights", samples);
  const w = fw && aw ? multiply(fw, aw) : fw ?? aw;
  const [avg, wsum] = weightedAverage(X, { axis: 1, weights: w });
  // the normalization: a JS number without weights, else a 0-d array
  let fact: number | NDArray;
  if (w === null) fact = samples - ddof;
  else {
    const ws = wsum.get(0);
    fact = ddof === 0 ? ws : aw === null ? subtract(ws, ddof) : subtract(ws, divide(multiply(sum(multiply(w, aw)), ddof), ws));
  }
  if (typeof fact === "number") fact = fact <= 0 ? 0 : fact;
  else fact = where(lessEqual(fact, 0), 0, fact);
  // NumPy centres X in place: an integer dtype cannot hold the result
  if (d.kind !== "f" && d.kind !== "c")
    throw new TypeError(`Cannot cast ufunc 'subtract' output from dtype('float64') to dtype('${d}') with casting rule 'same_kind'`);
  const Xc = subtract(X, expandDims(avg, 1));
  const c = productConj(Xc, w === null ? Xc : multiply(Xc, w));
  const scaled = typeof fact === "number" ? multiply(c, 1 / fact) : multiply(c, divide(1, fact).astype(c.dtype));
  return squeeze(scaled);
}

/**
 * `np.cov(m, y?, { rowvar, bias, ddof, fweights, aweights, dtype })`: the covariance matrix
 * (0-d for one variable). Example: `np.cov(x, y)`.
 */
export function cov(m: ArrayLike, ...args: (ArrayLike | boolean | number | CovOptions | undefined)[]): NDArray {
  return covariance(m, argsOf(["y", "rowvar", "bias", "ddof", "fweights", "aweights", "dtype"], args) as CovOptions);
}

export interface CorrcoefOptions { y?: ArrayLike | null; rowvar?: boolean; bias?: unknown; ddof?: unknown; dtype?: DTypeLike | null }

/**
 * `np.corrcoef(x, y?, { rowvar, dtype })`: Pearson correlation coefficients, clipped to
 * [-1, 1] (`bias` and `ddof` are accepted and ignored, as in NumPy). Example: `np.corrcoef(x, y)`.
 */
export function corrcoef(x: ArrayLike, ...args: (ArrayLike | boolean | CorrcoefOptions | undefined)[]): NDArray {
  const o = argsOf(["y", "rowvar", "bias", "ddof", "dtype"], args) as CorrcoefOptions;
  const c = covariance(x, { y: o.y, rowvar: o.rowvar, dtype: o.dtype });
  if (c.ndim === 0) return divide(c, c);
  const sd = sqrt(real(diag(c)));
  const r = divide(divide(c, expandDims(sd, 1)), expandDims(sd, 0));
  if (r.dtype.kind !== "c") return orEmpty(clip(r, -1, 1));
  return orEmpty(apply("make_complex", [clip(real(r), -1, 1), clip(imag(r), -1, 1)]));
}

// ---- differences and integration ---------------------------------------------------------------

/** The view a[start:stop] along `axis`. */
function sliceAxis(a: NDArray, axis: number, start: number | null, stop: number | null): NDArray {
  return viewOf(a, basicView(a.shape, a.shape.map((_, i) => (i === axis ? new Slice(start, stop) : new Slice()))));
}

export interface DiffOptions { n?: number; axis?: number; prepend?: ArrayLike; append?: ArrayLike }

/**
 * `np.diff(a, n = 1, axis = -1, { prepend, append })`: n-th differences along an axis
 * (booleans: `!=`). Example: `np.diff(x, { n: 2 })`.
 */
export function diff(a: ArrayLike, ...args: (number | ArrayLike | DiffOptions | undefined)[]): NDArray {
  const o = argsOf(["n", "axis", "prepend", "append"], args) as DiffOptions;
  const n = intArg(o.n ?? 1);
  if (n === 0) return asarray(a);
  if (n < 0) throw new ValueError(`order must be non-negative but got ${n}`);
  let arr = asarray(a);
  const nd = arr.ndim;
  if (nd === 0) throw new ValueError("diff requires input that is at least one dimensional");
  const axis = normAxis(intArg(o.axis ?? -1), nd);
  const edge = (v: ArrayLike): NDArray => {
    const e = asarray(v);
    return e.ndim === 0 ? broadcastTo(e, arr.shape.map((m, i) => (i === axis ? 1 : m))) : e;
  };
  const parts = [
    ...(o.prepend === undefined || o.prepend === null ? [] : [edge(o.prepend)]),
    arr,
    ...(o.append === undefined || o.append === null ? [] : [edge(o.append)]),
  ];
  if (parts.length > 1) arr = concatenate(parts, axis);
  const op = arr.dtype.kind === "b" ? notEqual : subtract;
  for (let i = 0; i < n; i++) arr = orEmpty(op(sliceAxis(arr, axis, 1, null), sliceAxis(arr, axis, null, -1)));
  return arr;
}

/** The kind NumPy's value-based casting sees in a 0-d value (its min_scalar_type's kind). */
function valueDType(e: NDArray): DType {
  const v = flatValues(e)[0];
  switch (e.dtype.kind) {
    case "b": return dt("bool");
    case "i": case "u": return Number(v) < 0 ? dt("int8") : dt("uint8");
    case "f": return dt("float32");
    default: return e.dtype;
  }
}

/** NumPy's can_cast(from, to, "same_kind"): safe, or no later in the order b < u < i < f < c. */
function sameKind(from: DType, to: DType): boolean {
  const order = "buifc";
  if (to.kind === "U" || from.kind === "U") return to.kind === "U";
  return order.indexOf(from.kind) <= order.indexOf(to.kind);
}

export interface Ediff1dOptions { toEnd?: ArrayLike | null; toBegin?: ArrayLike | null }

/**
 * `np.ediff1d(ary, toEnd?, toBegin?)`: differences of the flattened array, with values
 * put before and after. Example: `np.ediff1d(x, { toBegin: -99, toEnd: [88, 99] })`.
 */
export function ediff1d(ary: ArrayLike, ...args: (ArrayLike | Ediff1dOptions | undefined)[]): NDArray {
  const o = argsOf(["toEnd", "toBegin"], args) as Ediff1dOptions;
  const a = ravel(asarray(ary));
  const d = a.dtype;
  const edge = (v: ArrayLike | null | undefined, name: string): NDArray[] => {
    if (v === null || v === undefined) return [];
    const e = asarray(v);
    if (!sameKind(e.ndim === 0 && scalarKind(v) !== "complex" ? valueDType(e) : e.dtype, d))
      throw new TypeError(`dtype of \`${name}\` must be compatible with input \`ary\` under the \`same_kind\` rule.`);
    return [ravel(e).astype(d)];
  };
  const begin = edge(o.toBegin, "to_begin"), end = edge(o.toEnd, "to_end");
  const diffs = orEmpty(subtract(a.get("1:"), a.get(":-1")));
  if (!begin.length && !end.length) return diffs;
  return concatenate([...begin, diffs.astype(d), ...end]);
}

export interface TrapzOptions { x?: ArrayLike | null; dx?: number | ArrayLike; axis?: number }

/**
 * `np.trapz(y, x?, dx = 1, axis = -1)`: the integral by the trapezoidal rule. Example:
 * `np.trapz(y, { x })`, `np.trapz(y, { dx: 0.5 })`.
 */
export function trapz(y: ArrayLike, ...args: (ArrayLike | TrapzOptions | undefined)[]): NDArray {
  const o = argsOf(["x", "dx", "axis"], args) as TrapzOptions;
  const Y = asarray(y), nd = Y.ndim;
  const ax = intArg(o.axis ?? -1);
  // NumPy assigns into Python lists of Y's ndim: its IndexError when axis is out of range
  const checkAxis = () => { if (ax < -nd || ax >= nd) throw new IndexError("list assignment index out of range"); };
  let d: NDArray | number;
  if (o.x === null || o.x === undefined) d = o.dx === undefined || typeof o.dx === "number" ? o.dx ?? 1 : asarray(o.dx);
  else {
    const X = asarray(o.x);
    if (X.ndim === 1) {
      checkAxis();
      const dd = diff(X), at = ax < 0 ? ax + nd : ax;
      d = reshape(dd, Y.shape.map((_, i) => (i === at ? dd.shape[0] : 1)));
    } else d = diff(X, { axis: ax });
  }
  checkAxis();
  const axis = ax < 0 ? ax + nd : ax;
  const pairs = add(sliceAxis(Y, axis, 1, null), sliceAxis(Y, axis, null, -1));
  // NumPy's dx is a Python float (1.0 by default): integer sums are taken to float64 first
  const prod = typeof d === "number" ? multiply(isLowKind(pairs.dtype) ? pairs.astype(float64) : pairs, d) : multiply(d, pairs);
  return orEmpty(sum(divide(prod, 2), { axis }));
}

/** `np.trapezoid`: NumPy 2's name for `trapz`. */
export const trapezoid = trapz;
