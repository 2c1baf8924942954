// Checks src/sort/ against NumPy 1.24 (test/fixtures/sort.json, written by
// test/fixtures/gen_sort.py: each call recorded as data and replayed here) in both
// evaluation modes; partition results by the kth values and the partition property;
// then what the values do not show: zero signs, in-place sort, laziness.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import * as sorting from "../../src/sort/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { checker, fixtureFile, decodeArray } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values: EncValue[] }
type Arg = number | string | boolean | null | Arg[]
  | { array: EncArray; view?: string; pending?: boolean };
interface Call { fn: string; args: Arg[]; kw: Record<string, Arg>; tol: number; intp?: boolean; check?: "partition"; values?: EncValue[]; error?: string }

const file = fixtureFile("sort");
const check = checker(file);
const calls = file.cases as unknown as Record<string, Call>;



function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  let arr = decodeArray(a.array);
  if (a.pending) arr = arr.mul(1);
  if (a.view) arr = a.view === "T" ? arr.T : arr.get(a.view);
  return arr;
}

const fns = sorting as unknown as Record<string, (...a: unknown[]) => unknown>;

function replay(c: Call): unknown {
  const args = c.args.map(decode);
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  return fns[c.fn](...args, ...(Object.keys(kw).length ? [kw] : []));
}

/** Rows of `a` along `axis` (null: flat) as JS arrays. */
function rowsOf(a: NDArray, axis: number | null | undefined): unknown[][] {
  const m = axis === null ? a.ravel() : np.moveaxis(a, axis ?? -1, -1);
  const n = m.shape[m.ndim - 1];
  return m.size === 0 ? [] : (m.reshape(-1, n).tolist() as unknown[][]);
}

/** NumPy's sort order of two JS values (NaN parts last; complex lexicographic). */
function le(x: unknown, y: unknown): boolean {
  const key = (v: unknown): [number, number] => typeof v === "object" && v !== null ? [(v as { re: number }).re, (v as { im: number }).im] : [Number(v), 0];
  if (typeof x === "bigint" || typeof y === "bigint") return (x as bigint) <= (y as bigint);
  const [a, b] = key(x), [c, d] = key(y);
  const lt = (p: number, q: number) => p < q || (q !== q && p === p);
  if (lt(a, c)) return true;
  if (lt(c, a)) return false;
  return !lt(d, b);
}

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? String(v) : Number.isNaN(v) ? "nan" : v)) === JSON.stringify(y, (_k, v) => (typeof v === "bigint" ? String(v) : Number.isNaN(v) ? "nan" : v));

/** partition / argpartition: the kth values equal the sorted array's; smaller ones before, larger after. */
function checkPartition(name: string, c: Call): void {
  const input = decode(c.args[0]) as NDArray, kth = c.args[1] as number | number[], axis = c.kw.axis as number | null | undefined;
  const r = replay(c) as NDArray;
  const sortedRows = rowsOf(np.sort(input, { axis: axis === undefined ? -1 : axis }), axis);
  let rows: unknown[][];
  if (c.fn === "argpartition") {
    expect(String(r.dtype), name).toBe("int32");
    const inRows = rowsOf(input, axis);
    rows = rowsOf(r, axis).map((ix, i) => (ix as number[]).map((j) => inRows[i][j]));
  } else {
    expect(String(r.dtype), name).toBe(input.dtype.toString());
    rows = rowsOf(r, axis);
  }
  expect(rows.length, name).toBe(sortedRows.length);
  rows.forEach((row, i) => {
    const n = row.length;
    expect(same([...row].sort((x, y) => (le(x, y) ? (le(y, x) ? 0 : -1) : 1)), sortedRows[i]), `${name}: row ${i} is a permutation`).toBe(true);
    for (const k0 of [kth].flat()) {
      const k = k0 < 0 ? k0 + n : k0;
      expect(same(row[k], sortedRows[i][k]), `${name}: row ${i} kth ${k}`).toBe(true);
      for (let j = 0; j < n; j++) {
        if (j < k) expect(le(row[j], row[k]), `${name}: row ${i}: ${j} before kth ${k}`).toBe(true);
        if (j > k) expect(le(row[k], row[j]), `${name}: row ${i}: ${j} after kth ${k}`).toBe(true);
      }
    }
  });
}

/** Zero signs (the fixture's -0.0 survive JSON) of float results. */
function checkZeroSigns(name: string, c: Call, got: unknown): void {
  if (!c.values || !(got instanceof NDArray) || got.dtype.kind !== "f") return;
  const vals = got.ndim === 0 ? [got.item()] : (got.ravel().tolist() as number[]);
  c.values.forEach((e, i) => { if (e === 0) expect(Object.is(vals[i], e), `${name}: sign of zero at ${i}`).toBe(true); });
}

/**
 * Where NumPy's order of -0 and 0 is defined: stable kinds, and rows of up to 16 (its
 * introsort's insertion sort). Longer rows under quicksort/heapsort (np.sort's default,
 * unique's values) depend on NumPy's build (its AVX-512 sorts).
 */
function zeroOrderDefined(c: Call): boolean {
  if (c.fn !== "sort" && c.fn !== "unique" && c.fn !== "sortComplex") return true;
  const kind = c.kw.kind as string | undefined;
  if (kind === "stable" || kind === "mergesort") return true;
  const a = c.args[0] as { array?: EncArray };
  return !a.array || a.array.values.length <= 16 || c.kw.returnIndex === true || c.kw.returnInverse === true;
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("sorting vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(calls)) {
    it(name, () => {
      config.compile = compile;
      if (c.check === "partition" && !c.error) { checkPartition(name, c); return; }
      // unique and intersect1d lists: the values keep their dtype, the index arrays are intp
      const exp = c as unknown as { list?: { dtype: string }[] };
      const list = c.fn === "unique" || c.fn === "intersect1d" ? exp.list : undefined;
      if (list) list.forEach((e, i) => { if (i > 0 && e.dtype === "int64") e.dtype = "int32"; });
      check(name, () => replay(c), { tol: c.tol, intp: c.intp && !list });
      if (!c.error && zeroOrderDefined(c)) checkZeroSigns(name, c, replay(c));
    });
  }
});

describe("sorting: in place, laziness, methods", () => {
  it("a.sort() sorts in place, after pending readers of a have read it", () => {
    const a = np.array([[3, 1, 2], [0, 5, 4]]);
    const before = a.mul(10), s = np.sort(a, { axis: 0 });
    a.sort();
    expect(a.tolist()).toEqual([[1, 2, 3], [0, 4, 5]]);
    expect(before.tolist()).toEqual([[30, 10, 20], [0, 50, 40]]);
    expect(s.tolist()).toEqual([[0, 1, 2], [3, 5, 4]]);
    a.sort(0);
    expect(a.tolist()).toEqual([[0, 2, 3], [1, 4, 5]]);
  });

  it("in-place errors: axis null, read-only arrays", () => {
    const a = np.array([3, 1, 2]);
    expect(() => a.sort({ axis: null as unknown as number })).toThrow(new np.TypeError("'NoneType' object cannot be interpreted as an integer"));
    const r = np.broadcastTo(a, [2, 3]);
    expect(() => r.sort()).toThrow(new np.ValueError("sort array is read-only"));
    expect(() => r.partition(1)).toThrow(new np.ValueError("partition array is read-only"));
    expect(a.tolist()).toEqual([3, 1, 2]);
  });

  it("sorts a view in place, writing through to its base", () => {
    const a = np.array([5, 9, 1, 8, 3, 7]);
    a.get("::2").sort();
    expect(a.tolist()).toEqual([1, 9, 3, 8, 5, 7]);
    const b = np.array([4.0, 3.0, 2.0, 1.0]);
    b.partition(1);
    expect(b.item(1)).toBe(2);
  });

  it("results are lazy opaque nodes; the input keeps its order", () => {
    const a = np.array([3.5, -1, 2]).mul(2);
    const s = np.sort(a), i = np.argsort(a), k = np.searchsorted(np.array([1, 2, 3]), a);
    for (const r of [s, i, k]) expect(r.isPending).toBe(true);
    expect(s.explain()).toContain("opaque 'sort'");
    expect(s.tolist()).toEqual([-2, 4, 7]);
    expect(i.tolist()).toEqual([1, 2, 0]);
    expect(k.tolist()).toEqual([3, 0, 3]);
    expect(a.tolist()).toEqual([7, -2, 4]);
  });

  it("methods: argsort, argpartition, searchsorted; np exports", () => {
    const a = np.array([30, 10, 20]);
    expect(a.argsort().tolist()).toEqual([1, 2, 0]);
    expect((a.argpartition(0).tolist() as number[])[0]).toBe(1);
    expect(np.sort(a).searchsorted(20, { side: "right" }).item()).toBe(2);
    expect(np.unique).toBe(sorting.unique);
    expect(np.sortComplex(np.array([2, 1])).tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
  });

  it("a large float sort matches a JS sort, NaNs last", () => {
    const n = 100_000, v = Float64Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? NaN : Math.sin(i) * 1e3));
    const got = np.sort(np.array(v)).data as Float64Array;
    const want = v.slice().sort();
    expect(got.every((x, i) => Object.is(x, want[i]))).toBe(true);
    const idx = np.argsort(np.array(v), { kind: "stable" }).data as Int32Array;
    for (let i = 1; i < n; i++) {
      const p = v[idx[i - 1]], q = v[idx[i]];
      expect(p < q || (p === q && idx[i - 1] < idx[i]) || q !== q).toBe(true);
      if (q !== q && p !== p) expect(idx[i - 1] < idx[i]).toBe(true);
    }
  });
});
