// Structured arrays to and from NumPy's packed record bytes: each record `itemsize` bytes,
// each field at its offset, padding bytes zero (what tobytes and .npy files hold).

import { ValueError } from "../../runtime/errors.js";
import { DType, dtype as toDType } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { arrayBytes, arrayFromBytes } from "../io/bytes.js";
import { isTuple, reprPy, reprStr, type PyValue } from "../io/pyliteral.js";
import { StructuredArray } from "./array.js";
import { subarrayDType } from "./dtype.js";

/** Bytes of each record of `a` in C order, laid out as NumPy lays out its dtype. */
export function structBytes(a: NDArray, order: "C" | "F" = "C"): Uint8Array {
  if (order === "F" && a.ndim > 1) a = a.transpose();
  const d = a.dtype, n = a.size, size = d.itemsize;
  const out = new Uint8Array(n * size);
  const s = a as StructuredArray;
  d.layout!.fields!.forEach((f, i) => {
    const col = s._cols[i];
    const b = col instanceof StructuredArray ? structBytes(col) : arrayBytes(col, "C");
    const w = f.dtype.itemsize;
    for (let j = 0; j < n; j++) out.set(b.subarray(j * w, (j + 1) * w), j * size + f.offset);
  });
  return out;
}

/** A structured array of `shape` over a copy of packed records in memory order `order`. */
export function structFromBytes(bytes: Uint8Array, d: DType, shape: readonly number[], order: "C" | "F" = "C"): NDArray {
  if (order === "F" && shape.length > 1) return structFromBytes(bytes, d, [...shape].reverse()).transpose();
  const n = shape.reduce((x, y) => x * y, 1), size = d.itemsize;
  const cols = d.layout!.fields!.map((f) => {
    const w = f.dtype.itemsize, sub = f.dtype.layout?.sub, base = sub ? sub.base : f.dtype;
    const buf = new Uint8Array(n * w);
    for (let j = 0; j < n; j++) buf.set(bytes.subarray(j * size + f.offset, j * size + f.offset + w), j * w);
    const full = [...shape, ...(sub?.shape ?? [])];
    return base.kind === "V" ? structFromBytes(buf, base, full) : arrayFromBytes(buf, { dtype: base, bigEndian: false }, full);
  });
  return new StructuredArray(d, shape, cols);
}

/** Big-endian words of a record to swap on load: [byte offset, width]. */
export type Swaps = [offset: number, width: number][];

/** One format of a descr as a native dtype, noting its big-endian words (at record offset `at`) in `swaps`. */
function descrFormat(descr: PyValue, swaps: Swaps, at: number): DType {
  if (Array.isArray(descr)) return descrFields(descr, swaps, at);
  if (typeof descr !== "string") throw new ValueError(`Cannot parse descr ${String(descr)}`);
  if (!/^>/.test(descr)) return toDType(descr);
  const t = toDType(`<${descr.slice(1)}`);
  const width = t.kind === "U" ? 4 : t.kind === "c" ? t.itemsize / 2 : t.itemsize;
  if (width > 1) for (let k = 0; k < t.itemsize / width; k++) swaps.push([at + k * width, width]);
  return t;
}

function descrFields(descr: readonly PyValue[], swaps: Swaps, at: number): DType {
  const names: string[] = [], formats: DType[] = [], offsets: number[] = [];
  let offset = 0;
  for (const field of descr) {
    const items = isTuple(field) ? field.tuple : Array.isArray(field) ? field : null;
    if (!items || items.length < 2 || typeof items[0] !== "string") throw new ValueError(`Cannot parse field ${reprPy(field)} of a descr`);
    const pad = typeof items[1] === "string" ? /^[|<>=]?V(\d+)$/.exec(items[1]) : null;
    if (items[0] === "" && pad && items.length === 2) { offset += Number(pad[1]); continue; }
    const s = items[2];
    const shape = items.length < 3 ? [] : typeof s === "number" ? [s] : s !== null && s !== undefined && isTuple(s) ? (s.tuple as number[]) : [];
    // the element's big-endian words repeat in every element of a sub-array
    const mine: Swaps = [];
    const base = descrFormat(items[1], mine, 0);
    const count = shape.reduce((x, y) => x * y, 1);
    for (let e = 0; e < count; e++) for (const [o, w] of mine) swaps.push([at + offset + e * base.itemsize + o, w]);
    const t = subarrayDType(base, shape);
    names.push(items[0]); formats.push(t); offsets.push(offset);
    offset += t.itemsize;
  }
  return toDType({ names, formats, offsets, itemsize: offset });
}

/**
 * NumPy's `descr_to_dtype` (numpy/lib/format.py) for a .npy header's list descr: padding
 * becomes offsets; big-endian fields load native, their words listed in `swaps`.
 */
export function descrToDType(descr: PyValue, swaps: Swaps = []): DType {
  return descrFormat(descr, swaps, 0);
}

/** Records with the listed big-endian words swapped to native order (a copy). */
export function swapRecords(bytes: Uint8Array, itemsize: number, swaps: Swaps): Uint8Array {
  const out = bytes.slice();
  for (let r = 0; r + itemsize <= out.length; r += itemsize) {
    for (const [o, w] of swaps) out.subarray(r + o, r + o + w).reverse();
  }
  return out;
}

/** Python's repr of `dt.descr` (what a .npy header holds for a structured dtype). */
export function reprDescr(descr: readonly unknown[]): string {
  const q = reprStr;
  const item = (f: unknown): string => {
    const [name, fmt, shape] = f as [string, string | unknown[], number[] | undefined];
    const t = Array.isArray(fmt) ? reprDescr(fmt) : q(fmt);
    return shape ? `(${q(name)}, ${t}, (${shape.join(", ")}${shape.length === 1 ? "," : ""}))` : `(${q(name)}, ${t})`;
  };
  return `[${descr.map(item).join(", ")}]`;
}
