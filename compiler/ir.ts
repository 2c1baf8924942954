// The graph IR: what the API builds and the compiler consumes.
//
// A Node is an array-valued expression with a static shape and dtype. Leaves are
// materialized buffers and scalar constants; `map` nodes apply one elementwise op to
// inputs broadcast to its shape; `view` and `reshape` nodes re-index their input without
// computing; `reduce` and `opaque` nodes are kernel-group boundaries.

import type { DTypeId } from "../runtime/dtypes.js";
import type { Storage } from "../runtime/buffer.js";

export type Complex = { re: number; im: number };
export type Scalar = number | bigint | boolean | string | Complex;

let nextNodeId = 1;
export const newNodeId = () => nextNodeId++;

interface NodeBase {
  readonly id: number;
  readonly dtype: DTypeId;
  readonly shape: readonly number[];
  /** Set once the node has been evaluated: later graphs read this buffer instead. */
  materialized?: BufferNode;
  /** What explain() should show about this node (an einsum's contraction path, say). */
  note?: string;
}

/** A strided window on a storage. Strides and offset count elements, not bytes. */
export interface Layout {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

export interface BufferNode extends NodeBase, Layout {
  readonly kind: "buffer";
  readonly storage: Storage;
}
export interface ConstNode extends NodeBase {
  readonly kind: "const";
  readonly value: Scalar;
}
export interface MapNode extends NodeBase {
  readonly kind: "map";
  readonly op: string;
  readonly inputs: readonly Node[];
  /** Memory order of the result ("C" or "F": always; default: NumPy's K order when it is an output). */
  readonly order?: "C" | "F";
}
export interface ViewNode extends NodeBase {
  readonly kind: "view";
  readonly input: Node;
  readonly view: AxisView;
}
export interface ReshapeNode extends NodeBase {
  readonly kind: "reshape";
  readonly input: Node;
}
/** A reduction over `axes` (sorted, non-negative); the output keeps no reduced axes. */
export interface ReduceNode extends NodeBase {
  readonly kind: "reduce";
  readonly op: string;
  readonly input: Node;
  readonly axes: readonly number[];
  readonly ddof: number;
}
/** A hand-written kernel over materialized inputs, writing a fresh C-contiguous output. */
export interface OpaqueNode extends NodeBase {
  readonly kind: "opaque";
  readonly name: string;
  readonly inputs: readonly Node[];
  readonly run: (inputs: readonly BufferNode[], out: Storage) => void;
  /** This is `source`'s elements where `mask` (of source's shape) holds: a reduction may reduce `where(mask, source, identity)`. */
  readonly masked?: { readonly source: Node; readonly mask: Node };
  /**
   * Work in `units` independent units that the runtime function `BLOCKS[fn]` computes
   * (runtime/blocks.ts): the node runs as a kernel step whose units go to the pool.
   * `cost` is the work of one unit in elementwise-kernel element units.
   */
  readonly blocks?: { readonly fn: string; readonly units: number; readonly params: unknown; readonly cost: number };
}

export type Node = BufferNode | ConstNode | MapNode | ViewNode | ReshapeNode | ReduceNode | OpaqueNode;

// ---- views ------------------------------------------------------------------------

/**
 * An index map from an output multi-index to an input multi-index: output axis j moves
 * input axis `axis[j]` by `step[j]` (axis -1: moves nothing, a new or broadcast axis);
 * input axis k starts at `start[k]`. Transpose, slicing, integer indexing, newaxis,
 * squeeze and broadcasting are all AxisViews, and AxisViews compose.
 */
export interface AxisView {
  readonly shape: readonly number[];
  readonly axis: readonly number[];
  readonly step: readonly number[];
  readonly start: readonly number[];
}

export function identityView(shape: readonly number[]): AxisView {
  return { shape, axis: shape.map((_, i) => i), step: shape.map(() => 1), start: shape.map(() => 0) };
}

/** The view that broadcasts an array of shape `from` to shape `to` (shapes already checked). */
export function broadcastView(from: readonly number[], to: readonly number[]): AxisView {
  const lead = to.length - from.length;
  return {
    shape: to,
    axis: to.map((n, j) => (j >= lead && from[j - lead] === n ? j - lead : -1)),
    step: to.map(() => 1),
    start: from.map(() => 0),
  };
}

/** `outer ∘ inner`: first index with outer (over inner's output), then with inner. */
export function composeViews(outer: AxisView, inner: AxisView): AxisView {
  const axis: number[] = [], step: number[] = [];
  const start = [...inner.start];
  for (let m = 0; m < inner.shape.length; m++) {
    const k = inner.axis[m];
    if (k >= 0) start[k] += outer.start[m] * inner.step[m];
  }
  for (let j = 0; j < outer.shape.length; j++) {
    const m = outer.axis[j];
    if (m < 0 || inner.axis[m] < 0) { axis.push(-1); step.push(0); }
    else { axis.push(inner.axis[m]); step.push(outer.step[j] * inner.step[m]); }
  }
  return { shape: outer.shape, axis, step, start };
}

export function isIdentityView(v: AxisView, inShape: readonly number[]): boolean {
  if (v.shape.length !== inShape.length) return false;
  for (let j = 0; j < v.shape.length; j++) {
    if (v.shape[j] !== inShape[j] || v.start[j] !== 0) return false;
    if (v.shape[j] > 1 && (v.axis[j] !== j || v.step[j] !== 1)) return false;
  }
  return true;
}

/** Applies a view to a strided layout. */
export function viewLayout(v: AxisView, l: Layout): Layout {
  let offset = l.offset;
  for (let k = 0; k < l.strides.length; k++) offset += v.start[k] * l.strides[k];
  const strides = v.shape.map((n, j) => (v.axis[j] < 0 || n === 1 ? 0 : v.step[j] * l.strides[v.axis[j]]));
  return { shape: v.shape, strides, offset };
}

export function cStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= Math.max(shape[i], 1); }
  return s;
}

export function fStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = 0; i < shape.length; i++) { s[i] = acc; acc *= Math.max(shape[i], 1); }
  return s;
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Strides for `newShape` over the same elements as `l`, if the reshape can be a view
 * (C order); null when it needs a copy. The algorithm of NumPy's _attempt_nocopy_reshape.
 */
export function reshapeLayout(l: Layout, newShape: readonly number[]): Layout | null {
  const size = sizeOf(newShape);
  if (size === 0 || size === 1) return { shape: newShape, strides: cStrides(newShape), offset: l.offset };
  // drop size-1 axes of the old layout: they carry no stride information
  const os: number[] = [], ot: number[] = [];
  l.shape.forEach((n, i) => { if (n !== 1) { os.push(n); ot.push(l.strides[i]); } });
  const ns = newShape, nt = new Array<number>(ns.length).fill(0);
  let oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < ns.length && oi < os.length) {
    let np_ = ns[ni], op = os[oi];
    while (np_ !== op) {
      if (np_ < op) np_ *= ns[nj++];
      else op *= os[oj++];
    }
    for (let ok = oi; ok < oj - 1; ok++) if (ot[ok] !== os[ok + 1] * ot[ok + 1]) return null;
    nt[nj - 1] = ot[oj - 1];
    for (let nk = nj - 1; nk > ni; nk--) nt[nk - 1] = nt[nk] * ns[nk];
    ni = nj++; oi = oj++;
  }
  // trailing size-1 axes of the new shape
  const last = ni > 0 ? nt[ni - 1] : 1;
  for (let k = ni; k < ns.length; k++) nt[k] = last;
  return { shape: newShape, strides: nt, offset: l.offset };
}

export function isCContiguous(l: Layout): boolean {
  let acc = 1;
  for (let i = l.shape.length - 1; i >= 0; i--) {
    const n = l.shape[i];
    if (n === 0) return true;
    if (n !== 1 && l.strides[i] !== acc) return false;
    acc *= n;
  }
  return true;
}

export function isFContiguous(l: Layout): boolean {
  let acc = 1;
  for (let i = 0; i < l.shape.length; i++) {
    const n = l.shape[i];
    if (n === 0) return true;
    if (n !== 1 && l.strides[i] !== acc) return false;
    acc *= n;
  }
  return true;
}
