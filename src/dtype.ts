// dtypes: NumPy's names and codes, promotion table, weak JS scalars and inference.

import { STORAGE, type DTypeId } from "../runtime/dtypes.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { layoutKey, parseCompound, structDescr, structRepr, structStr, type Layout } from "./structured/dtype.js";
import { dragon4Positional, dragon4Scientific } from "./print.js";

export type DTypeKind = "b" | "i" | "u" | "f" | "c" | "U" | "V";

const KIND: Record<DTypeId, DTypeKind> = {
  bool: "b", int8: "i", int16: "i", int32: "i", int64: "i",
  uint8: "u", uint16: "u", uint32: "u", uint64: "u",
  float32: "f", float64: "f", complex64: "c", complex128: "c", str: "U", void: "V",
};
const CHAR: Record<DTypeId, string> = {
  bool: "?", int8: "b", int16: "h", int32: "i", int64: "l",
  uint8: "B", uint16: "H", uint32: "I", uint64: "L",
  float32: "f", float64: "d", complex64: "F", complex128: "D", str: "U", void: "V",
};

/** A NumPy data type. `String(dt)` is NumPy's `str(dtype)`: 'float64', '<U10'. */
export class DType {
  /** NumPy's kind character: b i u f c U. */
  readonly kind: DTypeKind;
  /** Bytes per element. */
  readonly itemsize: number;
  /** NumPy's type character ('d', 'i', '?', ...). */
  readonly char: string;

  constructor(
    /** Storage id; for strings 'str' with `strlen` characters. */
    readonly id: DTypeId,
    /** For U<n>: the number of characters. */
    readonly strlen = 0,
    /** For 'void': the fields of a structured dtype, or the base and shape of a sub-array dtype. */
    readonly layout: Layout | null = null,
  ) {
    this.kind = KIND[id];
    this.itemsize = layout ? layout.itemsize : id === "str" ? 4 * strlen : STORAGE[id].itemsize;
    this.char = CHAR[id];
  }

  /** Field names of a structured dtype, else null: `dt.names` is ['name', 'age']. */
  get names(): readonly string[] | null { return this.layout?.fields?.map((f) => f.name) ?? null; }
  /** NumPy's `dt.fields`: name → [dtype, offset], or null when not structured. */
  get fields(): Record<string, [DType, number]> | null {
    const fs = this.layout?.fields;
    return fs ? Object.fromEntries(fs.map((f) => [f.name, [f.dtype, f.offset]])) : null;
  }
  /** NumPy's `dt.subdtype`: [base, shape] of a sub-array dtype, else null. */
  get subdtype(): [DType, number[]] | null { const s = this.layout?.sub; return s ? [s.base, [...s.shape]] : null; }
  /** The element dtype of a sub-array dtype (itself otherwise). */
  get base(): DType { return this.layout?.sub?.base ?? this; }
  /** The sub-array shape (empty unless a sub-array dtype). */
  get shape(): readonly number[] { return this.layout?.sub?.shape ?? []; }
  /** True for a structured dtype made with `align: true`. */
  get isalignedStruct(): boolean { return this.layout?.aligned ?? false; }
  /** NumPy's `dt.alignment` in bytes. */
  get alignment(): number { return this.layout ? this.layout.alignment : this.id === "str" ? 4 : this.kind === "c" ? this.itemsize / 2 : this.itemsize; }
  /** NumPy's `dt.descr`: the `__array_interface__` description, padding included. */
  get descr(): unknown[] { return structDescr(this); }

  /** NumPy's dtype.name ('float64', 'str320' for U10). */
  get name(): string {
    if (this.id === "void") return `void${this.itemsize * 8}`;
    return this.id === "str" ? `str${this.itemsize * 8}` : this.id;
  }
  /** NumPy's dtype.str: '<f8', '|b1', '<U10'. */
  get str(): string {
    if (this.id === "str") return `<U${this.strlen}`;
    if (this.id === "void") return `|V${this.itemsize}`;
    const order = this.itemsize === 1 ? "|" : "<";
    return `${order}${this.kind}${this.itemsize}`;
  }
  get isComplex(): boolean { return this.kind === "c"; }
  get isFloat(): boolean { return this.kind === "f"; }
  get isInteger(): boolean { return this.kind === "i" || this.kind === "u"; }
  get isBig(): boolean { return this.id === "int64" || this.id === "uint64"; }
  get isNumeric(): boolean { return this.kind !== "U" && this.kind !== "V"; }
  equals(o: DType): boolean {
    if (this.layout || o.layout) return layoutKey(this) === layoutKey(o);
    return this.id === o.id && this.strlen === o.strlen;
  }
  toString(): string { return this.layout ? structStr(this) : this.id === "str" ? this.str : this.id; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.layout ? structRepr(this) : `dtype('${this.toString()}')`; }
}

const CANON = new Map<DTypeId, DType>();
for (const id of Object.keys(KIND) as DTypeId[]) if (id !== "str" && id !== "void") CANON.set(id, new DType(id));

/** The canonical DType of a storage id. */
export function dt(id: DTypeId, strlen = 0): DType {
  if (id === "str") return new DType("str", Math.max(strlen, 1));
  return CANON.get(id)!;
}

const ALIASES: Record<string, DTypeId> = {
  bool: "bool", bool_: "bool", "?": "bool", b1: "bool",
  int8: "int8", i1: "int8", b: "int8", byte: "int8",
  int16: "int16", i2: "int16", h: "int16", short: "int16",
  int32: "int32", i4: "int32", i: "int32", intc: "int32", intp: "int32",
  int64: "int64", i8: "int64", l: "int64", q: "int64", longlong: "int64", int: "int32",
  uint8: "uint8", u1: "uint8", B: "uint8", ubyte: "uint8",
  uint16: "uint16", u2: "uint16", H: "uint16", ushort: "uint16",
  uint32: "uint32", u4: "uint32", I: "uint32", uintc: "uint32", uint: "uint32", uintp: "uint32",
  uint64: "uint64", u8: "uint64", L: "uint64", Q: "uint64", ulonglong: "uint64",
  float32: "float32", f4: "float32", f: "float32", single: "float32",
  float64: "float64", f8: "float64", d: "float64", double: "float64", float: "float64", float_: "float64",
  complex64: "complex64", c8: "complex64", F: "complex64", csingle: "complex64",
  complex128: "complex128", c16: "complex128", D: "complex128", complex: "complex128", cdouble: "complex128", complex_: "complex128",
};

/** A field of a structured dtype as a list: [name, format] or [name, format, shape]. */
export type FieldSpec = readonly [string, DTypeSpec] | readonly [string, DTypeSpec, number | readonly number[]];
/** NumPy's dict form of a structured dtype. */
export interface StructSpec { names: readonly string[]; formats: readonly DTypeSpec[]; offsets?: readonly number[]; itemsize?: number; aligned?: boolean }
/** A dtype name, code or DType (what dtype options take). */
export type DTypeLike = DType | string;
/** Anything `np.dtype` accepts: also field lists and NumPy's dict form. */
export type DTypeSpec = DTypeLike | readonly FieldSpec[] | StructSpec;

/**
 * `np.dtype(x, { align })`: a DType from a name, a NumPy code ('i4', '<f8', 'U10'), a field
 * list (`[["name", "U10"], ["age", "i4"]]`), NumPy's dict form, or 'i4,f8'.
 */
export function dtype(x: DTypeSpec | { dtype: DType }, opts: { align?: boolean } = {}): DType {
  if (x instanceof DType) return x;
  if (x && typeof x === "object" && "dtype" in x && x.dtype instanceof DType) return x.dtype;
  if (typeof x === "object" && x !== null || typeof x === "string" && /[,(]|^\s*\d/.test(x)) return parseCompound(x as DTypeSpec, opts.align ?? false);
  if (typeof x !== "string") throw new TypeError(`data type '${String(x)}' not understood`);
  let s = x.trim();
  if (/^[<>=|]/.test(s)) {
    if (s[0] === ">" && !/^>[bBuU?]|^>[iu]1$/.test(s)) throw new TypeError(`data type '${x}' not supported: big-endian dtypes are read and converted on load`);
    s = s.slice(1);
  }
  const m = /^(?:U|str|unicode)(\d*)$/.exec(s);
  if (m) return dt("str", m[1] ? Number(m[1]) : 1);
  const id = ALIASES[s];
  if (!id) throw new TypeError(`data type '${x}' not understood`);
  return CANON.get(id)!;
}

// ---- promotion -------------------------------------------------------------------

const RANK: Record<DTypeKind, number> = { b: 0, u: 1, i: 1, f: 2, c: 3, U: 4, V: 5 };
const INTS_SIGNED: DTypeId[] = ["int8", "int16", "int32", "int64"];
const INTS_UNSIGNED: DTypeId[] = ["uint8", "uint16", "uint32", "uint64"];

function intOfSize(size: number, signed: boolean): DTypeId | null {
  const list = signed ? INTS_SIGNED : INTS_UNSIGNED;
  return list.find((d) => STORAGE[d].itemsize === size) ?? null;
}

/** Smallest float (or complex) kind able to hold every value of an integer dtype, as NumPy picks it. */
function floatFor(d: DType, complex: boolean): DTypeId {
  // NumPy: (u)int8/(u)int16 fit float32 (float16 for 8-bit, which numfuse lacks); wider need float64.
  const small = d.kind === "b" || d.itemsize <= 2;
  if (complex) return small ? "complex64" : "complex128";
  return small ? "float32" : "float64";
}

/** NumPy's `np.promote_types(a, b)`. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a.kind === "V" || b.kind === "V") {
    if (a.equals(b)) return a;
    throw new TypeError("invalid type promotion");
  }
  if (a.id === b.id && a.id !== "str") return a;
  if (a.kind === "U" || b.kind === "U") {
    if (a.kind === "U" && b.kind === "U") return dt("str", Math.max(a.strlen, b.strlen));
    // NumPy 1.24: a number promotes with a string to a string wide enough for its repr
    const [s, n] = a.kind === "U" ? [a, b] : [b, a];
    return dt("str", Math.max(s.strlen, strWidth(n)));
  }
  if (RANK[a.kind] < RANK[b.kind]) [a, b] = [b, a]; // a is the higher kind
  switch (a.kind) {
    case "b":
      return a;
    case "i":
    case "u": {
      if (b.kind === "b") return a;
      if (a.kind === b.kind) return a.itemsize >= b.itemsize ? a : b;
      const [s, u] = a.kind === "i" ? [a, b] : [b, a];
      if (u.itemsize < s.itemsize) return s;
      const wider = intOfSize(u.itemsize * 2, true);
      return dt(wider ?? "float64");
    }
    case "f": {
      if (b.kind === "f") return a.itemsize >= b.itemsize ? a : b;
      if (a.id === "float64") return a;
      return dt(floatFor(b, false) === "float32" ? "float32" : "float64");
    }
    case "c": {
      if (b.kind === "c") return a.itemsize >= b.itemsize ? a : b;
      if (a.id === "complex128") return a;
      if (b.kind === "f") return dt(b.id === "float64" ? "complex128" : "complex64");
      return dt(floatFor(b, true));
    }
  }
  return a;
}

/** A JS scalar as an operand: its kind, weak in promotion (NEP 50). */
export type ScalarKind = "bool" | "int" | "float" | "complex" | "str";

/**
 * The dtype an operation takes when an array of dtype `d` meets a weak JS scalar of kind
 * `k`: the array's dtype wins within its kind; a scalar of a higher kind lifts it to the
 * default of that kind (NEP 50, as JAX and NumPy 2).
 */
export function promoteWeak(d: DType, k: ScalarKind): DType {
  switch (k) {
    case "bool": return d;
    case "int": return d.kind === "b" ? dt("int32") : d;
    case "float":
      if (d.kind === "f" || d.kind === "c") return d;
      return dt("float64");
    case "complex":
      if (d.kind === "c") return d;
      if (d.id === "float32") return dt("complex64");
      return dt("complex128");
    case "str":
      if (d.kind === "U") return d;
      throw new TypeError(`The DType <class 'numpy.dtype[str_]'> could not be promoted by <class 'numpy.dtype[${d.name}]'>.`);
  }
}

/** The default dtype of a lone JS scalar of kind `k` (when no array sets the type). */
export function defaultFor(k: ScalarKind, strlen = 1): DType {
  switch (k) {
    case "bool": return dt("bool");
    case "int": return dt("int32");
    case "float": return dt("float64");
    case "complex": return dt("complex128");
    case "str": return dt("str", strlen);
  }
}

/** Characters NumPy reserves for a number converted to unicode. */
export function strWidth(d: DType): number {
  if (d.kind === "U") return d.strlen;
  const w: Record<string, number> = { b1: 5, i1: 4, i2: 6, i4: 11, i8: 21, u1: 3, u2: 5, u4: 10, u8: 20, f4: 32, f8: 32, c8: 64, c16: 64 };
  return w[`${d.kind}${d.itemsize}`];
}

/** NumPy's `can_cast(from, to, 'safe')`. */
export function canCastSafe(from: DType, to: DType): boolean {
  if (from.kind === "U" || to.kind === "U") return from.kind === to.kind && to.strlen >= from.strlen;
  return promoteTypes(from, to).equals(to);
}

/** NumPy's `can_cast(from, to, 'same_kind')`. */
export function canCastSameKind(from: DType, to: DType): boolean {
  if (canCastSafe(from, to)) return true;
  const order = "buifc";
  if (to.kind === "U") return true; // NumPy: any number or string casts to unicode under same_kind
  if (from.kind === "U") return false;
  return order.indexOf(to.kind) >= order.indexOf(from.kind); // int -> uint is not same_kind
}

// ---- inference from JS values ----------------------------------------------------

export interface Complex { re: number; im: number }
export const isComplexValue = (v: unknown): v is Complex =>
  typeof v === "object" && v !== null && typeof (v as Complex).re === "number" && typeof (v as Complex).im === "number" && !Array.isArray(v);

/** Kind of a JS scalar, or null when it is not one. */
export function scalarKind(v: unknown): ScalarKind | null {
  switch (typeof v) {
    case "boolean": return "bool";
    case "bigint": return "int";
    case "number": return Number.isInteger(v) ? "int" : "float";
    case "string": return "str";
  }
  if (isComplexValue(v)) return "complex";
  return null;
}

/** SPEC §3: the dtype `np.array` gives a flat list of JS values. */
export function inferDType(values: Iterable<unknown>): DType {
  let sawBool = false, sawInt = false, sawBig = false, sawFloat = false, sawComplex = false, sawStr = false;
  let maxLen = 0, any = false, outOfInt32 = false;
  for (const v of values) {
    any = true;
    switch (typeof v) {
      case "boolean": sawBool = true; break;
      case "bigint": sawBig = true; break;
      case "number":
        // whole numbers beyond int64 (1e20) are floats: no integer dtype holds them
        if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) {
          sawInt = true;
          if (v > 2147483647 || v < -2147483648) outOfInt32 = true;
        } else sawFloat = true;
        break;
      case "string": sawStr = true; maxLen = Math.max(maxLen, v.length); break;
      default:
        if (v === null || v === undefined) sawFloat = true;
        else if (isComplexValue(v)) sawComplex = true;
        else throw new TypeError(`cannot infer a dtype from a value of type ${typeof v}`);
    }
  }
  if (!any) return dt("float64");
  if (sawStr) return dt("str", maxLen);
  if (sawComplex) return dt("complex128");
  if (sawFloat) return dt("float64");
  if (sawBig || outOfInt32) return (sawInt || sawBig) ? dt("int64") : dt("bool");
  if (sawInt) return dt("int32");
  return dt("bool");
}

export const bool = dt("bool"), int8 = dt("int8"), int16 = dt("int16"), int32 = dt("int32"), int64 = dt("int64");
export const uint8 = dt("uint8"), uint16 = dt("uint16"), uint32 = dt("uint32"), uint64 = dt("uint64");
export const float32 = dt("float32"), float64 = dt("float64"), complex64 = dt("complex64"), complex128 = dt("complex128");

// ---- limits ------------------------------------------------------------------------

const RULE = "-".repeat(63);
/** Python's str of a NumPy float scalar: the shortest repr, positional from 1e-4 to 1e16. */
const pyFloatStr = (x: number, f32: boolean): string => {
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e16)
    ? dragon4Scientific(x, f32, { precision: -1, minDigits: -1, unique: true, trim: "-", sign: false, padLeft: -1, expDigits: -1 })
    : dragon4Positional(x, f32, { precision: -1, minDigits: -1, unique: true, fractional: true, trim: "0", sign: false, padLeft: -1, padRight: -1 });
};

/** Machine limits of a float type, as `np.finfo` gives them. */
export class FInfo {
  constructor(
    readonly dtype: DType, readonly bits: number, readonly eps: number, readonly epsneg: number, readonly max: number,
    readonly tiny: number, readonly smallestSubnormal: number, readonly resolution: number, readonly precision: number,
    readonly iexp: number, readonly machep: number, readonly maxexp: number, readonly minexp: number, readonly negep: number, readonly nmant: number,
  ) {}
  get min(): number { return -this.max; }
  get smallestNormal(): number { return this.tiny; }
  get nexp(): number { return this.iexp; }
  /** NumPy 1.24's str(finfo): the values as '%.7e' (float32) or '%.16e' (float64). */
  toString(): string {
    const digits = this.bits === 32 ? 7 : 16;
    const e = (x: number) => x.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");
    const n = (x: number, w: number) => String(x).padStart(w);
    return [
      `Machine parameters for ${this.dtype}`, RULE,
      `precision = ${n(this.precision, 3)}   resolution = ${e(this.resolution)}`,
      `machep = ${n(this.machep, 6)}   eps =        ${e(this.eps)}`,
      `negep =  ${n(this.negep, 6)}   epsneg =     ${e(this.epsneg)}`,
      `minexp = ${n(this.minexp, 6)}   tiny =       ${e(this.tiny)}`,
      `maxexp = ${n(this.maxexp, 6)}   max =        ${e(this.max)}`,
      `nexp =   ${n(this.nexp, 6)}   min =        -max`,
      `smallest_normal = ${e(this.smallestNormal)}   smallest_subnormal = ${e(this.smallestSubnormal)}`,
      RULE, "",
    ].join("\n");
  }
  /** NumPy's repr(finfo). */
  repr(): string {
    const f32 = this.bits === 32;
    return `finfo(resolution=${pyFloatStr(this.resolution, f32)}, min=${pyFloatStr(this.min, f32)}, max=${pyFloatStr(this.max, f32)}, dtype=${this.dtype})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.repr(); }
}

const FINFO32 = new FInfo(dt("float32"), 32, 1.1920928955078125e-7, 5.960464477539063e-8, 3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45, Math.fround(1e-6), 6, 8, -23, 128, -126, -24, 23);
const FINFO64 = new FInfo(dt("float64"), 64, Number.EPSILON, Number.EPSILON / 2, Number.MAX_VALUE, 2.2250738585072014e-308, Number.MIN_VALUE, 1e-15, 15, 11, -52, 1024, -1022, -53, 52);

/** `np.finfo(dtype)`: machine limits of a float (or complex) type. @example np.finfo("float32").eps // 1.1920928955078125e-7 */
export function finfo(x: DTypeLike): FInfo {
  const d = dtype(x);
  if (d.kind !== "f" && d.kind !== "c") throw new ValueError(`data type ${d} not inexact`);
  return d.id === "float32" || d.id === "complex64" ? FINFO32 : FINFO64;
}

/** Limits of an integer type, as `np.iinfo` gives them (bigints for the 64-bit types, SPEC §5). */
export class IInfo {
  constructor(readonly dtype: DType, readonly bits: number, readonly min: number | bigint, readonly max: number | bigint) {}
  get kind(): DTypeKind { return this.dtype.kind; }
  toString(): string { return [`Machine parameters for ${this.dtype}`, RULE, `min = ${this.min}`, `max = ${this.max}`, RULE, ""].join("\n"); }
  repr(): string { return `iinfo(min=${this.min}, max=${this.max}, dtype=${this.dtype})`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.repr(); }
}

/** `np.iinfo(dtype)`: limits of an integer type. @example np.iinfo("int8").max // 127 */
export function iinfo(x: DTypeLike): IInfo {
  const d = dtype(x);
  if (!d.isInteger) throw new ValueError(`Invalid integer data type '${d.kind}'.`);
  const bits = d.itemsize * 8;
  if (bits === 64) {
    const one = BigInt(1), b = BigInt(64);
    return d.kind === "i" ? new IInfo(d, bits, -(one << (b - one)), (one << (b - one)) - one) : new IInfo(d, bits, BigInt(0), (one << b) - one);
  }
  return d.kind === "i" ? new IInfo(d, bits, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1) : new IInfo(d, bits, 0, 2 ** bits - 1);
}
