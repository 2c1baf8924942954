// Arguments of the random functions, as NumPy's `_common.pyx` handles them: positional or
// options-object parameters, the `size` argument, parameter constraints with NumPy's messages,
// and `cont`/`disc` — scalar parameters and no size give one JS number; otherwise an array of
// `size` (or the broadcast of the parameters) is drawn in C order, each element with its own
// parameters, so the stream is consumed exactly as NumPy consumes it.

import { allocStorage } from "../../runtime/buffer.js";
import type { BitGenerator } from "../../runtime/random/bitgen.js";
import type { Elements } from "../../runtime/dtypes.js";
import { OverflowError, TypeError, ValueError, randomMsg } from "../../runtime/errors.js";
import { asarray } from "../creation.js";
import type { DTypeId } from "../../runtime/dtypes.js";
import { dt } from "../dtype.js";
import { isOptions } from "../join.js";
import { NDArray, fromBuffer } from "../ndarray.js";
import { broadcastTo } from "../shape.js";
import { INT_BOUNDS, boundedFillWords, words, type BitBuffer, type IntDType } from "./bounded.js";

export type SizeLike = number | readonly number[] | null | undefined;

/** NumPy's constraint kinds (`constraint_type` in _common.pxd). */
export const enum Cons { None, NonNegative, Positive, PositiveNotNaN, Bounded01, BoundedGT01, BoundedLT01, GT1, GTE1, Poisson, LegacyPoisson, LegacyNonNegInboundsLong }

/** One distribution parameter: its value as passed, NumPy's name for it, its constraint. */
export interface Param {
  value: unknown;
  name: string;
  cons?: Cons;
  /** An int64 parameter (NumPy's `disc` 'i' arguments, e.g. binomial's `n`). */
  int?: boolean;
}

/** A distribution method's parameter: NumPy's name (in messages), its keyword when that differs, constraint, default. */
export interface PSpec { name: string; key?: string; cons?: Cons; def?: number; int?: boolean }

/** A distribution method's arguments (`specs`, then `size`, then `extra`) → its Params and size, or a TypeError for a missing one. */
export function specParams(fn: string, args: readonly unknown[], specs: readonly PSpec[], extra: readonly string[] = []): { ps: Param[]; size: SizeLike; o: Record<string, unknown> } {
  const names = [...specs.map((s) => s.key ?? s.name), "size", ...extra];
  const o = resolveArgs(args, names, fn);
  const ps = specs.map((s): Param => {
    const v = o[s.key ?? s.name] ?? s.def;
    if (v === undefined) throw new TypeError(`${fn}() missing required argument '${s.name}'`);
    return { value: v, name: s.name, cons: s.cons ?? Cons.None, int: s.int };
  });
  return { ps, size: o.size as SizeLike, o };
}

const INT64_MAX = 9223372036854775807;
/** `np.iinfo('int64').max - sqrt(max) * 10`, in double as NumPy computes it (both limits are equal on 64-bit Linux). */
export const POISSON_LAM_MAX = INT64_MAX - Math.sqrt(INT64_MAX) * 10;

/** Positional arguments in NumPy's order plus an optional trailing options object → values by name. */
export function resolveArgs(args: readonly unknown[], names: readonly string[], fn: string): Record<string, unknown> {
  let positional = args;
  let opts: Record<string, unknown> = {};
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) {
    positional = args.slice(0, -1);
    opts = last;
  }
  if (positional.length > names.length) throw new TypeError(`${fn}() takes at most ${names.length} positional arguments (${positional.length} given)`);
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => { out[names[i]!] = v; });
  for (const [k, v] of Object.entries(opts)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out && positional.length > names.indexOf(k)) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  return out;
}

/** Throws NumPy's message when `v` breaks constraint `cons` (check_constraint). */
export function checkConstraint(v: number, name: string, cons: Cons): void {
  switch (cons) {
    case Cons.None: return;
    case Cons.NonNegative:
      if (!Number.isNaN(v) && (v < 0 || Object.is(v, -0))) throw new ValueError(`${name} < 0`);
      return;
    case Cons.Positive:
    case Cons.PositiveNotNaN:
      if (cons === Cons.PositiveNotNaN && Number.isNaN(v)) throw new ValueError(`${name} must not be NaN`);
      if (v <= 0) throw new ValueError(`${name} <= 0`);
      return;
    case Cons.Bounded01:
      if (!(v >= 0) || !(v <= 1)) throw new ValueError(`${name} < 0, ${name} > 1 or ${name} is NaN`);
      return;
    case Cons.BoundedGT01:
      if (!(v > 0) || !(v <= 1)) throw new ValueError(`${name} <= 0, ${name} > 1 or ${name} contains NaNs`);
      return;
    case Cons.BoundedLT01:
      if (!(v >= 0) || !(v < 1)) throw new ValueError(`${name} < 0, ${name} >= 1 or ${name} is NaN`);
      return;
    case Cons.GT1:
      if (!(v > 1)) throw new ValueError(`${name} <= 1 or ${name} is NaN`);
      return;
    case Cons.GTE1:
      if (!(v >= 1)) throw new ValueError(`${name} < 1 or ${name} is NaN`);
      return;
    case Cons.Poisson:
    case Cons.LegacyPoisson:
      if (!(v >= 0)) throw new ValueError(`${name} < 0 or ${name} is NaN`);
      if (!(v <= POISSON_LAM_MAX)) throw new ValueError(`${name} value too large`);
      return;
    case Cons.LegacyNonNegInboundsLong:
      if (v < 0) throw new ValueError(`${name} < 0`);
      if (v > INT64_MAX) throw new ValueError(`${name} is out of bounds for long, consider using the new generator API for 64bit integers.`);
      return;
  }
}

/** The array form of the check (check_array_constraint): same tests, NumPy's array wording. */
function checkArrayConstraint(values: Float64Array, name: string, cons: Cons): void {
  const any = (bad: (v: number) => boolean): boolean => values.some(bad);
  switch (cons) {
    case Cons.None: return;
    case Cons.NonNegative:
      if (any((v) => !Number.isNaN(v) && (v < 0 || Object.is(v, -0)))) throw new ValueError(`${name} < 0`);
      return;
    case Cons.Positive:
    case Cons.PositiveNotNaN:
      if (cons === Cons.PositiveNotNaN && any(Number.isNaN)) throw new ValueError(`${name} must not be NaN`);
      if (any((v) => v <= 0)) throw new ValueError(`${name} <= 0`);
      return;
    case Cons.Bounded01:
      if (any((v) => !(v >= 0) || !(v <= 1))) throw new ValueError(`${name} < 0, ${name} > 1 or ${name} contains NaNs`);
      return;
    case Cons.BoundedGT01:
      if (any((v) => !(v > 0) || !(v <= 1))) throw new ValueError(`${name} <= 0, ${name} > 1 or ${name} contains NaNs`);
      return;
    case Cons.BoundedLT01:
      if (any((v) => !(v >= 0) || !(v < 1))) throw new ValueError(`${name} < 0, ${name} >= 1 or ${name} contains NaNs`);
      return;
    case Cons.GT1:
      if (any((v) => !(v > 1))) throw new ValueError(`${name} <= 1 or ${name} contains NaNs`);
      return;
    case Cons.GTE1:
      if (any((v) => !(v >= 1))) throw new ValueError(`${name} < 1 or ${name} contains NaNs`);
      return;
    case Cons.Poisson:
    case Cons.LegacyPoisson:
      if (any((v) => !(v >= 0))) throw new ValueError(`${name} < 0 or ${name} contains NaNs`);
      if (any((v) => !(v <= POISSON_LAM_MAX))) throw new ValueError(`${name} value too large`);
      return;
    case Cons.LegacyNonNegInboundsLong:
      if (any((v) => v < 0)) throw new ValueError(`${name} < 0`);
      if (any((v) => v > INT64_MAX)) throw new ValueError(`${name} is out of bounds for long, consider using the new generator API for 64bit integers.`);
      return;
  }
}

/** Python's `int()` of an integer bound: a bigint or boolean as is, a number truncated; NaN and ±inf raise Python's errors. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  const x = Number(v);
  if (Number.isNaN(x)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new OverflowError("cannot convert float infinity to integer");
  return BigInt(Math.trunc(x));
}

/** The leaves of a nested list (`tolist()` of an array) in C order. */
export function flatList(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) flatList(x, out);
  else out.push(v);
  return out;
}

/** The shape `size` names (`[]` for a 0-d result). */
export function sizeShape(size: SizeLike): number[] {
  const dims = typeof size === "number" ? [size] : size == null ? [] : [...size];
  for (const d of dims) {
    if (typeof d !== "number" || !Number.isInteger(d)) throw new TypeError(`expected a sequence of integers or a single integer, got '${String(d)}'`);
    if (d < 0) throw new ValueError("negative dimensions are not allowed");
  }
  return dims;
}

const cStrides = (shape: readonly number[]): number[] => {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]!; }
  return st;
};

/** A new C-contiguous array of `dtype` and `shape` and its typed array (filled by the caller). */
export function newArray(dtype: string, shape: readonly number[]): { arr: NDArray; data: Elements } {
  const d = dt(dtype as DTypeId);
  const n = shape.reduce((a, b) => a * b, 1);
  const s = allocStorage(d.id, n);
  return { arr: fromBuffer(s, d, { shape: [...shape], strides: cStrides(shape), offset: 0 }), data: s.data };
}

/** A parameter as a float64 (or int64-valued) array, and whether it was a scalar. */
function paramArray(p: Param): { arr: NDArray; scalar: boolean } {
  const v = p.value;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") {
    const x = p.int ? Math.trunc(Number(v)) : Number(v);
    return { arr: asarray(x, { dtype: "float64" }), scalar: true };
  }
  const a = v instanceof NDArray ? v : asarray(v);
  if (p.int && (a.dtype.kind === "f" || a.dtype.kind === "c")) {
    throw new TypeError(`Cannot cast ${a.ndim === 0 ? "scalar" : "array data"} from dtype('${String(a.dtype)}') to dtype('int64') according to the rule 'safe'`);
  }
  return { arr: a.ndim === 0 && a.dtype.kind !== "c" ? asarray(Number(a.tolist()), { dtype: "float64" }) : a, scalar: false };
}

/** The broadcast shape of the output and parameters, with NumPy's two messages. */
function outShape(size: SizeLike, shapes: readonly (readonly number[])[]): number[] {
  const out = broadcastShapes(size == null ? shapes : [sizeShape(size), ...shapes]);
  if (size != null) {
    const want = sizeShape(size);
    if (want.length !== out.length || want.some((d, i) => d !== out[i])) throw new ValueError(randomMsg.outputSize(want, out));
  }
  return out;
}

/** A parameter's values broadcast to `shape`, in C order. */
function broadcastValues(a: NDArray, shape: readonly number[]): Float64Array {
  const b = broadcastTo(a.astype("float64"), shape).flatten();
  b.evalSync();
  return b.data as Float64Array;
}

/** The broadcast of several shapes, with NumPy's message naming the first conflicting pair of arguments. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((x) => x.length));
  const out = new Array<number>(nd).fill(1);
  const setter = new Array<number>(nd).fill(-1);
  shapes.forEach((sh, k) => {
    for (let i = 0; i < sh.length; i++) {
      const j = nd - sh.length + i, d = sh[i]!;
      if (d === 1) continue;
      if (out[j] === 1) { out[j] = d; setter[j] = k; } else if (out[j] !== d) {
        const f = setter[j]!;
        throw new ValueError(randomMsg.shapeMismatch(f, shapes[f]!, k, sh));
      }
    }
  });
  return out;
}

/** For each C-order position of `shape`, the flat index into an array of shape `src` broadcast to it. */
export function broadcastIndex(src: readonly number[], shape: readonly number[]): number[] {
  const n = shape.reduce((a, b) => a * b, 1), nd = shape.length;
  const st = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = src.length - 1; i >= 0; i--) {
    const j = nd - src.length + i;
    st[j] = src[i] === 1 ? 0 : s;
    s *= src[i]!;
  }
  const out = new Array<number>(n);
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let k = 0; k < n; k++) {
    out[k] = off;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += st[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= st[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

type Draw = (a: number, b: number, c: number) => number;

/** The shared body of `cont` and `disc`: scalar fast path, or per-element parameters in C order. */
function draw(size: SizeLike, params: readonly Param[], fn: Draw, dtype: "float64" | "float32" | "int64", out?: NDArray): number | NDArray {
  const arrs = params.map(paramArray);
  const scalar = arrs.every((a) => a.scalar || a.arr.ndim === 0);
  if (scalar) {
    const v = arrs.map((a) => Number(a.arr.tolist()));
    params.forEach((p, i) => checkConstraint(v[i]!, p.name, p.cons ?? Cons.None));
    if (size == null && !out) return fn(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
    const shape = out ? [...out.shape] : sizeShape(size);
    const { arr, data } = out ? { arr: out, data: null } : newArray(dtype, shape);
    const n = shape.reduce((x, y) => x * y, 1);
    const a = v[0] ?? 0, b = v[1] ?? 0, c = v[2] ?? 0;
    if (data instanceof Float64Array || data instanceof Float32Array) for (let i = 0; i < n; i++) data[i] = fn(a, b, c);
    else if (data instanceof BigInt64Array) for (let i = 0; i < n; i++) data[i] = BigInt(fn(a, b, c));
    else writeOut(arr, Float64Array.from({ length: n }, () => fn(a, b, c)));
    return arr;
  }
  const shape = outShape(out ? out.shape : size, arrs.map((a) => a.arr.shape));
  const vals = arrs.map((a) => broadcastValues(a.arr, shape));
  params.forEach((p, i) => { if (p.cons) checkArrayConstraint(vals[i]!, p.name, p.cons); });
  const n = shape.reduce((x, y) => x * y, 1);
  const z = new Float64Array(n);
  const va = vals[0] ?? z, vb = vals[1] ?? z, vc = vals[2] ?? z;
  if (out) {
    writeOut(out, Float64Array.from({ length: n }, (_, i) => fn(va[i]!, vb[i]!, vc[i]!)));
    return out;
  }
  const { arr, data } = newArray(dtype, shape);
  if (data instanceof BigInt64Array) for (let i = 0; i < n; i++) data[i] = BigInt(fn(va[i]!, vb[i]!, vc[i]!));
  else for (let i = 0; i < n; i++) (data as Float64Array)[i] = fn(va[i]!, vb[i]!, vc[i]!);
  return arr;
}

/** Writes C-order values into a user's `out` array (any layout), as NumPy's `out=` does. */
function writeOut(out: NDArray, values: Float64Array): void {
  out.set("...", asarray(values).reshape([...out.shape]));
}

/**
 * NumPy's `cont`: scalar parameters and no size → a JS number; otherwise a float64 (or float32)
 * array of `size` (or of the parameters' broadcast shape), each element drawn in C order with
 * its own parameters. Constraints are checked before anything is drawn.
 */
export function cont(size: SizeLike, params: readonly Param[], fn: Draw, opts: { dtype?: "float64" | "float32"; out?: NDArray } = {}): number | NDArray {
  if (opts.out && size != null) {
    const s = sizeShape(size);
    if (s.length !== opts.out.ndim || s.some((d, i) => d !== opts.out!.shape[i])) throw new ValueError("size must match out.shape when used together");
  }
  return draw(size, params, fn, opts.dtype ?? "float64", opts.out);
}

/** NumPy's `disc`: as `cont`, for discrete draws; an int64 array, or a JS number when scalar. */
export function disc(size: SizeLike, params: readonly Param[], fn: Draw): number | NDArray {
  return draw(size, params, fn, "int64");
}

/** An integer bound (scalar, 0-d array or array-like) as its shape and C-order values. */
function boundValues(x: unknown): { shape: readonly number[]; vals: bigint[] } {
  if (typeof x === "number" || typeof x === "bigint" || typeof x === "boolean") return { shape: [], vals: [toBigInt(x)] };
  const a = x instanceof NDArray ? x : asarray(x);
  return { shape: a.shape, vals: a.ndim === 0 ? [toBigInt(a.item())] : flatList(a.tolist()).map(toBigInt) };
}

/**
 * `_rand_<type>` of _bounded_integers.pyx, for `integers` (Lemire) and `randint` (`masked`):
 * integers of `dtype` on [low, high) or [low, high] (`closed`), scalar bounds drawn as one
 * fill, array bounds broadcast and drawn element by element with one bit buffer. A null
 * dtype is numfuse's default integer: int32 when every bound fits, else int64 (NumPy's; the
 * draws are the same). A JS number (or boolean, or a bigint beyond 2^53) when scalar.
 */
export function boundedIntegers(bg: BitGenerator, low: unknown, high: unknown, size: SizeLike, dtype: IntDType | null,
  closed: boolean, masked: boolean): number | bigint | boolean | NDArray {
  const L = boundValues(low), H = boundValues(high);
  const scalar = L.shape.length === 0 && H.shape.length === 0;
  const lowVals = L.vals, highVals = closed ? H.vals : H.vals.map((h) => h - 1n);
  const dt = dtype ?? ([...lowVals, ...highVals].every((v) => v >= -2147483648n && v <= 2147483647n) ? "int32" : "int64");
  if (size != null && sizeShape(size).reduce((a, b) => a * b, 1) === 0) return newArray(dt, sizeShape(size)).arr;
  const [lb, ub] = INT_BOUNDS[dt];
  if (lowVals.some((v) => v < lb)) throw new ValueError(randomMsg.lowBounds(dt));
  if (highVals.some((v) => v > ub)) throw new ValueError(randomMsg.highBounds(dt));
  const bshape = broadcastShapes([L.shape, H.shape]);
  const bl = broadcastIndex(L.shape, bshape), bh = broadcastIndex(H.shape, bshape);
  if (bl.some((l, i) => lowVals[l]! > highVals[bh[i]!]!)) {
    const lowAllZero = lowVals.every((v) => v === 0n);
    throw new ValueError(lowAllZero ? `high ${closed ? "<" : "<="} 0` : `low ${closed ? ">" : ">="} high`);
  }
  const bb: BitBuffer = { bcnt: 0, buf: 0 };
  if (scalar) {
    const [oh, ol, rh, rl] = words(dt, lowVals[0]!, highVals[0]!);
    const { arr, data } = newArray(dt, size == null ? [1] : sizeShape(size));
    boundedFillWords(bg, dt, oh, ol, rh, rl, data.length, masked, data, 0, bb);
    if (size != null) return arr;
    const v = data[0]!;
    if (dt === "bool") return v === 1;
    if (typeof v === "bigint") return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    return v as number;
  }
  const shape = size != null ? sizeShape(size) : bshape;
  const full = broadcastShapes([L.shape, H.shape, shape]);
  if (full.length !== shape.length || full.some((d, i) => d !== shape[i])) throw new ValueError(randomMsg.outputSize(shape, bshape));
  const li = broadcastIndex(L.shape, shape), hi = broadcastIndex(H.shape, shape);
  const { arr, data } = newArray(dt, shape);
  for (let i = 0; i < data.length; i++) {
    const [oh, ol, rh, rl] = words(dt, lowVals[li[i]!]!, highVals[hi[i]!]!);
    boundedFillWords(bg, dt, oh, ol, rh, rl, 1, masked, data, i, bb);
  }
  return arr;
}
