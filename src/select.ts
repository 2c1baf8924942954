// Selection: positions of nonzero elements, take/put and their along-axis forms, masks
// (compress, extract, place, putmask), choose and piecewise.
//
// Results whose shape depends on values (nonzero, compress...) read those values at the
// call; the data they select stays lazy (a gather node). Writes (put, place, putmask,
// putAlongAxis) go through the scatter of advanced.ts or one fused `where` write.

import { wrapElements } from "../runtime/buffer.js";
import { cStrides, identityView, newNodeId, type Node } from "../compiler/ir.js";
import { IndexError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { dt, type DType } from "./dtype.js";
import { normAxis } from "./broadcast.js";
import { NDArray, assignNode, fromBuffer, lazy, mayOverlapItself } from "./ndarray.js";
import { StructuredArray, structuredWhere } from "./structured/array.js";
import { arange, asarray, flatValues, zerosLike } from "./creation.js";
import { commonDType, prepare, where as where3, logicalNot, type ArrayLike } from "./ufunc.js";
import { any as anyOf } from "./reductions.js";
import { argsOf, broadcastOrThrow, concatenate, flat, intArg, isOptions, tile } from "./join.js";
import { reshape, transpose } from "./shape.js";
import { nonzeroCoords, planIndex, type IndexItem } from "./indexing.js";
import { flatPlan, gatherC, getIndex, scatter, setIndex } from "./advanced.js";

export type Mode = "raise" | "wrap" | "clip";

/** @internal an int32 array over JS-computed values (numfuse's intp). */
export function intArray(values: Int32Array, shape: readonly number[] = [values.length]): NDArray {
  return fromBuffer(wrapElements("int32", values), dt("int32"), { shape, strides: cStrides(shape), offset: 0 });
}

/** An index argument's values (read now), as integers. */
function indexValues(x: unknown): { values: number[]; shape: number[] } {
  const a = Array.isArray(x) && x.length === 0 ? asarray([], "int32") : asarray(x);
  if (a.dtype.kind === "c" || a.dtype.kind === "U") throw new TypeError(`Cannot cast array data from dtype('${a.dtype}') to dtype('int64') according to the rule 'safe'`);
  return { values: flatValues(a).map((v) => Math.trunc(Number(v))), shape: [...a.shape] };
}

/** `v` as a position on an axis of size n under NumPy's clip modes; null when out of range under "raise". */
export function underMode(v: number, n: number, mode: Mode): number | null {
  if (mode === "wrap") return ((v % n) + n) % n;
  if (mode === "clip") return Math.min(Math.max(v, 0), n - 1);
  return v >= 0 && v < n ? v : null;
}

/** Index values for an axis of size n under `mode`, as non-negative positions ("raise": negatives count from the end). */
function modeValues(values: readonly number[], n: number, mode: Mode, axis: number): Int32Array {
  if (n === 0 && values.length) throw new IndexError("cannot do a non-empty take from an empty axes.");
  return Int32Array.from(values, (v) => {
    const p = underMode(mode === "raise" && v < 0 ? v + n : v, n, mode);
    if (p === null) throw new IndexError(msg.index(v, axis, n));
    return p;
  });
}

export function checkMode(m: unknown): Mode {
  if (m === undefined || m === null) return "raise";
  if (m !== "raise" && m !== "wrap" && m !== "clip") throw new ValueError(`clipmode must be one of 'clip', 'raise', or 'wrap' (got '${String(m)}')`);
  return m;
}

/** Writes `node` into `out` when given (shape checked), else wraps it. */
function toOut(node: Node, d: DType, out: unknown): NDArray {
  if (out === undefined || out === null) return lazy(node, d);
  if (!(out instanceof NDArray)) throw new TypeError("output must be an array");
  if (out.ndim !== node.shape.length || out.shape.some((n, i) => n !== node.shape[i])) throw new ValueError("output array does not match result of ndarray.take");
  assignNode(out, node);
  return out;
}

// ---- nonzero and friends -----------------------------------------------------------------

/** `np.nonzero(a)`: the indices of nonzero elements, one int32 array per axis. Example: `const [i, j] = np.nonzero(a)`. */
export function nonzero(a: unknown): NDArray[] {
  let arr = asarray(a);
  if (arr.ndim === 0) arr = reshape(arr, [1]); // NumPy 1.24 (deprecated): as a 1-d array
  const m = arr.dtype.kind === "b" ? arr : arr.astype("bool");
  return nonzeroCoords(m).map((c) => intArray(c));
}

/** `np.flatnonzero(a)`: indices of nonzero elements of the flattened array. */
export function flatnonzero(a: unknown): NDArray {
  return nonzero(flat(asarray(a)))[0];
}

/** `np.argwhere(a)`: an (N, a.ndim) int32 array of the indices of nonzero elements. */
export function argwhere(a: unknown): NDArray {
  const arr = asarray(a);
  if (arr.ndim === 0) {
    const r = argwhere(reshape(arr, [1]));
    return r.get(":, :0");
  }
  const coords = nonzeroCoords(arr.dtype.kind === "b" ? arr : arr.astype("bool"));
  const n = coords.length ? coords[0].length : 0;
  const all = new Int32Array(n * arr.ndim);
  coords.forEach((c, d) => all.set(c, d * n));
  return transpose(intArray(all, [arr.ndim, n])); // NumPy's transpose(nonzero(a)): F-ordered
}

/**
 * `np.where(condition, x, y)`: `x` where condition holds, else `y`; `np.where(condition)`
 * is `np.nonzero(condition)`. Example: `np.where(a.gt(0), a, 0)`.
 */
export function where(condition: ArrayLike): NDArray[];
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray;
export function where(condition: ArrayLike, x?: ArrayLike, y?: ArrayLike): NDArray | NDArray[] {
  if (x === undefined && y === undefined) return nonzero(condition);
  if (x === undefined || y === undefined) throw new ValueError("either both or neither of x and y should be given");
  if (x instanceof StructuredArray || y instanceof StructuredArray) return structuredWhere(condition, x, y);
  return where3(condition, x, y);
}

// ---- take and put --------------------------------------------------------------------------

/**
 * `np.take(a, indices, axis = null, out = null, mode = "raise")`: elements at `indices`
 * along `axis` (of the flattened array when null). Example: `np.take(a, [0, 2], 1)`.
 */
export function take(a: unknown, indices: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis", "out", "mode"], args);
  let arr = asarray(a);
  if (o.axis === undefined || o.axis === null) arr = flat(arr);
  const axis = normAxis(intArg(o.axis ?? 0), arr.ndim);
  const { values, shape } = indexValues(indices);
  const v = modeValues(values, arr.shape[axis], checkMode(o.mode), axis);
  const plan = { view: identityView(arr.shape), adv: [{ axis, values: v }], bshape: shape, at: axis, fullMask: null };
  if (arr.dtype.kind === "V" && !o.out) return gatherC(arr, plan); // structured: gathered field by field
  return toOut(gatherC(arr, plan)._node, arr.dtype, o.out);
}

/** The values of `v` cast to `d`, repeated cyclically to `n` elements (NumPy's put/place). */
function cycled(v: unknown, n: number, d: DType): NDArray | null {
  const src = asarray(v);
  if (src.size === 0) return null;
  const f = flat(src), reps = Math.ceil(n / f.size);
  return (reps > 1 ? tile(f, reps) : f).get(`:${n}`).astype(d);
}

/** `np.put(a, ind, v, mode = "raise")`: writes `v` (cycled) at flat positions `ind`, in place. */
export function put(a: NDArray, ind: unknown, v: unknown, ...args: unknown[]): void {
  if (!(a instanceof NDArray)) throw new TypeError(`argument 1 must be numpy.ndarray, not ${Array.isArray(a) ? "list" : typeof a}`);
  const o = argsOf(["mode"], args);
  const { values } = indexValues(ind);
  if (values.length === 0) return;
  const vals = cycled(v, values.length, a.dtype);
  if (!vals) return;
  if (a.size === 0) throw new IndexError("cannot replace elements of an empty array");
  scatter(a, flatPlan(a.shape, modeValues(values, a.size, checkMode(o.mode), 0)), vals);
}

/** The fancy index NumPy's take_along_axis builds: aranges on the other axes, `indices` on `axis`. */
function alongAxisIndex(shape: readonly number[], indices: NDArray, axis: number): IndexItem[] {
  if (indices.dtype.kind !== "i" && indices.dtype.kind !== "u") throw new IndexError("`indices` must be an integer array");
  if (shape.length !== indices.ndim) throw new ValueError("`indices` and `arr` must have the same number of dimensions");
  return shape.map((n, d) => (d === axis ? indices : reshape(arange(n), shape.map((_, k) => (k === d ? n : 1)))));
}

/** `np.takeAlongAxis(arr, indices, axis)`: picks along `axis` by matching indices (argsort results). */
export function takeAlongAxis(arr: unknown, indices: unknown, axis: number | null | { axis?: number | null }): NDArray {
  if (isOptions(axis)) axis = (axis as { axis?: number | null }).axis ?? null;
  let a = asarray(arr);
  const ind = asarray(indices);
  if (axis === null || axis === undefined) { a = flat(a); axis = 0; }
  const ax = normAxis(axis as number, a.ndim);
  return getIndex(a, alongAxisIndex(a.shape, ind, ax));
}

/** `np.putAlongAxis(arr, indices, values, axis)`: writes along `axis` by matching indices, in place. */
export function putAlongAxis(arr: NDArray, indices: unknown, values: ArrayLike, axis: number | null | { axis?: number | null }): void {
  if (isOptions(axis)) axis = (axis as { axis?: number | null }).axis ?? null;
  const ind = asarray(indices);
  if (axis === null || axis === undefined) {
    alongAxisIndex([arr.size], ind, 0); // the checks
    const plan = planIndex([arr.size], [ind]);
    scatter(arr, flatPlan(arr.shape, plan.adv[0].values), values);
    return;
  }
  const ax = normAxis(axis as number, arr.ndim);
  setIndex(arr, alongAxisIndex(arr.shape, ind, ax), values);
}

// ---- masks ---------------------------------------------------------------------------------

/** `np.compress(condition, a, axis = null, out = null)`: the slices along `axis` where condition holds. */
export function compress(condition: unknown, a: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis", "out"], args);
  const c = asarray(condition);
  if (c.ndim !== 1) throw new ValueError("condition must be a 1-d array");
  return take(a, nonzero(c)[0], { axis: o.axis ?? null, out: o.out ?? null });
}

/** `np.extract(condition, arr)`: the elements of `arr` where condition holds (flattened). */
export function extract(condition: unknown, arr: unknown): NDArray {
  return take(flat(asarray(arr)), nonzero(flat(asarray(condition)))[0]);
}

/** `np.place(arr, mask, vals)`: writes `vals` (cycled) where mask holds, in place. */
export function place(arr: NDArray, mask: unknown, vals: unknown): void {
  if (!(arr instanceof NDArray)) throw new TypeError(`argument 1 must be numpy.ndarray, not ${Array.isArray(arr) ? "list" : typeof arr}`);
  const m = asarray(mask);
  if (m.size !== arr.size) throw new ValueError("place: mask and data must be the same size");
  const [pos] = nonzeroCoords(flat(m.dtype.kind === "b" ? m : m.astype("bool")));
  if (pos.length === 0) return;
  const v = cycled(vals, pos.length, arr.dtype);
  if (!v) throw new ValueError("Cannot insert from an empty array!");
  scatter(arr, flatPlan(arr.shape, pos), v);
}

/** `np.putmask(a, mask, values)`: `a[i] = values[i % values.size]` where mask holds: one fused write. */
export function putmask(a: NDArray, mask: unknown, values: unknown): void {
  if (!(a instanceof NDArray)) throw new TypeError(`putmask() argument 1 must be numpy.ndarray, not ${Array.isArray(a) ? "list" : typeof a}`);
  const m = asarray(mask);
  if (m.size !== a.size) throw new ValueError("putmask: mask and data must be the same size");
  const v = cycled(values, a.size, a.dtype);
  if (!v) return;
  const mb = m.dtype.kind === "b" ? m : m.astype("bool");
  const t = a._buffer();
  if (mayOverlapItself(t)) {
    // elements share memory: write only the masked ones (a where() would rewrite the others)
    const [pos] = nonzeroCoords(flat(mb));
    scatter(a, flatPlan(a.shape, pos), take(v, intArray(pos)));
    return;
  }
  assignNode(a, { kind: "map", id: newNodeId(), op: "where", dtype: a.dtype.id, shape: a.shape, inputs: [reshape(mb, a.shape)._node, reshape(v, a.shape)._node, t] });
}

// ---- choose and piecewise -------------------------------------------------------------------

/**
 * `np.choose(a, choices, out = null, mode = "raise")`: `choices[a[i]][i]`, elementwise
 * (broadcast): a chain of fused `where`s. Example: `np.choose([0, 1, 0], [x, y])`.
 */
export function choose(a: unknown, choices: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["out", "mode"], args);
  const list = choices instanceof NDArray ? Array.from({ length: choices.shape[0] }, (_, i) => choices.get(i)) : [...(choices as unknown[])];
  if (list.length === 0) throw new ValueError("0-length sequence.");
  const idx = asarray(a);
  const ps = list.map((c) => prepare(c as ArrayLike));
  const shape = broadcastOrThrow([...ps.map((p) => p.node.shape), idx.shape]); // NumPy names the choices first
  const d = commonDType(ps);
  const mode = checkMode(o.mode), n = list.length;
  const vals = Int32Array.from(flatValues(idx), (v) => {
    const k = underMode(Math.trunc(Number(v)), n, mode);
    if (k === null) throw new ValueError("invalid entry in choice array");
    return k;
  });
  const which = intArray(vals, idx.shape)._node;
  const asD = (i: number): Node => {
    const p = ps[i];
    if (p.weak) return { ...p.node, id: newNodeId(), dtype: d.id };
    return p.dtype.id === d.id ? p.node : { kind: "map", id: newNodeId(), op: "cast", dtype: d.id, shape: p.node.shape, inputs: [p.node] };
  };
  let node = asD(n - 1);
  for (let i = n - 2; i >= 0; i--) {
    const eq: Node = { kind: "map", id: newNodeId(), op: "equal", dtype: "bool", shape: idx.shape, inputs: [which, { kind: "const", id: newNodeId(), dtype: "int32", shape: [], value: i }] };
    node = { kind: "map", id: newNodeId(), op: "where", dtype: d.id, shape, inputs: [eq, asD(i), node] };
  }
  if (node.shape.length !== shape.length) node = reshape(lazy(node, d), shape)._node; // a lone scalar choice
  return toOut(node, d, o.out);
}

type PieceFn = (x: NDArray, ...args: unknown[]) => unknown;

/**
 * `np.piecewise(x, condlist, funclist, ...args)`: each function (or value) applied where
 * its condition holds; an extra function applies where none does. Values fuse into one
 * `where` chain. Example: `np.piecewise(x, [x.lt(0), x.ge(0)], [-1, (v) => v.mul(2)])`.
 */
export function piecewise(x: unknown, condlist: unknown, funclist: readonly unknown[], ...args: unknown[]): NDArray {
  const xa = asarray(x);
  const first = condlist instanceof NDArray ? (condlist.ndim > 1 ? "array" : "scalar") : Array.isArray(condlist) && condlist.length ? (condlist[0] instanceof NDArray || Array.isArray(condlist[0]) ? "array" : "scalar") : "scalar";
  const wrap = !(condlist instanceof NDArray) && !Array.isArray(condlist) || (first === "scalar" && xa.ndim !== 0);
  const raw = wrap ? [condlist] : condlist instanceof NDArray ? Array.from({ length: condlist.shape[0] }, (_, i) => condlist.get(i)) : [...(condlist as unknown[])];
  let conds = raw.map((c) => asarray(c).astype("bool"));
  const n2 = funclist.length;
  if (conds.length === n2 - 1) {
    const stacked = conds.length ? concatenate(conds.map((c) => reshape(c, [1, ...c.shape])), 0) : null;
    conds = [...conds, stacked ? logicalNot(anyOf(stacked, 0)) : asarray(true)];
  } else if (conds.length !== n2) {
    throw new ValueError(`with ${conds.length} condition(s), either ${conds.length} or ${conds.length + 1} functions are expected`);
  }
  let y = zerosLike(xa);
  conds.forEach((cond, i) => {
    const f = funclist[i];
    if (typeof f === "function") {
      const vals = xa.get(cond);
      if (vals.size > 0) y.set(cond, (f as PieceFn)(vals, ...args) as ArrayLike);
    } else if (cond.ndim === xa.ndim && cond.shape.every((n, k) => n === xa.shape[k]) && asarray(f).size === 1) {
      y = where3(cond, asarray(f).astype(xa.dtype).reshape([]), y); // fused: no write needed
    } else {
      y.set(cond, f as ArrayLike);
    }
  });
  return y;
}

// ---- methods (typed with the class in ndarray.ts, so the types ship in the .d.ts) -----------

for (const [name, fn] of Object.entries({
  take(this: NDArray, indices: unknown, ...args: unknown[]) { return take(this, indices, ...args); },
  put(this: NDArray, ind: unknown, v: unknown, ...args: unknown[]) { put(this, ind, v, ...args); },
  nonzero(this: NDArray) { return nonzero(this); },
  compress(this: NDArray, condition: unknown, ...args: unknown[]) { return compress(condition, this, ...args); },
  choose(this: NDArray, choices: unknown, ...args: unknown[]) { return choose(this, choices, ...args); },
})) Object.defineProperty(NDArray.prototype, name, { value: fn, writable: true, configurable: true });
