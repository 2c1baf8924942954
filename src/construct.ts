// Creation functions built from index arithmetic and raw memory: spaced sequences
// (logspace, geomspace), diagonals and triangles (diag, diagflat, tri, tril, triu),
// grids (meshgrid, indices, fromfunction), and arrays over bytes or iterators
// (frombuffer, fromiter).
//
// Results are lazy graph nodes where they can be: triangles are a `where` map over an
// index comparison, grids broadcast views of small ranges copied by fused kernels, a 2-D
// diag a strided view. A diagonal matrix is an opaque node (zeros plus one strided
// write); fromiter must consume its iterator at once.

import { STORAGE, type DTypeId, type TypedArray } from "../runtime/dtypes.js";
import { allocStorage, wrapElements } from "../runtime/buffer.js";
import { newNodeId, type Node, type OpaqueNode, type Scalar } from "../compiler/ir.js";
import { DType, dt, dtype as toDType, type DTypeLike } from "./dtype.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { broadcastShapes } from "./broadcast.js";
import { NDArray, fromBuffer, lazy } from "./ndarray.js";
import { structFromBytes } from "./structured/bytes.js";
import { arange, asarray, copyNode, flatValues, storageFromValues } from "./creation.js";
import { broadcastTo, diagonal, moveaxis, reshape } from "./shape.js";
import {
  commonDType, constNode, prepare, castNode, type ArrayLike,
  add, subtract, multiply, divide, equal, notEqual, less, greaterEqual, logicalAnd, negative, where, log10, power, real, imag,
} from "./ufunc.js";
import { argsOf, flat, intArg, isOptions, orEmpty, stack } from "./join.js";
import { elementFormatOf, storedItemsize } from "./io/npy.js";
import { arrayFromBytes } from "./io/bytes.js";

const optDType = (d: unknown, dflt: DType): DType => (d === undefined || d === null ? dflt : toDType(d as DTypeLike));
const anyTrue = (a: NDArray): boolean => flatValues(a).some(Boolean);

/** The zero of a dtype, as `np.zeros` fills it. */
function zeroOf(d: DType): Scalar {
  switch (d.kind) {
    case "U": return "";
    case "b": return false;
    case "c": return { re: 0, im: 0 };
    default: return d.isBig ? BigInt(0) : 0;
  }
}

// ---- spaced sequences ---------------------------------------------------------------------

/**
 * NumPy's linspace for array-like ends, in the float type of the ends: `num` samples
 * along a new first axis (then moved to `axis`), computed as NumPy does (`i*step + start`,
 * the endpoint pinned to `stop`).
 */
export function spaced(start: ArrayLike, stop: ArrayLike, numArg: unknown, endpoint: boolean, axisArg: unknown): NDArray {
  const num = intArg(numArg);
  if (num < 0) throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
  const ps = prepare(start), pe = prepare(stop);
  const d = commonDType([ps, pe, prepare(0.5)]); // start * 1.0
  const s = lazy(castNode(ps, d), d), e = lazy(castNode(pe, d), d);
  const delta = subtract(e, s);
  const nd = delta.ndim;
  const iota = reshape(arange(num, { dtype: d }), [num, ...Array(nd).fill(1)]);
  const div = endpoint ? num - 1 : num;
  let y: NDArray;
  if (div > 0) {
    const step = divide(delta, div);
    // gh-5437: denormal steps; NumPy switches every element when any step is zero
    y = anyTrue(equal(step, 0)) ? multiply(divide(iota, div), delta) : multiply(iota, step);
  } else {
    y = multiply(iota, delta);
  }
  y = add(y, s);
  if (endpoint && num > 1) {
    const last = equal(reshape(arange(num), [num, ...Array(nd).fill(1)]), num - 1);
    y = where(last, e, y);
  }
  const axis = intArg(axisArg ?? 0);
  return axis === 0 ? y : moveaxis(y, 0, axis);
}

/**
 * `np.logspace(start, stop, num = 50, endpoint = true, base = 10, dtype, axis = 0)`:
 * `base ** linspace(start, stop)`. Example: `np.logspace(0, 3, 4)` is `[1, 10, 100, 1000]`.
 */
export function logspace(start: ArrayLike, stop: ArrayLike, ...args: unknown[]): NDArray {
  const o = argsOf(["num", "endpoint", "base", "dtype", "axis"], args);
  const y = spaced(start, stop, o.num ?? 50, (o.endpoint ?? true) as boolean, o.axis);
  const r = power((o.base ?? 10.0) as ArrayLike, y);
  return orEmpty(o.dtype === undefined || o.dtype === null ? r : r.astype(toDType(o.dtype as DTypeLike)));
}

/**
 * `np.geomspace(start, stop, num = 50, endpoint = true, dtype, axis = 0)`: a geometric
 * progression with exact ends. Example: `np.geomspace(1, 1000, 4)` is `[1, 10, 100, 1000]`.
 */
export function geomspace(start: ArrayLike, stop: ArrayLike, ...args: unknown[]): NDArray {
  const o = argsOf(["num", "endpoint", "dtype", "axis"], args);
  const num = intArg(o.num ?? 50), endpoint = (o.endpoint ?? true) as boolean;
  const s0 = asarray(start), e0 = asarray(stop);
  if (anyTrue(equal(s0, 0)) || anyTrue(equal(e0, 0))) throw new ValueError("Geometric sequence cannot include zero");
  const dtype = o.dtype === undefined || o.dtype === null ? null : toDType(o.dtype as DTypeLike);
  let d = commonDType([prepare(start), prepare(stop), prepare(0.5)]);
  if (dtype?.kind === "c" && d.kind !== "c") d = dt(d.id === "float32" ? "complex64" : "complex128");
  let s = s0.astype(d), e = e0.astype(d);
  let sign: ArrayLike = 1;
  if (d.kind === "c") {
    // rotate purely imaginary ends onto the real axis, and back at the end
    const allImag = logicalAnd(equal(real(s), 0), equal(real(e), 0));
    s = where(allImag, imag(s), s); e = where(allImag, imag(e), e);
    sign = where(allImag, { re: 0, im: 1 }, { re: 1, im: 0 });
  }
  // NumPy 1.x's sign of a complex number is the sign of its real part (else imaginary part)
  const isNeg = (x: NDArray) => (d.kind === "c" ? where(notEqual(real(x), 0), less(real(x), 0), less(imag(x), 0)) : less(x, 0));
  const bothNeg = logicalAnd(isNeg(s), isNeg(e));
  s = where(bothNeg, negative(s), s); e = where(bothNeg, negative(e), e);
  const signArr = where(bothNeg, negative(asarray(sign).astype(d)), asarray(sign).astype(d));
  let r = logspace(log10(s), log10(e), num, endpoint, 10.0, dtype ?? d);
  const rd = r.dtype;
  // exp(log(x)) need not be x: the ends are the arguments themselves
  const shape1 = [num, ...Array(r.ndim - 1).fill(1)];
  if (num > 0) r = where(equal(reshape(arange(num), shape1), 0), s.astype(rd), r);
  if (num > 1 && endpoint) r = where(equal(reshape(arange(num), shape1), num - 1), e.astype(rd), r);
  r = multiply(signArr, r);
  const axis = intArg(o.axis ?? 0);
  if (axis !== 0) r = moveaxis(r, 0, axis);
  return orEmpty(dtype ? r.astype(dtype) : r);
}

// ---- diagonals and triangles -----------------------------------------------------------------

/** The opaque node of a 2-D array with 1-D `a` on its k-th diagonal, zeros elsewhere. */
function diagMatrix(a: NDArray, k: number): OpaqueNode {
  const len = a.shape[0], n = len + Math.abs(k);
  const d = a.dtype, lanes = STORAGE[d.id].lanes;
  const r0 = k >= 0 ? 0 : -k, c0 = k >= 0 ? k : 0;
  const zero = d.kind === "U" ? "" : d.isBig ? BigInt(0) : 0;
  return {
    kind: "opaque", id: newNodeId(), name: "diag", dtype: d.id, shape: [n, n], inputs: [a._node],
    run: ([b], out) => {
      const src = b.storage.elementsAs(d.id) as unknown as unknown[], dst = out.elementsAs(d.id) as unknown as unknown[];
      (dst as unknown as { fill(v: unknown): void }).fill(zero);
      for (let i = 0; i < len; i++) {
        const p = (b.offset + i * b.strides[0]) * lanes, q = ((i + r0) * n + i + c0) * lanes;
        for (let l = 0; l < lanes; l++) dst[q + l] = src[p + l];
      }
    },
  };
}

/**
 * `np.diag(v, k = 0)`: the k-th diagonal of a 2-D array (a read-only view), or a 2-D
 * array with a 1-D `v` on its k-th diagonal. Example: `np.diag([1, 2, 3])`.
 */
export function diag(v: unknown, k: number | { k?: number } = 0): NDArray {
  const a = asarray(v);
  const kk = intArg(isOptions(k) ? (k as { k?: number }).k ?? 0 : k);
  if (a.ndim === 1) return lazy(diagMatrix(a, kk), a.dtype);
  if (a.ndim === 2) return diagonal(a, kk);
  throw new ValueError("Input must be 1- or 2-d.");
}

/** `np.diagflat(v, k = 0)`: a 2-D array with the flattened `v` on its k-th diagonal. */
export function diagflat(v: unknown, k: number | { k?: number } = 0): NDArray {
  const a = flat(asarray(v));
  return lazy(diagMatrix(a, intArg(isOptions(k) ? (k as { k?: number }).k ?? 0 : k)), a.dtype);
}

/** The boolean mask `j - i <= k` of an N x M array, as a lazy comparison of two ranges. */
function triMask(N: number, M: number, k: number): NDArray {
  const rows = Math.max(N, 0), cols = Math.max(M, 0);
  const i = reshape(arange(rows), [rows, 1]);
  const j = reshape(arange(-k, cols - k), [1, cols]);
  return greaterEqual(i, j);
}

/**
 * `np.tri(N, M = N, k = 0, dtype = float64)`: ones at and below the k-th diagonal.
 * Example: `np.tri(3, 3, -1, { dtype: "int32" })`.
 */
export function tri(N: number, ...args: unknown[]): NDArray {
  const o = argsOf(["M", "k", "dtype"], args);
  const n = intArg(N), m = o.M === undefined || o.M === null ? n : intArg(o.M);
  const mask = triMask(n, m, intArg(o.k ?? 0));
  const d = optDType(o.dtype, dt("float64"));
  return orEmpty(d.id === "bool" ? mask : mask.astype(d));
}

/** `where(mask, m, 0)` (lower) or `where(mask, 0, m)` (upper), for tril/triu. */
function triangle(m: unknown, k: number, upper: boolean): NDArray {
  const a = asarray(m);
  if (a.ndim === 0) throw new TypeError("tri() missing 1 required positional argument: 'N'");
  const [r, c] = a.ndim === 1 ? [a.shape[0], a.shape[0]] : a.shape.slice(-2);
  const mask = triMask(r, c, upper ? k - 1 : k);
  const zero = constNode(zeroOf(a.dtype), a.dtype);
  const node: Node = {
    kind: "map", id: newNodeId(), op: "where", dtype: a.dtype.id, shape: broadcastShapes(mask.shape, a.shape),
    inputs: upper ? [mask._node, zero, a._node] : [mask._node, a._node, zero],
  };
  return orEmpty(lazy(node, a.dtype));
}

const kArg = (k: number | { k?: number }) => intArg(isOptions(k) ? (k as { k?: number }).k ?? 0 : k);

/** `np.tril(m, k = 0)`: zeros above the k-th diagonal (of the last two axes). */
export function tril(m: unknown, k: number | { k?: number } = 0): NDArray {
  return triangle(m, kArg(k), false);
}

/** `np.triu(m, k = 0)`: zeros below the k-th diagonal (of the last two axes). */
export function triu(m: unknown, k: number | { k?: number } = 0): NDArray {
  return triangle(m, kArg(k), true);
}

// ---- grids --------------------------------------------------------------------------------------

export interface MeshgridOptions { indexing?: "xy" | "ij"; sparse?: boolean; copy?: boolean }

/**
 * `np.meshgrid(...xi, { indexing = "xy", sparse = false, copy = true })`: coordinate
 * arrays from coordinate vectors. Example: `const [X, Y] = np.meshgrid(x, y)`.
 */
export function meshgrid(...xi: unknown[]): NDArray[] {
  const o: MeshgridOptions = xi.length && isOptions(xi[xi.length - 1]) ? (xi.pop() as MeshgridOptions) : {};
  const indexing = o.indexing ?? "xy", sparse = o.sparse ?? false, copy = o.copy ?? true;
  if (indexing !== "xy" && indexing !== "ij") throw new ValueError("Valid values for `indexing` are 'xy' and 'ij'.");
  const nd = xi.length;
  let out = xi.map((x, i) => {
    const v = flat(asarray(x));
    const shape = Array<number>(nd).fill(1);
    shape[indexing === "xy" && nd > 1 && i < 2 ? 1 - i : i] = v.size;
    return reshape(v, shape);
  });
  if (!sparse) {
    const shape = broadcastShapes(...out.map((x) => x.shape));
    out = out.map((x) => broadcastTo(x, shape));
  }
  return copy ? out.map((x) => orEmpty(lazy(copyNode(x), x.dtype))) : out;
}

export interface IndicesOptions { dtype?: DTypeLike; sparse?: boolean }

/** The range 0..dims[i]-1 of dtype d along axis i of an array of dims.length axes. */
function axisRange(dims: readonly number[], i: number, d: DType): NDArray {
  return reshape(arange(dims[i], { dtype: d }), dims.map((n, j) => (j === i ? n : 1)));
}

/**
 * `np.indices(dimensions, dtype = int32, sparse = false)`: the index of every element
 * along each axis, stacked. Example: `np.indices([2, 3])` has shape `[2, 2, 3]`.
 */
export function indices(dimensions: readonly number[], ...args: unknown[]): NDArray | NDArray[] {
  const o = argsOf(["dtype", "sparse"], args);
  const dims = [...dimensions].map(intArg);
  const d = optDType(o.dtype, dt("int32"));
  if (o.sparse) return dims.map((_, i) => axisRange(dims, i, d));
  if (dims.some((n) => n < 0)) throw new ValueError("negative dimensions are not allowed");
  if (dims.length === 0) return fromBuffer(allocStorage(d.id, 0), d, { shape: [0], strides: [1], offset: 0 });
  return stack(dims.map((_, i) => broadcastTo(axisRange(dims, i, d), dims)));
}

/**
 * `np.fromfunction(fn, shape, { dtype = float64, ...kwargs })`: `fn` called once with one
 * coordinate array per axis (and `kwargs`, if any). Example:
 * `np.fromfunction((i, j) => i.add(j), [3, 3])`.
 */
export function fromfunction<T>(fn: (...args: never[]) => T, shape: number | readonly number[], opts: { dtype?: DTypeLike } & Record<string, unknown> = {}): T {
  const { dtype, ...kwargs } = opts;
  const dims = (typeof shape === "number" ? [shape] : [...shape]).map(intArg);
  const d = optDType(dtype, dt("float64"));
  const args = dims.map((_, i) => {
    const b = broadcastTo(axisRange(dims, i, d), dims);
    return orEmpty(lazy(copyNode(b), d));
  });
  const call = fn as unknown as (...a: unknown[]) => T;
  return Object.keys(kwargs).length ? call(...args, kwargs) : call(...args);
}

// ---- from memory and iterators ---------------------------------------------------------------

/** The bytes behind a buffer-like argument. */
function bytesOf(buffer: unknown): { ab: ArrayBufferLike; byteOffset: number; byteLength: number } {
  if (buffer instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer))
    return { ab: buffer, byteOffset: 0, byteLength: buffer.byteLength };
  if (ArrayBuffer.isView(buffer)) return { ab: buffer.buffer, byteOffset: buffer.byteOffset, byteLength: buffer.byteLength };
  if (buffer instanceof NDArray) {
    if (buffer.dtype.kind === "U") throw new TypeError("frombuffer of unicode arrays is not supported");
    if (!buffer.flags.cContiguous) throw new ValueError("ndarray is not C-contiguous");
    return bytesOf(buffer.data);
  }
  const name = buffer === null || buffer === undefined ? "NoneType" : Array.isArray(buffer) ? "list" : typeof buffer === "number" ? (Number.isInteger(buffer) ? "int" : "float") : typeof buffer === "string" ? "str" : typeof buffer;
  throw new TypeError(`a bytes-like object is required, not '${name}'`);
}

/**
 * `np.frombuffer(buffer, dtype = float64, count = -1, offset = 0)`: a 1-D array over the
 * bytes of an ArrayBuffer or typed array, sharing its memory (copied only when `offset` is
 * not a multiple of the element's alignment). Example: `np.frombuffer(a.tobytes(), "int32")`.
 */
export function frombuffer(buffer: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["dtype", "count", "offset"], args);
  // big-endian, float16 and byte-string codes ('>i4', 'f2', 'S3') are read into a native copy
  const stored = typeof o.dtype === "string" ? elementFormatOf(o.dtype) : null;
  if (stored && (stored.bigEndian || stored.half || stored.bytes)) {
    const { ab, byteOffset, byteLength } = bytesOf(buffer), size = storedItemsize(stored);
    const count = intArg(o.count ?? -1), offset = intArg(o.offset ?? 0);
    if (offset < 0 || offset > byteLength) throw new ValueError(`offset must be non-negative and no greater than buffer length (${byteLength})`);
    if (count < 0 && (byteLength - offset) % size !== 0) throw new ValueError("buffer size must be a multiple of element size");
    if (count >= 0 && byteLength - offset < count * size) throw new ValueError("buffer is smaller than requested size");
    const n = count < 0 ? (byteLength - offset) / size : count;
    return arrayFromBytes(new Uint8Array(ab as ArrayBuffer, byteOffset + offset, n * size), stored, [n]);
  }
  const d = optDType(o.dtype, dt("float64"));
  const count = intArg(o.count ?? -1), offset = intArg(o.offset ?? 0);
  const { ab, byteOffset, byteLength } = bytesOf(buffer);
  if (offset < 0 || offset > byteLength) throw new ValueError(`offset must be non-negative and no greater than buffer length (${byteLength})`);
  const avail = byteLength - offset, size = d.itemsize;
  let n: number;
  if (count < 0) {
    if (avail % size !== 0) throw new ValueError("buffer size must be a multiple of element size");
    n = avail / size;
  } else {
    if (avail < count * size) throw new ValueError("buffer is smaller than requested size");
    n = count;
  }
  const start = byteOffset + offset;
  if (d.kind === "V") return structFromBytes(new Uint8Array(ab as ArrayBuffer, start, n * size), d, [n]); // records, copied field by field
  const layout = { shape: [n], strides: [1], offset: 0 };
  if (d.kind === "U") {
    // UCS-4, little-endian, NUL-padded
    const view = new DataView(ab as ArrayBuffer, start, n * size), s = allocStorage("str", n), out = s.data as string[];
    for (let i = 0; i < n; i++) {
      let str = "";
      for (let c = 0; c < d.strlen; c++) str += String.fromCodePoint(view.getUint32(i * size + 4 * c, true));
      out[i] = str.replace(/\0+$/, "");
    }
    return fromBuffer(s, d, layout);
  }
  const ctor = STORAGE[d.id].ctor!, slots = n * STORAGE[d.id].lanes;
  const data: TypedArray = start % ctor.BYTES_PER_ELEMENT === 0
    ? new ctor(ab, start, slots)
    : new ctor(new Uint8Array(ab, start, n * size).slice().buffer, 0, slots);
  return fromBuffer(wrapElements(d.id as DTypeId, data), d, layout);
}

/**
 * `np.fromiter(iterable, dtype, count = -1)`: a 1-D array of an iterable's values (at most
 * `count`). Example: `np.fromiter(gen(), "float64")`.
 */
export function fromiter(iterable: Iterable<unknown>, ...args: unknown[]): NDArray {
  const o = argsOf(["dtype", "count"], args);
  if (o.dtype === undefined || o.dtype === null) throw new TypeError("fromiter() missing required argument 'dtype' (pos 2)");
  const d = toDType(o.dtype as DTypeLike);
  const count = intArg(o.count ?? -1);
  if (iterable === null || iterable === undefined || typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== "function")
    throw new TypeError(`'${iterable === null || iterable === undefined ? "NoneType" : typeof iterable}' object is not iterable`);
  const it = iterable[Symbol.iterator]();
  const values: unknown[] = [];
  for (let i = 0; i < count || count === -1; i++) {
    const r = it.next();
    if (r.done) break;
    values.push(r.value);
  }
  if (count >= 0 && values.length < count) throw new ValueError(`iterator too short: Expected ${count} but iterator had only ${values.length} items.`);
  return fromBuffer(storageFromValues(values, d), d, { shape: [values.length], strides: [1], offset: 0 });
}

