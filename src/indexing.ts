// Indexing: what `a.get(index)` and `a.set(index, value)` select, as NumPy decides it.
//
// An index is parsed into entries (integers, slices, "...", newaxis, integer arrays,
// boolean arrays, 0-d booleans) and resolved against a shape into an IndexPlan: a basic
// view (integers, slices, newaxis; every axis an advanced index reads is kept whole),
// plus the advanced indices — each an axis of that view and its values, broadcast
// together — and where the broadcast axes go in the result (NumPy's rule: in place of
// the advanced indices when they are adjacent, else first). Index arrays are read when
// the index is resolved: a mask's count decides the result's shape, and an out-of-range
// index raises IndexError at the call, as in NumPy.

import { isCContiguous, sizeOf, type AxisView } from "../compiler/ir.js";
import { IndexError, ValueError, msg } from "../runtime/errors.js";
import { NDArray } from "./ndarray.js";
import { asarray } from "./creation.js";
import { broadcastShapes } from "./broadcast.js";

/** A slice, as `np.slice(start, stop, step)` builds it (null: the default). */
export class Slice {
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {
    if (step === 0) throw new ValueError("slice step cannot be zero");
  }
  /** Python's slice.indices(len): the concrete start, step and count. */
  indices(len: number): { start: number; step: number; count: number } {
    const step = this.step ?? 1;
    const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
      if (v === null) return dflt;
      if (v < 0) v += len;
      return Math.min(Math.max(v, lo), hi);
    };
    const start = step > 0 ? clamp(this.start, 0, 0, len) : clamp(this.start, len - 1, -1, len - 1);
    const stop = step > 0 ? clamp(this.stop, len, 0, len) : clamp(this.stop, -1, -1, len - 1);
    const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, count };
  }
  toString(): string { return `slice(${this.start}, ${this.stop}, ${this.step})`; }
}

/** `np.slice(start, stop, step)`. Example: `a.get([np.slice(null, null, -1)])`. */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

export const ELLIPSIS = "...";
export type IndexItem = number | bigint | boolean | string | null | Slice | NDArray | readonly unknown[] | ArrayBufferView;
export type Index = IndexItem | readonly IndexItem[];

const ONLY = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

function parseInt_(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new IndexError(ONLY);
  return Number(s);
}

/** Parses one index string item: "1:4", "::-1", "...", "None", "3". */
function parseItem(s: string): IndexItem {
  s = s.trim();
  if (s === "..." || s === "Ellipsis") return ELLIPSIS;
  if (s === "None" || s === "newaxis" || s === "np.newaxis") return null;
  if (s === "True" || s === "False") return s === "True";
  if (s.includes(":")) {
    const parts = s.split(":");
    if (parts.length > 3) throw new IndexError(ONLY);
    const num = (p: string | undefined) => (p === undefined || p.trim() === "" ? null : parseInt_(p.trim()));
    return new Slice(num(parts[0]), num(parts[1]), num(parts[2]));
  }
  return parseInt_(s);
}

/** Normalizes an index argument to a list of items (strings split on commas). */
export function normalizeIndex(index: Index): IndexItem[] {
  const list: IndexItem[] = Array.isArray(index) && !isMaskList(index) ? [...(index as IndexItem[])] : [index as IndexItem];
  const out: IndexItem[] = [];
  for (const it of list) {
    if (typeof it === "string") {
      const parts = it.split(",");
      if (parts[parts.length - 1].trim() === "") parts.pop(); // "1," is (1,), and "" is ()
      for (const part of parts) out.push(parseItem(part));
    }
    else out.push(it);
  }
  return out;
}

/** A JS list of booleans given as the whole index: a mask, as NumPy reads `a[[True, False]]`. */
function isMaskList(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "boolean");
}

/** The view basic indexing selects (items already normalized, all basic). */
export function basicView(shape: readonly number[], items: readonly IndexItem[]): AxisView {
  return planIndex(shape, items).view;
}

// ---- entries --------------------------------------------------------------------------

type Entry =
  | { k: "int"; v: number }
  | { k: "slice"; s: Slice }
  | { k: "new" }
  | { k: "ellipsis" }
  /** an integer array of one or more dimensions */
  | { k: "ints"; a: NDArray }
  /** a boolean array of one or more dimensions */
  | { k: "mask"; a: NDArray }
  /** a 0-d boolean: a new axis of length 1 (true) or 0 (false), advanced */
  | { k: "bool"; v: boolean };

/** An array-like index item as an array (an empty list is an empty integer array, as NumPy's intp). */
function indexArray(x: unknown): NDArray {
  if (Array.isArray(x) && x.length === 0) return asarray([], "int32");
  let a: NDArray;
  try { a = asarray(x); } catch { throw new IndexError(ONLY); }
  return a;
}

function entryOf(it: IndexItem): Entry {
  if (it === null) return { k: "new" };
  if (it === ELLIPSIS) return { k: "ellipsis" };
  if (it instanceof Slice) return { k: "slice", s: it };
  if (typeof it === "number") {
    if (!Number.isInteger(it)) throw new IndexError(ONLY);
    return { k: "int", v: it };
  }
  if (typeof it === "bigint") return { k: "int", v: Number(it) };
  if (typeof it === "boolean") return { k: "bool", v: it };
  if (typeof it === "string") throw new IndexError(ONLY);
  if (!(it instanceof NDArray) && !Array.isArray(it) && !ArrayBuffer.isView(it)) throw new IndexError(ONLY);
  const a = indexArray(it);
  const kind = a.dtype.kind;
  if (kind === "b") return a.ndim === 0 ? { k: "bool", v: Boolean(a.item()) } : { k: "mask", a };
  if (kind !== "i" && kind !== "u") throw new IndexError("arrays used as indices must be of integer (or boolean) type");
  // a 0-d integer array indexes as an integer (a view), as in NumPy
  return a.ndim === 0 ? { k: "int", v: Number(a.item()) } : { k: "ints", a };
}

// ---- plans ---------------------------------------------------------------------------

/** One advanced index: an axis of the plan's view, and its values (C order over `bshape`). */
export interface AdvIndex { readonly axis: number; readonly values: Int32Array }

export interface IndexPlan {
  /** The basic part; each axis an advanced index reads is kept whole. */
  readonly view: AxisView;
  /** Advanced indices (empty: basic indexing, a view). */
  readonly adv: readonly AdvIndex[];
  /** Their broadcast shape. */
  readonly bshape: readonly number[];
  /** Where the broadcast axes go among the view's other axes. */
  readonly at: number;
  /** The index was one boolean array over every axis (NumPy's boolean-assignment rules apply). */
  readonly fullMask: NDArray | null;
}

/** The axes of a plan's view that no advanced index reads, in order. */
export const restAxes = (p: IndexPlan): number[] => p.view.shape.map((_, j) => j).filter((j) => !p.adv.some((x) => x.axis === j));

/** The shape indexing with `p` gives. */
export function resultShape(p: IndexPlan): number[] {
  const rest = restAxes(p).map((j) => p.view.shape[j]);
  return [...rest.slice(0, p.at), ...p.bshape, ...rest.slice(p.at)];
}

/** Resolves an index (normalized items) against `shape`. */
export function planIndex(shape: readonly number[], items: readonly IndexItem[]): IndexPlan {
  const entries = items.map(entryOf);
  const ellipses = entries.filter((e) => e.k === "ellipsis").length;
  if (ellipses > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  const consumed = entries.reduce((n, e) => n + (e.k === "int" || e.k === "slice" || e.k === "ints" ? 1 : e.k === "mask" ? e.a.ndim : 0), 0);
  if (consumed > shape.length) {
    throw new IndexError(msg.tooManyIndices(shape.length, consumed));
  }
  const fancy = entries.some((e) => e.k === "ints" || e.k === "mask" || e.k === "bool");

  const outShape: number[] = [], axis: number[] = [], step: number[] = [];
  const start = shape.map(() => 0);
  // advanced indices as resolved: view axis, source (array / mask dimension), input axis
  const pending: { axis: number; shape: number[]; get: () => Int32Array }[] = [];
  /** the index arrays' shapes, as NumPy names them when they do not broadcast */
  const shapes: number[][] = [];
  let k = 0, rdim = 0, state = -1, at = 0;
  const fancyEntry = () => {
    if (state === -1) { at = rdim; state = 0; }
    else if (state === 1) state = 2;
  };
  const plainEntry = (dims: number) => {
    if (state === 0) state = 1;
    rdim += dims;
  };
  const whole = () => { outShape.push(shape[k]); axis.push(k); step.push(1); k++; };
  for (const e of entries) {
    switch (e.k) {
      case "ellipsis": {
        const n = shape.length - consumed;
        for (let i = 0; i < n; i++) whole();
        plainEntry(n);
        break;
      }
      case "new":
        outShape.push(1); axis.push(-1); step.push(0);
        plainEntry(1);
        break;
      case "int": {
        const n = shape[k];
        if (e.v < -n || e.v >= n) throw new IndexError(msg.index(e.v, k, n));
        start[k] = e.v < 0 ? e.v + n : e.v;
        k++;
        if (fancy) fancyEntry();
        break;
      }
      case "slice": {
        const { start: s0, step: st, count } = e.s.indices(shape[k]);
        outShape.push(count); axis.push(k); step.push(st);
        start[k] = count > 0 ? s0 : 0;
        k++;
        plainEntry(1);
        break;
      }
      case "ints": {
        const inAxis = k, n = shape[k], a = e.a;
        pending.push({ axis: outShape.length, shape: [...a.shape], get: () => checkedValues(a, inAxis, n) });
        shapes.push([...a.shape]);
        whole();
        fancyEntry();
        break;
      }
      case "mask": {
        const m = e.a;
        for (let d = 0; d < m.ndim; d++) {
          if (m.shape[d] !== shape[k + d])
            throw new IndexError(`boolean index did not match indexed array along dimension ${k + d}; dimension is ${shape[k + d]} but corresponding boolean dimension is ${m.shape[d]}`);
        }
        const coords = nonzeroCoords(m);
        for (let d = 0; d < m.ndim; d++) {
          const c = coords[d];
          pending.push({ axis: outShape.length, shape: [c.length], get: () => c });
          shapes.push([c.length]);
          whole();
        }
        fancyEntry();
        break;
      }
      case "bool":
        pending.push({ axis: outShape.length, shape: [e.v ? 1 : 0], get: () => new Int32Array(e.v ? 1 : 0) });
        shapes.push([e.v ? 1 : 0]);
        outShape.push(1); axis.push(-1); step.push(0);
        fancyEntry();
        break;
    }
  }
  while (k < shape.length) whole();
  const view: AxisView = { shape: outShape, axis, step, start };
  if (!fancy) return { view, adv: [], bshape: [], at: 0, fullMask: null };
  let bshape: number[];
  try { bshape = broadcastShapes(...pending.map((p) => p.shape)); } catch {
    throw new IndexError(`shape mismatch: indexing arrays could not be broadcast together with shapes ${shapes.map(msg.shapeTuple).join(" ")} `);
  }
  const adv = pending.map((p) => ({ axis: p.axis, values: broadcastValues(p.get(), p.shape, bshape) }));
  const fullMask = entries.length === 1 && entries[0].k === "mask" && entries[0].a.ndim === shape.length ? entries[0].a : null;
  return { view, adv, bshape, at: state === 2 ? 0 : at, fullMask };
}

/**
 * Calls f(j, element) for every element of an evaluated array in C order (element: the raw
 * stored value; 0/1 for booleans). A tight loop over the last axis, as index arrays are big.
 */
function forEachRaw(a: NDArray, f: (j: number, v: number | bigint) => void): void {
  const b = a._buffer();
  const data = b.storage.elementsAs(b.dtype) as unknown as ArrayLike<number | bigint>;
  const shape = b.shape, nd = shape.length, n = sizeOf(shape);
  if (n === 0) return;
  if (nd === 0) { f(0, data[b.offset]); return; }
  const last = shape[nd - 1], st = b.strides[nd - 1], idx = new Array<number>(nd).fill(0);
  let p = b.offset, j = 0;
  for (let r = n / last; r > 0; r--) {
    for (let i = 0, q = p; i < last; i++, q += st) f(j++, data[q]);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++; p += b.strides[d];
      if (idx[d] < shape[d]) break;
      p -= b.strides[d] * shape[d]; idx[d] = 0;
    }
  }
}

/** The values of an integer index array for an axis of size n, negatives resolved (IndexError when out of range). */
function checkedValues(a: NDArray, axis: number, n: number): Int32Array {
  const out = new Int32Array(a.size);
  forEachRaw(a, (j, raw) => {
    const v = Number(raw);
    if (v < -n || v >= n) throw new IndexError(msg.index(v, axis, n));
    out[j] = v < 0 ? v + n : v;
  });
  return out;
}

/** The coordinates of a boolean array's true elements, one Int32Array per dimension (C order). */
export function nonzeroCoords(m: NDArray): Int32Array[] {
  // flat C positions first, then coordinates by division
  let flat: Int32Array;
  const b = m._buffer();
  if (isCContiguous(b) && b.dtype === "bool") {
    const d = (b.storage.elementsAs("bool") as Uint8Array).subarray(b.offset, b.offset + m.size);
    let count = 0;
    for (let i = 0; i < d.length; i++) if (d[i]) count++;
    flat = new Int32Array(count);
    for (let i = 0, c = 0; c < count; i++) if (d[i]) flat[c++] = i;
  } else {
    const list: number[] = [];
    forEachRaw(m, (j, v) => { if (v) list.push(j); });
    flat = Int32Array.from(list);
  }
  const count = flat.length;
  const shape = m.shape, nd = shape.length;
  if (nd === 1) return [flat];
  const coords = Array.from({ length: nd }, () => new Int32Array(count));
  for (let c = 0; c < count; c++) {
    let r = flat[c];
    for (let d = nd - 1; d >= 0; d--) { coords[d][c] = r % shape[d]; r = (r - coords[d][c]) / shape[d]; }
  }
  return coords;
}

/** Values laid out over `from`, repeated over the broadcast shape `to` (C order). */
function broadcastValues(v: Int32Array, from: readonly number[], to: readonly number[]): Int32Array {
  const n = sizeOf(to);
  if (from.length === to.length && from.every((x, i) => x === to[i])) return v;
  const out = new Int32Array(n);
  const lead = to.length - from.length;
  const st = to.map((_, j) => {
    if (j < lead || from[j - lead] === 1) return 0;
    let s = 1;
    for (let i = j - lead + 1; i < from.length; i++) s *= from[i];
    return s;
  });
  const idx = new Array<number>(to.length).fill(0);
  let p = 0;
  for (let j = 0; j < n; j++) {
    out[j] = v[p];
    for (let d = to.length - 1; d >= 0; d--) {
      idx[d]++; p += st[d];
      if (idx[d] < to[d]) break;
      p -= st[d] * to[d]; idx[d] = 0;
    }
  }
  return out;
}

