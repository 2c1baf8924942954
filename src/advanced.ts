// Advanced indexing (the forms the core needs: one boolean mask, or one integer array on
// the first axis). The full surface — several index arrays, mixed with slices, NumPy's
// placement rules — belongs to the indexing issue.

import { allocStorage } from "../runtime/buffer.js";
import { STORAGE } from "../runtime/dtypes.js";
import { cStrides, sizeOf } from "../compiler/ir.js";
import { IndexError, ValueError } from "../runtime/errors.js";
import { NDArray, fromBuffer, assignNode, lazy, beforeWrite } from "./ndarray.js";
import { asarray, flatValues } from "./creation.js";
import { prepare, type ArrayLike } from "./ufunc.js";
import { broadcastTo } from "./shape.js";
import type { IndexItem } from "./indexing.js";

interface Selection { positions: number[]; shape: number[]; rest: number[]; restStride: number }

/** Element offsets (in units of the inner block) selected by one advanced item on the leading axes. */
function select(a: NDArray, items: readonly IndexItem[]): Selection {
  if (items.length !== 1) throw new IndexError("this combination of advanced indices is not supported yet: use one boolean mask or one integer array");
  const idx = asarray(items[0]);
  if (idx.dtype.kind === "b") {
    const k = idx.ndim;
    if (k > a.ndim || idx.shape.some((n, i) => n !== a.shape[i])) {
      const i = idx.shape.findIndex((n, d) => n !== a.shape[d]);
      throw new IndexError(`boolean index did not match indexed array along dimension ${Math.max(i, 0)}; dimension is ${a.shape[Math.max(i, 0)]} but corresponding boolean dimension is ${idx.shape[Math.max(i, 0)]}`);
    }
    const m = flatValues(idx);
    const positions: number[] = [];
    m.forEach((v, j) => { if (v) positions.push(j); });
    const rest = a.shape.slice(k);
    return { positions, shape: [positions.length], rest, restStride: sizeOf(rest) };
  }
  if (idx.dtype.kind !== "i" && idx.dtype.kind !== "u") throw new IndexError("arrays used as indices must be of integer (or boolean) type");
  const n = a.shape[0];
  const positions = flatValues(idx).map((v) => {
    const i = Number(v);
    if (i < -n || i >= n) throw new IndexError(`index ${i} is out of bounds for axis 0 with size ${n}`);
    return i < 0 ? i + n : i;
  });
  const rest = a.shape.slice(1);
  return { positions, shape: [...idx.shape], rest, restStride: sizeOf(rest) };
}

/** `a.get(mask)` / `a.get(intArray)`: a copy. */
export function getAdvanced(a: NDArray, items: readonly IndexItem[]): NDArray {
  const sel = select(a, items);
  const c = a.isPending || !a.flags.cContiguous ? lazy({ kind: "map", id: -1, op: "cast", dtype: a.dtype.id, shape: a.shape, inputs: [a._node] }, a.dtype).evalSync() : a;
  const b = c._buffer();
  const lanes = STORAGE[a.dtype.id].lanes;
  const shape = [...sel.shape, ...sel.rest];
  const out = allocStorage(a.dtype.id, sizeOf(shape));
  const src = b.storage.elementsAs(a.dtype.id) as unknown as unknown[], dst = out.data as unknown as unknown[];
  const block = sel.restStride * lanes;
  sel.positions.forEach((p, j) => {
    const from = (b.offset * lanes) + p * block;
    for (let t = 0; t < block; t++) dst[j * block + t] = src[from + t];
  });
  return fromBuffer(out, a.dtype, { shape, strides: cStrides(shape), offset: 0 });
}

/** `a.set(mask, value)` / `a.set(intArray, value)`: in place. */
export function setAdvanced(a: NDArray, items: readonly IndexItem[], value: ArrayLike): void {
  const sel = select(a, items);
  const b = a._buffer();
  if (!a._writeable) throw new ValueError("assignment destination is read-only");
  const p = prepare(value);
  const vshape = [...sel.shape, ...sel.rest];
  const v = broadcastTo(lazy(p.weak ? { ...p.node, dtype: a.dtype.id } : p.node, p.weak ? a.dtype : p.dtype), vshape).astype(a.dtype).evalSync();
  const vals = flatValues(v);
  beforeWrite(b.storage);
  // write element by element through a's strides
  const block = sel.restStride, nd = a.ndim;
  const lead = a.ndim - sel.rest.length;
  const data = b.storage.elementsAs(a.dtype.id) as unknown as unknown[];
  const lanes = STORAGE[a.dtype.id].lanes;
  sel.positions.forEach((pos, j) => {
    for (let t = 0; t < block; t++) {
      // flat C index -> strided position
      let flat = pos * block + t, off = b.offset;
      for (let d = nd - 1; d >= 0; d--) { const n = a.shape[d]; off += (flat % n) * b.strides[d]; flat = Math.floor(flat / n); }
      const x = vals[j * block + t];
      if (lanes === 2) { const c = x as { re: number; im: number }; data[2 * off] = c.re; data[2 * off + 1] = c.im; }
      else data[off] = a.dtype.kind === "b" ? (x ? 1 : 0) : x;
    }
  });
  void lead; void assignNode;
}
