// NumPy's repr of an array in a file, reading only the elements the repr shows: numfuse's
// printer (src/print.ts, which imports nothing, so the CLI bundles its own copy without any
// of the library's state) is handed an accessor that answers for those elements alone. A
// 10 GB file previews as fast as a small one when np.load maps it.

import * as np from "../index.js";
import { arrayRepr, getPrintoptions, type PrintKind, type PrintValue } from "../print.js";
import type { NpyHeader } from "./header.js";

/** The indices NumPy shows along an axis of length n (all, or the edges when summarizing). */
function shownIndices(n: number, summarize: boolean, edge: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  return summarize && n > 2 * edge ? [...all.slice(0, edge), ...all.slice(n - edge)] : all;
}

/** Maximal runs of consecutive indices: [start, stop) pairs. */
function runsOf(ix: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of ix) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1; else runs.push([i, i + 1]);
  }
  return runs;
}

/** Every combination of one index per list (the first list varying slowest). */
function* product(lists: number[][]): Generator<number[]> {
  if (lists.length === 0) { yield []; return; }
  const [head, ...rest] = lists;
  for (const i of head) for (const tail of product(rest)) yield [i, ...tail];
}

/** The element values the repr of `a` shows, by C-order flat index; reads run along `runAxis` (the one contiguous in the file). */
function shownValues(a: np.NDArray, runAxis: number): Map<number, PrintValue> {
  const values = new Map<number, PrintValue>();
  const shape = a.shape, nd = shape.length, size = a.size;
  if (size === 0) return values;
  if (nd === 0) { values.set(0, a.tolist() as PrintValue); return values; }
  const { threshold, edgeitems } = getPrintoptions();
  const summarize = size > threshold;
  const shown = shape.map((n) => shownIndices(n, summarize, edgeitems));
  const cstrides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  const others = shown.map((ix, d) => (d === runAxis ? [0] : ix));
  for (const at of product(others)) {
    for (const [r0, r1] of runsOf(shown[runAxis])) {
      const index = at.map((i, d) => (d === runAxis ? `${r0}:${r1}` : String(i))).join(", ");
      const row = a.get(index).tolist() as PrintValue[];
      row.forEach((v, k) => {
        const flat = at.reduce((s, i, d) => s + (d === runAxis ? (r0 + k) : i) * cstrides[d], 0);
        values.set(flat, v);
      });
    }
  }
  return values;
}

const KINDS: Record<string, PrintKind> = { b: "b", i: "i", u: "u", f: "f", c: "c", U: "U", S: "U" };

/**
 * NumPy's `repr` of the array a file holds: `a` is the array np.load gave (native, maybe a
 * memmap), `h` the header as stored (a big-endian string dtype shows as '>U5').
 */
export function reprOf(a: np.NDArray, h: NpyHeader): string {
  const kindChar = h.descr.replace(/^[<>|=]/, "")[0];
  const kind = KINDS[kindChar] ?? (a.dtype.kind as PrintKind);
  const values = shownValues(a, h.fortran ? 0 : a.ndim - 1);
  // np.load gives byte strings ('S') as str: they print as Python's bytes literals again
  const opts = kindChar === "S" ? { formatter: { numpystr: bytesRepr } } : undefined;
  return arrayRepr({
    shape: a.shape,
    // NumPy 1.24 names a numeric dtype by its name whatever its byte order, strings by their str
    dtypeName: kind === "U" ? h.descr : String(a.dtype),
    kind,
    itemsize: a.dtype.itemsize,
    at: (j) => {
      const v = values.get(j);
      if (v === undefined) throw new Error(`element ${j} was not read for the preview`);
      return v;
    },
  }, opts);
}

/** Python's repr of bytes, from the str numfuse loaded them as (one character a byte): b'ab', b"it's", b'\x00'. */
function bytesRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "b" + quote;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}
