// Products of arrays: matmul, dot, vdot, inner, outer, tensordot, kron, trace, cross and
// linalg.multiDot. Every sum of products is one contract() call: each operand's axes get
// index labels, and the compiler fuses the product with the operands' producers into one
// reduction kernel (GEMM-shaped ones run its blocked matrix kernel). Shapes, dtypes and
// NumPy 1.24's errors are settled at the call; nothing is computed until it is needed.

import { broadcastView, isCContiguous, newNodeId, type Node } from "../compiler/ir.js";
import { DType, canCastSameKind, promoteTypes, scalarKind, dtype as toDType, type DTypeLike } from "./dtype.js";
import { AxisError, IndexError, LinAlgError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { broadcastShapes, normAxis } from "./broadcast.js";
import { NDArray, assignNode, lazy, reshapeOf } from "./ndarray.js";
import { arange, asarray } from "./creation.js";
import { contract } from "./contract.js";
import { applyNode, castNode, prepare, writeOut, type ArrayLike } from "./ufunc.js";
import { argsOf, intArg } from "./join.js";
import { diagonal, expandDims, moveaxis, ravel, reshape, swapaxes } from "./shape.js";
import { sum } from "./reductions.js";

const tuple = msg.shapeTuple;
const numeric = (d: DType): boolean => d.kind !== "U";
const asType = (a: NDArray, d: DType): NDArray => (a.dtype.id === d.id ? a : lazy(castNode(prepare(a), d), d));
const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

function binop(op: string, x: ArrayLike, y: ArrayLike): NDArray {
  const { node, dtype } = applyNode(op, [prepare(x), prepare(y)]);
  return lazy(node, dtype);
}

/** The common dtype of a dot-like product (NumPy's PyArray_ObjectType). */
function dotType(a: NDArray, b: NDArray): DType {
  if (!numeric(a.dtype) || !numeric(b.dtype)) throw new ValueError("data type must provide an itemsize");
  return promoteTypes(a.dtype, b.dtype);
}

/** A 0-d operand (or a JS scalar, weak as everywhere in numfuse) makes a product a multiply. */
const isScalar = (x: ArrayLike, a: NDArray): boolean => a.ndim === 0 || scalarKind(x) !== null;

// ---- matmul: NumPy's gufunc (n?,k),(k,m?)->(n?,m?) --------------------------------------------

const SIG = "(n?,k),(k,m?)->(n?,m?)";

/**
 * NumPy's shape text (convert_shape_to_string): negative entries are `newaxis`, leading
 * ones omitted; a 1-tuple keeps its comma only when the list has one entry.
 */
function shapeText(vals: readonly number[]): string {
  let i = 0;
  while (i < vals.length && vals[i] < 0) i++;
  if (i === vals.length) return "()";
  const parts = vals.slice(i).map((v) => (v < 0 ? "newaxis" : String(v)));
  return `(${parts.join(",")}${vals.length === 1 ? "," : ""})`;
}

interface GufuncLayout {
  /** Labels of a's, b's axes and of the result's (loop labels first, then n, m). */
  aLabels: number[]; bLabels: number[]; outLabels: number[];
}

/**
 * NumPy 1.24's gufunc bookkeeping for matmul, in its order and words: optional core dims
 * that an operand (out included) lacks are missing for all; core sizes must agree; loop
 * dims broadcast (out's too), and out must cover the broadcast shape.
 */
function matmulLayout(as: readonly number[], bs: readonly number[], os: readonly number[] | null): GufuncLayout {
  const shapes = [as, bs, os];
  const core = [["n", "k"], ["k", "m"], ["n", "m"]];
  const missing = new Set<string>();
  const labelsOf = (i: number) => core[i].filter((l) => !missing.has(l));
  const name = (i: number) => (i < 2 ? `Input operand ${i}` : "Output operand 0");
  shapes.forEach((s, i) => {
    if (!s || s.length >= labelsOf(i).length) return;
    for (const l of core[i]) {
      if (l === "k" || missing.has(l)) continue;
      missing.add(l);
      if (s.length === labelsOf(i).length) break;
    }
    if (s.length < labelsOf(i).length)
      throw new ValueError(msg.gufuncDims("matmul", name(i), s.length, SIG, labelsOf(i).length));
  });
  const size = new Map<string, number>();
  shapes.forEach((s, i) => {
    if (!s) return;
    const labels = labelsOf(i), start = s.length - labels.length;
    labels.forEach((l, j) => {
      const n = s[start + j], had = size.get(l);
      if (had === undefined) size.set(l, n);
      else if (n !== had) throw new ValueError(msg.gufuncCore("matmul", name(i), j, SIG, n, had));
    });
  });
  const loops = shapes.map((s, i) => (s ? s.slice(0, s.length - labelsOf(i).length) : null));
  const nLoop = Math.max(...loops.map((l) => l?.length ?? 0));
  const outCore = labelsOf(2);
  const coreSizes = outCore.map((l) => size.get(l)!);
  const padded = (l: readonly number[]) => [...Array(nLoop - l.length).fill(-1), ...l];
  // the iteration's loop shape: every operand's loop dims, right-aligned, broadcast
  const loop = Array<number>(nLoop).fill(1);
  let clash = false;
  for (const l of loops) {
    if (!l) continue;
    padded(l).forEach((n, j) => {
      if (n < 0 || n === 1 || n === loop[j]) return;
      if (loop[j] === 1) loop[j] = n;
      else clash = true;
    });
  }
  if (clash) {
    const parts = shapes.map((s, i) => {
      if (!s) return "";
      const remap = i < 2 ? [...padded(loops[i]!), ...outCore.map(() => -1)] : padded(s.slice(0, loops[i]!.length)).concat(s.slice(loops[i]!.length));
      return `${shapeText(s)}->${shapeText(remap)} `;
    });
    throw new ValueError(`operands could not be broadcast together with remapped shapes [original->remapped]: ${parts.join("")} and requested shape ${shapeText([...loop.map(() => -1), ...coreSizes])}`);
  }
  if (os) {
    const full = [...loop, ...coreSizes];
    const oLoop = padded(loops[2]!);
    if (oLoop.some((n, j) => n >= 0 && n !== loop[j])) {
      const remap = [...oLoop, ...os.slice(loops[2]!.length)].reverse();
      throw new ValueError(`non-broadcastable output operand with shape ${tuple(os)} [remapped to ${shapeText(remap)}] doesn't match the broadcast shape ${tuple(full)}`);
    }
    if (oLoop.some((n, j) => n < 0 && loop[j] !== 1))
      throw new ValueError("output operand requires a reduction along dimension -1, but the reduction is not enabled. The dimension size of 1 does not match the expected output shape.");
  }
  // labels: loop dims 0..nLoop-1, then n, m, k
  const label: Record<string, number> = { n: nLoop, m: nLoop + 1, k: nLoop + 2 };
  const withLoop = (i: number) => [...range(nLoop - loops[i]!.length, nLoop), ...labelsOf(i).map((l) => label[l])];
  // loop dims only out has are broadcast when written, not computed
  const inLoop = Math.max(loops[0]!.length, loops[1]!.length);
  return { aLabels: withLoop(0), bLabels: withLoop(1), outLabels: [...range(nLoop - inLoop, nLoop), ...outCore.map((l) => label[l])] };
}

/** The loop dtype of matmul: the operands' common type, or `dtype` (inputs cast same_kind). */
function matmulType(a: NDArray, b: NDArray, dtype: DTypeLike | null | undefined): DType {
  if (!numeric(a.dtype) || !numeric(b.dtype))
    throw new TypeError(`ufunc 'matmul' did not contain a loop with signature matching types (dtype('${a.dtype}'), dtype('${b.dtype}')) -> None`);
  if (dtype === undefined || dtype === null) return promoteTypes(a.dtype, b.dtype);
  const d = toDType(dtype);
  if (!numeric(d))
    throw new TypeError(`ufunc 'matmul' did not contain a loop with signature matching types (<class 'numpy.dtype[${a.dtype.name}]'>, <class 'numpy.dtype[${b.dtype.name}]'>) -> <class 'numpy.dtype[str_]'>`);
  [a, b].forEach((x, i) => {
    if (!canCastSameKind(x.dtype, d)) throw new TypeError(`Cannot cast ufunc 'matmul' input ${i} from dtype('${x.dtype}') to dtype('${d}') with casting rule 'same_kind'`);
  });
  return d;
}

/** Writes `r` into `out` (cast, broadcast over out's extra leading dims); returns `out`. */
function into(out: NDArray, r: NDArray): NDArray {
  // loop dims out lacks have size 1 (else the layout raised): dropped
  if (r.ndim > out.ndim) r = reshape(r, r.shape.slice(r.ndim - out.ndim));
  let node: Node = castNode(prepare(r), out.dtype);
  if (r.ndim !== out.ndim || r.shape.some((n, i) => n !== out.shape[i]))
    node = { kind: "view", id: newNodeId(), dtype: out.dtype.id, shape: out.shape, input: node, view: broadcastView(r.shape, out.shape) };
  assignNode(out, node);
  return out;
}

export interface MatmulOptions { out?: NDArray | null; dtype?: DTypeLike | null }

/**
 * `np.matmul(a, b, { out, dtype })`: matrix product with broadcast batch dims; a 1-D
 * operand is a row (first) or column (second) vector whose axis the result drops.
 * Example: `np.matmul(np.ones([5, 2, 3]), np.ones([3, 4]))` has shape [5, 2, 4].
 */
export function matmul(x1: ArrayLike, x2: ArrayLike, ...args: (NDArray | null | MatmulOptions | undefined)[]): NDArray {
  const o = argsOf(["out"], args) as MatmulOptions;
  const a = asarray(x1), b = asarray(x2);
  const out = o.out ?? null;
  if (out !== null && !(out instanceof NDArray)) throw new TypeError("return arrays must be of ArrayType");
  const d = matmulType(a, b, o.dtype);
  if (out && !canCastSameKind(d, out.dtype))
    throw new TypeError(`Cannot cast ufunc 'matmul' output from dtype('${d}') to dtype('${out.dtype}') with casting rule 'same_kind'`);
  const g = matmulLayout(a.shape, b.shape, out ? out.shape : null);
  const r = contract(asType(a, d), g.aLabels, asType(b, d), g.bLabels, g.outLabels);
  return out ? into(out, r) : r;
}

// ---- dot, vdot, inner, outer ----------------------------------------------------------------

const notAligned = (a: readonly number[], b: readonly number[], i: number, j: number): ValueError =>
  new ValueError(`shapes ${tuple(a)} and ${tuple(b)} not aligned: ${a[i]} (dim ${i}) != ${b[j]} (dim ${j})`);

/** NumPy's `out` of dot: exactly the result's dtype and shape, C-contiguous and writeable. */
function dotInto(out: NDArray, r: NDArray): NDArray {
  if (!(out instanceof NDArray)) throw new TypeError("'out' must be an array");
  if (out.ndim !== r.ndim || out.dtype.id !== r.dtype.id || !out._writeable || !isCContiguous(out._buffer()))
    throw new ValueError("output array is not acceptable (must have the right datatype, number of dimensions, and be a C-Array)");
  if (out.shape.some((n, i) => n !== r.shape[i])) throw new ValueError("output array has wrong dimensions");
  assignNode(out, r._node);
  return out;
}

/**
 * `np.dot(a, b, out?)`: the sum over a's last axis and b's second-to-last (its only one
 * when 1-D); a 0-d operand multiplies. Example: `np.dot([1, 2], [3, 4])` is 11 (0-d).
 */
export function dot(a: ArrayLike, b: ArrayLike, ...args: (NDArray | null | { out?: NDArray | null } | undefined)[]): NDArray {
  const out = (argsOf(["out"], args).out ?? null) as NDArray | null;
  const x = asarray(a), y = asarray(b);
  let r: NDArray;
  if (isScalar(a, x) || isScalar(b, y)) r = binop("multiply", a, b);
  else {
    dotType(x, y);
    const kb = y.ndim === 1 ? 0 : y.ndim - 2;
    if (x.shape[x.ndim - 1] !== y.shape[kb]) throw notAligned(x.shape, y.shape, x.ndim - 1, kb);
    const K = x.ndim + y.ndim;
    const xl = [...range(0, x.ndim - 1), K];
    const yl = y.shape.map((_, i) => (i === kb ? K : x.ndim - 1 + i));
    r = contract(x, xl, y, yl, [...xl.slice(0, -1), ...yl.filter((l) => l !== K)]);
  }
  return out ? dotInto(out, r) : r;
}

/**
 * `np.vdot(a, b)`: the dot product of the flattened arrays, conjugating `a` when complex.
 * Example: `np.vdot([[1, 2]], [3, 4])` is 11 (0-d).
 */
export function vdot(a: ArrayLike, b: ArrayLike): NDArray {
  let x = asarray(a), y = asarray(b);
  dotType(x, y);
  if (x.size !== y.size) throw new ValueError(msg.reshape(y.size, [x.size]));
  if (x.dtype.kind === "c") x = lazy(applyNode("conjugate", [prepare(x)]).node, x.dtype);
  // equal shapes contract over every axis (no flattening copy of a strided operand)
  if (x.ndim !== y.ndim || x.shape.some((n, i) => n !== y.shape[i])) { x = ravel(x); y = ravel(y); }
  const labels = range(0, x.ndim);
  return contract(x, labels, y, labels, []);
}

/**
 * `np.inner(a, b)`: the sum over the last axes of both; a 0-d operand multiplies.
 * Example: `np.inner(np.ones([2, 3]), np.ones([4, 3]))` has shape [2, 4].
 */
export function inner(a: ArrayLike, b: ArrayLike): NDArray {
  const x = asarray(a), y = asarray(b);
  if (isScalar(a, x) || isScalar(b, y)) return binop("multiply", a, b);
  dotType(x, y);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) {
    // NumPy reports b with its last axis second-to-last, as it computes
    const bt = y.ndim >= 2 ? swapaxes(y, -1, -2).shape : y.shape;
    throw notAligned(x.shape, bt, x.ndim - 1, Math.max(0, y.ndim - 2));
  }
  const K = x.ndim + y.ndim;
  const xl = [...range(0, x.ndim - 1), K], yl = [...range(x.ndim - 1, x.ndim + y.ndim - 2), K];
  return contract(x, xl, y, yl, [...xl.slice(0, -1), ...yl.slice(0, -1)]);
}

/**
 * `np.outer(a, b, out?)`: `a.ravel()[:, None] * b.ravel()[None, :]`.
 * Example: `np.outer([1, 2], [3, 4])` is [[3, 4], [6, 8]].
 */
export function outer(a: ArrayLike, b: ArrayLike, ...args: (NDArray | null | { out?: NDArray | null } | undefined)[]): NDArray {
  const out = (argsOf(["out"], args).out ?? null) as NDArray | null;
  const x = expandDims(ravel(asarray(a)), 1), y = expandDims(ravel(asarray(b)), 0);
  const { node, dtype } = applyNode("multiply", [prepare(x), prepare(y)]);
  if (!out) return lazy(node, dtype);
  broadcastShapes(x.shape, y.shape, out.shape);
  return writeOut(out, node, dtype, "multiply");
}

// ---- tensordot, kron ------------------------------------------------------------------------

type AxesArg = number | readonly [number | readonly number[], number | readonly number[]];

/** Python's `seq[i]` on a shape: negative counts from the end; else IndexError. */
function at(shape: readonly number[], i: number): number {
  const j = i < 0 ? i + shape.length : i;
  if (!Number.isInteger(i)) throw new TypeError("tuple indices must be integers or slices, not float");
  if (j < 0 || j >= shape.length) throw new IndexError("tuple index out of range");
  return shape[j];
}

/**
 * `np.tensordot(a, b, axes = 2)`: the sum over `axes` (an int n: a's last n with b's first
 * n; or a pair of axis lists). Example: `np.tensordot(a, b, { axes: [[1, 0], [0, 1]] })`.
 */
export function tensordot(a: ArrayLike, b: ArrayLike, ...args: (AxesArg | { axes?: AxesArg } | undefined)[]): NDArray {
  const axes = (argsOf(["axes"], args).axes ?? 2) as AxesArg;
  let axesA: number[], axesB: number[];
  if (typeof axes === "number" || typeof axes === "bigint") {
    const n = intArg(axes);
    axesA = range(-n, 0);
    axesB = range(0, n);
  } else {
    const pair = [...(axes as Iterable<number | readonly number[]>)];
    if (pair.length !== 2) throw new ValueError(pair.length > 2 ? "too many values to unpack (expected 2)" : `not enough values to unpack (expected 2, got ${pair.length})`);
    [axesA, axesB] = pair.map((p) => (typeof p === "number" ? [p] : [...p]));
  }
  const x = asarray(a), y = asarray(b);
  let equal = axesA.length === axesB.length;
  if (equal) {
    for (let k = 0; k < axesA.length; k++) {
      if (at(x.shape, axesA[k]) !== at(y.shape, axesB[k])) { equal = false; break; }
      if (axesA[k] < 0) axesA[k] += x.ndim;
      if (axesB[k] < 0) axesB[k] += y.ndim;
    }
  }
  if (!equal) throw new ValueError("shape-mismatch for sum");
  const notinA = range(0, x.ndim).filter((k) => !axesA.includes(k));
  const notinB = range(0, y.ndim).filter((k) => !axesB.includes(k));
  // NumPy transposes the summed axes to the end of a and the front of b: repeats fail there
  if (notinA.length + axesA.length !== x.ndim || notinB.length + axesB.length !== y.ndim || new Set(axesA).size !== axesA.length || new Set(axesB).size !== axesB.length)
    throw new ValueError("axes don't match array");
  dotType(x, y);
  const S = notinA.length + notinB.length;
  const xl = x.shape.map((_, i) => (axesA.includes(i) ? S + axesA.indexOf(i) : notinA.indexOf(i)));
  const yl = y.shape.map((_, i) => (axesB.includes(i) ? S + axesB.indexOf(i) : notinA.length + notinB.indexOf(i)));
  return contract(x, xl, y, yl, range(0, S));
}

/**
 * `np.kron(a, b)`: the Kronecker product, blocks `a[i, j] * b`, of any number of dims.
 * Example: `np.kron(np.eye(2), np.ones([2, 2]))` has shape [4, 4].
 */
export function kron(a: ArrayLike, b: ArrayLike): NDArray {
  const y = asarray(b);
  let x = asarray(a);
  if (x.ndim < y.ndim) x = reshape(x, [...Array(y.ndim - x.ndim).fill(1), ...x.shape]);
  if (x.ndim === 0 || y.ndim === 0) return binop("multiply", isScalar(a, x) ? a : x, isScalar(b, y) ? b : y);
  const nd = Math.max(x.ndim, y.ndim);
  const as = [...Array(nd - x.ndim).fill(1), ...x.shape], bs = [...Array(nd - y.ndim).fill(1), ...y.shape];
  // a's axes at even positions, b's at odd ones: the product's C order is the Kronecker layout
  const xe = reshape(x, as.flatMap((n) => [n, 1])), ye = reshape(y, bs.flatMap((n) => [1, n]));
  const p = binop("multiply", xe, ye);
  return reshapeOf(p, as.map((n, i) => n * bs[i])) ?? reshape(p, as.map((n, i) => n * bs[i]));
}

// ---- trace, cross ---------------------------------------------------------------------------

export interface TraceOptions { offset?: number; axis1?: number; axis2?: number; dtype?: DTypeLike | null; out?: NDArray | null }

/**
 * `np.trace(a, offset = 0, axis1 = 0, axis2 = 1, dtype?, out?)`: the sum of a diagonal
 * (dtype as sum's: small integers widen to int32). Example: `np.trace(np.eye(3))` is 3.
 */
export function trace(a: ArrayLike, ...args: (number | DTypeLike | NDArray | null | TraceOptions | undefined)[]): NDArray {
  const o = argsOf(["offset", "axis1", "axis2", "dtype", "out"], args) as TraceOptions;
  const d = diagonal(asarray(a), { offset: o.offset ?? 0, axis1: o.axis1 ?? 0, axis2: o.axis2 ?? 1 });
  return sum(d, -1, o.dtype ?? null, o.out ?? null);
}

/** NumPy's normalize_axis_index with a message prefix. */
function axisIn(axis: number, ndim: number, name: string): number {
  try { return normAxis(axis, ndim); } catch (e) {
    if (e instanceof AxisError) throw new AxisError(`${name}: ${e.message}`);
    throw e;
  }
}

export interface CrossOptions { axisa?: number; axisb?: number; axisc?: number; axis?: number | null }

/**
 * `np.cross(a, b, { axisa, axisb, axisc, axis })`: cross products of 2- or 3-vectors along
 * the given axes (the last by default). Example: `np.cross([1, 0, 0], [0, 1, 0])` is [0, 0, 1].
 */
export function cross(a: ArrayLike, b: ArrayLike, ...args: (number | null | CrossOptions | undefined)[]): NDArray {
  const o = argsOf(["axisa", "axisb", "axisc", "axis"], args) as CrossOptions;
  let axisa = intArg(o.axisa ?? -1), axisb = intArg(o.axisb ?? -1), axisc = intArg(o.axisc ?? -1);
  if (o.axis !== undefined && o.axis !== null) axisa = axisb = axisc = intArg(o.axis);
  let x = asarray(a), y = asarray(b);
  const ia = axisIn(axisa, x.ndim, "axisa"), ib = axisIn(axisb, y.ndim, "axisb");
  x = moveaxis(x, ia, -1);
  y = moveaxis(y, ib, -1);
  const na = x.shape[x.ndim - 1], nb = y.shape[y.ndim - 1];
  if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) throw new ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)");
  const sa = x.shape.slice(0, -1), sb = y.shape.slice(0, -1);
  let shape: number[];
  try { shape = broadcastShapes(sa, sb); } catch {
    throw new ValueError(`shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape ${tuple(sa)} and arg 1 with shape ${tuple(sb)}.`);
  }
  const three = na === 3 || nb === 3;
  const ic = three ? axisIn(axisc, shape.length + 1, "axisc") : 0;
  const d = promoteTypes(x.dtype, y.dtype);
  x = asType(x, d);
  y = asType(y, d);
  const ca = (i: number) => x.get(["...", i]), cb = (i: number) => y.get(["...", i]);
  const mul = (p: NDArray, q: NDArray) => binop("multiply", p, q);
  const sub = (p: NDArray, q: NDArray) => binop("subtract", p, q);
  const neg = (p: NDArray) => lazy(applyNode("negative", [prepare(p)]).node, p.dtype);
  // NumPy's steps, in its order (so a bool operand fails at the same ufunc)
  if (!three) return sub(mul(ca(0), cb(1)), mul(ca(1), cb(0)));
  let c: [NDArray, NDArray, NDArray];
  if (na === 2) c = [mul(ca(1), cb(2)), neg(mul(ca(0), cb(2))), sub(mul(ca(0), cb(1)), mul(ca(1), cb(0)))];
  else if (nb === 3) c = [sub(mul(ca(1), cb(2)), mul(ca(2), cb(1))), sub(mul(ca(2), cb(0)), mul(ca(0), cb(2))), sub(mul(ca(0), cb(1)), mul(ca(1), cb(0)))];
  else c = [neg(mul(ca(2), cb(1))), mul(ca(2), cb(0)), sub(mul(ca(0), cb(1)), mul(ca(1), cb(0)))];
  // the three components side by side along a new last axis: one fused selection, no copies
  const j = reshape(arange(3), [...shape.map(() => 1), 3]);
  const col = (v: NDArray) => expandDims(v, -1);
  const cp = binopWhere(binop("equal", j, 0), col(c[0]), binopWhere(binop("equal", j, 1), col(c[1]), col(c[2])));
  return moveaxis(cp, -1, ic);
}

function binopWhere(cond: NDArray, x: NDArray, y: NDArray): NDArray {
  const { node, dtype } = applyNode("where", [prepare(cond), prepare(x), prepare(y)]);
  return lazy(node, dtype);
}

// ---- linalg.multiDot -------------------------------------------------------------------------

/** NumPy's _multi_dot_matrix_chain_order: split points of the cheapest parenthesization. */
function chainOrder(dims: readonly number[]): number[][] {
  const n = dims.length - 1;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const s = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let l = 1; l < n; l++) {
    for (let i = 0; i < n - l; i++) {
      const j = i + l;
      m[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const q = m[i][k] + m[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (q < m[i][j]) { m[i][j] = q; s[i][j] = k; }
      }
    }
  }
  return s;
}

/**
 * `np.linalg.multiDot(arrays, { out })`: the product of a chain of matrices in the cheapest
 * order (first and last may be 1-D vectors). Example: `np.linalg.multiDot([A, B, C, v])`.
 */
export function multiDot(arrays: readonly ArrayLike[], opts: { out?: NDArray | null } = {}): NDArray {
  const out = opts.out ?? null;
  const n = arrays.length;
  if (n < 2) throw new ValueError("Expecting at least two arrays.");
  if (n === 2) return dot(arrays[0], arrays[1], out);
  const arrs = arrays.map((a) => asarray(a));
  const nd0 = arrs[0].ndim, ndn = arrs[n - 1].ndim;
  if (nd0 === 1) arrs[0] = reshape(arrs[0], [1, arrs[0].size]);
  if (ndn === 1) arrs[n - 1] = reshape(arrs[n - 1], [arrs[n - 1].size, 1]);
  for (const a of arrs) if (a.ndim !== 2) throw new LinAlgError(`${a.ndim}-dimensional array given. Array must be two-dimensional`);
  let result: NDArray;
  if (n === 3) {
    const [A, B, C] = arrs;
    const [a0, a1b0] = A.shape, [b1c0, c1] = C.shape;
    const cost1 = a0 * b1c0 * (a1b0 + c1), cost2 = a1b0 * c1 * (a0 + b1c0);
    result = cost1 < cost2 ? dot(dot(A, B), C, out) : dot(A, dot(B, C), out);
  } else {
    const s = chainOrder([...arrs.map((a) => a.shape[0]), arrs[n - 1].shape[1]]);
    const chain = (i: number, j: number, o: NDArray | null): NDArray => (i === j ? arrs[i] : dot(chain(i, s[i][j], null), chain(s[i][j] + 1, j, null), o));
    result = chain(0, n - 1, out);
  }
  if (nd0 === 1 && ndn === 1) return result.get([0, 0]);
  if (nd0 === 1 || ndn === 1) return ravel(result);
  return result;
}
