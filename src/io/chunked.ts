// Out-of-core evaluation: arrays whose elements stay in a file (memmaps over the budget)
// are read and written chunk by chunk. An elementwise expression writing into one is cut
// along the target's outermost axis in memory; each chunk re-slices the expression's graph
// down to its file leaves, reads just the spans those leaves need into reused scratch
// buffers, runs the ordinary fused kernel (equal chunks: one compiled kernel, the worker
// pool as usual) and writes the target's span back. Memory stays at a few chunks.

import { STORAGE, type DTypeId, type TypedArray } from "../../runtime/dtypes.js";
import { allocStorage, type Storage } from "../../runtime/buffer.js";
import { execute } from "../../runtime/execute.js";
import { MemoryError } from "../../runtime/errors.js";
import {
  broadcastView, composeViews, newNodeId, viewLayout, sizeOf,
  type AxisView, type BufferNode, type Layout, type Node,
} from "../../compiler/ir.js";
import { schedule } from "../../compiler/schedule.js";

type SyncFs = typeof import("node:fs");

/** Where a file-backed storage's elements are: element 0 at byte `byteOffset` of the open file `fd`. */
export interface FileRegion {
  readonly fs: SyncFs;
  readonly fd: number;
  readonly byteOffset: number;
  /** Why an operation that needs every element in memory cannot run (a MemoryError's message). */
  readonly tooBig: (what: string) => MemoryError;
}

/** Storages whose elements are in a file, and where. */
export const fileRegions = new WeakMap<Storage, FileRegion>();

/** Memory the out-of-core machinery may hold: a memmap larger than this stays in its file. */
export const memmapConfig = { budget: 256 * 2 ** 20 };

/** Bytes of one chunk of one operand: big enough that a kernel reaches the pool, small enough to stay in cache (1-4 MiB measured best on a*b + 2*a). */
const chunkBytes = (): number => Math.max(64, Math.min(2 * 2 ** 20, Math.floor(memmapConfig.budget / 8)));
/** Scratch memory one evaluation may hold: the budget (a tiny budget still gets a few minimal chunks). */
const scratchLimit = (): number => Math.max(memmapConfig.budget, 16 * 64);

/** Elements [lo, hi) that a layout touches (hi = lo when it is empty). */
export function spanOf(l: Layout): [number, number] {
  let lo = l.offset, hi = l.offset;
  for (let d = 0; d < l.shape.length; d++) {
    if (l.shape[d] === 0) return [l.offset, l.offset];
    const e = l.strides[d] * (l.shape[d] - 1);
    if (e < 0) lo += e; else hi += e;
  }
  return [lo, hi + 1];
}

/** Bytes per element of a dtype's storage (both lanes of a complex). */
const itemsizeOf = (d: DTypeId): number => STORAGE[d].lanes * STORAGE[d].ctor!.BYTES_PER_ELEMENT;

/** Bytes of `s`'s elements [0, n), elements of dtype `d`. */
function bytesOf(s: Storage, n: number, d: DTypeId): Uint8Array {
  const t = s.data as TypedArray;
  return new Uint8Array(t.buffer, t.byteOffset, n * itemsizeOf(d));
}

/** Reads elements [lo, hi) (of dtype `d`) of a file region into the start of `s` (past the file's end: zeros). */
export function readSpan(r: FileRegion, d: DTypeId, s: Storage, lo: number, hi: number): void {
  const buf = bytesOf(s, hi - lo, d), pos = r.byteOffset + lo * itemsizeOf(d);
  let done = 0;
  while (done < buf.length) {
    const n = r.fs.readSync(r.fd, buf, done, Math.min(buf.length - done, 1 << 30), pos + done);
    if (n === 0) { buf.fill(0, done); break; }
    done += n;
  }
}

/** Writes the start of `s` to elements [lo, hi) (of dtype `d`) of a file region. */
export function writeSpan(r: FileRegion, d: DTypeId, s: Storage, lo: number, hi: number): void {
  const buf = bytesOf(s, hi - lo, d), pos = r.byteOffset + lo * itemsizeOf(d);
  let done = 0;
  while (done < buf.length) done += r.fs.writeSync(r.fd, buf, done, Math.min(buf.length - done, 1 << 30), pos + done);
}

/** Scratch storages reused chunk after chunk, one per slot (an operand's place in the graph). */
class Scratch {
  private slots: Storage[] = [];
  bytes = 0;
  take(slot: number, d: DTypeId, length: number): Storage {
    const have = this.slots[slot];
    if (have && have.dtype === d && have.length >= length) return have;
    const fresh = allocStorage(d, Math.max(length, 1));
    this.bytes += fresh.length * itemsizeOf(d) - (have ? have.length * itemsizeOf(have.dtype) : 0);
    this.slots[slot] = fresh;
    return fresh;
  }
}

/** The view of `shape` with the axes `fixed` at one index each and axis `ax` cut to [r0, r1). */
function chunkView(shape: readonly number[], fixed: ReadonlyMap<number, number>, ax: number, r0: number, r1: number): AxisView {
  return {
    shape: shape.map((n, d) => (d === ax ? r1 - r0 : fixed.has(d) ? 1 : n)),
    axis: shape.map((_, d) => d),
    step: shape.map(() => 1),
    start: shape.map((_, d) => (d === ax ? r0 : fixed.get(d) ?? 0)),
  };
}

/**
 * The chunks of a layout, about `chunkBytes` each: cut along its outermost axis in memory; when
 * one index of that axis is already too much (a short, wide array), each of its indices in turn
 * and the chunks cut along the next axis inward, and so on.
 */
function* chunksOf(l: Layout, itemsize: number): Generator<AxisView> {
  const order = l.shape.map((_, d) => d).filter((d) => l.shape[d] > 1).sort((x, y) => Math.abs(l.strides[y]) - Math.abs(l.strides[x]));
  if (order.length === 0 || sizeOf(l.shape) === 0) { yield chunkView(l.shape, new Map(), 0, 0, l.shape[0] ?? 1); return; }
  let k = 0, inner = sizeOf(l.shape) / l.shape[order[0]];
  while (inner * itemsize > chunkBytes() && k < order.length - 1) inner /= l.shape[order[++k]];
  const ax = order[k], rows = Math.max(1, Math.floor(chunkBytes() / (inner * itemsize)));
  const outer = order.slice(0, k), idx = outer.map(() => 0);
  for (;;) {
    const fixed = new Map(outer.map((d, j) => [d, idx[j]]));
    for (let r0 = 0; r0 < l.shape[ax]; r0 += rows) yield chunkView(l.shape, fixed, ax, r0, Math.min(l.shape[ax], r0 + rows));
    let j = outer.length - 1;
    while (j >= 0 && ++idx[j] === l.shape[outer[j]]) idx[j--] = 0;
    if (j < 0) return;
  }
}

const viewNode = (n: Node, v: AxisView): Node => ({ kind: "view", id: newNodeId(), dtype: n.dtype, shape: v.shape, input: n, view: v });

/** Whether a graph reads a file-backed storage. */
function readsFile(node: Node, memo: Map<Node, boolean>): boolean {
  const n = node.materialized ?? node;
  let r = memo.get(n);
  if (r !== undefined) return r;
  switch (n.kind) {
    case "buffer": r = fileRegions.has(n.storage); break;
    case "const": r = false; break;
    case "map": case "opaque": r = n.inputs.some((i) => readsFile(i, memo)); break;
    default: r = readsFile(n.input, memo);
  }
  memo.set(n, r);
  return r;
}

/** One chunk's pass: rewrites a graph to compute the part of it `view` selects, reading its file leaves' spans. */
class ChunkPass {
  private slot = 0;
  private leaves = new Map<string, Node>();
  constructor(private readonly scratch: Scratch, private readonly files: Map<Node, boolean>, private readonly target: { storage: Storage; layout: Layout } | null = null) {}

  /** `node` seen through `v` (which maps the chunk's indices into node's). */
  slice(node: Node, v: AxisView): Node {
    const n = node.materialized ?? node;
    if (!readsFile(n, this.files)) return viewNode(n, v);
    switch (n.kind) {
      case "buffer": return this.leaf(n, v);
      case "view": return this.slice(n.input, composeViews(v, n.view));
      case "map": {
        const inputs = n.inputs.map((i) => this.slice(i, composeViews(v, broadcastView(i.shape, n.shape))));
        return { kind: "map", id: newNodeId(), op: n.op, dtype: n.dtype, shape: v.shape, inputs };
      }
      default: {
        const what = n.kind === "opaque" ? `'${n.name}'` : n.kind === "reduce" ? "a reduction" : "a reshape";
        throw fileRegions.get(this.anyFile(n)!)!.tooBig(`${what} inside an expression over it needs it whole`);
      }
    }
  }

  private anyFile(n: Node): Storage | null {
    const m = n.materialized ?? n;
    if (m.kind === "buffer") return fileRegions.has(m.storage) ? m.storage : null;
    if (m.kind === "const") return null;
    for (const i of m.kind === "map" || m.kind === "opaque" ? m.inputs : [m.input]) { const s = this.anyFile(i); if (s) return s; }
    return null;
  }

  /** The elements of a file-backed buffer that the chunk reads, in scratch memory. */
  leaf(b: BufferNode, v: AxisView): BufferNode {
    const l = viewLayout(v, b);
    const key = `${b.storage.id}:${b.dtype}:${l.offset}:${l.shape}:${l.strides}`;
    const seen = this.leaves.get(key);
    if (seen) return seen as BufferNode;
    const r = fileRegions.get(b.storage)!;
    const t = this.target;
    // reading the file being written elsewhere than the element being written: chunk order would change the answer
    if (t && b.storage === t.storage && (l.offset !== t.layout.offset || String(l.shape) !== String(t.layout.shape) || String(l.strides) !== String(t.layout.strides)))
      throw r.tooBig("an expression writing it reads it at other elements (NumPy copies such an operand whole first)");
    const [lo, hi] = spanOf(l);
    const s = this.scratch.take(this.slot++, b.dtype, hi - lo);
    if (this.scratch.bytes > scratchLimit()) throw r.tooBig("a chunk of this expression spans more of the file than the budget (a strided or transposed operand?)");
    readSpan(r, b.dtype, s, lo, hi);
    const node: BufferNode = { kind: "buffer", id: newNodeId(), dtype: b.dtype, storage: s, shape: l.shape, strides: l.strides, offset: l.offset - lo };
    this.leaves.set(key, node);
    return node;
  }
}

/** Whether a layout writes every element of its span (then the span need not be read first). */
function coversSpan(l: Layout): boolean {
  const [lo, hi] = spanOf(l);
  const dims = l.shape.map((n, d) => [n, Math.abs(l.strides[d])]).filter(([n]) => n > 1).sort((x, y) => x[1] - y[1]);
  let acc = 1;
  for (const [n, s] of dims) { if (s !== acc) return false; acc *= n; }
  return acc === hi - lo;
}

/**
 * Computes `value` (of `target`'s shape) into `target`, a layout over file-backed
 * storage, chunk by chunk. Synchronous: the file is read and written with fs's *Sync calls.
 */
export function writeChunked(target: BufferNode, value: Node): void {
  const r = fileRegions.get(target.storage)!;
  const scratch = new Scratch(), files = new Map<Node, boolean>();
  for (const v of chunksOf(target, itemsizeOf(target.dtype))) {
    const out = viewLayout(v, target);
    const pass = new ChunkPass(scratch, files, { storage: target.storage, layout: out });
    const chunk = pass.slice(value, v);
    const [lo, hi] = spanOf(out);
    const s = scratch.take(1 << 20, target.dtype, hi - lo); // the output's slot, apart from the inputs'
    if (scratch.bytes > scratchLimit()) throw r.tooBig("a chunk of the output spans more of the file than the budget");
    if (!coversSpan(out)) readSpan(r, target.dtype, s, lo, hi);
    const outNode: BufferNode = { kind: "buffer", id: newNodeId(), dtype: target.dtype, storage: s, shape: out.shape, strides: out.strides, offset: out.offset - lo };
    execute(schedule([{ node: chunk, out: outNode }]).plan);
    writeSpan(r, target.dtype, s, lo, hi);
  }
}

/**
 * Calls `f` with each chunk of `b` (a layout over file-backed storage) read into memory,
 * in order; `f` must be done with a chunk when it returns (its memory is reused).
 */
export function forEachChunk(b: BufferNode, f: (chunk: BufferNode) => void): void {
  const r = fileRegions.get(b.storage)!;
  const scratch = new Scratch(), files = new Map<Node, boolean>();
  for (const v of chunksOf(b, itemsizeOf(b.dtype))) f(new ChunkPass(scratch, files).leaf(b, v));
}
