// `numfuse eval "<expr>" name=file.npy ... [-o out.npy]`: np.evaluate over .npy files.
// Inputs are mapped (np.load's mmapMode), so files larger than a chunk stay on disk. With
// -o the result is a .npy memmap written chunk by chunk along its first axis: each chunk
// slices the inputs (reading just those rows), evaluates the fused expression on them and
// writes its rows, so memory stays at a few chunks whatever the files' size.

import { existsSync } from "node:fs";
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

/** The variables of name=value words: numbers as scalars, .npy files mapped. */
async function variables(words: string[]): Promise<Map<string, Value>> {
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
  }
  return vars;
}

/** The rows [r0, r1) of the operands that run along the result's first axis; the others whole (they broadcast). */
function rowsOf(vars: Map<string, Value>, shape: readonly number[], r0: number, r1: number): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of vars) out[k] = typeof v !== "number" && v.ndim === shape.length && v.shape[0] === shape[0] ? v.get(`${r0}:${r1}`) : v;
  return out;
}

/** Runs `numfuse eval`; prints the result's repr through `print` when there is no -o. */
export async function evalCommand(args: EvalArgs, print: (line: string) => void): Promise<void> {
  const evaluate = np.evaluate;
  const chunkBytes = Math.max(1, Math.round((args.chunkMB ?? DEFAULT_CHUNK_MB) * 2 ** 20));
  // operands larger than a chunk stay in their files; chunks read their rows
  np.config({ memmapBudget: chunkBytes });
  if (args.threads !== undefined) np.setNumThreads(args.threads);
  const vars = await variables(args.vars);
  const all = Object.fromEntries(vars);

  if (args.out === undefined) {
    print(evaluate(args.expr, all).repr());
    return;
  }
  const arrays = [...vars.values()].filter((v): v is np.NDArray => typeof v !== "number");
  const shape = np.broadcastShapes(...arrays.map((a) => a.shape));
  const chunked = shape.length > 0 && !REDUCTION.test(args.expr);
  // the result's dtype (and the expression's errors) from its first row, before the output file exists
  const probe = evaluate(args.expr, chunked ? rowsOf(vars, shape, 0, Math.min(1, shape[0])) : all);
  const outShape = chunked ? shape : probe.shape;
  const out = await np.openMemmap(args.out, { mode: "w+", dtype: probe.dtype, shape: outShape });
  if (!chunked) {
    out.set("...", evaluate(args.expr, all));
    await out.flush();
    return;
  }
  // rows per chunk: a chunk of the widest operand (or of the output) is about chunkBytes
  const rowBytes = Math.max(out.itemsize, ...arrays.filter((a) => a.ndim === shape.length && a.shape[0] === shape[0]).map((a) => a.itemsize))
    * shape.slice(1).reduce((x, y) => x * y, 1);
  const rows = Math.max(1, Math.floor(chunkBytes / Math.max(rowBytes, 1)));
  const progress = new Progress(out.nbytes, bytesText, !args.quiet && shape[0] > rows);
  for (let r0 = 0; r0 < shape[0]; r0 += rows) {
    const r1 = Math.min(shape[0], r0 + rows);
    out.set(`${r0}:${r1}`, evaluate(args.expr, rowsOf(vars, shape, r0, r1)));
    progress.update((r1 / shape[0]) * out.nbytes);
  }
  await out.flush();
  progress.done();
}
