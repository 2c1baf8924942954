// Basic indexing: integers, slices, "...", newaxis, and one-string indexes, as views.

import { newNodeId, type AxisView } from "../compiler/ir.js";
import { IndexError, TypeError, ValueError, msg } from "../runtime/errors.js";
import { NDArray } from "./ndarray.js";

/** A slice, as `np.slice(start, stop, step)` builds it (null: the default). */
export class Slice {
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {
    if (step === 0) throw new ValueError("slice step cannot be zero");
  }
  /** Python's slice.indices(len): the concrete start, step and count. */
  indices(len: number): { start: number; step: number; count: number } {
    const step = this.step ?? 1;
    const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
      if (v === null) return dflt;
      if (v < 0) v += len;
      return Math.min(Math.max(v, lo), hi);
    };
    const start = step > 0 ? clamp(this.start, 0, 0, len) : clamp(this.start, len - 1, -1, len - 1);
    const stop = step > 0 ? clamp(this.stop, len, 0, len) : clamp(this.stop, -1, -1, len - 1);
    const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, count };
  }
  toString(): string { return `slice(${this.start}, ${this.stop}, ${this.step})`; }
}

/** `np.slice(start, stop, step)`. Example: `a.get([np.slice(null, null, -1)])`. */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

export const ELLIPSIS = "...";
export type IndexItem = number | string | null | Slice | NDArray | readonly unknown[];
export type Index = IndexItem | readonly IndexItem[];

function parseInt_(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new IndexError(`only integers, slices (\`:\`), ellipsis (\`...\`), numpy.newaxis (\`None\`) and integer or boolean arrays are valid indices`);
  return Number(s);
}

/** Parses one index string item: "1:4", "::-1", "...", "None", "3". */
function parseItem(s: string): IndexItem {
  s = s.trim();
  if (s === "..." || s === "Ellipsis") return ELLIPSIS;
  if (s === "None" || s === "newaxis") return null;
  if (s.includes(":")) {
    const parts = s.split(":");
    if (parts.length > 3) throw new IndexError(`invalid slice '${s}'`);
    const num = (p: string | undefined) => (p === undefined || p.trim() === "" ? null : parseInt_(p.trim()));
    return new Slice(num(parts[0]), num(parts[1]), num(parts[2]));
  }
  return parseInt_(s);
}

/** Normalizes an index argument to a list of items (strings split on commas). */
export function normalizeIndex(index: Index): IndexItem[] {
  const list: IndexItem[] = Array.isArray(index) && !isIndexArray(index) ? [...(index as IndexItem[])] : [index as IndexItem];
  const out: IndexItem[] = [];
  for (const it of list) {
    if (typeof it === "string") for (const part of it.split(",")) out.push(parseItem(part));
    else out.push(it);
  }
  return out;
}

/** A nested list of numbers/booleans used as an index (advanced), as opposed to a tuple of items. */
function isIndexArray(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "boolean") ;
}

export const isBasic = (items: readonly IndexItem[]) =>
  items.every((it) => it === null || typeof it === "number" || typeof it === "string" || it instanceof Slice);

/** The view basic indexing selects (items already normalized, all basic). */
export function basicView(shape: readonly number[], items: readonly IndexItem[]): AxisView {
  const consumed = items.filter((it) => it !== null && it !== ELLIPSIS).length;
  const ellipses = items.filter((it) => it === ELLIPSIS).length;
  if (ellipses > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  if (consumed > shape.length) throw new IndexError(msg.tooManyIndices(shape.length, consumed));
  const outShape: number[] = [], axis: number[] = [], step: number[] = [];
  const start = shape.map(() => 0);
  let k = 0;
  const full = () => { outShape.push(shape[k]); axis.push(k); step.push(1); k++; };
  for (const it of items) {
    if (it === ELLIPSIS) { const n = shape.length - consumed; for (let i = 0; i < n; i++) full(); continue; }
    if (it === null) { outShape.push(1); axis.push(-1); step.push(0); continue; }
    if (typeof it === "number") {
      if (!Number.isInteger(it)) throw new IndexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices");
      const n = shape[k];
      if (it < -n || it >= n) throw new IndexError(msg.index(it, k, n));
      start[k] = it < 0 ? it + n : it;
      k++;
      continue;
    }
    if (it instanceof Slice) {
      const { start: s0, step: st, count } = it.indices(shape[k]);
      outShape.push(count); axis.push(k); step.push(st);
      start[k] = count > 0 ? s0 : 0;
      k++;
      continue;
    }
    throw new TypeError(`invalid index ${String(it)}`);
  }
  while (k < shape.length) full();
  return { shape: outShape, axis, step, start };
}

export { newNodeId };
