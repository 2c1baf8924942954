// Checks indexing, views and the shape/selection functions against NumPy 1.24
// (test/fixtures/indexing.json, written by test/fixtures/gen_indexing.py) on contiguous,
// transposed, negative-stride and broadcast inputs, in both evaluation modes; then what
// values alone do not show: laziness, fusion of masks, views that share memory.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { config } from "../../src/ndarray";
import { checker, fixtureFile, type Cases } from "./fixtures";

const fixture = fixtureFile("indexing");
const check = checker(fixture);

const I = (x: unknown) => np.array(x, { dtype: "int32" });
const F = (x: unknown) => np.array(x, { dtype: "float64" });
const A = (n: number, ...shape: number[]) => np.arange(n).reshape(shape.length ? shape : [n]);
const X = () => A(24, 2, 3, 4);
const XT = () => X().transpose(2, 0, 1);
const XR = () => X().get("::-1, :, ::-2");
const XB = () => np.broadcastTo(A(4), [3, 4]);
const M = () => A(12, 3, 4).div(2);
const S = np.slice;
const j = (re: number, im: number) => ({ re, im });
type Arr = np.NDArray;
/** Writes through `view(base)` with `f`; the base is the result. */
const mut = (make: () => Arr, view: (b: Arr) => Arr, f: (v: Arr) => unknown) => { const b = make(); f(view(b)); return b; };
const seq = (xs: Iterable<unknown>) => np.array([...xs]);
const it_ = (n: Arr, opts: Parameters<typeof np.nditer>[1]) => np.nditer(n, opts);

const GET: Cases = {
  "get-int": () => X().get(1),
  "get-int-neg": () => X().get(-1, -2),
  "get-full-int": () => X().get([1, 2, 3]),
  "get-slice": () => X().get(":, 1:3"),
  "get-slice-step": () => X().get("..., ::2"),
  "get-slice-neg-step": () => X().get("::-1, ::-2, 3:0:-1"),
  "get-slice-neg-bounds": () => X().get([S(-5, -1), S(-2, null)]),
  "get-slice-empty": () => X().get(":, 2:1"),
  "get-slice-out-of-range": () => X().get(":, 1:100, -100:2"),
  "get-ellipsis": () => X().get(["...", 1]),
  "get-ellipsis-mid": () => X().get("0, ..., 1"),
  "get-newaxis": () => X().get([":", np.newaxis, 1]),
  "get-newaxis-end": () => X().get("..., None"),
  "get-str-none": () => X().get(":, None, 1:"),
  "get-empty-tuple": () => X().get([]),
  "get-0d": () => np.array(5).get([]),
  "get-0d-newaxis": () => np.array(5).get(null),
  "get-transposed": () => XT().get("1:, ::-1, 0"),
  "get-negative-strides": () => XR().get("0, 1:, ::-1"),
  "get-broadcast": () => XB().get("1:, ::3"),
  "get-ints-first": () => X().get([[1, 0, 1]]),
  "get-ints-neg": () => X().get([[-1, -2]]),
  "get-ints-2d": () => A(10).get(I([[1, 2], [3, 9]])),
  "get-ints-axis1": () => X().get([":", [2, 0]]),
  "get-ints-last": () => X().get(["...", [3, 3, 0]]),
  "get-ints-pair": () => X().get([[0, 1], ":", [1, 2]]),
  "get-ints-adjacent": () => X().get([":", [0, 2], [1, 3]]),
  "get-ints-broadcast": () => X().get([[[0], [1]], [0, 2]]),
  "get-ints-broadcast-slice": () => X().get([[[0, 1]], [[0], [1]], "::-1"]),
  "get-int-and-ints-adjacent": () => X().get([":", 0, [0, 1]]),
  "get-int-and-ints-apart": () => X().get([0, ":", [0, 1]]),
  "get-ints-newaxis-apart": () => X().get([[0], null, [0]]),
  "get-ints-ellipsis-apart": () => A(360, 5, 3, 4, 6).get([":", [0, 1], "...", [0, 1], ":"]),
  "get-ints-slice-between": () => A(360, 5, 3, 4, 6).get([":", [0, 1], "1:3", [0, 1]]),
  "get-ints-0d-array": () => X().get(np.array(1)),
  "get-ints-empty-list": () => X().get([[]]),
  "get-ints-empty-axis1": () => X().get([":", []]),
  "get-ints-int64": () => X().get(np.array([1, 0], { dtype: "int64" })),
  "get-ints-uint8": () => X().get([":", np.array([2, 1], { dtype: "uint8" })]),
  "get-ints-transposed": () => XT().get([[3, 0], ":", [1, 2]]),
  "get-ints-negative-strides": () => XR().get([":", [2, 0], [1, 0]]),
  "get-ints-broadcast-input": () => XB().get([[0, 2], [3, 1]]),
  "get-ints-float": () => M().get([[2, 0], 1]),
  "get-ints-complex": () => np.array([j(1, 2), j(3, -1), j(0, 5)]).get([[2, 0, 2]]),
  "get-ints-str": () => np.array(["a", "bc", "def"]).get([[2, 1]]),
  "get-ints-bool-array": () => np.array([true, false, true]).get([[1, 2]]),
  "get-ints-int64-data": [() => np.array([2n ** 40n, -3n, 7n]).get([[2, 0]]), { intp: false }],
  "get-mask-full": () => X().get(np.mod(X(), 5).eq(0)),
  "get-mask-1d": () => X().get(np.array([false, true])),
  "get-mask-axis1": () => X().get([":", np.array([true, false, true])]),
  "get-mask-2d-lead": () => X().get(np.array([[true, false, true], [false, false, true]])),
  "get-mask-2d-trail": () => X().get([0, np.array([[true, false, false, true], [false, true, false, false], [false, false, false, false]])]),
  "get-mask-and-ints": () => X().get([np.array([true, false]), ":", [1]]),
  "get-mask-list": () => A(5).get([true, false, true, false, true]),
  "get-mask-none-true": () => X().get(X().gt(100)),
  "get-mask-transposed": () => XT().get(np.mod(XT(), 3).eq(0)),
  "get-mask-negative-strides": () => XR().get(XR().gt(10)),
  "get-true": () => X().get(true),
  "get-false": () => X().get(false),
  "get-true-mid": () => X().get([":", true, [0, 1]]),
  "get-true-0d": () => np.array(5).get(true),
  "get-false-0d": () => np.array(5).get(false),
  "get-mask-0d-array": () => X().get(np.array(true)),
  "get-err-int": () => X().get(2),
  "get-err-int-neg": () => X().get(":, -4"),
  "get-err-too-many": () => X().get("0, 0, 0, 0"),
  "get-err-too-many-arrays": () => X().get([[0], [0], [0], [0]]),
  "get-err-0d": () => np.array(3).get(0),
  "get-err-ellipsis": () => X().get("..., ..."),
  "get-err-float": () => X().get(1.5),
  "get-err-float-array": () => X().get(np.array([1.5])),
  "get-err-ints-bounds": () => X().get([[0, 2]]),
  "get-err-ints-bounds-axis2": () => X().get([":", ":", [0, -5]]),
  "get-err-ints-broadcast": () => X().get([[0, 1], [0, 1, 2]]),
  "get-err-ints-broadcast-int": () => X().get([0, [0, 1], [0, 1, 2]]),
  "get-err-mask-shape": () => X().get(np.ones([3, 3], "bool")),
  "get-err-mask-axis1": () => X().get([":", np.ones(4, "bool")]),
  "get-err-empty-axis": () => np.zeros([0, 3]).get(0),
  "get-err-empty-axis-ints": () => np.zeros([0, 3]).get([[0]]),
};

const SET: Cases = {
  "set-int": () => mut(X, (b) => b, (v) => v.set(1, 7)),
  "set-slice-broadcast": () => mut(X, (b) => b, (v) => v.set(":, 1", I([1, 2, 3, 4]))),
  "set-neg-step": () => mut(X, (b) => b, (v) => v.set("0, ::-1, 0", I([10, 20, 30]))),
  "set-ellipsis": () => mut(X, (b) => b, (v) => v.set("..., 0", -1)),
  "set-float-into-int": () => mut(X, (b) => b, (v) => v.set([0, 0], 2.9)),
  "set-leading-ones": () => mut(X, (b) => b, (v) => v.set(0, np.ones([1, 1, 4], "int32"))),
  "set-through-transposed": () => mut(X, (b) => b.transpose(2, 0, 1), (v) => v.set("1, :, 0", I([5, 6]))),
  "set-through-reversed": () => mut(X, (b) => b.get("::-1, :, ::-2"), (v) => v.set([0, 1], I([8, 9]))),
  "set-ints": () => mut(X, (b) => b, (v) => v.set([[1, 0], 2], I([[1], [2]]))),
  "set-ints-axis1": () => mut(X, (b) => b, (v) => v.set([":", [0, 2]], 0)),
  "set-ints-pair": () => mut(X, (b) => b, (v) => v.set([[0, 1], ":", [1, 2]], I([[1, 2, 3], [4, 5, 6]]))),
  "set-ints-apart": () => mut(X, (b) => b, (v) => v.set([0, ":", [0, 1]], I([[1, 2, 3], [4, 5, 6]]))),
  "set-ints-duplicate": () => mut(() => A(5), (b) => b, (v) => v.set([[0, 0, 1]], I([7, 8, 9]))),
  "set-ints-neg": () => mut(() => A(5), (b) => b, (v) => v.set([[-1, -5]], 0)),
  "set-ints-transposed": () => mut(X, (b) => b.transpose(2, 0, 1), (v) => v.set([[0, 3], 1, [2, 0]], I([-1, -2]))),
  "set-ints-reversed": () => mut(X, (b) => b.get("::-1, :, ::-2"), (v) => v.set([":", [2, 0]], 99)),
  "set-ints-self": () => mut(() => A(6), (b) => b, (v) => v.set([[1, 2, 3]], v.get("::-1").get(":3"))),
  "set-mask": () => mut(X, (b) => b, (v) => v.set(v.gt(20), 0)),
  "set-mask-values": () => mut(X, (b) => b, (v) => v.set(np.mod(v, 7).eq(0), I([1, 2, 3, 4]))),
  "set-mask-size1": () => mut(X, (b) => b, (v) => v.set(np.mod(v, 7).eq(0), I([-3]))),
  "set-mask-lower-rank": () => mut(X, (b) => b, (v) => v.set(np.array([[true, false, true], [false, true, false]]), I([1, 2, 3, 4]))),
  "set-mask-transposed": () => mut(X, (b) => b.transpose(2, 0, 1), (v) => v.set(np.mod(v, 5).eq(1), 100)),
  "set-mask-ellipsis": () => mut(X, (b) => b, (v) => v.set(["...", v.get([0, 0]).gt(1)], I([7, 8]))),
  "set-true-0d": () => mut(() => np.array(5), (b) => b, (v) => v.set(true, 7)),
  "set-false-0d": () => mut(() => np.array(5), (b) => b, (v) => v.set(false, 7)),
  "set-complex": () => mut(() => np.zeros(3, "complex128"), (b) => b, (v) => v.set([[2, 0]], np.array([j(0, 1), j(2, 0)]))),
  "set-str": () => mut(() => np.array(["aa", "bb", "cc"]), (b) => b, (v) => v.set([[0, 2]], "xyz")),
  "set-bool": () => mut(() => np.zeros(4, "bool"), (b) => b, (v) => v.set([[1, 3]], 1)),
  "set-err-shape-basic": () => mut(X, (b) => b, (v) => v.set("0:2", np.ones(5))),
  "set-err-shape-ints": () => mut(X, (b) => b, (v) => v.set([[0, 1]], np.ones(5))),
  "set-err-shape-ints-axis1": () => mut(X, (b) => b, (v) => v.set([":", [0, 1]], np.ones(3))),
  "set-err-mask-count": () => mut(X, (b) => b, (v) => v.set(np.mod(v, 5).eq(0), I([1, 2, 3, 4]))),
  "set-err-mask-2d-value": () => mut(X, (b) => b, (v) => v.set(np.mod(v, 5).eq(0), np.ones([1, 5], "int32"))),
  "set-err-mask-ellipsis": () => mut(X, (b) => b, (v) => v.set(["...", np.mod(v, 5).eq(0)], I([1, 2, 3, 4]))),
  "set-err-bounds": () => mut(X, (b) => b, (v) => v.set([[0, 5]], 1)),
  "set-err-readonly": () => mut(XB, (b) => b, (v) => v.set(0, 1)),
  "set-err-readonly-ints": () => mut(XB, (b) => b, (v) => v.set([[0]], 1)),
  "set-err-readonly-diagonal": () => mut(() => A(9, 3, 3), (b) => b.diagonal(), (v) => v.set(0, 1)),
};

const flags = (f: () => unknown): [() => unknown, { flags: true }] => [f, { flags: true }];

const VIEWS: Cases = {
  "view-flags-slice": flags(() => X().get(":, ::2")),
  "view-flags-transpose": flags(() => X().T),
  "view-flags-row": flags(() => X().get(1)),
  "view-flags-ints-adjacent": flags(() => X().get([":", [0, 1]])),
  "view-flags-ints-front": flags(() => X().get([[0, 1]])),
  "view-flags-mask": flags(() => X().get(X().gt(3))),
  "view-flags-broadcast": flags(() => XB()),
  "reshape-view": () => mut(() => A(6), (b) => b.reshape(2, 3), (v) => v.set([1, 1], 40)),
  "reshape-copy-transposed": () => mut(() => A(6, 2, 3), (b) => b.T.reshape(6), (v) => v.set(0, 40)),
  "reshape-order-f": flags(() => A(6).reshape([2, 3], { order: "F" })),
  "ravel-view": () => mut(() => A(6, 2, 3), (b) => b.ravel(), (v) => v.set(4, -4)),
  "ravel-copy": () => mut(() => A(6, 2, 3), (b) => b.T.ravel(), (v) => v.set(4, -4)),
  "ravel-f": () => A(6, 2, 3).ravel("F"),
  "flatten-copy": () => mut(() => A(6, 2, 3), (b) => b.flatten(), (v) => v.set(4, -4)),
  "swapaxes": flags(() => np.swapaxes(X(), 0, 2)),
  "moveaxis-multi": () => np.moveaxis(X(), [0, 1], [-1, -2]),
  "moveaxis-err-repeated": () => np.moveaxis(X(), [0, 0], [1, 2]),
  "rollaxis": flags(() => np.rollaxis(X(), 2)),
  "rollaxis-start": () => np.rollaxis(X(), 0, 3),
  "rollaxis-same": () => np.rollaxis(X(), 1, 2),
  "rollaxis-err-start": () => np.rollaxis(X(), 0, 5),
  "rollaxis-err-axis": () => np.rollaxis(X(), 3),
  "expand-dims-multi": () => np.expandDims(A(6, 2, 3), [0, 3]),
  "squeeze-axis": () => np.squeeze(A(6, 1, 6, 1), 2),
  "squeeze-err": () => np.squeeze(A(6, 1, 6, 1), 1),
  "broadcast-to": flags(() => np.broadcastTo(I([1, 2, 3]), [2, 3])),
  "broadcast-to-err": () => np.broadcastTo(I([1, 2, 3]), [2, 4]),
  "broadcast-arrays": () => np.broadcastArrays(I([[1], [2]]), I([5, 6, 7])),
  "flip-all": flags(() => np.flip(X())),
  "flip-axis": () => np.flip(X(), 1),
  "flip-axes": () => np.flip(XT(), [0, 2]),
  "flip-err-repeated": () => np.flip(X(), [0, 0]),
  "flip-err-axis": () => np.flip(X(), 3),
  "flip-write": () => mut(() => A(5), (b) => np.flip(b), (v) => v.set(0, 40)),
  "fliplr": () => np.fliplr(A(6, 2, 3)),
  "fliplr-err": () => np.fliplr(A(3)),
  "flipud": () => np.flipud(XR()),
  "flipud-err": () => np.flipud(np.array(1)),
  "rot90": flags(() => np.rot90(A(6, 2, 3))),
  "rot90-k2": () => np.rot90(A(6, 2, 3), 2),
  "rot90-k3": () => np.rot90(A(6, 2, 3), 3),
  "rot90-kneg": () => np.rot90(A(6, 2, 3), -1),
  "rot90-k0": () => np.rot90(A(6, 2, 3), 4),
  "rot90-axes": () => np.rot90(X(), 1, [2, 0]),
  "rot90-err-axes-len": () => np.rot90(X(), 1, [0, 1, 2]),
  "rot90-err-same": () => np.rot90(X(), { k: 1, axes: [1, 1] }),
  "rot90-err-range": () => np.rot90(A(6, 2, 3), 1, [0, 5]),
  "diagonal": flags(() => np.diagonal(A(12, 3, 4))),
  "diagonal-offset": () => np.diagonal(A(12, 3, 4), 1),
  "diagonal-offset-neg": () => np.diagonal(A(12, 3, 4), { offset: -2 }),
  "diagonal-offset-out": () => np.diagonal(A(12, 3, 4), 5),
  "diagonal-3d": () => np.diagonal(X(), 0, 1, 2),
  "diagonal-3d-axes-reversed": () => X().diagonal(1, 2, 0),
  "diagonal-transposed": () => np.diagonal(XT(), 0, 0, 2),
  "diagonal-pending": () => np.diagonal(A(12, 3, 4).mul(2), 1),
  "diagonal-sees-writes": () => { const a = A(9, 3, 3); const d = a.diagonal(); a.set([1, 1], 50); return d; },
  "diagonal-err-1d": () => np.diagonal(A(3)),
  "diagonal-err-same": () => np.diagonal(X(), 0, 1, 1),
  "diagonal-err-axis": () => np.diagonal(X(), 0, 0, 5),
  "diagonal-err-axis1": () => np.diagonal(X(), 0, -4, 1),
  "as-strided-window": flags(() => np.lib.strideTricks.asStrided(A(10), [8, 3], [4, 4])),
  "as-strided-default": () => np.lib.strideTricks.asStrided(A(6, 2, 3)),
  "as-strided-readonly": flags(() => np.lib.strideTricks.asStrided(A(6), { shape: [2, 3], strides: [12, 4], writeable: false })),
  "as-strided-zero-stride": () => np.lib.strideTricks.asStrided(A(3), [2, 3], [0, 4]),
  "as-strided-write-overlap": () => mut(() => A(6), (b) => np.lib.strideTricks.asStrided(b, [4, 3], [4, 4]), (v) => v.set(":, 1", -1)),
  "as-strided-iadd-overlap": () => mut(() => A(6), (b) => np.lib.strideTricks.asStrided(b, [4, 3], [4, 4]), (v) => v.iadd(1)),
  "as-strided-set-self": () => mut(() => A(6), (b) => np.lib.strideTricks.asStrided(b, [5, 2], [4, 4]), (v) => v.set("...", v.add(10))),
  "sliding-window": flags(() => np.lib.strideTricks.slidingWindowView(A(6), 3)),
  "sliding-window-2d": () => np.slidingWindowView(A(12, 3, 4), [2, 2]),
  "sliding-window-axis": () => np.slidingWindowView(A(12, 3, 4), 3, { axis: 1 }),
  "sliding-window-axes": () => np.slidingWindowView(A(12, 3, 4), [2, 2], [1, 1]),
  "sliding-window-transposed": () => np.slidingWindowView(XT(), 2, 0),
  "sliding-window-writeable": flags(() => np.slidingWindowView(A(6), 3, { writeable: true })),
  "sliding-window-err-large": () => np.slidingWindowView(A(3), 4),
  "sliding-window-err-neg": () => np.slidingWindowView(A(3), -1),
  "sliding-window-err-count": () => np.slidingWindowView(A(12, 3, 4), 2),
  "sliding-window-err-axes": () => np.slidingWindowView(A(12, 3, 4), [2, 2], 0),
  "real-view": () => mut(() => np.array([j(1, 2), j(3, -4)]), (b) => b.real, (v) => v.set(1, 30)),
  "imag-view": () => mut(() => np.array([j(1, 2), j(3, -4)]), (b) => b.imag, (v) => v.set(0, -20)),
  "real-view-reversed": () => np.array([j(1, 2), j(3, -4), j(0, 5)]).get("::-1").real,
  "imag-of-real": () => M().imag,
  "copy-c": flags(() => XT().copy()),
  "copy-f": flags(() => X().copy({ order: "F" })),
  "copy-a-of-f": flags(() => X().T.copy("A")),
  "copy-k-of-f": flags(() => X().T.copy("K")),
  "ascontiguousarray": flags(() => np.ascontiguousarray(XT())),
  "ascontiguousarray-dtype": () => np.ascontiguousarray(X(), "float32"),
  "ascontiguousarray-0d": () => np.ascontiguousarray(np.array(4)),
  "asfortranarray": flags(() => np.asfortranarray(X())),
  "asfortranarray-0d": () => np.asfortranarray(np.array(4)),
};

const JOIN: Cases = {
  "block-2x2": () => np.block([[A(4, 2, 2), I([[9], [9]])], [I([[1, 2]]), I([[3]])]]),
  "block-1d": () => np.block([I([1, 2]), I([3]), 4]),
  "block-scalar": () => np.block(5),
  "block-3d": () => np.block([[[A(2, 1, 2)], [A(2, 1, 2)]]]),
  "block-promote-ndim": () => np.block([[I([1, 2])], [A(4, 2, 2)]]),
  "block-err-depth": () => np.block([[I([1])], I([2])]),
  "block-err-mixed-empty": () => np.block([I([1]), []]),
  "block-err-empty": () => np.block([[1], []]),
  "block-err-empty-list": () => np.block([]),
  "append-flat": () => np.append(A(4, 2, 2), I([[7, 8]])),
  "append-axis": () => np.append(A(4, 2, 2), I([[7, 8]]), 0),
  "append-err-axis": () => np.append(A(4, 2, 2), I([7, 8]), { axis: 0 }),
  "insert-scalar": () => np.insert(A(5), 1, 9),
  "insert-scalar-end": () => np.insert(A(5), 5, 9),
  "insert-neg": () => np.insert(A(5), -1, I([7, 8])),
  "insert-list": () => np.insert(A(5), [1, 3], I([7, 8])),
  "insert-list-unsorted": () => np.insert(A(5), [3, 1, 1], I([7, 8, 9])),
  "insert-list-one": () => np.insert(A(6, 2, 3), [1], I([7, 8]), 1),
  "insert-scalar-axis1": () => np.insert(A(6, 2, 3), 1, I([7, 8]), { axis: 1 }),
  "insert-slice": () => np.insert(A(5), "1:4:2", I([7, 8])),
  "insert-2d-flat": () => np.insert(A(4, 2, 2), 2, 9),
  "insert-float-into-int": () => np.insert(A(3), 1, 2.7),
  "insert-transposed": [() => np.insert(A(6, 2, 3).T, 0, 5, 0), { flags: true }],
  "insert-err-bounds": () => np.insert(A(3), 5, 1),
  "insert-err-bounds-list": () => np.insert(A(3), [5, 1], 1),
  "insert-err-values": () => np.insert(A(6, 2, 3), 1, I([1, 2, 3, 4]), 1),
  "delete-int": () => np.delete(A(5), 1),
  "delete-neg": () => np.delete(A(5), -1),
  "delete-list": [() => np.delete(A(6, 2, 3), [0, 2], 1), { flags: true }],
  "delete-list-dup": () => np.delete(A(6), [1, 1, 4]),
  "delete-slice": () => np.delete(A(10), np.slice(1, 8, 3)),
  "delete-slice-neg": () => np.delete(A(10), "::-2"),
  "delete-mask": () => np.delete(A(4), np.array([true, false, false, true])),
  "delete-2d-flat": () => np.delete(A(6, 2, 3), [0, 5]),
  "delete-transposed": [() => np.delete(A(6, 2, 3).T, 1, 0), { flags: true }],
  "delete-empty-list": () => np.delete(A(4), []),
  "delete-err-bounds": () => np.delete(A(4), 4),
  "delete-err-bounds-list": () => np.delete(A(4), [1, 7]),
  "delete-err-mask": () => np.delete(A(4), np.array([true, false])),
};

const REARRANGE: Cases = {
  "pad-constant": () => np.pad(I([[1, 2], [3, 4]]), 1),
  "pad-constant-values": () => np.pad(I([1, 2, 3]), [2, 1], { constantValues: [7, 9] }),
  "pad-constant-per-axis": () => np.pad(A(6, 2, 3), [[1, 0], [0, 2]], { constantValues: [[1, 2], [3, 4]] }),
  "pad-constant-float-into-int": () => np.pad(I([1, 2]), 1, { constantValues: 2.7 }),
  "pad-edge": () => np.pad(I([1, 2, 3]), [2, 1], "edge"),
  "pad-edge-2d": () => np.pad(A(6, 2, 3), 2, { mode: "edge" }),
  "pad-reflect": () => np.pad(I([1, 2, 3, 4]), [2, 3], { mode: "reflect" }),
  "pad-reflect-long": () => np.pad(I([1, 2, 3]), [7, 5], { mode: "reflect" }),
  "pad-reflect-odd": () => np.pad(I([1, 2, 4]), [4, 4], { mode: "reflect", reflectType: "odd" }),
  "pad-reflect-2d": () => np.pad(A(6, 2, 3), [[3, 1], [2, 4]], { mode: "reflect" }),
  "pad-reflect-single": () => np.pad(I([5]), 3, { mode: "reflect" }),
  "pad-symmetric": () => np.pad(I([1, 2, 3]), [4, 5], { mode: "symmetric" }),
  "pad-symmetric-odd": () => np.pad(F([1, 2, 4]), [4, 4], { mode: "symmetric", reflectType: "odd" }),
  "pad-wrap": () => np.pad(I([1, 2, 3]), [4, 5], { mode: "wrap" }),
  "pad-wrap-2d": () => np.pad(A(6, 2, 3), [[1, 3], [4, 1]], { mode: "wrap" }),
  "pad-linear-ramp": () => np.pad(F([1, 2, 3]), [3, 2], { mode: "linear_ramp", endValues: [5, -4] }),
  "pad-linear-ramp-int": () => np.pad(I([1, 2, 3]), [3, 2], { mode: "linear_ramp", endValues: [5, -4] }),
  "pad-linear-ramp-2d": () => np.pad(M(), 2, { mode: "linear_ramp" }),
  "pad-maximum": () => np.pad(I([1, 5, 2, 3]), 2, { mode: "maximum" }),
  "pad-minimum-stat": () => np.pad(I([4, 5, 2, 3]), 2, { mode: "minimum", statLength: 2 }),
  "pad-mean": () => np.pad(I([1, 2, 4, 3]), [2, 3], { mode: "mean" }),
  "pad-mean-round": () => np.pad(I([1, 2]), 1, { mode: "mean" }),
  "pad-mean-stat": () => np.pad(F([1, 2, 4, 3]), 2, { mode: "mean", statLength: [1, 3] }),
  "pad-median": () => np.pad(I([1, 9, 2, 4]), 2, { mode: "median" }),
  "pad-median-2d": () => np.pad(M(), 1, { mode: "median", statLength: 2 }),
  "pad-mean-2d": () => np.pad(A(6, 2, 3), 1, { mode: "mean" }),
  "pad-transposed": () => np.pad(XT().get(0), 1, { mode: "edge" }),
  "pad-empty-axis-constant": () => np.pad(np.zeros([0, 2]), 1),
  "pad-err-empty-axis": () => np.pad(np.zeros([0, 2]), 1, { mode: "edge" }),
  "pad-err-mode": () => np.pad(A(3), 1, { mode: "foo" as "edge" }),
  "pad-err-kwarg": () => np.pad(A(3), 1, { mode: "edge", constantValues: 1 }),
  "pad-err-negative": () => np.pad(A(3), -1),
  "pad-err-float-width": () => np.pad(A(3), 1.5),
  "pad-err-stat-zero": () => np.pad(A(3), 1, { mode: "maximum", statLength: 0 }),
  "roll": () => np.roll(A(10), 2),
  "roll-neg": () => np.roll(A(10), -3),
  "roll-2d-flat": () => np.roll(A(6, 2, 3), 1),
  "roll-axis": () => np.roll(A(10, 2, 5), -1, { axis: 1 }),
  "roll-multi": () => np.roll(A(6, 2, 3), [1, 2], [0, 1]),
  "roll-same-axis": () => np.roll(A(6, 2, 3), [1, 1], { axis: [1, 1] }),
  "roll-big": () => np.roll(A(5), 12),
  "roll-transposed": () => np.roll(XT(), 1, 2),
  "resize-grow": () => np.resize(I([1, 2, 3]), [2, 4]),
  "resize-shrink": () => np.resize(A(6, 2, 3), 4),
  "resize-empty": () => np.resize(np.zeros(0, "int32"), 3),
  "resize-err-neg": () => np.resize(A(3), [-1, 2]),
  "trim-zeros": () => np.trimZeros(I([0, 0, 1, 2, 0, 3, 0])),
  "trim-zeros-f": () => np.trimZeros(I([0, 0, 1, 0]), "f"),
  "trim-zeros-b": () => np.trimZeros(F([0, 0, 1, 0]), { trim: "b" }),
  "trim-zeros-all": () => np.trimZeros(I([0, 0])),
  "tile-transposed": () => np.tile(A(6, 2, 3).T, [2, 1]),
  "repeat-axis-counts": () => np.repeat(A(6, 2, 3), [1, 0, 2], 1),
};

const intp = (f: () => unknown): [() => unknown, { intp: true }] => [f, { intp: true }];

const SELECT: Cases = {
  "nonzero": intp(() => np.nonzero(I([[0, 3], [4, 0]]))),
  "nonzero-float": intp(() => np.nonzero(F([0, 0.5, -0, NaN]))),
  "nonzero-transposed": intp(() => np.nonzero(np.mod(XT(), 5).eq(0))),
  "nonzero-0d": intp(() => np.nonzero(np.array(3))),
  "flatnonzero": intp(() => np.flatnonzero(np.mod(A(6, 2, 3), 2))),
  "argwhere": [() => np.argwhere(A(6, 2, 3).gt(2)), { intp: true, flags: true }],
  "argwhere-0d": intp(() => np.argwhere(np.array(5))),
  "where-1arg": intp(() => np.where(np.mod(A(6, 2, 3), 3).eq(0))),
  "where-3arg": () => np.where(A(6).gt(2), A(6), -1),
  "where-err-2arg": () => (np.where as (...a: unknown[]) => unknown)(A(6).gt(2), A(6)),
  "take-flat": () => np.take(A(6, 2, 3), [5, 0, 1]),
  "take-axis": [() => np.take(A(6, 2, 3), [[2, 0]], 1), { flags: true }],
  "take-axis0": () => np.take(X(), [1, 1], { axis: 0 }),
  "take-neg": () => np.take(A(5), [-1, -5]),
  "take-wrap": () => np.take(A(5), [7, -8], { mode: "wrap" }),
  "take-clip": () => np.take(A(5), [7, -8], null, null, "clip"),
  "take-transposed": () => XT().take([3, 1], 0),
  "take-scalar": () => np.take(A(5), 3),
  "take-err": () => np.take(A(6, 2, 3), [5], 1),
  "take-err-empty": () => np.take(np.zeros(0, "int32"), [0]),
  "put": () => mut(() => A(6), (b) => b, (v) => np.put(v, [0, 2], [-44, -55])),
  "put-cycle": () => mut(() => A(6), (b) => b, (v) => np.put(v, [0, 1, 2, 3], [-1, -2])),
  "put-2d": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.put(v, [4, -1], 0)),
  "put-transposed": () => mut(() => A(6, 2, 3), (b) => b.T, (v) => v.put([1, 2], [8, 9])),
  "put-wrap": () => mut(() => A(6), (b) => b, (v) => np.put(v, [8, -7], [1, 2], "wrap")),
  "put-clip": () => mut(() => A(6), (b) => b, (v) => np.put(v, [8, -7], [1, 2], { mode: "clip" })),
  "put-err": () => mut(() => A(6), (b) => b, (v) => np.put(v, [10], 1)),
  "take-along-axis": () => np.takeAlongAxis(I([[10, 30, 20], [60, 40, 50]]), I([[0, 2], [1, 0]]), 1),
  "take-along-axis0": () => np.takeAlongAxis(A(6, 2, 3), I([[1, 0, 1]]), 0),
  "take-along-axis-none": () => np.takeAlongAxis(A(6, 2, 3), I([5, 0]), null),
  "take-along-axis-neg": () => np.takeAlongAxis(A(6, 2, 3), I([[-1], [-2]]), { axis: 1 }),
  "take-along-axis-err-float": () => np.takeAlongAxis(A(6), F([1]), 0),
  "take-along-axis-err-ndim": () => np.takeAlongAxis(A(6, 2, 3), I([1]), 0),
  "put-along-axis": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.putAlongAxis(v, I([[0], [2]]), 99, 1)),
  "put-along-axis-values": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.putAlongAxis(v, I([[1, 0, 1]]), I([[7, 8, 9]]), 0)),
  "put-along-axis-none": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.putAlongAxis(v, I([4, 0]), -1, null)),
  "compress": () => np.compress([false, true, true], A(6, 2, 3), 1),
  "compress-flat": () => np.compress(np.array([true, false, true]), A(6, 2, 3)),
  "compress-short": () => A(6, 2, 3).compress([true], 0),
  "compress-err-long": () => np.compress([false, false, true], A(6, 2, 3), { axis: 0 }),
  "compress-err-2d": () => np.compress([[true]], A(3)),
  "extract": () => np.extract(np.mod(A(12, 3, 4), 3).eq(0), A(12, 3, 4)),
  "extract-transposed": () => np.extract(XT().gt(20), XT()),
  "place": () => mut(() => A(6), (b) => b, (v) => np.place(v, v.gt(2), [44, 55])),
  "place-2d": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.place(v, np.mod(v, 2).eq(0), [-1])),
  "place-transposed": () => mut(() => A(6, 2, 3), (b) => b.T, (v) => np.place(v, v.gt(1), [7, 8, 9])),
  "place-err-size": () => mut(() => A(6), (b) => b, (v) => np.place(v, v.get(":3").gt(1), [1])),
  "place-err-empty": () => mut(() => A(6), (b) => b, (v) => np.place(v, v.gt(1), [])),
  "putmask": () => mut(() => A(6), (b) => b, (v) => np.putmask(v, v.gt(2), v.pow(2))),
  "putmask-cycle": () => mut(() => A(6, 2, 3), (b) => b, (v) => np.putmask(v, np.mod(v, 2).eq(1), I([-1, -2, -3, -4]))),
  "putmask-transposed": () => mut(() => A(6, 2, 3), (b) => b.T, (v) => np.putmask(v, v.gt(1), I([7, 8]))),
  "putmask-float-into-int": () => mut(() => A(4), (b) => b, (v) => np.putmask(v, v.gt(1), 2.5)),
  "putmask-err-size": () => mut(() => A(6), (b) => b, (v) => np.putmask(v, v.get(":3").gt(1), 5)),
  "choose": () => np.choose(I([0, 1, 2, 1]), [I([1, 2, 3, 4]), I([10, 20, 30, 40]), I([100, 200, 300, 400])]),
  "choose-broadcast": () => np.choose(I([[1], [0]]), [I([1, 2, 3]), 7]),
  "choose-promote": () => I([0, 1]).choose([I([1, 2]), F([0.5, 1.5])]),
  "choose-wrap": () => np.choose(I([3, -1]), [I([1, 2]), I([5, 6])], { mode: "wrap" }),
  "choose-clip": () => np.choose(I([3, -1]), [I([1, 2]), I([5, 6])], null, "clip"),
  "choose-err": () => np.choose(I([0, 3]), [I([1, 2]), I([3, 4])]),
  "choose-err-shape": () => np.choose(I([0, 1]), [I([1, 2]), I([3, 4, 5])]),
  "piecewise": () => { const x = np.linspace(-2.5, 2.5, 6); return np.piecewise(x, [x.lt(0), x.ge(0)], [-1, 1]); },
  "piecewise-otherwise": () => np.piecewise(F([-2, 0, 3]), [F([-2, 0, 3]).lt(0)], [-1.5, 7]),
  "piecewise-func": () => np.piecewise(F([-2, 0, 3]), [F([-2, 0, 3]).lt(0), F([-2, 0, 3]).gt(0)], [(v: Arr) => v.neg(), (v: Arr) => v.mul(10)]),
  "piecewise-int": () => np.piecewise(I([1, 2, 3]), [I([1, 2, 3]).gt(1)], [2.7, 0]),
  "piecewise-err": () => np.piecewise(F([1, 2]), [F([1, 2]).gt(1)], [1, 2, 3]),
  "unravel-index": intp(() => np.unravelIndex(I([22, 41, 37]), [7, 6])),
  "unravel-index-f": intp(() => np.unravelIndex(I([22, 41, 37]), [7, 6], "F")),
  "unravel-index-scalar": intp(() => np.unravelIndex(5, [2, 3])),
  "unravel-index-2d": intp(() => np.unravelIndex(I([[1, 2], [3, 4]]), 5)),
  "unravel-index-err": () => np.unravelIndex(I([42]), [7, 6]),
  "unravel-index-err-neg": () => np.unravelIndex(I([-1]), [7, 6]),
  "unravel-index-err-float": () => np.unravelIndex(F([1]), [7, 6]),
  "ravel-multi-index": intp(() => np.ravelMultiIndex([I([3, 6, 6]), I([4, 5, 1])], [7, 6])),
  "ravel-multi-index-f": intp(() => np.ravelMultiIndex([I([3, 6, 6]), I([4, 5, 1])], [7, 6], { order: "F" })),
  "ravel-multi-index-broadcast": intp(() => np.ravelMultiIndex([I([[1], [2]]), I([0, 1, 2])], [3, 3])),
  "ravel-multi-index-wrap": intp(() => np.ravelMultiIndex([I([7]), I([-1])], [7, 6], "wrap")),
  "ravel-multi-index-modes": intp(() => np.ravelMultiIndex([I([7]), I([-1])], [7, 6], { mode: ["clip", "wrap"] })),
  "ravel-multi-index-err": () => np.ravelMultiIndex([I([7]), I([0])], [7, 6]),
  "ravel-multi-index-err-len": () => np.ravelMultiIndex([I([1])], [7, 6]),
  "ix": () => np.ix([0, 2], [1, 3]),
  "ix-bool": intp(() => np.ix(np.array([true, false, true]), [1])),
  "ix-index": () => A(20, 4, 5).get(np.ix([0, 3], [1, 4, 2])),
  "ix-err": () => np.ix([[1]]),
  "mgrid": intp(() => np.mgrid("0:3, 0:3")),
  "mgrid-1d": intp(() => np.mgrid("0:5")),
  "mgrid-1d-step": () => np.mgrid("-1:1:0.5"),
  "mgrid-complex": () => np.mgrid("0:1:5j"),
  "mgrid-complex-2d": () => np.mgrid("0:2", "0:1:3j"),
  "mgrid-step": intp(() => np.mgrid([np.slice(1, 10, 3), np.slice(-2, 2)])),
  "mgrid-tuple-1": intp(() => np.mgrid("0:3,")),
  "ogrid": intp(() => np.ogrid("0:3, 0:2")),
  "ogrid-complex": () => np.ogrid("0:2, 0:1:3j"),
  "ogrid-1d": intp(() => np.ogrid("0:4")),
  "nditer-c": intp(() => seq([...np.nditer(A(6, 2, 3))].map((x) => (x as Arr).item()))),
  "nditer-k-transposed": intp(() => seq([...np.nditer(A(6, 2, 3).T)].map((x) => (x as Arr).item()))),
  "nditer-k-reversed": intp(() => seq([...np.nditer(A(6, 2, 3).get("::-1, ::2"))].map((x) => (x as Arr).item()))),
  "nditer-k-3d": intp(() => seq([...np.nditer(XT())].map((x) => (x as Arr).item()))),
  "nditer-order-c": intp(() => seq([...np.nditer(A(6, 2, 3).T, { order: "C" })].map((x) => (x as Arr).item()))),
  "nditer-order-f": intp(() => seq([...np.nditer(A(6, 2, 3), { order: "F" })].map((x) => (x as Arr).item()))),
  "nditer-two": intp(() => seq([...np.nditer([A(6, 2, 3), I([10, 20, 30])])].map((p) => (p as Arr[]).map((x) => x.item())))),
  "nditer-multi-index": intp(() => { const it = it_(A(6, 2, 3).T, { flags: ["multi_index"] }); const out: number[][] = []; for (const _ of it) out.push(it.multiIndex); return np.array(out); }),
  "nditer-c-index": intp(() => { const it = it_(A(6, 2, 3).T, { flags: ["c_index"] }); const out: number[] = []; for (const _ of it) out.push(it.index); return np.array(out); }),
  "nditer-f-index": intp(() => { const it = it_(A(6, 2, 3), { flags: ["f_index"] }); const out: number[] = []; for (const _ of it) out.push(it.index); return np.array(out); }),
  "nditer-external": () => [...np.nditer(A(6, 2, 3).get(":, :2"), { flags: ["external_loop"] })],
  "nditer-external-order-c": () => [...np.nditer(A(6, 2, 3).T, { flags: ["external_loop"], order: "C" })],
  "nditer-readwrite": () => mut(() => A(6, 2, 3), (b) => b.T, (v) => { for (const x of np.nditer(v, { opFlags: ["readwrite"] })) (x as Arr).set("...", (x as Arr).mul(2).add(1)); }),
  "nditer-err-readonly": () => { for (const x of np.nditer(A(3))) (x as Arr).set("...", 1); },
  "ndindex": intp(() => seq(np.ndindex(2, 3))),
  "ndindex-tuple": intp(() => seq(np.ndindex([3]))),
  "ndenumerate": intp(() => seq([...np.ndenumerate(A(6, 2, 3).T)].map(([[i, k], v]) => [i, k, v]))),
  "apply-along-axis": () => np.applyAlongAxis((v) => v.max().sub(v.min()), 0, A(12, 3, 4).pow(2)),
  "apply-along-axis-vector": () => np.applyAlongAxis((v) => v.get("::-1").mul(2), 1, A(12, 3, 4)),
  "apply-along-axis-expand": () => np.applyAlongAxis((v) => v.get(":, None").mul(v.get("None, :")), 0, A(6, 3, 2)),
  "apply-along-axis-err": () => np.applyAlongAxis((v) => v.sum(), 1, np.zeros([0, 3])),
  "apply-over-axes": intp(() => np.applyOverAxes((a, ax) => np.sum(a, ax), X(), [0, 2])),
  "apply-over-axes-keep": intp(() => np.applyOverAxes((a, ax) => np.sum(a, { axis: ax, keepdims: true }), X(), 1)),
  "apply-over-axes-err": () => np.applyOverAxes((a) => a.sum(), X(), [0]),
};

const ALL: Cases = { ...GET, ...SET, ...VIEWS, ...JOIN, ...REARRANGE, ...SELECT };
const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("indexing vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(ALL)) {
    const [fn, o] = typeof c === "function" ? [c, {}] : c;
    it(name, () => { config.compile = compile; check(name, fn, { intp: true, ...o }); });
  }
});

it("every indexing fixture case has a JS twin", () => {
  expect(Object.keys(fixture.cases).filter((n) => !(n in ALL))).toEqual([]);
});

describe("indexing: laziness, fusion and memory", () => {
  it("a gather is a pending graph node; its index errors come at the call", () => {
    const x = A(12, 3, 4).mul(2);
    const g = x.get([[2, 0], "::-1"]);
    expect(g.isPending).toBe(true);
    expect(x.isPending).toBe(true);
    expect(() => x.get([[3]])).toThrow("index 3 is out of bounds for axis 0 with size 3");
    expect(g.tolist()).toEqual([[22, 20, 18, 16], [6, 4, 2, 0]]);
  });

  it("values a gather reads are those of the call, even when the source or the index changes later", () => {
    for (const compile of [true, false]) {
      config.compile = compile;
      const a = A(6).mul(1).evalSync();
      const idx = I([5, 0]);
      const g = a.get([idx]);
      const m = a.gt(3).evalSync();
      const s = a.get(m);
      a.set(5, 100);
      idx.set(0, 1);
      m.fill(true);
      expect(g.tolist()).toEqual([5, 0]);
      expect(s.tolist()).toEqual([4, 5]);
    }
  });

  it("a full reduction of a mask selection reduces where(mask, x, identity): no gather, where the result is identical", () => {
    const a = A(20, 4, 5), m = a.gt(7);
    for (const [r, want] of [[a.get(m).sum(), 162], [a.get(m).max(), 19], [a.get(m).min(), 8], [a.get(m).any(), true], [a.get(m).all(), true], [a.astype("int8").get(m).sum(), 162]] as const) {
      const e = r.explain();
      expect(e).toContain("no gather");
      expect(e).not.toContain("'gather'");
      expect(r.item()).toBe(want);
    }
    // float sums keep NumPy's pairwise order over the selection: gathered
    expect(a.astype("float64").get(m).sum().explain()).toContain("'gather'");
    // a mask changed after the call does not change the result
    const mm = a.gt(7).evalSync();
    const s = a.get(mm).sum();
    mm.fill(false);
    expect(s.item()).toBe(162);
    // nor does a write to the source after the call
    const b = A(20).mul(1).evalSync();
    const t = b.get(b.gt(15)).sum();
    b.set(19, 1000);
    expect(t.item()).toBe(16 + 17 + 18 + 19);
  });

  it("views share memory with their base; advanced results do not", () => {
    const a = A(12, 3, 4);
    const v = a.get("1:, ::-1"), g = a.get([[1, 2]]), d = a.diagonal(), w = np.slidingWindowView(a, [2, 2]);
    a.set([2, 3], -1);
    expect(v.item(1, 0)).toBe(-1);
    expect(d.tolist()).toEqual([0, 5, 10]);
    expect(w.item(1, 2, 1, 1)).toBe(-1);
    expect(g.item(1, 3)).toBe(11);
    expect(v.base).toBe(a.base ?? a);
    expect(g.base).toBeNull();
    expect(d.flags.writeable).toBe(false);
    expect(w.flags.writeable).toBe(false);
    expect(np.lib.strideTricks.slidingWindowView).toBe(np.slidingWindowView);
  });

  it("real and imag of a pending complex array become views of its memory", () => {
    const c = np.array([j(1, 2), j(3, 4)]).mul(1);
    const re = c.real, im = c.imag;
    expect(c.isPending).toBe(true);
    re.set(0, 10);
    im.set(1, -4);
    expect(c.tolist()).toEqual([j(10, 2), j(3, -4)]);
  });
});
