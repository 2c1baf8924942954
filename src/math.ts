// Elementwise functions composed from ufuncs: isclose, allclose, arrayEqual, nanToNum,
// divmod, and other conveniences NumPy defines in Python on top of its ufuncs.

import { dt } from "./dtype.js";
import { NDArray, lazy } from "./ndarray.js";
import { asarray } from "./creation.js";
import { applyNode, castNode, prepare, type ArrayLike, type Prepared } from "./ufunc.js";
import { promoteWeak } from "./dtype.js";
import { TypeError } from "../runtime/errors.js";
import { all } from "./reductions.js";

const node = (op: string, ...xs: (ArrayLike | Prepared)[]): Prepared => {
  const ps = xs.map((x) => (x && typeof x === "object" && "node" in x && "weak" in x ? (x as Prepared) : prepare(x as ArrayLike)));
  const r = applyNode(op, ps);
  return { node: r.node, dtype: r.dtype, weak: null };
};
const wrap = (p: Prepared): NDArray => lazy(p.node, p.dtype);

export interface IscloseOptions { rtol?: number; atol?: number; equalNan?: boolean }

/** `np.isclose(a, b, { rtol = 1e-5, atol = 1e-8, equalNan })`: |a - b| <= atol + rtol * |b|. */
export function isclose(a: ArrayLike, b: ArrayLike, rtol: number | IscloseOptions = 1e-5, atol = 1e-8, equalNan = false): NDArray {
  if (typeof rtol === "object") ({ rtol = 1e-5, atol = 1e-8, equalNan = false } = rtol);
  const x = prepare(a), y0 = prepare(b);
  // NumPy: y = asanyarray(y, dtype=result_type(y, 1.)), so the difference is taken in floats
  const yd = promoteWeak(y0.dtype, "float");
  const y: Prepared = y0.weak ? { ...y0, dtype: yd, node: castNode(y0, yd), weak: null } : { node: castNode(y0, yd), dtype: yd, weak: null };
  const diff = node("absolute", node("subtract", x, y));
  const tol = node("add", atol, node("multiply", rtol, node("absolute", y)));
  let close = node("less_equal", diff, tol);
  // infinities: equal only to themselves
  const finite = node("logical_and", node("isfinite", x), node("isfinite", y));
  close = node("logical_or", node("logical_and", close, finite), node("logical_and", node("logical_not", finite), node("equal", x, y)));
  if (equalNan) close = node("logical_or", close, node("logical_and", node("isnan", x), node("isnan", y)));
  return wrap(close);
}

/** `np.allclose(a, b, ...)`: a 0-d bool array; `.item()` gives the JS boolean. */
export function allclose(a: ArrayLike, b: ArrayLike, rtol: number | IscloseOptions = 1e-5, atol = 1e-8, equalNan = false): NDArray {
  return all(isclose(a, b, rtol, atol, equalNan));
}

/** `np.arrayEqual(a, b)`: same shape and all elements equal (a 0-d bool array). */
export function arrayEqual(a: ArrayLike, b: ArrayLike, opts: { equalNan?: boolean } = {}): NDArray {
  const x = asarray(a), y = asarray(b);
  if (x.ndim !== y.ndim || x.shape.some((n, i) => n !== y.shape[i])) return asarray(false);
  let eq = node("equal", x, y);
  if (opts.equalNan) eq = node("logical_or", eq, node("logical_and", node("isnan", x), node("isnan", y)));
  return all(wrap(eq));
}

/** `np.arrayEquiv(a, b)`: broadcastable and all elements equal. */
export function arrayEquiv(a: ArrayLike, b: ArrayLike): NDArray {
  try { return all(wrap(node("equal", a, b))); } catch { return asarray(false); }
}

export interface NanToNumOptions { copy?: boolean; nan?: number; posinf?: number | null; neginf?: number | null }
/** `np.nanToNum(x, { nan = 0, posinf, neginf })`: nan -> 0, ±inf -> the dtype's largest finite values. */
export function nanToNum(x: ArrayLike, opts: NanToNumOptions = {}): NDArray {
  const p = prepare(x);
  if (p.dtype.kind !== "f" && p.dtype.kind !== "c") return asarray(x).copy();
  const big = p.dtype.id === "float32" || p.dtype.id === "complex64" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const fix = (v: Prepared): Prepared => {
    let r = node("where", node("isnan", v), opts.nan ?? 0, v);
    r = node("where", node("equal", v, Infinity), opts.posinf ?? big, r);
    r = node("where", node("equal", v, -Infinity), opts.neginf ?? -big, r);
    return r;
  };
  if (p.dtype.kind === "c") {
    return wrap(node("make_complex", fix(node("real", p)), fix(node("imag", p))));
  }
  return wrap(fix(p));
}

/** `np.divmod(a, b)`: [floorDivide(a, b), remainder(a, b)]. */
export function divmod(a: ArrayLike, b: ArrayLike): [NDArray, NDArray] {
  return [wrap(node("floor_divide", a, b)), wrap(node("remainder", a, b))];
}

/** `np.isposinf(x)`, `np.isneginf(x)`. */
export const isposinf = (x: ArrayLike) => wrap(node("equal", realOnly(x), Infinity));
export const isneginf = (x: ArrayLike) => wrap(node("equal", realOnly(x), -Infinity));
function realOnly(x: ArrayLike): Prepared {
  const p = prepare(x);
  if (p.dtype.kind === "c") throw new TypeError("This operation is not supported for complex values because it would be ambiguous.");
  return p;
}
/** `np.isreal(x)`: imaginary part is zero. */
export const isreal = (x: ArrayLike) => wrap(node("equal", node("imag", x), 0));
/** `np.iscomplex(x)`. */
export const iscomplex = (x: ArrayLike) => wrap(node("not_equal", node("imag", x), 0));
/** `np.floatPower(a, b)`: power in at least float64. */
export const floatPower = (a: ArrayLike, b: ArrayLike) => {
  const x = prepare(a);
  const t = x.dtype.kind === "c" ? dt("complex128") : dt("float64");
  const f: Prepared = { node: castNode(x, t), dtype: t, weak: null };
  return wrap(node("power", f as Prepared, b));
};
/** `np.angle(z, deg?)`. */
export const angle = (z: ArrayLike, deg = false) => {
  const r = node("arctan2", node("imag", z), node("real", z));
  return wrap(deg ? node("rad2deg", r) : r);
};

/** `np.modf(x)`: [fractional part, integral part], both with x's sign. */
export function modf(x: ArrayLike): [NDArray, NDArray] {
  return [wrap(node("modf_frac", x)), wrap(node("modf_int", x))];
}

/** `np.frexp(x)`: [mantissa in [0.5, 1), exponent (int32)], x = m * 2**e. */
export function frexp(x: ArrayLike): [NDArray, NDArray] {
  const m = wrap(node("frexp_mantissa", x));
  // the exponent: log2 of x / m, exact for finite nonzero x; 0 for 0, inf and nan
  const p = prepare(x);
  const q = node("true_divide", p, { node: m._node, dtype: m.dtype, weak: null });
  const e = node("where", node("logical_and", node("isfinite", p), node("not_equal", p, 0)), node("log2", q), 0);
  return [m, lazy(node("rint", e).node, dt("float64")).astype("int32")];
}
