// np.packbits / np.unpackbits: booleans to the bits of uint8 and back, along an axis.

import { allocStorage } from "../../runtime/buffer.js";
import { cStrides } from "../../compiler/ir.js";
import { TypeError, ValueError, ioMsg } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { NDArray, fromBuffer } from "../ndarray.js";
import { asarray, flatValues } from "../creation.js";
import { normAxis } from "../broadcast.js";
import { moveaxis, ravel } from "../shape.js";
import { argsOf } from "../join.js";

type BitOrder = "big" | "little";
const bitorderOf = (x: unknown): BitOrder => {
  const o = x ?? "big";
  if (o !== "big" && o !== "little") throw new ValueError(ioMsg.bitorder);
  return o;
};

/** Rows along the last axis of `a` moved from `axis` (a flattened 1-D when axis is null). */
function rowsOf(a: NDArray, axis: unknown): { moved: NDArray; axis: number | null } {
  if (axis === null || axis === undefined) return { moved: ravel(a), axis: null };
  const ax = normAxis(axis as number, a.ndim);
  return { moved: moveaxis(a, ax, -1), axis: ax };
}

/** The moved result back in place: its last axis returns to `axis`. */
function result(shape: number[], data: Uint8Array, axis: number | null): NDArray {
  const s = allocStorage("uint8", data.length);
  (s.data as Uint8Array).set(data);
  const out = fromBuffer(s, dt("uint8"), { shape, strides: cStrides(shape), offset: 0 });
  return axis === null ? out : moveaxis(out, -1, axis).copy();
}

/**
 * `np.packbits(a, axis = null, bitorder = "big")`: the nonzero-ness of integer or boolean
 * elements packed 8 to a uint8 (the last byte zero-padded). Example: `np.packbits([1, 0, 1])` → `[160]`.
 */
export function packbits(a: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis", "bitorder"], args);
  const arr = asarray(a);
  if (!(arr.dtype.kind === "b" || arr.dtype.kind === "i" || arr.dtype.kind === "u")) throw new TypeError(ioMsg.packType);
  const order = bitorderOf(o.bitorder);
  const src = arr.ndim === 0 ? arr.reshape([1]) : arr;
  const { moved, axis } = rowsOf(src, o.axis);
  const n = moved.shape[moved.ndim - 1] ?? 1, nb = Math.ceil(n / 8);
  const rows = n === 0 ? 0 : moved.size / n;
  const shape = [...moved.shape.slice(0, -1), nb];
  const values = flatValues(moved), out = new Uint8Array(rows * nb);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const v = values[r * n + i];
      if (v === 0 || v === false || v === 0n) continue;
      const bit = order === "big" ? 7 - (i & 7) : i & 7;
      out[r * nb + (i >> 3)] |= 1 << bit;
    }
  }
  if (moved.size === 0) shape.splice(0, shape.length, ...moved.shape.slice(0, -1), nb);
  return result(shape, out, axis);
}

/**
 * `np.unpackbits(a, axis = null, count = null, bitorder = "big")`: the bits of uint8 elements
 * as 0/1 uint8s (`count` keeps the first count bits, or drops -count from the end).
 * Example: `np.unpackbits(np.array([5], "uint8"))` → `[0 0 0 0 0 1 0 1]`.
 */
export function unpackbits(a: unknown, ...args: unknown[]): NDArray {
  const o = argsOf(["axis", "count", "bitorder"], args);
  const arr = asarray(a);
  if (arr.dtype.id !== "uint8") throw new TypeError(ioMsg.unpackType);
  const order = bitorderOf(o.bitorder);
  const src = arr.ndim === 0 ? arr.reshape([1]) : arr;
  const { moved, axis } = rowsOf(src, o.axis);
  const n = moved.shape[moved.ndim - 1], bits = 8 * n;
  let count = bits;
  if (o.count !== undefined && o.count !== null) {
    const c = o.count as number;
    if (!Number.isInteger(c)) throw new TypeError("count must be an integer or None");
    count = c >= 0 ? c : Math.max(0, bits + c);
    if (c < 0 && -c > bits) throw new ValueError(ioMsg.countLarge);
  }
  const rows = n === 0 ? 0 : moved.size / n;
  const values = flatValues(moved) as number[], out = new Uint8Array(rows * count);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < Math.min(count, bits); i++) {
      const byte = values[r * n + (i >> 3)], bit = order === "big" ? 7 - (i & 7) : i & 7;
      out[r * count + i] = (byte >> bit) & 1;
    }
  }
  return result([...moved.shape.slice(0, -1), count], out, axis);
}
