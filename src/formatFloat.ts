// np.format_float_positional / np.format_float_scientific: the Python wrappers' argument
// checks in front of the Dragon4 cores that array printing uses (src/print.ts).

import { NDArray } from "./ndarray.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { dragon4Positional, dragon4Scientific, type TrimMode } from "./print.js";

/** A float to format: a JS number or boolean, a bigint, or a 0-d array (float32 formats as float32). */
export type FloatLike = number | boolean | bigint | NDArray;

export interface FormatFloatPositionalOptions {
  /** Maximum digits after the point (or in all, with `fractional: false`); default: as many as needed. */
  precision?: number | null;
  /** Shortest digits that round-trip (default true); false rounds to `precision`. */
  unique?: boolean;
  fractional?: boolean;
  /** 'k' keeps trailing zeros, '.' trims them, '0' leaves one, '-' also drops the point. */
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number | null;
  padRight?: number | null;
  minDigits?: number | null;
}

export interface FormatFloatScientificOptions {
  precision?: number | null;
  unique?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number | null;
  expDigits?: number | null;
  minDigits?: number | null;
}

/** NumPy's _none_or_positive_arg: null means "not set" (-1). */
function count(x: number | null | undefined, name: string): number {
  if (x === null || x === undefined) return -1;
  if (typeof x !== "number" || !Number.isInteger(x)) throw new TypeError(`'${typeof x === "number" ? "float" : typeof x}' object cannot be interpreted as an integer`);
  if (x < 0) throw new ValueError(`${name} must be >= 0`);
  return x;
}

function trimMode(t: TrimMode | undefined): TrimMode {
  if (t === undefined) return "k";
  if (t !== "k" && t !== "." && t !== "0" && t !== "-") throw new TypeError(`if supplied, trim must be 'k', '.', '0' or '-' found \`${String(t)}\``);
  return t;
}

/** The value and whether it is a float32. */
function floatOf(x: FloatLike): [number, boolean] {
  if (typeof x === "number") return [x, false];
  if (typeof x === "boolean") return [x ? 1 : 0, false];
  if (typeof x === "bigint") return [Number(x), false];
  if (x instanceof NDArray) {
    if (x.ndim !== 0) throw new TypeError("only length-1 arrays can be converted to Python scalars");
    const k = x.dtype.kind;
    if (k === "f") return [Number(x.item()), x.dtype.id === "float32"];
    if (k === "i" || k === "u" || k === "b") return [Number(x.item()), false];
  }
  const what = x instanceof NDArray ? x.dtype.name : typeof x;
  throw new TypeError(`must be real number, not ${what === "string" ? "str" : what}`);
}

/**
 * Format one float in positional notation, as `np.format_float_positional`.
 * @example np.formatFloatPositional(0.1, { precision: 3, unique: false }) // '0.100'
 */
export function formatFloatPositional(x: FloatLike, opts: FormatFloatPositionalOptions = {}): string {
  const [v, f32] = floatOf(x);
  const precision = count(opts.precision, "precision");
  const padLeft = count(opts.padLeft, "pad_left");
  const padRight = count(opts.padRight, "pad_right");
  const minDigits = count(opts.minDigits, "min_digits");
  const fractional = opts.fractional ?? true;
  if (!fractional && precision === 0) throw new ValueError("precision must be greater than 0 if fractional=False");
  if (minDigits > 0 && precision > 0 && minDigits > precision) throw new ValueError("min_digits must be less than or equal to precision");
  return dragon4Positional(v, f32, {
    precision, minDigits, unique: opts.unique ?? true, fractional, trim: trimMode(opts.trim),
    sign: opts.sign ?? false, padLeft, padRight,
  });
}

/**
 * Format one float in scientific notation, as `np.format_float_scientific`.
 * @example np.formatFloatScientific(1234.5, { expDigits: 3 }) // '1.2345e+003'
 */
export function formatFloatScientific(x: FloatLike, opts: FormatFloatScientificOptions = {}): string {
  const [v, f32] = floatOf(x);
  const precision = count(opts.precision, "precision");
  const padLeft = count(opts.padLeft, "pad_left");
  const expDigits = count(opts.expDigits, "exp_digits");
  const minDigits = count(opts.minDigits, "min_digits");
  if (minDigits > 0 && precision > 0 && minDigits > precision) throw new ValueError("min_digits must be less than or equal to precision");
  return dragon4Scientific(v, f32, {
    precision, minDigits, unique: opts.unique ?? true, trim: trimMode(opts.trim),
    sign: opts.sign ?? false, padLeft, expDigits,
  });
}
