// Fill values of masked arrays: NumPy's default_fill_value per dtype kind, the extremes
// min/max reductions fill with, and how a fill value is cast and printed.

import type { Scalar } from "../../compiler/ir.js";
import { DType, dt, iinfo } from "../dtype.js";
import { array } from "../creation.js";
import { formatScalar, type PrintKind } from "../print.js";
import { TypeError } from "../../runtime/errors.js";

/** A fill value with the dtype NumPy keeps it in (a default int is an int64 even for int8 data). */
export interface Fill { value: Scalar; dtype: DType }

/** NumPy's default_fill_value: 999999 for integers, 1e20 for floats, 'N/A' for strings, true for bool. */
export function defaultFill(d: DType): Fill {
  switch (d.kind) {
    case "b": return { value: true, dtype: dt("bool") };
    case "i": return { value: BigInt(999999), dtype: dt("int64") };
    case "u": return { value: BigInt(999999), dtype: dt("uint64") };
    case "f": return { value: 1e20, dtype: dt("float64") };
    case "c": return { value: { re: 1e20, im: 0 }, dtype: dt("complex128") };
    case "U": return { value: "N/A", dtype: dt("str", 3) };
    case "V": throw new TypeError("masked arrays of structured dtypes are not supported");
  }
}

/** A user's fill value forced to the array's dtype (NumPy's _check_fill_value). */
export function checkFill(value: Scalar, d: DType): Fill {
  if (typeof value === "string" && d.kind !== "U") throw new TypeError(`Cannot set fill value of string with array of dtype ${String(d)}`);
  const fail = () => new TypeError(`Cannot convert fill_value ${pyValueStr(value)} to dtype ${String(d)}`);
  if (d.isInteger && (typeof value === "number" || typeof value === "bigint")) {
    // NumPy refuses values the integer type cannot hold (it would wrap them)
    if (typeof value === "number" && !Number.isFinite(value)) throw fail();
    const x = typeof value === "bigint" ? value : BigInt(Math.trunc(value));
    const { min, max } = iinfo(d);
    if (x < BigInt(min) || x > BigInt(max)) throw fail();
  }
  try {
    return { value: (array([value], { dtype: d }).tolist() as Scalar[])[0], dtype: d };
  } catch {
    throw fail();
  }
}

/** Python's str() of a fill value as a user would have written it (1e20 is a float there). */
function pyValueStr(v: Scalar): string {
  if (typeof v === "number" && (!Number.isInteger(v) || Math.abs(v) >= 1e16)) return scalarStr(v, dt("float64"));
  return String(v);
}

/** The fill value as the array's dtype holds it (a default int64 999999 wraps in int8, as NumPy's copyto does). */
export function fillAs(f: Fill, d: DType): Scalar {
  if (f.dtype.equals(d)) return f.value;
  return (array([f.value], { dtype: f.dtype }).astype(d).tolist() as Scalar[])[0];
}

/** What min() fills masked places with: the largest value of the dtype (NumPy's minimum_fill_value). */
export function minimumFill(d: DType): Scalar {
  if (d.kind === "f") return Infinity;
  if (d.kind === "c") return { re: Infinity, im: Infinity };
  if (d.kind === "b") return true;
  if (d.kind === "U") throw new TypeError(`Unsuitable type ${String(d)} for calculating minimum.`);
  return iinfo(d).max as Scalar;
}

/** What max() fills masked places with: the smallest value of the dtype (NumPy's maximum_fill_value). */
export function maximumFill(d: DType): Scalar {
  if (d.kind === "f") return -Infinity;
  if (d.kind === "c") return { re: -Infinity, im: -Infinity };
  if (d.kind === "b") return false;
  if (d.kind === "U") throw new TypeError(`Unsuitable type ${String(d)} for calculating maximum.`);
  return iinfo(d).min as Scalar;
}

/** Python's repr of a str (quotes chosen as Python chooses them). */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127) out += "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
    else out += ch;
  }
  return q + out + q;
}

/** str() of one element of dtype `d` as a NumPy scalar (and, for a Python-object array, its repr). */
export function scalarStr(v: unknown, d: DType): string {
  return formatScalar(v as never, d.kind as PrintKind, d.itemsize);
}

/** How repr(masked_array) shows fill_value: str() of the scalar when its dtype is the array's, else its repr. */
export function fillRepr(f: Fill, d: DType): string {
  if (f.dtype.kind === "U" && d.kind === "U") return pyStrRepr(String(f.value));
  if (f.dtype.equals(d)) return scalarStr(f.value, f.dtype);
  if (f.dtype.kind === "b") return f.value ? "np.True_" : "np.False_";
  if (f.dtype.kind === "U") return `np.str_(${pyStrRepr(String(f.value))})`;
  let s = scalarStr(f.value, f.dtype);
  if (f.dtype.kind === "c" && s.startsWith("(")) s = s.slice(1, -1);
  return `np.${f.dtype.name}(${s})`;
}
