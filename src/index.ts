// numfuse: NumPy for TypeScript, as a lazy expression-graph compiler.
// `import * as np from "numfuse"`.

import "./methods.js";
import { NDArray, evaluateAsync, config as evalConfig } from "./ndarray.js";
import { poolConfig, setThreads, shutdownPool, warmUp } from "../runtime/pool.js";
import { explain as explainArrays } from "./explain.js";
import { gemmOptions } from "../runtime/gemm.js";

export { NDArray, NDArray as ndarray };
export type { DTypeLike, DTypeSpec, FieldSpec, StructSpec } from "./dtype.js";
export { StructuredArray } from "./structured/array.js";
export { DType, dtype, promoteTypes, canCastSafe, finfo, iinfo, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64, complex128 } from "./dtype.js";
export { ValueError, IndexError, TypeError, AxisError, LinAlgError, OverflowError, ZeroDivisionError, RuntimeError, KeyError } from "../runtime/errors.js";
export { MemoryError } from "../runtime/errors.js";
export { SyntaxError, NotImplementedError } from "../runtime/errors.js";
export { evaluate, type EvaluateOptions } from "./expr/evaluate.js";
export { jit, ConcretizationTypeError, type JitOptions, type Jitted } from "./jit.js";
export { vectorize, frompyfunc, type VectorizeOptions, type Vectorized } from "./vectorize.js";
import { ValueError } from "../runtime/errors.js";
export * from "./creation.js";
export * from "./ufunc.js";
export { sum, prod, max, min, amax, amin, nanmax, nanmin, all, any, argmax, argmin, mean, var_ as var, std, nansum, nanmean, countNonzero, ptp } from "./reductions.js";
export { median, nanmedian, percentile, quantile, nanpercentile, nanquantile, average, cov, corrcoef, diff, ediff1d, trapz, trapezoid } from "./statistics.js";
export { cumsum, cumprod, nancumsum, nancumprod } from "./scans.js";
export { nanvar, nanstd, nanprod, nanargmax, nanargmin } from "./nanfunctions.js";
export { reshape, ravel, transpose, swapaxes, moveaxis, squeeze, expandDims, broadcastTo, broadcastArrays } from "./shape.js";
export { broadcastShapes } from "./broadcast.js";
export { poolStats } from "../runtime/pool.js";
export { slice, Slice } from "./indexing.js";
export { around, around as round, clip, array2string, arrayStrOf as arrayStr, arrayReprOf as arrayRepr } from "./methods.js";
export { getPrintoptions, setPrintoptions, printoptions } from "./print.js";
export { formatFloatPositional, formatFloatScientific } from "./formatFloat.js";
export type { FormatFloatPositionalOptions, FormatFloatScientificOptions, FloatLike } from "./formatFloat.js";
export * from "./math.js";
export { logspace, geomspace, diag, diagflat, tri, tril, triu, meshgrid, indices, fromfunction, frombuffer, fromiter } from "./construct.js";
export { concatenate, stack, vstack, hstack, dstack, columnStack, rowStack, tile, repeat, select, split, arraySplit, hsplit, vsplit, dsplit } from "./join.js";
export { rollaxis, flip, fliplr, flipud, rot90, diagonal, ascontiguousarray, asfortranarray } from "./shape.js";
export { nonzero, flatnonzero, argwhere, where, take, put, takeAlongAxis, putAlongAxis, compress, extract, place, putmask, choose, piecewise } from "./select.js";
export { unravelIndex, ravelMultiIndex, ix, mgrid, ogrid, ndindex, ndenumerate, nditer, Nditer, applyAlongAxis, applyOverAxes } from "./indexTricks.js";
export { append, insert, delete_ as delete, block, roll, resize, trimZeros, pad } from "./rearrange.js";
export { asStrided, slidingWindowView } from "./strideTricks.js";
export { matmul, dot, vdot, inner, outer, tensordot, kron, trace, cross } from "./products.js";
import * as linalg from "./linalg/index.js";
export { linalg };
import * as fft from "./fft/index.js";
export { fft };
export { save, load, savez, savezCompressed, NpzFile, savetxt, loadtxt, genfromtxt, fromfile, packbits, unpackbits } from "./io/index.js";
export { memmap, openMemmap, Memmap, type MemmapOptions, type MemmapMode } from "./io/index.js";
import { memmapConfig, openMemmap } from "./io/memmap.js";
import * as random from "./random/index.js";
import * as ma from "./ma/index.js";
export { ma };
export { random };
export { einsum, einsumPath } from "./einsum.js";
export { sort, argsort, partition, argpartition, lexsort, searchsorted, sortComplex, unique, union1d, intersect1d, setdiff1d, setxor1d, in1d, isin } from "./sort/index.js";
export { histogram, histogramBinEdges, histogram2d, histogramdd, digitize, bincount } from "./histogram.js";
export { convolve, correlate, interp, gradient, polyval, polyfit, roots, polyder, polyint, polyadd, polysub, polymul, polydiv, poly, Poly1d, Poly1d as poly1d, sinc, i0, unwrap, hanning, hamming, blackman, bartlett, kaiser } from "./signal/index.js";
import { asStrided, slidingWindowView } from "./strideTricks.js";
/** NumPy's `np.lib`: `np.lib.strideTricks.asStrided`, `np.lib.strideTricks.slidingWindowView`, `np.lib.format.openMemmap`. */
export const lib = { strideTricks: { asStrided, slidingWindowView }, format: { openMemmap } };

export const nan = NaN;
export const inf = Infinity;
export const pi = Math.PI;
export const e = Math.E;
export const newaxis = null;

/** Evaluates several arrays in one schedule (shared work); resolves to them. */
export async function eval_(...arrays: NDArray[]): Promise<NDArray[]> {
  await evaluateAsync(arrays);
  return arrays;
}
export { eval_ as eval };

/** `np.explain(...arrays)`: the kernels their evaluation will run. */
export function explain(...arrays: NDArray[]): string { return explainArrays(arrays); }

export interface Config {
  /** Threads an evaluation uses, the calling thread included (default: the machine's cores). */
  numThreads?: number;
  /** Kernels over fewer elements run on the calling thread (default measured in bench/RESULTS.md). */
  minParallelSize?: number;
  /** Generate kernels (false: the reference interpreter evaluates everything). */
  compile?: boolean;
  /** Where the worker script is, when a bundler moved it (default: worker.js beside numfuse). */
  workerUrl?: string | URL | null;
  /** Run matrix products with the WebAssembly SIMD kernel where the platform has it (default true). */
  simd?: boolean;
  /** Bytes a memmap may take in memory; a larger one stays in its file and streams in chunks (default 256 MiB). */
  memmapBudget?: number;
}

/** `np.config({ numThreads, minParallelSize })`: sets options; returns the current ones. */
export function config(opts: Config = {}): Required<Config> {
  if (opts.numThreads !== undefined) setNumThreads(opts.numThreads);
  if (opts.minParallelSize !== undefined) {
    if (!(opts.minParallelSize >= 0)) throw new ValueError("minParallelSize must be a non-negative number");
    poolConfig.minParallelSize = opts.minParallelSize;
  }
  if (opts.compile !== undefined) evalConfig.compile = opts.compile;
  if (opts.workerUrl !== undefined) poolConfig.workerUrl = opts.workerUrl;
  if (opts.simd !== undefined) gemmOptions.wasm = opts.simd;
  if (opts.memmapBudget !== undefined) {
    if (!(opts.memmapBudget >= 0)) throw new ValueError("memmapBudget must be a non-negative number of bytes");
    memmapConfig.budget = opts.memmapBudget;
  }
  return { numThreads: poolConfig.numThreads, minParallelSize: poolConfig.minParallelSize, compile: evalConfig.compile, workerUrl: poolConfig.workerUrl, simd: gemmOptions.wasm, memmapBudget: memmapConfig.budget };
}

/** `np.setNumThreads(n)`: threads an evaluation uses (1: the calling thread only). */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`numThreads must be a positive integer, got ${n}`);
  setThreads(n);
}

/** Starts the worker threads now and resolves when they are ready (otherwise they start on first use). */
export async function startWorkers(): Promise<number> { return warmUp(); }

/** Ends the worker threads; they start again if needed. Never required: workers do not keep Node alive. */
export async function shutdown(): Promise<void> { await shutdownPool(); }
