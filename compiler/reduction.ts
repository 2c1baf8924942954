// The order in which reductions combine elements: one set of rules for the generated
// kernels (compiler/schedule.ts, codegen.ts) and the reference interpreter
// (runtime/reduce.ts), so both give the same bits.
//
// Exact combines (integer sums, extrema, all/any) may run in any order. Float sums follow
// NumPy's pairwise summation along runs of the reduced axes, float products run in order.
// Which axes form the runs depends on memory layout, as in NumPy: reduced axes are read
// in memory order; when the input is contiguous along a kept axis instead, each output
// element accumulates row after row (NumPy's order for `a.sum(0)` of a C array). A full
// reduction of more than REDUCE_BLOCK elements is cut into fixed blocks whose partials
// are then combined in order: the blocks are what threads share, and they do not depend
// on the thread count.

import type { DTypeId } from "../runtime/dtypes.js";
import type { Scalar } from "./ir.js";
import type { AccKind } from "./kernel.js";

/** Elements per block of a blocked (full) reduction, and per accumulator block of a tail reduction. */
export const REDUCE_BLOCK = 8192, TAIL_BLOCK = 4096;

/**
 * NumPy's reduction loop sees a long run in buffers of 8192 elements: each is summed
 * pairwise and added to the result in order. So do we (and a blocked reduction's blocks
 * are these buffers, its partials added in order): `np.sum` of any length, bit for bit.
 */
export const PAIRWISE_RUN = 8192;

/**
 * NumPy's pairwise summation, per element class: runs shorter than `min` are summed in
 * order from the identity; runs up to `max` with `acc` interleaved accumulators started
 * from the first elements and combined as a balanced tree, then the rest in order;
 * longer runs split at `split(n)` and recurse. For complex values NumPy counts scalars,
 * so its 8 accumulators are 4 complex ones and its bounds halve.
 */
export const PAIRWISE = {
  real: { min: 8, max: 128, acc: 8, split: (n: number) => (n >> 1) - ((n >> 1) % 8) },
  complex: { min: 4, max: 64, acc: 4, split: (n: number) => (n - (n % 8)) >> 1 },
};

export const INT_RANGE: Partial<Record<DTypeId, [number | bigint, number | bigint]>> = {
  bool: [0, 1], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** The binary ufunc each fusable reduction combines with. */
export const COMBINE: Record<string, string> = {
  sum: "add", prod: "multiply", max: "maximum", min: "minimum", fmax: "fmax", fmin: "fmin", all: "logical_and", any: "logical_or",
};

const isFloatLike = (d: DTypeId) => d === "float32" || d === "float64" || d === "complex64" || d === "complex128";
export const isComplex = (d: DTypeId) => d === "complex64" || d === "complex128";

/** Index reductions: an accumulator holds the extreme value and where it was (the first, ties and NaNs alike). */
export const isArgReduce = (op: string) => op === "argmax" || op === "argmin";

/** Float sums are pairwise (NumPy's order), float products and index reductions in order; every other combine is exact in any order. */
export function accKind(op: string, d: DTypeId): AccKind {
  if (isArgReduce(op)) return "sequential";
  if (!isFloatLike(d)) return "free";
  return op === "sum" ? "pairwise" : op === "prod" ? "sequential" : "free";
}

/** The value an accumulator of `op` over dtype `d` starts from. */
export function accIdentity(op: string, d: DTypeId): Scalar {
  const range = INT_RANGE[d], c = isComplex(d), big = d === "int64" || d === "uint64";
  const pair = (x: number): Scalar => (c ? { re: x, im: x } : x);
  switch (op) {
    case "sum": return d === "bool" ? false : c ? { re: 0, im: 0 } : big ? 0n : 0;
    case "prod": return d === "bool" ? true : c ? { re: 1, im: 0 } : big ? 1n : 1;
    case "all": return true;
    case "any": return false;
  }
  const max = op.endsWith("max");
  if (d === "bool") return !max;
  if (range) return max ? range[0] : range[1];
  return op[0] === "f" ? pair(NaN) : pair(max ? -Infinity : Infinity);
}

/** Merges adjacent dims (outer first) whose strides line up in every operand. */
export function coalesce(dims: readonly number[], shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [], outStrides: number[][] = strides.map(() => []);
  for (const d of dims) {
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * The loop nest of a reduction: kept dims outside, reduced dims inside, each ordered by
 * the strides of the input read most (so it is read in memory order) and coalesced. When
 * that input is contiguous along a kept dim instead (reducing over a leading axis), the
 * kept dim goes innermost and rows are combined into a block of accumulators ("tail").
 */
export function reductionNest(shape: readonly number[], axes: readonly number[], strides: readonly (readonly number[])[], nLoads: number) {
  const dims = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  const nz = (s: readonly number[]) => dims.filter((d) => s[d] !== 0).length;
  let key = strides[0] ?? shape.map(() => 0);
  for (let k = 1; k < nLoads; k++) if (nz(strides[k]) > nz(key)) key = strides[k];
  const byKey = (a: number, b: number) => Math.abs(key[b]) - Math.abs(key[a]) || a - b;
  const kept = coalesce(dims.filter((d) => !axes.includes(d)).sort(byKey), shape, strides);
  let red = coalesce(dims.filter((d) => axes.includes(d)).sort(byKey), shape, strides);
  if (red.shape.length === 0) red = { shape: [1], strides: strides.map(() => [0]) };
  const nk = kept.shape.length, nr = red.shape.length;
  const keyAt = (p: { strides: number[][] }, i: number) => Math.abs(p.strides[strides.indexOf(key)]?.[i] ?? 0);
  const kLast = nk > 0 ? keyAt(kept, nk - 1) : 0, rLast = keyAt(red, nr - 1);
  const tail = nk > 0 && kLast !== 0 && (rLast === 0 || kLast < rLast);
  const order = tail
    ? [...kept.shape.slice(0, -1).map((_, i) => ({ p: kept, i })), ...red.shape.map((_, i) => ({ p: red, i })), { p: kept, i: nk - 1 }]
    : [...kept.shape.map((_, i) => ({ p: kept, i })), ...red.shape.map((_, i) => ({ p: red, i }))];
  return {
    shape: order.map(({ p, i }) => p.shape[i]),
    strides: strides.map((_, k) => order.map(({ p, i }) => p.strides[k][i])),
    nKept: tail ? nk - 1 : nk,
    tail,
    reduced: red.shape.reduce((a, b) => a * b, 1),
  };
}

