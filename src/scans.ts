// Cumulative sums and products: NumPy's add.accumulate and multiply.accumulate.
//
// Each scan is one opaque node. Its kernel walks the materialized input (any strides and
// offset, no copy) line by line along the axis into a fresh C-contiguous output,
// accumulating sequentially as NumPy does (a scan is never pairwise). The running value
// is read back from the output's typed array, so the store itself does the dtype's
// rounding (float32) or wrap-around (integers, int64 as BigInt). Inputs the kernel can
// read exactly (same dtype, or a safe cast) are read in place; any other requested dtype
// is a lazy cast of the input first, as NumPy casts before it adds. The loops are
// generated per dtype pair and cached, with a closure form where code is not generated.

import type { Elements } from "../runtime/dtypes.js";
import type { Storage } from "../runtime/buffer.js";
import { newNodeId, sizeOf, type BufferNode, type Node, type OpaqueNode } from "../compiler/ir.js";
import { DType, dt, canCastSafe, dtype as toDType, type DTypeLike } from "./dtype.js";
import { TypeError, ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes, normAxis } from "./broadcast.js";
import { NDArray, assignNode, config, lazy } from "./ndarray.js";
import { canGenerate } from "../compiler/codegen.js";
import { asarray } from "./creation.js";
import { castNode, isnan, prepare, where, type ArrayLike } from "./ufunc.js";
import { sumDType } from "./reductions.js";
import { argsOf, orEmpty } from "./join.js";

export interface ScanOptions { axis?: number | null; dtype?: DTypeLike | null; out?: NDArray | null }
type ScanArg = number | null | DTypeLike | NDArray | ScanOptions | undefined;
type ScanOp = "add" | "multiply";

/** How the kernel holds a value of a dtype: a JS number, a bigint, or a (re, im) pair. */
type Lane = "b" | "n" | "big" | "c";
const laneOf = (d: DType): Lane => (d.kind === "b" ? "b" : d.isBig ? "big" : d.kind === "c" ? "c" : "n");

/** True when the kernel can read `from` elements as exact `to` values (no separate cast). */
function readsDirectly(from: DType, to: DType): boolean {
  if (from.id === to.id) return true;
  const f = laneOf(from), t = laneOf(to);
  if (t === "b") return false;
  if (f === "big" && t === "big") return true; // the store wraps as NumPy's int64 <-> uint64 cast does
  return canCastSafe(from, to);
}

// ---- the kernel ------------------------------------------------------------------------

type Offsets = Int32Array | Float64Array;

/** Element offsets (relative) of a strided block, in C order (int32 when they fit: faster loads). */
function cOffsets(shape: readonly number[], strides: readonly number[]): Offsets {
  const extent = shape.reduce((e, n, d) => e + Math.abs(strides[d]) * Math.max(n - 1, 0), 0);
  const out = extent < 2 ** 31 ? new Int32Array(sizeOf(shape)) : new Float64Array(sizeOf(shape));
  const nd = shape.length, idx = new Array<number>(nd).fill(0);
  let p = 0;
  for (let j = 0; j < out.length; j++) {
    out[j] = p;
    for (let d = nd - 1; d >= 0; d--) {
      p += strides[d];
      if (++idx[d] < shape[d]) break;
      p -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

// Each step exists twice, as source text for a generated kernel (monomorphic per dtype
// pair: a shared loop over several typed-array kinds runs several times slower) and as
// closures for where `new Function` is not allowed or kernels are not generated.

/** `first`: out[k] = in[p]; `next`: out[k] = out[q] op in[p] (as statements over S, D, p, k, q). */
interface StepSource { first: string; next: string }
interface Steps { first: (k: number, p: number) => void; next: (k: number, q: number, p: number) => void }
type V = number | bigint;

/** 32-bit products exceed 2**53: Math.imul wraps exactly (a Uint32Array store reads it unsigned). */
const usesImul = (op: ScanOp, acc: DType) => op === "multiply" && (acc.id === "int32" || acc.id === "uint32");
/** Integer sums wrap to 32 bits at once (the store wraps further): V8 keeps them small integers. */
const addWraps = (acc: DType) => acc.isInteger && acc.itemsize <= 4;
/** complex64 products round to float32 before they are added, as NumPy's C loop does. */
const roundsProducts = (acc: DType) => acc.id === "complex64";

function stepSource(op: ScanOp, from: DType, acc: DType, nanTo: number | null): StepSource {
  const fl = laneOf(from), tl = laneOf(acc);
  if (tl === "c") {
    let load = from.kind === "c" ? "xr = S[2 * p]; xi = S[2 * p + 1];" : `xr = ${fl === "big" ? "Number(S[p])" : "S[p]"}; xi = 0;`;
    if (nanTo !== null) load += ` if (xr !== xr || xi !== xi) { xr = ${nanTo}; xi = 0; }`;
    const R = roundsProducts(acc) ? "Math.fround" : "";
    return {
      first: `${load} D[2 * k] = xr; D[2 * k + 1] = xi;`,
      next: op === "add"
        ? `${load} D[2 * k] = D[2 * q] + xr; D[2 * k + 1] = D[2 * q + 1] + xi;`
        : `${load} const a = D[2 * q], b = D[2 * q + 1]; D[2 * k] = ${R}(a * xr) - ${R}(b * xi); D[2 * k + 1] = ${R}(a * xi) + ${R}(b * xr);`,
    };
  }
  const x = fl === "big" && tl === "n" ? "Number(S[p])" : fl !== "big" && tl === "big" ? "BigInt(S[p])"
    : nanTo !== null ? `(x = S[p], x !== x ? ${nanTo} : x)` : "S[p]";
  const next = tl === "b" ? `D[q] ${op === "add" ? "|" : "&"} ${x}`
    : op === "add" ? `${addWraps(acc) ? "(" : ""}D[q] + ${x}${addWraps(acc) ? ") | 0" : ""}`
    : usesImul(op, acc) ? `Math.imul(D[q], ${x})` : `D[q] * ${x}`;
  return { first: `D[k] = ${x};`, next: `D[k] = ${next};` };
}

function stepClosures(op: ScanOp, src: Elements, from: DType, dst: Elements, acc: DType, nanTo: number | null): Steps {
  const S = src as unknown as readonly V[];
  const fl = laneOf(from), tl = laneOf(acc);
  if (tl === "c") {
    const D = dst as unknown as number[];
    const R = roundsProducts(acc) ? Math.fround : (v: number) => v;
    let xr = 0, xi = 0;
    const load = (p: number) => {
      if (from.kind === "c") { xr = S[2 * p] as number; xi = S[2 * p + 1] as number; }
      else { xr = Number(S[p]); xi = 0; }
      if (nanTo !== null && (xr !== xr || xi !== xi)) { xr = nanTo; xi = 0; }
    };
    return {
      first: (k, p) => { load(p); D[2 * k] = xr; D[2 * k + 1] = xi; },
      next: op === "add"
        ? (k, q, p) => { load(p); D[2 * k] = D[2 * q] + xr; D[2 * k + 1] = D[2 * q + 1] + xi; }
        : (k, q, p) => {
          load(p);
          const a = D[2 * q], b = D[2 * q + 1];
          D[2 * k] = R(a * xr) - R(b * xi);
          D[2 * k + 1] = R(a * xi) + R(b * xr);
        },
    };
  }
  const D = dst as unknown as V[];
  const rd: (p: number) => V =
    fl === "big" && tl === "n" ? (p) => Number(S[p])
    : fl !== "big" && tl === "big" ? (p) => BigInt(S[p] as number)
    : nanTo !== null ? (p) => { const v = S[p] as number; return v !== v ? nanTo : v; }
    : (p) => S[p];
  type F = (a: number, b: number) => number;
  const f: F = tl === "b" ? (op === "add" ? (a, b) => a | b : (a, b) => a & b)
    : op === "add" ? (addWraps(acc) ? (a, b) => (a + b) | 0 : (a, b) => a + b) : usesImul(op, acc) ? Math.imul : (a, b) => a * b;
  const g = f as unknown as (a: V, b: V) => V; // + and * serve bigints too
  return { first: (k, p) => { D[k] = rd(p); }, next: (k, q, p) => { D[k] = g(D[q], rd(p)); } };
}

/** The loops of a scan over all elements in C order (`flat`) or along one axis, around the steps. */
function loopSource(s: StepSource, flat: boolean): string {
  const head = "let xr = 0, xi = 0, x;";
  if (flat) return `return function scanFlat(S, D, rows, len, st, off) {
  ${head}
  let k = 0;
  for (let r = 0; r < rows.length; r++) {
    let p = off + rows[r], i = 0;
    if (k === 0) { ${s.first} k++; i++; p += st; }
    for (; i < len; i++, k++, p += st) { const q = k - 1; ${s.next} }
  }
};`;
  return `return function scanAxis(S, D, outer, inner, n, sk, off) {
  ${head}
  const m = inner.length;
  for (let o = 0; o < outer.length; o++) {
    const ib = off + outer[o], ob = o * n * m;
    for (let j = 0; j < m; j++) { const p = ib + inner[j], k = ob + j; ${s.first} }
    for (let i = 1; i < n; i++) {
      const pi = ib + i * sk, ki = ob + i * m;
      for (let j = 0; j < m; j++) { const p = pi + inner[j], k = ki + j, q = k - m; ${s.next} }
    }
  }
};`;
}

type FlatLoop = (S: Elements, D: Elements, rows: Offsets, len: number, st: number, off: number) => void;
type AxisLoop = (S: Elements, D: Elements, outer: Offsets, inner: Offsets, n: number, sk: number, off: number) => void;

/** The same loops around closures (no generated code). */
function closureLoops(steps: Steps): { flat: FlatLoop; axis: AxisLoop } {
  const { first, next } = steps;
  return {
    flat: (_S, _D, rows, len, st, off) => {
      let k = 0;
      for (let r = 0; r < rows.length; r++) {
        let p = off + rows[r];
        for (let i = 0; i < len; i++, k++, p += st) {
          if (k === 0) first(0, p);
          else next(k, k - 1, p);
        }
      }
    },
    axis: (_S, _D, outer, inner, n, sk, off) => {
      const m = inner.length;
      for (let o = 0; o < outer.length; o++) {
        const ib = off + outer[o], ob = o * n * m;
        for (let j = 0; j < m; j++) first(ob + j, ib + inner[j]);
        for (let i = 1; i < n; i++) {
          const pi = ib + i * sk, ki = ob + i * m;
          for (let j = 0; j < m; j++) next(ki + j, ki - m + j, pi + inner[j]);
        }
      }
    },
  };
}

/** Generated loops by source text: one compile per (op, dtypes, NaN rule, loop shape). */
const generated = new Map<string, FlatLoop | AxisLoop>();
function generatedLoop(source: string): FlatLoop | AxisLoop {
  let fn = generated.get(source);
  if (!fn) generated.set(source, (fn = new Function(source)() as FlatLoop | AxisLoop));
  return fn;
}

/** The kernel: scans `axis` of the input (null: all of it, flattened in C order) into `out`. */
function scanRun(op: ScanOp, acc: DType, axis: number | null, nanTo: number | null) {
  return (ins: readonly BufferNode[], out: Storage): void => {
    const b = ins[0], from = dt(b.dtype);
    if (sizeOf(b.shape) === 0) return;
    const S = b.storage.elementsAs(b.dtype), D = out.elementsAs(acc.id);
    const nan = from.kind === "f" || from.kind === "c" ? nanTo : null;
    const gen = config.compile && canGenerate();
    const loops = gen ? null : closureLoops(stepClosures(op, S, from, D, acc, nan));
    const nd = b.shape.length;
    if (axis === null) {
      // rows of the last axis in C order; the running value carries from row to row
      const len = nd ? b.shape[nd - 1] : 1, st = nd ? b.strides[nd - 1] : 0;
      const rows = cOffsets(b.shape.slice(0, -1), b.strides.slice(0, -1));
      const loop = loops ? loops.flat : generatedLoop(loopSource(stepSource(op, from, acc, nan), true)) as FlatLoop;
      loop(S, D, rows, len, st, b.offset);
      return;
    }
    // out is [outer, n, inner] in C order: each step along the axis updates a whole inner block
    const outer = cOffsets(b.shape.slice(0, axis), b.strides.slice(0, axis));
    const inner = cOffsets(b.shape.slice(axis + 1), b.strides.slice(axis + 1));
    const loop = loops ? loops.axis : generatedLoop(loopSource(stepSource(op, from, acc, nan), false)) as AxisLoop;
    loop(S, D, outer, inner, b.shape[axis], b.strides[axis], b.offset);
  };
}

// ---- the nodes and the public functions ----------------------------------------------------

const isInexact = (d: DType) => d.kind === "f" || d.kind === "c";

/** The lazy scan of `arr` (nanTo: what NaN counts as, for the nan-variants). */
function scan(op: ScanOp, name: string, arr: NDArray, axisArg: unknown, dtypeArg: DTypeLike | null | undefined, nanTo: number | null): NDArray {
  const flatten = axisArg === null || axisArg === undefined || arr.ndim === 0;
  if (Array.isArray(axisArg)) throw new TypeError("'tuple' object cannot be interpreted as an integer");
  // NumPy ravels a 0-d array first: its axis is checked against one dimension
  const axis = axisArg === null || axisArg === undefined ? null : normAxis(axisArg as number, Math.max(arr.ndim, 1));
  const acc = dtypeArg !== null && dtypeArg !== undefined ? toDType(dtypeArg) : sumDType(arr.dtype);
  if (arr.dtype.kind === "U" || arr.dtype.kind === "V" || acc.kind === "U")
    throw new TypeError(`ufunc '${op}' did not contain a loop with signature matching types (dtype('${acc.str}'), dtype('${acc.str}')) -> None`);
  let input: Node = arr._node;
  if (!readsDirectly(arr.dtype, acc)) {
    // NaN is replaced before the cast, as NumPy's _replace_nan precedes the accumulation
    const src = nanTo !== null && isInexact(arr.dtype) ? where(isnan(arr), nanTo, arr) : arr;
    input = castNode(prepare(src), acc);
  }
  const shape = flatten ? [arr.size] : arr.shape;
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name, dtype: acc.id, shape, inputs: [input],
    run: scanRun(op, acc, flatten ? null : axis, nanTo),
  };
  return orEmpty(lazy(node, acc));
}

/**
 * NumPy's checks of an accumulation's `out` (the iterator's messages where out has the
 * result's number of dimensions; NumPy's other mismatches are inconsistent, some crash).
 */
function checkOut(out: unknown, shape: readonly number[]): NDArray {
  if (!(out instanceof NDArray)) throw new TypeError("output must be an array");
  const o = out.shape;
  if (o.length === shape.length && o.every((n, i) => n === shape[i])) return out;
  if (o.length !== shape.length || shape.length === 1) throw new ValueError("provided out is the wrong size for the accumulation.");
  let common: number[];
  try { common = broadcastShapes(o, shape); } catch {
    const t = msg.shapeTuple;
    throw new ValueError(`operands could not be broadcast together with remapped shapes [original->remapped]: ${t(o)}->${t(o)} ${t(shape)}->${t(shape)} `);
  }
  if (common.some((n, i) => n !== o[i]))
    throw new ValueError(`non-broadcastable output operand with shape ${msg.shapeTuple(o)} [remapped to ${msg.shapeTuple([...o].reverse())}] doesn't match the broadcast shape ${msg.shapeTuple(shape)}`);
  throw new ValueError("provided out is the wrong size for the accumulation.");
}

function scanFn(op: ScanOp, name: string, nanTo: number | null) {
  return (a: ArrayLike, ...args: ScanArg[]): NDArray => {
    const o = argsOf(["axis", "dtype", "out"], args) as ScanOptions;
    const arr = asarray(a);
    const r = scan(op, name, arr, o.axis, o.dtype, nanTo);
    if (o.out === undefined || o.out === null) return r;
    // NumPy accumulates in the loop dtype, then casts into out (unsafe: float -> int truncates)
    const out = checkOut(o.out, r.shape);
    assignNode(out, castNode(prepare(r), out.dtype));
    return out;
  };
}

/** `np.cumsum(a, axis?, dtype?, out?)`: running sums (axis null: of the flattened array). Example: `np.cumsum(a, 1)` */
export const cumsum = scanFn("add", "cumsum", null);
/** `np.cumprod(a, axis?, dtype?, out?)`: running products. Example: `np.cumprod(a, { axis: 0, dtype: "float64" })` */
export const cumprod = scanFn("multiply", "cumprod", null);
/** `np.nancumsum(a, axis?, dtype?, out?)`: cumsum with NaN counted as 0. Example: `np.nancumsum(np.array([1, NaN, 2]))` */
export const nancumsum = scanFn("add", "nancumsum", 0);
/** `np.nancumprod(a, axis?, dtype?, out?)`: cumprod with NaN counted as 1. Example: `np.nancumprod(a, { axis: -1 })` */
export const nancumprod = scanFn("multiply", "nancumprod", 1);

