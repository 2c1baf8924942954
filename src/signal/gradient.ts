// np.gradient: second-order central differences inside, first- or second-order one-sided
// differences at the edges (NumPy 1.24's formulas). A lazy composition of views and
// ufuncs: the pieces of each axis are concatenated and fuse with what they read.

import { TypeError, ValueError, signalMsg as M } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, viewOf } from "../ndarray.js";
import { asarray } from "../creation.js";
import { basicView, Slice, type IndexItem } from "../indexing.js";
import { normAxis } from "../broadcast.js";
import { concatenate, intArg } from "../join.js";
import { reshape } from "../shape.js";
import { add, multiply } from "../ufunc.js";
import { doublesOf } from "../histogram.js";

const float64 = dt("float64");

export interface GradientOptions {
  /** The axis or axes to differentiate along (default all). */
  axis?: number | readonly number[] | null;
  /** 1 or 2: the order of the one-sided differences at the edges (default 1). */
  edgeOrder?: number;
}

/** `f` sliced along `axis` from `start` to `stop` (null: the end). */
function along(f: NDArray, axis: number, start: number, stop: number | null): NDArray {
  const items: IndexItem[] = f.shape.map((_, i) => (i === axis ? new Slice(start, stop) : new Slice()));
  return viewOf(f, basicView(f.shape, items));
}

/** The spacing of one axis: a number (uniform) or the n-1 differences of its coordinates. */
type Spacing = number | Float64Array;

function spacingOf(d: unknown, len: number): Spacing {
  if (typeof d === "number") return d;
  const a = asarray(d);
  if (a.ndim === 0) return Number(a.item());
  if (a.ndim !== 1) throw new ValueError(M.distances);
  if (a.size !== len) throw new ValueError(M.distancesLength);
  const v = doublesOf(a._buffer());
  const diff = new Float64Array(Math.max(0, v.length - 1)).map((_, i) => v[i + 1] - v[i]);
  return diff.length && diff.every((x) => x === diff[0]) ? diff[0] : diff;
}

/** a*x + b*y + c*z with a, b, c scalars or arrays shaped to broadcast along the axis. */
const combine = (a: number | NDArray, x: NDArray, b: number | NDArray, y: NDArray, c: number | NDArray, z: NDArray): NDArray =>
  add(add(multiply(a, x), multiply(b, y)), multiply(c, z));

function gradientAlong(f: NDArray, axis: number, dx: Spacing, edgeOrder: number): NDArray {
  const n = f.shape[axis];
  if (n < edgeOrder + 1) throw new ValueError(M.gradientSmall);
  const shapeFor = (k: number) => f.shape.map((s, i) => (i === axis ? k : 1));
  let interior: NDArray;
  if (typeof dx === "number") interior = along(f, axis, 2, null).sub(along(f, axis, 0, -2)).div(2.0 * dx);
  else {
    const m = n - 2, A = new Float64Array(m), B = new Float64Array(m), C = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const d1 = dx[i], d2 = dx[i + 1];
      A[i] = -d2 / (d1 * (d1 + d2));
      B[i] = (d2 - d1) / (d1 * d2);
      C[i] = d1 / (d2 * (d1 + d2));
    }
    const r = (v: Float64Array) => reshape(asarray(v), shapeFor(m));
    interior = combine(r(A), along(f, axis, 0, -2), r(B), along(f, axis, 1, -1), r(C), along(f, axis, 2, null));
  }
  let first: NDArray, last: NDArray;
  const at = (i: number) => along(f, axis, i < 0 ? n + i : i, i < 0 ? (n + i + 1) : i + 1);
  if (edgeOrder === 1) {
    first = at(1).sub(at(0)).div(typeof dx === "number" ? dx : dx[0]);
    last = at(-1).sub(at(-2)).div(typeof dx === "number" ? dx : dx[dx.length - 1]);
  } else {
    let a: number, b: number, c: number;
    if (typeof dx === "number") { a = -1.5 / dx; b = 2.0 / dx; c = -0.5 / dx; }
    else {
      const d1 = dx[0], d2 = dx[1];
      a = -(2.0 * d1 + d2) / (d1 * (d1 + d2)); b = (d1 + d2) / (d1 * d2); c = -d1 / (d2 * (d1 + d2));
    }
    first = combine(a, at(0), b, at(1), c, at(2));
    if (typeof dx === "number") { a = 0.5 / dx; b = -2.0 / dx; c = 1.5 / dx; }
    else {
      const d1 = dx[dx.length - 2], d2 = dx[dx.length - 1];
      a = d2 / (d1 * (d1 + d2)); b = -(d2 + d1) / (d1 * d2); c = (2.0 * d2 + d1) / (d2 * (d1 + d2));
    }
    last = combine(a, at(-3), b, at(-2), c, at(-1));
  }
  const dtype = f.dtype.kind === "f" || f.dtype.kind === "c" ? f.dtype : float64;
  return concatenate([first, interior, last], axis).astype(dtype, { copy: false });
}

/**
 * `np.gradient(f, ...spacing, { axis, edgeOrder })`: one array per axis (one array when
 * there is one axis). Example: `np.gradient([1, 2, 4, 7])` → [1, 1.5, 2.5, 3].
 */
export function gradient(f: unknown, ...args: unknown[]): NDArray | NDArray[] {
  const list = [...args];
  const last = list[list.length - 1];
  const o: GradientOptions = last !== null && typeof last === "object" && !(last instanceof NDArray) && !Array.isArray(last) && !ArrayBuffer.isView(last)
    ? (list.pop() as GradientOptions) : {};
  let F = asarray(f);
  const N = F.ndim;
  const axes = o.axis === null || o.axis === undefined ? [...Array(N).keys()]
    : (typeof o.axis === "number" ? [o.axis] : [...o.axis]).map((a) => normAxis(intArg(a), N));
  if (new Set(axes).size !== axes.length) throw new ValueError("repeated axis");
  let dx: Spacing[];
  if (list.length === 0) dx = axes.map(() => 1.0);
  else if (list.length === 1 && (typeof list[0] === "number" || (list[0] instanceof NDArray && list[0].ndim === 0))) {
    const d = spacingOf(list[0], 0);
    dx = axes.map(() => d);
  } else if (list.length === axes.length) dx = list.map((d, i) => spacingOf(d, F.shape[axes[i]]));
  else throw new TypeError(M.gradientArgs);
  const edgeOrder = o.edgeOrder ?? 1;
  if (edgeOrder > 2) throw new ValueError(M.edgeOrder);
  // NumPy converts integers only: booleans reach its subtraction and fail there
  if (F.dtype.kind === "b") throw new TypeError(M.boolSubtract);
  if (F.dtype.kind !== "f" && F.dtype.kind !== "c") F = F.astype(float64);
  const out = axes.map((ax, i) => gradientAlong(F, ax, dx[i], edgeOrder));
  return out.length === 1 ? out[0] : out;
}
