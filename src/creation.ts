// Creation: arrays from JS values and typed arrays, and NumPy's constructors.

import { STORAGE, type DTypeId, type Elements, type TypedArray } from "../runtime/dtypes.js";
import { allocStorage, wrapElements, type Storage } from "../runtime/buffer.js";
import { cStrides, fStrides, newNodeId, sizeOf, type Node, type Scalar } from "../compiler/ir.js";
import { DType, dt, dtype as toDType, inferDType, isComplexValue, type DTypeLike } from "./dtype.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { checkShape } from "./broadcast.js";
import { NDArray, fromBuffer, lazy } from "./ndarray.js";
import { structuredArray, structuredFilled } from "./structured/records.js";

export type Order = "C" | "F" | "K" | "A";
export interface CreateOptions { dtype?: DTypeLike | null; order?: Order }
export type ShapeLike = number | readonly number[];

const TYPED: [new (...a: never[]) => TypedArray, DTypeId][] = [
  [Float64Array, "float64"], [Float32Array, "float32"], [Int8Array, "int8"], [Int16Array, "int16"], [Int32Array, "int32"],
  [Uint8Array, "uint8"], [Uint8ClampedArray as never, "uint8"], [Uint16Array, "uint16"], [Uint32Array, "uint32"],
  [BigInt64Array, "int64"], [BigUint64Array, "uint64"],
];
function typedDType(x: ArrayBufferView): DTypeId | null {
  for (const [c, d] of TYPED) if (x instanceof c) return d;
  return null;
}

const shapeArg = (s: ShapeLike): number[] => checkShape(typeof s === "number" ? [s] : s);
const dtOpt = (d: DTypeLike | null | undefined, dflt: DType): DType => (d === null || d === undefined ? dflt : toDType(d));

/** Converts one JS value for storage in a dtype's element array. */
export function toElement(v: unknown, d: DTypeId): number | bigint | string | boolean {
  if (d === "str") return typeof v === "string" ? v : String(v);
  if (d === "int64" || d === "uint64") {
    if (typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? BigInt(1) : BigInt(0);
    if (isComplexValue(v)) v = v.re;
    const x = Number(v);
    if (!Number.isFinite(x)) throw new ValueError(`cannot convert float ${x} to integer`);
    return BigInt(Math.trunc(x));
  }
  if (v === null || v === undefined) {
    if (d === "float32" || d === "float64") return NaN;
    throw new TypeError(`int() argument must be a string, a bytes-like object or a real number, not 'NoneType'`);
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    const x = Number(v);
    if (v.trim() === "" || Number.isNaN(x) && !/^\s*[+-]?nan\s*$/i.test(v)) throw new ValueError(`could not convert string to float: '${v}'`);
    return x;
  }
  if (isComplexValue(v)) return v.re;
  if (typeof v !== "number") throw new TypeError(`float() argument must be a string or a real number, not '${typeof v}'`);
  if (d === "bool") return v !== 0 ? 1 : 0;
  if (d !== "float32" && d !== "float64" && !Number.isFinite(v)) throw new ValueError(`cannot convert float ${v} to integer`);
  return d === "float32" || d === "float64" ? v : Math.trunc(v);
}

/** Writes JS values (C order) into fresh storage of dtype d. */
export function storageFromValues(values: readonly unknown[], d: DType): Storage {
  const s = allocStorage(d.id, values.length);
  const data = s.data as unknown as unknown[];
  if (STORAGE[d.id].lanes === 2) {
    values.forEach((v, i) => {
      if (isComplexValue(v)) { data[2 * i] = v.re; data[2 * i + 1] = v.im; }
      else { data[2 * i] = toElement(v, "float64"); data[2 * i + 1] = 0; }
    });
  } else if (d.id === "str") {
    values.forEach((v, i) => (data[i] = String(v).slice(0, d.strlen)));
  } else {
    values.forEach((v, i) => (data[i] = toElement(v, d.id)));
  }
  return s;
}

/** The shape of a nested JS list (rectangular, else NumPy's inhomogeneous error), and its leaves. */
function nestedShape(x: unknown): { shape: number[]; leaves: unknown[] } {
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe) || probe instanceof NDArray || (ArrayBuffer.isView(probe) && !(probe instanceof DataView))) {
    if (probe instanceof NDArray) { shape.push(...probe.shape); break; }
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
  }
  const leaves: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw inhomogeneous(depth);
      leaves.push(v);
      return;
    }
    if (v instanceof NDArray) {
      if (v.ndim !== shape.length - depth || v.shape.some((n, i) => n !== shape[depth + i])) throw inhomogeneous(depth);
      leaves.push(...flatValues(v));
      return;
    }
    if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || (v as ArrayLike<unknown>).length !== shape[depth]) throw inhomogeneous(depth);
    for (let i = 0; i < shape[depth]; i++) walk((v as ArrayLike<unknown>)[i], depth + 1);
  };
  walk(x, 0);
  return { shape, leaves };
  function inhomogeneous(depth: number) {
    return new ValueError(`setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions. The detected shape was (${shape.slice(0, depth).join(",")}${depth === 1 ? "," : ""}) + inhomogeneous part.`);
  }
}

/** @internal the elements of an array as JS values in C order (evaluates). */
export function flatValues(a: NDArray): unknown[] {
  const b = a._buffer();
  const out: unknown[] = new Array(a.size);
  const data = b.storage.elementsAs(b.dtype) as unknown as unknown[];
  const nd = b.shape.length, idx = new Array<number>(nd).fill(0);
  const kind = a.dtype.kind;
  for (let j = 0; j < out.length; j++) {
    let p = b.offset;
    for (let d = 0; d < nd; d++) p += idx[d] * b.strides[d];
    out[j] = kind === "c" ? { re: data[2 * p], im: data[2 * p + 1] } : kind === "b" ? data[p] !== 0 : data[p];
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < b.shape[d]) break; idx[d] = 0; }
  }
  return out;
}

/** A lazy copy of `a` converted to dtype `d`. */
export function copyNode(a: NDArray, d: DType = a.dtype): Node {
  return { kind: "map", id: newNodeId(), op: "cast", dtype: d.id, shape: a.shape, inputs: [a._node] };
}

function withOrder(a: NDArray, order: Order | undefined): NDArray {
  if (order !== "F" || a.ndim < 2) return a;
  const b = a._buffer();
  const s = allocStorage(a.dtype.id, a.size);
  const out = fromBuffer(s, a.dtype, { shape: a.shape, strides: fStrides(a.shape), offset: 0 });
  // copy element by element in C order into F-ordered memory
  const src = flatValues(a), dst = s.data as unknown as unknown[], lanes = STORAGE[a.dtype.id].lanes;
  const fs = fStrides(a.shape), nd = a.ndim, idx = new Array<number>(nd).fill(0);
  for (let j = 0; j < src.length; j++) {
    let p = 0;
    for (let d = 0; d < nd; d++) p += idx[d] * fs[d];
    const v = src[j];
    if (lanes === 2) { dst[2 * p] = (v as { re: number }).re; dst[2 * p + 1] = (v as { im: number }).im; }
    else dst[p] = a.dtype.kind === "b" ? (v ? 1 : 0) : v;
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < a.shape[d]) break; idx[d] = 0; }
  }
  void b;
  return out;
}

/** `np.array(object, { dtype, order })`: a new array (always a copy). Example: `np.array([[1, 2], [3, 4]])`. */
export function array(object: unknown, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o: CreateOptions = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts ?? {};
  const sd = o.dtype ? toDType(o.dtype) : object instanceof NDArray ? object.dtype : null;
  if (sd?.kind === "V") return structuredArray(object, sd);
  if (object instanceof NDArray) {
    const d = dtOpt(o.dtype, object.dtype);
    return withOrder(lazy(copyNode(object, d), d), o.order);
  }
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    const id = typedDType(object);
    if (id) {
      const src = wrapElements(id, object as unknown as TypedArray);
      const base = fromBuffer(src, dt(id), { shape: [src.length], strides: [1], offset: 0 });
      const d = dtOpt(o.dtype, dt(id));
      return lazy(copyNode(base, d), d).evalSync();
    }
  }
  const { shape, leaves } = nestedShape(object);
  const d = o.dtype ? toDType(o.dtype) : inferDType(leaves);
  const final = d.id === "str" && !o.dtype ? d : d.id === "str" && d.strlen === 1 && o.dtype === "str" ? dt("str", Math.max(1, ...leaves.map((v) => String(v).length))) : d;
  const s = storageFromValues(leaves, final);
  return withOrder(fromBuffer(s, final, { shape, strides: cStrides(shape), offset: 0 }), o.order);
}

/** `np.asarray(a)`: `a` itself when it already is an array of that dtype; typed arrays share memory. */
export function asarray(a: unknown, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o: CreateOptions = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts ?? {};
  if (a instanceof NDArray && (!o.dtype || toDType(o.dtype).equals(a.dtype))) return a;
  if (ArrayBuffer.isView(a) && !(a instanceof DataView)) {
    const id = typedDType(a);
    if (id && (!o.dtype || toDType(o.dtype).id === id)) {
      const s = wrapElements(id, a as unknown as Elements);
      return fromBuffer(s, dt(id), { shape: [s.length], strides: [1], offset: 0 });
    }
  }
  return array(a, o);
}

/** @internal an array of `shape` filled with a scalar, materialized now (creation is cheap). */
export function filled(shape: ShapeLike, value: Scalar, d: DType, order: Order = "C"): NDArray {
  const sh = shapeArg(shape);
  if (d.kind === "V") return structuredFilled(sh, value, d);
  const n = sizeOf(sh);
  const s = allocStorage(d.id, n, true);
  const zero = value === 0 || value === false;
  if (!zero || s.data.length && s.data[0] !== 0 && s.data[0] !== BigInt(0)) {
    const data = s.data as unknown as { fill(v: unknown): void };
    if (STORAGE[d.id].lanes === 2) {
      const [re, im] = isComplexValue(value) ? [value.re, value.im] : [Number(toElement(value, "float64")), 0];
      const t = s.data as Float64Array;
      for (let i = 0; i < n; i++) { t[2 * i] = re; t[2 * i + 1] = im; }
    } else data.fill(d.id === "str" ? String(value).slice(0, d.strlen) : toElement(value, d.id));
  }
  return fromBuffer(s, d, { shape: sh, strides: order === "F" ? fStrides(sh) : cStrides(sh), offset: 0 });
}

/** `np.zeros(shape, { dtype })`. Example: `np.zeros([2, 3])`. */
export function zeros(shape: ShapeLike, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts;
  const d = dtOpt(o.dtype, dt("float64"));
  return filled(shape, d.kind === "U" ? "" : 0, d, o.order); // NumPy's zero string is empty
}
/** `np.ones(shape, { dtype })`. */
export function ones(shape: ShapeLike, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts;
  return filled(shape, 1, dtOpt(o.dtype, dt("float64")), o.order);
}
/** `np.empty(shape, { dtype })`: contents unspecified (here: zeros for small arrays, recycled memory for large). */
export function empty(shape: ShapeLike, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts;
  const sh = shapeArg(shape), d = dtOpt(o.dtype, dt("float64"));
  if (d.kind === "V") return structuredFilled(sh, 0, d);
  return fromBuffer(allocStorage(d.id, sizeOf(sh)), d, { shape: sh, strides: o.order === "F" ? fStrides(sh) : cStrides(sh), offset: 0 });
}
/** `np.full(shape, fillValue, { dtype })`. */
export function full(shape: ShapeLike, fillValue: Scalar, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts;
  const d = o.dtype ? toDType(o.dtype) : inferDType([fillValue]);
  return filled(shape, fillValue, d, o.order);
}

interface LikeOptions extends CreateOptions { shape?: ShapeLike }
const likeArgs = (a: NDArray | unknown, o: LikeOptions) => {
  const arr = asarray(a);
  return { shape: o.shape ?? arr.shape, d: dtOpt(o.dtype, arr.dtype) };
};
/** `np.zerosLike(a)`. */
export function zerosLike(a: unknown, opts: LikeOptions = {}): NDArray { const { shape, d } = likeArgs(a, opts); return filled(shape, d.kind === "U" ? "" : 0, d); }
/** `np.onesLike(a)`. */
export function onesLike(a: unknown, opts: LikeOptions = {}): NDArray { const { shape, d } = likeArgs(a, opts); return filled(shape, 1, d); }
/** `np.emptyLike(a)`. */
export function emptyLike(a: unknown, opts: LikeOptions = {}): NDArray { const { shape, d } = likeArgs(a, opts); return empty(shape, { dtype: d }); }
/** `np.fullLike(a, fillValue)`. */
export function fullLike(a: unknown, fillValue: Scalar, opts: LikeOptions = {}): NDArray { const { shape, d } = likeArgs(a, opts); return filled(shape, fillValue, d); }

/** `np.arange([start,] stop[, step], { dtype })`. Example: `np.arange(0, 10, 2)`. */
export function arange(...args: (number | bigint | CreateOptions | undefined)[]): NDArray {
  let opts: CreateOptions = {};
  if (args.length && typeof args[args.length - 1] === "object") opts = args.pop() as CreateOptions;
  const nums = args.filter((x) => x !== undefined) as (number | bigint)[];
  if (nums.length === 0) throw new TypeError("arange() requires stop to be specified.");
  let [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  const allInt = [start, stop, step].every((v) => typeof v === "bigint" || Number.isInteger(v));
  const d = opts.dtype ? toDType(opts.dtype) : allInt ? (nums.some((v) => typeof v === "bigint") || [start, stop].some((v) => Math.abs(Number(v)) > 2147483647) ? dt("int64") : dt("int32")) : dt("float64");
  start = Number(start); stop = Number(stop); step = Number(step);
  if (step === 0) throw new ValueError("Maximum allowed size exceeded");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const s = allocStorage(d.id, n);
  const data = s.data as unknown as unknown[];
  if (d.kind === "c") for (let i = 0; i < n; i++) { data[2 * i] = start + i * step; data[2 * i + 1] = 0; }
  else if (d.isBig) for (let i = 0; i < n; i++) data[i] = BigInt(start + i * step);
  else for (let i = 0; i < n; i++) data[i] = start + i * step;
  return fromBuffer(s, d, { shape: [n], strides: [1], offset: 0 });
}

export interface LinspaceOptions extends CreateOptions { num?: number; endpoint?: boolean; retstep?: boolean; axis?: number }
/** `np.linspace(start, stop, num = 50, { endpoint, dtype })`. */
export function linspace(start: number, stop: number, num: number | LinspaceOptions = 50, opts: LinspaceOptions = {}): NDArray {
  if (typeof num === "object") { opts = num; num = opts.num ?? 50; }
  if (num < 0) throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const vals = new Array<number>(num);
  for (let i = 0; i < num; i++) vals[i] = div > 0 ? start + i * step : start;
  // NumPy computes start + i*step and then pins the endpoint exactly
  if (endpoint && num > 1) vals[num - 1] = stop;
  const d = opts.dtype ? toDType(opts.dtype) : dt("float64");
  const a = fromBuffer(storageFromValues(vals, dt("float64")), dt("float64"), { shape: [num], strides: [1], offset: 0 });
  return d.id === "float64" ? a : lazy(copyNode(a, d), d);
}

/** `np.eye(N, M?, k?, { dtype })`. */
export function eye(N: number, M?: number | null | CreateOptions & { k?: number }, k: number | CreateOptions = 0, opts: CreateOptions & { k?: number } = {}): NDArray {
  if (typeof M === "object" && M !== null) { opts = M; M = undefined; }
  if (typeof k === "object") { opts = k; k = opts.k ?? 0; }
  const m = (M ?? N) as number;
  const d = dtOpt(opts.dtype, dt("float64"));
  const a = filled([N, m], 0, d, opts.order);
  const b = a._buffer(), data = b.storage.data as unknown as unknown[];
  const one = d.isBig ? BigInt(1) : d.id === "str" ? "1" : 1;
  const lanes = STORAGE[d.id].lanes;
  for (let i = 0; i < N; i++) {
    const j = i + (k as number);
    if (j >= 0 && j < m) data[(i * b.strides[0] + j * b.strides[1]) * lanes] = one;
  }
  return a;
}

/** `np.identity(n, { dtype })`. */
export function identity(n: number, opts: CreateOptions | DTypeLike = {}): NDArray {
  const o = typeof opts === "string" || opts instanceof DType ? { dtype: opts } : opts;
  return eye(n, n, 0, o);
}

export { fromBuffer };
