// np.memmap and np.lib.format.open_memmap: arrays whose elements are a region of a file.
//
// Node has no mmap, so nothing is mapped: a memmap within np.config({ memmapBudget }) is the
// file region read into memory, its writes reach the file on flush(); a larger one stays in
// the file and only the operations that can stream (chunked.ts) run on it, reading and
// writing the file with fs's synchronous calls as they go.

import { Storage, allocStorage } from "../../runtime/buffer.js";
import { MemoryError, TypeError, ValueError, ioMsg, msg } from "../../runtime/errors.js";
import { cStrides, fStrides, newNodeId, sizeOf, type BufferNode } from "../../compiler/ir.js";
import { type DType, type DTypeLike } from "../dtype.js";
import { NDArray, fromBuffer, storageWatchers, storageWriters } from "../ndarray.js";
import { concatenate } from "../join.js";
import type { Index } from "../indexing.js";
import type { ReduceArg } from "../reductions.js";
import { elementFormatOf, headerText, readHeader, wrapHeader, descrOf } from "./npy.js";
import { fileRegions, forEachChunk, memmapConfig, readSpan, spanOf, writeChunked, type FileRegion } from "./chunked.js";
import { isPath, type PathLike } from "./files.js";

export { memmapConfig };

/** NumPy's memmap modes: read-only, read-write, create (overwrite), copy-on-write. */
export type MemmapMode = "r" | "r+" | "w+" | "c";
const MODES: Record<string, MemmapMode> = { r: "r", readonly: "r", "r+": "r+", readwrite: "r+", "w+": "w+", write: "w+", c: "c", copyonwrite: "c" };

export interface MemmapOptions {
  dtype?: DTypeLike;
  mode?: MemmapMode | "readonly" | "readwrite" | "write" | "copyonwrite";
  offset?: number;
  shape?: number | readonly number[] | null;
  order?: "C" | "F";
}

type SyncFs = typeof import("node:fs");
let fsModule: Promise<SyncFs> | null = null;
const nodeFs = (): Promise<SyncFs> =>
  (fsModule ??= import("node:fs").catch(() => { throw new TypeError("np.memmap needs Node's fs"); }));

/** Open files of memmaps that stay in their file, closed when their storage is garbage. */
const closer = new FinalizationRegistry<{ fs: SyncFs; fd: number }>(({ fs, fd }) => { try { fs.closeSync(fd); } catch { /* already closed */ } });

/** NumPy's size wording in allocation errors: "381. MiB", "72.8 TiB", "12 bytes". */
export function sizeText(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let i = Math.floor(Math.max(Math.floor(Math.log2(Math.max(bytes, 1))), 1) / 10), n = bytes / 2 ** (10 * i);
  if (Math.round(n) === 1024) { i++; n /= 1024; }
  if (i === 0) return `${bytes} bytes`;
  const t = n >= 100 ? `${Math.round(n)}.` : String(Number(n.toPrecision(3)));
  return `${t} ${units[i]}`;
}

/** What a memmap knows of its file. */
interface FileInfo { fs: SyncFs; path: string; large: FileRegion | null; /** the file byte of the storage's element 0 */ at: number }

/**
 * An array over a region of a file (`np.memmap`): `filename`, `offset` and `mode` as NumPy's.
 * Slices of it share its memory (and, over the budget, read only their span of the file).
 */
export class Memmap extends NDArray {
  /** The file's absolute path. */
  readonly filename: string;
  /** Where the array starts in the file, in bytes. */
  readonly offset: number;
  /** 'r', 'r+', 'w+' or 'c'. */
  readonly mode: MemmapMode;
  /** @internal */
  readonly _file: FileInfo;
  /** @internal the storage's version when last flushed (a w+ file is already zeros: nothing to write until a write) */
  private _flushed = 0;
  /** @internal elements [lo, hi) that assignNode wrote since the last flush, and how many writes that was */
  private _dirty = { lo: Infinity, hi: -Infinity, writes: 0 };

  /** @internal use `np.memmap` */
  constructor(node: BufferNode, d: DType, filename: string, offset: number, mode: MemmapMode, file: FileInfo) {
    super(node, d);
    this.filename = filename;
    this.offset = offset;
    this.mode = mode;
    this._file = file;
    this._writeable = mode !== "r";
    if ((mode === "r+" || mode === "w+") && !file.large) {
      storageWatchers.set(node.storage, (t) => {
        const [lo, hi] = spanOf(t), d = this._dirty;
        d.lo = Math.min(d.lo, lo); d.hi = Math.max(d.hi, hi); d.writes++;
      });
    }
  }

  /**
   * Writes the array's changes to the file (NumPy's `flush`); resolves when written.
   * In memory ('r+', 'w+'): the span from the first to the last element written since the last
   * flush goes back (Node cannot track dirty pages; after a write it cannot place, or once `data`
   * was handed out, the whole region). Over the budget writes are already in the file; 'r' and
   * 'c' never write.
   * Example: `m.set(0, 1); await m.flush()`.
   */
  async flush(): Promise<void> {
    if (this.mode === "r" || this.mode === "c" || this._file.large) return;
    const b = this._node as BufferNode;
    // every write goes through beforeWrite, which bumps the version; `data` handed out may be written anywhere
    const s = b.storage, d = this._dirty;
    if (s.version === this._flushed && !s.exposed) return;
    // the recorded span holds when assignNode made every write since the last flush; else all of it
    const [lo, hi] = !s.exposed && d.writes === s.version - this._flushed && d.hi > d.lo ? [d.lo, d.hi] : spanOf(b);
    this._flushed = s.version;
    this._dirty = { lo: Infinity, hi: -Infinity, writes: 0 };
    const itemsize = this.dtype.itemsize, t = b.storage.data as Uint8Array;
    const bytes = new Uint8Array(t.buffer, t.byteOffset + lo * itemsize, (hi - lo) * itemsize);
    const fs = this._file.fs, at = this._file.at + lo * itemsize;
    const fh = await fs.promises.open(this._file.path, "r+");
    try {
      let done = 0;
      while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done, at + done)).bytesWritten;
    } finally { await fh.close(); }
  }

  /** Basic indexing as NDArray's; over the budget a slice reads only its span of the file, as a memmap of its own. */
  override get(...index: Index[]): NDArray {
    const v = super.get(...index);
    const r = this._file.large, n = v._node;
    if (!r || n.kind !== "buffer" || n.storage !== (this._node as BufferNode).storage) return v;
    const [lo, hi] = spanOf(n);
    const itemsize = this.dtype.itemsize;
    if ((hi - lo) * itemsize > memmapConfig.budget) {
      // stays in the file, a memmap over the same file storage: its reductions stream too
      const big = new Memmap(n, v.dtype, this.filename, this.offset, this.mode, this._file);
      big._base = this;
      return big;
    }
    const s = allocStorage(n.dtype, Math.max(hi - lo, 1));
    readSpan(r, n.dtype, s, lo, hi);
    const node: BufferNode = { kind: "buffer", id: newNodeId(), dtype: n.dtype, storage: s, shape: n.shape, strides: n.strides, offset: n.offset - lo };
    // NumPy's slices keep their base's offset; the file position of their memory is ours to know
    return new Memmap(node, v.dtype, this.filename, this.offset, this.mode, { fs: this._file.fs, path: this._file.path, large: null, at: this._file.at + lo * itemsize });
  }

  override sum(...args: ReduceArg[]): NDArray { return this.streamed("sum", args); }
  override prod(...args: ReduceArg[]): NDArray { return this.streamed("prod", args); }
  override min(...args: ReduceArg[]): NDArray { return this.streamed("min", args); }
  override max(...args: ReduceArg[]): NDArray { return this.streamed("max", args); }
  override all(...args: ReduceArg[]): NDArray { return this.streamed("all", args); }
  override any(...args: ReduceArg[]): NDArray { return this.streamed("any", args); }
  override mean(...args: ReduceArg[]): NDArray { return this.streamed("mean", args); }

  /** A whole-array reduction over the budget, chunk by chunk: each chunk reduced, then the partial results. */
  private streamed(op: "sum" | "prod" | "min" | "max" | "all" | "any" | "mean", args: ReduceArg[]): NDArray {
    const reduce = (a: NDArray, name: string, ...x: ReduceArg[]) => (NDArray.prototype as unknown as Record<string, (...y: ReduceArg[]) => NDArray>)[name].call(a, ...x);
    const wholeArray = args.every((x) => x === null || x === undefined) || (args.length === 1 && isAxisNone(args[0]));
    if (!this._file.large || !wholeArray) return reduce(this, op, ...args);
    const b = this._node as BufferNode;
    if (this.size === 0) return reduce(fromBuffer(allocStorage(b.dtype, 0), this.dtype, { shape: this.shape, strides: cStrides(this.shape), offset: 0 }), op);
    const partial = op === "mean" ? "sum" : op;
    // NumPy's mean of integers accumulates in float64
    const acc = op === "mean" && (this.dtype.kind === "i" || this.dtype.kind === "u" || this.dtype.kind === "b") ? [{ dtype: "float64" } as ReduceArg] : [];
    const parts: NDArray[] = [];
    forEachChunk(b, (chunk) => {
      const a = fromBuffer(chunk.storage, this.dtype, chunk);
      parts.push(reduce(a, partial, ...acc).evalSync().reshape([1]));
    });
    const total = reduce(concatenate(parts), partial);
    return op === "mean" ? total.div(this.size) : total;
  }
}

const isAxisNone = (x: unknown): boolean =>
  typeof x === "object" && x !== null && !(x instanceof NDArray) && Object.entries(x).every(([k, v]) => k === "axis" && (v === null || v === undefined));

function normShape(shape: number | readonly number[]): number[] {
  const s = typeof shape === "number" ? [shape] : [...shape];
  if (!s.every((n) => Number.isInteger(n))) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (s.some((n) => n < 0)) throw new ValueError(ioMsg.negativeDims());
  return s;
}

const pathText = (p: PathLike): string => (p instanceof URL ? decodeURIComponent(p.pathname) : p);

/**
 * `np.memmap(filename, { dtype = "uint8", mode = "r+", offset = 0, shape, order = "C" })`: an
 * array over a file's bytes from `offset`, in `shape` (default: the rest of the file, 1-D).
 * 'r' is read-only, 'r+' writes back on `flush()`, 'w+' creates or overwrites the file at the
 * needed size, 'c' is copy-on-write (writes stay in memory). Node has no mmap: within
 * `np.config({ memmapBudget })` (default 256 MiB) the region is read into memory; a larger
 * file stays on disk, and elementwise expressions with `out=` it, whole-array
 * sum/prod/min/max/mean/all/any and small slices stream through it in chunks (anything
 * needing it whole raises MemoryError; an expression over it reads the file when it runs, not
 * when it is built). Example:
 * `const m = await np.memmap("a.dat", { dtype: "float32", mode: "w+", shape: [100, 100] })`.
 */
export async function memmap(filename: PathLike, opts: MemmapOptions = {}): Promise<Memmap> {
  if (!isPath(filename)) throw new TypeError("np.memmap takes a file path (string or URL)");
  const given = opts.mode ?? "r+";
  const mode = MODES[given];
  if (!mode) throw new ValueError(ioMsg.mmapMode(`'${String(given)}'`));
  if (mode === "w+" && (opts.shape === undefined || opts.shape === null)) throw new ValueError(ioMsg.memmapShape());
  const fmt = elementFormatOf(opts.dtype ?? "uint8"), d = fmt.dtype;
  if (fmt.bigEndian || fmt.half || fmt.bytes || d.kind === "U" || d.kind === "V")
    throw new TypeError(`np.memmap of dtype '${String(opts.dtype)}' is not supported: numfuse maps native numbers only`);
  const offset = opts.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ValueError(`offset must be a non-negative integer (got ${offset})`);
  const order = opts.order ?? "C";
  if (order !== "C" && order !== "F") throw new ValueError("order must be one of 'C', 'F'");
  const fs = await nodeFs();
  const path = pathText(filename);
  const { resolve } = await import("node:path");
  const fd = fs.openSync(path, mode === "r" || mode === "c" ? "r" : mode === "w+" ? "w+" : "r+");
  let keepOpen = false;
  try {
    const flen = fs.fstatSync(fd).size, itemsize = d.itemsize;
    let shape: number[];
    if (opts.shape === undefined || opts.shape === null) {
      const avail = flen - offset;
      if (avail % itemsize) throw new ValueError(ioMsg.memmapSize());
      if (avail < 0) throw new ValueError(ioMsg.negativeDims());
      shape = [avail / itemsize];
    } else shape = normShape(opts.shape);
    const size = sizeOf(shape), nbytes = size * itemsize;
    const need = offset + nbytes;
    if (mode === "r+" || mode === "w+") {
      if (flen < Math.max(need, 1)) fs.ftruncateSync(fd, Math.max(need, 1)); // grows the file with zeros, as NumPy's write of one \0 at its end
    } else if (need > flen) throw new ValueError(ioMsg.memmapLength());
    const layout = { shape, strides: order === "F" ? fStrides(shape) : cStrides(shape), offset: 0 };
    const region: FileRegion = {
      fs, fd, byteOffset: offset,
      tooBig: (what) => new MemoryError(ioMsg.memmapBudget(sizeText(nbytes), msg.shapeTuple(shape), d.id, sizeText(memmapConfig.budget), what)),
    };
    let storage: Storage;
    if (nbytes <= memmapConfig.budget) {
      storage = allocStorage(d.id, size, mode === "w+"); // a new file is zeros
      if (mode !== "w+") readSpan(region, d.id, storage, 0, size);
    } else {
      storage = fileStorage(d, size, region, mode);
      keepOpen = true;
    }
    const node: BufferNode = { kind: "buffer", id: newNodeId(), dtype: d.id, storage, ...layout };
    const m = new Memmap(node, d, resolve(path), offset, mode, { fs, path, large: keepOpen ? region : null, at: offset });
    if (keepOpen) closer.register(storage, { fs, fd });
    return m;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}

/** Storage whose elements stay in the file: reading them whole raises MemoryError; writes stream (mode 'c' cannot take them). */
function fileStorage(d: DType, size: number, region: FileRegion, mode: MemmapMode): Storage {
  const s = new Storage(d.id, [], size);
  const whole = () => { throw region.tooBig("this operation needs it whole in memory (only elementwise expressions with out= it, whole-array sum/prod/min/max/mean/all/any and slices within the budget run out of core)"); };
  Object.defineProperty(s, "data", { get: whole });
  // pending expressions over it can only run chunk by chunk as an out= value, reading the file
  // then; evaluating them before a write (as in-memory readers are) could only fail
  Object.defineProperty(s, "mayHaveReaders", { get: () => false, set: () => {} });
  fileRegions.set(s, region);
  storageWriters.set(s, (target, value) => {
    if (mode === "c") throw region.tooBig("a copy-on-write ('c') memmap over the budget cannot hold writes");
    writeChunked(target, value);
  });
  return s;
}

/**
 * `np.lib.format.open_memmap(filename, { mode = "r+", dtype = "float64", shape, fortranOrder })`:
 * a memmap of a .npy file; mode 'w+' writes a new file's header (NumPy's, byte for byte)
 * and maps the zeroed data after it. Example:
 * `const m = await np.openMemmap("a.npy", { mode: "w+", dtype: "float32", shape: [3, 4] })`.
 */
export async function openMemmap(filename: PathLike, opts: { mode?: MemmapMode; dtype?: DTypeLike; shape?: readonly number[] | number | null; fortranOrder?: boolean; maxHeaderSize?: number } = {}): Promise<Memmap> {
  if (!isPath(filename)) throw new ValueError("Filename must be a string or a path-like object.  Memmap cannot use existing file handles.");
  const mode = opts.mode ?? "r+";
  const fs = await nodeFs(), path = pathText(filename);
  if (mode === "w+" || (mode as string) === "write") {
    if (opts.shape === undefined || opts.shape === null) throw new TypeError("object of type 'NoneType' has no len()");
    const d = elementFormatOf(opts.dtype ?? "float64").dtype, shape = normShape(opts.shape), fortran = Boolean(opts.fortranOrder);
    const header = wrapHeader(headerText(descrOf(d), fortran, shape));
    fs.writeFileSync(path, header);
    return memmap(filename, { dtype: d, shape, order: fortran ? "F" : "C", mode: "r+", offset: header.length });
  }
  const h = npyHeaderOf(fs, path);
  if (h.fmt.dtype.kind === "V") throw new TypeError("np.memmap of a structured dtype is not supported: numfuse keeps a structured array's fields apart");
  if (h.fmt.bigEndian || h.fmt.half || h.fmt.bytes) throw new TypeError(`np.memmap of dtype '${h.fmt.dtype}' stored ${h.fmt.bigEndian ? "big-endian" : "widened"} is not supported: numfuse maps native numbers only`);
  return memmap(filename, { dtype: h.fmt.dtype, shape: h.shape, order: h.fortran ? "F" : "C", mode, offset: h.dataOffset });
}

/** The header of a .npy file, reading only its first bytes. */
function npyHeaderOf(fs: SyncFs, path: string): ReturnType<typeof readHeader> {
  const fd = fs.openSync(path, "r");
  try {
    const head = new Uint8Array(12);
    const got = fs.readSync(fd, head, 0, 12, 0);
    const short = head.subarray(0, got);
    if (got < 12) return readHeader(short);
    const hlen = head[6] === 1 ? head[8] | (head[9] << 8) : new DataView(head.buffer).getUint32(8, true);
    const all = new Uint8Array((head[6] === 1 ? 10 : 12) + hlen);
    const n = fs.readSync(fd, all, 0, all.length, 0);
    return readHeader(all.subarray(0, n));
  } finally { fs.closeSync(fd); }
}

/**
 * @internal np.load's mmapMode: the .npy file at `path` as a memmap, or null for 'r'/'c' on
 * elements numfuse converts on load (big-endian, float16, byte strings): those load whole.
 */
export async function loadMemmap(path: PathLike, mode: MemmapMode): Promise<Memmap | null> {
  if (mode === "w+") throw new TypeError("object of type 'NoneType' has no len()");
  const h = npyHeaderOf(await nodeFs(), pathText(path));
  const f = h.fmt;
  if ((f.bigEndian || f.half || f.bytes || f.dtype.kind === "U" || f.dtype.kind === "V") && (mode === "r" || mode === "c")) return null;
  return openMemmap(path, { mode });
}
