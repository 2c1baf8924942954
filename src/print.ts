/**
 * NumPy's array printing (`numpy/core/arrayprint.py` plus the scalar `str()`
 * code of `scalartypes.c.src` and the Dragon4 float formatter of
 * `dragon4.c`), reproducing NumPy 1.24's `str(a)`, `repr(a)` and
 * `np.array2string(a, ...)` byte for byte.
 *
 * This module stands alone: it sees an array only through the small
 * `Printable` interface (shape, dtype description and a C-order element
 * accessor), so the array implementation can call it without a cycle.
 *
 * Layout of the file:
 *   1. Public types
 *   2. Errors
 *   3. Print options (get/set/printoptions, validation)
 *   4. Python string helpers (len, rstrip, splitlines, repr of str)
 *   5. Dragon4: exact binary-to-decimal conversion, positional/scientific
 *   6. Scalar formatting (str() of NumPy scalars, Python repr for legacy)
 *   7. Per-kind element formatters (Floating, Complex, Integer, Bool, str)
 *   8. Layout: line extension/wrapping and the recursive bracket nesting
 *   9. Summarization (the leading/trailing corners used to size formatters)
 *  10. array2string / str / repr
 */

// ============================================================================
// 1. Public types
// ============================================================================

/** bool, signed int, unsigned int, float, complex, unicode */
export type PrintKind = "b" | "i" | "u" | "f" | "c" | "U" | "V";

/** One element as the accessor hands it out. */
export type PrintValue = number | bigint | boolean | string | { re: number; im: number };

export interface Printable {
  shape: readonly number[];
  /** NumPy's dtype name as repr shows it: "float64", "int32", "bool", "<U5", ... */
  dtypeName: string;
  kind: PrintKind;
  /** bytes per element (complex128 = 16, float32 = 4, ...) */
  itemsize: number;
  /** element at a C-order flat index (kind "V": the index itself, a record of `fields`) */
  at(flatIndex: number): PrintValue;
  /** kind "V" (structured): one Printable per field, of shape [...shape, ...field sub-shape] */
  fields?: readonly Printable[];
}

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  suppress: boolean;
  nanstr: string;
  infstr: string;
  sign: "-" | "+" | " ";
  floatmode: "fixed" | "unique" | "maxprec" | "maxprec_equal";
  legacy: false | "1.13" | "1.21";
}

export type FormatterKey =
  | "bool"
  | "int"
  | "float"
  | "complexfloat"
  | "numpystr"
  | "all"
  | "int_kind"
  | "float_kind"
  | "complex_kind"
  | "str_kind";

export interface Array2StringOptions extends Partial<PrintOptions> {
  maxLineWidth?: number;
  separator?: string;
  prefix?: string;
  suffix?: string;
  // The callables receive the element as `at()` returns it (number, bigint,
  // boolean, string or {re, im}); `any` lets callers annotate the one they expect.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  formatter?: Partial<Record<FormatterKey, (x: any) => string>>;
}

// ============================================================================
// 2. Errors
// ============================================================================

// Plain Errors carrying NumPy's exception name; the shared error classes are
// swapped in at integration time.
function valueError(message: string): Error {
  const err = new Error(message);
  err.name = "ValueError";
  return err;
}

function typeError(message: string): Error {
  const err = new Error(message);
  err.name = "TypeError";
  return err;
}

// ============================================================================
// 3. Print options
// ============================================================================

const DEFAULT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  nanstr: "nan",
  infstr: "inf",
  sign: "-",
  floatmode: "maxprec",
  legacy: false,
});

let currentOptions: PrintOptions = { ...DEFAULT_OPTIONS };

const FLOATMODES = ["fixed", "unique", "maxprec", "maxprec_equal"] as const;

/**
 * NumPy keeps `legacy` as an int (113, 121, or sys.maxsize for "off") so that
 * the code can test `legacy <= 113`; we do the same with Infinity for "off".
 */
function legacyLevel(legacy: PrintOptions["legacy"]): number {
  if (legacy === "1.13") return 113;
  if (legacy === "1.21") return 121;
  return Infinity;
}

/** The defined entries of `opts`, checked as NumPy's `_make_options_dict` does. */
function validateOptions(opts: Partial<PrintOptions>): Partial<PrintOptions> {
  const out: Partial<PrintOptions> = {};
  const o = opts as Record<string, unknown>;

  if (o.floatmode !== undefined && o.floatmode !== null) {
    if (!(FLOATMODES as readonly unknown[]).includes(o.floatmode)) {
      throw valueError(
        "floatmode option must be one of " + FLOATMODES.map((m) => `"${m}"`).join(", "),
      );
    }
    out.floatmode = o.floatmode as PrintOptions["floatmode"];
  }
  if (o.sign !== undefined && o.sign !== null) {
    if (o.sign !== "-" && o.sign !== "+" && o.sign !== " ") {
      throw valueError("sign option must be one of ' ', '+', or '-'");
    }
    out.sign = o.sign;
  }
  if (o.legacy !== undefined && o.legacy !== null) {
    if (o.legacy === false || o.legacy === "1.13" || o.legacy === "1.21") {
      out.legacy = o.legacy;
    } else {
      // NumPy only warns here, for forward compatibility.
      globalThis.console?.warn(
        "legacy printing option can currently only be '1.13', '1.21', or `False`",
      );
    }
  }
  if (o.threshold !== undefined && o.threshold !== null) {
    if (typeof o.threshold !== "number") throw typeError("threshold must be numeric");
    if (Number.isNaN(o.threshold)) {
      throw valueError(
        "threshold must be non-NAN, try sys.maxsize for untruncated representation",
      );
    }
    out.threshold = o.threshold;
  }
  if (o.precision !== undefined && o.precision !== null) {
    // operator.index(): integers (and bools) only
    if (typeof o.precision === "boolean") out.precision = o.precision ? 1 : 0;
    else if (typeof o.precision === "number" && Number.isInteger(o.precision)) {
      out.precision = o.precision;
    } else throw typeError("precision must be an integer");
  }
  if (o.suppress !== undefined && o.suppress !== null) out.suppress = Boolean(o.suppress);
  for (const key of ["edgeitems", "linewidth"] as const) {
    const v = o[key];
    if (v !== undefined && v !== null) out[key] = Number(v);
  }
  for (const key of ["nanstr", "infstr"] as const) {
    const v = o[key];
    if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

/** The global formatter (`setPrintoptions({ formatter })`); NumPy 1.24 resets it on every set. */
let currentFormatter: Formatters | undefined;

/** Print options with the global formatter (null when none is set), as `np.get_printoptions`. */
export type PrintOptionsWithFormatter = PrintOptions & { formatter: Formatters | null };

/** The current print options (a copy). */
export function getPrintoptions(): PrintOptionsWithFormatter {
  return { ...currentOptions, formatter: currentFormatter ?? null };
}

/** Set print options, validating like `np.set_printoptions`; `formatter` is reset unless given, as in NumPy 1.24. */
export function setPrintoptions(opts: Partial<PrintOptions> & { formatter?: Formatters | null }): void {
  const { formatter, ...rest } = opts;
  const next = { ...currentOptions, ...validateOptions(rest) };
  // NumPy resets the sign in 1.13 mode "to avoid confusion".
  if (next.legacy === "1.13") next.sign = "-";
  currentOptions = next;
  currentFormatter = formatter ?? undefined;
}

/** Run `fn` with the options temporarily set (NumPy's context manager). */
export function printoptions<T>(opts: Partial<PrintOptions> & { formatter?: Formatters | null }, fn: () => T): T {
  const saved = currentOptions, savedFormatter = currentFormatter;
  try {
    setPrintoptions(opts);
    return fn();
  } finally {
    currentOptions = saved;
    currentFormatter = savedFormatter;
  }
}

type Formatters = NonNullable<Array2StringOptions["formatter"]>;

interface ResolvedOptions extends PrintOptions {
  formatter: Formatters | undefined;
}

/** Global options overridden by the per-call ones, as array2string merges them. */
function resolveOptions(opts: Array2StringOptions | undefined): ResolvedOptions {
  const o = opts ?? {};
  const overrides = validateOptions({
    ...o,
    linewidth: o.maxLineWidth ?? o.linewidth,
  });
  return { ...currentOptions, ...overrides, formatter: o.formatter ?? currentFormatter };
}

// ============================================================================
// 4. Python string helpers
// ============================================================================

/** Python's len(): code points, not UTF-16 units. */
function pyLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// str.isspace() characters
const PY_TRAILING_SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

function pyRstrip(s: string): string {
  return s.replace(PY_TRAILING_SPACE, "");
}

/** str.splitlines() without keepends. */
function pySplitlines(s: string): string[] {
  const parts = s.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

// Characters Python's str.isprintable() rejects (the space itself is printable).
const PY_NONPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str. */
function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && PY_NONPRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x100) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a tuple of ints, e.g. "(2, 0)" or "(0,)". */
function pyTupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

// ============================================================================
// 5. Dragon4
// ============================================================================
//
// A port of NumPy's Dragon4 (Steele & White / Burger & Dybvig, via Ryan
// Juckett) on JS bigints. It converts the exact binary value, so results match
// NumPy in every rounding corner: shortest unique digits with IEEE-even
// boundaries, and round-half-even at a precision cutoff (JS's toFixed rounds
// exact ties up, so it cannot be used).

/** How trailing zeros and the decimal point are trimmed (NumPy's `trim` argument). */
export type TrimMode =
  | "k" // keep trailing zeros and the decimal point
  | "." // trim trailing zeros, keep the decimal point
  | "0" // trim trailing zeros but leave one zero after the point
  | "-"; // trim trailing zeros and the decimal point

interface FloatParts {
  negative: boolean;
  /** value = mantissa * 2^exponent */
  mantissa: bigint;
  exponent: number;
  /** index of the highest set mantissa bit (used for the digit estimate) */
  mantissaBit: number;
  /** is the gap to the next value above twice the gap below (powers of two) */
  unequalMargins: boolean;
  /** "inf" or "nan" for non-finite values, else null */
  special: "inf" | "nan" | null;
}

const bitsView = new DataView(new ArrayBuffer(8));

function log2Floor(n: number): number {
  return 31 - Math.clz32(n);
}

function log2FloorBig(n: bigint): number {
  return n.toString(2).length - 1;
}

/** Split a float64, or (f32) the float32 nearest to `x`, into Dragon4's inputs. */
function decompose(x: number, f32: boolean): FloatParts {
  if (f32) {
    bitsView.setFloat32(0, x);
    const bits = bitsView.getUint32(0);
    const negative = bits >>> 31 !== 0;
    const fe = (bits >>> 23) & 0xff;
    const fm = bits & 0x7fffff;
    if (fe === 0xff) {
      return { negative, mantissa: 0n, exponent: 0, mantissaBit: 0, unequalMargins: false, special: fm === 0 ? "inf" : "nan" };
    }
    if (fe !== 0) {
      return { negative, mantissa: BigInt((1 << 23) | fm), exponent: fe - 150, mantissaBit: 23, unequalMargins: fe !== 1 && fm === 0, special: null };
    }
    return { negative, mantissa: BigInt(fm), exponent: -149, mantissaBit: fm === 0 ? 0 : log2Floor(fm), unequalMargins: false, special: null };
  }
  bitsView.setFloat64(0, x);
  const hi = bitsView.getUint32(0);
  const lo = bitsView.getUint32(4);
  const negative = hi >>> 31 !== 0;
  const fe = (hi >>> 20) & 0x7ff;
  const fm = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (fe === 0x7ff) {
    return { negative, mantissa: 0n, exponent: 0, mantissaBit: 0, unequalMargins: false, special: fm === 0n ? "inf" : "nan" };
  }
  if (fe !== 0) {
    return { negative, mantissa: (1n << 52n) | fm, exponent: fe - 1075, mantissaBit: 52, unequalMargins: fe !== 1 && fm === 0n, special: null };
  }
  return { negative, mantissa: fm, exponent: -1074, mantissaBit: fm === 0n ? 0 : log2FloorBig(fm), unequalMargins: false, special: null };
}

const POW10_CACHE: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = POW10_CACHE.length; i <= n; i++) POW10_CACHE.push(POW10_CACHE[i - 1] * 10n);
  return POW10_CACHE[n];
}

/** NumPy's scratch buffer is 16384 chars; it only bounds absurd precisions. */
const DRAGON4_BUFFER = 16383;
const LOG10_2 = 0.30102999566398119521373889472449;

interface Digits {
  /** decimal digits, first one nonzero unless the value is zero or cut off early */
  digits: string;
  /** base-10 exponent of the first digit */
  exp10: number;
}

/**
 * The digit generator. `unique` selects the shortest-uniquely-identifying mode
 * (else exact digits); the cutoffs count digits after the decimal point
 * (`fractional`) or in total; -1 means no cutoff.
 */
function dragon4Digits(
  p: FloatParts,
  unique: boolean,
  fractional: boolean,
  cutoffMax: number,
  cutoffMin: number,
  bufferSize: number,
): Digits {
  const { mantissa, exponent, unequalMargins } = p;
  if (mantissa === 0n) return { digits: "0", exp10: 0 };

  // value = scaledValue / scale; margins are half the gaps to the neighbours
  let scale: bigint;
  let value: bigint;
  let marginLow: bigint;
  if (unequalMargins) {
    if (exponent > 0) {
      value = mantissa << BigInt(exponent + 2);
      scale = 4n;
      marginLow = 1n << BigInt(exponent);
    } else {
      value = mantissa << 2n;
      scale = 1n << BigInt(-exponent + 2);
      marginLow = 1n;
    }
  } else if (exponent > 0) {
    value = mantissa << BigInt(exponent + 1);
    scale = 2n;
    marginLow = 1n << BigInt(exponent);
  } else {
    value = mantissa << 1n;
    scale = 1n << BigInt(-exponent + 1);
    marginLow = 1n;
  }
  const marginHigh = (): bigint => (unequalMargins ? marginLow * 2n : marginLow);

  // Estimate of floor(log10(v)) + 1, correct or one too low (same arithmetic
  // as NumPy, since a clamped estimate changes the digits produced).
  let digitExponent = Math.ceil((p.mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && fractional && digitExponent <= -cutoffMax) {
    digitExponent = -cutoffMax + 1;
  }
  if (digitExponent > 0) scale *= pow10(digitExponent);
  else if (digitExponent < 0) {
    const p10 = pow10(-digitExponent);
    value *= p10;
    marginLow *= p10;
  }
  if (value >= scale) digitExponent += 1;
  else {
    value *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExponent = digitExponent - bufferSize;
  if (cutoffMax >= 0) {
    const desired = fractional ? -cutoffMax : digitExponent - cutoffMax;
    if (desired > cutoffMaxExponent) cutoffMaxExponent = desired;
  }
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    const desired = fractional ? -cutoffMin : digitExponent - cutoffMin;
    if (desired < cutoffMinExponent) cutoffMinExponent = desired;
  }
  const exp10 = digitExponent - 1;

  const out: number[] = [];
  let low = false;
  let high = false;
  let digit = 0;
  const isEven = (mantissa & 1n) === 0n;
  if (unique) {
    for (;;) {
      digitExponent -= 1;
      digit = Number(value / scale);
      value %= scale;
      const valueHigh = value + marginHigh();
      // IEEE round-half-even: boundaries are reachable when the mantissa is even
      low = isEven ? value <= marginLow : value < marginLow;
      high = isEven ? valueHigh >= scale : valueHigh > scale;
      if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
      out.push(digit);
      value *= 10n;
      marginLow *= 10n;
    }
  } else {
    for (;;) {
      digitExponent -= 1;
      digit = Number(value / scale);
      value %= scale;
      if (value === 0n || digitExponent === cutoffMaxExponent) break;
      out.push(digit);
      value *= 10n;
    }
  }

  // Round the final digit: down if only the low side is safe, else to nearest
  // with ties to the even digit.
  let roundDown = low;
  if (low === high) {
    const twice = value * 2n;
    roundDown = twice < scale;
    if (twice === scale) roundDown = (digit & 1) === 0;
  }
  let e10 = exp10;
  if (roundDown) out.push(digit);
  else if (digit < 9) out.push(digit + 1);
  else {
    // carry through trailing nines
    for (;;) {
      if (out.length === 0) {
        out.push(1);
        e10 += 1;
        break;
      }
      const last = out.pop() as number;
      if (last !== 9) {
        out.push(last + 1);
        break;
      }
    }
  }
  return { digits: out.join(""), exp10: e10 };
}

export interface PositionalOptions {
  /** max fraction (or total) digits, -1 for none */
  precision: number;
  /** min digits in unique mode, -1 for none */
  minDigits: number;
  unique: boolean;
  /** precision/minDigits count digits after the point (else all digits) */
  fractional: boolean;
  trim: TrimMode;
  /** always print the sign */
  sign: boolean;
  padLeft: number;
  padRight: number;
}

export interface ScientificOptions {
  precision: number;
  minDigits: number;
  unique: boolean;
  trim: TrimMode;
  sign: boolean;
  padLeft: number;
  expDigits: number;
}

/** NumPy's PrintInfNan: nan never shows a sign, inf does. */
function infNanString(p: FloatParts, sign: boolean): string {
  if (p.special === "nan") return "nan";
  return (p.negative ? "-" : sign ? "+" : "") + "inf";
}

function signPrefix(p: FloatParts, sign: boolean): string {
  return p.negative ? "-" : sign ? "+" : "";
}

/** `np.format_float_positional` core (dragon4_positional). */
export function dragon4Positional(x: number, f32: boolean, o: PositionalOptions): string {
  const p = decompose(x, f32);
  if (p.special) return infNanString(p, o.sign);
  if (!o.unique && o.precision < 0) throw typeError("in non-unique mode `precision` must be supplied");
  const signStr = signPrefix(p, o.sign);
  const hasSign = signStr.length;
  const { digits, exp10 } = dragon4Digits(p, o.unique, o.fractional, o.precision, o.minDigits, DRAGON4_BUFFER - hasSign);

  let out = signStr;
  let numWholeDigits: number;
  let numFractionDigits = 0;
  if (exp10 >= 0) {
    numWholeDigits = exp10 + 1;
    if (digits.length <= numWholeDigits) {
      out += digits + "0".repeat(numWholeDigits - digits.length);
    } else {
      numFractionDigits = digits.length - numWholeDigits;
      out += digits.slice(0, numWholeDigits) + "." + digits.slice(numWholeDigits);
    }
  } else {
    const zeros = -(exp10 + 1);
    out += "0." + "0".repeat(zeros) + digits;
    numFractionDigits = digits.length + zeros;
    numWholeDigits = 1;
  }

  if (o.trim !== "-" && numFractionDigits === 0) out += ".";

  const addDigits = o.unique ? o.minDigits : o.precision;
  let desiredFractionDigits = addDigits < 0 ? 0 : addDigits;
  if (!o.fractional) desiredFractionDigits = addDigits - numWholeDigits;

  if (o.trim === "0") {
    if (numFractionDigits === 0) {
      out += "0";
      numFractionDigits++;
    }
  } else if (o.trim === "k" && desiredFractionDigits > numFractionDigits) {
    out += "0".repeat(desiredFractionDigits - numFractionDigits);
    numFractionDigits = desiredFractionDigits;
  }

  // rounding can still leave trailing zeros; trim them per the mode
  if (o.trim !== "k" && numFractionDigits > 0) {
    while (out.endsWith("0")) {
      out = out.slice(0, -1);
      numFractionDigits--;
    }
    if (out.endsWith(".")) {
      if (o.trim === "0") {
        out += "0";
        numFractionDigits++;
      } else if (o.trim === "-") out = out.slice(0, -1);
    }
  }

  if (o.padRight >= numFractionDigits) {
    if (o.trim === "-" && numFractionDigits === 0) out += " ";
    out += " ".repeat(o.padRight - numFractionDigits);
  }
  if (o.padLeft > numWholeDigits + hasSign) {
    out = " ".repeat(o.padLeft - numWholeDigits - hasSign) + out;
  }
  return out;
}

/** `np.format_float_scientific` core (dragon4_scientific). */
export function dragon4Scientific(x: number, f32: boolean, o: ScientificOptions): string {
  const p = decompose(x, f32);
  if (p.special) return infNanString(p, o.sign);
  if (!o.unique && o.precision < 0) throw typeError("in non-unique mode `precision` must be supplied");
  const signStr = signPrefix(p, o.sign);

  let out = "";
  const leftChars = 1 + signStr.length;
  if (o.padLeft > leftChars) out += " ".repeat(o.padLeft - leftChars);
  out += signStr;

  const { digits, exp10 } = dragon4Digits(
    p,
    o.unique,
    false,
    o.precision < 0 ? -1 : o.precision + 1,
    o.minDigits < 0 ? -1 : o.minDigits + 1,
    DRAGON4_BUFFER - out.length,
  );
  out += digits[0];
  let numFractionDigits = digits.length - 1;
  if (numFractionDigits > 0) out += "." + digits.slice(1);
  if (o.trim !== "-" && numFractionDigits === 0) out += ".";

  let addDigits = o.unique ? o.minDigits : o.precision;
  if (addDigits < 0) addDigits = 0;
  if (o.trim === "0") {
    if (numFractionDigits === 0) {
      out += "0";
      numFractionDigits++;
    }
  } else if (o.trim === "k" && addDigits > numFractionDigits) {
    out += "0".repeat(addDigits - numFractionDigits);
    numFractionDigits = addDigits;
  }

  if (o.trim !== "k" && numFractionDigits > 0) {
    while (out.endsWith("0")) {
      out = out.slice(0, -1);
      numFractionDigits--;
    }
    if (o.trim === "0" && out.endsWith(".")) {
      out += "0";
      numFractionDigits++;
    }
  }

  let expDigits = o.expDigits;
  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  const expAbs = String(Math.abs(exp10)).padStart(expDigits, "0");
  return out + "e" + (exp10 >= 0 ? "+" : "-") + expAbs;
}

// ============================================================================
// 6. Scalar formatting
// ============================================================================

function isComplex(v: PrintValue): v is { re: number; im: number } {
  return typeof v === "object" && v !== null;
}

function toNumber(v: PrintValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return Number(v);
  return v.re;
}

function toComplex(v: PrintValue): { re: number; im: number } {
  return isComplex(v) ? v : { re: toNumber(v), im: 0 };
}

function toBool(v: PrintValue): boolean {
  if (isComplex(v)) return v.re !== 0 || v.im !== 0;
  return Boolean(v);
}

function intString(v: PrintValue): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v).toString() : String(Math.trunc(v));
  return String(toNumber(v));
}

/**
 * str() of a NumPy float scalar: shortest round-trip digits, positional for
 * 1e-4 <= |x| < 1e16 (and zero/nan), else scientific.
 */
function floatScalarStr(x: number, f32: boolean, trimPos: TrimMode, trimSci: TrimMode, sign: boolean): string {
  const abs = Math.abs(x);
  const positional = Number.isNaN(x) || x === 0 || (abs < 1e16 && abs >= 1e-4);
  if (positional) {
    return dragon4Positional(x, f32, {
      precision: -1, minDigits: -1, unique: true, fractional: false, trim: trimPos, sign, padLeft: -1, padRight: -1,
    });
  }
  return dragon4Scientific(x, f32, {
    precision: -1, minDigits: -1, unique: true, trim: trimSci, sign, padLeft: -1, expDigits: -1,
  });
}

/** str() of a NumPy complex scalar, e.g. "(1+2j)", "2j", "(nan+infj)". */
function complexScalarStr(z: { re: number; im: number }, f32: boolean): string {
  const re = f32 ? Math.fround(z.re) : z.re;
  const im = f32 ? Math.fround(z.im) : z.im;
  if (re === 0 && !Object.is(re, -0)) return floatScalarStr(im, f32, "-", "-", false) + "j";
  let rstr: string;
  if (Number.isFinite(re)) rstr = floatScalarStr(re, f32, "-", "-", false);
  else rstr = Number.isNaN(re) ? "nan" : re > 0 ? "inf" : "-inf";
  let istr: string;
  if (Number.isFinite(im)) istr = floatScalarStr(im, f32, "-", "-", true);
  else istr = Number.isNaN(im) ? "+nan" : im > 0 ? "+inf" : "-inf";
  return `(${rstr}${istr}j)`;
}

/**
 * C printf's "%.<prec>g" (legacy 1.13 scalar printing), correctly rounded
 * on the exact binary value as glibc does.
 */
function printfG(x: number, prec: number, forceSign: boolean): string {
  if (Number.isNaN(x)) return (forceSign ? "+" : "") + "nan";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : forceSign ? "+" : "") + "inf";
  const P = prec === 0 ? 1 : prec;
  const p = decompose(x, false);
  const sign = p.negative ? "-" : forceSign ? "+" : "";
  const { digits, exp10 } = dragon4Digits(p, false, false, P, -1, DRAGON4_BUFFER);
  const padded = digits.padEnd(P, "0");
  let body: string;
  if (exp10 >= -4 && exp10 < P) {
    if (exp10 >= 0) body = padded.slice(0, exp10 + 1) + "." + padded.slice(exp10 + 1);
    else body = "0." + "0".repeat(-exp10 - 1) + padded;
    // without the '#' flag, %g drops trailing zeros and a bare decimal point
    if (body.includes(".")) body = body.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    let mant = padded[0] + "." + padded.slice(1);
    mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    body = mant + "e" + (exp10 < 0 ? "-" : "+") + String(Math.abs(exp10)).padStart(2, "0");
  }
  return sign + body;
}

/** Legacy (1.13) str() of float scalars: "%.12g" / "%.6g", with ".0" for integers. */
function legacyFloatScalarStr(x: number, f32: boolean): string {
  const s = printfG(x, f32 ? 6 : 12, false);
  return /^-?\d+$/.test(s) ? s + ".0" : s;
}

function legacyComplexScalarStr(z: { re: number; im: number }, f32: boolean): string {
  const prec = f32 ? 6 : 12;
  if (z.re === 0 && !Object.is(z.re, -0)) {
    return printfG(z.im, prec, false) + (Number.isFinite(z.im) ? "" : "*") + "j";
  }
  const re = Number.isFinite(z.re) ? printfG(z.re, prec, false) : Number.isNaN(z.re) ? "nan" : z.re > 0 ? "inf" : "-inf";
  let im: string;
  if (Number.isFinite(z.im)) im = printfG(z.im, prec, true);
  else im = (Number.isNaN(z.im) ? "+nan" : z.im > 0 ? "+inf" : "-inf") + "*";
  return `(${re}${im}j)`;
}

/** Python's repr() of a float: shortest digits, scientific outside 1e-4 <= |x| < 1e16. */
function pyFloatRepr(x: number, addDot0 = true): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const p = decompose(x, false);
  const sign = p.negative ? "-" : "";
  const { digits, exp10 } = dragon4Digits(p, true, false, -1, -1, DRAGON4_BUFFER);
  if (exp10 >= -4 && exp10 < 16) {
    let body: string;
    if (exp10 >= 0) {
      const whole = digits.slice(0, exp10 + 1).padEnd(exp10 + 1, "0");
      const frac = digits.slice(exp10 + 1);
      body = frac ? whole + "." + frac : addDot0 ? whole + ".0" : whole;
    } else body = "0." + "0".repeat(-exp10 - 1) + digits;
    return sign + body;
  }
  const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return sign + mant + "e" + (exp10 < 0 ? "-" : "+") + String(Math.abs(exp10)).padStart(2, "0");
}

/** Python's repr() of a complex. */
function pyComplexRepr(z: { re: number; im: number }): string {
  const imPart = (v: number): string => {
    const s = pyFloatRepr(v, false);
    return Number.isNaN(v) || !(s.startsWith("-")) ? "+" + s : s;
  };
  if (z.re === 0 && !Object.is(z.re, -0)) return pyFloatRepr(z.im, false) + "j";
  return "(" + pyFloatRepr(z.re, false) + imPart(z.im) + "j)";
}

/** Python repr() of `a.item()` (legacy 1.13 prints 0-d arrays this way). */
function pyItemRepr(v: PrintValue, kind: PrintKind): string {
  switch (kind) {
    case "b":
      return toBool(v) ? "True" : "False";
    case "i":
    case "u":
      return intString(v);
    case "f":
      return pyFloatRepr(toNumber(v));
    case "c":
      return pyComplexRepr(toComplex(v));
    case "U":
      return pyStrRepr(String(v));
    case "V":
      return String(v);
  }
}

/** Python str() of `a.item()`. */
function pyItemStr(v: PrintValue, kind: PrintKind): string {
  return kind === "U" ? String(v) : pyItemRepr(v, kind);
}

/**
 * str() of a NumPy scalar of that kind and size, e.g. 1.0 -> "1.0",
 * nan -> "nan", float32 0.1 -> "0.1", complex 2j -> "2j".
 */
export function formatScalar(v: PrintValue, kind: PrintKind, itemsize: number): string {
  const legacy = legacyLevel(currentOptions.legacy) <= 113;
  switch (kind) {
    case "b":
      return toBool(v) ? "True" : "False";
    case "i":
    case "u":
      return intString(v);
    case "f": {
      const f32 = itemsize === 4;
      const x = f32 ? Math.fround(toNumber(v)) : toNumber(v);
      return legacy ? legacyFloatScalarStr(x, f32) : floatScalarStr(x, f32, "0", "-", false);
    }
    case "c": {
      const f32 = itemsize === 8;
      return legacy ? legacyComplexScalarStr(toComplex(v), f32) : complexScalarStr(toComplex(v), f32);
    }
    case "U":
    case "V":
      return String(v);
  }
}

// ============================================================================
// 7. Per-kind element formatters
// ============================================================================

type ElementFormatter = (v: PrintValue) => string;

function hasSignBit(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/**
 * NumPy's FloatingFormat: one pass over the (summarized) data decides between
 * positional and scientific notation and the common padding, then every
 * element is printed with those settings so the column lines up.
 */
class FloatingFormat {
  private precision: number; // -1 means None
  private minDigits = -1;
  private unique = true;
  private trim: TrimMode = ".";
  private expFormat = false;
  private padLeft = 0;
  private padRight = 0;
  private expSize = -1;
  private readonly sign: PrintOptions["sign"];

  constructor(
    data: readonly number[],
    private readonly f32: boolean,
    precision: number,
    private readonly floatmode: PrintOptions["floatmode"],
    private readonly suppressSmall: boolean,
    sign: PrintOptions["sign"],
    private readonly legacy: number,
    is0d: boolean,
    private readonly nanstr: string,
    private readonly infstr: string,
  ) {
    // legacy 1.13 always reserved a sign column, except in 0-d arrays
    this.sign = legacy <= 113 && !is0d && sign === "-" ? " " : sign;
    const prec = floatmode === "unique" ? -1 : precision;
    if (floatmode !== "unique" && prec < 0) throw valueError("precision must be >= 0");
    this.precision = prec;
    this.fillFormat(data);
  }

  private fillFormat(data: readonly number[]): void {
    const finite = data.filter((x) => Number.isFinite(x));

    // exponential mode is chosen from the non-zero finite magnitudes; NumPy
    // divides two float32 scalars in float32 (hence the fround) but compares
    // them with the Python floats 1e-4 and 1e8 in double precision
    let maxVal = -Infinity;
    let minVal = Infinity;
    for (const x of finite) {
      if (x === 0) continue;
      const a = Math.abs(x);
      if (a > maxVal) maxVal = a;
      if (a < minVal) minVal = a;
    }
    if (maxVal !== -Infinity) {
      const ratio = this.f32 ? Math.fround(maxVal / minVal) : maxVal / minVal;
      if (maxVal >= 1e8 || (!this.suppressSmall && (minVal < 1e-4 || ratio > 1000))) {
        this.expFormat = true;
      }
    }

    const plusSign = this.sign === "+";
    if (finite.length === 0) {
      this.padLeft = 0;
      this.padRight = 0;
      this.trim = ".";
      this.expSize = -1;
      this.unique = true;
      this.minDigits = -1;
    } else if (this.expFormat) {
      let trim: TrimMode = ".";
      let unique = true;
      if (this.floatmode === "fixed" || this.legacy <= 113) {
        trim = "k";
        unique = false;
      }
      let maxInt = 0;
      let maxFrac = 0;
      let maxExp = 0;
      for (const x of finite) {
        const s = dragon4Scientific(x, this.f32, {
          precision: this.precision, minDigits: -1, unique, trim, sign: plusSign, padLeft: -1, expDigits: -1,
        });
        const e = s.indexOf("e");
        const mant = s.slice(0, e);
        const dot = mant.indexOf(".");
        maxInt = Math.max(maxInt, dot);
        maxFrac = Math.max(maxFrac, mant.length - dot - 1);
        maxExp = Math.max(maxExp, s.length - e - 1);
      }
      this.expSize = maxExp - 1;
      this.trim = "k";
      this.precision = maxFrac;
      this.minDigits = maxFrac;
      this.unique = unique;
      // 1.13 used two spaces plus sign and full precision
      this.padLeft = this.legacy <= 113 ? 3 : maxInt;
      // only needed to size nan/inf
      this.padRight = this.expSize + 2 + this.precision;
    } else {
      let trim: TrimMode = ".";
      let unique = true;
      if (this.floatmode === "fixed") {
        trim = "k";
        unique = false;
      }
      let maxInt = 0;
      let maxFrac = 0;
      for (const x of finite) {
        const s = dragon4Positional(x, this.f32, {
          precision: this.precision, minDigits: -1, unique, fractional: true, trim, sign: plusSign, padLeft: -1, padRight: -1,
        });
        const dot = s.indexOf(".");
        const intPart = s.slice(0, dot);
        const intLen = this.legacy <= 113 ? 1 + intPart.replace(/^[-+]+/, "").length : intPart.length;
        maxInt = Math.max(maxInt, intLen);
        maxFrac = Math.max(maxFrac, s.length - dot - 1);
      }
      this.padLeft = maxInt;
      this.padRight = maxFrac;
      this.expSize = -1;
      this.unique = unique;
      if (this.floatmode === "fixed" || this.floatmode === "maxprec_equal") {
        this.precision = this.minDigits = this.padRight;
        this.trim = "k";
      } else {
        this.trim = ".";
        this.minDigits = 0;
      }
    }

    // sign=' ' reserves a column for the sign even if nothing is negative
    if (this.legacy > 113 && this.sign === " " && !finite.some(hasSignBit)) this.padLeft += 1;

    // non-finite values may need more room than the numbers
    if (data.length !== finite.length) {
      const negInf = this.sign !== "-" || data.some((x) => x === -Infinity);
      const nanLen = pyLen(this.nanstr);
      const infLen = pyLen(this.infstr) + (negInf ? 1 : 0);
      const offset = this.padRight + 1; // +1 for the decimal point
      this.padLeft = Math.max(this.padLeft, nanLen - offset, infLen - offset);
    }
  }

  format(x: number): string {
    if (!Number.isFinite(x)) {
      let ret: string;
      if (Number.isNaN(x)) ret = (this.sign === "+" ? "+" : "") + this.nanstr;
      else ret = (x < 0 ? "-" : this.sign === "+" ? "+" : "") + this.infstr;
      return " ".repeat(Math.max(0, this.padLeft + this.padRight + 1 - pyLen(ret))) + ret;
    }
    if (this.expFormat) {
      return dragon4Scientific(x, this.f32, {
        precision: this.precision, minDigits: this.minDigits, unique: this.unique, trim: this.trim,
        sign: this.sign === "+", padLeft: this.padLeft, expDigits: this.expSize,
      });
    }
    return dragon4Positional(x, this.f32, {
      precision: this.precision, minDigits: this.minDigits, unique: this.unique, fractional: true, trim: this.trim,
      sign: this.sign === "+", padLeft: this.padLeft, padRight: this.padRight,
    });
  }
}

/** Real and imaginary parts formatted as two aligned float columns, e.g. "1. +2.j". */
function complexFormatter(
  values: readonly PrintValue[],
  f32: boolean,
  o: ResolvedOptions,
  legacy: number,
  is0d: boolean,
): ElementFormatter {
  const zs = values.map(toComplex);
  const round = (x: number): number => (f32 ? Math.fround(x) : x);
  // legacy 1.13 printed the real part like maxprec_equal and the imaginary like maxprec
  const fmReal = legacy <= 113 ? "maxprec_equal" : o.floatmode;
  const fmImag = legacy <= 113 ? "maxprec" : o.floatmode;
  const real = new FloatingFormat(zs.map((z) => round(z.re)), f32, o.precision, fmReal, o.suppress, o.sign, legacy, is0d, o.nanstr, o.infstr);
  const imag = new FloatingFormat(zs.map((z) => round(z.im)), f32, o.precision, fmImag, o.suppress, "+", legacy, is0d, o.nanstr, o.infstr);
  return (v) => {
    const z = toComplex(v);
    const r = real.format(round(z.re));
    const i = imag.format(round(z.im));
    // the 'j' goes before the imaginary part's right padding
    const sp = pyRstrip(i).length;
    return r + i.slice(0, sp) + "j" + i.slice(sp);
  };
}

/** Right-aligned integers, as wide as the widest one. */
function integerFormatter(values: readonly PrintValue[]): ElementFormatter {
  let width = 0;
  for (const v of values) width = Math.max(width, intString(v).length);
  return (v) => intString(v).padStart(width);
}

function boolFormatter(is0d: boolean): ElementFormatter {
  // " True" lines up with "False", except in 0-d arrays
  const trueStr = is0d ? "True" : " True";
  return (v) => (toBool(v) ? trueStr : "False");
}

/** Pick the formatter NumPy's `_get_format_function` would, honouring `formatter`. */
function getFormatFunction(
  a: Printable,
  values: readonly PrintValue[],
  o: ResolvedOptions,
  legacy: number,
): ElementFormatter {
  if (a.kind === "V") return recordFormatter(a, values, o, legacy, false);
  const key = formatterKeyFor(a.kind);
  const custom = customFormatter(o.formatter, key);
  if (custom) return (v) => custom(v);
  const is0d = a.shape.length === 0;
  switch (a.kind) {
    case "b":
      return boolFormatter(is0d);
    case "i":
    case "u":
      return integerFormatter(values);
    case "f": {
      const f32 = a.itemsize === 4;
      const xs = values.map((v) => (f32 ? Math.fround(toNumber(v)) : toNumber(v)));
      const ff = new FloatingFormat(xs, f32, o.precision, o.floatmode, o.suppress, o.sign, legacy, is0d, o.nanstr, o.infstr);
      return (v) => ff.format(f32 ? Math.fround(toNumber(v)) : toNumber(v));
    }
    case "c":
      return complexFormatter(values, a.itemsize === 8, o, legacy, is0d);
    case "U":
      return (v) => pyStrRepr(String(v));
  }
}

/**
 * NumPy's StructuredVoidFormat: each field formatted as its own array would be (over the
 * records shown), joined as a tuple; sub-array fields nest in brackets (SubArrayFormat).
 * `scalar`: a void scalar's str(), whose floats print as str() of the float.
 */
function recordFormatter(a: Printable, records: readonly PrintValue[], o: ResolvedOptions, legacy: number, scalar: boolean): ElementFormatter {
  const idx = records as readonly number[];
  const fmts = (a.fields ?? []).map((f) => {
    const sub = f.shape.slice(a.shape.length), m = sizeOf(sub);
    const vals = idx.flatMap((j) => Array.from({ length: m }, (_, t) => f.at(j * m + t)));
    const one = scalar && f.kind === "f" ? (v: PrintValue) => formatScalar(v, f.kind, f.itemsize)
      : scalar && f.kind === "V" ? recordFormatter(f, vals, o, legacy, true) : getFormatFunction(f, vals, o, legacy);
    // SubArrayFormat: a sub-array larger than the threshold shows its edge items
    const summ = m > o.threshold, e = o.edgeitems;
    const nested = (j: number, d: number): string => {
      if (d === sub.length) return one(f.at(j));
      const n = sub[d], idx = Array.from({ length: n }, (_, t) => t);
      const shown = summ && n > 2 * e ? [...idx.slice(0, e), -1, ...idx.slice(n - e)] : idx;
      return "[" + shown.map((t) => (t < 0 ? "..." : nested(j * n + t, d + 1))).join(", ") + "]";
    };
    return (j: number) => nested(j, 0);
  });
  return (v) => {
    const parts = fmts.map((g) => g(v as number));
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  };
}

type BaseFormatterKey = "bool" | "int" | "float" | "complexfloat" | "numpystr";

function formatterKeyFor(kind: PrintKind): BaseFormatterKey {
  switch (kind) {
    case "b":
      return "bool";
    case "i":
    case "u":
      return "int";
    case "f":
      return "float";
    case "c":
      return "complexfloat";
    case "U":
    case "V":
      return "numpystr";
  }
}

/** The user callable for `key`: specific keys beat group keys beat "all". */
function customFormatter(
  formatter: Formatters | undefined,
  key: BaseFormatterKey,
): ((x: PrintValue) => string) | undefined {
  if (!formatter) return undefined;
  const group: Record<BaseFormatterKey, FormatterKey | undefined> = {
    bool: undefined,
    int: "int_kind",
    float: "float_kind",
    complexfloat: "complex_kind",
    numpystr: "str_kind",
  };
  const groupKey = group[key];
  return formatter[key] ?? (groupKey ? formatter[groupKey] : undefined) ?? formatter.all ?? undefined;
}

// ============================================================================
// 8. Layout: wrapping and nesting
// ============================================================================

type Extended = [s: string, line: string];

/** Append `word` to `line`, first flushing the line to `s` if it would overflow. */
function extendLine(
  s: string,
  line: string,
  word: string,
  lineWidth: number,
  nextLinePrefix: string,
  legacy: number,
): Extended {
  let needsWrap = pyLen(line) + pyLen(word) > lineWidth;
  // don't wrap lines if it won't help
  if (legacy > 113 && pyLen(line) <= pyLen(nextLinePrefix)) needsWrap = false;
  if (needsWrap) {
    s += pyRstrip(line) + "\n";
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** extendLine for words that may span several lines (custom formatters). */
function extendLinePretty(
  s: string,
  line: string,
  word: string,
  lineWidth: number,
  nextLinePrefix: string,
  legacy: number,
): Extended {
  const words = pySplitlines(word);
  if (words.length <= 1 || legacy <= 113) return extendLine(s, line, word, lineWidth, nextLinePrefix, legacy);

  const maxWordLength = Math.max(...words.map(pyLen));
  let indent: string;
  if (pyLen(line) + maxWordLength > lineWidth && pyLen(line) > pyLen(nextLinePrefix)) {
    s += pyRstrip(line) + "\n";
    line = nextLinePrefix + words[0];
    indent = nextLinePrefix;
  } else {
    indent = " ".repeat(pyLen(line));
    line += words[0];
  }
  for (const w of words.slice(1)) {
    s += pyRstrip(line) + "\n";
    line = indent + w;
  }
  line += " ".repeat(maxWordLength - pyLen(words[words.length - 1]));
  return [s, line];
}

/**
 * NumPy's `_formatArray`: nested brackets, one row per line for the last
 * axis (wrapped at the line width), blank lines between higher-dimensional
 * blocks, and "..." in place of the middle of summarized axes.
 */
function formatArray(
  a: Printable,
  format: ElementFormatter,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  edgeItems: number,
  summaryInsert: string,
  legacy: number,
): string {
  const shape = a.shape;
  const ndim = shape.length;
  const strides = cStrides(shape);
  const sepStripped = pyRstrip(separator);

  const element = (index: readonly number[]): string => {
    let flat = 0;
    for (let k = 0; k < ndim; k++) {
      const i = index[k];
      flat += (i < 0 ? i + shape[k] : i) * strides[k];
    }
    return format(a.at(flat));
  };

  const recurse = (index: number[], hangingIndent: string, currWidth: number): string => {
    const axis = index.length;
    const axesLeft = ndim - axis;
    if (axesLeft === 0) return element(index);

    // nested rows are indented one more to line up under the "[", and lose
    // one column to the closing "]"
    const nextHangingIndent = hangingIndent + " ";
    const nextWidth = legacy <= 113 ? currWidth : currWidth - 1;

    const aLen = shape[axis];
    const showSummary = summaryInsert !== "" && 2 * edgeItems < aLen;
    const leadingItems = showSummary ? edgeItems : 0;
    const trailingItems = showSummary ? edgeItems : aLen;

    let s = "";
    if (axesLeft === 1) {
      // last axis: elements on a line, wrapped when they would not fit
      let elemWidth = legacy <= 113 ? currWidth - pyLen(sepStripped) : currWidth - Math.max(pyLen(sepStripped), 1);
      let line = hangingIndent;
      for (let i = 0; i < leadingItems; i++) {
        const word = recurse([...index, i], nextHangingIndent, nextWidth);
        [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent, legacy);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, summaryInsert, elemWidth, hangingIndent, legacy);
        line += legacy <= 113 ? ", " : separator;
      }
      for (let i = trailingItems; i > 1; i--) {
        const word = recurse([...index, -i], nextHangingIndent, nextWidth);
        [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent, legacy);
        line += separator;
      }
      // 1.13 did not reserve room for the separator after the last element
      if (legacy <= 113) elemWidth = currWidth;
      const word = recurse([...index, -1], nextHangingIndent, nextWidth);
      [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent, legacy);
      s += line;
    } else {
      // other axes: one sub-block per line, axesLeft-1 newlines between them
      const lineSep = sepStripped + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leadingItems; i++) {
        s += hangingIndent + recurse([...index, i], nextHangingIndent, nextWidth) + lineSep;
      }
      if (showSummary) {
        s += legacy <= 113 ? hangingIndent + summaryInsert + ", \n" : hangingIndent + summaryInsert + lineSep;
      }
      for (let i = trailingItems; i > 1; i--) {
        s += hangingIndent + recurse([...index, -i], nextHangingIndent, nextWidth) + lineSep;
      }
      s += hangingIndent + recurse([...index, -1], nextHangingIndent, nextWidth);
    }
    // drop the hanging indent of the first line and wrap in brackets
    return "[" + s.slice(hangingIndent.length) + "]";
  };

  return recurse([], nextLinePrefix, lineWidth);
}

// ============================================================================
// 9. Summarization
// ============================================================================

function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = acc;
    acc *= shape[k];
  }
  return strides;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * The elements NumPy's `_leading_trailing` keeps: the first and last
 * `edgeitems` along every axis longer than 2*edgeitems. Only these size the
 * formatters, so a hidden outlier does not change the column widths.
 */
function summarizedValues(a: Printable, edgeitems: number): PrintValue[] {
  const shape = a.shape;
  const strides = cStrides(shape);
  const kept = shape.map((n) => {
    if (n <= 2 * edgeitems) return Array.from({ length: n }, (_, i) => i);
    const lead = Array.from({ length: edgeitems }, (_, i) => i);
    // a[-0:] is the whole axis, so edgeitems=0 keeps everything after the (empty) lead
    const trail = edgeitems === 0 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: edgeitems }, (_, i) => n - edgeitems + i);
    return lead.concat(trail);
  });
  const out: PrintValue[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(a.at(offset));
      return;
    }
    for (const i of kept[axis]) walk(axis + 1, offset + i * strides[axis]);
  };
  walk(0, 0);
  return out;
}

function allValues(a: Printable, size: number): PrintValue[] {
  const out = new Array<PrintValue>(size);
  for (let i = 0; i < size; i++) out[i] = a.at(i);
  return out;
}

// ============================================================================
// 10. array2string / str / repr
// ============================================================================

function array2stringImpl(
  a: Printable,
  o: ResolvedOptions,
  separator: string,
  prefix: string,
  suffix: string,
): string {
  const legacy = legacyLevel(o.legacy);
  const size = sizeOf(a.shape);

  // 1.13 printed 0-d arrays as the repr of the Python scalar
  if (legacy <= 113 && a.shape.length === 0) return pyItemRepr(a.at(0), a.kind);

  let lineWidth = o.linewidth;
  if (legacy > 113) lineWidth -= pyLen(suffix);

  if (size === 0) return "[]";

  const summarize = size > o.threshold;
  const values = summarize ? summarizedValues(a, o.edgeitems) : allValues(a, size);
  const format = getFormatFunction(a, values, o, legacy);

  // continuation lines skip the "[" and the prefix (e.g. "array(")
  const nextLinePrefix = " " + " ".repeat(pyLen(prefix));
  return formatArray(a, format, lineWidth, nextLinePrefix, separator, o.edgeitems, summarize ? "..." : "", legacy);
}

/** `np.array2string(a, ...)`. */
export function array2string(a: Printable, opts?: Array2StringOptions): string {
  return array2stringImpl(a, resolveOptions(opts), opts?.separator ?? " ", opts?.prefix ?? "", opts?.suffix ?? "");
}

/** `str(a)`; a 0-d array prints as str() of its scalar. */
export function arrayStr(a: Printable, opts?: Array2StringOptions): string {
  const o = resolveOptions(opts);
  if (a.shape.length === 0) {
    const v = a.at(0);
    if (a.kind === "V") return recordFormatter(a, [v], o, legacyLevel(o.legacy), true)(v);
    if (legacyLevel(o.legacy) <= 113) return pyItemStr(v, a.kind);
    // the scalar's own str(): not truncated by precision, strings unquoted
    return formatScalar(v, a.kind, a.itemsize);
  }
  return array2stringImpl(a, o, " ", "", "");
}

// dtypes whose repr is implied by the values (NumPy's int_, float_, complex_,
// bool_ on 64-bit Linux)
const IMPLIED_DTYPES = new Set(["int64", "float64", "complex128", "bool"]);

/** NumPy's dtype_short_repr: names that are not identifiers get quoted. */
function dtypeShortRepr(name: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? name : pyStrRepr(name);
}

/** `repr(a)`: "array([1, 2, 3], dtype=int32)", wrapping as NumPy does. */
export function arrayRepr(a: Printable, opts?: Array2StringOptions): string {
  const o = resolveOptions(opts);
  const legacy = legacyLevel(o.legacy);
  const size = sizeOf(a.shape);
  const className = "array";

  const implied = IMPLIED_DTYPES.has(a.dtypeName) && !(legacy <= 113 && a.dtypeName === "bool");
  const skipDtype = implied && size > 0;

  const prefix = className + "(";
  const suffix = skipDtype ? ")" : ",";

  let lst: string;
  if (legacy <= 113 && a.shape.length === 0) lst = pyItemRepr(a.at(0), a.kind);
  else if (size > 0 || (a.shape.length === 1 && a.shape[0] === 0)) {
    lst = array2stringImpl(a, o, ", ", prefix, suffix);
  } else {
    // show the zero-length shape unless it is (0,)
    lst = "[], shape=" + pyTupleRepr(a.shape);
  }

  const arrStr = prefix + lst + suffix;
  if (skipDtype) return arrStr;

  const dtypeStr = `dtype=${a.kind === "V" ? a.dtypeName : dtypeShortRepr(a.dtypeName)})`;
  // put the dtype on its own line if it would overflow the last line
  const lastLineLen = pyLen(arrStr) - pyLen(arrStr.slice(0, arrStr.lastIndexOf("\n") + 1));
  let spacer = " ";
  if (legacy <= 113) {
    if (a.kind === "U") spacer = "\n" + " ".repeat(prefix.length);
  } else if (lastLineLen + pyLen(dtypeStr) + 1 > o.linewidth) {
    spacer = "\n" + " ".repeat(prefix.length);
  }
  return arrStr + spacer + dtypeStr;
}
