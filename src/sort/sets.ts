// np.unique and the set routines of NumPy 1.24's arraysetops. unique's length depends on
// the data, so it (and everything built on it) evaluates its input at the call; isin and
// in1d keep a static shape and stay lazy.

import { newNodeId, type OpaqueNode } from "../../compiler/ir.js";
import { allocStorage } from "../../runtime/buffer.js";
import type { DTypeId, Elements } from "../../runtime/dtypes.js";
import { STORAGE } from "../../runtime/dtypes.js";
import { AxisError, ValueError, msg, sortMsg } from "../../runtime/errors.js";
import { cStrides } from "../../compiler/ir.js";
import { dtype as toDType, promoteTypes, type DType } from "../dtype.js";
import { NDArray, fromBuffer, lazy, structuredOps } from "../ndarray.js";
import { asarray, copyNode } from "../creation.js";
import { argsOf, concatenate, copyStrided } from "../join.js";
import * as shapes from "../shape.js";
import { intArray, take } from "../select.js";
import { argsortRow, equalOf, gather, isComplex, isNaNAt, lessOf, mergeSortIndices, scratchFor, sortRow, type Row } from "./rows.js";

/** The elements of `a` in C order, read now into a scratch row. */
function flatRow(a: NDArray): Row {
  const b = a._buffer(), n = a.size, row = scratchFor(a.dtype.id, n);
  copyStrided(b.shape, b.storage.elementsAs(b.dtype), b.offset, b.strides, row as Elements, 0, cStrides(b.shape), STORAGE[b.dtype].lanes);
  return row;
}

/** A new 1-D array of dtype d holding the first n elements of a scratch row. */
function fromRow(d: DType, row: Row, n: number): NDArray {
  const s = allocStorage(d.id, n), lanes = STORAGE[d.id].lanes;
  copyStrided([n], row as Elements, 0, [1], s.elementsAs(d.id), 0, [1], lanes);
  return fromBuffer(s, d, { shape: [n], strides: [1], offset: 0 });
}


export interface UniqueOptions {
  returnIndex?: boolean; returnInverse?: boolean; returnCounts?: boolean;
  axis?: number | null; equalNan?: boolean;
}

/**
 * NumPy's `_unique1d` over a flat scratch row: the first-of-group mask over the sorted
 * order `perm` (all NaNs one group when equalNan).
 */
function uniqueMask(d: DTypeId, v: Row, perm: Int32Array, n: number, equalNan: boolean): Uint8Array {
  const mask = new Uint8Array(n);
  if (n === 0) return mask;
  const eq = equalOf(d, v), nan = isNaNAt(d, v);
  mask[0] = 1;
  let first = n; // first NaN in sorted order
  if (equalNan && nan(perm[n - 1])) {
    // NaNs sort last (complex: every element with a NaN part)
    first = 0;
    while (!nan(perm[first])) first++;
  }
  for (let i = 1; i < Math.min(first, n); i++) mask[i] = eq(perm[i], perm[i - 1]) ? 0 : 1;
  if (first < n) { mask[first] = 1; for (let i = first + 1; i < n; i++) mask[i] = 0; }
  return mask;
}

/** The pieces NumPy's unique returns, from a sorted order and its group mask. */
function uniqueParts(values: NDArray, perm: Int32Array, mask: Uint8Array, o: UniqueOptions): NDArray[] {
  const n = perm.length, firsts: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) firsts.push(i);
  const out = [values];
  if (o.returnIndex) out.push(intArray(Int32Array.from(firsts, (i) => perm[i])));
  if (o.returnInverse) {
    const inv = new Int32Array(n);
    let g = -1;
    for (let i = 0; i < n; i++) { if (mask[i]) g++; inv[perm[i]] = g; }
    out.push(intArray(inv));
  }
  if (o.returnCounts) out.push(intArray(Int32Array.from(firsts, (f, j) => (j + 1 < firsts.length ? firsts[j + 1] : n) - f)));
  return out;
}

/**
 * `np.unique(ar, { returnIndex, returnInverse, returnCounts, axis, equalNan })`: the sorted
 * unique elements; with any `return*` flag, a list [values, index?, inverse?, counts?].
 */
export function unique(ar: unknown, ...args: (boolean | number | null | UniqueOptions | undefined)[]): NDArray | NDArray[] {
  const o = argsOf(["returnIndex", "returnInverse", "returnCounts", "axis"], args) as UniqueOptions;
  const a = asarray(ar), equalNan = o.equalNan ?? true;
  const many = Boolean(o.returnIndex || o.returnInverse || o.returnCounts);
  let parts: NDArray[];
  if (a.dtype.kind === "V" && (o.axis === undefined || o.axis === null)) {
    const { values, perm, mask } = structuredOps.unique!(a); // records, compared field by field
    parts = uniqueParts(values, perm, mask, o);
  } else if (o.axis === undefined || o.axis === null) {
    const d = a.dtype.id, v = flatRow(a), n = a.size, perm = new Int32Array(n);
    if (o.returnIndex || o.returnInverse) argsortRow(d, v, n, perm);
    else { sortRow(d, v, n); for (let i = 0; i < n; i++) perm[i] = i; } // NumPy's ar.sort(): the values alone
    const mask = uniqueMask(d, v, perm, n, equalNan);
    let m = 0;
    for (let i = 0; i < n; i++) m += mask[i];
    const keep = new Int32Array(m); // the first element of each group
    for (let i = 0, k = 0; i < n; i++) if (mask[i]) keep[k++] = perm[i];
    gather(d, v, keep, m);
    parts = uniqueParts(fromRow(a.dtype, v, m), perm, mask, o);
  } else {
    const nd = a.ndim, ax = o.axis;
    if (!Number.isInteger(ax) || ax < -nd || ax >= nd) throw new AxisError(msg.axis(ax, nd));
    const axis = ax < 0 ? ax + nd : ax;
    const moved = shapes.moveaxis(a, axis, 0), n = moved.shape[0], w = n ? moved.size / n : 0;
    const d = a.dtype.id, v = flatRow(moved), less = lessOf(d, v), eq = equalOf(d, v);
    // rows compare lexicographically, equal when every element is (NumPy's structured view)
    const rowLess = (i: number, j: number) => {
      for (let k = 0; k < w; k++) {
        const x = i * w + k, y = j * w + k;
        if (less(x, y)) return true;
        if (less(y, x)) return false;
      }
      return false;
    };
    const perm = new Int32Array(n).map((_, i) => i);
    mergeSortIndices(perm, n, rowLess);
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      mask[i] = 1;
      if (i > 0) { let same = true; for (let k = 0; k < w && same; k++) same = eq(perm[i] * w + k, perm[i - 1] * w + k); mask[i] = same ? 0 : 1; }
    }
    const keep = Int32Array.from(perm.filter((_, i) => mask[i] === 1));
    const vals = take(a, intArray(keep), axis).evalSync();
    parts = uniqueParts(vals, perm, mask, o);
  }
  return many ? parts : parts[0];
}

/** The sorted elements of a 1-D scratch row (NumPy's `aux.sort()`), as an array. */
function sortedOf(a: NDArray): { d: DTypeId; v: Row; n: number } {
  const d = a.dtype.id, v = flatRow(a), n = a.size;
  sortRow(d, v, n);
  return { d, v, n };
}

/** Both arrays flattened and cast to their common dtype. */
function common(ar1: unknown, ar2: unknown): [NDArray, NDArray, DType] {
  const a = asarray(ar1), b = asarray(ar2), d = promoteTypes(a.dtype, b.dtype);
  const cast = (x: NDArray) => shapes.ravel(x.dtype === d ? x : lazy(copyNode(x, d), d));
  return [cast(a), cast(b), d];
}

/** `np.union1d(ar1, ar2)`: the sorted unique elements of both. */
export function union1d(ar1: unknown, ar2: unknown): NDArray {
  return unique(concatenate([shapes.ravel(asarray(ar1)), shapes.ravel(asarray(ar2))])) as NDArray;
}

export interface IntersectOptions { assumeUnique?: boolean; returnIndices?: boolean }

/** `np.intersect1d(ar1, ar2, { assumeUnique, returnIndices })`: sorted common elements (and where they are). */
export function intersect1d(ar1: unknown, ar2: unknown, ...args: (boolean | IntersectOptions | undefined)[]): NDArray | NDArray[] {
  const o = argsOf(["assumeUnique", "returnIndices"], args) as IntersectOptions;
  let a = shapes.ravel(asarray(ar1)), b = shapes.ravel(asarray(ar2));
  let ind1: NDArray | null = null, ind2: NDArray | null = null;
  if (!o.assumeUnique) {
    if (o.returnIndices) {
      [a, ind1] = unique(a, { returnIndex: true }) as NDArray[];
      [b, ind2] = unique(b, { returnIndex: true }) as NDArray[];
    } else { a = unique(a) as NDArray; b = unique(b) as NDArray; }
  }
  const aux = concatenate([a, b]).evalSync(), d = aux.dtype.id, v = flatRow(aux), n = aux.size;
  const perm = new Int32Array(n);
  argsortRow(d, v, n, perm); // NumPy's mergesort: stable
  const eq = equalOf(d, v), hits: number[] = [];
  for (let i = 0; i + 1 < n; i++) if (eq(perm[i + 1], perm[i])) hits.push(i);
  const keep = Int32Array.from(hits, (i) => perm[i]);
  gather(d, v, keep, keep.length);
  const values = fromRow(aux.dtype, v, keep.length);
  if (!o.returnIndices) return values;
  const i1 = Int32Array.from(hits, (i) => perm[i]), i2 = Int32Array.from(hits, (i) => perm[i + 1] - a.size);
  const map = (ind: NDArray | null, i: Int32Array) => {
    if (!ind) return intArray(i);
    const src = ind.tolist() as number[];
    return intArray(i.map((k) => src[k]));
  };
  return [values, map(ind1, i1), map(ind2, i2)];
}

/** `np.setdiff1d(ar1, ar2, assumeUnique)`: the unique elements of ar1 not in ar2. */
export function setdiff1d(ar1: unknown, ar2: unknown, ...args: (boolean | { assumeUnique?: boolean } | undefined)[]): NDArray {
  const o = argsOf(["assumeUnique"], args) as { assumeUnique?: boolean };
  let a = shapes.ravel(asarray(ar1)), b = asarray(ar2);
  if (!o.assumeUnique) { a = unique(a) as NDArray; b = unique(b) as NDArray; }
  const m = in1d(a, b, { assumeUnique: true, invert: true }).evalSync();
  return a.get(m).evalSync();
}

/** `np.setxor1d(ar1, ar2, assumeUnique)`: the sorted elements in exactly one of the two. */
export function setxor1d(ar1: unknown, ar2: unknown, ...args: (boolean | { assumeUnique?: boolean } | undefined)[]): NDArray {
  const o = argsOf(["assumeUnique"], args) as { assumeUnique?: boolean };
  let a = asarray(ar1), b = asarray(ar2);
  if (!o.assumeUnique) { a = unique(a) as NDArray; b = unique(b) as NDArray; }
  const aux = concatenate([shapes.ravel(a), shapes.ravel(b)]).evalSync();
  const { d, v, n } = sortedOf(aux);
  if (n === 0) return aux;
  const eq = equalOf(d, v), keep: number[] = [];
  for (let i = 0; i < n; i++) if ((i === 0 || !eq(i, i - 1)) && (i === n - 1 || !eq(i + 1, i))) keep.push(i);
  gather(d, v, Int32Array.from(keep), keep.length);
  return fromRow(aux.dtype, v, keep.length);
}

export interface InOptions { assumeUnique?: boolean; invert?: boolean; kind?: string | null }

/** A membership key of element i: equal keys exactly when NumPy's `==` holds (NaN: none). */
function keysOf(d: DTypeId, v: Row, n: number): (string | number | bigint | null)[] {
  const out = new Array<string | number | bigint | null>(n), nan = isNaNAt(d, v);
  if (isComplex(d)) {
    const c = v as Float64Array;
    for (let i = 0; i < n; i++) out[i] = nan(i) ? null : `${c[2 * i] + 0},${c[2 * i + 1] + 0}`;
  } else {
    const w = v as unknown as (number | bigint | string)[];
    for (let i = 0; i < n; i++) out[i] = nan(i) ? null : w[i];
  }
  return out;
}

/** The node computing, for each element of a (flat), whether it is among b's (xor invert). */
function memberNode(a: NDArray, b: NDArray, d: DType, invert: boolean, shape: readonly number[]): OpaqueNode {
  const n = a.size, m = b.size;
  return {
    kind: "opaque", id: newNodeId(), name: "isin", dtype: "bool", shape: [...shape], inputs: [a._node, b._node],
    run: ([ba, bb], out) => {
      const read = (x: typeof ba, len: number) => {
        const row = scratchFor(d.id, len);
        copyStrided(x.shape, x.storage.elementsAs(x.dtype), x.offset, x.strides, row as Elements, 0, cStrides(x.shape), STORAGE[d.id].lanes);
        return keysOf(d.id, row, len);
      };
      const set = new Set<unknown>(read(bb, m).filter((k) => k !== null));
      const ka = read(ba, n), dst = out.elementsAs("bool") as Uint8Array;
      for (let i = 0; i < n; i++) dst[i] = (ka[i] !== null && set.has(ka[i] as string)) !== invert ? 1 : 0;
    },
  };
}

/** NumPy's `kind` check: null, "sort" or "table" (integers and booleans only); each gives the same answer here. */
function checkInKind(kind: unknown, a: NDArray, b: NDArray): void {
  if (kind === undefined || kind === null || kind === "sort") return;
  if (kind !== "table") throw new ValueError(sortMsg.inKind(String(kind)));
  if (![a, b].every((x) => "biu".includes(x.dtype.kind))) throw new ValueError(sortMsg.inTable);
}

/** `np.in1d(ar1, ar2, assumeUnique, invert)`: for each element of ar1 (flattened), whether it is in ar2. */
export function in1d(ar1: unknown, ar2: unknown, ...args: (boolean | InOptions | undefined)[]): NDArray {
  const o = argsOf(["assumeUnique", "invert"], args) as InOptions;
  const [a, b, d] = common(ar1, ar2);
  checkInKind(o.kind, asarray(ar1), asarray(ar2));
  return lazy(memberNode(a, b, d, Boolean(o.invert), [a.size]), toDType("bool"));
}

/** `np.isin(element, testElements, { assumeUnique, invert })`: in1d in element's shape. */
export function isin(element: unknown, testElements: unknown, ...args: (boolean | InOptions | undefined)[]): NDArray {
  const o = argsOf(["assumeUnique", "invert"], args) as InOptions;
  const e = asarray(element);
  const [a, b, d] = common(e, testElements);
  checkInKind(o.kind, e, asarray(testElements));
  return lazy(memberNode(a, b, d, Boolean(o.invert), e.shape), toDType("bool"));
}
