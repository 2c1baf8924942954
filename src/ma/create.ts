// The np.ma functions that build masked arrays and read their parts: array, masked_where
// and its shortcuts (masked_equal, masked_invalid, ...), getmask, getdata, filled, ...

import type { Scalar } from "../../compiler/ir.js";
import { NDArray } from "../ndarray.js";
import { asarray, zeros } from "../creation.js";
import * as nd from "../creation.js";
import { isclose } from "../math.js";
import * as uf from "../ufunc.js";
import { IndexError } from "../../runtime/errors.js";
import { MaskedArray, broadcastMask, masked, nomask, type MaskedArrayOptions, type MaskedLike } from "./core.js";
import { checkFill } from "./fill.js";
import type { Axis, MaReduceOptions } from "./reduce.js";

/** `np.ma.array(data, { mask, dtype, fillValue, copy, keepMask, hardMask })`: `np.ma.array([1, 2, 3], { mask: [0, 1, 0] })`. */
export function array(data: unknown, opts: MaskedArrayOptions = {}): MaskedArray {
  return new MaskedArray(data, opts);
}

/** `np.ma.isMaskedArray(x)`: whether x is a MaskedArray. */
export function isMaskedArray(x: unknown): x is MaskedArray {
  return x instanceof MaskedArray;
}

const asMasked = (a: MaskedLike): MaskedArray => (a instanceof MaskedArray ? a : new MaskedArray(a));
const plainData = (a: MaskedLike): NDArray => (a instanceof MaskedArray ? a._data : asarray(a as never));

/** `np.ma.isMasked(x)`: whether x is a MaskedArray with some element masked. */
export function isMasked(x: unknown): boolean {
  if (!(x instanceof MaskedArray)) return false;
  const m = x._resolvedMask();
  return m !== null && (m.any().item() as boolean);
}

/** `np.ma.getmask(a)`: the mask, or `np.ma.nomask` when nothing is masked. */
export function getmask(a: unknown): NDArray {
  return a instanceof MaskedArray ? a.mask : nomask;
}

/** `np.ma.getmaskarray(a)`: the mask as a full bool array: `np.ma.getmaskarray(m)` is [False True False]. */
export function getmaskarray(a: MaskedLike): NDArray {
  if (a instanceof MaskedArray) return a._mask ?? zeros(a.shape, { dtype: "bool" });
  return zeros(asarray(a as never).shape, { dtype: "bool" });
}

/** `np.ma.getdata(a)`: the data as an NDArray. */
export function getdata(a: MaskedLike): NDArray {
  return plainData(a);
}

/** `np.ma.filled(a, value)`: the data with masked places set to value. */
export function filled(a: MaskedLike, fillValue: Scalar | null = null): NDArray {
  return a instanceof MaskedArray ? a.filled(fillValue) : asarray(a as never);
}

/** `np.ma.compressed(a)`: the unmasked values, flattened. */
export function compressed(a: MaskedLike): NDArray {
  return asMasked(a).compressed();
}

/** `np.ma.count(a, axis)`: how many unmasked elements. */
export function count(a: MaskedLike, axis: Axis | MaReduceOptions = null, opts: MaReduceOptions = {}): NDArray {
  return asMasked(a).count(axis, opts);
}

/** `np.ma.makeMask(m, { shrink })`: a bool mask from m; nomask when all false and shrink (the default). */
export function makeMask(m: unknown, opts: { shrink?: boolean } = {}): NDArray {
  if (m === nomask) return nomask;
  const r = m instanceof MaskedArray ? m.filled(true).astype("bool") : asarray(m as never).astype("bool");
  if (opts.shrink !== false && !(r.any().item() as boolean)) return nomask;
  return r;
}

/** `np.ma.maskOr(m1, m2, { shrink })`: the union of two masks (nomask when both are). */
export function maskOr(m1: unknown, m2: unknown, opts: { shrink?: boolean } = {}): NDArray {
  if (m1 === nomask || m1 === false) return makeMask(m2, opts);
  if (m2 === nomask || m2 === false) return makeMask(m1, opts);
  return makeMask(uf.logicalOr(asarray(m1 as never), asarray(m2 as never)), opts);
}

/** `np.ma.maskedWhere(cond, a)`: a masked where cond is true (a's own mask kept): `np.ma.maskedWhere(a.gt(2), a)`. */
export function maskedWhere(condition: unknown, a: MaskedLike, opts: { copy?: boolean } = {}): MaskedArray {
  const src = asMasked(a);
  const cond = condition instanceof MaskedArray ? condition.filled(true).astype("bool") : asarray(condition as never).astype("bool");
  if (cond.ndim > 0 && (cond.ndim !== src.ndim || cond.shape.some((n, i) => n !== src.shape[i]))) {
    throw new IndexError(`Inconsistent shape between the condition and the input (got ${tuple(cond.shape)} and ${tuple(src.shape)})`);
  }
  const data = opts.copy === false ? src._data : src._data.copy();
  const full = cond.ndim === 0 ? broadcastMask(cond, src.shape) : cond;
  const mask = src._mask ? uf.logicalOr(full, src._mask) : full;
  // NumPy shrinks the new mask to nomask when it is all false
  const r = MaskedArray._of(data, mask, src, true);
  if (opts.copy === false && !src._mask) { src._mask = mask; src._shrink = true; }
  return r;
}
const tuple = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** `np.ma.maskedInvalid(a)`: NaN and inf masked: `np.ma.maskedInvalid(np.array([1, NaN]))`. */
export function maskedInvalid(a: MaskedLike, opts: { copy?: boolean } = {}): MaskedArray {
  const r = maskedWhere(uf.logicalNot(uf.isfinite(plainData(a))), a, opts);
  // never nomask (NumPy keeps a full mask here for matplotlib's sake)
  r._shrink = false;
  return r;
}

type Cmp = (x: NDArray, v: Scalar) => NDArray;
function maskedBy(cmp: Cmp, setFill = false) {
  return (x: MaskedLike, value: Scalar, opts: { copy?: boolean } = {}): MaskedArray => {
    const r = maskedWhere(cmp(filled(x), value), x, opts);
    if (setFill) r._fill = checkFill(value, r.dtype);
    return r;
  };
}
/** `np.ma.maskedEqual(x, value)`: masked where x == value (the fill value becomes value). */
export const maskedEqual = maskedBy((x, v) => uf.equal(x, v), true);
/** `np.ma.maskedNotEqual(x, value)`: masked where x != value. */
export const maskedNotEqual = maskedBy((x, v) => uf.notEqual(x, v));
/** `np.ma.maskedGreater(x, value)`: masked where x > value. */
export const maskedGreater = maskedBy((x, v) => uf.greater(x, v));
/** `np.ma.maskedGreaterEqual(x, value)`: masked where x >= value. */
export const maskedGreaterEqual = maskedBy((x, v) => uf.greaterEqual(x, v));
/** `np.ma.maskedLess(x, value)`: masked where x < value. */
export const maskedLess = maskedBy((x, v) => uf.less(x, v));
/** `np.ma.maskedLessEqual(x, value)`: masked where x <= value. */
export const maskedLessEqual = maskedBy((x, v) => uf.lessEqual(x, v));

/** `np.ma.maskedInside(x, v1, v2)`: masked where v1 <= x <= v2 (bounds in either order). */
export function maskedInside(x: MaskedLike, v1: number, v2: number, opts: { copy?: boolean } = {}): MaskedArray {
  if (v2 < v1) [v1, v2] = [v2, v1];
  const xf = filled(x);
  return maskedWhere(uf.logicalAnd(uf.greaterEqual(xf, v1), uf.lessEqual(xf, v2)), x, opts);
}

/** `np.ma.maskedOutside(x, v1, v2)`: masked where x < v1 or x > v2 (bounds in either order). */
export function maskedOutside(x: MaskedLike, v1: number, v2: number, opts: { copy?: boolean } = {}): MaskedArray {
  if (v2 < v1) [v1, v2] = [v2, v1];
  const xf = filled(x);
  return maskedWhere(uf.logicalOr(uf.less(xf, v1), uf.greater(xf, v2)), x, opts);
}

/** `np.ma.maskedValues(x, value, { rtol, atol })`: masked where x is close to value (floats) or equal (others). */
export function maskedValues(x: MaskedLike, value: number, opts: { rtol?: number; atol?: number; shrink?: boolean } = {}): MaskedArray {
  const xnew = filled(x, value);
  const cond = xnew.dtype.kind === "f" ? isclose(xnew, value, opts.rtol ?? 1e-5, opts.atol ?? 1e-8) : uf.equal(xnew, value);
  const r = MaskedArray._of(xnew.copy(), cond, x instanceof MaskedArray ? x : null, opts.shrink !== false);
  r._fill = checkFill(value, r.dtype);
  return r;
}

export { masked, nomask };

type Like = Parameters<typeof nd.zerosLike>[1];
type Shape = Parameters<typeof nd.zeros>[0];
type CreateOpts = Parameters<typeof nd.zeros>[1];
// NumPy's _convert2ma: creation functions whose array comes back as a MaskedArray with nomask
const unmasked = (a: NDArray): MaskedArray => MaskedArray._of(a, null);
/** `np.ma.zeros(shape)`: zeros, nothing masked. */
export const zerosMa = (shape: Shape, opts?: CreateOpts): MaskedArray => unmasked(nd.zeros(shape, opts));
/** `np.ma.ones(shape)`: ones, nothing masked. */
export const onesMa = (shape: Shape, opts?: CreateOpts): MaskedArray => unmasked(nd.ones(shape, opts));
/** `np.ma.empty(shape)`: uninitialized, nothing masked. */
export const emptyMa = (shape: Shape, opts?: CreateOpts): MaskedArray => unmasked(nd.empty(shape, opts));
/** `np.ma.arange(start, stop, step)`: evenly spaced values, nothing masked. */
export const arangeMa = (...args: Parameters<typeof nd.arange>): MaskedArray => unmasked(nd.arange(...args));
/** `np.ma.zerosLike(a)`: zeros of a's shape and dtype, nothing masked. */
export const zerosLikeMa = (a: unknown, opts?: Like): MaskedArray => unmasked(nd.zerosLike(a instanceof MaskedArray ? a._data : a, opts));
/** `np.ma.onesLike(a)`: ones of a's shape and dtype, nothing masked. */
export const onesLikeMa = (a: unknown, opts?: Like): MaskedArray => unmasked(nd.onesLike(a instanceof MaskedArray ? a._data : a, opts));
