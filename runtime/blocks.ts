// Hand-written work that splits into independent units (blocks of a random fill, ...): an
// opaque node with a `blocks` spec runs as a kernel step whose units go to the pool like any
// kernel's rows. The functions are looked up by name in this table on every thread (they
// travel by name, not as source), so a unit computes the same bits wherever it runs.

import type { Elements } from "./dtypes.js";
import type { KernelFn } from "./plan.js";
import { fftRows } from "./fft/rows.js";
import { uniformCountBlocks } from "./histogram.js";
import { randomBlocks } from "./random/blocks.js";
import { mergeLevel, sortRows, sortSegments } from "./sort.js";

/** Where an operand's elements are, in elements of its dtype (not typed-array slots). */
export interface BlockLayout { readonly shape: readonly number[]; readonly strides: readonly number[]; readonly offset: number }

/** Runs units [start, end) of a blocked step: `bufs` and `layouts` are its operands (inputs, then the output, C-contiguous). */
export type BlockFn = (bufs: Elements[], layouts: readonly BlockLayout[], params: never, start: number, end: number) => void;

export const BLOCKS: Record<string, BlockFn> = { random: randomBlocks as BlockFn, fft: fftRows as BlockFn, sortRows: sortRows as BlockFn, sortSegments: sortSegments as BlockFn, mergeLevel: mergeLevel as BlockFn, histogram: uniformCountBlocks as BlockFn };

const kernels = new Map<string, { source: string; fn: KernelFn }>();

/** The kernel of a blocked step: a call through the table, compiled once per function name. */
export function blocksKernel(name: string): { source: string; fn: KernelFn } {
  let k = kernels.get(name);
  if (!k) {
    if (!(name in BLOCKS)) throw new Error(`no block function '${name}'`);
    const source = `"use strict";\nreturn function kernel(F, bufs, offs, st, shape, K, start, end) {\n  F.blocks.${name}(bufs, K[1], K[0], start, end);\n};`;
    k = { source, fn: new Function(source)() as KernelFn };
    kernels.set(name, k);
  }
  return k;
}
