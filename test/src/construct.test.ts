// Checks src/construct.ts against NumPy 1.24 (test/fixtures/construct.json, written by
// test/fixtures/gen_construct.py), then the properties NumPy's values do not show:
// laziness, shared memory, read-only views.
import { describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { check, untested, type Cases } from "./fixtures";

const I = (x: unknown) => np.array(x, { dtype: "int32" });
const F = (x: unknown) => np.array(x, { dtype: "float64" });
const A = (n: number, ...shape: number[]) => np.arange(n).reshape(shape.length ? shape : [n]);
const B = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const j = (re: number, im: number) => ({ re, im });
const LOG = { tol: 1e-13 };

const CASES: Cases = {
  // ---- logspace ----
  "logspace-basic": [() => np.logspace(0, 3, 4), LOG],
  "logspace-default-num": [() => np.logspace(-2, 2), LOG],
  "logspace-no-endpoint": [() => np.logspace(0, 2, 5, { endpoint: false }), LOG],
  "logspace-base2": [() => np.logspace(0, 10, 11, { base: 2 }), LOG],
  "logspace-base-kw": [() => np.logspace(1, 3, 3, true, 3.5), LOG],
  "logspace-neg": [() => np.logspace(3, -3, 7), LOG],
  "logspace-dtype-int": () => np.logspace(0, 3, 4, { dtype: "int32" }),
  "logspace-dtype-f4": [() => np.logspace(0, 3, 4, { dtype: "float32" }), { tol: 1e-7 }],
  "logspace-num0": () => np.logspace(0, 3, 0),
  "logspace-num1": [() => np.logspace(2, 3, 1), LOG],
  "logspace-num1-noend": [() => np.logspace(2, 3, { num: 1, endpoint: false }), LOG],
  "logspace-num-neg": () => np.logspace(0, 3, -1),
  "logspace-arrays": [() => np.logspace(F([0, 1]), F([2, 3]), 3), LOG],
  "logspace-arrays-axis1": [() => np.logspace(F([0, 1]), F([2, 3]), 3, { axis: 1 }), LOG],
  "logspace-arrays-axis-neg": [() => np.logspace(F([0, 1]), F([2, 3]), 3, { axis: -1 }), LOG],
  "logspace-f4": [() => np.logspace(np.array([0, 1], { dtype: "float32" }), np.array([2, 3], { dtype: "float32" }), 3), { tol: 1e-6 }],
  "logspace-equal-ends": [() => np.logspace(1, 1, 3), LOG],
  // ---- geomspace ----
  "geomspace-basic": [() => np.geomspace(1, 1000, 4), LOG],
  "geomspace-default-num": [() => np.geomspace(1, 256), LOG],
  "geomspace-no-endpoint": [() => np.geomspace(1, 1000, 3, { endpoint: false }), LOG],
  "geomspace-neg": [() => np.geomspace(-1, -1000, 4), LOG],
  "geomspace-reverse": [() => np.geomspace(1000, 1, 4), LOG],
  "geomspace-mixed-sign": [() => np.geomspace(-1, 1000, 4), LOG],
  "geomspace-int-dtype": () => np.geomspace(1, 1000, 4, { dtype: "int32" }),
  "geomspace-zero": () => np.geomspace(0, 10, 3),
  "geomspace-imag": [() => np.geomspace(j(0, 1), j(0, 1000), 4), LOG],
  "geomspace-complex": [() => np.geomspace(j(1, 1), j(16, 16), 5), LOG],
  "geomspace-complex-dtype": [() => np.geomspace(1, 100, 3, { dtype: "complex128" }), LOG],
  "geomspace-arrays": [() => np.geomspace(F([1, -1]), F([1000, -8]), 4), LOG],
  "geomspace-arrays-axis1": [() => np.geomspace(F([1, 10]), F([100, 1000]), 3, true, null, 1), LOG],
  "geomspace-num1": () => np.geomspace(5, 10, 1),
  "geomspace-num0": () => np.geomspace(5, 10, 0),
  // ---- diag / diagflat ----
  "diag-1d": () => np.diag(I([1, 2, 3])),
  "diag-1d-k1": () => np.diag(I([1, 2, 3]), 1),
  "diag-1d-kneg": () => np.diag(I([1, 2, 3]), { k: -2 }),
  "diag-1d-float": () => np.diag(F([1.5, -2.5])),
  "diag-1d-bool": () => np.diag(np.array([true, false, true])),
  "diag-1d-complex": () => np.diag(np.array([j(1, 2), j(3, -1)])),
  "diag-1d-str": () => np.diag(np.array(["ab", "c"])),
  "diag-1d-int64": () => np.diag(np.array([BigInt(2) ** BigInt(40), BigInt(-3)])),
  "diag-1d-empty": () => np.diag(F([])),
  "diag-1d-empty-k": () => np.diag(F([]), 2),
  "diag-2d": [() => np.diag(A(12, 3, 4)), { writeable: true }],
  "diag-2d-k1": [() => np.diag(A(12, 3, 4), 1), { writeable: true }],
  "diag-2d-kneg": () => np.diag(A(12, 3, 4), -1),
  "diag-2d-k-out": () => np.diag(A(12, 3, 4), 5),
  "diag-2d-k-out-neg": () => np.diag(A(12, 3, 4), -3),
  "diag-2d-transposed": () => np.diag(A(12, 3, 4).T, 1),
  "diag-2d-pending": [() => np.diag(A(12, 3, 4).mul(2), -1), { writeable: true }],
  "diag-2d-empty": () => np.diag(np.zeros([0, 3])),
  "diag-3d": () => np.diag(np.zeros([2, 2, 2])),
  "diag-0d": () => np.diag(np.array(5.5)),
  "diagflat-2d": () => np.diagflat(I([[1, 2], [3, 4]])),
  "diagflat-k": () => np.diagflat(I([[1, 2], [3, 4]]), 1),
  "diagflat-kneg": () => np.diagflat(F([1.5, 2.5]), -1),
  "diagflat-scalar": () => np.diagflat(np.array(7)),
  // ---- tri / tril / triu ----
  "tri-3": () => np.tri(3),
  "tri-3x5-k1": () => np.tri(3, 5, 1),
  "tri-kneg": () => np.tri(4, 3, -1),
  "tri-dtype-int": () => np.tri(3, 3, 0, "int32"),
  "tri-dtype-bool": () => np.tri(2, 4, { k: 2, dtype: "bool" }),
  "tri-M-neg": () => np.tri(3, -1),
  "tri-N-zero": () => np.tri(0),
  "tri-k-big": () => np.tri(2, 3, 10),
  "tril-2d": () => np.tril(A(9, 3, 3).add(1)),
  "tril-k1": () => np.tril(A(12, 3, 4).add(1), 1),
  "tril-kneg": () => np.tril(A(12, 4, 3).add(1), { k: -1 }),
  "tril-1d": () => np.tril(I([1, 2, 3])),
  "tril-3d": () => np.tril(A(18, 2, 3, 3).add(1)),
  "tril-float": () => np.tril(F([[1.5, 2.5], [3.5, 4.5]])),
  "tril-bool": () => np.tril(np.ones([3, 3], { dtype: "bool" })),
  "tril-str": () => np.tril(np.array([["a", "bb"], ["ccc", "d"]])),
  "tril-complex": () => np.tril(np.array([[j(1, 1), j(2, 0)], [j(3, 0), j(0, 4)]])),
  "tril-empty": () => np.tril(np.zeros([0, 3])),
  "tril-0d": () => np.tril(np.array(5)),
  "triu-2d": () => np.triu(A(9, 3, 3).add(1)),
  "triu-k1": () => np.triu(A(12, 3, 4).add(1), 1),
  "triu-kneg": () => np.triu(A(12, 4, 3).add(1), -1),
  "triu-1d": () => np.triu(I([1, 2, 3]), 1),
  "triu-3d": () => np.triu(A(18, 2, 3, 3).add(1)),
  "triu-int64": () => np.triu(np.array([[BigInt(2) ** BigInt(40), BigInt(1)], [BigInt(2), BigInt(3)]])),
  // ---- meshgrid ----
  "meshgrid-xy": () => np.meshgrid(I([1, 2, 3]), I([10, 20])),
  "meshgrid-ij": () => np.meshgrid(I([1, 2, 3]), I([10, 20]), { indexing: "ij" }),
  "meshgrid-3-xy": () => np.meshgrid(I([1, 2]), I([3, 4, 5]), I([6, 7, 8, 9])),
  "meshgrid-3-ij": () => np.meshgrid(I([1, 2]), I([3, 4, 5]), I([6, 7, 8, 9]), { indexing: "ij" }),
  "meshgrid-sparse": () => np.meshgrid(I([1, 2]), I([3, 4, 5]), { sparse: true }),
  "meshgrid-sparse-ij": () => np.meshgrid(I([1, 2]), I([3, 4, 5]), { sparse: true, indexing: "ij" }),
  "meshgrid-nocopy": () => np.meshgrid(I([1, 2]), I([3, 4, 5]), { copy: false }),
  "meshgrid-one": () => np.meshgrid(I([1, 2, 3])),
  "meshgrid-none": () => np.meshgrid(),
  "meshgrid-2d-input": () => np.meshgrid(I([[1, 2], [3, 4]]), F([0.5])),
  "meshgrid-mixed-dtypes": () => np.meshgrid(F([1.5, 2.5]), [true, false, true]),
  "meshgrid-empty": () => np.meshgrid(I([1, 2]), F([])),
  "meshgrid-bad-indexing": () => np.meshgrid(I([1]), { indexing: "xz" as "xy" }),
  // ---- indices ----
  "indices-2x3": () => np.indices([2, 3], "int32"),
  "indices-default": [() => np.indices([2, 2]), { intp: true }],
  "indices-float": () => np.indices([3], { dtype: "float64" }),
  "indices-3d": () => np.indices([2, 1, 3]),
  "indices-sparse": () => np.indices([2, 3], { sparse: true }),
  "indices-empty": () => np.indices([]),
  "indices-zero": () => np.indices([2, 0]),
  // ---- fromfunction ----
  "fromfunction-sum": () => np.fromfunction((i: np.NDArray, k: np.NDArray) => i.add(k), [2, 3]),
  "fromfunction-int": () => np.fromfunction((i: np.NDArray, k: np.NDArray) => i.mul(10).add(k), [3, 2], { dtype: "int32" }),
  "fromfunction-eq": () => np.fromfunction((i: np.NDArray, k: np.NDArray) => i.eq(k), [3, 3], { dtype: "int32" }),
  "fromfunction-1d": () => np.fromfunction((i: np.NDArray) => i.mul(i), 4),
  "fromfunction-kwargs": () => np.fromfunction((i: np.NDArray, k: np.NDArray, o: { scale: number }) => i.sub(k).mul(o.scale), [2, 2], { scale: 3 }),
  // ---- frombuffer ----
  "frombuffer-f8": () => np.frombuffer(F([1.5, 2, 3]).tobytes(), { dtype: "float64" }),
  "frombuffer-default": () => np.frombuffer(F([0.25, -1]).tobytes()),
  "frombuffer-u1": () => np.frombuffer(B("abcdefgh"), "uint8"),
  "frombuffer-i2": () => np.frombuffer(B("abcdefgh").buffer, "int16"),
  "frombuffer-i4-count": () => np.frombuffer(B("abcdefgh"), "int32", 1),
  "frombuffer-i4-offset": () => np.frombuffer(B("abcdefgh"), { dtype: "int32", offset: 4 }),
  "frombuffer-unaligned": () => np.frombuffer(B("xabcdefgh"), "<i4", -1, 1),
  "frombuffer-u2-offset-count": () => np.frombuffer(B("abcdefgh"), { dtype: "u2", count: 2, offset: 2 }),
  "frombuffer-i8": () => np.frombuffer(np.array([BigInt(2) ** BigInt(40), BigInt(-5)]).tobytes(), "int64"),
  "frombuffer-c16": () => np.frombuffer(np.array([j(1, 2), j(0, -3)]).tobytes(), "complex128"),
  "frombuffer-f4-count0": () => np.frombuffer(B("abcdefgh"), "float32", 0),
  "frombuffer-bool": () => np.frombuffer(new Uint8Array([0, 1, 1]), "bool"),
  "frombuffer-str": () => np.frombuffer(new Uint8Array([97, 0, 0, 0, 98, 0, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0]), "<U2"),
  "frombuffer-empty": () => np.frombuffer(new Uint8Array(0)),
  "frombuffer-bad-size": () => np.frombuffer(B("abc")),
  "frombuffer-bad-offset": () => np.frombuffer(B("abcdefgh"), { offset: 9 }),
  "frombuffer-neg-offset": () => np.frombuffer(B("abcdefgh"), { offset: -1 }),
  "frombuffer-too-small": () => np.frombuffer(B("abcdefgh"), { count: 2 }),
  "frombuffer-count-neg": () => np.frombuffer(B("abcdefgh"), "uint8", -2),
  "frombuffer-list": () => np.frombuffer([1, 2]),
  // ---- fromiter ----
  "fromiter-squares": () => np.fromiter((function* () { for (let x = 0; x < 5; x++) yield x * x; })(), { dtype: "float64" }),
  "fromiter-int": () => np.fromiter([0, 1, 2, 3], "int32"),
  "fromiter-count": () => np.fromiter((function* () { for (let x = 0; ; x++) yield x; })(), "int16", 3),
  "fromiter-short": () => np.fromiter([0, 1, 2], { dtype: "float64", count: 5 }),
  "fromiter-count-neg": () => np.fromiter([0, 1, 2], "float64", -2),
  "fromiter-no-dtype": () => np.fromiter([0, 1, 2]),
  "fromiter-bool": () => np.fromiter([0, 1, 2], "bool"),
  "fromiter-str": () => np.fromiter(["ab", "cde"], "U2"),
  "fromiter-complex": () => np.fromiter([1, j(0, 2)], "complex128"),
  "fromiter-int64": () => np.fromiter([BigInt(2) ** BigInt(40), 3], "int64"),
  "fromiter-empty": () => np.fromiter([], "float32"),
  "fromiter-float-to-int": () => np.fromiter([1.7, -2.7], "int32"),
};

describe("construct: NumPy 1.24 fixtures", () => {
  for (const [name, c] of Object.entries(CASES)) {
    const [fn, o] = Array.isArray(c) ? c : [c, {}];
    it(name, () => check(name, fn, o));
  }
  it("every construct fixture case has a JS twin", () => expect(untested("construct", CASES)).toEqual([]));
});

describe("construct: laziness and memory", () => {
  it("builds lazy nodes where NumPy would compute", () => {
    expect(np.tri(3).isPending).toBe(true);
    expect(np.tril(A(9, 3, 3)).isPending).toBe(true);
    expect(np.diag(I([1, 2])).isPending).toBe(true);
    expect(np.logspace(0, 1, 3).isPending).toBe(true);
    expect(np.meshgrid(I([1, 2]), I([3]))[0].isPending).toBe(true);
    expect((np.indices([2, 2]) as np.NDArray).isPending).toBe(true);
  });

  it("tril of a pending expression fuses into one kernel", () => {
    const t = np.tril(A(9, 3, 3).mul(2));
    const plan = t.explain();
    expect(plan).toMatch(/fused kernel/);
    expect(plan).not.toMatch(/opaque/);
    expect(t.tolist()).toEqual([[0, 0, 0], [6, 8, 0], [12, 14, 16]]);
  });

  it("diag of a 2-D array is a read-only view that sees later writes to its base", () => {
    const a = A(9, 3, 3).copy().evalSync();
    const d = np.diag(a);
    expect(d.base).toBe(a);
    expect(() => d.set(0, 5)).toThrow(np.ValueError);
    a.set([1, 1], 40);
    expect(d.tolist()).toEqual([0, 40, 8]);
  });

  it("diag of a pending 2-D array is computed once it is read", () => {
    const a = A(9, 3, 3).add(1);
    const d = np.diag(a, 1);
    expect(d.isPending).toBe(true);
    expect(d.tolist()).toEqual([2, 6]);
  });

  it("diag's result is fresh memory: writing it leaves the input alone", () => {
    const v = I([1, 2]);
    const m = np.diag(v);
    m.set([0, 0], 9);
    expect(v.tolist()).toEqual([1, 2]);
    expect(m.tolist()).toEqual([[9, 0], [0, 2]]);
  });

  it("frombuffer shares memory with an aligned buffer", () => {
    const bytes = new Uint8Array(16);
    const a = np.frombuffer(bytes, "float64");
    new Float64Array(bytes.buffer)[1] = 2.5;
    expect(a.tolist()).toEqual([0, 2.5]);
    a.set(0, -1);
    expect(new Float64Array(bytes.buffer)[0]).toBe(-1);
  });

  it("frombuffer copies when the offset breaks alignment", () => {
    const bytes = new Uint8Array(9);
    const a = np.frombuffer(bytes, "int32", -1, 1);
    bytes[1] = 7;
    expect(a.tolist()).toEqual([0, 0]);
  });

  it("frombuffer respects a typed array's own byte offset", () => {
    const all = new Float64Array([1, 2, 3, 4]);
    const a = np.frombuffer(all.subarray(1, 3));
    expect(a.tolist()).toEqual([2, 3]);
    all[2] = 30;
    expect(a.tolist()).toEqual([2, 30]);
  });

  it("frombuffer reads an NDArray's memory", () => {
    const a = I([1, 2, 3]).evalSync();
    const b = np.frombuffer(a, "int32");
    a.set(0, 10);
    expect(b.tolist()).toEqual([10, 2, 3]);
  });

  it("fromiter consumes only `count` items", () => {
    let pulled = 0;
    const gen = (function* () { for (;;) { pulled++; yield pulled; } })();
    expect(np.fromiter(gen, "int32", 4).tolist()).toEqual([1, 2, 3, 4]);
    expect(pulled).toBe(4);
  });

  it("meshgrid copies are writeable and independent; copy=false views are not writeable", () => {
    const x = I([1, 2]), y = I([3, 4, 5]);
    const [X] = np.meshgrid(x, y);
    X.set([0, 0], 100);
    expect(x.tolist()).toEqual([1, 2]);
    const [V] = np.meshgrid(x, y, { copy: false });
    expect(V.flags.writeable).toBe(false);
    const [S] = np.meshgrid(x, y, { copy: false, sparse: true });
    S.set([0, 1], 20);
    expect(x.tolist()).toEqual([1, 20]);
  });

  it("fromfunction passes one coordinate array per axis", () => {
    const seen: number[][] = [];
    np.fromfunction((...args: np.NDArray[]) => { args.forEach((a) => seen.push([...a.shape])); return args[0]; }, [2, 3, 4]);
    expect(seen).toEqual([[2, 3, 4], [2, 3, 4], [2, 3, 4]]);
  });

  it("results are the same through the reference interpreter", async () => {
    const { config } = await import("../../src/ndarray");
    const build = () => [np.tril(A(12, 3, 4).mul(3), 1), np.diag(I([1, 2]), -1), np.logspace(0, 2, 3), ...np.meshgrid(I([1, 2]), F([0.5, 1.5, 2])), np.indices([2, 3]) as np.NDArray];
    const compiled = build().map((a) => a.tolist());
    config.compile = false;
    try { expect(build().map((a) => a.tolist())).toEqual(compiled); } finally { config.compile = true; }
  });
});
