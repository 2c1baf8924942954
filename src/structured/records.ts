// Structured arrays from JS values: records are JS arrays (one value per field, nested for
// nested fields) or objects keyed by field name. JS has no tuples, so an array is a record
// when its items fit the fields and a dimension otherwise.

import { TypeError, ValueError } from "../../runtime/errors.js";
import { DType, isComplexValue } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { array as plainArray, filled as plainFilled } from "../creation.js";
import { StructuredArray, colType, copyAny, fieldsOf, subShape } from "./array.js";
import type { Field } from "./dtype.js";

/** True when `x` is one record of dtype `d`: a JS array (or object keyed by name) matching its fields. */
function isRecord(x: unknown, d: DType): boolean {
  const fs = fieldsOf(d);
  if (x instanceof NDArray) return false;
  if (Array.isArray(x)) return x.length === fs.length && fs.every((f, i) => fitsField(x[i], f));
  return typeof x === "object" && x !== null && !isComplexValue(x) && !ArrayBuffer.isView(x) && fs.every((f) => f.name in x);
}

/** A JS value that fills one element (not a record, not a list). */
export const isScalar = (v: unknown): boolean => v === null || v === undefined || ["number", "bigint", "boolean", "string"].includes(typeof v) || isComplexValue(v);

function fitsField(v: unknown, f: Field): boolean {
  if (v instanceof NDArray) v = v.tolist();
  const sub = subShape(f), t = colType(f);
  if (sub.length === 0) return t.kind === "V" ? isRecord(v, t) : isScalar(v);
  let probe: unknown = v;
  for (const n of sub) {
    if (t.kind !== "V" && isScalar(probe)) return true; // a scalar broadcasts over the sub-array, as in NumPy
    if (!Array.isArray(probe) || probe.length !== n) return false;
    probe = probe[0];
  }
  return t.kind === "V" ? isRecord(probe, t) : isScalar(probe);
}

/** `np.array(records, { dtype })` of a structured dtype: records are JS arrays (nested for nested fields). */
export function structuredArray(object: unknown, d: DType): NDArray {
  if (object instanceof StructuredArray) {
    if (!object.dtype.equals(d)) throw new TypeError(`Cannot cast array data from ${object.dtype.toString()} to ${d.toString()} according to the rule 'unsafe'`);
    return copyAny(object);
  }
  if (object instanceof NDArray) throw new TypeError(`Cannot cast array data from dtype('${object.dtype}') to dtype(${d.toString()}) according to the rule 'unsafe'`);
  const shape: number[] = [];
  let probe: unknown = object;
  const n = fieldsOf(d).length;
  // JS has no tuples: an array is a record when its items fit the fields, a dimension otherwise
  const badRecord = (x: unknown): boolean => Array.isArray(x) && x.length > 0 && x.every(isScalar) && !isRecord(x, d);
  const tupleError = (x: unknown[]) => new ValueError(`could not assign tuple of length ${x.length} to structure with ${n} fields.`);
  while (!isScalar(probe) && !isRecord(probe, d)) {
    if (!Array.isArray(probe)) throw new TypeError(`a structured array's records are JS arrays of ${n} values (one per field), not ${typeof probe}`);
    if (badRecord(probe)) throw tupleError(probe);
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const records: unknown[] = [];
  const walk = (x: unknown, depth: number) => {
    if (depth === shape.length) {
      if (badRecord(x)) throw tupleError(x as unknown[]);
      // a scalar fills every field of its record, as NumPy assigns one
      if (!isScalar(x) && !isRecord(x, d)) throw new ValueError(`setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions.`);
      records.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) throw new ValueError(`setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions.`);
    for (const y of x) walk(y, depth + 1);
  };
  walk(object, 0);
  return fromRecords(records, shape, d);
}

function fromRecords(records: readonly unknown[], shape: readonly number[], d: DType): NDArray {
  const cols = fieldsOf(d).map((f, i) => {
    const vals = records.map((r) => {
      const v = isScalar(r) ? r : Array.isArray(r) ? r[i] : (r as Record<string, unknown>)[f.name];
      return v instanceof NDArray ? v.tolist() : v;
    });
    const sub = subShape(f), t = colType(f), full = [...shape, ...sub];
    if (t.kind === "V") {
      const flat: unknown[] = [];
      const spread = (v: unknown, k: number) => { if (k === sub.length) flat.push(v); else for (let j = 0; j < sub[k]; j++) spread(Array.isArray(v) ? v[j] : v, k + 1); };
      vals.forEach((v) => spread(v, 0));
      return fromRecords(flat, full, t);
    }
    const col = plainArray(sub.length ? vals.map((v) => (Array.isArray(v) ? v : plainFilled(sub, v as never, t).tolist())) : vals, { dtype: t });
    return col.reshape(full);
  });
  return new StructuredArray(d, shape, cols);
}

/** `np.zeros/ones/full(shape, { dtype })` of a structured dtype: every field filled with `value`. */
export function structuredFilled(shape: readonly number[], value: unknown, d: DType): NDArray {
  const cols = fieldsOf(d).map((f) => {
    const t = colType(f), full = [...shape, ...subShape(f)];
    return t.kind === "V" ? structuredFilled(full, value, t) : plainFilled(full, (t.kind === "U" ? (value === 0 ? "" : String(value)) : value) as never, t);
  });
  return new StructuredArray(d, shape, cols);
}

/** A value for `set`/comparison as a structured array of dtype `d`. */
export function asStructured(v: unknown, d: DType): StructuredArray {
  if (v instanceof StructuredArray) {
    if (!v.dtype.equals(d)) throw new TypeError(`Cannot cast array data from ${v.dtype.toString()} to ${d.toString()} according to the rule 'unsafe'`);
    return v;
  }
  return structuredArray(v, d) as StructuredArray;
}
