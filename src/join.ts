// Joining, splitting and repetition.
//
// concatenate (and every stack built on it) is one opaque node: a hand-written copy of
// its materialized inputs into a fresh C-contiguous output; inputs that are pending views
// or expressions are computed straight into the layout the copy reads. tile and repeat
// by a scalar are broadcast views copied by a fused kernel and reshaped; repeat by an
// array of counts is an opaque gather. select is a chain of `where` maps. The splits
// return views.

import { STORAGE, type Elements } from "../runtime/dtypes.js";
import { allocStorage } from "../runtime/buffer.js";
import { cStrides, newNodeId, sizeOf, type AxisView, type Node, type OpaqueNode, type Scalar } from "../compiler/ir.js";
import { DType, dt, dtype as toDType, promoteTypes, canCastSafe, canCastSameKind, isComplexValue, scalarKind, type DTypeLike } from "./dtype.js";
import { IndexError, TypeError, ValueError } from "../runtime/errors.js";
import { broadcastShapes, normAxis } from "./broadcast.js";
import { NDArray, assignNode, fromBuffer, lazy, reshapeOf, structuredOps, viewOf } from "./ndarray.js";
import { asarray, copyNode, flatValues } from "./creation.js";
import { basicView, Slice } from "./indexing.js";
import { constNode, commonDType, prepare, type ArrayLike, type Prepared } from "./ufunc.js";

// ---- arguments ---------------------------------------------------------------------------

/** A trailing options object (a plain object that is not a complex scalar). */
export function isOptions(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x) || isComplexValue(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * NumPy-style arguments: positional values in `names` order, then an optional trailing
 * options object keyed by the same names (options win over positionals).
 */
export function argsOf(names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const list = [...args];
  const opts = list.length && isOptions(list[list.length - 1]) ? list.pop() : undefined;
  const out: Record<string, unknown> = {};
  list.forEach((v, i) => { if (v !== undefined && i < names.length) out[names[i]] = v; });
  if (isOptions(opts)) for (const [k, v] of Object.entries(opts)) if (v !== undefined) out[k] = v;
  return out;
}

/** A sequence of arrays: a JS list of array-likes, or an NDArray split along its first axis. */
function arraysOf(seq: unknown): NDArray[] {
  if (seq instanceof NDArray) {
    if (seq.ndim === 0) throw new TypeError("iteration over a 0-d array");
    return Array.from({ length: seq.shape[0] }, (_, i) => viewOf(seq, basicView(seq.shape, [i])));
  }
  if (seq === null || seq === undefined || typeof (seq as Iterable<unknown>)[Symbol.iterator] !== "function" || typeof seq === "string")
    throw new TypeError(`'${seq === null || seq === undefined ? "NoneType" : typeof seq}' object is not iterable`);
  return Array.from(seq as Iterable<unknown>, (x) => asarray(x));
}

/** An integer argument, with Python's TypeError for anything else. */
export const intArg = (x: unknown): number => {
  if (typeof x === "bigint") return Number(x);
  if (typeof x !== "number" || !Number.isInteger(x)) throw new TypeError(`'${typeof x === "number" ? "float" : typeof x}' object cannot be interpreted as an integer`);
  return x;
};

/**
 * `a`, or a fresh empty array of its shape and dtype when it has no elements: nothing to
 * compute, and evaluating a pending zero-size expression currently fails in the core
 * (the scheduler emits no step for it, so its output buffer is never allocated).
 */
export function orEmpty(a: NDArray): NDArray {
  if (a.size !== 0 || !a.isPending) return a;
  return fromBuffer(allocStorage(a.dtype.id, 0), a.dtype, { shape: a.shape, strides: cStrides(a.shape), offset: 0 });
}

// ---- casting -----------------------------------------------------------------------------

export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";
const CASTINGS: readonly Casting[] = ["no", "equiv", "safe", "same_kind", "unsafe"];

function checkCasting(c: unknown): Casting {
  if (!CASTINGS.includes(c as Casting)) throw new ValueError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe' (got '${String(c)}')`);
  return c as Casting;
}

/** NumPy's `can_cast(from, to, casting)`. */
export function canCast(from: DType, to: DType, casting: Casting): boolean {
  switch (casting) {
    case "no": case "equiv": return from.equals(to);
    case "safe":
      if (to.kind === "U" && from.kind !== "U") return from.id in STR_WIDTH && to.strlen >= STR_WIDTH[from.id];
      return canCastSafe(from, to);
    case "same_kind":
      if (to.kind === "U") return from.kind === "U" || from.id in STR_WIDTH;
      return canCastSameKind(from, to);
    case "unsafe": return true;
  }
}

function castError(from: DType, to: DType, casting: Casting): TypeError {
  return new TypeError(`Cannot cast array data from dtype('${from}') to dtype('${to}') according to the rule '${casting}'`);
}

/** Characters NumPy gives a number of each dtype converted to unicode. */
const STR_WIDTH: Record<string, number> = { bool: 5, int8: 4, int16: 6, int32: 11, int64: 21, uint8: 3, uint16: 5, uint32: 10, uint64: 20, float32: 32, float64: 32 };

/** NumPy 1.24's promote_types, which also joins numbers with strings (as their text). */
export function joinTypes(a: DType, b: DType): DType {
  if ((a.kind === "U") !== (b.kind === "U")) {
    const [s, n] = a.kind === "U" ? [a, b] : [b, a];
    if (n.id in STR_WIDTH) return dt("str", Math.max(s.strlen, STR_WIDTH[n.id]));
  }
  return promoteTypes(a, b);
}

/** `a`'s node converted to dtype `d` (no node when it already is). */
const nodeAs = (a: NDArray, d: DType): Node => (a.dtype.id === d.id ? a._node : copyNode(a, d));

// ---- the copy kernel ---------------------------------------------------------------------

interface Settable { set(src: unknown, offset: number): void; subarray(a: number, b: number): unknown }

/**
 * Copies the elements of a strided layout (`shape`, source offset and strides, in elements)
 * into another (destination offset and strides). `lanes` typed-array slots per element.
 */
export function copyStrided(
  shape: readonly number[], src: Elements, sOff: number, sStr: readonly number[],
  dst: Elements, dOff: number, dStr: readonly number[], lanes: number,
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const S = src as unknown as unknown[], D = dst as unknown as unknown[];
  const nd = shape.length;
  if (nd === 0) { for (let l = 0; l < lanes; l++) D[dOff * lanes + l] = S[sOff * lanes + l]; return; }
  const last = nd - 1, len = shape[last], ss = sStr[last] * lanes, ds = dStr[last] * lanes;
  const block = !Array.isArray(src) && !Array.isArray(dst) && (ss === lanes || len === 1) && (ds === lanes || len === 1);
  const idx = new Array<number>(nd).fill(0);
  let sp = sOff * lanes, dp = dOff * lanes;
  for (let r = n / len; r > 0; r--) {
    if (block) (dst as unknown as Settable).set((src as unknown as Settable).subarray(sp, sp + len * lanes), dp);
    else if (lanes === 1) for (let i = 0; i < len; i++) D[dp + i * ds] = S[sp + i * ss];
    else for (let i = 0; i < len; i++) { D[dp + i * ds] = S[sp + i * ss]; D[dp + i * ds + 1] = S[sp + i * ss + 1]; }
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++; sp += sStr[d] * lanes; dp += dStr[d] * lanes;
      if (idx[d] < shape[d]) break;
      sp -= sStr[d] * lanes * shape[d]; dp -= dStr[d] * lanes * shape[d]; idx[d] = 0;
    }
  }
}

/** Strings longer than a U<n> dtype allows are cut, as NumPy's cast does. */
function truncateStrings(out: Elements, d: DType): void {
  const a = out as string[];
  for (let i = 0; i < a.length; i++) if (a[i].length > d.strlen) a[i] = a[i].slice(0, d.strlen);
}

/** The opaque node joining `parts` (all of dtype `d`, shapes checked) along `axis`. */
function joinNode(parts: readonly NDArray[], nodes: readonly Node[], axis: number, d: DType): OpaqueNode {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis], 0);
  const truncate = d.kind === "U" && parts.some((p) => p.dtype.strlen > d.strlen);
  const lanes = STORAGE[d.id].lanes, ost = cStrides(shape);
  return {
    kind: "opaque", id: newNodeId(), name: "concatenate", dtype: d.id, shape, inputs: nodes,
    run: (ins, out) => {
      const dst = out.elementsAs(d.id);
      let at = 0;
      for (const b of ins) {
        copyStrided(b.shape, b.storage.elementsAs(d.id), b.offset, b.strides, dst, at * ost[axis], ost, lanes);
        at += b.shape[axis];
      }
      if (truncate) truncateStrings(dst, d);
    },
  };
}

// ---- concatenate and the stacks ------------------------------------------------------------

export interface JoinOptions { axis?: number | null; out?: NDArray | null; dtype?: DTypeLike | null; casting?: Casting }

/** Joins already-converted arrays (the checks NumPy makes, in its order). */
function join(arrays: NDArray[], axisArg: number | null | undefined, o: JoinOptions): NDArray {
  if (o.out && o.dtype !== undefined && o.dtype !== null)
    throw new TypeError("concatenate() only takes `out` or `dtype` as an argument, but both were provided.");
  const casting = checkCasting(o.casting ?? "same_kind");
  if (arrays.length === 0) throw new ValueError("need at least one array to concatenate");
  let axis: number;
  if (axisArg === null) {
    arrays = arrays.map((a) => flat(a));
    axis = 0;
  } else {
    const nd = arrays[0].ndim;
    if (nd === 0) throw new ValueError("zero-dimensional arrays cannot be concatenated");
    axis = normAxis(intArg(axisArg ?? 0), nd);
    arrays.forEach((a, i) => {
      if (a.ndim !== nd)
        throw new ValueError(`all the input arrays must have same number of dimensions, but the array at index 0 has ${nd} dimension(s) and the array at index ${i} has ${a.ndim} dimension(s)`);
      for (let k = 0; k < nd; k++)
        if (k !== axis && a.shape[k] !== arrays[0].shape[k])
          throw new ValueError(`all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${k}, the array at index 0 has size ${arrays[0].shape[k]} and the array at index ${i} has size ${a.shape[k]}`);
    });
  }
  const shape = [...arrays[0].shape];
  shape[axis] = arrays.reduce((s, a) => s + a.shape[axis], 0);
  if (o.out) {
    const out = o.out;
    if (axisArg === null) {
      if (out.size !== shape[0]) throw new ValueError("Output array is the wrong size");
    } else {
      if (out.ndim !== shape.length) throw new ValueError("Output array has wrong dimensionality");
      if (out.shape.some((n, i) => n !== shape[i])) throw new ValueError("Output array is the wrong shape");
    }
    for (const a of arrays) if (!canCast(a.dtype, out.dtype, casting)) throw castError(a.dtype, out.dtype, casting);
    let node: Node = joinNode(arrays, arrays.map((a) => nodeAs(a, out.dtype)), axis, out.dtype);
    if (axisArg === null) node = { kind: "reshape", id: newNodeId(), dtype: node.dtype, shape: out.shape, input: node };
    assignNode(out, node);
    return out;
  }
  const d = o.dtype !== undefined && o.dtype !== null ? toDType(o.dtype) : arrays.map((a) => a.dtype).reduce(joinTypes);
  if (d.kind === "V") return structuredOps.join!(arrays.map((a) => (a.dtype.equals(d) ? a : a.astype(d))), axis); // field by field
  for (const a of arrays) if (!canCast(a.dtype, d, casting)) throw castError(a.dtype, d, casting);
  return lazy(joinNode(arrays, arrays.map((a) => nodeAs(a, d)), axis, d), d);
}

/** `a` flattened in C order (a view when it can be). */
export function flat(a: NDArray): NDArray {
  return reshapeOf(a, [a.size]) ?? reshapeOf(lazy(copyNode(a), a.dtype), [a.size])!;
}

/**
 * `np.concatenate(arrays, axis = 0, { out, dtype, casting })`: joins arrays along an
 * existing axis (`axis: null` flattens them first). Example: `np.concatenate([a, b], 1)`.
 */
export function concatenate(arrays: unknown, ...args: (number | null | JoinOptions | NDArray | undefined)[]): NDArray {
  const o = argsOf(["axis", "out"], args) as JoinOptions;
  return join(arraysOf(arrays), "axis" in o ? o.axis : 0, o);
}

/** `np.stack(arrays, axis = 0, { out, dtype, casting })`: joins arrays along a new axis. */
export function stack(arrays: unknown, ...args: (number | JoinOptions | NDArray | undefined)[]): NDArray {
  const o = argsOf(["axis", "out"], args) as JoinOptions;
  const arrs = arraysOf(arrays);
  if (arrs.length === 0) throw new ValueError("need at least one array to stack");
  const s0 = arrs[0].shape;
  if (arrs.some((a) => a.ndim !== s0.length || a.shape.some((n, i) => n !== s0[i]))) throw new ValueError("all input arrays must have the same shape");
  const axis = normAxis(intArg(o.axis ?? 0), s0.length + 1);
  return join(arrs.map((a) => insertAxis(a, axis)), axis, o);
}

/** A view of `a` with a new size-1 axis at `axis`. */
function insertAxis(a: NDArray, axis: number): NDArray {
  const shape = [...a.shape], ax = a.shape.map((_, i) => i), step = a.shape.map(() => 1);
  shape.splice(axis, 0, 1); ax.splice(axis, 0, -1); step.splice(axis, 0, 0);
  return viewOf(a, { shape, axis: ax, step, start: a.shape.map(() => 0) });
}

/** A view of `a` with `shape` (same elements, size-1 axes added): NumPy's atleast_nd reshapes. */
function padTo(a: NDArray, shape: readonly number[]): NDArray {
  return reshapeOf(a, shape) ?? reshapeOf(lazy(copyNode(a), a.dtype), shape)!;
}
const atleast1d = (a: NDArray) => (a.ndim === 0 ? padTo(a, [1]) : a);
const atleast2d = (a: NDArray) => (a.ndim === 0 ? padTo(a, [1, 1]) : a.ndim === 1 ? padTo(a, [1, a.shape[0]]) : a);
const atleast3d = (a: NDArray) =>
  a.ndim === 0 ? padTo(a, [1, 1, 1]) : a.ndim === 1 ? padTo(a, [1, a.shape[0], 1]) : a.ndim === 2 ? padTo(a, [...a.shape, 1]) : a;

type StackOptions = Pick<JoinOptions, "dtype" | "casting">;

/** `np.vstack(tup, { dtype, casting })`: stacks rows (1-D arrays become rows). */
export function vstack(tup: unknown, opts: StackOptions = {}): NDArray {
  return join(arraysOf(tup).map(atleast2d), 0, opts);
}
/** `np.rowStack(tup)`: the same as `vstack`. */
export const rowStack = vstack;

/** `np.hstack(tup, { dtype, casting })`: stacks columns (1-D arrays are joined end to end). */
export function hstack(tup: unknown, opts: StackOptions = {}): NDArray {
  const arrs = arraysOf(tup).map(atleast1d);
  return join(arrs, arrs.length && arrs[0].ndim === 1 ? 0 : 1, opts);
}

/** `np.dstack(tup)`: stacks along the third axis. */
export function dstack(tup: unknown): NDArray {
  return join(arraysOf(tup).map(atleast3d), 2, {});
}

/** `np.columnStack(tup)`: 1-D arrays become columns of a 2-D array. */
export function columnStack(tup: unknown): NDArray {
  const arrs = arraysOf(tup).map((a) => (a.ndim >= 2 ? a : a.ndim === 1 ? padTo(a, [a.shape[0], 1]) : padTo(a, [1, 1])));
  return join(arrs, 1, {});
}

// ---- tile and repeat -------------------------------------------------------------------------

/** A C-contiguous copy of the view `v` of `a`, reshaped to `shape`. */
function copyReshaped(a: NDArray, v: AxisView, shape: readonly number[]): NDArray {
  return orEmpty(reshapeOf(orEmpty(lazy(copyNode(viewOf(a, v)), a.dtype)), shape)!);
}

/** `np.tile(A, reps)`: `A` repeated `reps` times along each axis. Example: `np.tile(a, [2, 1])`. */
export function tile(A: unknown, reps: number | readonly number[] | { reps?: number | readonly number[] }): NDArray {
  if (isOptions(reps)) reps = (reps as { reps: number | readonly number[] }).reps;
  const tup = (typeof reps === "number" ? [reps] : [...(reps as readonly number[])]).map(intArg);
  let c = A instanceof NDArray ? A : asarray(A);
  if (tup.length > c.ndim) c = padTo(c, [...Array(tup.length - c.ndim).fill(1), ...c.shape]);
  const t = [...Array(c.ndim - tup.length).fill(1), ...tup];
  if (t.some((n) => n < 0)) throw new ValueError("negative dimensions are not allowed");
  const outShape = c.shape.map((n, i) => n * t[i]);
  if (t.every((n) => n === 1)) return orEmpty(lazy(copyNode(c), c.dtype));
  // (t0, s0, t1, s1, ...) with the t axes broadcast, copied, then merged pairwise
  const shape: number[] = [], axis: number[] = [], step: number[] = [];
  c.shape.forEach((n, i) => { shape.push(t[i], n); axis.push(-1, i); step.push(0, 1); });
  return copyReshaped(c, { shape, axis, step, start: c.shape.map(() => 0) }, outShape);
}

/** The repeat counts as JS integers (a scalar, or one count per element along the axis). */
function repeatCounts(repeats: unknown): number | number[] {
  if (typeof repeats === "number" || typeof repeats === "bigint" || typeof repeats === "boolean") return Math.trunc(Number(repeats));
  const r = asarray(repeats);
  if (r.ndim > 1) throw new ValueError("object too deep for desired array");
  if (r.dtype.kind === "U" || r.dtype.kind === "c") throw new TypeError(`Cannot cast array data from dtype('${r.dtype}') to dtype('int64') according to the rule 'safe'`);
  const vals = flatValues(r).map((v) => Math.trunc(Number(v)));
  return r.ndim === 0 ? vals[0] : vals;
}

/** `np.repeat(a, repeats, axis?)`: each element repeated (`axis` omitted: of the flattened array). */
export function repeat(a: unknown, repeats: ArrayLike | number[], axis?: number | null | { axis?: number | null }): NDArray {
  if (isOptions(axis)) axis = (axis as { axis?: number | null }).axis;
  let arr = asarray(a);
  if (axis === null || axis === undefined || arr.ndim === 0) arr = flat(arr);
  const ax = normAxis(intArg(axis ?? 0), arr.ndim);
  const counts = repeatCounts(repeats);
  const n = arr.shape[ax];
  if (typeof counts !== "number" && counts.length !== 1 && counts.length !== n)
    throw new ValueError(`operands could not be broadcast together with shape (${n},) (${counts.length},)`);
  if (typeof counts === "number" || counts.length === 1) {
    const r = typeof counts === "number" ? counts : counts[0];
    if (r < 0) throw new ValueError(typeof counts === "number" ? "negative dimensions are not allowed" : "repeats may not contain negative values.");
    const outShape = arr.shape.map((m, i) => (i === ax ? m * r : m));
    const shape = [...arr.shape], axes = arr.shape.map((_, i) => i), step = arr.shape.map(() => 1);
    shape.splice(ax + 1, 0, r); axes.splice(ax + 1, 0, -1); step.splice(ax + 1, 0, 0);
    return copyReshaped(arr, { shape, axis: axes, step, start: arr.shape.map(() => 0) }, outShape);
  }
  if (counts.some((c) => c < 0)) throw new ValueError("repeats may not contain negative values.");
  return lazy(gatherNode(arr, ax, counts), arr.dtype);
}

/** The opaque node repeating index i of `axis` counts[i] times. */
function gatherNode(a: NDArray, axis: number, counts: readonly number[]): OpaqueNode {
  const shape = a.shape.map((n, i) => (i === axis ? counts.reduce((s, c) => s + c, 0) : n));
  const d = a.dtype, lanes = STORAGE[d.id].lanes, ost = cStrides(shape);
  const sub = shape.filter((_, i) => i !== axis), subOut = ost.filter((_, i) => i !== axis);
  return {
    kind: "opaque", id: newNodeId(), name: "repeat", dtype: d.id, shape, inputs: [a._node],
    run: ([b], out) => {
      const src = b.storage.elementsAs(d.id), dst = out.elementsAs(d.id);
      const subIn = b.strides.filter((_, i) => i !== axis);
      let row = 0;
      counts.forEach((c, i) => {
        for (let r = 0; r < c; r++, row++) copyStrided(sub, src, b.offset + i * b.strides[axis], subIn, dst, row * ost[axis], subOut, lanes);
      });
    },
  };
}

Object.defineProperty(NDArray.prototype, "repeat", {
  value: function (this: NDArray, repeats: ArrayLike | number[], axis?: number | null | { axis?: number | null }) { return repeat(this, repeats, axis); },
  writable: true, configurable: true,
});

// ---- select ----------------------------------------------------------------------------------

/** Characters NumPy gives a number when it is cast to a string dtype (by its smallest type). */
function strLenOfScalar(v: Scalar): number {
  if (typeof v === "boolean") return 5;
  if (typeof v === "string") return Math.max(v.length, 1);
  if (isComplexValue(v)) return 64;
  const x = Number(v);
  if (!Number.isInteger(x)) return 32;
  if (x >= 0) return x < 256 ? 3 : x < 65536 ? 5 : x < 4294967296 ? 10 : x < 2 ** 63 ? 21 : 20;
  return x >= -128 ? 4 : x >= -32768 ? 6 : x >= -2147483648 ? 11 : 21;
}
const pyStr = (v: Scalar): string => (typeof v === "boolean" ? (v ? "True" : "False") : String(v));

/** NumPy's broadcast_arrays error: names the first two arguments that disagree. */
export function broadcastOrThrow(shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1), from = new Array<number>(nd).fill(-1);
  shapes.forEach((s, k) => s.forEach((n, i) => {
    const j = nd - s.length + i;
    if (n === 1) return;
    if (out[j] === 1) { out[j] = n; from[j] = k; }
    else if (out[j] !== n) {
      const t = (x: readonly number[]) => `(${x.join(", ")}${x.length === 1 ? "," : ""})`;
      throw new ValueError(`shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg ${from[j]} with shape ${t(shapes[from[j]])} and arg ${k} with shape ${t(s)}.`);
    }
  }));
  return out;
}

/**
 * `np.select(condlist, choicelist, default = 0)`: from the first true condition's choice,
 * elementwise. Example: `np.select([x.lt(0), x.gt(0)], [-1, 1], { default: 0 })`.
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly unknown[], ...args: (unknown | { default?: unknown })[]): NDArray {
  const o = argsOf(["default"], args);
  const dflt = "default" in o ? o.default : 0;
  if (condlist.length !== choicelist.length) throw new ValueError("list of cases must be same length as list of conditions");
  if (condlist.length === 0) throw new ValueError("select with an empty condition list is not possible");
  const choices = [...choicelist, dflt].map((c) => (scalarKind(c) !== null ? prepare(c as Scalar) : prepare(asarray(c))));
  const d = selectDType(choices);
  const conds = condlist.map((c) => asarray(c));
  const condShape = broadcastOrThrow(conds.map((c) => c.shape));
  const choiceShape = broadcastOrThrow(choices.map((c) => c.node.shape));
  conds.forEach((c, i) => { if (c.dtype.kind !== "b") throw new TypeError(`invalid entry ${i} in condlist: should be boolean ndarray`); });
  if (choiceShape.length) broadcastOrThrow([condShape, choiceShape]); // NumPy's result shape, with its message
  const asD = (p: Prepared): Node => {
    if (p.weak) return constNode(d.kind === "U" ? pyStr(p.value!) : p.value!, d);
    return p.dtype.id === d.id ? p.node : { kind: "map", id: newNodeId(), op: "cast", dtype: d.id, shape: p.node.shape, inputs: [p.node] };
  };
  let node = asD(choices[choices.length - 1]);
  for (let i = conds.length - 1; i >= 0; i--)
    node = { kind: "map", id: newNodeId(), op: "where", dtype: d.id, shape: broadcastShapes(conds[i].shape, choices[i].node.shape, node.shape), inputs: [conds[i]._node, asD(choices[i]), node] };
  return orEmpty(lazy(node, d));
}

/** select's result dtype: arrays promote, JS scalars are weak; strings take every value's length. */
function selectDType(ps: readonly Prepared[]): DType {
  const strong = ps.filter((p) => !p.weak);
  if (!ps.some((p) => p.dtype.kind === "U")) return commonDType(ps);
  const base = strong.length ? strong.map((p) => p.dtype).reduce(joinTypes) : dt("str", 1);
  const len = base.kind === "U" ? base.strlen : joinTypes(base, dt("str", 1)).strlen;
  return dt("str", Math.max(len, ...ps.map((p) => (p.weak ? strLenOfScalar(p.value!) : 0))));
}

// ---- splitting ---------------------------------------------------------------------------------

/** ZeroDivisionError, which NumPy's split raises for zero sections. */
class ZeroDivisionError extends Error {}
Object.defineProperty(ZeroDivisionError.prototype, "name", { value: "ZeroDivisionError" });

/** `np.arraySplit(ary, indicesOrSections, axis = 0)`: views; sections may differ in size by one. */
export function arraySplit(ary: unknown, indicesOrSections: number | readonly number[] | NDArray, axis: number | { axis?: number } = 0): NDArray[] {
  const a = asarray(ary);
  const ax = axisOf(a, isOptions(axis) ? (axis as { axis?: number }).axis ?? 0 : (axis as number));
  const total = a.shape[ax];
  let points: number[];
  if (typeof indicesOrSections === "number") {
    const n = Math.trunc(indicesOrSections);
    if (n <= 0) throw new ValueError("number sections must be larger than 0.");
    const each = Math.floor(total / n), extras = total % n;
    points = [0];
    for (let i = 0; i < n; i++) points.push(points[i] + (i < extras ? each + 1 : each));
  } else {
    const list = indicesOrSections instanceof NDArray ? flatValues(indicesOrSections).map(Number) : [...indicesOrSections];
    points = [0, ...list.map(intArg), total];
  }
  const out: NDArray[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const items = a.shape.map((_, k) => (k === ax ? new Slice(points[i], points[i + 1]) : new Slice()));
    out.push(viewOf(a, basicView(a.shape, items)));
  }
  return out;
}

/** split's axis: NumPy reads `ary.shape[axis]` first (IndexError), then normalizes. */
function axisOf(a: NDArray, axis: number): number {
  const ax = intArg(axis);
  if (ax < -a.ndim || ax >= a.ndim) throw new IndexError("tuple index out of range");
  return ax < 0 ? ax + a.ndim : ax;
}

/** `np.split(ary, indicesOrSections, axis = 0)`: equal sections (or split points) as views. */
export function split(ary: unknown, indicesOrSections: number | readonly number[] | NDArray, axis: number | { axis?: number } = 0): NDArray[] {
  if (typeof indicesOrSections === "number") {
    const a = asarray(ary);
    const ax = axisOf(a, isOptions(axis) ? (axis as { axis?: number }).axis ?? 0 : (axis as number));
    if (Math.trunc(indicesOrSections) === 0) throw new ZeroDivisionError("integer modulo by zero");
    if (a.shape[ax] % Math.trunc(indicesOrSections)) throw new ValueError("array split does not result in an equal division");
    return arraySplit(a, indicesOrSections, ax);
  }
  return arraySplit(ary, indicesOrSections, axis);
}

/** `np.hsplit(ary, indicesOrSections)`: split along axis 1 (axis 0 for 1-D). */
export function hsplit(ary: unknown, indicesOrSections: number | readonly number[] | NDArray): NDArray[] {
  const a = asarray(ary);
  if (a.ndim === 0) throw new ValueError("hsplit only works on arrays of 1 or more dimensions");
  return split(a, indicesOrSections, a.ndim > 1 ? 1 : 0);
}
/** `np.vsplit(ary, indicesOrSections)`: split along axis 0. */
export function vsplit(ary: unknown, indicesOrSections: number | readonly number[] | NDArray): NDArray[] {
  const a = asarray(ary);
  if (a.ndim < 2) throw new ValueError("vsplit only works on arrays of 2 or more dimensions");
  return split(a, indicesOrSections, 0);
}
/** `np.dsplit(ary, indicesOrSections)`: split along axis 2. */
export function dsplit(ary: unknown, indicesOrSections: number | readonly number[] | NDArray): NDArray[] {
  const a = asarray(ary);
  if (a.ndim < 3) throw new ValueError("dsplit only works on arrays of 3 or more dimensions");
  return split(a, indicesOrSections, 2);
}
