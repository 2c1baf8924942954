// Stacks of matrices: how a numpy.linalg function over (..., M, N) inputs becomes graph nodes.
//
// `stacked` builds ONE opaque node that loops over the broadcast stack of its operands'
// leading axes. For each problem it copies every operand's core (its trailing axes) into
// a Float64Array scratch in C (or F) order, converting the input dtype (integers, bool,
// float32, int64 bigints) to doubles and real data to complex pairs when the kernel
// computes in complex; it calls the kernel; then it copies the kernel's result scratches
// into the node's output. A function with several results (slogdet, qr, svd, eig, ...)
// packs them all into that one output buffer, one after the other, and returns each as
// a view of it (a real result of a complex computation as the `.real` view, an integer
// result as a lazy cast). Like every opaque node, inputs that are pending expressions are
// computed first, and the results feed later kernels.
//
// The NumPy checks every linalg function makes (_commonType, _assert_stacked_2d,
// _assert_stacked_square) are here too, with NumPy's wording.

import { cStrides, fStrides, newNodeId, sizeOf, type BufferNode, type OpaqueNode } from "../../compiler/ir.js";
import { allocStorage } from "../../runtime/buffer.js";
import { STORAGE, type TypedArray } from "../../runtime/dtypes.js";
import { LinAlgError, TypeError, ValueError, msg } from "../../runtime/errors.js";
import { broadcastShapes } from "../broadcast.js";
import { DType, dt, promoteTypes } from "../dtype.js";
import { NDArray, fromBuffer, lazy, viewOf } from "../ndarray.js";
import { copyNode } from "../creation.js";

// ---- NumPy's argument checks --------------------------------------------------------------

/** NumPy's `_assert_stacked_2d`. */
export function assertStacked2d(...arrays: NDArray[]): void {
  for (const a of arrays)
    if (a.ndim < 2) throw new LinAlgError(`${a.ndim}-dimensional array given. Array must be at least two-dimensional`);
}

/** NumPy's `_assert_2d` (lstsq takes no stacks). */
export function assert2d(...arrays: NDArray[]): void {
  for (const a of arrays)
    if (a.ndim !== 2) throw new LinAlgError(`${a.ndim}-dimensional array given. Array must be two-dimensional`);
}

/** NumPy's `_assert_stacked_square`. */
export function assertStackedSquare(...arrays: NDArray[]): void {
  for (const a of arrays)
    if (a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new LinAlgError("Last 2 dimensions of the array must be square");
}

/** How NumPy computes on some arrays: in double or complex double, returning `result`. */
export interface CommonType {
  /** Compute in complex128 (else float64). */
  complex: boolean;
  /** NumPy's `result_t`: float32/complex64 when every inexact input is single precision, else float64/complex128. */
  result: DType;
  /** The real dtype of the result's precision (singular values, logdet, residuals). */
  real: DType;
}

/**
 * NumPy's `_commonType`: integers and bool compute as float64; float32 and complex64 are
 * computed in double precision and returned in single. `ufunc` names NumPy's gufunc for
 * the error a string array gets.
 */
export function commonType(ufunc: string, ...arrays: NDArray[]): CommonType {
  let single = true, complex = false;
  for (const a of arrays) {
    const k = a.dtype.kind;
    if (k === "U") throw new TypeError(`Cannot cast ufunc '${ufunc}' input from dtype('${a.dtype}') to dtype('float64') with casting rule 'same_kind'`);
    if (k === "c") complex = true;
    if (!(a.dtype.id === "float32" || a.dtype.id === "complex64")) single = false;
  }
  const result = dt(complex ? (single ? "complex64" : "complex128") : single ? "float32" : "float64");
  return { complex, result, real: dt(single ? "float32" : "float64") };
}

// ---- the stacked node ---------------------------------------------------------------------

/** One input: `array`, whose last `core` axes hold one problem's data (a matrix: 2). */
export interface Operand {
  array: NDArray;
  core: number;
  /** Order of the scratch the kernel gets: "C" (row-major, default) or "F" (column-major, LAPACK's). */
  order?: "C" | "F";
}

/** One result: its shape per problem and its dtype. */
export interface Result {
  core: readonly number[];
  dtype: DType;
  /** Order in which the kernel writes it to its scratch (the returned array is C-ordered). */
  order?: "C" | "F";
}

/**
 * One problem. `ins[k]` holds operand k's core elements as doubles (re, im pairs when the
 * computation is complex); the kernel may overwrite them. It fills `outs[j]` likewise
 * (pairs for complex results, plain doubles for real ones; scratches are reused between
 * problems, so every element must be written). `index` counts problems in C order.
 */
export type Kernel = (ins: Float64Array[], outs: Float64Array[], index: number) => void;

const lanesOf = (d: DType) => (d.kind === "c" ? 2 : 1);

/** Copies one problem's core from a buffer (its element offset `off`) into a scratch. */
type Reader = (off: number, dst: Float64Array) => void;

/**
 * A reader of `shape` elements of buffer b with strides `strides`, into a scratch of lanes
 * `dl` in C or F order; converting as it goes (bigints by Number, real into complex pairs).
 */
function coreReader(b: BufferNode, strides: readonly number[], shape: readonly number[], dl: number, f: boolean): Reader {
  const src = b.storage.elementsAs(b.dtype) as TypedArray, sl = STORAGE[b.dtype].lanes;
  const big = b.dtype === "int64" || b.dtype === "uint64";
  const n = sizeOf(shape), nd = shape.length;
  if (n === 0) return () => {};
  // walk source elements in C order; write to the C or F position
  const dstStrides = f ? fStrides(shape) : cStrides(shape);
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1, len = nd ? shape[last] : 1, ss = nd ? strides[last] : 0, ds = nd ? dstStrides[last] : 0;
  return (off, dst) => {
    let sp = off, dp = 0;
    for (let r = n / len; r > 0; r--) {
      if (sl === 2) for (let i = 0; i < len; i++) { const s = 2 * (sp + i * ss), d = 2 * (dp + i * ds); dst[d] = src[s] as number; dst[d + 1] = src[s + 1] as number; }
      else if (dl === 1) {
        if (big) for (let i = 0; i < len; i++) dst[dp + i * ds] = Number(src[sp + i * ss]);
        else for (let i = 0; i < len; i++) dst[dp + i * ds] = src[sp + i * ss] as number;
      } else for (let i = 0; i < len; i++) { const d = 2 * (dp + i * ds); dst[d] = Number(src[sp + i * ss]); dst[d + 1] = 0; }
      for (let d = last - 1; d >= 0; d--) {
        idx[d]++; sp += strides[d]; dp += dstStrides[d];
        if (idx[d] < shape[d]) break;
        sp -= strides[d] * shape[d]; dp -= dstStrides[d] * shape[d]; idx[d] = 0;
      }
    }
  };
}

/** Writes a scratch (lanes `sl`, C or F order) at element `at` of the output (lanes `dl`; real into complex: im = 0), in C order. */
type Writer = (src: Float64Array, dst: Float64Array | Float32Array, at: number) => void;

function coreWriter(sl: number, shape: readonly number[], f: boolean, dl: number): Writer {
  const n = sizeOf(shape);
  if ((!f || shape.length < 2) && sl === dl) return (src, dst, at) => dst.set(src.subarray(0, n * sl), at * dl);
  // the scratch position of each element in C order
  const from = new Int32Array(n);
  if (f && shape.length >= 2) {
    const fs = fStrides(shape), nd = shape.length, idx = new Array<number>(nd).fill(0);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < nd; d++) from[i] += idx[d] * fs[d];
      for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
    }
  } else for (let i = 0; i < n; i++) from[i] = i;
  return (src, dst, at) => {
    for (let i = 0; i < n; i++) {
      const o = (at + i) * dl, p = from[i];
      if (sl === 2) { dst[o] = src[2 * p]; dst[o + 1] = src[2 * p + 1]; }
      else { dst[o] = src[p]; if (dl === 2) dst[o + 1] = 0; }
    }
  };
}

/**
 * The results of `kernel` applied to every problem of a stack: operands' leading axes
 * broadcast together (NumPy's gufunc rule; the caller checks core shapes and raises
 * NumPy's messages first), each result has shape [...stack, ...core]. `complex` says
 * whether operands reach the kernel as complex pairs. Errors the kernel throws
 * (LinAlgError("Singular matrix"), ...) surface when the result is evaluated.
 * Example: `stacked("det", [{ array: a, core: 2 }], [{ core: [], dtype: a.dtype }], false, k)`.
 */
export function stacked(name: string, operands: readonly Operand[], results: readonly Result[], complex: boolean, kernel: Kernel): NDArray[] {
  const stack = broadcastShapes(...operands.map((o) => o.array.shape.slice(0, o.array.ndim - o.core)));
  const problems = sizeOf(stack);
  const coreSizes = results.map((r) => sizeOf(r.core));
  const inexact = results.filter((r) => r.dtype.kind === "f" || r.dtype.kind === "c").map((r) => r.dtype);
  let pack = inexact.length ? inexact.reduce((a, b) => promoteTypes(a, b)) : dt("float64");
  if (results.some((r) => r.dtype.kind === "c")) pack = promoteTypes(pack, dt("complex64"));
  const offsets: number[] = [];
  let total = 0;
  for (const n of coreSizes) { offsets.push(total); total += n * problems; }

  const shapes = results.map((r) => [...stack, ...r.core]);
  if (total === 0) return results.map((r, j) => fromBuffer(allocStorage(r.dtype.id, 0), r.dtype, { shape: shapes[j], strides: cStrides(shapes[j]), offset: 0 }));

  const inLanes = complex ? 2 : 1, pl = lanesOf(pack);
  const cores = operands.map((o) => o.array.shape.slice(o.array.ndim - o.core));
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name, dtype: pack.id, shape: [total], inputs: operands.map((o) => o.array._node),
    run: (bufs, out) => {
      const dst = out.elementsAs(pack.id) as Float64Array | Float32Array;
      const ins = cores.map((c) => new Float64Array(sizeOf(c) * inLanes));
      const outs = results.map((r, j) => new Float64Array(coreSizes[j] * lanesOf(r.dtype)));
      // each operand's strides over the stack (0 where it broadcasts)
      const stackStrides = bufs.map((b, k) => {
        const lead = b.shape.length - cores[k].length, pad = stack.length - lead;
        return stack.map((n, d) => (d < pad || b.shape[d - pad] === 1 ? 0 : b.strides[d - pad]));
      });
      const readers = bufs.map((b, k) => coreReader(b, b.strides.slice(b.shape.length - cores[k].length), cores[k], inLanes, operands[k].order === "F"));
      const writers = results.map((r, j) => coreWriter(lanesOf(r.dtype), r.core, r.order === "F", pl));
      const nIn = bufs.length, nOut = results.length;
      const at = bufs.map((b) => b.offset), idx = new Array<number>(stack.length).fill(0);
      for (let p = 0; p < problems; p++) {
        for (let k = 0; k < nIn; k++) readers[k](at[k], ins[k]);
        kernel(ins, outs, p);
        for (let j = 0; j < nOut; j++) writers[j](outs[j], dst, offsets[j] + p * coreSizes[j]);
        for (let d = stack.length - 1; d >= 0; d--) {
          idx[d]++;
          for (let k = 0; k < nIn; k++) at[k] += stackStrides[k][d];
          if (idx[d] < stack[d]) break;
          for (let k = 0; k < nIn; k++) at[k] -= stackStrides[k][d] * stack[d];
          idx[d] = 0;
        }
      }
    },
  };
  const packed = lazy(node, pack);
  return results.map((r, j) => {
    const shape = shapes[j];
    if (sizeOf(shape) === 0) return fromBuffer(allocStorage(r.dtype.id, 0), r.dtype, { shape, strides: cStrides(shape), offset: 0 });
    const v = viewOf(packed, { shape, axis: shape.map(() => 0), step: cStrides(shape), start: [offsets[j]] });
    if (r.dtype.equals(pack)) return v;
    if (pack.kind === "c" && r.dtype.kind === "f" && r.dtype.itemsize * 2 === pack.itemsize) return v.real;
    return lazy(copyNode(pack.kind === "c" && r.dtype.kind !== "c" ? v.real : v, r.dtype), r.dtype);
  });
}

/** NumPy's message for a gufunc operand whose core dimension does not match. */
export function coreMismatch(ufunc: string, signature: string, operand: number, dim: number, size: number, want: number): ValueError {
  return new ValueError(msg.gufuncCore(ufunc, `Input operand ${operand}`, dim, signature, size, want));
}

/** NumPy's message for a gufunc operand with fewer axes than its core. */
export function tooFewDims(ufunc: string, signature: string, operand: number, has: number, needs: number): ValueError {
  return new ValueError(msg.gufuncDims(ufunc, `Input operand ${operand}`, has, signature, needs));
}

/**
 * NumPy's message when a gufunc's stacks do not broadcast: each operand's shape, its stack
 * followed by one `newaxis` per output core axis, and the output's core shape.
 */
export function stackMismatch(operands: readonly { shape: readonly number[]; core: number }[], outCore: readonly number[]): ValueError {
  const parts = operands.map(({ shape, core }) =>
    `${msg.shapeTuple(shape)}->(${[...shape.slice(0, shape.length - core), ...outCore.map(() => "newaxis")].join(",")})`);
  return new ValueError(`operands could not be broadcast together with remapped shapes [original->remapped]: ${parts.join(" ")}  and requested shape (${outCore.join(",")})`);
}
