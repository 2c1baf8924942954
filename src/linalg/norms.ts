// Norms and what is measured with them: norm, cond, matrixRank.
//
// As NumPy 1.24's linalg.py: every norm but the spectral and nuclear ones is composed
// lazily of ufuncs and reductions (so it fuses with its producers); those two, cond's
// default and matrixRank reduce the singular values of svd.ts.

import { LinAlgError, TypeError, ValueError } from "../../runtime/errors.js";
import { normAxis } from "../broadcast.js";
import { dt, finfo, type DType } from "../dtype.js";
import { NDArray, lazy } from "../ndarray.js";
import { asarray, copyNode } from "../creation.js";
import { argsOf, intArg } from "../join.js";
import { moveaxis, reshape, ravel } from "../shape.js";
import { absolute, isnan, logicalAnd, logicalNot, multiply, notEqual, power, sqrt, add, divide, greater, where, type ArrayLike } from "../ufunc.js";
import { any, countNonzero, max, min, sum } from "../reductions.js";
import { assertStacked2d, assertStackedSquare, commonType } from "./batch.js";
import { invOrNaN } from "./lu.js";
import { singularValues, svd } from "./svd.js";

const asType = (a: NDArray, d: DType): NDArray => (a.dtype.id === d.id ? a : lazy(copyNode(a, d), d));

/** Σ |x|² over `axis` (all axes when null): (x.conj()·x).real, as NumPy sums it. */
function sumSquares(x: NDArray, axis: number[] | null, keepdims = false): NDArray {
  if (x.dtype.kind === "c") return sum(add(multiply(x.real, x.real), multiply(x.imag, x.imag)), { axis, keepdims });
  return sum(multiply(x, x), { axis, keepdims });
}

/** The singular values of the matrices over (row, col), reduced over the last axis by `op`. */
function svdNorm(x: NDArray, row: number, col: number, op: typeof max): NDArray {
  return op(singularValues(moveaxis(x, [row, col], [-2, -1])), { axis: -1 });
}

export type NormOrder = number | "fro" | "f" | "nuc" | null;
export interface NormOptions { ord?: NormOrder; axis?: number | readonly number[] | null; keepdims?: boolean }
type NormArg = NormOrder | number | readonly number[] | boolean | NormOptions | undefined;

/**
 * `np.linalg.norm(x, ord?, axis?, keepdims?)`: vector norms (ord a number, ±inf, 0) over
 * one axis, matrix norms (null/'fro', 'nuc', ±1, ±2, ±inf) over two; without an axis the
 * 2-norm of everything. Example: `np.linalg.norm([3, 4])` is 5.
 */
export function norm(x: ArrayLike, ...args: NormArg[]): NDArray {
  const o = argsOf(["ord", "axis", "keepdims"], args);
  let X = asarray(x);
  if (X.dtype.kind !== "f" && X.dtype.kind !== "c") X = asType(X, dt("float64"));
  const ord = (o.ord ?? null) as NormOrder, keepdims = Boolean(o.keepdims ?? false);
  const nd = X.ndim;
  let axes: number[];
  if (o.axis === undefined || o.axis === null) {
    if (ord === null || ((ord === "f" || ord === "fro") && nd === 2) || (ord === 2 && nd === 1)) {
      const ret = sqrt(sumSquares(ravel(X), null));
      return keepdims ? reshape(ret, Array(nd).fill(1)) : ret;
    }
    axes = Array.from({ length: nd }, (_, i) => i);
  } else if (typeof o.axis === "number" || typeof o.axis === "bigint") axes = [intArg(o.axis)];
  else if (Array.isArray(o.axis)) axes = o.axis.map(intArg);
  else throw new TypeError("'axis' must be None, an integer or a tuple of integers");

  if (axes.length === 1) {
    const opts = { axis: axes, keepdims };
    if (ord === Infinity) return max(absolute(X), opts);
    if (ord === -Infinity) return min(absolute(X), opts);
    if (ord === 0) return sum(asType(notEqual(X, 0), dt(X.dtype.kind === "c" ? (X.dtype.id === "complex64" ? "float32" : "float64") : X.dtype.id)), opts);
    if (ord === 1) return sum(absolute(X), opts);
    if (ord === null || ord === 2) return sqrt(sumSquares(X, axes, keepdims));
    if (typeof ord === "string") throw new ValueError(`Invalid norm order '${ord}' for vectors`);
    const ret = sum(power(absolute(X), ord), opts);
    return power(ret, ret.dtype.id === "float32" ? Math.fround(1 / ord) : 1 / ord);
  }
  if (axes.length === 2) {
    let row = normAxis(axes[0], nd), col = normAxis(axes[1], nd);
    if (row === col) throw new ValueError("Duplicate axes given.");
    let ret: NDArray;
    if (ord === 2) ret = svdNorm(X, row, col, max);
    else if (ord === -2) ret = svdNorm(X, row, col, min);
    else if (ord === 1 || ord === -1) {
      if (col > row) col -= 1;
      ret = (ord === 1 ? max : min)(sum(absolute(X), { axis: row }), { axis: col });
    } else if (ord === Infinity || ord === -Infinity) {
      if (row > col) row -= 1;
      ret = (ord === Infinity ? max : min)(sum(absolute(X), { axis: col }), { axis: row });
    } else if (ord === null || ord === "fro" || ord === "f") ret = sqrt(sumSquares(X, axes));
    else if (ord === "nuc") ret = svdNorm(X, row, col, sum);
    else throw new ValueError("Invalid norm order for matrices.");
    if (keepdims) {
      const shape = [...X.shape];
      shape[normAxis(axes[0], nd)] = 1;
      shape[normAxis(axes[1], nd)] = 1;
      ret = reshape(ret, shape);
    }
    return ret;
  }
  throw new ValueError("Improper number of dimensions to norm.");
}

/**
 * `np.linalg.cond(x, p?)`: the condition number of each matrix of a stack in norm p;
 * p null, 2 or -2 use the singular values (any M×N), the others ‖x‖·‖x⁻¹‖ (square).
 * Singular matrices give inf. Example: `np.linalg.cond([[1, 0], [0, 2]])` is 2.
 */
export function cond(x: ArrayLike, ...args: (NormOrder | { p?: NormOrder } | undefined)[]): NDArray {
  const o = argsOf(["p"], args);
  const X = asarray(x), p = (o.p ?? null) as NormOrder;
  const last2 = X.shape.slice(-2).reduce((a, b) => a * b, 1);
  if (X.size === 0 && last2 === 0) throw new LinAlgError("cond is not defined on empty arrays");
  let r: NDArray;
  if (p === null || p === 2 || p === -2) {
    assertStacked2d(X);
    const s = singularValues(X), k = s.shape[s.ndim - 1];
    const first = s.get("...", 0), last = s.get("...", k - 1);
    r = p === -2 ? divide(last, first) : divide(first, last);
  } else {
    assertStacked2d(X);
    assertStackedSquare(X);
    const t = commonType("inv", X);
    const invx = invOrNaN(X, t.complex);
    r = asType(multiply(norm(X, p, { axis: [-2, -1] }), norm(invx, p, { axis: [-2, -1] })), t.result);
  }
  // NaN from a singular matrix (not from NaN input) is inf
  const nanInput = any(isnan(X), { axis: [-2, -1] });
  return where(logicalAnd(isnan(r), logicalNot(nanInput)), Infinity, r);
}

/**
 * `np.linalg.matrixRank(A, tol?, hermitian?)`: the number of singular values above tol
 * (default σmax·max(M, N)·eps) of each matrix of a stack (0-d int32 for one matrix);
 * `hermitian` takes them from the eigenvalues of A's lower triangle, as NumPy does. Example: `np.linalg.matrixRank(np.eye(3))` is 3.
 */
export function matrixRank(A: ArrayLike, ...args: (ArrayLike | boolean | { tol?: ArrayLike; hermitian?: boolean } | undefined)[]): NDArray {
  const o = argsOf(["tol", "hermitian"], args);
  const X = asarray(A);
  if (X.ndim < 2) return asType(any(notEqual(X, 0)), dt("int32"));
  const S = svd(X, { computeUv: false, hermitian: Boolean(o.hermitian ?? false) });
  let tol: NDArray;
  if (o.tol === undefined || o.tol === null) {
    const m = Math.max(X.shape[X.ndim - 2], X.shape[X.ndim - 1]);
    tol = multiply(multiply(max(S, { axis: -1, keepdims: true }), m), finfo(S.dtype).eps);
  } else {
    const t = asarray(o.tol);
    tol = reshape(t, [...t.shape, 1]);
  }
  return countNonzero(greater(S, tol), { axis: -1 });
}
