// Buffers: the memory behind arrays, and the pool that recycles it.
//
// A fresh 80 MB output would otherwise cost page faults and zero-fill on every
// evaluation. When the Storage that owns a buffer is garbage collected, its
// ArrayBuffer goes back to a pool keyed by byte length, unless a typed array over it
// was handed to user code (`exposed`), in which case it is never reused.

import { STORAGE, type DTypeId, type Elements, type TypedArray } from "./dtypes.js";

let nextId = 1;

/**
 * Memory is a SharedArrayBuffer where the platform allows it (Node; browsers when
 * cross-origin isolated), so worker threads can run kernels on it in place.
 */
export const SHARED: boolean =
  typeof SharedArrayBuffer === "function" &&
  ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? typeof (globalThis as { process?: unknown }).process === "object");
const Memory: new (n: number) => ArrayBufferLike = SHARED ? SharedArrayBuffer : ArrayBuffer;

/** True when workers can see this memory (it is shared, and not a user's plain ArrayBuffer). */
export function isShared(data: Elements): boolean {
  return !Array.isArray(data) && typeof SharedArrayBuffer === "function" && (data as TypedArray).buffer instanceof SharedArrayBuffer;
}

export class Storage {
  readonly id = nextId++;
  /** Set when a pending computation may read this storage: a write must evaluate it first. */
  mayHaveReaders = false;
  /** True once a typed array over this memory reached user code: never recycled. */
  exposed = false;
  /** Bumped on every write; kernels never see it, tests and caches may. */
  version = 0;
  /**
   * V8 counts an ArrayBuffer's memory when deciding to collect garbage, but not a
   * SharedArrayBuffer's: without this the storages of dropped results are rarely
   * collected, so their buffers never return to the pool. An untouched ArrayBuffer of
   * the same size (zero pages the OS maps lazily: no physical memory) restores the
   * pressure.
   */
  pressure: ArrayBuffer | null = null;

  constructor(
    readonly dtype: DTypeId,
    /** Typed array (or string array) of all elements, lanes included. */
    readonly data: Elements,
    /** Number of elements (not lanes). */
    readonly length: number,
  ) {}

  private views?: Map<DTypeId, Elements>;

  /** The elements seen as another dtype (a real view of complex data, `view(dtype)`). */
  elementsAs(dtype: DTypeId): Elements {
    if (dtype === this.dtype || Array.isArray(this.data)) return this.data;
    const ctor = STORAGE[dtype].ctor!;
    if (ctor === (this.data as TypedArray).constructor) return this.data;
    this.views ??= new Map();
    let v = this.views.get(dtype);
    if (!v) {
      const t = this.data as TypedArray;
      v = new ctor(t.buffer, t.byteOffset, t.byteLength / ctor.BYTES_PER_ELEMENT);
      this.views.set(dtype, v);
    }
    return v;
  }

  get bytes(): ArrayBufferLike | null {
    return Array.isArray(this.data) ? null : (this.data as TypedArray).buffer;
  }
}

// ---- the pool -------------------------------------------------------------------

const POOL_MAX_BYTES = 512 * 1024 * 1024;
const MIN_POOLED = 64 * 1024; // small buffers are cheap to allocate fresh
/** Free buffers by byte length; Map order is least recently returned first. */
const pool = new Map<number, ArrayBufferLike[]>();
let pooledBytes = 0;

/** Drops least recently used sizes until `need` more bytes fit under the cap. */
function evictFor(need: number): void {
  for (const [n, list] of pool) {
    if (pooledBytes + need <= POOL_MAX_BYTES) return;
    while (list.length && pooledBytes + need > POOL_MAX_BYTES) { list.shift(); pooledBytes -= n; }
    if (list.length === 0) pool.delete(n);
  }
}

export const poolStats = { allocated: 0, reused: 0, returned: 0 };

/**
 * The registry holds each tracked buffer until its storage's finalizer runs, which is
 * only when the event loop turns: a synchronous loop dropping results would otherwise
 * retain every one of them. Tracking stops at this many bytes awaiting finalization;
 * buffers beyond it are left to the garbage collector (not recycled, never retained).
 */
const TRACKED_MAX_BYTES = 256 * 1024 * 1024;
let trackedBytes = 0;

const registry = new FinalizationRegistry<{ buf: ArrayBufferLike; exposedRef: { exposed: boolean } }>((held) => {
  const n = held.buf.byteLength;
  trackedBytes -= n;
  if (held.exposedRef.exposed) return;
  if (n > POOL_MAX_BYTES / 2) return;
  evictFor(n);
  let list = pool.get(n);
  if (list) pool.delete(n); // re-insert: most recently used last
  else list = [];
  pool.set(n, list);
  list.push(held.buf);
  pooledBytes += n;
  poolStats.returned++;
});

function takeBuffer(byteLength: number): ArrayBufferLike | null {
  const list = pool.get(byteLength);
  if (!list || list.length === 0) return null;
  const buf = list.pop()!;
  pooledBytes -= byteLength;
  poolStats.reused++;
  return buf;
}

// ---- small buffers: slabs ------------------------------------------------------------
//
// Allocating an ArrayBuffer costs microseconds however small it is, which would dominate
// the evaluation of small arrays. Small buffers are carved from 256 KB slabs instead (as
// Node's Buffer pool does); a slab is freed when every array carved from it is garbage.

const SLAB_BYTES = 256 * 1024;
const SLAB_MAX = 16 * 1024;
let slab: ArrayBufferLike | null = null;
let slabUsed = SLAB_BYTES;

function carve(byteLength: number): [ArrayBufferLike, number] {
  const n = (byteLength + 7) & ~7; // keep every dtype aligned
  if (slabUsed + n > SLAB_BYTES) {
    slab = new Memory(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += n;
  return [slab!, at];
}

/** Empties the pool (tests, and `np.shutdown`). */
export function clearPool(): void {
  pool.clear();
  pooledBytes = 0;
}

/**
 * Allocates storage for `length` elements of `dtype`. Contents are unspecified unless
 * `zero` is set (a recycled buffer holds old data).
 */
export function allocStorage(dtype: DTypeId, length: number, zero = false): Storage {
  const info = STORAGE[dtype];
  if (info.ctor === null) {
    const a = new Array<string>(length).fill("");
    return new Storage(dtype, a, length);
  }
  const slots = length * info.lanes;
  const byteLength = slots * info.ctor.BYTES_PER_ELEMENT;
  if (byteLength <= SLAB_MAX) {
    const [b, at] = carve(byteLength);
    const data = new info.ctor(b, at, slots);
    if (zero) (data as { fill(v: number | bigint): unknown }).fill(info.ctor === BigInt64Array || info.ctor === BigUint64Array ? BigInt(0) : 0);
    return new Storage(dtype, data, length);
  }
  let buf = byteLength >= MIN_POOLED ? takeBuffer(byteLength) : null;
  const recycled = buf !== null;
  if (!buf) {
    buf = new Memory(byteLength);
    poolStats.allocated++;
  }
  const data = new info.ctor(buf, 0, slots);
  if (recycled && zero) (data as { fill(v: number | bigint): unknown }).fill(typeof data[0] === "bigint" ? 0n : 0);
  const s = new Storage(dtype, data, length);
  if (byteLength >= MIN_POOLED) {
    trackForPool(s, buf);
    if (SHARED) s.pressure = new ArrayBuffer(byteLength);
  }
  return s;
}

// The FinalizationRegistry holds the buffer and a small flag object shared with the
// storage; the storage itself must not be reachable from the held value.
const exposedFlags = new WeakMap<Storage, { exposed: boolean }>();

function trackForPool(s: Storage, buf: ArrayBufferLike): void {
  if (trackedBytes + buf.byteLength > TRACKED_MAX_BYTES) return;
  trackedBytes += buf.byteLength;
  const flag = { exposed: false };
  exposedFlags.set(s, flag);
  registry.register(s, { buf, exposedRef: flag });
}

/** Marks storage as handed to user code: its memory must never be recycled. */
export function exposeStorage(s: Storage): void {
  s.exposed = true;
  const f = exposedFlags.get(s);
  if (f) f.exposed = true;
}

/** Wraps existing user memory (never pooled). */
export function wrapElements(dtype: DTypeId, data: Elements): Storage {
  const lanes = STORAGE[dtype].lanes;
  const s = new Storage(dtype, data, data.length / lanes);
  s.exposed = true;
  return s;
}
