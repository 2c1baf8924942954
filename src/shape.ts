// Shape manipulation as views: reshape, ravel, flatten, transpose, squeeze, expandDims, broadcastTo,
// rollaxis, flips and rotations, diagonals; copies in a chosen memory order.

import { broadcastView, cStrides, identityView, newNodeId, sizeOf, type AxisView, type Node } from "../compiler/ir.js";
import { AxisError, ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes, normAxis, normAxes } from "./broadcast.js";
import { NDArray, viewOf, reshapeOf, lazy, fromBuffer } from "./ndarray.js";
import { asarray, copyNode } from "./creation.js";
import { DType, dtype as toDType, type DTypeLike } from "./dtype.js";
import { argsOf, intArg, orEmpty } from "./join.js";

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
  const src = axisTuple(source, arr.ndim, " in `source` argument");
  const dst = axisTuple(destination, arr.ndim, " in `destination` argument");
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
  if (arr.ndim > to.length) throw new ValueError("input operand has more dimensions than allowed by the axis remapping");
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

// ---- more views: rollaxis, flips, rot90, diagonal -------------------------------------------

/** Normalizes an axis argument to a list (NumPy's normalize_axis_tuple: "repeated axis"). */
export function axisTuple(axis: number | readonly number[], ndim: number, what = ""): number[] {
  const list = (typeof axis === "number" ? [axis] : [...axis]).map((x) => normAxis(x, ndim));
  if (new Set(list).size !== list.length) throw new ValueError(`repeated axis${what}`);
  return list;
}

/** `np.rollaxis(a, axis, start = 0)`: axis `axis` moved to before `start` (a view). */
export function rollaxis(a: unknown, axis: number | { axis?: number; start?: number }, start: number | { start?: number } = 0): NDArray {
  const arr = asarray(a);
  if (typeof axis === "object") ({ axis = 0, start = 0 } = axis as { axis?: number; start?: number });
  if (typeof start === "object") start = (start as { start?: number }).start ?? 0;
  const n = arr.ndim;
  const ax = normAxis(axis as number, n);
  let st = start as number;
  if (st < 0) st += n;
  if (!(st >= 0 && st < n + 1)) throw new AxisError(`'start' arg requires ${-n} <= start < ${n + 1}, but ${start} was passed in`);
  if (ax < st) st--;
  const axes = [...Array(n).keys()].filter((k) => k !== ax);
  axes.splice(st, 0, ax);
  return transpose(arr, axes);
}

/** `np.flip(m, axis = null)`: reversed along `axis` (all axes by default), a view. */
export function flip(m: unknown, axis: number | readonly number[] | null | { axis?: number | readonly number[] | null } = null): NDArray {
  const arr = asarray(m);
  if (axis !== null && typeof axis === "object" && !Array.isArray(axis)) axis = (axis as { axis?: number | null }).axis ?? null;
  const axes = axis === null ? [...Array(arr.ndim).keys()] : axisTuple(axis as number | number[], arr.ndim);
  const view: AxisView = {
    shape: arr.shape, axis: arr.shape.map((_, i) => i), step: arr.shape.map((_, i) => (axes.includes(i) ? -1 : 1)),
    start: arr.shape.map((n, i) => (axes.includes(i) && n > 0 ? n - 1 : 0)),
  };
  return viewOf(arr, view);
}

/** `np.fliplr(m)`: columns reversed (a view). */
export function fliplr(m: unknown): NDArray {
  const arr = asarray(m);
  if (arr.ndim < 2) throw new ValueError("Input must be >= 2-d.");
  return flip(arr, 1);
}

/** `np.flipud(m)`: rows reversed (a view). */
export function flipud(m: unknown): NDArray {
  const arr = asarray(m);
  if (arr.ndim < 1) throw new ValueError("Input must be >= 1-d.");
  return flip(arr, 0);
}

/** `np.rot90(m, k = 1, axes = [0, 1])`: rotated by 90° k times in the plane of `axes` (a view). */
export function rot90(m: unknown, k: number | { k?: number; axes?: readonly number[] } = 1, axes: readonly number[] | { axes?: readonly number[] } = [0, 1]): NDArray {
  if (typeof k === "object") ({ k = 1, axes = [0, 1] } = k as { k?: number; axes?: readonly number[] });
  if (!Array.isArray(axes)) axes = (axes as { axes?: readonly number[] }).axes ?? [0, 1];
  const ax = [...(axes as readonly number[])];
  if (ax.length !== 2) throw new ValueError("len(axes) must be 2.");
  const arr = asarray(m);
  if (ax[0] === ax[1] || Math.abs(ax[0] - ax[1]) === arr.ndim) throw new ValueError("Axes must be different.");
  if (ax.some((x) => x >= arr.ndim || x < -arr.ndim)) throw new ValueError(`Axes=(${ax[0]}, ${ax[1]}) out of range for array of ndim=${arr.ndim}.`);
  const kk = (((k as number) % 4) + 4) % 4;
  if (kk === 0) return viewOf(arr, identityView(arr.shape));
  if (kk === 2) return flip(flip(arr, ax[0]), ax[1]);
  const perm = [...Array(arr.ndim).keys()];
  const [i, j] = ax.map((x) => (x < 0 ? x + arr.ndim : x));
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return kk === 1 ? transpose(flip(arr, ax[1]), perm) : flip(transpose(arr, perm), ax[1]);
}

const axisIn = (axis: number, ndim: number, name: string): number => {
  try { return normAxis(axis, ndim); } catch (e) {
    if (e instanceof AxisError) throw new AxisError(`${name}: ${e.message}`);
    throw e;
  }
};

/**
 * `np.diagonal(a, offset = 0, axis1 = 0, axis2 = 1)`: the diagonal of the (axis1, axis2)
 * planes as the last axis of a read-only view. Example: `np.diagonal(a, 1)`.
 */
export function diagonal(a: unknown, ...args: unknown[]): NDArray {
  const arr = asarray(a);
  const o = argsOf(["offset", "axis1", "axis2"], args);
  const offset = intArg(o.offset ?? 0);
  if (arr.ndim < 2) throw new ValueError("diag requires an array of at least two dimensions");
  const a1 = axisIn(intArg(o.axis1 ?? 0), arr.ndim, "axis1"), a2 = axisIn(intArg(o.axis2 ?? 1), arr.ndim, "axis2");
  if (a1 === a2) throw new ValueError("axis1 and axis2 cannot be the same");
  const n = arr.shape[a1], m = arr.shape[a2];
  const len = Math.max(0, offset >= 0 ? Math.min(n, m - offset) : Math.min(n + offset, m));
  const r0 = len > 0 ? (offset >= 0 ? 0 : -offset) : 0, c0 = len > 0 ? (offset >= 0 ? offset : 0) : 0;
  const others = [...Array(arr.ndim).keys()].filter((k) => k !== a1 && k !== a2);
  const shape = [...others.map((k) => arr.shape[k]), len];
  const node = arr._node;
  let v: NDArray;
  if (node.kind === "buffer") {
    const s = node.strides;
    const layout = { shape, strides: [...others.map((k) => s[k]), s[a1] + s[a2]], offset: node.offset + r0 * s[a1] + c0 * s[a2] };
    v = fromBuffer(node.storage, arr.dtype, layout, arr._base && !arr._viewSpec ? arr._base : arr);
  } else {
    // a pending result is C-contiguous: its diagonal is a strided view of its flat elements
    const cs = cStrides(arr.shape);
    const flat = reshapeOf(arr, [arr.size])!;
    v = viewOf(flat, { shape, axis: shape.map(() => 0), step: [...others.map((k) => cs[k]), cs[a1] + cs[a2]], start: [r0 * cs[a1] + c0 * cs[a2]] });
  }
  if (v.size === 0) v = orEmpty(v);
  v._writeable = false;
  return v;
}

// ---- memory order ------------------------------------------------------------------------

/** A lazy C-ordered copy of `a` (dtype `d`). */
function cCopy(a: NDArray, d: DType = a.dtype): NDArray {
  return lazy({ ...copyNode(a, d), order: "C" } as Node, d);
}

/** A copy of `a` in memory order `order` (NumPy's `a.copy(order)`: C, F, A or K). */
export function copyInOrder(a: NDArray, order: string = "C", d: DType = a.dtype): NDArray {
  // A and K keep an F layout (K of a pending array: the scheduler's K order)
  if (order === "K" && a.isPending) return lazy(copyNode(a, d), d);
  if (order === "A" || order === "K") order = a.ndim > 1 && a.flags.fContiguous && !a.flags.cContiguous ? "F" : "C";
  if (order === "F") return lazy({ ...copyNode(a, d), order: "F" } as Node, d);
  if (order !== "C") throw new ValueError(`order must be one of 'C', 'F', 'A', or 'K' (got '${order}')`);
  return cCopy(a, d);
}

const dtypeArg = (x: unknown, a: NDArray): DType => (x === undefined || x === null ? a.dtype : toDType(x as DTypeLike));

/** `np.ascontiguousarray(a, dtype?)`: `a` itself when already C-contiguous (at least 1-d), else a C copy. */
export function ascontiguousarray(a: unknown, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }): NDArray {
  const arr = asarray(a);
  const d = dtypeArg(typeof dtype === "object" && !(dtype instanceof DType) && dtype !== null ? dtype.dtype : dtype, arr);
  const one = arr.ndim === 0 ? reshape(arr, [1]) : arr;
  if (!one.isPending && one.dtype.equals(d) && one.flags.cContiguous) return one;
  return cCopy(one, d);
}

/** `np.asfortranarray(a, dtype?)`: `a` itself when already F-contiguous (at least 1-d), else an F copy. */
export function asfortranarray(a: unknown, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }): NDArray {
  const arr = asarray(a);
  const d = dtypeArg(typeof dtype === "object" && !(dtype instanceof DType) && dtype !== null ? dtype.dtype : dtype, arr);
  const one = arr.ndim === 0 ? reshape(arr, [1]) : arr;
  if (!one.isPending && one.dtype.equals(d) && one.flags.fContiguous) return one;
  return copyInOrder(one, "F", d);
}
Object.defineProperty(NDArray.prototype, "diagonal", {
  value: function (this: NDArray, ...args: unknown[]) { return diagonal(this, ...args); },
  writable: true, configurable: true,
});
