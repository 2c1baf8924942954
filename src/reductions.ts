// Reductions and the statistics built from them: each a reduce node plus elementwise
// composition, which the compiler fuses (the producers into the reduction's loop, the
// composition after it into its epilogue).

import { broadcastView, newNodeId, type Node, type Scalar } from "../compiler/ir.js";
import { DType, dt, type DTypeLike, dtype as toDType } from "./dtype.js";
import { ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes, normAxes } from "./broadcast.js";
import { NDArray, lazy, viewOf } from "./ndarray.js";
import { asarray } from "./creation.js";
import { applyNode, castNode, constNode, prepare, writeOut, type ArrayLike } from "./ufunc.js";

export interface ReduceOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
  dtype?: DTypeLike | null;
  out?: NDArray | null;
  ddof?: number;
  /** Only elements where this (broadcast to the input's shape) is true take part. */
  where?: ArrayLike;
  /** The value the reduction starts from (required by max/min with `where`, or of empty arrays). */
  initial?: number | bigint | boolean | null;
}

const opts = (axisOrOpts: number | readonly number[] | null | ReduceOptions | undefined): ReduceOptions =>
  axisOrOpts === undefined ? {} : axisOrOpts === null || typeof axisOrOpts === "number" || Array.isArray(axisOrOpts) ? { axis: axisOrOpts as number | number[] | null } : (axisOrOpts as ReduceOptions);

/** The accumulation dtype of sum/prod: small integers widen to the platform integer (int32). */
function sumDType(d: DType): DType {
  if (d.kind === "b" || (d.kind === "i" && d.itemsize < 4)) return dt("int32");
  if (d.kind === "u" && d.itemsize < 4) return dt("uint32");
  return d;
}

/** A reduce node over normalized axes, with keepdims applied as a view. */
function reduceArray(op: string, src: NDArray | Node, srcDtype: DType, shape: readonly number[], axes: number[], outDtype: DType, keepdims: boolean, ddof = 0): NDArray {
  const input = src instanceof NDArray ? src._node : src;
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const node: Node = { kind: "reduce", id: newNodeId(), op, dtype: outDtype.id, shape: outShape, input, axes, ddof };
  const r = lazy(node, outDtype);
  void srcDtype;
  return keepdims ? keepDims(r, shape, axes) : r;
}

/** Re-inserts reduced axes as size 1. */
export function keepDims(r: NDArray, shape: readonly number[], axes: readonly number[]): NDArray {
  const outShape: number[] = [], axis: number[] = [], step: number[] = [];
  let k = 0;
  shape.forEach((_, i) => {
    if (axes.includes(i)) { outShape.push(1); axis.push(-1); step.push(0); }
    else { outShape.push(r.shape[k]); axis.push(k); step.push(1); k++; }
  });
  return viewOf(r, { shape: outShape, axis, step, start: r.shape.map(() => 0) });
}

function finish(r: NDArray, o: ReduceOptions, name: string): NDArray {
  if (o.out) return writeOut(o.out, r._node, r.dtype, name);
  return r;
}

/** The ufunc a reduction repeats (for `initial`) and its identity, if it has one. */
const REDUCES: Record<string, { ufunc: string; identity?: (d: DType) => Scalar }> = {
  sum: { ufunc: "add", identity: () => 0 }, prod: { ufunc: "multiply", identity: () => 1 },
  max: { ufunc: "maximum" }, min: { ufunc: "minimum" }, fmax: { ufunc: "fmax" }, fmin: { ufunc: "fmin" },
  all: { ufunc: "logical_and", identity: () => true }, any: { ufunc: "logical_or", identity: () => false },
};

const hasMask = (o: ReduceOptions) => o.where !== undefined && o.where !== null && o.where !== true;

/** `where(mask, x, fill)` over the shape of x (the mask may not broadcast it larger). */
function masked(x: Node, d: DType, mask: ArrayLike, fill: Scalar): Node {
  const m = prepare(mask);
  const shape = broadcastShapes(m.node.shape, x.shape);
  if (shape.length !== x.shape.length || shape.some((n, i) => n !== x.shape[i]))
    throw new ValueError(`operands could not be broadcast together with shapes ${msg.shapeTuple(x.shape)} ${msg.shapeTuple(m.node.shape)}`);
  return applyNode("where", [{ ...m, node: castNode(m, dt("bool")), dtype: dt("bool") }, { node: x, dtype: d, weak: null }, { node: constNode(fill, d), dtype: d, weak: null }]).node;
}

function simple(op: string, name: string, dtypeRule: (d: DType) => DType) {
  const { ufunc, identity } = REDUCES[op];
  return (a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray => {
    const o = { ...opts(axisOrOpts), ...o2 };
    const arr = asarray(a);
    const axes = normAxes(o.axis, arr.ndim);
    const initial = o.initial ?? null;
    if (!identity && initial === null) {
      if (axes.some((d) => arr.shape[d] === 0)) throw new ValueError(`zero-size array to reduction operation ${name} which has no identity`);
      if (hasMask(o)) throw new ValueError(`reduction operation '${name}' does not have an identity, so to use a where mask one has to specify 'initial'`);
    }
    const acc = o.dtype ? toDType(o.dtype) : dtypeRule(arr.dtype);
    const outDtype = op === "all" || op === "any" ? dt("bool") : acc;
    let input = castNode(prepare(arr), acc);
    // masked-out elements become the identity (max/min have none: `initial`, combined in again harmlessly)
    if (hasMask(o)) input = masked(input, acc, o.where!, identity ? identity(acc) : initial!);
    let r = reduceArray(op, input, acc, arr.shape, axes, outDtype, false);
    if (initial !== null) r = lazy(applyNode(ufunc, [prepare(r), { node: constNode(initial, outDtype), dtype: outDtype, weak: null }]).node, outDtype);
    if (o.keepdims) r = keepDims(r, arr.shape, axes);
    return finish(r, o, name);
  };
}

/** `np.sum(a, axis?, { keepdims, dtype, out })`. Example: `np.sum(a, { axis: 0 })`. */
export const sum = simple("sum", "add", sumDType);
/** `np.prod(a, axis?)`. */
export const prod = simple("prod", "multiply", sumDType);
/** `np.max(a, axis?)` (amax). */
export const max = simple("max", "maximum", (d) => d);
/** `np.min(a, axis?)` (amin). */
export const min = simple("min", "minimum", (d) => d);
export const amax = max, amin = min;
/** `np.nanmax(a, axis?)`: ignores NaN. */
export const nanmax = simple("fmax", "fmax", (d) => d);
/** `np.nanmin(a, axis?)`: ignores NaN. */
export const nanmin = simple("fmin", "fmin", (d) => d);
/** `np.all(a, axis?)`. */
export const all = simple("all", "logical_and", (d) => d);
/** `np.any(a, axis?)`. */
export const any = simple("any", "logical_or", (d) => d);

function argReduce(op: "argmax" | "argmin") {
  return (a: ArrayLike, axisOrOpts?: number | null | ReduceOptions, o2: ReduceOptions = {}): NDArray => {
    const o = { ...opts(axisOrOpts), ...o2 };
    let arr = asarray(a);
    if (o.axis === null || o.axis === undefined) arr = arr.reshape(arr.size);
    const axes = normAxes(o.axis ?? 0, arr.ndim);
    if (arr.shape[axes[0]] === 0) throw new ValueError(`attempt to get ${op} of an empty sequence`);
    return finish(reduceArray(op, arr, arr.dtype, arr.shape, axes, dt("int32"), o.keepdims ?? false), o, op);
  };
}
/** `np.argmax(a, axis?)`: index of the maximum (int32). */
export const argmax = argReduce("argmax");
/** `np.argmin(a, axis?)`. */
export const argmin = argReduce("argmin");

const meanDType = (d: DType) => (d.kind === "f" || d.kind === "c" ? d : dt("float64"));

function div(x: NDArray, y: ArrayLike): NDArray {
  const { node, dtype } = applyNode("true_divide", [prepare(x), prepare(y)]);
  return lazy(node, dtype);
}
function binop(op: string, x: ArrayLike, y: ArrayLike): NDArray {
  const { node, dtype } = applyNode(op, [prepare(x), prepare(y)]);
  return lazy(node, dtype);
}
function unop(op: string, x: ArrayLike): NDArray {
  const { node, dtype } = applyNode(op, [prepare(x)]);
  return lazy(node, dtype);
}

/** How many elements each output of a reduction over `axes` counts (with `where`: how many are selected). */
function countOf(arr: NDArray, axes: readonly number[], o: ReduceOptions): number | NDArray {
  if (!hasMask(o)) return axes.reduce((p, d) => p * arr.shape[d], 1);
  const m = castNode(prepare(o.where!), dt("bool"));
  const full = lazy({ kind: "view", id: newNodeId(), dtype: "bool", shape: arr.shape, input: m, view: broadcastView(m.shape, arr.shape) }, dt("bool"));
  return sum(full, { axis: axes, keepdims: true });
}

/** `np.mean(a, axis?, { keepdims, dtype, where, out })`. Example: `np.mean(a, { axis: 0 })`. */
export function mean(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  const arr = asarray(a);
  const axes = normAxes(o.axis, arr.ndim);
  const d = o.dtype ? toDType(o.dtype) : meanDType(arr.dtype);
  const s = sum(arr, { axis: axes, keepdims: true, dtype: d, where: o.where });
  const r = div(s, countOf(arr, axes, o));
  return finish(o.keepdims ? r : dropDims(r, axes), o, "mean");
}

/** Removes size-1 `axes` (kept by keepdims) again, as a view. */
function dropDims(r: NDArray, axes: readonly number[]): NDArray {
  const keep = r.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  return viewOf(r, { shape: keep.map((i) => r.shape[i]), axis: keep, step: keep.map(() => 1), start: r.shape.map(() => 0) });
}

/** `np.var(a, axis?, { ddof, keepdims, dtype, where, out })`. */
export function var_(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  const arr = asarray(a);
  const axes = normAxes(o.axis, arr.ndim);
  const d = o.dtype ? toDType(o.dtype) : meanDType(arr.dtype);
  const m = mean(arr, { axis: axes, keepdims: true, dtype: d, where: o.where });
  const dev = binop("subtract", arr, m);
  const sq = dev.dtype.kind === "c" ? binop("multiply", dev, unop("conjugate", dev)) : binop("multiply", dev, dev);
  const sqr = sq.dtype.kind === "c" ? unop("real", sq) : sq;
  const n = countOf(arr, axes, o);
  const dof = typeof n === "number" ? Math.max(n - (o.ddof ?? 0), 0) : binop("maximum", binop("subtract", n, o.ddof ?? 0), 0);
  const r = div(sum(sqr, { axis: axes, keepdims: true, where: o.where }), dof);
  return finish(o.keepdims ? r : dropDims(r, axes), o, "var");
}
/** `np.std(a, axis?, { ddof, keepdims, dtype, where, out })`. */
export function std(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  return finish(unop("sqrt", var_(a, { ...o, out: null })), o, "std");
}

/** `np.nansum(a, axis?)`: NaN counts as zero. */
export function nansum(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const arr = asarray(a);
  if (arr.dtype.kind !== "f" && arr.dtype.kind !== "c") return sum(arr, axisOrOpts, o2);
  return sum(lazy(applyNode("where", [prepare(unop("isnan", arr)), prepare(0), prepare(arr)]).node, arr.dtype), axisOrOpts, o2);
}

/** `np.nanmean(a, axis?)`: the mean of the non-NaN elements. */
export function nanmean(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  const arr = asarray(a);
  if (arr.dtype.kind !== "f" && arr.dtype.kind !== "c") return mean(arr, o);
  const isn = unop("isnan", arr);
  const zeroed = lazy(applyNode("where", [prepare(isn), prepare(0), prepare(arr)]).node, arr.dtype);
  const cnt = sum(unop("logical_not", isn), { axis: o.axis, keepdims: o.keepdims });
  return finish(div(sum(zeroed, { axis: o.axis, keepdims: o.keepdims }), cnt), o, "nanmean");
}

/** `np.countNonzero(a, axis?)`. */
export function countNonzero(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions): NDArray {
  const o = opts(axisOrOpts);
  return sum(binop("not_equal", a, 0), { axis: o.axis, keepdims: o.keepdims });
}

/** `np.ptp(a, axis?)`: max - min. */
export function ptp(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions): NDArray {
  const o = opts(axisOrOpts);
  return binop("subtract", max(a, o), min(a, o));
}
