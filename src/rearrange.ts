// Rearranging: append, insert, delete, block, roll, resize, trimZeros and pad.
//
// Most results are lazy compositions of the joining and gathering nodes (concatenate,
// take); pad follows NumPy's algorithm literally — fill the middle of a fresh array, then
// write each axis's pad areas from what is already there — so its results match NumPy's
// in every mode, including the order of rounding and reflections.

import { sizeOf } from "../compiler/ir.js";
import { IndexError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { dt, type DType } from "./dtype.js";
import { normAxis } from "./broadcast.js";
import { NDArray, fromBuffer, viewOf } from "./ndarray.js";
import { array, asarray, flatValues, storageFromValues, zeros } from "./creation.js";
import { broadcastTo, copyInOrder, moveaxis, reshape, squeeze } from "./shape.js";
import { argsOf, concatenate, flat, intArg, isOptions, tile } from "./join.js";
import { Slice, normalizeIndex, type IndexItem } from "./indexing.js";
import { getIndex, setValueView } from "./advanced.js";
import { intArray, take } from "./select.js";
import { floor, multiply, subtract, type ArrayLike } from "./ufunc.js";
import { max, mean, min } from "./reductions.js";
import { around } from "./methods.js";
import { spaced } from "./construct.js";
import { ndindex } from "./indexTricks.js";

/** An index selecting `sl` along `axis` (NumPy's `(slice(None),) * axis + (sl, ...)`). */
const at = (axis: number, sl: IndexItem): IndexItem[] => [...Array<IndexItem>(axis).fill(new Slice()), sl, "..."];

/** Python's `a % n` (sign of n). */
const pmod = (a: number, n: number) => ((a % n) + n) % n;

/** NumPy orders `new` arrays of insert/delete/pad as F when the input is F- and not C-contiguous. */
const inOrderOf = (arr: NDArray, r: NDArray): NDArray => (arr.ndim > 1 && !arr.isPending && arr.flags.fContiguous && !arr.flags.cContiguous ? copyInOrder(r, "F") : r);

/** `values` broadcast to `shape` as NumPy's setitem would (or its error). */
const broadcastValues = (values: NDArray, shape: readonly number[], fancy: boolean): NDArray => viewOf(values, setValueView(values.shape, shape, fancy));

/** `values` as an array of dtype `d` (JS values converted directly, as NumPy's `array(values, dtype)`). */
const asDType = (values: unknown, d: DType): NDArray => (values instanceof NDArray ? values.astype(d) : array(values, { dtype: d }));

/** arr flattened when axis is null (then axis 0), with the axis normalized. */
function axisArg(arr: NDArray, axis: unknown): { arr: NDArray; axis: number } {
  if (axis === undefined || axis === null) return { arr: arr.ndim === 1 ? arr : flat(arr), axis: 0 };
  return { arr, axis: normAxis(intArg(axis), arr.ndim) };
}

/** An `obj` argument that is a slice: a Slice, or a string like "1:3". */
function sliceOf(obj: unknown): Slice | null {
  if (obj instanceof Slice) return obj;
  if (typeof obj === "string" && obj.includes(":")) return normalizeIndex(obj)[0] as Slice;
  return null;
}

/** Python's repr of an `obj` argument, for messages. */
const pyRepr = (x: unknown): string => (x instanceof NDArray ? x.toString() : Array.isArray(x) ? `[${x.map(pyRepr).join(", ")}]` : String(x));

// ---- append, insert, delete ---------------------------------------------------------------

/** `np.append(arr, values, axis = null)`: `values` joined after `arr` (both flattened when axis is null). */
export function append(arr: unknown, values: unknown, axis: number | null | { axis?: number | null } = null): NDArray {
  if (isOptions(axis)) axis = (axis as { axis?: number | null }).axis ?? null;
  let a = asarray(arr);
  if (axis === null) {
    if (a.ndim !== 1) a = flat(a);
    return concatenate([a, flat(asarray(values))], a.ndim - 1);
  }
  return concatenate([a, values], axis as number);
}

/**
 * `np.insert(arr, obj, values, axis = null)`: `values` inserted before the positions `obj`
 * (an index, a list of them, or a slice) along `axis`. Example: `np.insert(a, 1, 5)`.
 */
export function insert(arr: unknown, obj: unknown, values: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis"], args);
  const a0 = asarray(arr);
  const { arr: a, axis } = axisArg(a0, o.axis);
  const N = a.shape[axis];
  const sl = sliceOf(obj);
  let idx: NDArray;
  if (sl) {
    const { start, step, count } = sl.indices(N);
    idx = intArray(Int32Array.from({ length: count }, (_, i) => start + i * step));
  } else {
    idx = Array.isArray(obj) && obj.length === 0 ? asarray([], "int32") : asarray(obj);
    if (idx.dtype.kind === "b") idx = idx.astype("int32"); // NumPy 1.24 casts (FutureWarning)
    else if (idx.ndim > 1) throw new ValueError("index array argument obj to insert must be one dimensional or scalar");
  }
  const shapeWith = (n: number) => a.shape.map((m, i) => (i === axis ? n : m));
  if (idx.size === 1) {
    let index = Number(flatValues(idx)[0]);
    if (index < -N || index > N) throw new IndexError(`index ${pyRepr(obj)} is out of bounds for axis ${axis} with size ${N}`);
    if (index < 0) index += N;
    let v = asDType(values, a.dtype);
    if (v.ndim < a.ndim) v = reshape(v, [...Array(a.ndim - v.ndim).fill(1), ...v.shape]);
    if (idx.ndim === 0) v = moveaxis(v, 0, axis);
    const numnew = v.shape[axis];
    const before = a.get(at(axis, new Slice(null, index))), after = a.get(at(axis, new Slice(index, null)));
    return inOrderOf(a, concatenate([before, broadcastValues(v, shapeWith(numnew), false), after], axis));
  }
  const ind = flatValues(idx).map((x) => Math.trunc(Number(x)));
  if (idx.dtype.kind !== "i" && idx.dtype.kind !== "u" && ind.length) throw new IndexError("arrays used as indices must be of integer (or boolean) type");
  const numnew = ind.length, newN = N + numnew;
  ind.forEach((x, k) => { if (x < 0) ind[k] = x + N; });
  const order = ind.map((_, k) => k).sort((x, y) => ind[x] - ind[y] || x - y); // stable
  const final = new Array<number>(numnew);
  order.forEach((k, r) => {
    let p = ind[k] + r;
    if (p < -newN || p >= newN) throw new IndexError(msg.index(p, 0, newN));
    if (p < 0) p += newN;
    final[k] = p;
  });
  const vals = broadcastValues(asDType(values, a.dtype), shapeWith(numnew), true);
  // the result gathers from [arr, values] joined along the axis
  const src = new Int32Array(newN).fill(-1);
  final.forEach((p, k) => (src[p] = N + k));
  let next = 0;
  for (let p = 0; p < newN; p++) if (src[p] < 0) src[p] = next++;
  return inOrderOf(a, take(concatenate([a, vals], axis), intArray(src), axis));
}

/**
 * `np.delete(arr, obj, axis = null)`: `arr` without the positions `obj` (an index, a list,
 * a boolean mask or a slice) along `axis`. Example: `np.delete(a, [0, 2], 1)`.
 */
export function delete_(arr: unknown, obj: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis"], args);
  const { arr: a, axis } = axisArg(asarray(arr), o.axis);
  const N = a.shape[axis];
  const keepPositions = (drop: (i: number) => boolean) => intArray(Int32Array.from({ length: N }, (_, i) => i).filter((i) => !drop(i)));
  const sl = sliceOf(obj);
  if (sl) {
    const { start, step, count } = sl.indices(N);
    const del = new Set(Array.from({ length: count }, (_, i) => start + i * step));
    return inOrderOf(a, take(a, keepPositions((i) => del.has(i)), axis));
  }
  let single: number | null = null;
  let ob: NDArray | null = null;
  if (typeof obj === "number" || typeof obj === "bigint") single = Number(obj);
  else {
    ob = Array.isArray(obj) && obj.length === 0 ? asarray([], "int32") : asarray(obj);
    if (ob.size === 1 && (ob.dtype.kind === "i" || ob.dtype.kind === "u")) single = Number(flatValues(ob)[0]);
  }
  if (single !== null) {
    if (single < -N || single >= N) throw new IndexError(`index ${single} is out of bounds for axis ${axis} with size ${N}`);
    const s = single < 0 ? single + N : single;
    return inOrderOf(a, take(a, keepPositions((i) => i === s), axis));
  }
  let keep: boolean[];
  if (ob!.dtype.kind === "b") {
    if (ob!.ndim !== 1 || ob!.shape[0] !== N) throw new ValueError(`boolean array argument obj to delete must be one dimensional and match the axis length of ${N}`);
    keep = flatValues(ob!).map((v) => !v);
  } else {
    keep = new Array<boolean>(N).fill(true);
    const k = asarray(keep);
    k.set([ob!], false); // NumPy's keep[obj,] = False: its index checks and messages
    keep = flatValues(k) as boolean[];
  }
  return getIndex(a, at(axis, asarray(keep)));
}

// ---- block ----------------------------------------------------------------------------------

const blockIndex = (index: readonly (number | null)[]) => "arrays" + index.filter((i) => i !== null).map((i) => `[${i}]`).join("");

/** NumPy's _block_check_depths_match: the first bottom index, the largest ndim, the total size. */
function blockDepths(arrays: unknown, parent: (number | null)[]): [(number | null)[], number, number] {
  if (Array.isArray(arrays) && arrays.length > 0) {
    let [first, maxNd, size] = blockDepths(arrays[0], [...parent, 0]);
    for (let i = 1; i < arrays.length; i++) {
      const [index, nd, s] = blockDepths(arrays[i], [...parent, i]);
      size += s;
      if (nd > maxNd) maxNd = nd;
      if (index.length !== first.length)
        throw new ValueError(`List depths are mismatched. First element was at depth ${first.length}, but there is an element at depth ${index.length} (${blockIndex(index)})`);
      if (index[index.length - 1] === null) first = index;
    }
    return [first, maxNd, size];
  }
  if (Array.isArray(arrays)) return [[...parent, null], 0, 0];
  const a = asarray(arrays);
  return [parent, a.ndim, a.size];
}

function blockOf(arrays: unknown, maxDepth: number, ndim: number, depth: number): NDArray {
  if (depth < maxDepth) return concatenate((arrays as unknown[]).map((x) => blockOf(x, maxDepth, ndim, depth + 1)), -(maxDepth - depth));
  const a = asarray(arrays);
  return a.ndim < ndim ? reshape(a, [...Array(ndim - a.ndim).fill(1), ...a.shape]) : a;
}

/**
 * `np.block(arrays)`: one array assembled from nested lists of blocks (the innermost
 * lists joined along the last axis). Example: `np.block([[A, B], [C, D]])`.
 */
export function block(arrays: unknown): NDArray {
  const [bottom, arrNd] = blockDepths(arrays, []);
  const listNd = bottom.length;
  if (listNd && bottom[listNd - 1] === null) throw new ValueError(`List at ${blockIndex(bottom)} cannot be empty`);
  const r = blockOf(arrays, listNd, Math.max(arrNd, listNd), 0);
  return listNd === 0 ? copyInOrder(r, "C") : r;
}

// ---- roll, resize, trimZeros ------------------------------------------------------------

/** The values of a scalar or 1-D argument (roll's shift and axis). */
const list1d = (x: unknown): { vals: number[]; scalar: boolean; ndim: number } => {
  if (typeof x === "number" || typeof x === "bigint") return { vals: [Number(x)], scalar: true, ndim: 0 };
  const a = asarray(x);
  return { vals: flatValues(a).map(Number), scalar: a.ndim === 0, ndim: a.ndim };
};

/**
 * `np.roll(a, shift, axis = null)`: elements shifted along `axis` (of the flattened array
 * when null), wrapping around. Example: `np.roll(a, 2)`, `np.roll(b, [1, -1], [0, 1])`.
 */
export function roll(a: unknown, shift: number | readonly number[] | NDArray, ...args: unknown[]): NDArray {
  const o = argsOf(["axis"], args);
  const arr = asarray(a);
  if (o.axis === undefined || o.axis === null) return reshape(roll(flat(arr), shift, 0), arr.shape);
  const ax = list1d(o.axis), sh = list1d(shift);
  const axes = ax.vals.map((x) => normAxis(intArg(x), arr.ndim));
  if (ax.ndim > 1 || sh.ndim > 1) throw new ValueError("'shift' and 'axis' should be scalars or 1D sequences");
  const n = Math.max(axes.length, sh.vals.length);
  if (axes.length !== n && axes.length !== 1 || sh.vals.length !== n && sh.vals.length !== 1)
    throw new ValueError(`shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (${sh.vals.length},) and arg 1 with shape (${axes.length},).`);
  const shifts = new Array<number>(arr.ndim).fill(0);
  for (let i = 0; i < n; i++) shifts[axes[axes.length === 1 ? 0 : i]] += sh.vals[sh.vals.length === 1 ? 0 : i];
  let r = arr;
  shifts.forEach((s, d) => {
    const off = pmod(s, arr.shape[d] || 1);
    if (off) r = concatenate([r.get(at(d, new Slice(-off, null))), r.get(at(d, new Slice(null, -off)))], d);
  });
  return r === arr ? copyInOrder(arr, "K") : r;
}

/**
 * `np.resize(a, newShape)`: `a` flattened and repeated (or cut) to fill `newShape`.
 * Example: `np.resize([1, 2, 3], [2, 4])`.
 */
export function resize(a: unknown, newShape: number | readonly number[] | { newShape?: number | readonly number[] }): NDArray {
  if (isOptions(newShape)) newShape = (newShape as { newShape: number | readonly number[] }).newShape;
  const shape = (typeof newShape === "number" ? [newShape] : [...(newShape as readonly number[])]).map(intArg);
  const f = flat(asarray(a));
  if (shape.some((n) => n < 0)) throw new ValueError("all elements of `new_shape` must be non-negative");
  const size = sizeOf(shape);
  if (f.size === 0 || size === 0) return zeros(shape, { dtype: f.dtype });
  const reps = Math.ceil(size / f.size);
  return reshape((reps > 1 ? tile(f, reps) : f).get(new Slice(null, size)), shape);
}

/** `np.trimZeros(filt, trim = "fb")`: a 1-D array without its leading (f) and/or trailing (b) zeros (a view). */
export function trimZeros(filt: unknown, trim: string | { trim?: string } = "fb"): NDArray {
  const t = (typeof trim === "object" ? trim.trim ?? "fb" : trim).toUpperCase();
  const a = asarray(filt);
  const vals = flatValues(a);
  const zero = (v: unknown) => (typeof v === "object" && v !== null ? (v as { re: number }).re === 0 && (v as { im: number }).im === 0 : Number(v) === 0 && v !== "");
  let first = 0, last = vals.length;
  if (t.includes("F")) while (first < vals.length && zero(vals[first])) first++;
  if (t.includes("B")) while (last > 0 && zero(vals[last - 1])) last--;
  return a.get(new Slice(first, last));
}

// ---- pad ------------------------------------------------------------------------------------

type Pair<T> = [T, T];
export type PadMode = "constant" | "edge" | "linear_ramp" | "maximum" | "mean" | "median" | "minimum" | "reflect" | "symmetric" | "wrap" | "empty";
export type PadFunction = (vector: NDArray, iaxisPadWidth: Pair<number>, iaxis: number, kwargs: Record<string, unknown>) => void;
export interface PadOptions {
  mode?: PadMode | PadFunction;
  constantValues?: unknown; endValues?: unknown; statLength?: unknown; reflectType?: "even" | "odd";
}

const ALLOWED: Record<string, string[]> = {
  empty: [], edge: [], wrap: [], constant: ["constantValues"], linear_ramp: ["endValues"],
  maximum: ["statLength"], mean: ["statLength"], median: ["statLength"], minimum: ["statLength"],
  reflect: ["reflectType"], symmetric: ["reflectType"],
};
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** NumPy's _as_pairs: a (before, after) pair per axis from a scalar, a pair, or one pair per axis. */
function asPairs(x: unknown, ndim: number, asIndex: boolean): Pair<number | null>[] {
  if (x === undefined || x === null) return Array.from({ length: ndim }, () => [null, null]);
  let a = asarray(x);
  if (asIndex) a = around(a).astype("int32");
  const vals = flatValues(a) as number[]; // numbers, or a constant's own values (strings, complex)
  const neg = () => { throw new ValueError("index can't contain negative values"); };
  if (a.ndim < 3) {
    if (a.size === 1) { if (asIndex && vals[0] < 0) neg(); return Array.from({ length: ndim }, () => [vals[0], vals[0]]); }
    if (a.size === 2 && !(a.ndim === 2 && a.shape[0] === 2 && a.shape[1] === 1)) {
      if (asIndex && (vals[0] < 0 || vals[1] < 0)) neg();
      return Array.from({ length: ndim }, () => [vals[0], vals[1]]);
    }
  }
  if (asIndex && vals.some((v) => v < 0)) neg();
  const b = flatValues(broadcastTo(a, [ndim, 2])) as number[];
  return Array.from({ length: ndim }, (_, i) => [b[2 * i], b[2 * i + 1]]);
}

/** The median along `axis`, kept as a size-1 axis (pad's "median" statistic). */
function medianKeep(chunk: NDArray, axis: number): NDArray {
  const n = chunk.shape[axis];
  const vals = flatValues(moveaxis(chunk, axis, -1)).map(Number);
  const lanes = sizeOf(chunk.shape.filter((_, i) => i !== axis));
  const out: number[] = [];
  for (let l = 0; l < lanes; l++) {
    const v = vals.slice(l * n, (l + 1) * n);
    if (n === 0 || v.some(Number.isNaN)) { out.push(NaN); continue; }
    v.sort((x, y) => x - y);
    out.push(n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
  }
  const d = chunk.dtype.kind === "f" ? chunk.dtype : dt("float64");
  const r = fromBuffer(storageFromValues(out, d), d, { shape: [out.length], strides: [1], offset: 0 });
  return reshape(r, chunk.shape.map((m, i) => (i === axis ? 1 : m)));
}

/**
 * `np.pad(array, padWidth, mode = "constant", { constantValues, endValues, statLength, reflectType })`:
 * `array` padded by `padWidth` (a number, a [before, after] pair, or a pair per axis).
 * Modes as NumPy's: constant, edge, linear_ramp, maximum, mean, median, minimum, reflect,
 * symmetric, wrap, empty, or a function. Example: `np.pad(a, [1, 2], { mode: "edge" })`.
 */
export function pad(array: unknown, padWidth: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["mode"], args) as PadOptions & Record<string, unknown>;
  const mode = o.mode ?? "constant";
  const kwargs = Object.keys(o).filter((k) => k !== "mode");
  const arr = asarray(array);
  const pw = asarray(padWidth);
  if (pw.dtype.kind !== "i") throw new TypeError("`pad_width` must be of integral type.");
  const widths = asPairs(pw, arr.ndim, true) as Pair<number>[];
  const nd = arr.ndim;
  const withOpts = () => Object.fromEntries(kwargs.map((k) => [snake(k), o[k]]));
  // a fresh array of the padded shape, the input in its middle
  const order = nd > 1 && arr.flags.fContiguous && !arr.flags.cContiguous ? "F" : "C";
  const padded = zeros(arr.shape.map((n, i) => widths[i][0] + n + widths[i][1]), { dtype: arr.dtype, order });
  const middle = arr.shape.map((n, i) => new Slice(widths[i][0], widths[i][0] + n));
  padded.set(middle, arr);
  if (typeof mode === "function") {
    for (let axis = 0; axis < nd; axis++) {
      const view = moveaxis(padded, axis, -1);
      for (const ind of ndindex(view.shape.slice(0, -1))) mode(view.get([...ind, "..."]), widths[axis], axis, withOpts());
    }
    return padded;
  }
  if (!(mode in ALLOWED)) throw new ValueError(`mode '${mode}' is not supported`);
  const unsupported = kwargs.filter((k) => !ALLOWED[mode].includes(k));
  if (unsupported.length) throw new ValueError(`unsupported keyword arguments for mode '${mode}': {${unsupported.map((k) => `'${snake(k)}'`).join(", ")}}`);
  const roi = (axis: number) => padded.get([...Array<IndexItem>(axis + 1).fill(new Slice()), ...middle.slice(axis + 1)]);
  const setArea = (p: NDArray, axis: number, [w0, w1]: Pair<number>, [v0, v1]: Pair<ArrayLike>) => {
    p.set(at(axis, new Slice(null, w0)), v0);
    p.set(at(axis, new Slice(p.shape[axis] - w1, null)), v1);
  };
  const edges = (p: NDArray, axis: number, [w0, w1]: Pair<number>): Pair<NDArray> => {
    const r = p.shape[axis] - w1;
    return [p.get(at(axis, new Slice(w0, w0 + 1))), p.get(at(axis, new Slice(r - 1, r)))];
  };
  if (mode === "constant") {
    const values = asPairs(o.constantValues ?? 0, nd, false);
    for (let axis = 0; axis < nd; axis++) setArea(roi(axis), axis, widths[axis], values[axis] as Pair<number>);
  } else if (mode === "empty") {
    // nothing: the pad areas are unspecified (here zeros)
  } else if (arr.size === 0) {
    for (let axis = 0; axis < nd; axis++)
      if (arr.shape[axis] === 0 && (widths[axis][0] || widths[axis][1]))
        throw new ValueError(`can't extend empty axis ${axis} using modes other than 'constant' or 'empty'`);
  } else if (mode === "edge") {
    for (let axis = 0; axis < nd; axis++) { const r = roi(axis); setArea(r, axis, widths[axis], edges(r, axis, widths[axis])); }
  } else if (mode === "linear_ramp") {
    const ends = asPairs(o.endValues ?? 0, nd, false);
    for (let axis = 0; axis < nd; axis++) {
      const r = roi(axis), e = edges(r, axis, widths[axis]);
      const ramp = (end: number | null, edge: NDArray, width: number) => {
        let y = spaced(end as number, squeeze(edge, axis), width, false, axis);
        if (arr.dtype.isInteger) y = floor(y);
        return y.astype(arr.dtype);
      };
      const left = ramp(ends[axis][0], e[0], widths[axis][0]);
      const right = ramp(ends[axis][1], e[1], widths[axis][1]).get(at(axis, new Slice(null, null, -1)));
      setArea(r, axis, widths[axis], [left, right]);
    }
  } else if (mode === "maximum" || mode === "minimum" || mode === "mean" || mode === "median") {
    const lengths = asPairs(o.statLength, nd, true);
    const stat = (chunk: NDArray, axis: number): NDArray => {
      const s = mode === "maximum" ? max(chunk, { axis, keepdims: true }) : mode === "minimum" ? min(chunk, { axis, keepdims: true })
        : mode === "mean" ? mean(chunk, { axis, keepdims: true }) : medianKeep(chunk, axis);
      return arr.dtype.isInteger ? around(s) : s;
    };
    for (let axis = 0; axis < nd; axis++) {
      const r = roi(axis), [w0, w1] = widths[axis];
      const left = w0, right = r.shape[axis] - w1, maxLen = right - left;
      let [l0, l1] = lengths[axis];
      if (l0 === null || maxLen < l0) l0 = maxLen;
      if (l1 === null || maxLen < l1) l1 = maxLen;
      if ((l0 === 0 || l1 === 0) && (mode === "maximum" || mode === "minimum")) throw new ValueError("stat_length of 0 yields no value for padding");
      const ls = stat(r.get(at(axis, new Slice(left, left + l0))), axis);
      const rs = l0 === maxLen && l1 === maxLen ? ls : stat(r.get(at(axis, new Slice(right - l1, right))), axis);
      setArea(r, axis, widths[axis], [ls, rs]);
    }
  } else if (mode === "reflect" || mode === "symmetric") {
    const method = o.reflectType ?? "even", includeEdge = mode === "symmetric";
    for (let axis = 0; axis < nd; axis++) {
      let [l, rgt] = widths[axis];
      if (arr.shape[axis] === 1 && (l > 0 || rgt > 0)) { setArea(padded, axis, [l, rgt], edges(padded, axis, [l, rgt])); continue; }
      const r = roi(axis);
      while (l > 0 || rgt > 0) [l, rgt] = reflectBoth(r, axis, [l, rgt], method, includeEdge);
    }
  } else if (mode === "wrap") {
    for (let axis = 0; axis < nd; axis++) {
      let [l, rgt] = widths[axis];
      const r = roi(axis);
      while (l > 0 || rgt > 0) [l, rgt] = wrapBoth(r, axis, [l, rgt]);
    }
  }
  return padded;
}

/** NumPy's _set_reflect_both: one round of reflection into both pad areas. */
function reflectBoth(p: NDArray, axis: number, [left, right]: Pair<number>, method: string, includeEdge: boolean): Pair<number> {
  const edgeOffset = includeEdge ? 1 : 0;
  const oldLength = p.shape[axis] - right - left - (includeEdge ? 0 : 1);
  if (left > 0) {
    const chunk = Math.min(oldLength, left);
    const stop = left - edgeOffset, start = stop + chunk;
    let c: NDArray = p.get(at(axis, new Slice(start, stop, -1)));
    if (method === "odd") c = subtract(multiply(2, p.get(at(axis, new Slice(left, left + 1)))), c);
    p.set(at(axis, new Slice(left - chunk, left)), c);
    left -= chunk;
  }
  if (right > 0) {
    const chunk = Math.min(oldLength, right);
    const start = -right + edgeOffset - 2, stop = start - chunk;
    let c: NDArray = p.get(at(axis, new Slice(start, stop, -1)));
    if (method === "odd") c = subtract(multiply(2, p.get(at(axis, new Slice(-right - 1, -right)))), c);
    const s = p.shape[axis] - right;
    p.set(at(axis, new Slice(s, s + chunk)), c);
    right -= chunk;
  }
  return [left, right];
}

/** NumPy's _set_wrap_both: one round of wrapping into both pad areas. */
function wrapBoth(p: NDArray, axis: number, [left, right]: Pair<number>): Pair<number> {
  const period = p.shape[axis] - right - left;
  let newLeft = 0, newRight = 0;
  if (left > 0) {
    const c = p.get(at(axis, new Slice(-right - Math.min(period, left), right !== 0 ? -right : null)));
    let area: Slice;
    if (left > period) { area = new Slice(left - period, left); newLeft = left - period; }
    else area = new Slice(null, left);
    p.set(at(axis, area), c);
  }
  if (right > 0) {
    const c = p.get(at(axis, new Slice(left, left + Math.min(period, right))));
    let area: Slice;
    if (right > period) { area = new Slice(-right, -right + period); newRight = right - period; }
    else area = new Slice(-right, null);
    p.set(at(axis, area), c);
  }
  return [newLeft, newRight];
}

