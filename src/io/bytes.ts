// Arrays to and from raw bytes: the element layer under .npy, tofile/fromfile and tobytes.
// Bytes are little-endian (numfuse's memory); a big-endian source is swapped on the way in.
// Unicode elements are UCS-4 code points, NUL-padded to the dtype's length, as NumPy stores them.

import { STORAGE, type TypedArray } from "../../runtime/dtypes.js";
import { allocStorage } from "../../runtime/buffer.js";
import { cStrides, sizeOf, type BufferNode } from "../../compiler/ir.js";
import { DType } from "../dtype.js";
import { NDArray, fromBuffer } from "../ndarray.js";
import { orEmpty } from "../join.js";
import { structBytes, structFromBytes, swapRecords, type Swaps } from "../structured/bytes.js";

/** F-order strides (in elements) of a shape. */
export function fStrides(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (const n of shape) { s.push(acc); acc *= n; }
  return s;
}

/** The element slots of an evaluated buffer, in C or F order, as a new container. */
function gather(b: BufferNode, lanes: number, order: "C" | "F"): TypedArray | string[] {
  const all = b.storage.elementsAs(b.dtype) as TypedArray | string[];
  const n = sizeOf(b.shape), nd = b.shape.length;
  const want = order === "C" ? cStrides(b.shape) : fStrides(b.shape);
  const contiguous = b.shape.every((len, d) => len <= 1 || b.strides[d] === want[d]);
  if (contiguous) return all.slice(b.offset * lanes, (b.offset + n) * lanes) as TypedArray | string[];
  const out = Array.isArray(all) ? new Array<string>(n) : new (all.constructor as new (n: number) => TypedArray)(n * lanes);
  // walk the index with the fastest axis last (C) or first (F)
  const axes = order === "C" ? b.shape.map((_, i) => i) : b.shape.map((_, i) => nd - 1 - i);
  const idx = new Array<number>(nd).fill(0);
  let p = b.offset;
  for (let j = 0; j < n; j++) {
    for (let l = 0; l < lanes; l++) (out as unknown as unknown[])[j * lanes + l] = (all as unknown as unknown[])[p * lanes + l];
    for (let k = nd - 1; k >= 0; k--) {
      const d = axes[k];
      p += b.strides[d];
      if (++idx[d] < b.shape[d]) break;
      p -= b.strides[d] * b.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** The bytes of `a`'s elements in memory order `order` (NumPy's `a.tobytes(order)`). */
export function arrayBytes(a: NDArray, order: "C" | "F" = "C"): Uint8Array {
  if (a.dtype.kind === "V") return structBytes(a, order); // records: fields packed at their offsets
  const b = orEmpty(a).evalSync()._buffer();
  const elems = gather(b, STORAGE[a.dtype.id].lanes, order);
  if (Array.isArray(elems)) return encodeUnicode(elems, a.dtype.strlen);
  return new Uint8Array(elems.buffer, elems.byteOffset, elems.byteLength);
}

/** UCS-4 little-endian, each string NUL-padded to `len` code points. */
export function encodeUnicode(strings: readonly string[], len: number): Uint8Array {
  const out = new Uint8Array(strings.length * len * 4);
  const view = new DataView(out.buffer);
  strings.forEach((s, i) => {
    let c = 0;
    for (const ch of s) {
      if (c >= len) break;
      view.setUint32((i * len + c++) * 4, ch.codePointAt(0)!, true);
    }
  });
  return out;
}

/**
 * How the bytes of one element read: the dtype they load as, their byte order, and the
 * stored formats numfuse widens on load (`half`: IEEE float16 → float32; `bytes`: NumPy's
 * `S<n>` byte strings → `U<n>`, one character per byte).
 */
export interface ElementFormat {
  dtype: DType; bigEndian: boolean; half?: boolean; bytes?: boolean;
  /** structured: big-endian words of each record, [byte offset, width], swapped on load */
  swaps?: readonly (readonly [number, number])[];
}

/** The float of an IEEE 754 half-precision bit pattern. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * A new array over a copy of `bytes` holding `shape`'s elements in memory order `order`
 * (F: the array is F-contiguous). `bytes` must hold at least that many elements.
 */
export function arrayFromBytes(bytes: Uint8Array, fmt: ElementFormat, shape: readonly number[], order: "C" | "F" = "C"): NDArray {
  if (fmt.dtype.kind === "V") return structFromBytes(fmt.swaps?.length ? swapRecords(bytes, fmt.dtype.itemsize, fmt.swaps as Swaps) : bytes, fmt.dtype, shape, order);
  const d = fmt.dtype, n = sizeOf(shape);
  const strides = order === "F" ? fStrides(shape) : cStrides(shape);
  const storage = allocStorage(d.id, n);
  if (fmt.half || fmt.bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (fmt.half) {
      const out = storage.data as Float32Array;
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, !fmt.bigEndian));
    } else {
      const out = storage.data as string[];
      for (let i = 0; i < n; i++) out[i] = String.fromCharCode(...bytes.subarray(i * d.strlen, (i + 1) * d.strlen)).replace(/\0+$/, "");
    }
  } else if (d.kind === "U") {
    const out = storage.data as string[];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) {
      let s = "";
      for (let c = 0; c < d.strlen; c++) {
        const cp = view.getUint32((i * d.strlen + c) * 4, !fmt.bigEndian);
        s += String.fromCodePoint(cp);
      }
      out[i] = s.replace(/\0+$/, "");
    }
  } else {
    const t = storage.data as TypedArray, nbytes = n * d.itemsize;
    const dst = new Uint8Array(t.buffer, t.byteOffset, nbytes);
    dst.set(bytes.subarray(0, nbytes));
    const width = d.kind === "c" ? d.itemsize / 2 : d.itemsize;
    if (fmt.bigEndian && width > 1) swapBytes(dst, width);
    if (d.kind === "b") for (let i = 0; i < n; i++) if (dst[i] > 1) dst[i] = 1;
  }
  return fromBuffer(storage, d, { shape, strides, offset: 0 });
}

/** Reverses the bytes of each `width`-byte word in place. */
export function swapBytes(b: Uint8Array, width: number): void {
  for (let i = 0; i + width <= b.length; i += width) {
    for (let lo = i, hi = i + width - 1; lo < hi; lo++, hi--) {
      const t = b[lo]; b[lo] = b[hi]; b[hi] = t;
    }
  }
}
