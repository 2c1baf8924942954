// Structured arrays to and from NumPy's packed record bytes: each record `itemsize` bytes,
// each field at its offset, padding bytes zero (what tobytes and .npy files hold).

import { ValueError } from "../../runtime/errors.js";
import { DType, dtype as toDType } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { arrayBytes, arrayFromBytes } from "../io/bytes.js";
import { isTuple, reprStr, type PyValue } from "../io/pyliteral.js";
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

/** NumPy's `descr_to_dtype` (numpy/lib/format.py): a .npy header's list descr; padding becomes offsets. */
export function descrToDType(descr: PyValue): DType {
  if (typeof descr === "string") return toDType(descr);
  if (!Array.isArray(descr)) throw new ValueError(`Cannot parse descr ${String(descr)}`);
  const names: string[] = [], formats: DType[] = [], offsets: number[] = [];
  let offset = 0;
  for (const field of descr) {
    const items = isTuple(field) ? field.tuple : Array.isArray(field) ? field : null;
    if (!items || items.length < 2 || typeof items[0] !== "string") throw new ValueError(`Cannot parse field ${JSON.stringify(field)} of a descr`);
    const pad = typeof items[1] === "string" ? /^[|<>=]?V(\d+)$/.exec(items[1]) : null;
    if (items[0] === "" && pad && items.length === 2) { offset += Number(pad[1]); continue; }
    let t = descrToDType(items[1]);
    if (items.length === 3) {
      const s = items[2];
      const shape = typeof s === "number" ? [s] : s !== null && isTuple(s) ? (s.tuple as number[]) : [];
      t = subarrayDType(t, shape);
    }
    names.push(items[0]); formats.push(t); offsets.push(offset);
    offset += t.itemsize;
  }
  return toDType({ names, formats, offsets, itemsize: offset });
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
