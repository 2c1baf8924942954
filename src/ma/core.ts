// MaskedArray: an NDArray of data and a bool NDArray mask (or nomask), both lazy, so a
// masked expression is two graphs that evaluate (and fuse) like any other numfuse work.

import type { Scalar } from "../../compiler/ir.js";
import { NDArray, evaluate, evaluateAsync } from "../ndarray.js";
import { DType, type DTypeLike, dtype as toDType } from "../dtype.js";
import { array, asarray, zeros } from "../creation.js";
import { broadcastTo } from "../shape.js";
import { logicalOr, where } from "../ufunc.js";
import type { Index } from "../indexing.js";
import { TypeError } from "../../runtime/errors.js";
import { checkFill, defaultFill, fillAs, type Fill } from "./fill.js";
import { maskStr, maskRepr } from "./print.js";
import * as ops from "./ops.js";
import * as red from "./reduce.js";
import { inplace } from "./inplace.js";
import { parse, toOut, SUM_ARGS, VAR_ARGS, EXTREMA_ARGS, LOGICAL_ARGS, ARG_ARGS, COUNT_ARGS, SCAN_ARGS, type MaArg } from "./args.js";

/** NumPy's MaskError: a mask that does not fit its data, or data that cannot hold the masked state. */
export class MaskError extends Error {}
Object.defineProperty(MaskError.prototype, "name", { value: "MaskError", writable: true, configurable: true });

/** Anything the np.ma functions take as an operand. */
export type MaskedLike = MaskedArray | NDArray | Scalar | readonly unknown[];
/** What a reduction to one value gives: a 0-d NDArray, or `masked` when that value is masked. */
export type MaskedScalar = NDArray | MaskedArray;

/** Options of `np.ma.array` / `new MaskedArray`. */
export interface MaskedArrayOptions {
  mask?: unknown;
  dtype?: DTypeLike | null;
  copy?: boolean;
  fillValue?: Scalar | null;
  keepMask?: boolean;
  hardMask?: boolean;
  shrink?: boolean;
}

/** An array with some elements masked (missing): NumPy's `np.ma.MaskedArray`. */
export class MaskedArray {
  /** @internal the values, masked places included */
  _data: NDArray;
  /** @internal the mask (true = masked), null for nomask */
  _mask: NDArray | null;
  /** @internal the mask stands for nomask once it turns out all false (NumPy shrinks it eagerly) */
  _shrink = false;
  /** @internal the fill value, null for the dtype's default */
  _fill: Fill | null = null;
  /** @internal a hard mask: assignments do not unmask */
  _hard = false;
  /** @internal the masked constant */
  _isMaskedConstant = false;

  /** `new np.ma.MaskedArray(data, { mask, dtype, fillValue, copy, keepMask, hardMask })`: as `np.ma.array`. */
  constructor(data: unknown, opts: MaskedArrayOptions = {}) {
    const built = construct(data, opts);
    this._data = built.data;
    this._mask = built.mask;
    this._shrink = built.shrink;
    this._fill = built.fill;
    this._hard = built.hard;
  }

  /** @internal a MaskedArray of parts already built (no copies, no checks). */
  static _of(data: NDArray, mask: NDArray | null, from?: MaskedArray | null, shrink = false): MaskedArray {
    const m = Object.create(MaskedArray.prototype) as MaskedArray;
    m._data = data;
    m._mask = mask;
    m._shrink = shrink;
    m._fill = from?._fill ?? null;
    m._hard = from?._hard ?? false;
    m._isMaskedConstant = false;
    return m;
  }

  /** The array's shape. */
  get shape(): readonly number[] { return this._data.shape; }
  /** Number of dimensions. */
  get ndim(): number { return this._data.ndim; }
  /** Number of elements, masked ones included. */
  get size(): number { return this._data.size; }
  /** The data's dtype. */
  get dtype(): DType { return this._data.dtype; }
  /** The underlying data (masked places hold whatever they held). */
  get data(): NDArray { return this._data; }
  /** The mask: a bool array, or `np.ma.nomask` when nothing is masked. */
  get mask(): NDArray { return this._resolvedMask() ?? nomask; }
  /** Replaces the mask (a hard mask only gains masked places). */
  set mask(value: unknown) {
    const m = broadcastMask(value, this.shape);
    this._mask = this._hard && this._mask ? logicalOr(this._mask, m) : m;
    this._shrink = false;
  }
  /** Whether the mask is hard (assignments cannot unmask). */
  get hardmask(): boolean { return this._hard; }
  /** The value `filled()` puts in masked places. */
  get fillValue(): Scalar { return this._fillRecord().value; }
  /** Sets the fill value (cast as NumPy casts it: into the dtype it already has, once read or printed). */
  set fillValue(v: Scalar | null) {
    if (v === null) this._fill = null;
    else this._fill = checkFill(v, this._fill ? this._fill.dtype : this.dtype);
  }
  /** Makes the mask hard; returns this. */
  hardenMask(): this { this._hard = true; return this; }
  /** Makes the mask soft; returns this. */
  softenMask(): this { this._hard = false; return this; }

  /** Computes data and mask now, in one schedule (their kernels share the inputs); returns this. */
  evalSync(): this {
    evaluate(this._mask ? [this._data, this._mask] : [this._data]);
    return this;
  }
  /** Computes data and mask (on the worker pool where that pays); resolves to this. */
  async eval(): Promise<this> {
    await evaluateAsync(this._mask ? [this._data, this._mask] : [this._data]);
    return this;
  }

  /** @internal the mask, with a shrinkable all-false mask turned into nomask (evaluates it then). */
  _resolvedMask(): NDArray | null {
    if (this._mask && this._shrink) {
      if (!(this._mask.any().item() as boolean)) this._mask = null;
      this._shrink = false;
    }
    return this._mask;
  }
  /** @internal the mask as a full bool array (zeros for nomask). */
  _maskArray(): NDArray { return this._mask ?? zeros(this.shape, { dtype: "bool" }); }
  /** @internal the fill record; reading it fixes the default (NumPy's getter stores it, in its own dtype). */
  _fillRecord(): Fill {
    if (this._isMaskedConstant) return this._fill ?? defaultFill(this.dtype);
    return (this._fill ??= defaultFill(this.dtype));
  }

  /** The data with masked places set to `fillValue` (default: the array's fill value): `m.filled(0)`. */
  filled(fillValue: Scalar | null = null): NDArray {
    if (!this._mask) return this._data;
    const v = fillValue === null || fillValue === undefined ? fillAs(this._fillRecord(), this.dtype) : checkFill(fillValue, this.dtype).value;
    return where(this._mask, array(v, { dtype: this.dtype }), this._data);
  }
  /** The unmasked values as a 1-d array: `np.ma.array([1, 2, 3], { mask: [0, 1, 0] }).compressed()` is [1 3]. */
  compressed(): NDArray {
    const flat = this._data.ravel();
    if (!this._mask) return flat;
    return flat.get(this._mask.ravel().invert());
  }
  /** The number of unmasked elements, along `axis`: `m.count()`, `m.count(0)`. */
  count(...args: MaArg[]): NDArray { return red.count(this, parse(COUNT_ARGS, args)); }

  /** Sum of the unmasked elements: `np.ma.array([1, 2, 3], { mask: [0, 1, 0] }).sum()` is 4; a fully masked result is `masked`. */
  sum(...args: MaArg[]): MaskedResult { const o = parse(SUM_ARGS, args); return toOut(red.sum(this, o), o.out); }
  /** Product of the unmasked elements (masked ones count as 1). */
  prod(...args: MaArg[]): MaskedResult { const o = parse(SUM_ARGS, args); return toOut(red.prod(this, o), o.out); }
  /** Mean of the unmasked elements: `m.mean()`, `m.mean(0)`. */
  mean(...args: MaArg[]): MaskedResult { const o = parse(SUM_ARGS, args); return toOut(red.mean(this, o), o.out); }
  /** Variance of the unmasked elements (`{ ddof }` as NumPy). */
  var(...args: MaArg[]): MaskedResult { const o = parse(VAR_ARGS, args); return toOut(red.var_(this, o), o.out); }
  /** Standard deviation of the unmasked elements (`{ ddof }` as NumPy). */
  std(...args: MaArg[]): MaskedResult { const o = parse(VAR_ARGS, args); return toOut(red.std(this, o), o.out); }
  /** Least unmasked element; fully masked rows give masked places. */
  min(...args: MaArg[]): MaskedResult { const o = parse(EXTREMA_ARGS, args); return toOut(red.extremum(this, "min", o), o.out); }
  /** Greatest unmasked element; fully masked rows give masked places. */
  max(...args: MaArg[]): MaskedResult { const o = parse(EXTREMA_ARGS, args); return toOut(red.extremum(this, "max", o), o.out); }
  /** max - min of the unmasked elements. */
  ptp(...args: MaArg[]): MaskedResult { const o = parse(EXTREMA_ARGS, args); return toOut(red.ptp(this, o), o.out); }
  /** Whether every unmasked element is true (masked ones count as true). */
  all(...args: MaArg[]): MaskedResult { const o = parse(LOGICAL_ARGS, args); return toOut(red.logical(this, "all", o), o.out); }
  /** Whether some unmasked element is true (masked ones count as false). */
  any(...args: MaArg[]): MaskedResult { const o = parse(LOGICAL_ARGS, args); return toOut(red.logical(this, "any", o), o.out); }
  /** Index of the least unmasked element (a plain index array, as NumPy). */
  argmin(...args: MaArg[]): NDArray { const o = parse(ARG_ARGS, args); return toOut(red.argExtremum(this, "argmin", o), o.out) as NDArray; }
  /** Index of the greatest unmasked element (a plain index array, as NumPy). */
  argmax(...args: MaArg[]): NDArray { const o = parse(ARG_ARGS, args); return toOut(red.argExtremum(this, "argmax", o), o.out) as NDArray; }
  /** Running sums that skip masked elements; those stay masked: `m.cumsum()`. */
  cumsum(...args: MaArg[]): MaskedArray { const o = parse(SCAN_ARGS, args); return toOut(red.scan(this, "cumsum", o), o.out) as MaskedArray; }
  /** Running products that skip masked elements; those stay masked. */
  cumprod(...args: MaArg[]): MaskedArray { const o = parse(SCAN_ARGS, args); return toOut(red.scan(this, "cumprod", o), o.out) as MaskedArray; }

  /** `m.add(x)`: elementwise sum; masked where either operand is. Also sub, mul. */
  add(other: MaskedLike): MaskedResult { return ops.add(this, other); }
  sub(other: MaskedLike): MaskedResult { return ops.subtract(this, other); }
  mul(other: MaskedLike): MaskedResult { return ops.multiply(this, other); }
  /** `m.div(x)`: true division; division by zero is masked too. Also floordiv, mod. */
  div(other: MaskedLike): MaskedResult { return ops.divide(this, other); }
  floordiv(other: MaskedLike): MaskedResult { return ops.floorDivide(this, other); }
  mod(other: MaskedLike): MaskedResult { return ops.wrappedRemainder(this, other); }
  /** `m.pow(x)`: power; invalid results (NaN, inf) are masked. */
  pow(other: MaskedLike): MaskedResult { return ops.power(this, other); }
  /** `m.neg()`, `m.abs()`: the mask carries over. */
  neg(): MaskedResult { return ops.wrappedNegative(this); }
  abs(): MaskedResult { return ops.wrappedAbsolute(this); }
  /** `m.iadd(x)`: adds in place (masked places keep their data); x's mask joins this one. Also isub, imul, idiv. */
  iadd(other: MaskedLike): this { inplace(this, other, "iadd"); return this; }
  isub(other: MaskedLike): this { inplace(this, other, "isub"); return this; }
  imul(other: MaskedLike): this { inplace(this, other, "imul"); return this; }
  idiv(other: MaskedLike): this { inplace(this, other, "idiv"); return this; }
  /** `m.eq(x)` and the other comparisons: masked where either operand is (eq/ne data: equal where both are masked). */
  eq(other: MaskedLike): MaskedResult { return ops.compare(this, other, "equal"); }
  ne(other: MaskedLike): MaskedResult { return ops.compare(this, other, "not_equal"); }
  lt(other: MaskedLike): MaskedResult { return ops.compare(this, other, "less"); }
  le(other: MaskedLike): MaskedResult { return ops.compare(this, other, "less_equal"); }
  gt(other: MaskedLike): MaskedResult { return ops.compare(this, other, "greater"); }
  ge(other: MaskedLike): MaskedResult { return ops.compare(this, other, "greater_equal"); }

  /** Indexing as NDArray.get; one element gives a 0-d NDArray, or `masked` when it is masked. */
  get(...index: Index[]): MaskedResult {
    const dout = this._data.get(...index);
    const mask = this._mask;
    if (dout.ndim === 0 && this.ndim > 0) {
      if (mask && (mask.get(...index).item() as boolean)) return masked;
      return dout;
    }
    return MaskedArray._of(dout, mask ? mask.get(...index) : null, this, this._shrink);
  }
  /** Writes `value` at `index`; `np.ma.masked` masks those places: `m.set(1, np.ma.masked)`. */
  set(index: Index, value: MaskedLike): this {
    if (this._isMaskedConstant) throw new MaskError("Cannot alter the masked element.");
    if (value === masked) {
      if (!this._mask) this._mask = zeros(this.shape, { dtype: "bool" });
      this._mask.set(index, true);
      return this;
    }
    const dval = value instanceof MaskedArray ? value._data : value;
    const mval = value instanceof MaskedArray ? value._resolvedMask() : null;
    const mask = this._mask;
    if (!mask) {
      this._data.set(index, dval as never);
      if (mval) {
        this._mask = zeros(this.shape, { dtype: "bool" });
        this._mask.set(index, mval);
      }
    } else if (!this._hard) {
      this._data.set(index, dval as never);
      mask.set(index, mval ?? false);
    } else {
      // a hard mask keeps masked places: only unmasked ones take the new value
      const old = mask.get(index);
      const mindx = mval ? logicalOr(old, mval) : old;
      this._data.set(index, where(mindx, this._data.get(index).copy(), dval as never));
      mask.set(index, mindx.copy());
    }
    this._shrink = false;
    return this;
  }

  /** The same elements in a new shape (data and mask viewed alike): `m.reshape(2, 3)`. */
  reshape(...shape: (number | readonly number[])[]): MaskedArray {
    return MaskedArray._of(this._data.reshape(...shape), this._mask?.reshape(...shape) ?? null, this, this._shrink);
  }
  /** Axes permuted (reversed by default), data and mask alike. */
  transpose(...axes: (number | readonly number[])[]): MaskedArray {
    return MaskedArray._of(this._data.transpose(...axes), this._mask?.transpose(...axes) ?? null, this, this._shrink);
  }
  /** The transpose. */
  get T(): MaskedArray { return this.transpose(); }
  /** A 1-d view (or copy) of data and mask. */
  ravel(order: "C" | "F" = "C"): MaskedArray {
    return MaskedArray._of(this._data.ravel(order), this._mask?.ravel(order) ?? null, this, this._shrink);
  }
  /** A 1-d copy of data and mask. */
  flatten(order: "C" | "F" = "C"): MaskedArray {
    return MaskedArray._of(this._data.flatten(order), this._mask?.flatten(order) ?? null, this, this._shrink);
  }
  /** A copy of data and mask. */
  copy(): MaskedArray {
    return MaskedArray._of(this._data.copy(), this._mask?.copy() ?? null, this, this._shrink);
  }
  /** The data converted to `dtype`; the mask kept, a set fill value converted too. */
  astype(d: DTypeLike): MaskedArray {
    const nd = toDType(d);
    const r = MaskedArray._of(this._data.astype(nd), this._mask?.copy() ?? null, this, this._shrink);
    r._fill = this._fill ? checkFill(fillAs(this._fill, nd), nd) : null;
    return r;
  }

  /** Nested JS arrays, masked places as null (or `fillValue` when given). */
  tolist(fillValue: Scalar | null = null): unknown {
    if (fillValue !== null) return this.filled(fillValue).tolist();
    this.evalSync();
    const d = this._data.tolist();
    if (!this._mask) return d;
    const m = this._mask.tolist();
    const merge = (x: unknown, k: unknown): unknown => (Array.isArray(x) ? x.map((xi, i) => merge(xi, (k as unknown[])[i])) : k ? null : x);
    return merge(d, m);
  }
  /** NumPy's str(): `[1 -- 3]`. */
  toString(): string { return maskStr(this.evalSync()); }
  /** NumPy's repr(): `masked_array(data=[1, --, 3], mask=[False,  True, False], fill_value=999999)`. */
  repr(): string { return maskRepr(this.evalSync()); }
  /** In Node, `console.log(m)` shows the repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.repr(); }
  /** Iterates the first axis: elements (a 0-d NDArray or `masked`) of a 1-d array, sub-arrays otherwise. */
  *[Symbol.iterator](): Iterator<MaskedResult> {
    if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
    for (let i = 0; i < this.shape[0]; i++) yield this.get(i);
  }
}

/** What masked operations give: a MaskedArray, a 0-d NDArray for an unmasked scalar, or `masked`. */
export type MaskedResult = MaskedArray | NDArray;

/** `np.ma.nomask`: the mask of an array with nothing masked (a 0-d false bool array). */
export const nomask: NDArray = array(false);
nomask._writeable = false;

/** `np.ma.masked`: the masked constant; `m.set(i, np.ma.masked)` masks element i. */
export const masked: MaskedArray = MaskedArray._of(array(0.0), array(true));
masked._isMaskedConstant = true;
masked._data._writeable = false;

/** A mask argument as a bool array of `shape` (NumPy's rules: one value repeats, as many values reshape). */
export function broadcastMask(value: unknown, shape: readonly number[]): NDArray {
  let m = value instanceof MaskedArray ? value.filled(true).astype("bool") : asarray(value === null ? false : (value as never)).astype("bool");
  if (m.shape.length !== shape.length || m.shape.some((n, i) => n !== shape[i])) {
    const nd = shape.reduce((a, b) => a * b, 1);
    if (m.size === 1) m = broadcastTo(m.reshape([]), shape).copy();
    else if (m.size === nd) m = m.reshape([...shape]);
    else throw new MaskError(`Mask and data not compatible: data size is ${nd}, mask size is ${m.size}.`);
  } else m = m.copy();
  return m;
}

/** Turns JS values holding `masked` into data and a mask (NumPy builds the mask of a list from its items). */
function splitMasked(data: unknown): { values: unknown; mask: unknown; any: boolean } {
  let any = false;
  const walk = (x: unknown): [unknown, unknown] => {
    // NumPy converts the masked constant to NaN in the data
    if (x === masked) { any = true; return [NaN, true]; }
    if (x instanceof MaskedArray) {
      if (x._mask) any = true;
      return [x._data.tolist(), x._maskArray().tolist()];
    }
    if (Array.isArray(x)) {
      const parts = x.map(walk);
      return [parts.map((p) => p[0]), parts.map((p) => p[1])];
    }
    return [x, false];
  };
  const [values, mask] = walk(data);
  return { values, mask, any };
}

function construct(data: unknown, o: MaskedArrayOptions): { data: NDArray; mask: NDArray | null; shrink: boolean; fill: Fill | null; hard: boolean } {
  const src = data instanceof MaskedArray ? data : null;
  let values: NDArray;
  let listMask: unknown = null;
  if (src) values = o.dtype ? src._data.astype(toDType(o.dtype)) : o.copy ? src._data.copy() : src._data;
  else if (data instanceof NDArray) values = o.copy || (o.dtype && !toDType(o.dtype).equals(data.dtype)) ? array(data, { dtype: o.dtype ?? data.dtype }) : data;
  else if (Array.isArray(data)) {
    const s = splitMasked(data);
    values = array(s.values, o.dtype ? { dtype: o.dtype } : {});
    if (s.any) listMask = s.mask;
  } else values = array(data, o.dtype ? { dtype: o.dtype } : {});

  let mask: NDArray | null = src ? src._mask?.copy() ?? null : listMask !== null ? broadcastMask(listMask, values.shape) : null;
  let shrink = src ? src._shrink : false;
  if (o.mask !== undefined && o.mask !== nomask) {
    const m = o.mask === null ? broadcastMask(false, values.shape) : broadcastMask(o.mask, values.shape);
    mask = mask && o.keepMask !== false ? logicalOr(m, mask) : m;
    shrink = false;
  } else if (o.keepMask === false) {
    mask = o.shrink === false ? zeros(values.shape, { dtype: "bool" }) : null;
    shrink = false;
  }
  let fill: Fill | null = src?._fill ?? null;
  if (o.fillValue !== undefined && o.fillValue !== null) fill = checkFill(o.fillValue, values.dtype);
  else if (fill && o.dtype) fill = checkFill(fillAs(fill, values.dtype), values.dtype);
  const hard = o.hardMask ?? src?._hard ?? false;
  return { data: values, mask, shrink, fill, hard };
}
