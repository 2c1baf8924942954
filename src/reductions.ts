// Reductions and the statistics built from them (the reductions issue fuses these with
// their producers; here each is a reduce node plus elementwise composition).

import { newNodeId, type Node } from "../compiler/ir.js";
import { DType, dt, type DTypeLike, dtype as toDType } from "./dtype.js";
import { ValueError } from "../runtime/errors.js";
import { normAxes } from "./broadcast.js";
import { NDArray, lazy, viewOf } from "./ndarray.js";
import { asarray } from "./creation.js";
import { applyNode, castNode, prepare, writeOut, type ArrayLike } from "./ufunc.js";

export interface ReduceOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
  dtype?: DTypeLike | null;
  out?: NDArray | null;
  ddof?: number;
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

function simple(op: string, name: string, dtypeRule: (d: DType) => DType, identity: boolean) {
  return (a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray => {
    const o = { ...opts(axisOrOpts), ...o2 };
    const arr = asarray(a);
    const axes = normAxes(o.axis, arr.ndim);
    if (!identity && axes.some((d) => arr.shape[d] === 0))
      throw new ValueError(`zero-size array to reduction operation ${name} which has no identity`);
    const acc = o.dtype ? toDType(o.dtype) : dtypeRule(arr.dtype);
    const input = castNode(prepare(arr), acc);
    return finish(reduceArray(op, input, acc, arr.shape, axes, op === "all" || op === "any" ? dt("bool") : acc, o.keepdims ?? false), o, name);
  };
}

/** `np.sum(a, axis?, { keepdims, dtype, out })`. Example: `np.sum(a, { axis: 0 })`. */
export const sum = simple("sum", "add", sumDType, true);
/** `np.prod(a, axis?)`. */
export const prod = simple("prod", "multiply", sumDType, true);
/** `np.max(a, axis?)` (amax). */
export const max = simple("max", "maximum", (d) => d, false);
/** `np.min(a, axis?)` (amin). */
export const min = simple("min", "minimum", (d) => d, false);
export const amax = max, amin = min;
/** `np.nanmax(a, axis?)`: ignores NaN. */
export const nanmax = simple("fmax", "fmax", (d) => d, false);
/** `np.nanmin(a, axis?)`: ignores NaN. */
export const nanmin = simple("fmin", "fmin", (d) => d, false);
/** `np.all(a, axis?)`. */
export const all = simple("all", "logical_and", (d) => d, true);
/** `np.any(a, axis?)`. */
export const any = simple("any", "logical_or", (d) => d, true);

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

function countOf(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((p, d) => p * shape[d], 1);
}

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

/** `np.mean(a, axis?, { keepdims, dtype })`. */
export function mean(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  const arr = asarray(a);
  const axes = normAxes(o.axis, arr.ndim);
  const d = o.dtype ? toDType(o.dtype) : meanDType(arr.dtype);
  const s = sum(arr, { axis: axes, keepdims: o.keepdims, dtype: d });
  return finish(div(s, countOf(arr.shape, axes)), o, "mean");
}

/** `np.var(a, axis?, { ddof, keepdims })`. */
export function var_(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  const arr = asarray(a);
  const axes = normAxes(o.axis, arr.ndim);
  const d = o.dtype ? toDType(o.dtype) : meanDType(arr.dtype);
  const m = mean(arr, { axis: axes, keepdims: true, dtype: d });
  const dev = binop("subtract", arr, m);
  const sq = dev.dtype.kind === "c" ? binop("multiply", dev, unop("conjugate", dev)) : binop("multiply", dev, dev);
  const sqr = sq.dtype.kind === "c" ? unop("real", sq) : sq;
  const n = countOf(arr.shape, axes) - (o.ddof ?? 0);
  return finish(div(sum(sqr, { axis: axes, keepdims: o.keepdims }), Math.max(n, 0)), o, "var");
}
/** `np.std(a, axis?, { ddof, keepdims })`. */
export function std(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const o = { ...opts(axisOrOpts), ...o2 };
  return finish(unop("sqrt", var_(a, { ...o, out: null })), o, "std");
}

/** `np.nansum(a, axis?)`: NaN counts as zero. */
export function nansum(a: ArrayLike, axisOrOpts?: number | readonly number[] | null | ReduceOptions, o2: ReduceOptions = {}): NDArray {
  const arr = asarray(a);
  if (arr.dtype.kind !== "f" && arr.dtype.kind !== "c") return sum(arr, axisOrOpts, o2);
  return sum(binop("where", unop("isnan", arr), 0) as never, axisOrOpts, o2);
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
