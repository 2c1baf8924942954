// NDArray's methods: operators, in-place operators, conversions, shape and reductions.
// Declared on the class by interface merging; each delegates to the module that owns it.

import { STORAGE } from "../runtime/dtypes.js";
import { sizeOf, newNodeId, type Node, type OpaqueNode, type Scalar } from "../compiler/ir.js";
import { DType, dtype as toDType, strWidth, type DTypeLike } from "./dtype.js";
import { IndexError, TypeError, ValueError } from "../runtime/errors.js";
import { NDArray, lazy, readAt, viewOf, evaluate, structuredOps } from "./ndarray.js";
import { apply, applyNode, prepare, writeOut, type ArrayLike } from "./ufunc.js";
import type { Index } from "./indexing.js";
import * as shapes from "./shape.js";
import * as red from "./reductions.js";
import * as scans from "./scans.js";
import * as products from "./products.js";
import * as sorting from "./sort/index.js";
import { copyNode, flatValues, asarray as asarrayLocal } from "./creation.js";
import { arrayRepr, arrayStr, array2string as a2s, type Array2StringOptions, type Printable, type PrintKind } from "./print.js";
import { explain } from "./explain.js";
import { assignValue, getIndex, setIndex } from "./advanced.js";
import { arrayBytes } from "./io/bytes.js";

const P = NDArray.prototype as unknown as Record<string | symbol, unknown>;
const def = (name: string | symbol, fn: (this: NDArray, ...a: never[]) => unknown) => Object.defineProperty(P, name, { value: fn, writable: true, configurable: true });
const getter = (name: string, fn: (this: NDArray) => unknown) => Object.defineProperty(P, name, { get: fn, configurable: true });

const BINARY: Record<string, string> = {
  add: "add", sub: "subtract", mul: "multiply", div: "true_divide", floordiv: "floor_divide", mod: "remainder",
  pow: "power", and: "bitwise_and", or: "bitwise_or", xor: "bitwise_xor", lshift: "left_shift", rshift: "right_shift",
  eq: "equal", ne: "not_equal", lt: "less", le: "less_equal", gt: "greater", ge: "greater_equal",
};
/** Python's `a ** s` fast paths (NumPy's fast_scalar_power, for inexact arrays only). */
export const POW_FAST: Record<string, string> = { "2": "square", "0.5": "sqrt", "-1": "reciprocal", "1": "positive" };
for (const [m, op] of Object.entries(BINARY)) {
  def(m, function (this: NDArray, other: ArrayLike) {
    if (m === "pow" && typeof other === "number" && String(other) in POW_FAST && (this.dtype.kind === "f" || this.dtype.kind === "c"))
      return apply(POW_FAST[String(other)], [this]);
    return apply(op, [this, other]);
  });
  if (!["eq", "ne", "lt", "le", "gt", "ge"].includes(m)) {
    def(`i${m}`, function (this: NDArray, other: ArrayLike) {
      const { node, dtype } = applyNode(op, [prepare(this), prepare(other)]);
      return writeOut(this, node, dtype, op);
    });
  }
}
const UNARY: Record<string, string> = { neg: "negative", pos: "positive", abs: "absolute", invert: "invert", conj: "conjugate", conjugate: "conjugate" };
for (const [m, op] of Object.entries(UNARY)) def(m, function (this: NDArray) { return apply(op, [this]); });

def("get", function (this: NDArray, ...index: Index[]) { return getIndex(this, index.length === 1 ? index[0] : (index as Index)); });
def("set", function (this: NDArray, index: Index, value: ArrayLike) { setIndex(this, index, value); return this; });
def("fill", function (this: NDArray, value: Scalar) { assignValue(this, value); return this; });

def("astype", function (this: NDArray, d: DTypeLike) {
  let t = toDType(d);
  if (typeof d === "string" && /^[<>|=]?(U|str|unicode)$/.test(d) && this.dtype.kind !== "U")
    t = toDType(`U${strWidth(this.dtype)}`);
  if (t.kind === "U" && (this.dtype.kind !== "U" || this.dtype.strlen > t.strlen)) return lazy(truncated(copyNode(this, t), t.strlen), t);
  return lazy(copyNode(this, t), t);
});

/** Strings cut to `n` characters, as NumPy stores them in U<n> (the cast itself keeps them whole). */
function truncated(input: Node, n: number): OpaqueNode {
  return {
    kind: "opaque", id: newNodeId(), name: "astype", dtype: "str", shape: input.shape, inputs: [input],
    run: (ins, out) => {
      const b = ins[0], dst = out.data as string[];
      for (let j = 0; j < dst.length; j++) dst[j] = [...String(readAt(b, j))].slice(0, n).join("");
    },
  };
}
def("copy", function (this: NDArray, order?: "C" | "F" | "A" | "K" | { order?: "C" | "F" | "A" | "K" }) {
  return shapes.copyInOrder(this, (typeof order === "object" ? order.order : order) ?? "C");
});
def("view", function (this: NDArray, d?: DTypeLike) {
  if (d === undefined) return viewOf(this, { shape: this.shape, axis: this.shape.map((_, i) => i), step: this.shape.map(() => 1), start: this.shape.map(() => 0) });
  const t = toDType(d);
  const b = this._buffer();
  if (t.itemsize !== this.itemsize) {
    const last = this.ndim - 1;
    if (this.ndim === 0 || b.strides[last] !== 1) throw new ValueError("To change to a dtype of a different size, the last axis must be contiguous");
    const bytes = this.shape[last] * this.itemsize;
    if (bytes % t.itemsize !== 0) throw new ValueError("When changing to a smaller dtype, its size must be a divisor of the size of original dtype");
    const ratio = this.itemsize / t.itemsize;
    if ((b.offset * this.itemsize) % t.itemsize !== 0) throw new ValueError("the offset is not a multiple of the new itemsize");
    const shape = [...this.shape.slice(0, last), bytes / t.itemsize];
    const strides = [...b.strides.slice(0, last).map((s) => s * ratio), 1];
    return new NDArray({ kind: "buffer", id: newNodeId(), dtype: t.id, storage: b.storage, shape, strides, offset: b.offset * ratio }, t, this._base ?? this);
  }
  return new NDArray({ ...b, id: newNodeId(), dtype: t.id }, t, this._base ?? this);
});
def("reshape", function (this: NDArray, ...s: (number | readonly number[] | { order?: string })[]) { return shapes.reshape(this, ...s); });
def("ravel", function (this: NDArray, order?: "C" | "F") { return shapes.ravel(this, order); });
def("flatten", function (this: NDArray, order?: "C" | "F") { return shapes.flatten(this, order); });
def("transpose", function (this: NDArray, ...axes: (number | readonly number[])[]) {
  const list = axes.length === 1 && Array.isArray(axes[0]) ? (axes[0] as number[]) : (axes as number[]);
  return shapes.transpose(this, list.length ? list : null);
});
def("swapaxes", function (this: NDArray, a: number, b: number) { return shapes.swapaxes(this, a, b); });
def("squeeze", function (this: NDArray, axis?: number | readonly number[] | null) { return shapes.squeeze(this, axis); });
getter("T", function () { return shapes.transpose(this); });

/** A real or imaginary part as a view of complex memory (real arrays: itself / zeros). */
function part(a: NDArray, which: 0 | 1): NDArray {
  if (a.dtype.kind !== "c") {
    if (which === 0) return a;
    return lazy(applyNode("multiply", [prepare(a), prepare(0)]).node, a.dtype);
  }
  const d = toDType(a.dtype.id === "complex64" ? "float32" : "float64");
  let v: NDArray;
  // pending: computes as real(a) in graphs, and becomes a view of a's memory once evaluated
  if (a.isPending) v = new NDArray(applyNode(which === 0 ? "real" : "imag", [prepare(a)]).node, d, a, { kind: "part", which });
  else {
    const b = a._buffer();
    v = new NDArray({ kind: "buffer", id: newNodeId(), dtype: d.id, storage: b.storage, shape: b.shape, strides: b.strides.map((s) => 2 * s), offset: 2 * b.offset + which }, d, a._base ?? a);
  }
  v._writeable = a._writeable;
  return v;
}
getter("real", function () { return part(this, 0); });
getter("imag", function () { return part(this, 1); });

const R = red as unknown as Record<string, (a: NDArray, ...x: unknown[]) => NDArray>;
for (const m of ["sum", "prod", "mean", "std", "min", "max", "all", "any", "ptp", "argmax", "argmin"])
  def(m, function (this: NDArray, ...x: unknown[]) { return R[m](this, ...x); });
def("var", function (this: NDArray, ...x: unknown[]) { return (red.var_ as (...a: unknown[]) => NDArray)(this, ...x); });
def("cumsum", function (this: NDArray, ...x: never[]) { return scans.cumsum(this, ...x); });
def("cumprod", function (this: NDArray, ...x: never[]) { return scans.cumprod(this, ...x); });
def("matmul", function (this: NDArray, other: ArrayLike, ...x: never[]) { return products.matmul(this, other, ...x); });
def("dot", function (this: NDArray, other: ArrayLike, ...x: never[]) { return products.dot(this, other, ...x); });
def("sort", function (this: NDArray, ...x: never[]) { sorting.sortInPlace(this, ...x); });
def("argsort", function (this: NDArray, ...x: never[]) { return sorting.argsort(this, ...x); });
def("partition", function (this: NDArray, kth: never, ...x: never[]) { sorting.partitionInPlace(this, kth, ...x); });
def("argpartition", function (this: NDArray, kth: never, ...x: never[]) { return sorting.argpartition(this, kth, ...x); });
def("searchsorted", function (this: NDArray, v: unknown, ...x: never[]) { return sorting.searchsorted(this, v, ...x); });
def("trace", function (this: NDArray, ...x: never[]) { return products.trace(this, ...x); });

// ---- reading values out -------------------------------------------------------------

function toJS(v: unknown, kind: string): unknown {
  return kind === "b" ? Boolean(v) : v;
}
def("tolist", function (this: NDArray) {
  const flat = flatValues(this);
  if (this.ndim === 0) return toJS(flat[0], this.dtype.kind);
  let k = 0;
  const build = (d: number): unknown[] => {
    const n = this.shape[d];
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d === this.ndim - 1 ? flat[k++] : build(d + 1);
    return out;
  };
  return build(0);
});
def("item", function (this: NDArray, ...index: number[]) {
  const b = this._buffer();
  let j: number;
  if (index.length === 0) {
    if (this.size !== 1) throw new ValueError("can only convert an array of size 1 to a Python scalar");
    j = 0;
  } else if (index.length === 1) {
    j = index[0] < 0 ? index[0] + this.size : index[0];
    if (j < 0 || j >= this.size) throw new IndexError(`index ${index[0]} is out of bounds for size ${this.size}`);
  } else {
    if (index.length !== this.ndim) throw new ValueError("incorrect number of indices for array");
    j = 0;
    index.forEach((i, d) => {
      const n = this.shape[d];
      if (i < -n || i >= n) throw new IndexError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
      j = j * n + (i < 0 ? i + n : i);
    });
  }
  return readAt(b, j);
});
def("tobytes", function (this: NDArray, order: "C" | "F" | "A" | null | { order?: "C" | "F" | "A" | null } = "C") {
  const o = (typeof order === "object" && order !== null ? order.order : order) ?? "C";
  if (o !== "C" && o !== "F" && o !== "A") throw new ValueError(`order must be one of 'C', 'F', 'A' (got '${String(o)}')`);
  const fortran = o === "F" || (o === "A" && this.ndim > 1 && this.flags.fContiguous && !this.flags.cContiguous);
  return arrayBytes(this, fortran ? "F" : "C");
});
def(Symbol.iterator, function* (this: NDArray) {
  if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
  for (let i = 0; i < this.shape[0]; i++) yield this.ndim === 1 ? this.item(i) : this.get(i);
});

// ---- printing ----------------------------------------------------------------------

/** @internal the print module's view of an array. */
export function printable(a: NDArray): Printable {
  if (a.dtype.kind === "V") return structuredOps.printable!(a);
  const b = a._buffer();
  const kind = (a.dtype.kind) as PrintKind;
  return { shape: a.shape, dtypeName: a.dtype.kind === "U" ? a.dtype.str : a.dtype.name, kind, itemsize: a.itemsize, at: (j) => readAt(b, j) as never };
}
def("toString", function (this: NDArray) { return arrayStr(printable(this)); });
def("repr", function (this: NDArray) { return arrayRepr(printable(this)); });
def(Symbol.for("nodejs.util.inspect.custom"), function (this: NDArray) { return arrayRepr(printable(this)); });
def("explain", function (this: NDArray) { return explain([this]); });
def("round", function (this: NDArray, decimals = 0) { return around(this, decimals); });
def("clip", function (this: NDArray, lo: ArrayLike, hi: ArrayLike) { return clip(this, lo, hi); });

/** `np.round(a, decimals)`: half to even, as NumPy (scaled by 10**decimals). */
export function around(a: ArrayLike, decimals = 0): NDArray {
  const p = prepare(a);
  if (p.dtype.kind !== "f" && p.dtype.kind !== "c") {
    if (decimals >= 0) return lazy(applyNode("positive", [p]).node, p.dtype);
  }
  if (decimals === 0) return lazy(applyNode("rint", [p]).node, applyNode("rint", [p]).dtype);
  const scale = 10 ** Math.abs(decimals);
  const step1 = applyNode(decimals > 0 ? "multiply" : "true_divide", [p, prepare(scale)]);
  const r = applyNode("rint", [{ node: step1.node, dtype: step1.dtype, weak: null }]);
  const back = applyNode(decimals > 0 ? "true_divide" : "multiply", [{ node: r.node, dtype: r.dtype, weak: null }, prepare(scale)]);
  return lazy(back.node, back.dtype);
}

/** `np.clip(a, aMin, aMax)`: minimum(maximum(a, aMin), aMax). */
export function clip(a: ArrayLike, aMin: ArrayLike, aMax: ArrayLike): NDArray {
  let cur = prepare(a);
  if (aMin !== null && aMin !== undefined) { const r = applyNode("maximum", [cur, prepare(aMin)]); cur = { node: r.node, dtype: r.dtype, weak: null }; }
  if (aMax !== null && aMax !== undefined) { const r = applyNode("minimum", [cur, prepare(aMax)]); cur = { node: r.node, dtype: r.dtype, weak: null }; }
  return lazy(cur.node, cur.dtype);
}

export { evaluate, STORAGE, sizeOf, DType };

/** `np.array2string(a, { precision, separator, ... })`. */
export function array2string(a: ArrayLike, opts: Array2StringOptions = {}): string {
  return a2s(printable(asarrayLocal(a)), opts);
}
/** `np.arrayStr(a)`: str(a). */
export function arrayStrOf(a: ArrayLike, opts: Array2StringOptions = {}): string { return arrayStr(printable(asarrayLocal(a)), opts); }
/** `np.arrayRepr(a)`: repr(a). */
export function arrayReprOf(a: ArrayLike, opts: Array2StringOptions = {}): string { return arrayRepr(printable(asarrayLocal(a)), opts); }
