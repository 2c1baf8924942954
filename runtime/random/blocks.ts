// Random arrays filled in parallel: the output is cut into blocks of BLOCK elements and block k
// is drawn from its own stream, seeded with the k-th child of a SeedSequence (its state words
// are computed on the calling thread and travel with the step). Which thread fills a block
// never changes its numbers, so the array is the same at any thread count — and equals NumPy's
// `np.concatenate([g.<method>(...) for g in rng.spawn(nblocks)])`, block for block.

import type { BlockLayout } from "../blocks.js";
import type { Elements } from "../dtypes.js";
import type { BitGenerator } from "./bitgen.js";
import { MT19937Core, MT_N } from "./mt19937.js";
import { PCG64Core, PCG64DXSMCore } from "./pcg64.js";
import { PhiloxCore } from "./philox.js";
import { SFC64Core } from "./sfc64.js";
import { fillStandardExponential, fillStandardExponentialF, fillStandardNormal, fillStandardNormalF } from "./ziggurat.js";

/** Elements per block: fixed, so the numbers do not depend on the thread count (changing it changes them). */
export const BLOCK = 1 << 16;

export type BlockEngine = "MT19937" | "PCG64" | "PCG64DXSM" | "Philox" | "SFC64";
export type BlockMethod = "random" | "standardNormal" | "standardExponential";

/** The uint32 words of SeedSequence state each engine seeds itself from (`generate_state(n, uint32)`). */
export const SEED_WORDS: Record<BlockEngine, number> = { MT19937: MT_N, PCG64: 8, PCG64DXSM: 8, Philox: 4, SFC64: 6 };

export interface RandomBlocksParams {
  readonly engine: BlockEngine;
  readonly method: BlockMethod;
  readonly float32: boolean;
  /** Seed words of every block's stream, SEED_WORDS[engine] each. */
  readonly seeds: Uint32Array;
  /** Total elements. */
  readonly n: number;
  /** out = a + b * x for the affine distributions (uniform, normal, exponential); a = 0, b = 1 otherwise. */
  readonly a: number;
  readonly b: number;
}

/** An engine seeded as NumPy's `__init__` seeds it from a SeedSequence. */
function engineFrom(engine: BlockEngine, w: Uint32Array): BitGenerator {
  switch (engine) {
    case "MT19937": return new MT19937Core().seedWords(w);
    case "PCG64": return PCG64Core.fromSeedWords(w);
    case "PCG64DXSM": return PCG64DXSMCore.fromSeedWords(w);
    case "Philox": return PhiloxCore.fromSeedWords(w);
    case "SFC64": return SFC64Core.fromSeedWords(w);
  }
}

/** Fills blocks [start, end) of the output (the only operand). */
export function randomBlocks(bufs: Elements[], layouts: readonly BlockLayout[], p: RandomBlocksParams, start: number, end: number): void {
  const out = bufs[bufs.length - 1] as Float64Array, off = layouts[layouts.length - 1]!.offset;
  const words = SEED_WORDS[p.engine];
  for (let k = start; k < end; k++) {
    const bg = engineFrom(p.engine, p.seeds.subarray(k * words, (k + 1) * words));
    const lo = off + k * BLOCK, hi = off + Math.min(p.n, (k + 1) * BLOCK);
    if (p.float32) {
      const f = out as unknown as Float32Array;
      if (p.method === "random") for (let i = lo; i < hi; i++) f[i] = bg.nextFloat();
      else if (p.method === "standardNormal") fillStandardNormalF(bg, f, lo, hi);
      else fillStandardExponentialF(bg, f, lo, hi);
      continue;
    }
    if (p.method === "random") bg.fillDouble(out, lo, hi);
    else if (p.method === "standardNormal") fillStandardNormal(bg, out, lo, hi);
    else fillStandardExponential(bg, out, lo, hi);
    if (p.a !== 0 || p.b !== 1) for (let i = lo; i < hi; i++) out[i] = p.a + p.b * out[i]!;
  }
}
