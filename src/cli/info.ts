// `numfuse info <file.npy|file.npz> [--full]`: what a NumPy file holds (header fields as
// stored) and NumPy's repr of it, reading only the elements the repr shows.

import { statSync } from "node:fs";
import * as np from "../index.js";
import { setPrintoptions } from "../print.js";
import { HEADER_READ, parseHeader, type NpyHeader } from "./header.js";
import { fileHead, isZip, npzMembers, type NpzMember } from "./npz.js";
import { reprOf } from "./preview.js";
import { UserError, errorLine } from "./failure.js";

/** Memory a previewed file may take before it stays on disk and only its shown elements are read. */
const PREVIEW_BUDGET = 16 * 2 ** 20;

const tuple = (s: readonly number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);
const ORDER_NAMES = { "<": "little-endian", ">": "big-endian", "|": "not applicable" } as const;

/** The header's fields, one per line. */
function fields(h: NpyHeader, container: string): string[] {
  const count = h.shape.reduce((x, y) => x * y, 1);
  const rows: [string, string][] = [
    ["format", `${container} version ${h.version}, header ${h.dataOffset} bytes`],
    ["dtype", `${h.descr} (${h.name})${h.fields ? ` ${h.fields}` : ""}`],
    ["shape", tuple(h.shape)],
    ["order", h.fortran ? "F" : "C"],
    ["byte order", ORDER_NAMES[h.byteorder]],
    ["nbytes", String(count * h.itemsize)],
  ];
  return rows.map(([k, v]) => `${(k + ":").padEnd(12)}${v}`);
}

/** The repr of an array np.load could give, or why there is none. */
async function preview(h: NpyHeader, load: () => Promise<np.NDArray>): Promise<string> {
  let a: np.NDArray;
  try { a = await load(); } catch (err) { return `(no preview: ${errorLine(err)})`; }
  // records print through the library's own repr, whole: only small ones
  if (h.fields) return a.size <= 1000 ? a.repr() : "(no preview: records are previewed up to 1000 of them)";
  const text = reprOf(a, h);
  // numfuse has no float16: np.load widens it, and the preview shows that
  if (h.descr.endsWith("f2")) return `${text}\n(float16 shown as the float32 numfuse loads it as)`;
  return text;
}

/** Fails when the file is shorter than its header says. */
function checkLength(h: NpyHeader, available: number, what: string): void {
  const need = h.shape.reduce((x, y) => x * y, 1) * h.itemsize;
  if (available < need) throw new UserError(`${what}: truncated: the header announces ${need} bytes of data, ${Math.max(available, 0)} follow it`);
}

async function infoNpy(path: string, head: Uint8Array): Promise<string[]> {
  const h = parseHeader(head, path);
  checkLength(h, statSync(path).size - h.dataOffset, path);
  const load = async () => (await np.load(path, { mmapMode: "r" })) as np.NDArray;
  return [path, ...fields(h, ".npy"), await preview(h, load)];
}

/** Can the member's elements be mapped in place (stored, native, a type np.memmap takes)? */
const mappable = (m: NpzMember, h: NpyHeader) => m.method === 0 && h.byteorder !== ">" && /^[bifcu]$/.test(h.descr[1]) && !h.descr.endsWith("f2");

async function infoNpz(path: string): Promise<string[]> {
  const members = npzMembers(path);
  const out = [`${path}: .npz archive, ${members.length} member${members.length === 1 ? "" : "s"}`];
  let archive: np.NpzFile | null = null;
  for (const m of members) {
    out.push("", `[${m.name}]${m.method === 8 ? " (deflated)" : ""}`);
    const h = parseHeader(m.head, `${path}[${m.name}]`);
    checkLength(h, m.usize - h.dataOffset, `${path}[${m.name}]`);
    const key = m.name.replace(/\.npy$/, "");
    const load = async (): Promise<np.NDArray> => {
      if (mappable(m, h)) return np.memmap(path, { dtype: h.descr, mode: "r", offset: m.dataStart + h.dataOffset, shape: h.shape, order: h.fortran ? "F" : "C" });
      archive ??= (await np.load(path)) as np.NpzFile;
      return archive.get(key) as np.NDArray;
    };
    out.push(...fields(h, ".npy"), await preview(h, load));
  }
  return out;
}

/** Runs `numfuse info`; returns the lines for stdout. */
export async function info(path: string, full: boolean): Promise<string[]> {
  np.config({ memmapBudget: PREVIEW_BUDGET });
  if (full) setPrintoptions({ threshold: Number.MAX_SAFE_INTEGER });
  if (statSync(path).isDirectory()) throw new UserError(`${path}: Is a directory`);
  const head = fileHead(path, HEADER_READ);
  if (head.length === 0) throw new UserError(`${path}: empty file`);
  return isZip(head) ? infoNpz(path) : infoNpy(path, head);
}
