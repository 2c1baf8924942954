// numfuse: NumPy for TypeScript, as a lazy expression-graph compiler.
// `import * as np from "numfuse"`.

import "./methods.js";
import { NDArray, evaluate, nextTask } from "./ndarray.js";
import { explain as explainArrays } from "./explain.js";

export { NDArray, NDArray as ndarray };
export { DType, dtype, promoteTypes, canCastSafe, finfo, iinfo, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64, complex128 } from "./dtype.js";
export { ValueError, IndexError, TypeError, AxisError, LinAlgError } from "../runtime/errors.js";
export * from "./creation.js";
export * from "./ufunc.js";
export { sum, prod, max, min, amax, amin, nanmax, nanmin, all, any, argmax, argmin, mean, var_ as var, std, nansum, nanmean, countNonzero, ptp } from "./reductions.js";
export { reshape, ravel, transpose, swapaxes, moveaxis, squeeze, expandDims, broadcastTo, broadcastArrays } from "./shape.js";
export { broadcastShapes } from "./broadcast.js";
export { slice, Slice } from "./indexing.js";
export { around, around as round, clip, array2string, arrayStrOf as arrayStr, arrayReprOf as arrayRepr } from "./methods.js";
export { getPrintoptions, setPrintoptions, printoptions } from "./print.js";
export * from "./math.js";
export { logspace, geomspace, diag, diagflat, tri, tril, triu, meshgrid, indices, fromfunction, frombuffer, fromiter } from "./construct.js";
export { concatenate, stack, vstack, hstack, dstack, columnStack, rowStack, tile, repeat, select, split, arraySplit, hsplit, vsplit, dsplit } from "./join.js";

export const nan = NaN;
export const inf = Infinity;
export const pi = Math.PI;
export const e = Math.E;
export const newaxis = null;

/** Evaluates several arrays in one schedule (shared work); resolves to them. */
export async function eval_(...arrays: NDArray[]): Promise<NDArray[]> {
  await nextTask();
  evaluate(arrays);
  return arrays;
}
export { eval_ as eval };

/** `np.explain(...arrays)`: the kernels their evaluation will run. */
export function explain(...arrays: NDArray[]): string { return explainArrays(arrays); }

/** Ends worker threads (none in the synchronous runtime yet); safe to call any time. */
export async function shutdown(): Promise<void> {}
