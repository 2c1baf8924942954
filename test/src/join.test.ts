// Checks src/join.ts against NumPy 1.24 (test/fixtures/construct.json, written by
// test/fixtures/gen_construct.py), then what values alone do not show: laziness,
// `out=`, views that share memory, and that every fixture case has a JS twin.
import { describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { check, untested, type Cases } from "./fixtures";

const I = (x: unknown) => np.array(x, { dtype: "int32" });
const F = (x: unknown) => np.array(x, { dtype: "float64" });
const A = (n: number, ...shape: number[]) => np.arange(n).reshape(shape.length ? shape : [n]);
const j = (re: number, im: number) => ({ re, im });

const CASES: Cases = {
  // ---- concatenate ----
  "concat-1d": () => np.concatenate([I([1, 2]), I([3, 4])]),
  "concat-axis0": () => np.concatenate([A(4, 2, 2), A(6, 3, 2)]),
  "concat-axis1": () => np.concatenate([A(4, 2, 2), A(6, 2, 3)], { axis: 1 }),
  "concat-axis-neg": () => np.concatenate([A(4, 2, 2), A(6, 2, 3)], -1),
  "concat-axis-none": () => np.concatenate([A(4, 2, 2), I([7, 8, 9])], { axis: null }),
  "concat-axis-none-0d": () => np.concatenate([np.array(1), I([2, 3])], null),
  "concat-three": () => np.concatenate([I([1]), I([]), I([2, 3])]),
  "concat-promote-float": () => np.concatenate([I([1, 2]), F([0.5])]),
  "concat-promote-bool-int": () => np.concatenate([np.array([true]), np.array([3], { dtype: "int8" })]),
  "concat-promote-u1-i1": () => np.concatenate([np.array([200], { dtype: "uint8" }), np.array([-1], { dtype: "int8" })]),
  "concat-promote-f4-i2": () => np.concatenate([np.array([1.5], { dtype: "float32" }), np.array([7], { dtype: "int16" })]),
  "concat-promote-f4-i4": () => np.concatenate([np.array([1.5], { dtype: "float32" }), I([7])]),
  "concat-promote-complex": () => np.concatenate([F([1]), np.array([j(0, 2)])]),
  "concat-int64": () => np.concatenate([np.array([BigInt(2) ** BigInt(40)]), I([1])]),
  "concat-str": () => np.concatenate([np.array(["ab"]), np.array(["cde", "f"])]),
  "concat-str-dtype": () => np.concatenate([np.array(["ab"]), np.array(["abc"])], { dtype: "U2" }),
  "concat-dtype": () => np.concatenate([I([1, 2]), I([3])], { dtype: "float32" }),
  "concat-dtype-unsafe": () => np.concatenate([F([1.7, -2.7]), F([3])], { dtype: "int32", casting: "unsafe" }),
  "concat-dtype-same-kind": () => np.concatenate([F([1.5]), F([3])], { dtype: "int32" }),
  "concat-casting-safe": () => np.concatenate([F([1.5]), F([3])], { dtype: "float32", casting: "safe" }),
  "concat-casting-no": () => np.concatenate([np.ones(2, "float32"), np.ones(1, "int8")], { dtype: "float64", casting: "no" }),
  "concat-casting-equiv-ok": () => np.concatenate([np.ones(2, "float32"), np.ones(1, "float32")], { dtype: "float32", casting: "equiv" }),
  "concat-casting-bad": () => np.concatenate([F([1])], { casting: "foo" as "no" }),
  "concat-transposed": () => np.concatenate([A(6, 2, 3).T, A(3, 3, 1)], 1),
  "concat-reversed": () => np.concatenate([I([1, 2, 3]).get("::-1"), I([4, 5, 6, 7]).get("::2")]),
  "concat-pending": () => np.concatenate([A(4, 2, 2).mul(2), A(4, 2, 2).add(1)], 1),
  "concat-empty-rows": () => np.concatenate([np.zeros([0, 3]), np.ones([2, 3])]),
  "concat-all-empty": () => np.concatenate([np.zeros([0, 3]), np.zeros([0, 3])]),
  "concat-3d-axis1": () => np.concatenate([A(8, 2, 2, 2), A(4, 2, 1, 2)], 1),
  "concat-single": () => np.concatenate([A(6, 2, 3)]),
  "concat-of-2d-array": () => np.concatenate(A(6, 2, 3)),
  "concat-lists": () => np.concatenate([[1, 2], [3.5]]),
  "concat-complex": () => np.concatenate([np.array([j(1, 1)]), np.array([j(2, -3), j(0, 4)])]),
  "concat-c8": () => np.concatenate([np.array([j(1, 1)], { dtype: "complex64" }), np.array([2.5], { dtype: "float32" })]),
  "concat-bool": () => np.concatenate([np.array([true, false]), np.array([true])]),
  "concat-int-str": () => np.concatenate([I([1, 2]), np.array(["abc"])]),
  "concat-float-str": () => np.concatenate([F([1.5, 2]), np.array(["abc"])]),
  "concat-bool-str": () => np.concatenate([np.array([true]), np.array(["abc"])]),
  "stack-int8-str": () => np.stack([np.array([1, 2], { dtype: "int8" }), np.array(["a", "b"])]),
  "concat-err-empty": () => np.concatenate([]),
  "concat-err-0d": () => np.concatenate([np.array(1), np.array(2)]),
  "concat-err-ndim": () => np.concatenate([np.ones([2, 2]), np.ones(2)]),
  "concat-err-shape": () => np.concatenate([np.ones([2, 2]), np.ones([3, 3])]),
  "concat-err-shape-axis1": () => np.concatenate([np.ones([2, 2]), np.ones([3, 3])], 1),
  "concat-err-axis": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], 2),
  "concat-err-axis-neg": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], -3),
  "concat-err-axis-float": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], 0.5),
  "concat-err-out-dtype": () => np.concatenate([np.ones(2)], { out: np.zeros(2), dtype: "float64" }),
  "concat-err-out-shape": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], { out: np.ones([4, 3]) }),
  "concat-err-out-ndim": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], 0, np.ones(8)),
  "concat-err-out-size": () => np.concatenate([np.ones([2, 2]), np.ones(3)], { axis: null, out: np.zeros(6) }),
  "concat-err-out-cast": () => np.concatenate([np.ones([2, 2]), np.ones([2, 2])], { out: np.ones([4, 2], "int32") }),
  // ---- stack ----
  "stack-0": () => np.stack([I([1, 2]), I([3, 4])]),
  "stack-1": () => np.stack([I([1, 2]), I([3, 4])], 1),
  "stack-neg": () => np.stack([A(6, 2, 3), A(6, 2, 3).add(10)], { axis: -1 }),
  "stack-mid": () => np.stack([A(6, 2, 3), A(6, 2, 3).add(10), A(6, 2, 3).add(20)], 1),
  "stack-scalars": () => np.stack([np.array(1), np.array(2)]),
  "stack-promote": () => np.stack([I([1, 2]), F([0.5, 1.5])]),
  "stack-dtype": () => np.stack([F([1.5, 2.5]), F([3, 4])], { dtype: "int32", casting: "unsafe" }),
  "stack-dtype-err": () => np.stack([F([1.5, 2.5]), F([3, 4])], { dtype: "int32" }),
  "stack-str": () => np.stack([np.array(["a", "bcd"]), np.array(["ef", "g"])]),
  "stack-empty-arrays": () => np.stack([np.zeros([0]), np.zeros([0])], 1),
  "stack-err-empty": () => np.stack([]),
  "stack-err-shape": () => np.stack([np.ones(2), np.ones(3)]),
  "stack-err-axis": () => np.stack([np.ones(2), np.ones(2)], 2),
  "stack-err-axis-neg": () => np.stack([np.ones(2), np.ones(2)], -3),
  // ---- vstack / hstack / dstack / columnStack / rowStack ----
  "vstack-1d": () => np.vstack([I([1, 2]), I([3, 4])]),
  "vstack-2d": () => np.vstack([A(4, 2, 2), A(2, 1, 2)]),
  "vstack-scalars": () => np.vstack([np.array(1), np.array(2)]),
  "vstack-dtype": () => np.vstack([F([1.5]), F([2.5])], { dtype: "float32" }),
  "vstack-err": () => np.vstack([I([1, 2]), I([3])]),
  "vstack-err-empty": () => np.vstack([]),
  "hstack-1d": () => np.hstack([I([1, 2]), I([3, 4, 5])]),
  "hstack-2d": () => np.hstack([A(4, 2, 2), A(2, 2, 1)]),
  "hstack-scalars": () => np.hstack([np.array(1), np.array(2)]),
  "hstack-dtype": () => np.hstack([F([1.5]), F([2.5])], { dtype: "int32", casting: "unsafe" }),
  "hstack-err": () => np.hstack([A(4, 2, 2), A(3, 3, 1)]),
  "hstack-err-empty": () => np.hstack([]),
  "dstack-2d": () => np.dstack([I([[1], [2]]), I([[3], [4]])]),
  "dstack-1d": () => np.dstack([I([1, 2]), I([3, 4])]),
  "dstack-3d": () => np.dstack([A(4, 1, 2, 2), A(2, 1, 2, 1)]),
  "dstack-scalars": () => np.dstack([np.array(1), np.array(2)]),
  "column-stack-1d": () => np.columnStack([I([1, 2, 3]), I([4, 5, 6])]),
  "column-stack-mixed": () => np.columnStack([I([1, 2]), A(4, 2, 2)]),
  "column-stack-scalars": () => np.columnStack([np.array(1), np.array(2)]),
  "row-stack": () => np.rowStack([I([1, 2, 3]), I([4, 5, 6])]),
  // ---- tile ----
  "tile-1d": () => np.tile(I([1, 2, 3]), 2),
  "tile-2d-reps": () => np.tile(I([1, 2, 3]), [2, 2]),
  "tile-3d-reps": () => np.tile(I([1, 2]), [2, 1, 2]),
  "tile-2d": () => np.tile(A(4, 2, 2), 2),
  "tile-2d-both": () => np.tile(A(4, 2, 2), [3, 2]),
  "tile-short-reps": () => np.tile(A(6, 1, 2, 3), [2, 1]),
  "tile-ones": () => np.tile(A(4, 2, 2), [1, 1]),
  "tile-empty-reps": () => np.tile(I([1, 2]), []),
  "tile-zero": () => np.tile(I([1, 2, 3]), [2, 0]),
  "tile-scalar": () => np.tile(np.array(5), 3),
  "tile-transposed": () => np.tile(A(6, 2, 3).T, [1, 2]),
  "tile-str": () => np.tile(np.array(["ab", "c"]), 2),
  "tile-complex": () => np.tile(np.array([j(1, 2)]), [2, 2]),
  "tile-neg": () => np.tile(I([1, 2]), -1),
  // ---- repeat ----
  "repeat-scalar": () => np.repeat(I([1, 2, 3]), 2),
  "repeat-2d-flat": () => np.repeat(A(4, 2, 2), 2),
  "repeat-axis0": () => np.repeat(A(4, 2, 2), 3, 0),
  "repeat-axis1": () => np.repeat(A(4, 2, 2), 2, { axis: 1 }),
  "repeat-axis-neg": () => A(6, 2, 3).repeat(2, -1),
  "repeat-array": () => np.repeat(I([1, 2, 3]), [1, 0, 3]),
  "repeat-array-axis0": () => np.repeat(A(6, 2, 3), [1, 2], 0),
  "repeat-array-axis1": () => A(6, 2, 3).repeat(I([2, 0, 1]), 1),
  "repeat-array-one": () => np.repeat(I([1, 2, 3]), [2]),
  "repeat-zero": () => np.repeat(I([1, 2, 3]), 0),
  "repeat-0d": () => np.repeat(np.array(5), 3),
  "repeat-0d-axis0": () => np.repeat(np.array(5), 3, 0),
  "repeat-float-count": () => np.repeat(I([1, 2]), 2.5),
  "repeat-float-array": () => np.repeat(I([1, 2, 3]), [1.0, 2, 3]),
  "repeat-str": () => np.repeat(np.array(["ab", "c"]), 2),
  "repeat-complex-array": () => np.repeat(np.array([j(0, 1), j(2, 0)]), [2, 1]),
  "repeat-transposed": () => np.repeat(A(6, 2, 3).T, [1, 2], 1),
  "repeat-err-neg": () => np.repeat(I([1, 2]), -1),
  "repeat-err-neg-array": () => np.repeat(I([1, 2]), [1, -2]),
  "repeat-err-len": () => np.repeat(I([1, 2]), [1, 2, 3]),
  "repeat-err-empty": () => np.repeat(I([1, 2, 3]), []),
  "repeat-err-deep": () => np.repeat(I([1, 2, 3]), [[1, 2, 3]] as unknown as number[]),
  "repeat-err-axis": () => np.repeat(A(4, 2, 2), 2, 2),
  // ---- select ----
  "select-strings": () => { const a = I([10, 20, 30]); return np.select([a.lt(15), a.lt(25)], ["small", "medium"], { default: "large" }); },
  "select-numbers": () => { const a = I([10, 20, 30]); return np.select([a.lt(15), a.gt(25)], [a, a.mul(2)]); },
  "select-default": () => { const a = I([10, 20, 30]); return np.select([a.lt(15), a.gt(25)], [a, a.mul(2)], -1); },
  "select-float-scalars": () => { const a = F([-2, 0, 3]); return np.select([a.lt(0), a.gt(0)], [-1.5, 1.5], 0); },
  "select-int-scalars": [() => { const a = F([-2, 0, 3]); return np.select([a.lt(0), a.gt(0)], [-1, 1]); }, { intp: true }],
  "select-first-wins": () => { const a = I([0, 1, 2]); return np.select([a.gt(0), a.gt(1)], [I([1, 1, 1]), I([2, 2, 2])], 0); },
  "select-broadcast": () => np.select([np.array([[true], [false]]), np.array([true, false, true])], [I([1, 2, 3]), 10], -1),
  "select-f4-weak": () => np.select([np.array([true, false])], [np.array([1.5, 2], { dtype: "float32" })], 0),
  "select-bool-choices": [() => np.select([np.array([true, false])], [np.array([true, true])], 5), { intp: true }],
  "select-complex": () => np.select([np.array([true, false])], [np.array([j(0, 1), j(2, 0)])], 3),
  "select-str-array": () => np.select([np.array([true, false])], [np.array(["abc", "d"])], "longer"),
  "select-str-num-default": () => np.select([np.array([true, false])], [np.array(["a", "b"])]),
  "select-str-neg-default": () => np.select([np.array([true, false])], [np.array(["a", "b"])], -5),
  "select-str-float-default": () => np.select([np.array([true, false])], [np.array(["a", "b"])], 1.5),
  "select-str-bool-default": () => np.select([np.array([true, false])], [np.array(["a", "b"])], true),
  "select-int-array-str-default": () => np.select([np.array([true, false])], [I([1, 2])], "x"),
  "select-float-array-str-default": () => np.select([np.array([true, false])], [F([1.5, 2])], "x"),
  "select-str-scalar-array-default": () => np.select([np.array([true, false])], ["a"], np.array(["bb", "c"])),
  "select-list-conds": () => np.select([[true, false, false], [false, true, false]], [I([1, 2, 3]), I([4, 5, 6])], 0),
  "select-err-len": () => np.select([np.array([true])], [1, 2], 0),
  "select-err-empty": () => np.select([], [], 0),
  "select-err-nonbool": () => np.select([I([1, 0])], [1], 0),
  "select-err-broadcast": () => np.select([np.array([true, false]), np.array([[true], [false]])], [1, I([1, 2, 3])], 0),
  // ---- split / arraySplit / hsplit / vsplit / dsplit ----
  "split-sections": () => np.split(A(9), 3),
  "split-indices": () => np.split(A(9), [2, 5]),
  "split-indices-odd": () => np.arraySplit(A(5), [3, 1, -1, 10]),
  "split-axis1": () => np.split(A(12, 3, 4), 2, 1),
  "split-axis-neg": () => np.split(A(12, 3, 4), [1], { axis: -1 }),
  "split-err-unequal": () => np.split(A(5), 2),
  "split-err-zero": () => np.split(A(5), 0),
  "split-err-axis": () => np.split(A(5), 5, 1),
  "split-empty-indices": () => np.split(A(4), []),
  "array-split-uneven": () => np.arraySplit(A(8), 3),
  "array-split-more-than-len": () => np.arraySplit(A(3), 5),
  "array-split-axis1": () => np.arraySplit(A(10, 2, 5), 3, 1),
  "array-split-err-zero": () => np.arraySplit(A(5), 0),
  "array-split-err-axis": () => np.arraySplit(A(5), [1, 2], 1),
  "hsplit-2d": () => np.hsplit(A(16, 4, 4), [1, 3]),
  "hsplit-1d": () => np.hsplit(A(6), 3),
  "hsplit-err": () => np.hsplit(np.array(1), 1),
  "vsplit-2d": () => np.vsplit(A(16, 4, 4), 2),
  "vsplit-err": () => np.vsplit(A(4), 2),
  "dsplit-3d": () => np.dsplit(A(16, 2, 2, 4), [3]),
  "dsplit-err": () => np.dsplit(A(4, 2, 2), 2),
};

describe("join: NumPy 1.24 fixtures", () => {
  for (const [name, c] of Object.entries(CASES)) {
    const [fn, o] = Array.isArray(c) ? c : [c, {}];
    it(name, () => check(name, fn, o));
  }
  it("every join fixture case has a JS twin", () => expect(untested("join", CASES)).toEqual([]));
});

describe("join: laziness, out= and memory", () => {
  it("concatenate is one opaque step; its pending inputs are computed by fused kernels", () => {
    const c = np.concatenate([A(4, 2, 2).mul(2), A(4, 2, 2).add(1).T], 1);
    expect(c.isPending).toBe(true);
    const plan = c.explain();
    expect(plan).toMatch(/opaque 'concatenate'/);
    expect(c.tolist()).toEqual([[0, 2, 1, 3], [4, 6, 2, 4]]);
  });

  it("concatenate's result feeds a fused kernel", () => {
    const c = np.concatenate([I([1, 2]), I([3])]).mul(10).add(1);
    expect(c.tolist()).toEqual([11, 21, 31]);
  });

  it("tile and repeat by a scalar are fused copies of broadcast views", () => {
    const t = np.tile(A(3).mul(2), [2, 2]);
    expect(t.explain()).not.toMatch(/opaque/);
    expect(t.tolist()).toEqual([[0, 2, 4, 0, 2, 4], [0, 2, 4, 0, 2, 4]]);
    const r = np.repeat(A(3).add(1), 2);
    expect(r.explain()).not.toMatch(/opaque/);
    expect(r.tolist()).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it("select is a fused chain of wheres", () => {
    const a = A(6);
    const s = np.select([a.lt(2), a.lt(4)], [a.mul(10), a.mul(100)], -1);
    expect(s.explain()).not.toMatch(/opaque/);
    expect(s.tolist()).toEqual([0, 10, 200, 300, -1, -1]);
  });

  it("concatenate writes into `out` (with a same-kind cast) and returns it", () => {
    const out = np.zeros([4], "float32");
    const r = np.concatenate([I([1, 2]), I([3, 4])], { out });
    expect(r).toBe(out);
    expect(out.tolist()).toEqual([1, 2, 3, 4]);
    const flat = np.zeros([2, 3]);
    np.concatenate([A(4, 2, 2), I([7, 8])], { axis: null, out: flat });
    expect(flat.tolist()).toEqual([[0, 1, 2], [3, 7, 8]]);
  });

  it("concatenate into `out` that its inputs read is safe", () => {
    const a = A(4).astype("float64").evalSync();
    np.concatenate([a.get("2:"), a.get(":2")], { out: a });
    expect(a.tolist()).toEqual([2, 3, 0, 1]);
  });

  it("stack with out", () => {
    const out = np.zeros([2, 2], "int32");
    np.stack([I([1, 2]), I([3, 4])], 1, out);
    expect(out.tolist()).toEqual([[1, 3], [2, 4]]);
  });

  it("a pending concatenate does not see later writes to its inputs", () => {
    const a = I([1, 2]).evalSync();
    const c = np.concatenate([a, a]);
    a.set(0, 100);
    expect(c.tolist()).toEqual([1, 2, 1, 2]);
  });

  it("split returns views that share memory", () => {
    const a = A(6).copy().evalSync();
    const [x, y] = np.split(a, 2);
    y.set(0, 30);
    expect(a.tolist()).toEqual([0, 1, 2, 30, 4, 5]);
    expect(x.base).toBe(a);
    const [, c] = np.hsplit(np.arange(8).reshape(2, 4), [1]);
    expect(c.shape).toEqual([2, 3]);
  });

  it("repeat and tile copy: writes leave the source alone", () => {
    const a = I([1, 2]).evalSync();
    const r = np.repeat(a, 2);
    r.set(0, 9);
    expect(a.tolist()).toEqual([1, 2]);
    const t = np.tile(a, [1, 1]);
    t.set([0, 0], 9);
    expect(a.tolist()).toEqual([1, 2]);
  });

  it("errors are thrown at the call, before evaluation", () => {
    expect(() => np.concatenate([np.ones([2, 2]).mul(2), np.ones([3, 3]).mul(2)])).toThrow(np.ValueError);
    expect(() => np.stack([np.ones(2).add(1), np.ones(3)])).toThrow("all input arrays must have the same shape");
    expect(() => np.repeat(np.ones(2).add(1), [1, 2, 3])).toThrow(np.ValueError);
  });

  it("works with big arrays (block copies and strided copies)", () => {
    const n = 300_000;
    const a = np.arange(n).astype("float64"), b = np.arange(n).reshape(600, 500).T.astype("float64");
    const c = np.concatenate([a.reshape(500, 600), b], 0);
    expect(c.shape).toEqual([1000, 600]);
    expect(c.item(499, 599)).toBe(n - 1);
    expect(c.item(500, 1)).toBe(500);
    expect(c.item(999, 599)).toBe(599 * 500 + 499);
  });

  it("results are the same through the reference interpreter", async () => {
    const { config } = await import("../../src/ndarray");
    const build = () => [
      np.concatenate([A(4, 2, 2).mul(2), A(6, 2, 3).T.get(":2")], 1), np.stack([I([1, 2]), F([3, 4])], 1),
      np.tile(A(3).add(1), [2, 2]), np.repeat(A(6, 2, 3), [1, 0, 2], 1), np.select([A(4).lt(2)], [np.array(["a", "b", "c", "d"])], "zz"),
    ];
    const compiled = build().map((a) => a.tolist());
    config.compile = false;
    try { expect(build().map((a) => a.tolist())).toEqual(compiled); } finally { config.compile = true; }
  });
});
