// np.sort, argsort, partition, argpartition, lexsort, searchsorted, sortComplex: opaque
// nodes whose kernels (rows.ts) copy each row of the axis into a scratch array. Sorts of real
// values are blocked steps (runtime/sort.ts) that run on the pool.

import { cStrides, newNodeId, sizeOf, type BufferNode, type Node, type OpaqueNode } from "../../compiler/ir.js";
import type { BlockFn } from "../../runtime/blocks.js";
import type { DTypeId, Elements } from "../../runtime/dtypes.js";
import { MERGE_CHUNK, SEGMENT, mergeLevel, sortRows, sortSegments, sortsReal } from "../../runtime/sort.js";
import { SHARED } from "../../runtime/buffer.js";
import { poolConfig } from "../../runtime/pool.js";
import { AxisError, TypeError, ValueError, msg, sortMsg } from "../../runtime/errors.js";
import { dtype as toDType, promoteTypes, type DType } from "../dtype.js";
import { NDArray, lazy, assignNode, structuredOps } from "../ndarray.js";
import { asarray, copyNode } from "../creation.js";
import { argsOf } from "../join.js";
import * as shapes from "../shape.js";
import { selectRanks, type RealRow } from "../stats/select.js";
import { argpartitionRow, argsortRow, forEachRow, isComplex, lessOf, mergeSortIndices, scratchFor, sortRow, writeRow, type Row } from "./rows.js";

export type SortKind = "quicksort" | "mergesort" | "heapsort" | "stable";
export interface SortOptions { axis?: number | null; kind?: SortKind | null; order?: string | string[] | null }
export interface PartitionOptions { axis?: number | null; kind?: string; order?: string | string[] | null }

/** NumPy's sort-kind converter: the first letter decides. */
function checkKind(kind: unknown): void {
  if (kind === undefined || kind === null) return;
  if (typeof kind !== "string" || !/^[qhms]/i.test(kind)) throw new ValueError(sortMsg.kind(String(kind)));
}

/** `order` names fields: numfuse sorts arrays without fields only. */
function checkOrder(order: unknown): void {
  if (order !== undefined && order !== null) throw new ValueError(sortMsg.noFields);
}

/** The array and axis to work on: axis null flattens. */
function onAxis(a: NDArray, axis: number | null | undefined): [NDArray, number] {
  if (axis === null) return [shapes.ravel(a), 0];
  const ax = axis ?? -1;
  if (!Number.isInteger(ax) || ax < -a.ndim || ax >= a.ndim) throw new AxisError(msg.axis(ax, a.ndim));
  return [a, ax < 0 ? ax + a.ndim : ax];
}

/** The node applying `fn` to every row of `a` along `axis`: a C-contiguous result of a's shape. */
function rowNode(name: string, a: NDArray, axis: number, out: DType, fn: (row: Row, n: number, dst: Elements, base: number, stride: number) => void): OpaqueNode {
  const shape = [...a.shape], d = a.dtype.id, n = a.shape[axis];
  return {
    kind: "opaque", id: newNodeId(), name, dtype: out.id, shape, inputs: [a._node],
    run: ([b]: readonly BufferNode[], o) => {
      if (sizeOf(shape) === 0) return;
      const row = scratchFor(d, n), dst = o.elementsAs(out.id);
      forEachRow(b, axis, row, (base, stride) => fn(row, n, dst, base, stride));
    },
  };
}

function sortNode(a: NDArray, axis: number): OpaqueNode {
  const d = a.dtype.id;
  if (sortsReal(d)) return realSortNode(a, axis);
  return rowNode("sort", a, axis, a.dtype, (row, n, dst, base, stride) => { sortRow(d, row, n); writeRow(d, row, n, dst, base, stride); });
}

/** A blocked node running `fn` (runtime/blocks.ts) over a's buffer into a C-contiguous result of `shape`. */
function blockedNode(name: string, fn: string, inputs: readonly Node[], shape: readonly number[], dtype: DTypeId, units: number, params: object, cost: number, run: BlockFn): OpaqueNode {
  const layout = { shape, strides: cStrides(shape), offset: 0 };
  return {
    kind: "opaque", id: newNodeId(), name, dtype, shape, inputs, blocks: { fn, units, params, cost },
    run: ([b]: readonly BufferNode[], o) => run([b.storage.elementsAs(b.dtype), o.elementsAs(dtype)], [b, layout], params as never, 0, units),
  };
}

/**
 * Real rows sort with typed-array sorts on the pool: rows in runs of about 32768 elements, or
 * (when there is a pool) one long 1-d row as SEGMENT-long sorted segments merged level by
 * level, each level's output cut in independent chunks. A sort's result does not depend on
 * how it was cut (zeros keep their input order, the merges are stable), so both forms agree.
 */
function realSortNode(a: NDArray, axis: number): OpaqueNode {
  const d = a.dtype.id, n = a.shape[axis], shape = [...a.shape];
  const perElement = Math.max(1, Math.round(3 * Math.log2(Math.max(2, Math.min(n, SEGMENT)))));
  if (a.ndim === 1 && n > SEGMENT && SHARED && poolConfig.numThreads > 1) {
    let node = blockedNode("sort segments", "sortSegments", [a._node], shape, d, Math.ceil(n / SEGMENT), { dtype: d, n }, SEGMENT * perElement, sortSegments);
    for (let width = SEGMENT; width < n; width *= 2) {
      node = blockedNode(width * 2 >= n ? "sort" : "sort merge", "mergeLevel", [node], shape, d, Math.ceil(n / MERGE_CHUNK), { n, width }, MERGE_CHUNK * 3, mergeLevel);
    }
    return node;
  }
  const rowsPerUnit = Math.max(1, Math.floor(32768 / Math.max(1, n)));
  const rows = n ? sizeOf(shape) / n : 0;
  return blockedNode("sort", "sortRows", [a._node], shape, d, Math.ceil(rows / rowsPerUnit), { axis, dtype: d, rowsPerUnit }, rowsPerUnit * n * perElement, sortRows);
}

function argsortNode(a: NDArray, axis: number): OpaqueNode {
  const d = a.dtype.id, idx = new Int32Array(a.shape[axis] ?? 0);
  return rowNode("argsort", a, axis, toDType("int32"), (row, n, dst, base, stride) => {
    argsortRow(d, row, n, idx);
    for (let k = 0; k < n; k++) (dst as Int32Array)[base + k * stride] = idx[k];
  });
}

const sortArgs = (args: readonly unknown[]): SortOptions => argsOf(["axis", "kind", "order"], args) as SortOptions;

/** `np.sort(a, axis=-1, kind, order)`: a sorted copy (NaNs last). `np.sort(a, { axis: null })` flattens. */
export function sort(a: unknown, ...args: (number | null | string | SortOptions | undefined)[]): NDArray {
  const arr = asarray(a), o = sortArgs(args);
  if (arr.dtype.kind === "V") { checkKind(o.kind); return structuredOps.sort!(arr, o.axis, o.order, "sort")!; }
  checkKind(o.kind); checkOrder(o.order);
  const [x, axis] = onAxis(arr, o.axis);
  return lazy(sortNode(x, axis), x.dtype);
}

/** `np.argsort(a, axis=-1, kind, order)`: the indices (int32) that sort a; stable for every kind. */
export function argsort(a: unknown, ...args: (number | null | string | SortOptions | undefined)[]): NDArray {
  const arr = asarray(a), o = sortArgs(args);
  if (arr.dtype.kind === "V") { checkKind(o.kind); return structuredOps.sort!(arr, o.axis, o.order, "argsort")!; }
  checkKind(o.kind); checkOrder(o.order);
  const [x, axis] = onAxis(arr, o.axis);
  return lazy(argsortNode(x, axis), toDType("int32"));
}

/** `a.sort(axis=-1, kind, order)`: sorts a in place (after pending readers of a have read it). */
export function sortInPlace(a: NDArray, ...args: (number | string | SortOptions | undefined)[]): void {
  const o = sortArgs(args);
  if (a.dtype.kind === "V") {
    checkKind(o.kind);
    if (o.axis === null) throw new TypeError(sortMsg.axisNone);
    if (!a._writeable) throw new ValueError(sortMsg.readonly("sort"));
    structuredOps.sort!(a, o.axis, o.order, "inplace");
    return;
  }
  checkKind(o.kind); checkOrder(o.order);
  if (o.axis === null) throw new TypeError(sortMsg.axisNone);
  const [, axis] = onAxis(a, o.axis);
  if (!a._writeable) throw new ValueError(sortMsg.readonly("sort"));
  const sorted = lazy(sortNode(a, axis), a.dtype).evalSync();
  assignNode(a, sorted._node);
}

/** kth as non-negative ranks on an axis of n (NumPy's bounds error), ascending. */
function kthList(kth: unknown, n: number): number[] {
  const raw = kth instanceof NDArray ? (kth.tolist() as unknown) : kth;
  const list = (Array.isArray(raw) ? raw.flat(Infinity) : [raw]) as unknown[];
  return list.map((k) => {
    if (typeof k === "boolean") throw new TypeError(sortMsg.kthBool);
    if (typeof k !== "number" && typeof k !== "bigint") throw new TypeError(sortMsg.kthInt);
    let v = Number(k);
    if (!Number.isInteger(v)) throw new TypeError(sortMsg.kthInt);
    if (v < 0) v += n;
    if (v < 0 || v >= n) throw new ValueError(sortMsg.kth(v, n));
    return v;
  }).sort((x, y) => x - y);
}

const partArgs = (args: readonly unknown[]): PartitionOptions => argsOf(["axis", "kind", "order"], args) as PartitionOptions;

function checkPartitionKind(kind: unknown): void {
  if (kind !== undefined && kind !== null && kind !== "introselect") throw new ValueError(sortMsg.partitionKind(String(kind)));
}

/**
 * `np.partition(a, kth, axis=-1)`: a copy with the kth-ranked values in place, smaller ones
 * before, larger after (introselect for real rows without NaN, else a sort).
 */
export function partition(a: unknown, kth: number | readonly number[] | NDArray, ...args: (number | null | string | PartitionOptions | undefined)[]): NDArray {
  const arr = asarray(a), o = partArgs(args);
  checkPartitionKind(o.kind); checkOrder(o.order);
  const [x, axis] = onAxis(arr, o.axis);
  const n = x.shape[axis] ?? 0, d = x.dtype.id;
  const ks = x.size === 0 ? [] : kthList(kth, n);
  const select = d !== "str" && !isComplex(d);
  const node = rowNode("partition", x, axis, x.dtype, (row, m, dst, base, stride) => {
    const f = row as Float64Array;
    let nan = false;
    if (d === "float64" || d === "float32") for (let i = 0; i < m; i++) if (f[i] !== f[i]) { nan = true; break; }
    if (select && !nan) selectRanks(row as RealRow, m, ks);
    else sortRow(d, row, m);
    writeRow(d, row, m, dst, base, stride);
  });
  return lazy(node, x.dtype);
}

/** `np.argpartition(a, kth, axis=-1)`: indices (int32) that partition a (introselect; rows with NaNs: a stable argsort). */
export function argpartition(a: unknown, kth: number | readonly number[] | NDArray, ...args: (number | null | string | PartitionOptions | undefined)[]): NDArray {
  const arr = asarray(a), o = partArgs(args);
  checkPartitionKind(o.kind); checkOrder(o.order);
  const [x, axis] = onAxis(arr, o.axis);
  const ks = x.size === 0 ? [] : kthList(kth, x.shape[axis]), d = x.dtype.id, idx = new Int32Array(x.shape[axis] ?? 0);
  const node = rowNode("argpartition", x, axis, toDType("int32"), (row, n, dst, base, stride) => {
    argpartitionRow(d, row, n, ks, idx);
    for (let k = 0; k < n; k++) (dst as Int32Array)[base + k * stride] = idx[k];
  });
  return lazy(node, toDType("int32"));
}

/** `a.partition(kth, axis)`: partitions a in place. */
export function partitionInPlace(a: NDArray, kth: number | readonly number[] | NDArray, ...args: (number | string | PartitionOptions | undefined)[]): void {
  if (!a._writeable) throw new ValueError(sortMsg.readonly("partition"));
  const p = partition(a, kth, ...args).evalSync();
  assignNode(a, p._node);
}

/**
 * `np.lexsort(keys, axis=-1)`: indices (int32) sorting by the last key, then the one before, ...
 * `np.lexsort([surnames, firstNames])` sorts by first name, ties by surname.
 */
export function lexsort(keys: unknown, axis: number | { axis?: number } = -1): NDArray {
  const ax0 = typeof axis === "object" ? axis.axis ?? -1 : axis;
  let list: NDArray[];
  if (keys instanceof NDArray) {
    if (keys.ndim === 0) throw new TypeError(sortMsg.lexsortKeys);
    list = Array.from({ length: keys.shape[0] }, (_, i) => keys.get(i));
  } else if (Array.isArray(keys)) list = keys.map((k) => asarray(k));
  else throw new TypeError(sortMsg.lexsortKeys);
  if (list.length === 0) throw new TypeError(sortMsg.lexsortKeys);
  const shape = list[0].shape;
  if (list.some((k) => k.shape.length !== shape.length || k.shape.some((s, i) => s !== shape[i]))) throw new ValueError(sortMsg.lexsortShape);
  const nd = shape.length;
  if (nd === 0) {
    if (ax0 !== 0 && ax0 !== -1) throw new AxisError(msg.axis(ax0, Math.max(nd, 1)));
    return lazy({ kind: "opaque", id: newNodeId(), name: "lexsort", dtype: "int32", shape: [], inputs: [], run: (_i, o) => { (o.elementsAs("int32") as Int32Array)[0] = 0; } }, toDType("int32"));
  }
  if (!Number.isInteger(ax0) || ax0 < -nd || ax0 >= nd) throw new AxisError(msg.axis(ax0, nd));
  const axis1 = ax0 < 0 ? ax0 + nd : ax0, n = shape[axis1];
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "lexsort", dtype: "int32", shape: [...shape], inputs: list.map((k) => k._node),
    run: (bs, o) => {
      if (sizeOf(shape) === 0) return;
      // each key's rows, in the same order
      const rows = bs.map((b) => {
        const got: Row[] = [];
        const row = scratchFor(b.dtype, n);
        forEachRow(b, axis1, row, () => got.push((row as unknown as { slice(): Row }).slice()));
        return got;
      });
      const dst = o.elementsAs("int32") as Int32Array, idx = new Int32Array(n);
      let r = 0;
      const tmp = scratchFor(bs[0].dtype, n);
      forEachRow(bs[0], axis1, tmp, (base, stride) => {
        for (let i = 0; i < n; i++) idx[i] = i;
        bs.forEach((b, k) => mergeSortIndices(idx, n, lessOf(b.dtype, rows[k][r])));
        for (let i = 0; i < n; i++) dst[base + i * stride] = idx[i];
        r++;
      });
    },
  };
  return lazy(node, toDType("int32"));
}

export interface SearchOptions { side?: "left" | "right"; sorter?: unknown }

/** `np.searchsorted(a, v, side="left", sorter)`: where v's elements would go in the sorted 1-D a (int32). */
export function searchsorted(a: unknown, v: unknown, ...args: (string | unknown | SearchOptions | undefined)[]): NDArray {
  const o = argsOf(["side", "sorter"], args) as SearchOptions;
  const side = o.side ?? "left";
  if (side !== "left" && side !== "right" && !/^[lr]/i.test(String(side))) throw new ValueError(sortMsg.side(String(side)));
  const right = /^r/i.test(String(side));
  let arr = asarray(a);
  if (arr.ndim !== 1) throw new ValueError(sortMsg.tooDeep);
  let vals = asarray(v);
  const d = promoteTypes(arr.dtype, vals.dtype);
  if (arr.dtype !== d) arr = lazy(copyNode(arr, d), d);
  if (vals.dtype !== d) vals = lazy(copyNode(vals, d), d);
  let sorter: NDArray | null = null;
  if (o.sorter !== undefined && o.sorter !== null) {
    sorter = asarray(o.sorter);
    if (sorter.ndim !== 1 || sorter.size !== arr.size) throw new ValueError(sortMsg.sorterSize);
    if (sorter.dtype.kind !== "i" && sorter.dtype.kind !== "u") throw new TypeError(sortMsg.sorterType);
  }
  const n = arr.size, m = vals.size, vShape = [...vals.shape];
  const flatV = vals.ndim === 1 ? vals : shapes.ravel(vals);
  const node: OpaqueNode = {
    kind: "opaque", id: newNodeId(), name: "searchsorted", dtype: "int32", shape: vShape,
    inputs: sorter ? [arr._node, flatV._node, sorter._node] : [arr._node, flatV._node],
    run: (bs, out) => {
      if (m === 0) return;
      // a's elements then v's in one scratch row, so one comparison serves both
      const row = scratchFor(d.id, n + m);
      let k = 0;
      const tmpA = scratchFor(d.id, n), tmpV = scratchFor(d.id, m), lanes = isComplex(d.id) ? 2 : 1;
      const put = (src: Row, len: number) => { for (let i = 0; i < len * lanes; i++) (row as unknown as unknown[])[k++] = (src as unknown as unknown[])[i]; };
      forEachRow(bs[0], 0, tmpA, () => put(tmpA, n));
      forEachRow(bs[1], 0, tmpV, () => put(tmpV, m));
      let perm: Int32Array | null = null;
      if (bs[2]) {
        const s = new Float64Array(n);
        const sRow = scratchFor(bs[2].dtype, n);
        forEachRow(bs[2], 0, sRow, () => { for (let i = 0; i < n; i++) s[i] = Number((sRow as unknown as number[])[i]); });
        perm = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          if (s[i] < 0 || s[i] >= n) throw new ValueError(sortMsg.sorterBounds);
          perm[i] = s[i];
        }
      }
      const less = lessOf(d.id, row), dst = out.elementsAs("int32") as Int32Array;
      for (let j = 0; j < m; j++) {
        const x = n + j;
        let lo = 0, hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1, at = perm ? perm[mid] : mid;
          const goRight = right ? !less(x, at) : less(at, x);
          if (goRight) lo = mid + 1; else hi = mid;
        }
        dst[j] = lo;
      }
    },
  };
  return lazy(node, toDType("int32"));
}

/** `np.sortComplex(a)`: a sorted along its last axis, as complex (NumPy's `sort_complex`). */
export function sortComplex(a: unknown): NDArray {
  const s = sort(a);
  if (s.dtype.kind === "c") return s;
  const t = toDType(["int8", "int16", "uint8", "uint16"].includes(s.dtype.id) ? "complex64" : "complex128");
  return lazy(copyNode(s, t), t);
}
