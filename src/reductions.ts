// Reductions and the statistics built from them: each a reduce node plus elementwise
// composition, which the compiler fuses (the producers into the reduction's loop, the
// composition after it into its epilogue).
//
// Arguments follow NumPy's signatures: positional in NumPy's order, or one trailing
// options object (SPEC §2). mean, var, std, nanmean, countNonzero and ptp follow NumPy
// 1.24's _methods.py / nanfunctions.py step by step (the same dtypes at every step, the
// same casts into `out`), so their results have NumPy's dtype and rounding. Argument
// errors (axes, `out`, `where`, empty reductions) are raised at the call with NumPy's
// wording.

import { broadcastView, newNodeId, type Node, type Scalar } from "../compiler/ir.js";
import { DType, dt, canCastSafe, canCastSameKind, promoteTypes, type DTypeLike, dtype as toDType } from "./dtype.js";
import { AxisError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { normAxis } from "./broadcast.js";
import { NDArray, assignNode, lazy, viewOf } from "./ndarray.js";
import { asarray, zeros } from "./creation.js";
import { applyNode, castNode, prepare, type ArrayLike } from "./ufunc.js";
import { argsOf } from "./join.js";

type Axis = number | readonly number[] | null;

export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
  dtype?: DTypeLike | null;
  out?: NDArray | null;
  ddof?: number;
  /** Only elements where this (broadcast to the input's shape) is true take part. */
  where?: ArrayLike;
  /** The value the reduction starts from (required by max/min with `where`, or of empty arrays). */
  initial?: number | bigint | boolean | null;
}

/** What a reduction accepts after the array: NumPy's positional parameters, then an options object. */
export type ReduceArg = Axis | DTypeLike | NDArray | ArrayLike | boolean | ReduceOptions | undefined;

// NumPy's positional parameters (after `a`); keyword-only ones are options only
const SUM_ARGS = ["axis", "dtype", "out", "keepdims", "initial", "where"];
const EXTREMA_ARGS = ["axis", "out", "keepdims", "initial", "where"];
const LOGICAL_ARGS = ["axis", "out", "keepdims"];
const ARG_ARGS = ["axis", "out"];
const MEAN_ARGS = ["axis", "dtype", "out", "keepdims"];
const VAR_ARGS = ["axis", "dtype", "out", "ddof", "keepdims"];
const COUNT_ARGS = ["axis"];
const PTP_ARGS = ["axis", "out", "keepdims"];

const optsOf = (names: readonly string[], args: readonly unknown[]): ReduceOptions => argsOf(names, args) as ReduceOptions;

/** The accumulation dtype of sum, prod, cumsum and cumprod: small integers widen to the platform integer (int32, SPEC §3). */
export function sumDType(d: DType): DType {
  if (d.kind === "b" || (d.kind === "i" && d.itemsize < 4)) return dt("int32");
  if (d.kind === "u" && d.itemsize < 4) return dt("uint32");
  return d;
}

const tuple = msg.shapeTuple;
const isInexact = (d: DType) => d.kind === "f" || d.kind === "c";
const hasMask = (o: ReduceOptions) => o.where !== undefined && o.where !== null && o.where !== true;
const dtypeOf = (o: ReduceOptions): DType | null => {
  if (o.dtype === undefined || o.dtype === null) return null;
  const d = toDType(o.dtype);
  if (d.kind === "U" && d.strlen > 0)
    throw new TypeError("The `dtype` and `signature` arguments to ufuncs only select the general DType and not details such as the byte order or time unit. You can avoid this error by using the scalar types `np.float64` or the dtype string notation.");
  return d;
};

// ---- axes ----------------------------------------------------------------------------------

const axisList = (axis: number | readonly number[]): unknown[] => (typeof axis === "number" ? [axis] : [...axis]);

/** Python's TypeError for an axis that is not an integer. */
function intAxis(a: unknown): number {
  if (typeof a !== "number" || !Number.isInteger(a)) throw new TypeError(`'${typeof a === "number" ? "float" : Array.isArray(a) ? "tuple" : typeof a}' object cannot be interpreted as an integer`);
  return a;
}

/** A ufunc reduction's axes: sorted, unique; a 0-d array takes axis 0 or -1 (as NumPy's reduce). */
function reduceAxes(axis: Axis | undefined, ndim: number): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list = axisList(axis);
  if (ndim === 0) {
    for (const a of list) if (intAxis(a) !== 0 && a !== -1) throw new AxisError(msg.axis(a as number, 0));
    return [];
  }
  const out = list.map((a) => normAxis(a as number, ndim));
  if (new Set(out).size !== out.length) throw new ValueError("duplicate value in 'axis'");
  return out.sort((a, b) => a - b);
}

/** NumPy's _count_reduce_items: each axis by normalize_axis_index (no 0-d exception). */
function countAxes(axis: Axis | undefined, ndim: number): void {
  if (axis === null || axis === undefined) return;
  for (const a of axisList(axis)) {
    if (typeof a === "number" && !Number.isInteger(a)) throw new TypeError("integer argument expected, got float");
    if (typeof a === "number" && (a < -ndim || a >= ndim)) throw new AxisError(msg.axis(a, ndim));
  }
}

// ---- where= and out= --------------------------------------------------------------------------

/** The mask as a bool array (NumPy casts it safely: an array of another dtype is an error). */
function maskOf(where: ArrayLike): NDArray {
  if (where instanceof NDArray) {
    if (where.dtype.kind !== "b") throw new TypeError(`Cannot cast array data from dtype('${where.dtype}') to dtype('bool') according to the rule 'safe'`);
    return where;
  }
  const m = asarray(where as never);
  return m.dtype.kind === "b" ? m : lazy(castNode(prepare(m), dt("bool")), dt("bool"));
}

/**
 * NumPy's checks of a reduction's operands (`out`, the input, `where`), in its order and
 * words: out's ndim, where's ndim, the length of kept reduced axes (keepdims), broadcasting,
 * then output axes that would need a reduction.
 */
function checkOperands(ufunc: string, shape: readonly number[], axes: readonly number[], keepdims: boolean, out: NDArray | null, mask: NDArray | null): void {
  const nd = shape.length;
  let remap: (number | null)[] | null = null;
  if (out) {
    if (!(out instanceof NDArray)) throw new TypeError("output must be an array");
    const want = keepdims ? nd : nd - axes.length;
    if (out.ndim !== want)
      throw new ValueError(`output parameter for reduction operation ${ufunc} has the wrong number of dimensions: Found ${out.ndim} but expected ${want}${keepdims ? " (must match the operand's when keepdims=True)" : ""}`);
    let k = 0;
    remap = keepdims ? [...out.shape] : shape.map((_, i) => (axes.includes(i) ? null : out.shape[k++]));
  }
  if (mask && mask.ndim > nd) throw new ValueError("input operand has more dimensions than allowed by the axis remapping");
  if (out && keepdims) {
    for (const i of axes) if (out.shape[i] !== 1) throw new ValueError(`operand was set up as a reduction along axis ${i}, but the length of the axis is ${out.shape[i]} (it has to be 1)`);
  }
  const m = mask ? [...Array(nd - mask.ndim).fill(1), ...mask.shape] : null;
  const bshape = [...shape];
  let clash = false;
  for (let i = 0; i < nd; i++) {
    for (const n of [remap?.[i] ?? 1, m?.[i] ?? 1]) {
      if (n === 1 || n === bshape[i]) continue;
      if (bshape[i] === 1) bshape[i] = n;
      else clash = true;
    }
  }
  if (clash) {
    let text = "operands could not be broadcast together with remapped shapes [original->remapped]: ";
    if (out) {
      const ent = remap!.map((n) => (n === null ? "newaxis" : String(n)));
      while (ent.length && ent[0] === "newaxis") ent.shift();
      text += `${tuple(out.shape)}->(${ent.join(",")}) `;
    }
    text += `${tuple(shape)} `;
    if (mask) text += `${tuple(mask.shape)} `;
    throw new ValueError(text);
  }
  if (bshape.some((n, i) => n !== shape[i]))
    throw new ValueError(`non-broadcastable operand with shape ${tuple(shape)} doesn't match the broadcast shape ${tuple(bshape)}`);
  if (out) {
    const expected = keepdims ? shape.map((n, i) => (axes.includes(i) ? 1 : n)) : shape.filter((_, i) => !axes.includes(i));
    out.shape.forEach((n, j) => {
      if (n === 1 && expected[j] !== 1)
        throw new ValueError(`output operand requires a reduction along dimension ${j}, but the reduction is not enabled. The dimension size of 1 does not match the expected output shape.`);
    });
  }
}

/** Writes `r` into `out` with NumPy's unsafe cast (a reduction's `out=`). */
function intoOut(out: NDArray, r: NDArray): NDArray {
  let node = castNode(prepare(r), out.dtype);
  if (r.ndim !== out.ndim || r.shape.some((n, i) => n !== out.shape[i]))
    node = { kind: "view", id: newNodeId(), dtype: out.dtype.id, shape: out.shape, input: node, view: broadcastView(r.shape, out.shape) };
  assignNode(out, node);
  return out;
}

// ---- nodes ----------------------------------------------------------------------------------

/** A reduce node over normalized axes, with keepdims applied as a view. */
function reduceArray(op: string, src: NDArray | Node, shape: readonly number[], axes: number[], outDtype: DType, keepdims: boolean, ddof = 0): NDArray {
  const input = src instanceof NDArray ? src._node : src;
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const node: Node = { kind: "reduce", id: newNodeId(), op, dtype: outDtype.id, shape: outShape, input, axes, ddof };
  const r = lazy(node, outDtype);
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

function binop(op: string, x: ArrayLike, y: ArrayLike): NDArray {
  const { node, dtype } = applyNode(op, [prepare(x), prepare(y)]);
  return lazy(node, dtype);
}
function unop(op: string, x: ArrayLike): NDArray {
  const { node, dtype } = applyNode(op, [prepare(x)]);
  return lazy(node, dtype);
}
/** `x` as dtype `d`, lazily (NumPy's unsafe cast). */
const as = (x: NDArray, d: DType): NDArray => (x.dtype.id === d.id ? x : lazy(castNode(prepare(x), d), d));
/** `x / y` stored back into dtype `d` (NumPy's true_divide with out= and casting='unsafe'). */
const divInto = (x: NDArray, y: ArrayLike, d: DType): NDArray => as(binop("true_divide", x, y), d);

/** `where(mask, x, fill)` over the shape of x. */
function masked(x: Node, d: DType, mask: NDArray, fill: NDArray): Node {
  return applyNode("where", [prepare(mask), { node: x, dtype: d, weak: null }, prepare(fill)]).node;
}

// ---- ufunc reductions: sum prod max min nanmax nanmin all any --------------------------------------

/** The ufunc a reduction repeats (NumPy's name in messages) and whether it has an identity. */
const REDUCES: Record<string, { ufunc: string; identity?: Scalar }> = {
  sum: { ufunc: "add", identity: 0 }, prod: { ufunc: "multiply", identity: 1 },
  max: { ufunc: "maximum" }, min: { ufunc: "minimum" }, fmax: { ufunc: "fmax" }, fmin: { ufunc: "fmin" },
  all: { ufunc: "logical_and", identity: true }, any: { ufunc: "logical_or", identity: false },
};

/** A value of dtype `d` from a JS scalar, converted as NumPy converts `initial` (unsafe cast), lazily. */
const scalarOf = (v: number | bigint | boolean, d: DType): NDArray =>
  // a JS number that is not a safe integer is a float (np.array(1e300) would infer int64)
  as(typeof v === "number" && !Number.isSafeInteger(v) ? asarray(v, "float64") : asarray(v as never), d);

/**
 * NumPy starts a reduction without identity (max, min, fmax, fmin) by copying the first
 * element along the reduced axes into `out`, so that element passes through out's dtype
 * before the others are combined with it in the loop dtype. `x` is `arr` in the loop dtype.
 */
function firstThroughOut(x: NDArray, arr: NDArray, axes: readonly number[], outDtype: DType, loop: DType): NDArray {
  const mshape = arr.shape.map((n, i) => (axes.includes(i) ? n : 1));
  const first = zeros(mshape, { dtype: "bool" });
  first.set(mshape.map(() => 0), true);
  return lazy(applyNode("where", [prepare(first), prepare(as(as(arr, outDtype), loop)), prepare(x)]).node, loop);
}

/**
 * One ufunc reduction with all of NumPy's keywords; `o` already parsed. `outLike` is the
 * dtype of the `out` NumPy would reduce into (o.out's, or a caller's that writes later):
 * without `dtype`, NumPy's loop is then the promotion of out's dtype and the input's.
 */
function ufuncReduce(op: string, a: ArrayLike, o: ReduceOptions, defaultDType: (d: DType) => DType, outLike: DType | null = o.out?.dtype ?? null): NDArray {
  const { ufunc, identity } = REDUCES[op];
  const arr = asarray(a);
  // strings and records have no arithmetic or ordering loops to reduce with
  if ((arr.dtype.kind === "U" || arr.dtype.kind === "V") && op !== "all" && op !== "any") throw new TypeError(msg.ufuncNoLoop(ufunc, [arr.dtype.name, arr.dtype.name]));
  const axes = reduceAxes(o.axis, arr.ndim);
  const keepdims = Boolean(o.keepdims);
  const initial = o.initial ?? null;
  const mask = hasMask(o) ? maskOf(o.where!) : null;
  if (mask && identity === undefined && initial === null)
    throw new ValueError(`reduction operation '${ufunc}' does not have an identity, so to use a where mask one has to specify 'initial'`);
  const out = o.out ?? null;
  checkOperands(ufunc, arr.shape, axes, keepdims, out, mask);
  const count = axes.reduce((p, d) => p * arr.shape[d], 1);
  if (identity === undefined && initial === null && count === 0)
    throw new ValueError(`zero-size array to reduction operation ${ufunc} which has no identity`);
  const acc = dtypeOf(o) ?? (outLike ? promoteTypes(outLike, arr.dtype) : defaultDType(arr.dtype));
  const outDtype = op === "all" || op === "any" ? dt("bool") : acc;
  let x = as(arr, acc);
  if (outLike && identity === undefined && initial === null && count > 1 && !canCastSafe(arr.dtype, outLike))
    x = firstThroughOut(x, arr, axes, outLike, acc);
  let input = x._node;
  // masked-out elements become the identity (max/min have none: `initial`, combined in again harmlessly)
  if (mask) input = masked(input, acc, mask, identity !== undefined ? scalarOf(identity as number | boolean, acc) : scalarOf(initial!, acc));
  let r = reduceArray(op, input, arr.shape, axes, outDtype, false);
  if (initial !== null) r = lazy(applyNode(ufunc, [prepare(r), prepare(scalarOf(initial, outDtype))]).node, outDtype);
  if (keepdims) r = keepDims(r, arr.shape, axes);
  return out ? intoOut(out, r) : r;
}

function simple(op: string, names: readonly string[], defaultDType: (d: DType) => DType) {
  return (a: ArrayLike, ...args: ReduceArg[]): NDArray => ufuncReduce(op, a, optsOf(names, args), defaultDType);
}

const same = (d: DType) => d;

/** `np.sum(a, axis?, dtype?, out?, keepdims?, initial?, where?)`. Example: `np.sum(a, { axis: 0 })`. */
export const sum = simple("sum", SUM_ARGS, sumDType);
/** `np.prod(a, axis?, dtype?, out?, keepdims?, initial?, where?)`. */
export const prod = simple("prod", SUM_ARGS, sumDType);
/** `np.max(a, axis?, out?, keepdims?, initial?, where?)` (amax). */
export const max = simple("max", EXTREMA_ARGS, same);
/** `np.min(a, axis?, out?, keepdims?, initial?, where?)` (amin). */
export const min = simple("min", EXTREMA_ARGS, same);
export const amax = max, amin = min;
/** `np.all(a, axis?, out?, keepdims?, { where })`. */
export const all = simple("all", LOGICAL_ARGS, same);
/** `np.any(a, axis?, out?, keepdims?, { where })`. */
export const any = simple("any", LOGICAL_ARGS, same);

/** `np.nanmax(a, axis?, out?, keepdims?, initial?, where?)`: ignores NaN (NumPy's fmax.reduce, for every dtype). */
export const nanmax = simple("fmax", EXTREMA_ARGS, same);
/** `np.nanmin(a, axis?, out?, keepdims?, initial?, where?)`: ignores NaN. */
export const nanmin = simple("fmin", EXTREMA_ARGS, same);

/** `np.nansum(a, axis?, dtype?, out?, keepdims?, initial?, where?)`: NaN counts as zero. */
export function nansum(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const arr = asarray(a);
  const o = optsOf(SUM_ARGS, args);
  if (!isInexact(arr.dtype)) return ufuncReduce("sum", arr, o, sumDType);
  return ufuncReduce("sum", lazy(applyNode("where", [prepare(unop("isnan", arr)), prepare(0), prepare(arr)]).node, arr.dtype), o, sumDType);
}

// ---- argmax, argmin ----------------------------------------------------------------------------

function argReduce(op: "argmax" | "argmin") {
  return (a: ArrayLike, ...args: ReduceArg[]): NDArray => {
    const o = optsOf(ARG_ARGS, args);
    let arr = asarray(a);
    const shape = arr.shape, keepdims = Boolean(o.keepdims);
    const axis = o.axis ?? null;
    if (axis !== null) intAxis(axis);
    // NumPy flattens for axis=None, and takes a 0-d array as 1-d
    if (axis === null || arr.ndim === 0) arr = arr.reshape(arr.size);
    const ax = normAxis((axis as number | null) ?? 0, arr.ndim);
    if (arr.shape[ax] === 0) throw new ValueError(`attempt to get ${op} of an empty sequence`);
    let r = reduceArray(op, arr, arr.shape, [ax], dt("int32"), false);
    if (keepdims) r = axis === null || shape.length === 0 ? r.reshape(shape.map(() => 1)) : keepDims(r, arr.shape, [ax]);
    const out = o.out ?? null;
    if (!out) return r;
    if (!(out instanceof NDArray)) throw new TypeError("output must be an array");
    if (out.ndim !== r.ndim || out.shape.some((n, i) => n !== r.shape[i])) throw new ValueError(`output array does not match result of np.${op}.`);
    // NumPy's intp is int64 there; numfuse's is int32 (SPEC §3)
    if (!canCastSafe(out.dtype, dt("int64"))) throw new TypeError(`Cannot cast array data from dtype('${out.dtype}') to dtype('int32') according to the rule 'safe'`);
    return intoOut(out, r);
  };
}
/** `np.argmax(a, axis?, out?, { keepdims })`: index of the maximum (int32). */
export const argmax = argReduce("argmax");
/** `np.argmin(a, axis?, out?, { keepdims })`. */
export const argmin = argReduce("argmin");

// ---- mean, var, std (NumPy's _methods.py) ------------------------------------------------------------

/** NumPy's _count_reduce_items: a JS number, or (with where) an int32 array of counts. */
function countItems(arr: NDArray, axes: readonly number[], o: ReduceOptions, keepdims: boolean): number | NDArray {
  if (!hasMask(o)) return axes.reduce((p, d) => p * arr.shape[d], 1);
  const m = maskOf(o.where!);
  const full = lazy({ kind: "view", id: newNodeId(), dtype: "bool", shape: arr.shape, input: m._node, view: broadcastView(m.shape, arr.shape) }, dt("bool"));
  return reduceArray("sum", castNode(prepare(full), dt("int32")), arr.shape, [...axes], dt("int32"), keepdims);
}

/** mean's and var's `dtype`: the given one; float64 for integers and bools; else none (the sum's default). */
const meanDType = (d: DType, o: ReduceOptions): DType | null => dtypeOf(o) ?? (isInexact(d) ? null : dt("float64"));

/** NumPy's umr_sum(arr, axis, dtype, out, keepdims, where=where): the sum a mean or variance divides, in out's dtype when given. */
function sumFor(arr: NDArray, o: ReduceOptions, d: DType | null, keepdims: boolean, out: NDArray | null): NDArray {
  const s = ufuncReduce("sum", arr, { axis: o.axis ?? null, dtype: d, keepdims, where: o.where }, sumDType, out?.dtype ?? null);
  return out ? as(s, out.dtype) : s;
}

/**
 * `s / count` in s's dtype. A 0-d result (no out, no keepdims) is a NumPy scalar there,
 * divided as `ret.dtype.type(ret / rcount)`: complex64 in complex128, then rounded.
 */
function divideCount(s: NDArray, count: number | NDArray, scalar: boolean): NDArray {
  if (scalar && s.ndim === 0 && s.dtype.id === "complex64") return as(divInto(as(s, dt("complex128")), count, dt("complex128")), s.dtype);
  return divInto(s, count, s.dtype);
}

/** The axis and where checks NumPy's _count_reduce_items makes first (where: broadcast_to(where, arr.shape)). */
function countChecks(arr: NDArray, o: ReduceOptions): void {
  if (!hasMask(o)) return countAxes(o.axis, arr.ndim);
  const m = maskOf(o.where!);
  if (m.ndim > arr.ndim) throw new ValueError("input operand has more dimensions than allowed by the axis remapping");
  const pad = [...Array(arr.ndim - m.ndim).fill(1), ...m.shape];
  if (pad.some((n, i) => n !== 1 && n !== arr.shape[i])) throw new ValueError(msg.broadcastTo(m.shape, arr.shape));
}

function meanOf(a: ArrayLike, o: ReduceOptions): NDArray {
  const arr = asarray(a);
  const keepdims = Boolean(o.keepdims);
  countChecks(arr, o);
  const axes = reduceAxes(o.axis, arr.ndim);
  const count = countItems(arr, axes, o, keepdims);
  const out = o.out ?? null;
  if (out) checkOperands("add", arr.shape, axes, keepdims, out, hasMask(o) ? maskOf(o.where!) : null);
  const s = sumFor(arr, o, meanDType(arr.dtype, o), keepdims, out);
  const r = divideCount(s, count, !out && !keepdims);
  return out ? intoOut(out, r) : r;
}

/** `np.mean(a, axis?, dtype?, out?, keepdims?, { where })`. Example: `np.mean(a, { axis: 0 })`. */
export function mean(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  return meanOf(a, optsOf(MEAN_ARGS, args));
}

function varOf(a: ArrayLike, o: ReduceOptions): NDArray {
  const arr = asarray(a);
  const keepdims = Boolean(o.keepdims);
  countChecks(arr, o);
  const axes = reduceAxes(o.axis, arr.ndim);
  const count = countItems(arr, axes, o, keepdims);
  const d = meanDType(arr.dtype, o);
  // the mean, with keepdims (it broadcasts against arr) and stored in the sum's dtype
  const ms = ufuncReduce("sum", arr, { axis: o.axis ?? null, dtype: d, keepdims: true, where: o.where }, sumDType);
  const div = typeof count === "number" || keepdims ? count : keepDims(count, arr.shape, axes);
  const m = divInto(ms, div, ms.dtype);
  const x = binop("subtract", arr, m);
  // real: x*x; complex: re*re + im*im in the real dtype, as NumPy computes it
  const sq = x.dtype.kind === "c"
    ? binop("add", binop("multiply", unop("real", x), unop("real", x)), binop("multiply", unop("imag", x), unop("imag", x)))
    : binop("multiply", x, x);
  const out = o.out ?? null;
  if (out) checkOperands("add", arr.shape, axes, keepdims, out, hasMask(o) ? maskOf(o.where!) : null);
  const s = sumFor(sq, o, d, keepdims, out);
  const ddof = o.ddof ?? 0;
  const dof = typeof count === "number" ? Math.max(count - ddof, 0) : binop("maximum", binop("subtract", count, ddof), 0);
  return divideCount(s, dof, !out && !keepdims);
}

/** `np.var(a, axis?, dtype?, out?, ddof?, keepdims?, { where })`. */
export function var_(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const o = optsOf(VAR_ARGS, args);
  const r = varOf(a, o);
  return o.out ? intoOut(o.out, r) : r;
}

/** `np.std(a, axis?, dtype?, out?, ddof?, keepdims?, { where })`. */
export function std(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const o = optsOf(VAR_ARGS, args);
  const v = varOf(a, o);
  const root = unop("sqrt", v);
  // NumPy: sqrt(ret, out=ret) for an array (same_kind), ret.dtype.type(sqrt(ret)) for a scalar
  const scalar = !o.out && v.ndim === 0 && !o.keepdims;
  if (!scalar && !canCastSameKind(root.dtype, v.dtype))
    throw new TypeError(`Cannot cast ufunc 'sqrt' output from dtype('${root.dtype}') to dtype('${v.dtype}') with casting rule 'same_kind'`);
  const r = as(root, v.dtype);
  return o.out ? intoOut(o.out, r) : r;
}

// ---- nansum, nanmean, countNonzero, ptp ----------------------------------------------------------------

/** `np.nanmean(a, axis?, dtype?, out?, keepdims?, { where })`: the mean of the non-NaN elements. */
export function nanmean(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const o = optsOf(MEAN_ARGS, args);
  const arr = asarray(a);
  if (!isInexact(arr.dtype)) return meanOf(arr, o);
  const d = dtypeOf(o);
  if (d && !isInexact(d)) throw new TypeError("If a is inexact, then dtype must be inexact");
  const out = o.out ?? null;
  if (out && !isInexact(out.dtype)) throw new TypeError("If a is inexact, then out must be inexact");
  const isn = unop("isnan", arr);
  const keepdims = Boolean(o.keepdims);
  const cnt = ufuncReduce("sum", unop("logical_not", isn), { axis: o.axis ?? null, dtype: dt("int32"), keepdims, where: o.where }, sumDType);
  const zeroed = lazy(applyNode("where", [prepare(isn), prepare(0), prepare(arr)]).node, arr.dtype);
  if (out) checkOperands("add", arr.shape, reduceAxes(o.axis, arr.ndim), keepdims, out, hasMask(o) ? maskOf(o.where!) : null);
  const tot = sumFor(zeroed, o, d, keepdims, out);
  const r = divideCount(tot, cnt, !out && !keepdims);
  return out ? intoOut(out, r) : r;
}

/** `np.countNonzero(a, axis?, { keepdims })`: the number of elements that are true as bools (int32). */
export function countNonzero(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const o = optsOf(COUNT_ARGS, args);
  const arr = asarray(a);
  return ufuncReduce("sum", as(arr, dt("bool")), { axis: o.axis ?? null, dtype: dt("int32"), keepdims: o.keepdims }, sumDType);
}

/** `np.ptp(a, axis?, out?, keepdims?)`: max - min (subtracted in the input's dtype, into `out` when given). */
export function ptp(a: ArrayLike, ...args: ReduceArg[]): NDArray {
  const o = optsOf(PTP_ARGS, args);
  const arr = asarray(a);
  const out = o.out ?? null;
  const opts = { axis: o.axis ?? null, keepdims: o.keepdims };
  // NumPy: subtract(maximum.reduce(a, out=out), minimum.reduce(a), out)
  if (out) checkOperands("maximum", arr.shape, reduceAxes(o.axis, arr.ndim), Boolean(o.keepdims), out, null);
  if (!out) return binop("subtract", ufuncReduce("max", arr, opts, same), ufuncReduce("min", arr, opts, same));
  const hi = as(ufuncReduce("max", arr, opts, same, out.dtype), out.dtype);
  const lo = ufuncReduce("min", arr, opts, same);
  const { node, dtype } = applyNode("subtract", [prepare(hi), prepare(lo)]);
  if (!canCastSameKind(dtype, out.dtype))
    throw new TypeError(`Cannot cast ufunc 'subtract' output from dtype('${dtype}') to dtype('${out.dtype}') with casting rule 'same_kind'`);
  return intoOut(out, lazy(node, dtype));
}
