// `numfuse eval "<expr>" name=file.npy ... [-o out.npy]`: np.evaluate over .npy files.
// Inputs are mapped (np.load's mmapMode), so files larger than a chunk stay on disk. With
// -o the result is a .npy memmap; over the budget (--chunk-mb) np.memmap's out-of-core
// writer evaluates the fused expression chunk by chunk, reading just the rows each chunk
// needs, so memory stays at a few chunks whatever the files' size.

import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import * as np from "../index.js";
import { Progress, bytesText } from "./progress.js";
import { UsageError, UserError } from "./failure.js";

export interface EvalArgs {
  expr: string;
  /** name=value words. */
  vars: string[];
  out?: string;
  threads?: number;
  chunkMB?: number;
  quiet: boolean;
}

type Value = np.NDArray | number;

const DEFAULT_CHUNK_MB = 64;
// numexpr's reductions act on the whole array: an expression holding one is not cut into chunks
const REDUCTION = /\b(sum|prod|min|max)\s*\(/;

/** A number as the command line writes it: 3, -2.5, 1e-3, nan, inf, -inf. */
function numberOf(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^[+-]?inf(inity)?$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (t === "nan") return NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : null;
}

/** The variables of name=value words: numbers as scalars, .npy files mapped (their paths into `files`). */
async function variables(words: string[], files: Map<string, string>): Promise<Map<string, Value>> {
  const vars = new Map<string, Value>();
  for (const w of words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(w);
    if (!m) throw new UsageError(`'${w}' is not name=file.npy or name=number`);
    const [, name, value] = m;
    if (vars.has(name)) throw new UsageError(`variable '${name}' is given twice`);
    const n = numberOf(value);
    if (n !== null && !existsSync(value)) { vars.set(name, n); continue; }
    const a = await np.load(value, { mmapMode: "r" });
    if (!(a instanceof np.NDArray)) throw new UserError(`${value}: an .npz archive; eval takes .npy files`);
    vars.set(name, a);
    files.set(name, value);
  }
  return vars;
}

/** The rows [r0, r1) of the operands that run along the result's first axis; the others whole (they broadcast). */
function rowsOf(vars: Map<string, Value>, shape: readonly number[], r0: number, r1: number): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of vars) out[k] = typeof v !== "number" && v.ndim === shape.length && v.shape[0] === shape[0] ? v.get(`${r0}:${r1}`) : v;
  return out;
}

/**
 * The budget np.memmap's writer is given while it streams into `out`. It cuts chunks of the
 * output at most 8 MiB (an eighth of its budget) and holds each operand on disk for the same
 * elements, wider ones in more bytes, within the budget: an output narrower than its operands
 * (a bool from float64s) needs more than the user's chunk size, or it could not run at all.
 */
function writeBudget(out: np.NDArray, disk: np.NDArray[], chunkBytes: number): number {
  const chunk = 8 * 2 ** 20;
  const need = chunk * (1 + disk.reduce((s, a) => s + a.itemsize / out.itemsize, 0));
  return Math.max(chunkBytes, 8 * chunk + 1, Math.ceil(need) + 1);
}

/** Runs `numfuse eval`; prints the result's repr through `print` when there is no -o. */
export async function evalCommand(args: EvalArgs, print: (line: string) => void): Promise<void> {
  const chunkBytes = Math.max(1, Math.round((args.chunkMB ?? DEFAULT_CHUNK_MB) * 2 ** 20));
  // operands larger than this stay in their files and stream
  np.config({ memmapBudget: chunkBytes });
  if (args.threads !== undefined) np.setNumThreads(args.threads);
  const files = new Map<string, string>();
  const vars = await variables(args.vars, files);
  const arrays = [...vars.values()].filter((v): v is np.NDArray => typeof v !== "number");
  const onDisk = (a: np.NDArray) => a.nbytes > chunkBytes;
  if (args.out === undefined) {
    if (arrays.some(onDisk)) throw new UserError(`an operand is larger than --chunk-mb (${bytesText(chunkBytes)}): write the result to a file with -o, or raise --chunk-mb`);
    print(np.evaluate(args.expr, Object.fromEntries(vars)).repr());
    return;
  }
  const target = resolve(args.out);
  if ([...files.values()].some((f) => resolve(f) === target)) throw new UserError(`${args.out}: is also an input (-o would overwrite it before it is read)`);

  const shape = np.broadcastShapes(...arrays.map((a) => a.shape));
  const chunked = shape.length > 0 && !REDUCTION.test(args.expr);
  // the result's dtype (and the expression's errors) from its first row, before the output file exists
  const probe = np.evaluate(args.expr, chunked ? rowsOf(vars, shape, 0, Math.min(1, shape[0])) : Object.fromEntries(vars));
  const outShape = chunked ? shape : probe.shape;
  // an expression reading operands on disk streams only into an output on disk
  const outOnDisk = arrays.some(onDisk) || probe.itemsize * outShape.reduce((x, y) => x * y, 1) > chunkBytes;
  if (outOnDisk) np.config({ memmapBudget: 0 });
  const out = await np.openMemmap(args.out, { mode: "w+", dtype: probe.dtype, shape: outShape });
  np.config({ memmapBudget: chunkBytes });
  try {
    // np.memmap streams an expression into a memmap on disk chunk by chunk, reusing its chunk
    // buffers; the run is cut into blocks only to report progress. A block spans more than the
    // budget of every operand on disk, so their slices stay in their files too.
    const rowBytes = (a: np.NDArray) => a.nbytes / Math.max(a.shape[0], 1);
    const sliced = chunked ? [...(outOnDisk ? [out] : []), ...arrays.filter((a) => a.ndim === shape.length && a.shape[0] === shape[0] && onDisk(a))] : [];
    const n = chunked ? shape[0] : 1;
    const rows = sliced.length ? Math.max(Math.ceil((2 * chunkBytes) / Math.min(...sliced.map(rowBytes))), Math.ceil(n / 100)) : n;
    const progress = new Progress(out.nbytes, bytesText, !args.quiet && n > rows);
    for (let r0 = 0; r0 < n; r0 += rows) {
      const r1 = Math.min(n, r0 + rows), whole = r0 === 0 && r1 === n;
      const value = np.evaluate(args.expr, whole ? Object.fromEntries(vars) : rowsOf(vars, shape, r0, r1));
      np.config({ memmapBudget: writeBudget(out, arrays.filter(onDisk), chunkBytes) });
      out.set(whole ? "..." : `${r0}:${r1}`, value);
      np.config({ memmapBudget: chunkBytes });
      progress.update((r1 / n) * out.nbytes);
    }
    await out.flush();
    progress.done();
  } catch (err) {
    rmSync(args.out, { force: true }); // no half-written result is left behind
    throw err;
  }
}
