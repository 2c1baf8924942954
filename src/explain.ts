// explain(): what evaluating arrays will run, and why it was grouped that way.

import { schedule } from "../compiler/schedule.js";
import type { NDArray } from "./ndarray.js";

/** What an array's making took that its graph cannot show (np.vectorize's path, say). */
export const arrayNotes = new WeakMap<NDArray, string>();

/** A readable description of the kernels evaluation of `arrays` will run. */
export function explain(arrays: readonly NDArray[]): string {
  return arrays.flatMap((a) => (arrayNotes.has(a) ? [`note: ${arrayNotes.get(a)}\n`] : [])).join("") + kernels(arrays);
}

function kernels(arrays: readonly NDArray[]): string {
  const pending = arrays.filter((a) => a.isPending);
  if (pending.length === 0) return "nothing to compute: already evaluated\n";
  const s = schedule(pending.map((a) => ({ node: a._node })));
  const out: string[] = [];
  s.info.map((f) => f()).forEach((step, i) => {
    out.push(`step ${i + 1}: ${step.title}`);
    // a multi-line reason (an einsum's path table) stays an indented block
    for (const r of step.reasons) out.push(`  why: ${r.split("\n").join("\n       ")}`);
    if (step.loop) out.push(`  ${step.loop}`);
    if (step.source) out.push(step.source.split("\n").map((l) => `  | ${l}`).join("\n"));
  });
  if (s.info.length === 0) out.push("no kernel: the result is a view of existing memory");
  return out.join("\n") + "\n";
}
