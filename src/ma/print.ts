// str() and repr() of masked arrays, byte for byte NumPy's (numpy/ma/core.py __str__,
// __repr__, _insert_masked_print): with a mask, NumPy prints an object array whose
// elements are the Python values (so floats print as repr(float): `1.0`) and `--` where
// masked, unpadded; without one, the data prints as a plain array.

import { NDArray, evaluate } from "../ndarray.js";
import { take } from "../select.js";
import { DType, dtype } from "../dtype.js";
import { flatValues } from "../creation.js";
import { array2string as arrayToString } from "../methods.js";
import { array2string, type Printable } from "../print.js";
import { fillRepr, pyStrRepr, scalarStr } from "./fill.js";
import type { MaskedArray } from "./core.js";

const MASKED_PRINT = "--";
const DOUBLE = dtype("float64"), CDOUBLE = dtype("complex128");
// NumPy cuts arrays wider than this along an axis to their corners before printing
const PRINT_WIDTH = 100, PRINT_WIDTH_1D = 1500;

/** Python's repr() of the object an element becomes in an object array. */
function objectRepr(v: unknown, d: DType): string {
  if (d.kind === "U") return pyStrRepr(String(v));
  // astype(object) makes Python floats and complexes: doubles, whatever the dtype
  if (d.kind === "f") return scalarStr(v, DOUBLE);
  if (d.kind === "c") return scalarStr(v, CDOUBLE);
  return scalarStr(v, d);
}

/** The masked array as NumPy's object array of element reprs and `--`, corners only when wide. */
function maskedPrintable(a: MaskedArray, mask: NDArray): Printable {
  const width = a.ndim > 1 ? PRINT_WIDTH : PRINT_WIDTH_1D;
  let data = a._data;
  a.shape.forEach((n, axis) => {
    if (n <= width) return;
    const half = Math.floor(width / 2);
    const idx = Array.from({ length: 2 * half }, (_, i) => (i < half ? i : n - 2 * half + i));
    data = take(data, idx, axis);
    mask = take(mask, idx, axis);
  });
  // only the corners are read (and computed), however large the array
  evaluate([data, mask]);
  const values = flatValues(data), masks = flatValues(mask);
  const d = a.dtype;
  return {
    shape: data.shape, dtypeName: "object", kind: "U", itemsize: 8,
    at: (j: number): string => (masks[j] ? MASKED_PRINT : objectRepr(values[j], d)),
  };
}

const IDENTITY = { numpystr: (x: string) => x };

/** str(m): `[1 -- 3]`. */
export function maskStr(a: MaskedArray): string {
  if (a._isMaskedConstant) return MASKED_PRINT;
  const mask = a._resolvedMask();
  if (!mask) return a._data.toString();
  if (a.ndim === 0) {
    if (mask.item()) return MASKED_PRINT;
    const v = a._data.item();
    return a.dtype.kind === "U" ? String(v) : objectRepr(v, a.dtype);
  }
  return array2string(maskedPrintable(a, mask), { formatter: IDENTITY });
}

const IMPLIED = new Set(["int64", "float64", "complex128", "bool"]);
const dtypeShortRepr = (d: DType): string => {
  const name = d.kind === "U" ? d.str : d.name;
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? name : pyStrRepr(name);
};

/** The data as repr shows it (after `prefix`, before `suffix`). */
function dataString(a: MaskedArray, mask: NDArray | null, prefix: string, suffix: string): string {
  if (!mask) return arrayToString(a._data, { separator: ", ", prefix, suffix });
  return array2string(maskedPrintable(a, mask), { separator: ", ", prefix, suffix, formatter: IDENTITY });
}

/** repr(m): `masked_array(data=[1, --, 3],\n             mask=[False,  True, False],\n       fill_value=999999)`. */
export function maskRepr(a: MaskedArray): string {
  if (a._isMaskedConstant) return "masked";
  const mask = a._resolvedMask();
  const dtypeNeeded = !IMPLIED.has(a.dtype.id) || (mask !== null && (mask.all().item() as boolean)) || a.size === 0;
  const keys = ["data", "mask", "fill_value"];
  if (dtypeNeeded) keys.push("dtype");
  const oneRow = a.shape.slice(0, -1).every((n) => n === 1);
  let prefix = "masked_array(";
  const indents: Record<string, string> = {};
  if (oneRow) {
    indents.data = prefix;
    for (const k of keys.slice(1)) indents[k] = " ".repeat(Math.max(2, (prefix + "data").length - k.length));
    prefix = "";
  } else {
    for (const k of keys) indents[k] = "  ";
    prefix += "\n";
  }
  const reprs: Record<string, string> = {};
  reprs.data = dataString(a, mask, indents.data + "data=", ",");
  reprs.mask = mask ? arrayToString(mask, { separator: ", ", prefix: indents.mask + "mask=", suffix: "," }) : "False";
  reprs.fill_value = fillRepr(a._fillRecord(), a.dtype);
  if (dtypeNeeded) reprs.dtype = dtypeShortRepr(a.dtype);
  return prefix + keys.map((k) => `${indents[k]}${k}=${reprs[k]}`).join(",\n") + ")";
}
