// `{ parallel: true }` draws: a lazy array filled block by block on the worker pool
// (runtime/random/blocks.ts). Block k of the array is drawn by a fresh stream seeded with the
// k-th of `nblocks` children spawned from the generator's SeedSequence — what NumPy's
// `rng.spawn(nblocks)` gives — so the numbers do not depend on the thread count, and equal
//   np.concatenate([g.standard_normal(min(B, n - k*B)) for k, g in enumerate(rng.spawn(nblocks))])
// with B = 65536. The generator's own stream is not advanced; its SeedSequence counts the children.

import { newNodeId, type BufferNode } from "../../compiler/ir.js";
import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { BLOCK, SEED_WORDS, randomBlocks, type BlockEngine, type BlockMethod, type RandomBlocksParams } from "../../runtime/random/blocks.js";
import { MT19937Core } from "../../runtime/random/mt19937.js";
import { PCG64Core, PCG64DXSMCore } from "../../runtime/random/pcg64.js";
import { PhiloxCore } from "../../runtime/random/philox.js";
import { SeedSequence } from "../../runtime/random/seedsequence.js";
import { SFC64Core } from "../../runtime/random/sfc64.js";
import { TypeError } from "../../runtime/errors.js";
import { dt } from "../dtype.js";
import { lazy, type NDArray } from "../ndarray.js";
import { sizeShape, type SizeLike } from "./args.js";

function engineOf(bg: BitGenerator): BlockEngine {
  if (bg instanceof PCG64DXSMCore) return "PCG64DXSM";
  if (bg instanceof PCG64Core) return "PCG64";
  if (bg instanceof MT19937Core) return "MT19937";
  if (bg instanceof PhiloxCore) return "Philox";
  if (bg instanceof SFC64Core) return "SFC64";
  throw new TypeError("parallel draws need one of numfuse's bit generators");
}

/** A lazy array of `size` drawn in parallel blocks (out = a + b * x, x of `method`). */
export function parallelDraw(bg: BitGenerator, method: BlockMethod, size: SizeLike, opts: { float32?: boolean; a?: number; b?: number } = {}): NDArray {
  const seq = (bg as { seedSeq?: unknown }).seedSeq;
  if (!(seq instanceof SeedSequence)) throw new TypeError("The underlying SeedSequence does not implement spawning.");
  const engine = engineOf(bg);
  const shape = sizeShape(size), n = shape.reduce((x, y) => x * y, 1);
  const units = Math.ceil(n / BLOCK), words = SEED_WORDS[engine];
  const seeds = new Uint32Array(units * words);
  seq.spawn(units).forEach((child, k) => seeds.set(child.generateState(words, "uint32"), k * words));
  const params: RandomBlocksParams = { engine, method, float32: !!opts.float32, seeds, n, a: opts.a ?? 0, b: opts.b ?? 1 };
  const d = dt(opts.float32 ? "float32" : "float64");
  const cost = BLOCK * (method === "random" ? 4 : 8);
  return lazy({
    kind: "opaque", id: newNodeId(), name: `random ${method}`, dtype: d.id, shape, inputs: [],
    blocks: { fn: "random", units, params, cost },
    run: (_: readonly BufferNode[], out) => randomBlocks([out.elementsAs(d.id)], [{ shape, strides: [], offset: 0 }], params as never, 0, units),
  }, d);
}
