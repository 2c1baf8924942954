// Sorting structured arrays: records compare field by field (the `order` fields first, then
// the rest in dtype order), sub-arrays and nested records lexicographically, as NumPy's
// void comparison does. The indices come from a stable sort in JS; the records are then
// gathered field by field.

import { ValueError } from "../../runtime/errors.js";
import { NDArray, structuredOps } from "../ndarray.js";
import { array as plainArray } from "../creation.js";
import { takeAlongAxis } from "../select.js";
import { normAxis } from "../broadcast.js";

type SortMode = "sort" | "argsort" | "inplace";

/** NumPy's order of two field values: numbers (NaN last), bigints, strings, booleans, arrays item by item. */
function compareValues(x: unknown, y: unknown): number {
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < x.length; i++) {
      const c = compareValues(x[i], y[i]);
      if (c) return c;
    }
    return 0;
  }
  if (typeof x === "number" && typeof y === "number") {
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
    // complex: real part first, then imaginary
    const a = x as { re: number; im: number }, b = y as { re: number; im: number };
    return compareValues([a.re, a.im], [b.re, b.im]);
  }
  const a = x as string | bigint | boolean, b = y as string | bigint | boolean;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's == of two field values (NaN unequal to itself), item by item for arrays. */
function sameValue(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.every((v, i) => sameValue(v, y[i]));
  if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
    const a = x as { re: number; im: number }, b = y as { re: number; im: number };
    return a.re === b.re && a.im === b.im;
  }
  return x === y;
}

/** The field positions records compare by: `order`'s names first, then the others. */
function fieldOrder(a: NDArray, order: string | readonly string[] | null | undefined): number[] {
  const names = a.dtype.names!;
  const first = (order === null || order === undefined ? [] : typeof order === "string" ? [order] : [...order]).map((n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new ValueError(`unknown field name: ${n}`);
    return i;
  });
  return [...first, ...names.map((_, i) => i).filter((i) => !first.includes(i))];
}

/** Indices (int32) that sort `a`'s records along `axis` (stable). */
function argsortRecords(a: NDArray, axis: number, fields: readonly number[]): NDArray {
  const nd = a.ndim, perm = [...Array(nd).keys()].filter((d) => d !== axis).concat(axis);
  const t = a.transpose(perm), n = a.shape[axis], rows = n ? t.size / n : 0;
  const recs = (n ? t.reshape(rows, n) : t).tolist() as unknown[][][];
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = recs[r];
    const idx = Array.from({ length: n }, (_, k) => k);
    idx.sort((i, j) => {
      for (const f of fields) {
        const c = compareValues(row[i][f], row[j][f]);
        if (c) return c;
      }
      return i - j;
    });
    out.push(idx);
  }
  const sorted = plainArray(out.flat(), { dtype: "int32" }).reshape(t.shape as number[]);
  const inverse = perm.map((_, d) => perm.indexOf(d));
  return sorted.transpose(inverse);
}

/** `np.sort` / `np.argsort` / `a.sort()` of a structured array. */
function sortStructured(a: NDArray, axisArg: number | null | undefined, order: string | readonly string[] | null | undefined, mode: SortMode): NDArray | undefined {
  const fields = fieldOrder(a, order);
  let x = a, axis: number;
  if (axisArg === null) {
    x = a.ravel();
    axis = 0;
  } else axis = normAxis(axisArg ?? -1, a.ndim);
  if (x.ndim === 0) return mode === "argsort" ? plainArray(0, { dtype: "int32" }) : mode === "sort" ? x.copy() : undefined;
  const idx = argsortRecords(x, axis, fields);
  if (mode === "argsort") return idx;
  const sorted = takeAlongAxis(x, idx, axis);
  if (mode === "sort") return sorted;
  a.set([], sorted);
  return undefined;
}

/** NumPy's unique of records (flattened): the stable sort order, group starts, and the first of each group. */
function uniqueRecords(a: NDArray): { values: NDArray; perm: Int32Array; mask: Uint8Array } {
  const flat = a.ravel(), n = flat.size, fields = fieldOrder(a, null);
  const perm = Int32Array.from(n ? (argsortRecords(flat, 0, fields).tolist() as number[]) : []);
  const recs = flat.tolist() as unknown[][];
  const mask = new Uint8Array(n);
  // records group when every field is == (NaN never is: NumPy does not merge NaN records)
  for (let i = 0; i < n; i++) mask[i] = i === 0 || fields.some((f) => !sameValue(recs[perm[i]][f], recs[perm[i - 1]][f])) ? 1 : 0;
  const keep = [...perm].filter((_, i) => mask[i] === 1);
  return { values: takeAlongAxis(flat, plainArray(keep, { dtype: "int32" }), 0), perm, mask };
}

structuredOps.sort = sortStructured;
structuredOps.unique = uniqueRecords;
