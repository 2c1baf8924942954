// Random arrays filled in parallel: the output is cut into blocks of BLOCK elements and block k
// is drawn from its own stream, seeded with the k-th child of a SeedSequence (its state words
// are computed on the calling thread and travel with the step). Which thread fills a block
// never changes its numbers, so the array is the same at any thread count — and equals NumPy's
// `np.concatenate([g.<method>(...) for g in rng.spawn(nblocks)])` block for block.

import type { BlockLayout } from "../blocks.js";
import type { Elements } from "../dtypes.js";
import type { BitGenerator } from "./bitgen.js";
import { MT19937Core, MT_N } from "./mt19937.js";

/** Elements per block: fixed, so the numbers do not depend on the thread count (changing it changes them). */
export const BLOCK = 1 << 16;

export type BlockEngine = "MT19937";
export type BlockMethod = "random";

export interface RandomBlocksParams {
  readonly engine: BlockEngine;
  readonly method: BlockMethod;
  /** Seed words of every block's stream, `wordsPerBlock` each (SeedSequence.generateState as the engine seeds itself). */
  readonly seeds: Uint32Array;
  readonly wordsPerBlock: number;
  /** Total elements. */
  readonly n: number;
  /** out = a + b * x for the affine distributions (uniform, normal, exponential); b = 1, a = 0 otherwise. */
  readonly a: number;
  readonly b: number;
}

/** Words of SeedSequence state each engine seeds itself from (dtype uint32). */
export const SEED_WORDS: Record<BlockEngine, number> = { MT19937: MT_N };

function engineFrom(p: RandomBlocksParams, k: number): BitGenerator {
  const w = p.seeds.subarray(k * p.wordsPerBlock, (k + 1) * p.wordsPerBlock);
  switch (p.engine) {
    case "MT19937": {
      const m = new MT19937Core();
      m.key.set(w);
      m.key[0] = 0x80000000;
      m.pos = MT_N;
      return m;
    }
  }
}

/** Fills blocks [start, end) of the last operand. */
export function randomBlocks(bufs: Elements[], layouts: readonly BlockLayout[], p: RandomBlocksParams, start: number, end: number): void {
  const out = bufs[bufs.length - 1] as Float64Array, off = layouts[layouts.length - 1]!.offset;
  for (let k = start; k < end; k++) {
    const bg = engineFrom(p, k);
    const lo = off + k * BLOCK, hi = off + Math.min(p.n, (k + 1) * BLOCK);
    switch (p.method) {
      case "random": bg.fillDouble(out, lo, hi); break;
    }
    if (p.a !== 0 || p.b !== 1) for (let i = lo; i < hi; i++) out[i] = p.a + p.b * out[i]!;
  }
}
