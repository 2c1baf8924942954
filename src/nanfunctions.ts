// NumPy's nan-functions not built elsewhere (nansum, nanmean, nanmax, nanmin live with the
// reductions; nancumsum and nancumprod with the scans). Each follows NumPy 1.24's
// nanfunctions.py step for step, as lazy composition of where/isnan, sums and ufuncs: the
// results stay pending and fuse with their producers. Only nanargmax/nanargmin look at
// values at the call, since NumPy raises there for an all-NaN slice.

import { ValueError, TypeError } from "../runtime/errors.js";
import { dtype as toDType, type DType, type DTypeLike } from "./dtype.js";
import { NDArray, lazy } from "./ndarray.js";
import { asarray } from "./creation.js";
import { conjugate, isnan, lessEqual, logicalNot, multiply, real, sqrt, subtract, trueDivide, where, writeOut, castNode, prepare, type ArrayLike } from "./ufunc.js";
import { all, any, argmax, argmin, prod, sum, var_ } from "./reductions.js";
import { argsOf } from "./join.js";

type Axis = number | readonly number[] | null;

export interface NanVarOptions { axis?: Axis; dtype?: DTypeLike | null; out?: NDArray | null; ddof?: number; keepdims?: boolean }
export interface NanProdOptions { axis?: Axis; dtype?: DTypeLike | null; out?: NDArray | null; keepdims?: boolean }
export interface NanArgOptions { axis?: number | null; out?: NDArray | null; keepdims?: boolean }

const isInexact = (d: DType) => d.kind === "f" || d.kind === "c";

/** `x` as dtype `d`, lazily (NumPy's `out=` with casting='unsafe' into an array of `d`). */
const as = (x: NDArray, d: DType): NDArray => (x.dtype.id === d.id ? x : lazy(castNode(prepare(x), d), d));

/** NumPy's _divide_by_count: the quotient is stored back into `a`'s dtype. */
const divideByCount = (a: NDArray, b: ArrayLike): NDArray => as(trueDivide(a, b), a.dtype);

/** The variance of the non-NaN elements, lazily, written into `out` when given. */
function nanvarOf(a: ArrayLike, o: NanVarOptions): NDArray {
  const arr = asarray(a);
  if (!isInexact(arr.dtype)) return var_(arr, { axis: o.axis, dtype: o.dtype, out: o.out, ddof: o.ddof, keepdims: o.keepdims });
  const d = o.dtype !== undefined && o.dtype !== null ? toDType(o.dtype) : null;
  if (d && !isInexact(d)) throw new TypeError("If a is inexact, then dtype must be inexact");
  if (o.out && !isInexact(o.out.dtype)) throw new TypeError("If a is inexact, then out must be inexact");
  const axis = o.axis ?? null, keepdims = o.keepdims ?? false, ddof = o.ddof ?? 0;
  const mask = isnan(arr);
  const zeroed = where(mask, 0, arr);
  const cnt = sum(logicalNot(mask), { axis, dtype: "int32", keepdims: true });
  const avg = divideByCount(sum(zeroed, { axis, dtype: d, keepdims: true }), cnt);
  // deviations are stored in a's dtype (NumPy subtracts into arr with casting='unsafe')
  const dev = where(mask, 0, as(subtract(zeroed, avg), arr.dtype));
  const sqr = arr.dtype.kind === "c" ? real(multiply(dev, conjugate(dev))) : multiply(dev, dev);
  let v = sum(sqr, { axis, dtype: d, keepdims });
  const dof = subtract(keepdims ? cnt : cnt.reshape(v.shape), ddof);
  v = divideByCount(v, dof);
  v = where(lessEqual(dof, 0), NaN, v);
  return o.out ? writeOut(o.out, v._node, v.dtype, "add") : v;
}

const varArgs = (args: unknown[]) => argsOf(["axis", "dtype", "out", "ddof", "keepdims"], args) as NanVarOptions;

/** `np.nanvar(a, axis?, dtype?, out?, ddof?, keepdims?)`: variance ignoring NaN. Example: `np.nanvar(a, { axis: 0, ddof: 1 })` */
export function nanvar(a: ArrayLike, ...args: (Axis | DTypeLike | NDArray | number | boolean | NanVarOptions | undefined)[]): NDArray {
  return nanvarOf(a, varArgs(args));
}

/** `np.nanstd(a, axis?, dtype?, out?, ddof?, keepdims?)`: standard deviation ignoring NaN. Example: `np.nanstd(a, 1)` */
export function nanstd(a: ArrayLike, ...args: (Axis | DTypeLike | NDArray | number | boolean | NanVarOptions | undefined)[]): NDArray {
  const o = varArgs(args);
  const v = nanvarOf(a, o);
  // NumPy takes the root in place: with `out`, of the variance already stored there
  return o.out ? sqrt(v, { out: v }) : sqrt(v);
}

/** `np.nanprod(a, axis?, dtype?, out?, keepdims?)`: product with NaN counted as 1. Example: `np.nanprod(a, { axis: 1 })` */
export function nanprod(a: ArrayLike, ...args: (Axis | DTypeLike | NDArray | boolean | NanProdOptions | undefined)[]): NDArray {
  const o = argsOf(["axis", "dtype", "out", "keepdims"], args) as NanProdOptions;
  const arr = asarray(a);
  const src = isInexact(arr.dtype) ? where(isnan(arr), 1, arr) : arr;
  return prod(src, { axis: o.axis, dtype: o.dtype, out: o.out, keepdims: o.keepdims });
}

function nanArg(which: "max" | "min") {
  return (a: ArrayLike, ...args: (number | null | NDArray | NanArgOptions | undefined)[]): NDArray => {
    const o = argsOf(["axis", "out"], args) as NanArgOptions;
    const arr = asarray(a);
    let src = arr;
    if (isInexact(arr.dtype)) {
      const mask = isnan(arr);
      // a data-dependent error: NumPy raises it at the call, so the mask is computed now
      if (any(all(mask, { axis: o.axis ?? null })).item()) throw new ValueError("All-NaN slice encountered");
      src = where(mask, which === "max" ? -Infinity : Infinity, arr);
    }
    return (which === "max" ? argmax : argmin)(src, { axis: o.axis ?? null, out: o.out, keepdims: o.keepdims });
  };
}

/** `np.nanargmax(a, axis?, out?, { keepdims })`: index of the maximum ignoring NaN (int32). Example: `np.nanargmax(a, 0)` */
export const nanargmax = nanArg("max");
/** `np.nanargmin(a, axis?, out?, { keepdims })`: index of the minimum ignoring NaN (int32). Example: `np.nanargmin(a)` */
export const nanargmin = nanArg("min");
