// Advanced indexing: reading through an IndexPlan is a gather, an opaque graph node (a
// hand-written copy over its materialized input, so whatever computes the input still
// fuses); writing through one is a scatter into the array's memory, done at the call
// after the write-ordering machinery has evaluated every pending reader of that memory.
// `a.set(mask, scalar)` with a full-shape mask needs no scatter: it is the fused
// elementwise write `a = where(mask, scalar, a)`.

import { STORAGE, type Elements } from "../runtime/dtypes.js";
import { allocStorage } from "../runtime/buffer.js";
import {
  broadcastView, composeViews, cStrides, newNodeId, sizeOf, viewLayout,
  type AxisView, type BufferNode, type Layout, type Node, type OpaqueNode,
} from "../compiler/ir.js";
import { TypeError, ValueError, msg } from "../runtime/errors.js";
import { NDArray, assignNode, beforeWrite, lazy, mayOverlapItself, structuredOps, viewOf } from "./ndarray.js";
import { prepare, type ArrayLike } from "./ufunc.js";
import { broadcastShapes } from "./broadcast.js";
import { copyStrided } from "./join.js";
import { normalizeIndex, planIndex, restAxes, resultShape, type AdvIndex, type Index, type IndexPlan } from "./indexing.js";
import type { DType } from "./dtype.js";

/** `a.get(index)`: a view for basic indexes, else a gathered copy. */
export function getIndex(a: NDArray, index: Index): NDArray {
  const plan = planIndex(a.shape, normalizeIndex(index));
  return plan.adv.length ? gather(a, plan) : viewOf(a, plan.view);
}

/** `a.set(index, value)`: writes in place (value broadcast and cast, as NumPy's setitem). */
export function setIndex(a: NDArray, index: Index, value: ArrayLike): void {
  const items = normalizeIndex(index);
  // one boolean array over every axis, one value: a fused where(), no positions needed
  const m = items.length === 1 && items[0] instanceof NDArray && items[0].dtype.kind === "b" && items[0].ndim > 0 ? items[0] : null;
  if (m && m.ndim === a.ndim && m.shape.every((n, i) => n === a.shape[i]) && a._writeable) {
    const node = valueNode(value, a.dtype);
    if (node.shape.length <= 1 && sizeOf(node.shape) === 1 && !mayOverlapItself(a._buffer())) return maskedFill(a, m, node);
  }
  const plan = planIndex(a.shape, items);
  if (plan.adv.length) scatter(a, plan, value);
  else assignValue(viewOf(a, plan.view), value);
}

// ---- values ------------------------------------------------------------------------------

/** A value as a node of dtype `d` (JS scalars take the dtype; arrays are cast when written). */
function valueNode(value: ArrayLike, d: DType): Node {
  const p = prepare(value);
  return p.weak ? { ...p.node, id: newNodeId(), dtype: d.id } : p.node;
}

const broadcastsTo = (from: readonly number[], to: readonly number[]): boolean => {
  if (from.length > to.length) return false;
  try { return broadcastShapes(from, to).every((n, i) => n === to[i]); } catch { return false; }
};

/**
 * The view broadcasting a value of shape `from` to `to` as NumPy's setitem does (leading
 * size-1 axes dropped), else NumPy's ValueError (`fancy`: the advanced-indexing wording).
 */
export function setValueView(from: readonly number[], to: readonly number[], fancy: boolean): AxisView {
  let lead = 0;
  while (from.length - lead > to.length && from[lead] === 1) lead++;
  const kept = from.slice(lead);
  if (!broadcastsTo(kept, to)) {
    throw new ValueError(fancy
      ? `shape mismatch: value array of shape ${msg.shapeTuple(from)} could not be broadcast to indexing result of shape ${msg.shapeTuple(to)}`
      : `could not broadcast input array from shape ${msg.shapeTuple(from)} into shape ${msg.shapeTuple(to)}`);
  }
  const drop: AxisView = { shape: kept, axis: kept.map((_, j) => j + lead), step: kept.map(() => 1), start: from.map(() => 0) };
  return composeViews(broadcastView(kept, to), drop);
}

/** Writes `value` into all of `target` (basic set, fill): broadcast and cast, in place. */
export function assignValue(target: NDArray, value: ArrayLike): void {
  // a string longer than the target's U<n> is cut to n characters, as NumPy stores it
  const node = target.dtype.kind === "U" ? freshBuffer(valueNode(value, target.dtype), target.dtype) : valueNode(value, target.dtype);
  const view = setValueView(node.shape, target.shape, false);
  const same = node.shape.length === target.ndim && node.shape.every((n, i) => n === target.shape[i]);
  assignNode(target, same ? node : { kind: "view", id: newNodeId(), dtype: node.dtype, shape: target.shape, input: node, view });
}

/** A fresh buffer holding `node` cast to `d` (never memory a write could touch). */
function freshBuffer(node: Node, d: DType): BufferNode {
  const copy = lazy({ kind: "map", id: newNodeId(), op: "cast", dtype: d.id, shape: node.shape, inputs: [node] }, d);
  const b = copy.evalSync()._buffer();
  if (d.kind === "U") {
    const s = b.storage.data as string[];
    for (let i = 0; i < s.length; i++) if (s[i].length > d.strlen) s[i] = s[i].slice(0, d.strlen);
  }
  return b;
}

// ---- offsets ------------------------------------------------------------------------------

/** The offset of every position of `shape` (C order) under `strides`, from `base`. */
function offsetsOf(shape: readonly number[], strides: readonly number[], base: number): Int32Array {
  const n = sizeOf(shape), nd = shape.length, out = new Int32Array(n);
  if (nd === 1) { for (let j = 0, p = base; j < n; j++, p += strides[0]) out[j] = p; return out; }
  const idx = new Array<number>(nd).fill(0);
  let p = base;
  for (let j = 0; j < n; j++) {
    out[j] = p;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++; p += strides[d];
      if (idx[d] < shape[d]) break;
      p -= strides[d] * shape[d]; idx[d] = 0;
    }
  }
  return out;
}

/** The memory offset of each selected position in layout `l` of a plan's view. */
function selectedOffsets(adv: readonly AdvIndex[], n: number, l: Layout): Int32Array {
  const out = new Int32Array(n);
  if (adv.length === 1) {
    const s = l.strides[adv[0].axis], v = adv[0].values, o = l.offset;
    for (let j = 0; j < n; j++) out[j] = o + v[j] * s;
    return out;
  }
  out.fill(l.offset);
  for (const x of adv) {
    const s = l.strides[x.axis], v = x.values;
    if (s !== 0) for (let j = 0; j < n; j++) out[j] += v[j] * s;
  }
  return out;
}

/** D[dOff[j]] = S[sOff[j]] (its own function: one element type per call site keeps V8's loads fast). */
function copyElements(S: unknown[], sOff: Int32Array, D: unknown[], dOff: Int32Array): void {
  for (let j = 0; j < sOff.length; j++) D[dOff[j]] = S[sOff[j]];
}

/** Copies, for each j, a block of `shape` from src (offset sOff[j], strides sSt) to dst (dOff[j], dSt). */
function copyBlocks(shape: readonly number[], src: Elements, sOff: Int32Array, sSt: readonly number[], dst: Elements, dOff: Int32Array, dSt: readonly number[], lanes: number): void {
  const n = sOff.length;
  if (shape.length === 0) {
    const S = src as unknown as unknown[], D = dst as unknown as unknown[];
    if (lanes === 1) copyElements(S, sOff, D, dOff);
    else for (let j = 0; j < n; j++) { D[2 * dOff[j]] = S[2 * sOff[j]]; D[2 * dOff[j] + 1] = S[2 * sOff[j] + 1]; }
    return;
  }
  if (sizeOf(shape) === 0) return;
  for (let j = 0; j < n; j++) copyStrided(shape, src, sOff[j], sSt, dst, dOff[j], dSt, lanes);
}

// ---- gather -------------------------------------------------------------------------------

/**
 * The opaque node copying what `plan` selects from `a`. The output is C-contiguous in
 * `[broadcast axes, other axes]` order when `natural` is false (NumPy's memory order for
 * an indexing result, which it then transposes into place), else in result order (take).
 */
function gatherNode(a: NDArray, plan: IndexPlan, natural: boolean, name: string): OpaqueNode {
  let input = a._node, view = plan.view;
  // read through a pending view instead of materializing it first
  if (input.kind === "view") { view = composeViews(view, input.view); input = input.input; }
  const rest = restAxes(plan), nb = plan.bshape.length;
  const restShape = rest.map((j) => plan.view.shape[j]);
  const shape = natural ? resultShape(plan) : [...plan.bshape, ...restShape];
  const cs = cStrides(shape);
  const bStrides = natural ? cs.slice(plan.at, plan.at + nb) : cs.slice(0, nb);
  const outRest = natural ? [...cs.slice(0, plan.at), ...cs.slice(plan.at + nb)] : cs.slice(nb);
  const d = a.dtype, lanes = STORAGE[d.id].lanes, nB = sizeOf(plan.bshape);
  const source: Node = { kind: "view", id: newNodeId(), dtype: d.id, shape: plan.view.shape, input, view };
  let snapshot: Node | undefined;
  return {
    kind: "opaque", id: newNodeId(), name, dtype: d.id, shape, inputs: [input],
    // built from the call-time positions when a reduction asks for it
    masked: plan.fullMask ? { source, get mask() { return (snapshot ??= maskSnapshot(plan)); } } : undefined,
    run: ([b], out) => {
      const l = viewLayout(view, b);
      const src = selectedOffsets(plan.adv, nB, l);
      copyBlocks(restShape, b.storage.elementsAs(d.id), src, rest.map((j) => l.strides[j]), out.elementsAs(d.id), offsetsOf(plan.bshape, bStrides, 0), outRest, lanes);
    },
  };
}

/** A full mask as it was when the index was resolved (the user may change the mask array later). */
function maskSnapshot(plan: IndexPlan): Node {
  const shape = plan.view.shape, cs = cStrides(shape), n = sizeOf(plan.bshape);
  const s = allocStorage("bool", sizeOf(shape), true), m = s.data as Uint8Array;
  const flat = new Int32Array(n);
  plan.adv.forEach((x, d) => { for (let j = 0; j < n; j++) flat[j] += x.values[j] * cs[d]; });
  for (let j = 0; j < n; j++) m[flat[j]] = 1;
  return { kind: "buffer", id: newNodeId(), dtype: "bool", storage: s, shape, strides: cs, offset: 0 };
}

/** What `plan` selects from `a`, as a lazy copy laid out as NumPy lays out indexing results. */
export function gather(a: NDArray, plan: IndexPlan): NDArray {
  if (a.dtype.kind === "V") return structuredOps.gather!(a, plan, false);
  const g = lazy(gatherNode(a, plan, false, "gather"), a.dtype);
  if (plan.at === 0) return g;
  const nb = plan.bshape.length, nd = g.ndim;
  // move the broadcast axes into place: a transposed view, as NumPy returns it
  const perm = [...Array(nd).keys()].map((j) => (j < plan.at ? nb + j : j < plan.at + nb ? j - plan.at : j));
  return viewOf(g, { shape: perm.map((p) => g.shape[p]), axis: perm, step: perm.map(() => 1), start: g.shape.map(() => 0) });
}

/** What `plan` selects from `a`, as a fresh C-contiguous lazy array (take, compress...). */
export function gatherC(a: NDArray, plan: IndexPlan, name = "take"): NDArray {
  if (a.dtype.kind === "V") return structuredOps.gather!(a, plan, true);
  return lazy(gatherNode(a, plan, true, name), a.dtype);
}

// ---- scatter ------------------------------------------------------------------------------

/** Writes `value` (broadcast to the indexing result, cast) where `plan` selects in `a`. */
export function scatter(a: NDArray, plan: IndexPlan, value: ArrayLike): void {
  if (!a._writeable) throw new ValueError(msg.readonly());
  const d = a.dtype, R = resultShape(plan);
  const node = valueNode(value, d);
  if (plan.fullMask) {
    const vs = node.shape;
    if (vs.length > 1) throw new TypeError(`NumPy boolean array indexing assignment requires a 0 or 1-dimensional input, input has ${vs.length} dimensions`);
    const n = sizeOf(vs);
    // where(mask, value, a) would also rewrite unmasked elements: not where elements share memory
    if (n === 1 && !mayOverlapItself(a._buffer())) return maskedFill(a, plan.fullMask, node);
    if (n !== 1 && n !== R[0]) throw new ValueError(`NumPy boolean array indexing assignment cannot assign ${n} input values to the ${R[0]} output values where the mask is true`);
  }
  const toR = setValueView(node.shape, R, true);
  // the value first, into memory of its own (it may read what the write changes)
  const vb = freshBuffer(node, d);
  const nb = plan.bshape.length, rest = restAxes(plan);
  const perm = [...Array(R.length).keys()].map((j) => (j < nb ? plan.at + j : j - nb < plan.at ? j - nb : j));
  const toNodeOrder: AxisView = { shape: perm.map((p) => R[p]), axis: perm, step: perm.map(() => 1), start: R.map(() => 0) };
  const vl = viewLayout(toNodeOrder, viewLayout(toR, vb));
  const t = a._buffer();
  beforeWrite(t.storage);
  const l = viewLayout(plan.view, t), nB = sizeOf(plan.bshape);
  copyBlocks(rest.map((j) => plan.view.shape[j]), vb.storage.elementsAs(d.id), offsetsOf(plan.bshape, vl.strides.slice(0, nb), vl.offset), vl.strides.slice(nb),
    t.storage.elementsAs(d.id), selectedOffsets(plan.adv, nB, l), rest.map((j) => l.strides[j]), STORAGE[d.id].lanes);
}

/** `a = where(mask, value, a)` in place: one fused elementwise write (value of size 1). */
function maskedFill(a: NDArray, mask: NDArray, value: Node): void {
  const t = a._buffer();
  const v: Node = value.shape.length === 0 ? value : { kind: "view", id: newNodeId(), dtype: value.dtype, shape: [], input: value, view: { shape: [], axis: [], step: [], start: [0] } };
  const cast: Node = v.dtype === a.dtype.id ? v : { kind: "map", id: newNodeId(), op: "cast", dtype: a.dtype.id, shape: [], inputs: [v] };
  assignNode(a, { kind: "map", id: newNodeId(), op: "where", dtype: a.dtype.id, shape: a.shape, inputs: [mask._node, cast, t] });
}

/** The plan selecting flat (C order) positions `flat` of an array of `shape`. */
export function flatPlan(shape: readonly number[], flat: Int32Array): IndexPlan {
  const nd = shape.length, coords = Array.from({ length: nd }, () => new Int32Array(flat.length));
  for (let j = 0; j < flat.length; j++) {
    let r = flat[j];
    for (let d = nd - 1; d >= 0; d--) { coords[d][j] = r % shape[d]; r = Math.floor(r / shape[d]); }
  }
  return {
    view: { shape, axis: shape.map((_, i) => i), step: shape.map(() => 1), start: shape.map(() => 0) },
    adv: coords.map((values, axis) => ({ axis, values })), bshape: [flat.length], at: 0, fullMask: null,
  };
}
