// Reductions and scans of masked arrays, after MaskedArray.sum/mean/var/min/... in
// numpy/ma/core.py: reduce the data filled with the operation's identity; a result is
// masked where every element reduced was masked. A 0-d result is a 0-d NDArray, or `masked`.

import type { Scalar } from "../../compiler/ir.js";
import { NDArray } from "../ndarray.js";
import { type DTypeLike, dtype as toDType } from "../dtype.js";
import { array, full } from "../creation.js";
import * as uf from "../ufunc.js";
import { AxisError, ValueError } from "../../runtime/errors.js";
import { MaskedArray, masked, type MaskedResult } from "./core.js";
import { defaultFill, fillAs, maximumFill, minimumFill } from "./fill.js";
import * as ops from "./ops.js";

export type Axis = number | readonly number[] | null | undefined;
export interface MaReduceOptions { axis?: Axis; keepdims?: boolean; dtype?: DTypeLike | null; ddof?: number; fillValue?: Scalar | null; out?: NDArray | MaskedArray | null }

function args(axis: Axis | MaReduceOptions, opts: MaReduceOptions | undefined): MaReduceOptions {
  if (axis !== null && typeof axis === "object" && !Array.isArray(axis)) return { ...(axis as MaReduceOptions), ...(opts ?? {}) };
  return { ...(opts ?? {}), axis: axis as Axis };
}

/** The options numfuse's own reductions take. */
function plain(o: MaReduceOptions, withDtype = true): { axis: Axis; keepdims: boolean; dtype?: DTypeLike } {
  const r: { axis: Axis; keepdims: boolean; dtype?: DTypeLike } = { axis: o.axis ?? null, keepdims: o.keepdims ?? false };
  if (withDtype && o.dtype) r.dtype = o.dtype;
  return r;
}

/** Wraps a reduced value: masked data where `newmask` is set; 0-d results are scalars or `masked`. */
function wrap(d: NDArray, newmask: NDArray | null): MaskedResult {
  if (d.ndim === 0) return newmask && (newmask.item() as boolean) ? masked : d;
  return MaskedArray._of(d, newmask);
}

/** NumPy's _check_mask_axis: where every reduced element is masked (null when nothing is). */
function reducedMask(a: MaskedArray, o: MaReduceOptions): NDArray | null {
  const m = a.ndim === 0 || (o.axis ?? null) === null ? a._mask : a._resolvedMask();
  return m ? m.all(plain(o, false)) : null;
}

/** Axis arguments as sorted non-negative axes (all of them for null), NumPy's errors for bad ones. */
function normalizeAxes(axis: Axis, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, k) => k);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((k) => {
    if (!Number.isInteger(k) || k < -ndim || k >= ndim) throw new AxisError(`axis ${k} is out of bounds for array of dimension ${ndim}`);
    return k < 0 ? k + ndim : k;
  });
  if (new Set(out).size !== out.length) throw new ValueError("duplicate value in 'axis'");
  return out.sort((x, y) => x - y);
}

/** `m.count(axis)`: how many elements are unmasked. */
export function count(a: MaskedArray, axis: Axis | MaReduceOptions, opts: MaReduceOptions = {}): NDArray {
  const o = args(axis, opts);
  if (a._isMaskedConstant) return array(0, { dtype: "int32" });
  if (!a._mask) {
    const ax = o.axis ?? null;
    if (a.ndim === 0 && ax !== null && ax !== 0) throw new AxisError(`axis ${String(ax)} is out of bounds for array of dimension 0`);
    // every element counts: the count is the product of the reduced axes' lengths
    const axes = normalizeAxes(ax, a.ndim);
    const items = axes.reduce((n, k) => n * a.shape[k], 1);
    const shape = o.keepdims ? a.shape.map((n, k) => (axes.includes(k) ? 1 : n)) : a.shape.filter((_, k) => !axes.includes(k));
    return full(shape, items, { dtype: "int32" });
  }
  return a._mask.invert().sum({ ...plain(o, false), dtype: "int32" });
}

export function sum(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  return wrap(a.filled(0).sum(plain(o)), reducedMask(a, o));
}

export function prod(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  return wrap(a.filled(1).prod(plain(o)), reducedMask(a, o));
}

export function mean(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  if (!a._mask) return wrap(a._data.mean(plain(o)), null);
  const k = a.dtype.kind;
  const dsum = sum(a, { ...o, dtype: o.dtype ?? (k === "i" || k === "u" || k === "b" ? "float64" : undefined) });
  const cnt = count(a, o);
  if (cnt.ndim === 0) {
    if ((cnt.item() as number) === 0 || dsum === masked) return masked;
    return (dsum as NDArray).mul(1.0).div(cnt);
  }
  return ops.divide(ops.multiply(dsum, 1.0), cnt);
}

export function var_(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  const ddof = o.ddof ?? 0;
  if (!a._mask) return wrap(a._data.var({ ...plain(o), ddof }), null);
  const cnt = count(a, o).sub(ddof);
  const m = mean(a, { axis: o.axis, dtype: o.dtype, keepdims: true });
  let danom = ops.subtract(a, m) as MaskedArray;
  danom = (a.dtype.kind === "c" ? ops.multiply(ops.absolute(danom), ops.absolute(danom)) : ops.multiply(danom, danom)) as MaskedArray;
  const dsum = sum(danom as MaskedArray, { axis: o.axis, keepdims: o.keepdims });
  const dvar = ops.divide(dsum, cnt);
  if (dvar instanceof MaskedArray && dvar.ndim > 0) {
    const allMasked = a._mask.all(plain(o, false));
    dvar._mask = uf.logicalOr(allMasked, cnt.le(0));
    dvar._shrink = true;
    dvar._fill = null;
    dvar._hard = a._hard;
  }
  return dvar;
}

export function std(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const dvar = var_(a, axis, opts);
  if (dvar === masked) return dvar;
  return ops.sqrt(dvar);
}

/** min/max: masked places filled with the other extreme; fully masked results hold the fill value. */
export function extremum(a: MaskedArray, which: "min" | "max", axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  const fill = o.fillValue ?? (which === "min" ? minimumFill(a.dtype) : maximumFill(a.dtype));
  const d = a.filled(fill)[which](plain(o, false));
  const newmask = reducedMask(a, o);
  if (d.ndim === 0) return wrap(d, newmask);
  const r = MaskedArray._of(newmask ? uf.where(newmask, array(r0Fill(d), { dtype: d.dtype }), d) : d, newmask);
  return r;
}
const r0Fill = (d: NDArray): Scalar => fillAs(defaultFill(d.dtype), d.dtype);

export function ptp(a: MaskedArray, axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const hi = extremum(a, "max", axis, opts), lo = extremum(a, "min", axis, opts);
  if (hi === masked || lo === masked) return masked;
  if (hi instanceof MaskedArray) return ops.subtract(hi, lo);
  return (hi as NDArray).sub(lo as NDArray);
}

export function logical(a: MaskedArray, which: "all" | "any", axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): MaskedResult {
  const o = args(axis, opts);
  return wrap(a.filled(which === "all")[which](plain(o, false)), reducedMask(a, o));
}

/** argmin/argmax of the data filled with the extreme that never wins: a plain index array. */
export function argExtremum(a: MaskedArray, which: "argmin" | "argmax", axis?: Axis | MaReduceOptions, opts?: MaReduceOptions): NDArray {
  const o = args(axis, opts);
  const fill = o.fillValue ?? (which === "argmin" ? minimumFill(a.dtype) : maximumFill(a.dtype));
  return a.filled(fill)[which]({ axis: o.axis ?? null, keepdims: o.keepdims ?? false });
}

/** cumsum/cumprod of the filled data, with the input's mask (flattened when axis is null). */
export function scan(a: MaskedArray, which: "cumsum" | "cumprod", axis?: number | null | MaReduceOptions, opts?: MaReduceOptions): MaskedArray {
  const o = args(axis as Axis | MaReduceOptions, opts);
  const ax = (o.axis ?? null) as number | null;
  const d = a.filled(which === "cumsum" ? 0 : 1)[which](ax, o.dtype ? toDType(o.dtype) : null);
  const m = a._mask ? (ax === null ? a._mask.flatten() : a._mask.copy()) : null;
  return MaskedArray._of(d, m, null, a._shrink);
}
