// Structured arrays as struct-of-arrays: one ordinary array per field (sub-array fields
// add trailing axes, nested fields are structured arrays themselves). Every view or index
// applies to each field alike, so `a.field(name)` is a true view and unicode fields keep
// their JS strings; NumPy's byte layout (offsets, padding) exists only in tobytes/save.

import { allocStorage } from "../../runtime/buffer.js";
import { newNodeId, type AxisView, type BufferNode } from "../../compiler/ir.js";
import { IndexError, TypeError, ValueError, msg } from "../../runtime/errors.js";
import { DType, dt, dtype as toDType, type DTypeSpec } from "../dtype.js";
import { NDArray, viewOf, evaluate, evaluateAsync, structuredOps, type Flags } from "../ndarray.js";
import { array as plainArray, filled as plainFilled } from "../creation.js";
import { asStructured } from "./records.js";
import { assignValue, gather, gatherC, scatter } from "../advanced.js";
import { normalizeIndex, planIndex, resultShape, type Index, type IndexPlan } from "../indexing.js";
import { resolveShape } from "../shape.js";
import { concatenate } from "../join.js";
import { where } from "../select.js";
import { broadcastShapes } from "../broadcast.js";
import { apply, type ArrayLike } from "../ufunc.js";
import { arrayRepr, arrayStr, type Printable } from "../print.js";
import { printable } from "../methods.js";
import "./sort.js";
import type { Field } from "./dtype.js";

const PLACEHOLDER = allocStorage("void", 0);

/** The node a structured array carries: its shape only (its data are its fields' arrays). */
function shapeNode(shape: readonly number[]): BufferNode {
  return { kind: "buffer", id: newNodeId(), dtype: "void", storage: PLACEHOLDER, shape, strides: shape.map(() => 0), offset: 0 };
}

/** The fields of a structured dtype, in order. */
export const fieldsOf = (d: DType): readonly Field[] => d.layout!.fields!;
/** The trailing shape a field adds to the array's shape. */
export const subShape = (f: Field): readonly number[] => f.dtype.layout?.sub?.shape ?? [];
/** The dtype of a field's array (a sub-array field's element dtype). */
export const colType = (f: Field): DType => f.dtype.layout?.sub?.base ?? f.dtype;

/** A structured array: `np.array([["Alice", 25]], { dtype: [["name", "U10"], ["age", "i4"]] })`. */
export class StructuredArray extends NDArray {
  /** @internal one array per field, in the dtype's order, of shape [...shape, ...field sub-shape] */
  readonly _cols: readonly NDArray[];

  /** @internal use `np.array` / `np.zeros` with a structured dtype. */
  constructor(dtype: DType, shape: readonly number[], cols: readonly NDArray[], base: NDArray | null = null) {
    super(shapeNode(shape), dtype, base);
    this._cols = cols;
  }

  /**
   * `a.field("age")`: a view of one field (NumPy's `a['age']`); writes through it change `a`.
   * `a.field(["salary", "name"])`: a structured view of several (NumPy's `a[['salary', 'name']]`).
   */
  override field(name: string | readonly string[]): NDArray {
    const fs = fieldsOf(this.dtype);
    const at = (n: string) => {
      const i = fs.findIndex((f) => f.name === n);
      if (i < 0) throw new ValueError(`no field of name ${n}`);
      return i;
    };
    const whole = (c: NDArray): AxisView => ({ shape: c.shape, axis: c.shape.map((_, k) => k), step: c.shape.map(() => 1), start: c.shape.map(() => 0) });
    if (typeof name === "string") {
      const c = this._cols[at(name)], v = viewAny(c, whole(c));
      // NumPy's base of a field view is the record array (a pending view keeps its parent to settle from)
      if (!v._viewSpec) v._base = this._base ?? this;
      return v;
    }
    // the selected fields keep their offsets and the record keeps its itemsize, as NumPy's view does
    const idx = name.map(at);
    if (new Set(name).size !== name.length) throw new ValueError(`duplicate field of name ${name.find((n, i) => name.indexOf(n) !== i)}`);
    const d = toDType({ names: idx.map((i) => fs[i].name), formats: idx.map((i) => fs[i].dtype), offsets: idx.map((i) => fs[i].offset), itemsize: this.itemsize });
    const out = new StructuredArray(d, this.shape, idx.map((i) => viewAny(this._cols[i], whole(this._cols[i]))), this._base ?? this);
    out._writeable = this._writeable;
    return out;
  }

  override get isPending(): boolean { return this._cols.some((c) => c.isPending); }
  override evalSync(): this { evaluate(leaves(this)); return this; }
  override async eval(): Promise<this> { await evaluateAsync(leaves(this)); return this; }
  /** Strides in bytes as NumPy's record layout would have them (read off the first field's layout). */
  override get strides(): number[] {
    const c = this._cols[0], f = fieldsOf(this.dtype)[0];
    if (!c) return this.shape.map(() => 0);
    const m = subShape(f).reduce((x, y) => x * y, 1) || 1;
    const elems = c.strides.map((s) => s / c.itemsize);
    return elems.slice(0, this.ndim).map((s) => (s / m) * this.itemsize);
  }
  override get flags(): Flags {
    const s = this.strides;
    let acc = this.itemsize, c = true;
    for (let d = this.ndim - 1; d >= 0; d--) { if (this.shape[d] > 1 && s[d] !== acc) c = false; acc *= this.shape[d]; }
    acc = this.itemsize;
    let f = true;
    for (let d = 0; d < this.ndim; d++) { if (this.shape[d] > 1 && s[d] !== acc) f = false; acc *= this.shape[d]; }
    return { cContiguous: c, fContiguous: f, owndata: this._base === null, writeable: this._writeable };
  }
  override get base(): NDArray | null { return this._base; }
  override get data(): never { throw new TypeError("numfuse keeps a structured array's fields apart: use tobytes() for its bytes"); }
}

/** Every plain array under a structured one. */
export function leaves(a: NDArray): NDArray[] {
  return a instanceof StructuredArray ? a._cols.flatMap(leaves) : [a];
}

// ---- views and indexing, applied to every field -----------------------------------------------

/** A view (over `inNd` axes) extended by the whole trailing axes `sub`. */
function extendView(v: AxisView, inNd: number, sub: readonly number[]): AxisView {
  if (sub.length === 0) return v;
  return { shape: [...v.shape, ...sub], axis: [...v.axis, ...sub.map((_, i) => inNd + i)], step: [...v.step, ...sub.map(() => 1)], start: [...v.start, ...sub.map(() => 0)] };
}

/** `a` viewed through `view` (a structured array: each field). */
export function viewAny(a: NDArray, view: AxisView): NDArray {
  if (!(a instanceof StructuredArray)) return viewOf(a, view);
  const cols = a._cols.map((c, i) => viewAny(c, extendView(view, a.ndim, subShape(fieldsOf(a.dtype)[i]))));
  const out = new StructuredArray(a.dtype, view.shape, cols, a._base ?? a);
  out._writeable = a._writeable;
  return out;
}

/** A plan extended by `sub` whole trailing axes. */
function extendPlan(p: IndexPlan, nd: number, sub: readonly number[]): IndexPlan {
  if (sub.length === 0) return p;
  return { ...p, view: extendView(p.view, nd, sub), fullMask: null };
}

/** What `plan` selects, field by field (`c`: laid out C-contiguous, as take's result). */
function gatherAny(a: NDArray, plan: IndexPlan, c = false): NDArray {
  if (!(a instanceof StructuredArray)) return c ? gatherC(a, plan) : gather(a, plan);
  const cols = a._cols.map((col, i) => gatherAny(col, extendPlan(plan, a.ndim, subShape(fieldsOf(a.dtype)[i])), c));
  return new StructuredArray(a.dtype, resultShape(plan), cols);
}

structuredOps.view = viewAny;
structuredOps.leaves = leaves;
structuredOps.reshape = (a, shape) => reshapeAny(a, shape);
structuredOps.gather = gatherAny;
structuredOps.join = joinAny;

/** Arrays of one structured dtype joined along `axis` (checked by the caller), field by field. */
function joinAny(arrays: readonly NDArray[], axis: number): NDArray {
  const first = arrays[0] as StructuredArray;
  const cols = first._cols.map((_, i) => concatenate(arrays.map((a) => (a as StructuredArray)._cols[i]), axis));
  const shape = [...first.shape];
  shape[axis] = arrays.reduce((n, a) => n + a.shape[axis], 0);
  return new StructuredArray(first.dtype, shape, cols);
}

/** `a` reshaped field by field: a view where every field can be viewed so, else copies. */
function reshapeAny(a: NDArray, shape: readonly number[]): NDArray {
  if (!(a instanceof StructuredArray)) return a.reshape([...shape]);
  const cols = a._cols.map((c, i) => reshapeAny(c, [...shape, ...subShape(fieldsOf(a.dtype)[i])]));
  const out = new StructuredArray(a.dtype, shape, cols, cols.every((c) => c._base) ? (a._base ?? a) : null);
  out._writeable = a._writeable;
  return out;
}

/** A C-ordered copy, field by field. */
export function copyAny(a: NDArray): NDArray {
  if (!(a instanceof StructuredArray)) return a.copy();
  return new StructuredArray(a.dtype, a.shape, a._cols.map(copyAny));
}

/** Writes structured `v` (already of `a`'s dtype) where `plan` selects in `a`. */
function setAny(a: NDArray, plan: IndexPlan, v: NDArray): void {
  if (!(a instanceof StructuredArray)) {
    if (plan.adv.length) scatter(a, plan, v);
    else assignValue(viewOf(a, plan.view), v);
    return;
  }
  const sv = v as StructuredArray;
  a._cols.forEach((c, i) => setAny(c, extendPlan(plan, a.ndim, subShape(fieldsOf(a.dtype)[i])), sv._cols[i]));
}

const permView = (shape: readonly number[], perm: readonly number[]): AxisView =>
  ({ shape: perm.map((p) => shape[p]), axis: perm, step: perm.map(() => 1), start: shape.map(() => 0) });

function normAxis(ax: number, nd: number): number {
  const a = ax < 0 ? ax + nd : ax;
  if (!Number.isInteger(a) || a < 0 || a >= nd) throw new ValueError(msg.axis(ax, nd));
  return a;
}

// ---- reading values out -----------------------------------------------------------------------

/** The records of `a` in C order, each a JS array of field values. */
function flatRecords(a: StructuredArray): unknown[][] {
  const n = a.size;
  const cols = a._cols.map((c, i) => reshapeAny(c, [n, ...subShape(fieldsOf(a.dtype)[i])]).tolist() as unknown[]);
  return Array.from({ length: n }, (_, j) => cols.map((c) => c[j]));
}

/** C-order values nested to `shape` (the value itself for 0-d). */
function nest(flat: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  let k = 0;
  const build = (d: number): unknown[] => Array.from({ length: shape[d] }, () => (d === shape.length - 1 ? flat[k++] : build(d + 1)));
  return build(0);
}

// ---- methods ----------------------------------------------------------------------------------

const S = StructuredArray.prototype as unknown as Record<string | symbol, unknown>;
const def = (name: string | symbol, fn: (this: StructuredArray, ...a: never[]) => unknown) =>
  Object.defineProperty(S, name, { value: fn, writable: true, configurable: true });

def("get", function (this: StructuredArray, ...index: Index[]) {
  const idx = index.length === 1 ? index[0] : (index as Index);
  if (typeof idx === "string" && fieldsOf(this.dtype).some((f) => f.name === idx)) return this.field(idx);
  const plan = planIndex(this.shape, normalizeIndex(idx));
  return plan.adv.length ? gatherAny(this, plan) : viewAny(this, plan.view);
});
def("set", function (this: StructuredArray, index: Index, value: unknown) {
  if (!this._writeable) throw new ValueError(msg.readonly());
  if (typeof index === "string" && fieldsOf(this.dtype).some((f) => f.name === index)) {
    assignValue(this.field(index), value as ArrayLike);
    return this;
  }
  setAny(this, planIndex(this.shape, normalizeIndex(index)), asStructured(value, this.dtype));
  return this;
});
def("fill", function (this: StructuredArray, value: unknown) {
  setAny(this, planIndex(this.shape, []), asStructured(value, this.dtype));
  return this;
});
def("copy", function (this: StructuredArray) { return copyAny(this); });
/** NumPy's repr of a dtype, for cast messages. */
const dtypeRepr = (d: DType): string => (d as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")]();

/** A structured array cast to `t` field by field, by position (NumPy 2); one field may cast to a plain dtype. */
function castAny(a: StructuredArray, t: DType): NDArray {
  const fs = fieldsOf(a.dtype), ts = t.layout?.fields;
  const refuse = () => new TypeError(`Cannot cast array data from ${dtypeRepr(a.dtype)} to ${dtypeRepr(t)} according to the rule 'unsafe'`);
  if (!ts) {
    if (fs.length !== 1 || subShape(fs[0]).length || t.kind === "V") throw refuse();
    return a._cols[0].astype(t);
  }
  if (ts.length !== fs.length || ts.some((f, i) => subShape(f).join() !== subShape(fs[i]).join())) throw refuse();
  const cols = a._cols.map((c, i) => {
    const to = colType(ts[i]);
    if (c instanceof StructuredArray) return castAny(c, to);
    if (to.kind === "V") throw refuse();
    return c.astype(to);
  });
  return new StructuredArray(t, a.shape, cols);
}
def("astype", function (this: StructuredArray, d: unknown) { return castAny(this, toDType(d as DTypeSpec)); });
def("view", function (this: StructuredArray, d?: unknown) {
  if (d !== undefined && !toDType(d as DTypeSpec).equals(this.dtype)) throw new TypeError("numfuse cannot view a structured array as another dtype");
  return viewAny(this, permView(this.shape, this.shape.map((_, i) => i)));
});
def("reshape", function (this: StructuredArray, ...s: (number | readonly number[])[]) {
  const shape = (s.length === 1 && Array.isArray(s[0]) ? s[0] : s) as number[];
  return reshapeAny(this, resolveShape(this.size, shape));
});
def("ravel", function (this: StructuredArray) { return reshapeAny(this, [this.size]); });
def("flatten", function (this: StructuredArray) { return reshapeAny(copyAny(this), [this.size]); });
def("transpose", function (this: StructuredArray, ...axes: (number | readonly number[])[]) {
  const list = (axes.length === 1 && Array.isArray(axes[0]) ? axes[0] : axes) as number[];
  const nd = this.ndim;
  const perm = list.length ? list.map((x) => normAxis(x, nd)) : [...Array(nd).keys()].reverse();
  if (perm.length !== nd || new Set(perm).size !== nd) throw new ValueError("axes don't match array");
  return viewAny(this, permView(this.shape, perm));
});
Object.defineProperty(S, "T", { get(this: StructuredArray) { return (this.transpose as () => NDArray)(); }, configurable: true });
def("swapaxes", function (this: StructuredArray, a: number, b: number) {
  const perm = [...Array(this.ndim).keys()];
  const [x, y] = [normAxis(a, this.ndim), normAxis(b, this.ndim)];
  [perm[x], perm[y]] = [perm[y], perm[x]];
  return viewAny(this, permView(this.shape, perm));
});
def("squeeze", function (this: StructuredArray) {
  const keep = this.shape.map((n, i) => (n === 1 ? -1 : i)).filter((i) => i >= 0);
  return viewAny(this, { shape: keep.map((i) => this.shape[i]), axis: keep, step: keep.map(() => 1), start: this.shape.map(() => 0) });
});
def("tolist", function (this: StructuredArray) { return nest(flatRecords(this), this.shape); });
def("item", function (this: StructuredArray, ...index: number[]) {
  const recs = flatRecords(this);
  if (index.length === 0) {
    if (this.size !== 1) throw new ValueError("can only convert an array of size 1 to a Python scalar");
    return recs[0];
  }
  let j = 0;
  if (index.length === 1) {
    j = index[0] < 0 ? index[0] + this.size : index[0];
    if (j < 0 || j >= this.size) throw new IndexError(`index ${index[0]} is out of bounds for size ${this.size}`);
  } else {
    if (index.length !== this.ndim) throw new ValueError("incorrect number of indices for array");
    index.forEach((i, d) => {
      const n = this.shape[d];
      if (i < -n || i >= n) throw new IndexError(msg.index(i, d, n));
      j = j * n + (i < 0 ? i + n : i);
    });
  }
  return recs[j];
});
def(Symbol.iterator, function* (this: StructuredArray) {
  if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
  for (let i = 0; i < this.shape[0]; i++) yield this.get(i);
});

/** `np.where(condition, x, y)` with structured `x` and `y` of one dtype: field by field. */
export function structuredWhere(condition: unknown, x: unknown, y: unknown): NDArray {
  const d = (x instanceof StructuredArray ? x : (y as StructuredArray)).dtype;
  const sx = asStructured(x, d), sy = asStructured(y, d);
  const cond = condition instanceof NDArray ? condition : plainArray(condition);
  const pick = (c: NDArray, a: StructuredArray, b: StructuredArray): NDArray => {
    const cols = a._cols.map((col, i) => {
      const k = subShape(fieldsOf(a.dtype)[i]).length;
      // the condition covers the record axes; a sub-array field's own axes follow them
      const ck = k ? c.reshape([...c.shape, ...Array<number>(k).fill(1)]) : c;
      return col instanceof StructuredArray ? pick(ck, col, b._cols[i] as StructuredArray) : where(ck, col, b._cols[i]);
    });
    const shape = cols.length ? cols[0].shape.slice(0, cols[0].ndim - subShape(fieldsOf(a.dtype)[0]).length) : broadcastShapes(c.shape, a.shape, b.shape);
    return new StructuredArray(a.dtype, shape, cols);
  };
  return pick(cond, sx, sy);
}

/** The print module's view of a structured array: a record is its flat index into each field. */
function structPrintable(a: StructuredArray): Printable {
  return {
    shape: a.shape, dtypeName: a.dtype.toString(), kind: "V", itemsize: a.itemsize, at: (j) => j,
    fields: a._cols.map((c) => (c instanceof StructuredArray ? structPrintable(c) : printable(c))),
  };
}
structuredOps.printable = (a) => structPrintable(a as StructuredArray);
def("toString", function (this: StructuredArray) { return arrayStr(structPrintable(this)); });
def("repr", function (this: StructuredArray) { return arrayRepr(structPrintable(this)); });
def(Symbol.for("nodejs.util.inspect.custom"), function (this: StructuredArray) { return arrayRepr(structPrintable(this)); });

/** NumPy compares structured arrays field by field: equal where every field is equal. */
function compare(a: StructuredArray, other: unknown, ne: boolean): NDArray {
  let b: StructuredArray;
  try { b = asStructured(other, a.dtype); }
  catch (e) {
    if (other instanceof StructuredArray) throw new TypeError("Cannot compare structured arrays unless they have a common dtype.  I.e. `np.result_type(arr1, arr2)` must be defined.");
    throw e;
  }
  let acc: NDArray | null = null;
  a._cols.forEach((c, i) => {
    let r: NDArray = c instanceof StructuredArray ? compare(c, b._cols[i], ne) : apply(ne ? "not_equal" : "equal", [c, b._cols[i]]);
    const k = subShape(fieldsOf(a.dtype)[i]).length;
    // a sub-array field is equal when all its elements are
    if (k) r = ne ? r.any(Array.from({ length: k }, (_, j) => r.ndim - k + j) as never) : r.all(Array.from({ length: k }, (_, j) => r.ndim - k + j) as never);
    acc = acc === null ? r : apply(ne ? "logical_or" : "logical_and", [acc, r]);
  });
  return acc ?? plainFilled(a.shape, !ne, dt("bool"));
}
def("eq", function (this: StructuredArray, other: unknown) { return compare(this, other, false); });
def("ne", function (this: StructuredArray, other: unknown) { return compare(this, other, true); });

// a plain array has no fields (NumPy: a string index on it is an IndexError)
Object.defineProperty(NDArray.prototype, "field", {
  value(this: NDArray): NDArray {
    throw new IndexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices");
  },
  writable: true, configurable: true,
});
