// A Plan: what the compiler hands the runtime. Steps run in order; each reads buffers
// (user storage or temporaries made by earlier steps) and writes its outputs.

import type { DTypeId, Elements } from "./dtypes.js";
import type { Storage } from "./buffer.js";

/** A buffer a step reads or writes: existing storage, or a temporary of this plan. */
export type BufRef = { readonly storage: Storage; readonly temp?: undefined } | { readonly storage?: undefined; readonly temp: number };

/** One array a kernel touches: where its elements live and how to step through them. */
export interface Operand {
  readonly ref: BufRef;
  readonly dtype: DTypeId;
  /** In elements of `dtype`. */
  readonly offset: number;
  /** One per iteration dimension, in elements of `dtype`. */
  readonly strides: readonly number[];
}

/**
 * A compiled elementwise kernel. `bufs` holds the element arrays of the operands (inputs,
 * then outputs); offsets and strides are in typed-array slots (lanes included), strides
 * operand-major (`st[k * ndim + d]`); it runs outermost indices [start, end).
 */
export type KernelFn = (
  F: Record<string, unknown>, bufs: Elements[], offs: readonly number[], st: readonly number[],
  shape: readonly number[], K: unknown[], start: number, end: number,
) => void;

export interface KernelStep {
  readonly kind: "kernel";
  readonly fn: KernelFn;
  /** The function table generated code calls through (`F.xxx`). */
  readonly table: Record<string, unknown>;
  /** Iteration shape after loop reordering and coalescing (at least one dimension). */
  readonly shape: readonly number[];
  readonly operands: readonly Operand[];
  readonly consts: readonly unknown[];
  /** The generated source and its structural key: workers compile it once per key. */
  readonly source: string;
  readonly key: string;
  /** Operands [nLoads, ...) are written; the rest only read. */
  readonly nLoads: number;
  /** Work per element: 1 per load, store and inline op, more for calls (see compiler/codegen.ts). */
  readonly cost: number;
  /** The extent of the kernel's [start, end) range when it is not `shape[0]` (blocks of a reduction). */
  readonly outer?: number;
  /** Units of that range per chunk on the pool (default: about CHUNK elements' worth of rows). */
  readonly chunkRows?: number;
}

/** A hand-written step over whole buffers (reductions, opaque ops, the interpreter). */
export interface CallStep {
  readonly kind: "call";
  readonly name: string;
  readonly inputs: readonly Operand[];
  /** Input layouts' shapes (operands carry strides in their own shape). */
  readonly inputShapes: readonly (readonly number[])[];
  readonly output: BufRef;
  readonly run: (inputs: readonly { data: Elements; storage: Storage; offset: number; strides: readonly number[]; shape: readonly number[] }[], out: Storage) => void;
}

export type Step = KernelStep | CallStep;

export interface TempSpec {
  readonly id: number;
  readonly dtype: DTypeId;
  readonly length: number;
}

export interface Plan {
  readonly temps: readonly TempSpec[];
  readonly steps: readonly Step[];
}
