// NDArray: a lazy array. It holds a graph node; reading its data evaluates the node
// (and everything it depends on) into a buffer, after which the array is a strided view
// of that buffer. Views of pending arrays stay pending until their base is evaluated.

import { STORAGE, type DTypeId, type Elements, type TypedArray } from "../runtime/dtypes.js";
import { exposeStorage, type Storage } from "../runtime/buffer.js";
import { execute, executeAsync } from "../runtime/execute.js";
import { interpret } from "../runtime/interpret.js";
import {
  composeViews, isCContiguous, isFContiguous, newNodeId, reshapeLayout, sizeOf, viewLayout,
  type AxisView, type BufferNode, type Layout, type Node,
} from "../compiler/ir.js";
import { schedule, type Placed, type Request } from "../compiler/schedule.js";
import { canGenerate } from "../compiler/codegen.js";
import { DType } from "./dtype.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import type { DTypeLike } from "./dtype.js";
import type { Scalar } from "../compiler/ir.js";
import type { ArrayLike } from "./ufunc.js";
import type { Index, IndexPlan } from "./indexing.js";
import type { Printable } from "./print.js";
import type { ReduceArg } from "./reductions.js";
import type { ScanOptions } from "./scans.js";
import type { SortOptions, PartitionOptions } from "./sort/sort.js";

/** How a pending view derives from its parent. */
type ViewSpec = { kind: "view"; view: AxisView } | { kind: "reshape"; shape: readonly number[] }
  /** the real (0) or imaginary (1) part of complex elements */
  | { kind: "part"; which: 0 | 1 };

export interface Flags { cContiguous: boolean; fContiguous: boolean; owndata: boolean; writeable: boolean }

export const config = {
  /** Generate kernels (false: the reference interpreter evaluates everything). */
  compile: true,
};

/** The array methods (defined in methods.ts; declared here so the types ship with the class). */
export interface NDArray {
  add(other: ArrayLike): NDArray; sub(other: ArrayLike): NDArray; mul(other: ArrayLike): NDArray;
  div(other: ArrayLike): NDArray; floordiv(other: ArrayLike): NDArray; mod(other: ArrayLike): NDArray;
  pow(other: ArrayLike): NDArray; and(other: ArrayLike): NDArray; or(other: ArrayLike): NDArray;
  xor(other: ArrayLike): NDArray; lshift(other: ArrayLike): NDArray; rshift(other: ArrayLike): NDArray;
  eq(other: ArrayLike): NDArray; ne(other: ArrayLike): NDArray; lt(other: ArrayLike): NDArray;
  le(other: ArrayLike): NDArray; gt(other: ArrayLike): NDArray; ge(other: ArrayLike): NDArray;
  neg(): NDArray; pos(): NDArray; abs(): NDArray; invert(): NDArray;
  iadd(other: ArrayLike): NDArray; isub(other: ArrayLike): NDArray; imul(other: ArrayLike): NDArray;
  idiv(other: ArrayLike): NDArray; ifloordiv(other: ArrayLike): NDArray; imod(other: ArrayLike): NDArray;
  ipow(other: ArrayLike): NDArray; iand(other: ArrayLike): NDArray; ior(other: ArrayLike): NDArray;
  ixor(other: ArrayLike): NDArray; ilshift(other: ArrayLike): NDArray; irshift(other: ArrayLike): NDArray;
  /** Basic or advanced indexing: `a.get("1:, ::-1")`, `a.get([0, np.newaxis])`, `a.get(mask)`. */
  get(...index: Index[]): NDArray;
  /** Writes `value` at `index` in place (broadcast, cast). */
  set(index: Index, value: ArrayLike): NDArray;
  /** A view of one field of a structured array (NumPy's `a['age']`): `a.field("age").iadd(1)`; several: `a.field(["age", "name"])`. */
  field(name: string | readonly string[]): NDArray;
  /** Fills in place with a scalar (a structured array: a record). */
  fill(value: Scalar | readonly unknown[]): NDArray;
  astype(dtype: DTypeLike, opts?: { copy?: boolean }): NDArray;
  /** A copy in memory order C (default), F, A (F if this is F-contiguous) or K (as laid out). */
  copy(order?: "C" | "F" | "A" | "K" | { order?: "C" | "F" | "A" | "K" }): NDArray;
  view(dtype?: DTypeLike): NDArray;
  reshape(...shape: (number | readonly number[] | { order?: string })[]): NDArray;
  ravel(order?: "C" | "F"): NDArray; flatten(order?: "C" | "F"): NDArray;
  transpose(...axes: (number | readonly number[])[]): NDArray;
  swapaxes(a: number, b: number): NDArray;
  squeeze(axis?: number | readonly number[] | null): NDArray;
  readonly T: NDArray; readonly real: NDArray; readonly imag: NDArray;
  conj(): NDArray; conjugate(): NDArray; round(decimals?: number): NDArray; clip(lo: ArrayLike, hi: ArrayLike): NDArray;
  /** Reductions take NumPy's positional arguments (axis, dtype, out, keepdims, ...) or an options object. */
  sum(...args: ReduceArg[]): NDArray; prod(...args: ReduceArg[]): NDArray;
  mean(...args: ReduceArg[]): NDArray; std(...args: ReduceArg[]): NDArray;
  var(...args: ReduceArg[]): NDArray; min(...args: ReduceArg[]): NDArray;
  max(...args: ReduceArg[]): NDArray; all(...args: ReduceArg[]): NDArray;
  any(...args: ReduceArg[]): NDArray; ptp(...args: ReduceArg[]): NDArray;
  argmax(...args: ReduceArg[]): NDArray; argmin(...args: ReduceArg[]): NDArray;
  /** `a.cumsum(axis?, dtype?, out?)`: as `np.cumsum(a, ...)`. */
  cumsum(axis?: number | null | ScanOptions, dtype?: DTypeLike | null | ScanOptions, out?: NDArray | null): NDArray;
  /** `a.cumprod(axis?, dtype?, out?)`: as `np.cumprod(a, ...)`. */
  cumprod(axis?: number | null | ScanOptions, dtype?: DTypeLike | null | ScanOptions, out?: NDArray | null): NDArray;
  /** `a.diagonal(offset?, axis1?, axis2?)`: as `np.diagonal(a, ...)`, a read-only view. */
  diagonal(...args: unknown[]): NDArray;
  /** `a.matmul(b, { out, dtype })`: Python's `a @ b`, as `np.matmul(a, b, ...)`. */
  matmul(other: ArrayLike, opts?: NDArray | null | { out?: NDArray | null; dtype?: DTypeLike | null }): NDArray;
  /** `a.dot(b, out?)`: as `np.dot(a, b, out)`. */
  dot(other: ArrayLike, out?: NDArray | null | { out?: NDArray | null }): NDArray;
  /** `a.trace(offset?, axis1?, axis2?, dtype?, out?)`: as `np.trace(a, ...)`. */
  trace(...args: (number | DTypeLike | NDArray | null | { offset?: number; axis1?: number; axis2?: number; dtype?: DTypeLike | null; out?: NDArray | null } | undefined)[]): NDArray;
  /** `a.take(indices, axis?, out?, mode?)`: as `np.take(a, ...)`. */
  take(indices: unknown, ...args: unknown[]): NDArray;
  /** `a.put(ind, v, mode?)`: as `np.put(a, ...)`, in place. */
  put(ind: unknown, v: unknown, ...args: unknown[]): void;
  /** `a.nonzero()`: as `np.nonzero(a)`. */
  nonzero(): NDArray[];
  /** `a.compress(condition, axis?)`: as `np.compress(condition, a, ...)`. */
  compress(condition: unknown, ...args: unknown[]): NDArray;
  /** `a.choose(choices, out?, mode?)`: as `np.choose(a, choices, ...)`. */
  choose(choices: unknown, ...args: unknown[]): NDArray;
  /** `a.repeat(repeats, axis?)`: as `np.repeat(a, repeats, axis)`. */
  repeat(repeats: ArrayLike | number[], axis?: number | null | { axis?: number | null }): NDArray;
  /** `a.sort(axis=-1, kind, order)`: sorts a in place, as NumPy. */
  sort(...args: (number | string | SortOptions | undefined)[]): void;
  /** `a.argsort(axis=-1, kind, order)`: as `np.argsort(a, ...)`. */
  argsort(...args: (number | null | string | SortOptions | undefined)[]): NDArray;
  /** `a.partition(kth, axis=-1)`: partitions a in place. */
  partition(kth: number | readonly number[] | NDArray, ...args: (number | string | PartitionOptions | undefined)[]): void;
  /** `a.argpartition(kth, axis=-1)`: as `np.argpartition(a, ...)`. */
  argpartition(kth: number | readonly number[] | NDArray, ...args: (number | null | string | PartitionOptions | undefined)[]): NDArray;
  /** `a.searchsorted(v, side, sorter)`: as `np.searchsorted(a, v, ...)`. */
  searchsorted(v: unknown, ...args: unknown[]): NDArray;
  /** Nested JS arrays of the elements (a scalar for 0-d). */
  tolist(): unknown;
  /** One element as a JS value: `a.item()` (size 1), `a.item(3)` (flat), `a.item(1, 2)`. */
  item(...index: number[]): unknown;
  /** The elements' bytes in memory order C (default), F or A (F when F-contiguous); unicode as UCS-4. */
  tobytes(order?: "C" | "F" | "A" | null | { order?: "C" | "F" | "A" | null }): Uint8Array;
  /** Writes the elements in C order to a file: raw bytes, or text items joined by `sep` (`format` per item). */
  tofile(fid: string | URL, sep?: string | { sep?: string; format?: string }, format?: string): Promise<void>;
  /** NumPy's repr: `array([1, 2, 3], dtype=int32)`. */
  repr(): string;
  /** What evaluation will run: the fused kernels, their loops and source. */
  explain(): string;
  [Symbol.iterator](): Iterator<unknown>;
}

export class NDArray {
  /** @internal the graph node; a buffer node once evaluated */
  private __node: Node;
  /** @internal the graph node; a buffer node once evaluated (adopting a result computed for the node). */
  get _node(): Node {
    const n = this.__node;
    if (n.kind !== "buffer" && n.materialized && !this._viewSpec) return (this.__node = n.materialized);
    return n;
  }
  set _node(n: Node) { this.__node = n; }
  /** @internal the array whose memory this one views (NumPy's `base`), or the pending parent */
  _base: NDArray | null;
  /** @internal how this pending view derives from `_base` */
  _viewSpec: ViewSpec | null;
  /** @internal */
  _writeable = true;
  /** The array's dtype. */
  readonly dtype: DType;
  /** The array's shape. */
  readonly shape: readonly number[];

  /** @internal use the creation functions (`np.array`, `np.zeros`, ...). */
  constructor(node: Node, dtype: DType, base: NDArray | null = null, viewSpec: ViewSpec | null = null) {
    this.__node = node;
    this.dtype = dtype;
    this.shape = Object.freeze([...node.shape]);
    this._base = base;
    this._viewSpec = viewSpec;
    if (node.kind !== "buffer") registerReader(this, node);
  }

  /** Number of dimensions. */
  get ndim(): number { return this.shape.length; }
  /** Number of elements. */
  get size(): number { return sizeOf(this.shape); }
  /** Bytes per element. */
  get itemsize(): number { return this.dtype.itemsize; }
  /** Bytes of all elements. */
  get nbytes(): number { return this.size * this.dtype.itemsize; }
  /** True while the array's value has not been computed. */
  get isPending(): boolean { return this._node.kind !== "buffer"; }

  /** @internal the evaluated buffer node */
  _buffer(): BufferNode {
    if (this._node.kind !== "buffer") evaluate([this]);
    return this._node as BufferNode;
  }

  /** Strides in bytes (evaluates). */
  get strides(): number[] {
    const b = this._buffer();
    return b.strides.map((s) => s * this.itemsize);
  }
  /** Memory layout flags (evaluates). */
  get flags(): Flags {
    const b = this._buffer();
    return { cContiguous: isCContiguous(b), fContiguous: isFContiguous(b), owndata: this._base === null, writeable: this._writeable };
  }
  /** The array this one is a view of, else null. */
  get base(): NDArray | null {
    if (this._base && this._viewSpec) this._buffer();
    return this._base;
  }
  /** The typed array over this array's elements (shared memory; evaluates). */
  get data(): Elements {
    const b = this._buffer();
    exposeStorage(b.storage);
    const all = b.storage.elementsAs(this.dtype.id);
    const lanes = STORAGE[this.dtype.id].lanes;
    if (isCContiguous(b) && !Array.isArray(all)) return (all as TypedArray).subarray(b.offset * lanes, (b.offset + this.size) * lanes);
    return all;
  }

  /** Computes the array now, synchronously. `x.evalSync()` returns `x`. */
  evalSync(): this {
    evaluate([this]);
    return this;
  }
  /** Computes the array; resolves to it. */
  async eval(): Promise<this> {
    await evaluateAsync([this]);
    return this;
  }
}

/**
 * Yields one macrotask: garbage arrays' buffers return to the pool only when
 * FinalizationRegistry callbacks get a turn of the event loop.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

// ---- write ordering -----------------------------------------------------------------------
//
// A pending array must be evaluated before anything it reads is overwritten. Creating
// one flags the storages it reads (and the nodes of other pending arrays it reads, which
// may later be evaluated into storage of their own and then written), and lists its
// node among the pending nodes. A write to a flagged storage evaluates the listed nodes
// that read it; their arrays adopt the result when next used. The list holds nodes, not
// arrays: a FinalizationRegistry drops an entry when its array is garbage (a WeakRef per
// array costs ~1 µs and keeps its target alive until the end of the job).

interface Reads { storages: readonly Storage[]; owned: readonly Node[] }
const NO_READS: Reads = { storages: [], owned: [] };
const readsCache = new WeakMap<Node, Reads>();
/** Nodes that are some array's node: the ones a user can evaluate and then write. */
const ownedNodes = new WeakSet<Node>();
/** Owned nodes that some pending array reads: their storage is flagged when they settle. */
const readNodes = new WeakSet<Node>();
/** Pending arrays' nodes; an entry leaves when evaluated or when its array is garbage. */
const pendingNodes = new Set<Node>();
/**
 * The finalizer holds a small cell, not the node: a registry keeps its held values until
 * the callback runs (when the event loop turns), and an evaluated node reaches its
 * result's buffer. Evaluation empties the cell, so a synchronous loop retains no results.
 */
interface Cell { node: Node | null }
const cells = new WeakMap<Node, Cell>();
const pendingFinalizer = new FinalizationRegistry<Cell>((cell) => { if (cell.node) pendingNodes.delete(cell.node); });

/** Flags what `node` reads: storages reached through plain nodes, and other arrays' nodes. */
function flagReads(node: Node, root: boolean): void {
  const n = node.materialized ?? node;
  if (n.kind === "buffer") { n.storage.mayHaveReaders = true; return; }
  if (!root && ownedNodes.has(n)) {
    readNodes.add(n);
    // a pending view never settles into memory of its own: it reads its base's, which may be evaluated already
    if (n.kind !== "view" && n.kind !== "reshape") return;
  }
  switch (n.kind) {
    case "map": case "opaque": for (const i of n.inputs) flagReads(i, false); break;
    case "view": case "reshape": case "reduce": flagReads(n.input, false); break;
  }
}

function registerReader(a: NDArray, node: Node): void {
  flagReads(node, true);
  ownedNodes.add(node);
  if (a._viewSpec) return; // a pending view reads through its base, which is registered
  pendingNodes.add(node);
  tracing.made?.push(node);
  const cell: Cell = { node };
  cells.set(node, cell);
  pendingFinalizer.register(a, cell);
}

/**
 * @internal np.jit collects the pending nodes a trace makes: they read placeholder memory,
 * so a later write must not evaluate them (`forgetPending` takes them off the list).
 */
export const tracing: { made: Node[] | null } = { made: null };

/** @internal drops nodes from the pending list (np.jit, after tracing). */
export function forgetPending(nodes: readonly Node[]): void {
  for (const n of nodes) {
    pendingNodes.delete(n);
    const cell = cells.get(n);
    if (cell) cell.node = null;
  }
}

/** What a node reads (computed only when a write asks). */
function readsOf(node: Node): Reads {
  const n = node.materialized ?? node;
  if (n.kind === "buffer") return { storages: [n.storage], owned: [] };
  let r = readsCache.get(n);
  if (r) return r;
  const inputs = n.kind === "map" || n.kind === "opaque" ? n.inputs : n.kind === "const" ? [] : [n.input];
  const storages = new Set<Storage>(), owned = new Set<Node>();
  for (const i of inputs) {
    const ri = readsOf(i);
    ri.storages.forEach((s) => storages.add(s));
    ri.owned.forEach((o) => owned.add(o));
    if (ownedNodes.has(i) && !i.materialized && i.kind !== "buffer") owned.add(i);
  }
  r = storages.size || owned.size ? { storages: [...storages], owned: [...owned] } : NO_READS;
  readsCache.set(n, r);
  return r;
}

/** Evaluates every pending computation that reads `s`; called before `s` is written. */
export function beforeWrite(s: Storage): void {
  s.version++; // a memmap's flush writes back only storage that changed
  if (!s.mayHaveReaders) return;
  s.mayHaveReaders = false;
  const nodes: Node[] = [];
  for (const node of pendingNodes) {
    const r = readsOf(node);
    if (r.storages.includes(s) || r.owned.some((n) => n.materialized?.storage === s)) nodes.push(node);
  }
  if (nodes.length) evaluateNodes(nodes);
}

// ---- construction helpers --------------------------------------------------------------

/** @internal wraps a storage layout as an array */
export function fromBuffer(storage: Storage, dtype: DType, layout: Layout, base: NDArray | null = null): NDArray {
  const node: BufferNode = { kind: "buffer", id: newNodeId(), dtype: dtype.id, storage, shape: layout.shape, strides: layout.strides, offset: layout.offset };
  return new NDArray(node, dtype, base);
}

/** @internal a new lazy array computing `node` */
export function lazy(node: Node, dtype: DType): NDArray {
  // a structured result needs one array per field: an operation that builds one node cannot make it
  if (dtype.kind === "V") throw new TypeError(`numfuse does not support this operation (${node.kind === "opaque" ? node.name : node.kind === "map" ? node.op : node.kind}) on structured arrays`);
  return new NDArray(node, dtype);
}

/** @internal NumPy's `base` for a view of `a`: the array that owns the memory. */
const ownerOf = (a: NDArray): NDArray => a._base && !a._viewSpec ? a._base : a;

/**
 * @internal structured arrays (src/structured) hold one array per field: views, reshapes,
 * gathers and joins apply to every field. Set when that module loads (it builds on this one).
 */
export const structuredOps: {
  view?: (a: NDArray, view: AxisView) => NDArray;
  reshape?: (a: NDArray, shape: readonly number[]) => NDArray;
  gather?: (a: NDArray, plan: IndexPlan, c: boolean) => NDArray;
  join?: (arrays: readonly NDArray[], axis: number) => NDArray;
  printable?: (a: NDArray) => Printable;
  unique?: (a: NDArray) => { values: NDArray; perm: Int32Array; mask: Uint8Array };
  /** the plain arrays holding a structured array's fields */
  leaves?: (a: NDArray) => NDArray[];
  sort?: (a: NDArray, axis: number | null | undefined, order: string | readonly string[] | null | undefined, mode: "sort" | "argsort" | "inplace") => NDArray | undefined;
} = {};

/** @internal a view of `a` through an AxisView (basic indexing, transpose, broadcast...). */
export function viewOf(a: NDArray, view: AxisView, dtype: DType = a.dtype): NDArray {
  if (a.dtype.kind === "V") return structuredOps.view!(a, view);
  const n = a._node;
  let v: NDArray;
  if (n.kind === "buffer") v = fromBuffer(n.storage, dtype, viewLayout(view, n), ownerOf(a));
  else {
    const node: Node = n.kind === "view"
      ? { kind: "view", id: newNodeId(), dtype: dtype.id, shape: view.shape, input: n.input, view: composeViews(view, n.view) }
      : { kind: "view", id: newNodeId(), dtype: dtype.id, shape: view.shape, input: n, view };
    v = new NDArray(node, dtype, a, { kind: "view", view });
  }
  v._writeable = a._writeable; // a view of read-only memory is read-only, as in NumPy
  return v;
}

/** @internal a reshaped view of `a` when the layout allows, else null (the caller copies). */
export function reshapeOf(a: NDArray, shape: readonly number[]): NDArray | null {
  if (a.dtype.kind === "V") return structuredOps.reshape!(a, shape);
  const n = a._node;
  if (n.kind === "buffer") {
    const l = reshapeLayout(n, shape);
    if (!l) return null;
    const v = fromBuffer(n.storage, a.dtype, l, ownerOf(a));
    v._writeable = a._writeable;
    return v;
  }
  // a pending result will be C-contiguous: reshaping it is a view
  const node: Node = { kind: "reshape", id: newNodeId(), dtype: a.dtype.id, shape, input: n };
  const v = new NDArray(node, a.dtype, a, { kind: "reshape", shape });
  v._writeable = a._writeable;
  return v;
}

// ---- evaluation --------------------------------------------------------------------------

/** Structured arrays stand for the arrays of their fields. */
const withFields = (arrays: readonly NDArray[]): NDArray[] => arrays.flatMap((a) => (a.dtype.kind === "V" ? structuredOps.leaves!(a) : [a]));

/** Evaluates pending arrays in one schedule (views of pending arrays after their bases). */
export function evaluate(arrays: readonly NDArray[]): void {
  const todo = withFields(arrays).filter((a) => a.isPending);
  if (todo.length === 0) return;
  const direct: NDArray[] = [];
  for (const a of todo) {
    if (a._viewSpec && a._base) settleView(a);
    else direct.push(a);
  }
  if (direct.length === 0) return;
  evaluateNodes(direct.map((a) => a._node)); // each array adopts its node's result on next access
}

/**
 * Evaluates arrays with large kernels on the worker pool, leaving the caller free while
 * they run. (A write or read that needs one of them meanwhile evaluates it synchronously;
 * the late asynchronous result is then dropped.)
 */
export async function evaluateAsync(arrays: readonly NDArray[]): Promise<void> {
  await nextTask();
  const todo = withFields(arrays).filter((a) => a.isPending);
  const roots = new Set<NDArray>();
  for (const a of todo) {
    let r = a;
    while (r._viewSpec && r._base && r._base.isPending) r = r._base;
    if (!(r._viewSpec && r._base)) roots.add(r);
  }
  const direct = [...roots];
  if (direct.length && config.compile && canGenerate()) {
    const nodes = direct.map((a) => a._node);
    const s = schedule(nodes.map((node) => ({ node })));
    const temps = await executeAsync(s.plan);
    nodes.forEach((n, i) => settleNode(n, placedBuffer(s.results[i], temps)));
  }
  evaluate(todo); // views of now-evaluated bases, and anything left
}

function placedBuffer(r: Placed, temps: Map<number, Storage>): BufferNode {
  const storage = r.ref.storage ?? temps.get(r.ref.temp)!;
  return { kind: "buffer", id: newNodeId(), dtype: r.dtype, storage, shape: r.layout.shape, strides: r.layout.strides, offset: r.layout.offset };
}

/** Computes nodes into buffers (each node's `materialized`), in one schedule. */
function evaluateNodes(nodes: readonly Node[]): void {
  if (!config.compile || !canGenerate()) {
    nodes.forEach((n) => settleNode(n, interpretInOrder(n)));
    return;
  }
  const s = schedule(nodes.map((node) => ({ node })));
  const temps = execute(s.plan);
  nodes.forEach((n, i) => settleNode(n, placedBuffer(s.results[i], temps)));
}

/** The interpreter writes C order: a map asking for F order is computed transposed, then viewed back. */
function interpretInOrder(n: Node): BufferNode {
  if (n.kind !== "map" || n.order !== "F" || n.shape.length < 2) return interpret(n);
  const rev = (shape: readonly number[]): AxisView => ({ shape: [...shape].reverse(), axis: shape.map((_, i) => shape.length - 1 - i), step: shape.map(() => 1), start: shape.map(() => 0) });
  const t = interpret({ kind: "map", id: newNodeId(), op: "cast", dtype: n.dtype, shape: [...n.shape].reverse(), inputs: [{ kind: "view", id: newNodeId(), dtype: n.dtype, shape: [...n.shape].reverse(), input: { ...n, order: undefined }, view: rev(n.shape) }] });
  return { ...t, ...viewLayout(rev(t.shape), t), id: newNodeId() };
}

function settleNode(old: Node, b: BufferNode): void {
  if (old.kind === "buffer" || old.materialized) return;
  old.materialized = b;
  pendingNodes.delete(old);
  const cell = cells.get(old);
  if (cell) cell.node = null;
  if (readNodes.has(old)) b.storage.mayHaveReaders = true;
}

function settle(a: NDArray, b: BufferNode): void {
  settleNode(a._node, b);
  a._node = b;
}

/** A pending view becomes a real view once its base is evaluated. */
function settleView(a: NDArray): void {
  const parent = a._base!;
  const pb = parent._buffer();
  const spec = a._viewSpec!;
  let layout: Layout | null = spec.kind === "view" ? viewLayout(spec.view, pb)
    : spec.kind === "part" ? { shape: pb.shape, strides: pb.strides.map((s) => 2 * s), offset: 2 * pb.offset + spec.which }
    : reshapeLayout(pb, spec.shape);
  if (!layout) {
    // the base came out in an order the reshape cannot view: NumPy would have copied
    a._base = null;
    a._viewSpec = null;
    const s = schedule([{ node: a._node }]);
    settle(a, placedBuffer(s.results[0], execute(s.plan)));
    return;
  }
  settle(a, { kind: "buffer", id: newNodeId(), dtype: a.dtype.id, storage: pb.storage, ...layout });
  a._base = ownerOf(parent);
  a._viewSpec = null;
}

/** Storages whose elements live elsewhere (a memmap's file): writes into them go through their writer. */
export const storageWriters = new WeakMap<Storage, (target: BufferNode, value: Node) => void>();
/** Storages whose writes someone records (a memmap's dirty span): told each target assignNode writes. */
export const storageWatchers = new WeakMap<Storage, (target: Layout) => void>();

/**
 * Writes `value` (a node broadcast to `target`'s shape) into `target`'s memory, after
 * every pending computation that reads that memory has been evaluated.
 */
export function assignNode(target: NDArray, value: Node): void {
  const t = target._buffer();
  if (!target._writeable) throw new ValueError("assignment destination is read-only");
  beforeWrite(t.storage);
  const write = storageWriters.get(t.storage);
  if (write) return write(t, value);
  storageWatchers.get(t.storage)?.(t);
  if (!config.compile || !canGenerate()) {
    writeInterpreted(t, value);
    return;
  }
  // elements of the target that share memory (asStrided views) must not read the kernel's
  // own writes: the value is computed first, as NumPy copies an operand that overlaps
  if (mayOverlapItself(t)) {
    const copy: Node = { kind: "map", id: newNodeId(), op: "cast", dtype: value.dtype, shape: value.shape, inputs: [value] };
    evaluateNodes([copy]);
    value = copy;
  }
  const req: Request = { node: value, out: t };
  execute(schedule([req]).plan);
}

/** True unless the layout surely maps distinct indices to distinct elements (NumPy's quick check). */
export function mayOverlapItself(l: Layout): boolean {
  if (l.shape.some((n) => n === 0)) return false;
  const dims = l.shape.map((n, i) => [n, Math.abs(l.strides[i])]).filter(([n]) => n > 1).sort((x, y) => x[1] - y[1]);
  let extent = 0;
  for (const [n, s] of dims) {
    if (s <= extent) return true;
    extent += s * (n - 1);
  }
  return false;
}

function writeInterpreted(t: BufferNode, value: Node): void {
  const v = interpret({ kind: "map", id: newNodeId(), op: "cast", dtype: t.dtype, shape: t.shape, inputs: [value] });
  const src = v.storage.elementsAs(t.dtype) as unknown as unknown[], dst = t.storage.elementsAs(t.dtype) as unknown as unknown[];
  const lanes = STORAGE[t.dtype].lanes, n = sizeOf(t.shape), nd = t.shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let j = 0; j < n; j++) {
    let p = t.offset;
    for (let d = 0; d < nd; d++) p += idx[d] * t.strides[d];
    for (let l = 0; l < lanes; l++) dst[p * lanes + l] = src[j * lanes + l];
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < t.shape[d]) break; idx[d] = 0; }
  }
}

/** Reads the element at flat C-order index `j` of an evaluated buffer. */
export function readAt(b: BufferNode, j: number): unknown {
  let p = b.offset;
  for (let d = b.shape.length - 1; d >= 0; d--) {
    const n = b.shape[d];
    p += (j % n) * b.strides[d];
    j = Math.floor(j / n);
  }
  const data = b.storage.elementsAs(b.dtype) as unknown as unknown[];
  switch (b.dtype) {
    case "complex64": case "complex128": return { re: data[2 * p] as number, im: data[2 * p + 1] as number };
    case "bool": return data[p] !== 0;
    default: return data[p];
  }
}


