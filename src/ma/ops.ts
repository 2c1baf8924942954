// Masked ufuncs, after numpy/ma/core.py: the result's mask is the union of the operands'
// masks, plus (for domained functions) the places outside the domain or not finite; the
// data at masked places keep the first operand's values. Everything stays lazy: the mask is
// one more expression over the same inputs, so it fuses with the data's kernel.

import type { Scalar } from "../../compiler/ir.js";
import { NDArray } from "../ndarray.js";
import { canCastSafe, dtype as toDType } from "../dtype.js";
import { array, asarray, zeros } from "../creation.js";
import { broadcastTo } from "../shape.js";
import * as uf from "../ufunc.js";
import { checkFill, fillAs } from "./fill.js";
import { MaskedArray, masked, type MaskedLike, type MaskedResult } from "./core.js";

type Operand = NDArray | Scalar | readonly unknown[];

/** The data of a masked or plain operand (JS scalars stay weak scalars). */
export function dataOf(x: MaskedLike): Operand {
  return x instanceof MaskedArray ? x._data : (x as Operand);
}
/** The mask of an operand, null for nomask (plain arrays and scalars have none). */
function maskOf(x: MaskedLike): NDArray | null {
  return x instanceof MaskedArray ? x._mask : null;
}
/** Whether the operand's mask is nomask or may turn out to be (a shrinkable mask). */
function maybeNomask(x: MaskedLike): boolean {
  return !(x instanceof MaskedArray) || x._mask === null || x._shrink;
}

/** A 0-d result is NumPy's scalar: `masked` when its mask is set, else the value. */
function finish(data: NDArray, mask: NDArray | null, from: MaskedArray | null, shrink = false): MaskedResult {
  if (data.ndim === 0) return mask && (mask.item() as boolean) ? masked : data;
  if (mask && (mask.ndim !== data.ndim || mask.shape.some((n, i) => n !== data.shape[i]))) mask = broadcastTo(mask, data.shape).copy();
  return MaskedArray._of(data, mask, from, shrink);
}

/** Puts `old` (cast to the result's dtype) back where the mask is set. */
function keepWhereMasked(result: NDArray, m: NDArray, old: Operand): NDArray {
  const o = old instanceof NDArray ? old.astype(result.dtype) : asarray(old as never).astype(result.dtype);
  return uf.where(m, o, result);
}

const firstMasked = (a: MaskedLike, b: MaskedLike): MaskedArray | null =>
  a instanceof MaskedArray ? a : b instanceof MaskedArray ? b : null;

/** NumPy's _MaskedUnaryOperation; `domain` marks inputs outside the function's domain. */
function unary(f: (x: NDArray) => NDArray, domain?: (x: NDArray) => NDArray): (a: MaskedLike) => MaskedResult {
  return (a) => {
    const d = asarray(dataOf(a) as never);
    const result = f(d);
    const ma = maskOf(a);
    if (domain) {
      let m = uf.logicalOr(uf.logicalNot(uf.isfinite(result)), domain(d));
      if (ma) m = uf.logicalOr(m, ma);
      return finish(keepWhereMasked(result, m, d), m, a instanceof MaskedArray ? a : null);
    }
    const shrink = a instanceof MaskedArray && a._shrink;
    return finish(ma ? keepWhereMasked(result, ma, d) : result, ma?.copy() ?? null, a instanceof MaskedArray ? a : null, shrink);
  };
}

/** NumPy's _MaskedBinaryOperation. */
function binary(f: (x: Operand, y: Operand) => NDArray): (a: MaskedLike, b: MaskedLike) => MaskedResult {
  return (a, b) => {
    const da = dataOf(a), db = dataOf(b);
    const result = f(da, db);
    const ma = maskOf(a), mb = maskOf(b);
    // a mask of its own (writing into the result must not reach an operand's mask)
    const m = ma && mb ? uf.logicalOr(ma, mb) : (ma ?? mb)?.copy() ?? null;
    // the union is nomask exactly when every operand's mask is (or shrinks to) nomask
    const shrink = m !== null && maybeNomask(a) && maybeNomask(b);
    return finish(m ? keepWhereMasked(result, m, da) : result, m, firstMasked(a, b), shrink);
  };
}

/** NumPy's _DomainSafeDivide: the divisor is too small to divide by. */
function safeDivideDomain(a: Operand, b: Operand): NDArray {
  const tiny = 2.2250738585072014e-308;
  return uf.greaterEqual(uf.multiply(uf.absolute(a as never), tiny), uf.absolute(b as never));
}

/** NumPy's _DomainedBinaryOperation (division and its relatives). */
function domainedBinary(f: (x: Operand, y: Operand) => NDArray): (a: MaskedLike, b: MaskedLike) => MaskedResult {
  return (a, b) => {
    const da = dataOf(a), db = dataOf(b);
    const result = f(da, db);
    let m = uf.logicalNot(uf.isfinite(result));
    const ma = maskOf(a), mb = maskOf(b);
    if (ma) m = uf.logicalOr(m, ma);
    if (mb) m = uf.logicalOr(m, mb);
    m = uf.logicalOr(m, safeDivideDomain(da, db));
    // masked places get 0, plus a's value when a's dtype casts safely to the result's
    const maskedDa = uf.multiply(m, da as never);
    const back = canCastSafe(maskedDa.dtype, result.dtype) ? keepWhereMasked(result, m, da) : uf.where(m, array(0, { dtype: result.dtype }), result);
    return finish(back, m, firstMasked(a, b));
  };
}

/** `np.ma.power(a, b)`: invalid results are masked and hold the fill value. */
export function power(a: MaskedLike, b: MaskedLike): MaskedResult {
  const fa = dataOf(a), fb = dataOf(b);
  const ma = maskOf(a), mb = maskOf(b);
  const m = ma && mb ? uf.logicalOr(ma, mb) : ma ?? mb;
  let result = uf.power(fa, fb);
  if (m) result = uf.where(m, fa as never, result);
  const invalid = uf.logicalNot(uf.isfinite(result));
  const from = a instanceof MaskedArray ? a : null;
  const fillRec = from?._fill;
  const fv = fillRec ? fillAs(fillRec, result.dtype) : checkFillDefault(result);
  result = uf.where(invalid, array(fv as never, { dtype: result.dtype }), result);
  const mask = m ? uf.logicalOr(m, invalid) : invalid;
  // NumPy's mask_or shrinks, and invalid places are masked only when there are any
  return finish(result, mask, from, true);
}

function checkFillDefault(result: NDArray): Scalar {
  const k = result.dtype.kind;
  return k === "f" ? 1e20 : k === "c" ? { re: 1e20, im: 0 } : k === "b" ? true : 999999;
}

/**
 * A plain ufunc applied to masked operands, as NumPy's MaskedArray.__array_wrap__ finishes
 * it (Python's `-m`, `abs(m)`, `m % x`): the raw result; the union of the operands' masks
 * (one operand's mask as is, a union of several shrinking to nomask when all false); and
 * places outside the domain masked and set to the ufunc's fill value.
 */
function wrapped(f: (...xs: Operand[]) => NDArray, domain?: (...xs: Operand[]) => NDArray, domainFill: Scalar = 0) {
  return (...xs: MaskedLike[]): MaskedResult => {
    const ds = xs.map(dataOf);
    let result = f(...ds);
    const masks = xs.map((x) => (x instanceof MaskedArray ? x._mask ?? zerosLike(x._data) : zerosLike(asarray(x as never))));
    // NumPy hands a unary result the operand's own mask (a later write reaches both); a copy here
    let m = masks.length === 1 ? masks[0].copy() : masks.reduce((p, q) => uf.logicalOr(p, q));
    if (domain) {
      const d = domain(...ds);
      result = uf.where(d, array(domainFill as never, { dtype: result.dtype }), result);
      m = uf.logicalOr(m, d);
    }
    return finish(result, m, firstMasked(xs[0], xs[1] ?? null), xs.length > 1 || domain !== undefined);
  };
}
const zerosLike = (x: NDArray): NDArray => zeros(x.shape, { dtype: "bool" });

/** Python's `m % x` on a MaskedArray (np.remainder through __array_wrap__). */
export const wrappedRemainder = wrapped((a, b) => uf.remainder(a as never, b as never), safeDivideDomain, 1);
/** Python's `-m`. */
export const wrappedNegative = wrapped((a) => uf.negative(a as never));
/** Python's `abs(m)`. */
export const wrappedAbsolute = wrapped((a) => uf.absolute(a as never));

/** MaskedArray comparisons (NumPy's MaskedArray._comparison): equal where both are masked. */
export function compare(a: MaskedArray, b: MaskedLike, op: "equal" | "not_equal" | "less" | "less_equal" | "greater" | "greater_equal"): MaskedResult {
  const fn = { equal: uf.equal, not_equal: uf.notEqual, less: uf.less, less_equal: uf.lessEqual, greater: uf.greater, greater_equal: uf.greaterEqual }[op];
  const sm = a._mask, om = maskOf(b);
  const mask = sm && om ? uf.logicalOr(sm, om) : (sm ?? om)?.copy() ?? null;
  let check = fn(a._data, dataOf(b) as never);
  if (mask && (op === "equal" || op === "not_equal")) check = uf.where(mask, fn(sm ?? false, om ?? false), check);
  const r = finish(check, mask, a, mask !== null);
  if (r instanceof MaskedArray && a._fill) {
    try { r._fill = checkFill(fillAs(a._fill, toDType("bool")), toDType("bool")); } catch { r._fill = null; }
  }
  return r;
}

const un = (name: keyof typeof uf) => (x: NDArray) => (uf[name] as (x: NDArray) => NDArray)(x);
const bin = (name: keyof typeof uf) => (x: Operand, y: Operand) => (uf[name] as (x: Operand, y: Operand) => NDArray)(x, y);

/** `np.ma.exp(a)`, and the other masked ufuncs: the mask carries through. */
export const exp = unary(un("exp")), sin = unary(un("sin")), cos = unary(un("cos")), arctan = unary(un("arctan"));
export const arcsinh = unary(un("arcsinh")), sinh = unary(un("sinh")), cosh = unary(un("cosh")), tanh = unary(un("tanh"));
export const absolute = unary(un("absolute")), abs = absolute, fabs = unary(un("fabs")), negative = unary(un("negative"));
export const floor = unary(un("floor")), ceil = unary(un("ceil")), logicalNot = unary(un("logicalNot")), conjugate = unary(un("conjugate"));

/** `np.ma.sqrt(a)`: negative inputs are masked. */
export const sqrt = unary(un("sqrt"), (x) => uf.less(x, 0));
/** `np.ma.log(a)`: inputs <= 0 are masked. */
export const log = unary(un("log"), (x) => uf.lessEqual(x, 0));
export const log2 = unary(un("log2"), (x) => uf.lessEqual(x, 0));
export const log10 = unary(un("log10"), (x) => uf.lessEqual(x, 0));
export const tan = unary(un("tan"), (x) => uf.less(uf.absolute(uf.cos(x)), 1e-35));
const outside = (lo: number, hi: number) => (x: NDArray) => uf.logicalOr(uf.greater(x, hi), uf.less(x, lo));
export const arcsin = unary(un("arcsin"), outside(-1, 1));
export const arccos = unary(un("arccos"), outside(-1, 1));
export const arccosh = unary(un("arccosh"), (x) => uf.less(x, 1));
export const arctanh = unary(un("arctanh"), outside(-1 + 1e-15, 1 - 1e-15));

/** `np.ma.add(a, b)`, and the other masked binary ufuncs: the masks' union. */
export const add = binary(bin("add")), subtract = binary(bin("subtract")), multiply = binary(bin("multiply"));
export const arctan2 = binary(bin("arctan2")), hypot = binary(bin("hypot"));
export const equal = binary(bin("equal")), notEqual = binary(bin("notEqual")), less = binary(bin("less"));
export const lessEqual = binary(bin("lessEqual")), greater = binary(bin("greater")), greaterEqual = binary(bin("greaterEqual"));
export const logicalAnd = binary(bin("logicalAnd")), logicalOr = binary(bin("logicalOr")), logicalXor = binary(bin("logicalXor"));
export const bitwiseAnd = binary(bin("bitwiseAnd")), bitwiseOr = binary(bin("bitwiseOr")), bitwiseXor = binary(bin("bitwiseXor"));

/** `np.ma.divide(a, b)`: division by zero (or nearly) is masked. */
export const divide = domainedBinary(bin("divide")), trueDivide = divide;
export const floorDivide = domainedBinary(bin("floorDivide"));
export const remainder = domainedBinary(bin("remainder")), mod = remainder;
export const fmod = domainedBinary(bin("fmod"));
