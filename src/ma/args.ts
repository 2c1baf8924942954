// Arguments of the masked reductions: NumPy's positional order per method, or one trailing
// options object (SPEC §2), and writing a result into `out`.

import type { Scalar } from "../../compiler/ir.js";
import { NDArray } from "../ndarray.js";
import { DType } from "../dtype.js";
import { ValueError } from "../../runtime/errors.js";
import { MaskError, MaskedArray, masked, type MaskedResult } from "./core.js";
import type { MaReduceOptions } from "./reduce.js";

/** One argument of a masked reduction. */
export type MaArg = MaReduceOptions[keyof MaReduceOptions] | MaReduceOptions | NDArray | MaskedArray;

// NumPy's positional parameters of the MaskedArray methods (after self)
export const SUM_ARGS = ["axis", "dtype", "out", "keepdims"] as const;
export const VAR_ARGS = ["axis", "dtype", "out", "ddof", "keepdims"] as const;
export const EXTREMA_ARGS = ["axis", "out", "fillValue", "keepdims"] as const;
export const LOGICAL_ARGS = ["axis", "out", "keepdims"] as const;
export const ARG_ARGS = ["axis", "fillValue", "out"] as const;
export const COUNT_ARGS = ["axis", "keepdims"] as const;
export const SCAN_ARGS = ["axis", "dtype", "out"] as const;

const isOptions = (x: unknown): x is MaReduceOptions =>
  x !== null && typeof x === "object" && !Array.isArray(x) && !(x instanceof NDArray) && !(x instanceof MaskedArray) && !(x instanceof DType);

/** Positional arguments in NumPy's order, then an options object: `m.sum(0, null, null, true)`, `m.sum({ axis: 0 })`. */
export function parse(names: readonly string[], args: readonly MaArg[]): MaReduceOptions {
  const list = [...args];
  const o: Record<string, unknown> = list.length && isOptions(list[list.length - 1]) ? { ...(list.pop() as object) } : {};
  if (list.length > names.length) throw new ValueError(`takes at most ${names.length} positional arguments (${list.length} given)`);
  list.forEach((v, i) => { if (v !== undefined) o[names[i]] = v; });
  return o as MaReduceOptions;
}

/** Writes a result into `out` (data and, for a MaskedArray, mask) and returns out; without out, the result. */
export function toOut(r: MaskedResult, out: NDArray | MaskedArray | null | undefined): MaskedResult {
  if (out === null || out === undefined) return r;
  const isMasked = r === masked;
  const data = r instanceof MaskedArray ? (isMasked ? null : r._data) : r;
  if (out instanceof MaskedArray) {
    if (data) out._data.set("...", data);
    out.mask = r instanceof MaskedArray ? (isMasked ? true : r._mask ?? false) : false;
    return out;
  }
  // a plain out has no mask: masked places become NaN (NumPy's choice for float outputs)
  if (r instanceof MaskedArray && (r._mask || isMasked)) {
    if (out.dtype.kind !== "f" && out.dtype.kind !== "c") throw new MaskError("Masked data information would be lost in one or more location.");
    out.set("...", isMasked ? NaN : r.filled(NaN as Scalar));
  } else out.set("...", data as NDArray);
  return out;
}
