// Shape manipulation as views: reshape, ravel, flatten, transpose, squeeze, expandDims, broadcastTo.

import { broadcastView, newNodeId, sizeOf, type AxisView } from "../compiler/ir.js";
import { ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes, normAxis, normAxes } from "./broadcast.js";
import { NDArray, viewOf, reshapeOf, lazy } from "./ndarray.js";
import { asarray, copyNode } from "./creation.js";

/** Resolves a shape argument with one -1 entry. */
export function resolveShape(size: number, shape: readonly number[]): number[] {
  const neg = shape.filter((n) => n === -1).length;
  if (neg > 1) throw new ValueError("can only specify one unknown dimension");
  if (shape.some((n) => !Number.isInteger(n) || n < -1)) throw new ValueError(`negative dimensions not allowed`);
  if (neg === 1) {
    const known = shape.filter((n) => n !== -1).reduce((a, b) => a * b, 1);
    if (known === 0 || size % known !== 0) throw new ValueError(msg.reshape(size, shape));
    return shape.map((n) => (n === -1 ? size / known : n));
  }
  if (sizeOf(shape) !== size) throw new ValueError(msg.reshape(size, shape));
  return [...shape];
}

const shapeArgs = (args: (number | readonly number[] | { order?: string })[]): { shape: number[]; order: string } => {
  let order = "C";
  if (args.length && typeof args[args.length - 1] === "object" && !Array.isArray(args[args.length - 1])) order = (args.pop() as { order?: string }).order ?? "C";
  const shape = args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
  return { shape, order };
};

/** `np.reshape(a, shape)`: a view when the strides allow, else a copy. */
export function reshape(a: unknown, ...args: (number | readonly number[] | { order?: string })[]): NDArray {
  const arr = asarray(a);
  const { shape, order } = shapeArgs(args);
  const target = resolveShape(arr.size, shape);
  if (order === "F") return transpose(reshape(transpose(arr), [...target].reverse()));
  return reshapeOf(arr, target) ?? reshapeOf(lazy(copyNode(arr), arr.dtype), target)!;
}

/** `np.ravel(a)`: flattened, a view when contiguous. */
export function ravel(a: unknown, order: "C" | "F" = "C"): NDArray {
  const arr = asarray(a);
  return order === "F" ? reshape(transpose(arr), [arr.size]) : reshape(arr, [arr.size]);
}

/** `a.flatten()`: a flattened copy. */
export function flatten(a: NDArray, order: "C" | "F" = "C"): NDArray {
  const src = order === "F" ? transpose(a) : a;
  return reshapeOf(lazy(copyNode(src), a.dtype), [a.size])!;
}

/** `np.transpose(a, axes?)`: a view with permuted axes. */
export function transpose(a: unknown, axes?: readonly number[] | null): NDArray {
  const arr = asarray(a);
  const nd = arr.ndim;
  const perm = axes ? axes.map((x) => normAxis(x, nd)) : [...Array(nd).keys()].reverse();
  if (perm.length !== nd || new Set(perm).size !== nd) throw new ValueError("axes don't match array");
  const view: AxisView = { shape: perm.map((p) => arr.shape[p]), axis: perm, step: perm.map(() => 1), start: arr.shape.map(() => 0) };
  return viewOf(arr, view);
}

/** `np.swapaxes(a, axis1, axis2)`. */
export function swapaxes(a: unknown, axis1: number, axis2: number): NDArray {
  const arr = asarray(a);
  const perm = [...Array(arr.ndim).keys()];
  const i = normAxis(axis1, arr.ndim), j = normAxis(axis2, arr.ndim);
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return transpose(arr, perm);
}

/** `np.moveaxis(a, source, destination)`. */
export function moveaxis(a: unknown, source: number | readonly number[], destination: number | readonly number[]): NDArray {
  const arr = asarray(a);
  const src = (typeof source === "number" ? [source] : [...source]).map((x) => normAxis(x, arr.ndim));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((x) => normAxis(x, arr.ndim));
  if (src.length !== dst.length) throw new ValueError("`source` and `destination` arguments must have the same number of elements");
  const order = [...Array(arr.ndim).keys()].filter((k) => !src.includes(k));
  [...dst.map((d, i) => [d, src[i]])].sort((x, y) => x[0] - y[0]).forEach(([d, s]) => order.splice(d, 0, s));
  return transpose(arr, order);
}

/** `np.squeeze(a, axis?)`: drops size-1 axes. */
export function squeeze(a: unknown, axis?: number | readonly number[] | null): NDArray {
  const arr = asarray(a);
  const drop = axis === undefined || axis === null ? arr.shape.map((n, i) => (n === 1 ? i : -1)).filter((i) => i >= 0) : normAxes(axis, arr.ndim);
  for (const d of drop) if (arr.shape[d] !== 1) throw new ValueError("cannot select an axis to squeeze out which has size not equal to one");
  const keep = [...Array(arr.ndim).keys()].filter((k) => !drop.includes(k));
  return viewOf(arr, { shape: keep.map((k) => arr.shape[k]), axis: keep, step: keep.map(() => 1), start: arr.shape.map(() => 0) });
}

/** `np.expandDims(a, axis)`: inserts size-1 axes. */
export function expandDims(a: unknown, axis: number | readonly number[]): NDArray {
  const arr = asarray(a);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const nd = arr.ndim + list.length;
  const pos = normAxes(list, nd);
  const shape: number[] = [], ax: number[] = [], step: number[] = [];
  let k = 0;
  for (let j = 0; j < nd; j++) {
    if (pos.includes(j)) { shape.push(1); ax.push(-1); step.push(0); }
    else { shape.push(arr.shape[k]); ax.push(k); step.push(1); k++; }
  }
  return viewOf(arr, { shape, axis: ax, step, start: arr.shape.map(() => 0) });
}

/** `np.broadcastTo(a, shape)`: a read-only broadcast view. */
export function broadcastTo(a: unknown, shape: number | readonly number[]): NDArray {
  const arr = asarray(a);
  const to = typeof shape === "number" ? [shape] : [...shape];
  const b = (() => { try { return broadcastShapes(arr.shape, to); } catch { return null; } })();
  if (!b || b.length !== to.length || b.some((n, i) => n !== to[i]) || arr.ndim > to.length)
    throw new ValueError(msg.broadcastTo(arr.shape, to));
  const v = viewOf(arr, broadcastView(arr.shape, to));
  v._writeable = false;
  return v;
}

/** `np.broadcastArrays(...arrays)`. */
export function broadcastArrays(...arrays: unknown[]): NDArray[] {
  const arrs = arrays.map((x) => asarray(x));
  const shape = broadcastShapes(...arrs.map((x) => x.shape));
  return arrs.map((x) => broadcastTo(x, shape));
}

export { newNodeId };
