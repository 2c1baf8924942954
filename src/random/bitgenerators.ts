// The public bit generators of `np.random`: MT19937, PCG64, PCG64DXSM, Philox and SFC64, each the
// runtime engine itself (so a Generator or RandomState draws from it directly) plus NumPy's
// Python-level surface: seeding through SeedSequence, `state`, `randomRaw`, `jumped`, `advance`,
// `seedSeq` and `spawn`. Streams, states and errors are NumPy's.

import { BitGenerator } from "../../runtime/random/bitgen.js";
import { MT19937Core, MT_N } from "../../runtime/random/mt19937.js";
import { mt19937Jump } from "../../runtime/random/mt19937-jump.js";
import { PCG64Core, PCG64DXSMCore } from "../../runtime/random/pcg64.js";
import { PhiloxCore } from "../../runtime/random/philox.js";
import { SFC64Core } from "../../runtime/random/sfc64.js";
import { SeedSequence, type Entropy } from "../../runtime/random/seedsequence.js";
import { checkStateDict, intArg, intToWords, toLimbs } from "../../runtime/random/engine-state.js";
import { OverflowError, TypeError, ValueError } from "../../runtime/errors.js";
import { NDArray } from "../ndarray.js";
import { newArray, sizeShape, type SizeLike } from "./args.js";

export { BitGenerator, SeedSequence };
export type { Entropy };

/** What a bit generator accepts as its seed (NumPy's `{None, int, array_like[ints], SeedSequence}`). */
export type SeedLike = number | bigint | string | readonly (number | bigint | string)[] | NDArray | SeedSequence | null | undefined;

/** How NumPy's `BitGenerator.__init__` turns a seed into a SeedSequence: a SeedSequence is kept,
 *  anything else (including `null`, for fresh OS entropy) becomes `SeedSequence(seed)`. */
export function defaultSeedSequence(seed?: SeedLike): SeedSequence {
  if (seed instanceof SeedSequence) return seed;
  return new SeedSequence(seed as Entropy);
}

const isOptions = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype;

/** The seed argument, given positionally or as `{ seed }`. */
function seedArg(args: readonly unknown[], name: string): SeedLike {
  if (args.length > 1) throw new TypeError(`${name}() takes at most 1 positional argument (${args.length} given)`);
  const a = args[0];
  if (isOptions(a)) return a.seed as SeedLike;
  return a as SeedLike;
}

/** The members every public bit generator adds to its engine. */
interface Public {
  seedSeq: SeedSequence | null;
  nextRaw(): bigint;
}

/** `random_raw(size=None, output=True)`: raw outputs as uint64 (a bigint when `size` is omitted). */
function randomRaw(bg: BitGenerator & Public, args: readonly unknown[]): bigint | NDArray | null {
  let size: SizeLike = args[0] as SizeLike, output = args.length > 1 ? args[1] : true;
  if (isOptions(args[0])) { const o = args[0]; size = o.size as SizeLike; output = o.output ?? true; }
  if (size == null) {
    const v = bg.nextRaw();
    return output ? v : null;
  }
  const shape = sizeShape(size);
  const n = shape.reduce((a, b) => a * b, 1);
  if (!output) { for (let i = 0; i < n; i++) bg.nextRaw(); return null; }
  const { arr, data } = newArray("uint64", shape);
  const d = data as BigUint64Array;
  for (let i = 0; i < n; i++) d[i] = bg.nextRaw();
  return arr;
}

function spawn<T>(bg: Public, n: number | { nChildren: number }, make: (s: SeedSequence) => T): T[] {
  if (isOptions(n)) n = n.nChildren;
  if (!Number.isInteger(n)) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (n < 0) throw new OverflowError("can't convert negative value to uint32_t"); // NumPy 2.4
  if (!(bg.seedSeq instanceof SeedSequence)) throw new TypeError("The underlying SeedSequence does not implement spawning.");
  return bg.seedSeq.spawn(n).map(make);
}

const jumpsArg = (jumps: unknown): bigint => {
  if (isOptions(jumps)) jumps = jumps.jumps ?? 1;
  return intArg(jumps ?? 1, "jumps");
};

/** NumPy's `PCG64`: PCG XSL RR 128/64. */
export class PCG64 extends PCG64Core implements Public {
  seedSeq: SeedSequence | null;
  constructor(...args: [seed?: SeedLike] | [{ seed?: SeedLike }]) {
    super();
    this.seedSeq = defaultSeedSequence(seedArg(args, "PCG64"));
    this.seedWords(this.seedSeq.generateWords(8));
  }
  nextRaw(): bigint { return this.nextUint64Big(); }
  randomRaw(size?: SizeLike | { size?: SizeLike; output?: boolean }, output = true): bigint | NDArray | null {
    return randomRaw(this, [size, output]);
  }
  /** A new PCG64 whose state is this one's advanced by `jumps * 2^128 (phi - 1)` draws. */
  jumped(jumps: number | bigint | { jumps?: number | bigint } = 1): PCG64 {
    const bg = new (this.constructor as typeof PCG64)();
    bg.state = this.state;
    bg.jumpInplace(jumpsArg(jumps));
    return bg;
  }
  override advance(delta: number | bigint | { delta: number | bigint }): this {
    return super.advance(isOptions(delta) ? delta.delta : delta);
  }
  spawn(nChildren: number | { nChildren: number }): PCG64[] { return spawn(this, nChildren, (s) => new (this.constructor as typeof PCG64)(s)); }
}

/** NumPy's `PCG64DXSM`: PCG CM DXSM 128/64. */
export class PCG64DXSM extends PCG64DXSMCore implements Public {
  seedSeq: SeedSequence | null;
  constructor(...args: [seed?: SeedLike] | [{ seed?: SeedLike }]) {
    super();
    this.seedSeq = defaultSeedSequence(seedArg(args, "PCG64DXSM"));
    this.seedWords(this.seedSeq.generateWords(8));
  }
  nextRaw(): bigint { return this.nextUint64Big(); }
  randomRaw(size?: SizeLike | { size?: SizeLike; output?: boolean }, output = true): bigint | NDArray | null {
    return randomRaw(this, [size, output]);
  }
  jumped(jumps: number | bigint | { jumps?: number | bigint } = 1): PCG64DXSM {
    const bg = new (this.constructor as typeof PCG64DXSM)();
    bg.state = this.state;
    bg.jumpInplace(jumpsArg(jumps));
    return bg;
  }
  override advance(delta: number | bigint | { delta: number | bigint }): this {
    return super.advance(isOptions(delta) ? delta.delta : delta);
  }
  spawn(nChildren: number | { nChildren: number }): PCG64DXSM[] { return spawn(this, nChildren, (s) => new (this.constructor as typeof PCG64DXSM)(s)); }
}

type BigLike = number | bigint | readonly (number | bigint)[] | NDArray;

/** NumPy's `Philox(seed=None, counter=None, key=None)`: Philox4x64-10. */
export class Philox extends PhiloxCore implements Public {
  seedSeq: SeedSequence | null;
  constructor(...args: [seed?: SeedLike, counter?: BigLike | null, key?: BigLike | null] | [{ seed?: SeedLike; counter?: BigLike | null; key?: BigLike | null }]) {
    super();
    let seed: unknown = args[0], counter: unknown = args[1], key: unknown = args[2];
    if (args.length === 1 && isOptions(args[0])) ({ seed, counter, key } = args[0]);
    if (args.length > 3) throw new TypeError(`Philox() takes at most 3 positional arguments (${args.length} given)`);
    if (seed != null && key != null) throw new ValueError("seed and key cannot be both used");
    this.seedSeq = defaultSeedSequence(seed as SeedLike);
    if (key != null) {
      const k = intToWords(key, "key", 128);
      for (let i = 0; i < 2; i++) toLimbs(k[i]!, 2, this.key, 2 * i);
      this.seedSeq = null;
    } else {
      const w = this.seedSeq.generateWords(4);
      for (let i = 0; i < 4; i++) this.key[i] = w[i]!;
    }
    const c = intToWords(counter ?? 0, "counter", 256);
    for (let i = 0; i < 4; i++) toLimbs(c[i]!, 2, this.ctr, 2 * i);
    this.resetBuffer();
  }
  nextRaw(): bigint { return this.nextUint64Big(); }
  randomRaw(size?: SizeLike | { size?: SizeLike; output?: boolean }, output = true): bigint | NDArray | null {
    return randomRaw(this, [size, output]);
  }
  /** A new Philox advanced by `jumps * 2^128` draws. */
  jumped(jumps: number | bigint | { jumps?: number | bigint } = 1): Philox {
    const bg = new (this.constructor as typeof Philox)();
    bg.state = this.state;
    bg.jumpInplace(jumpsArg(jumps));
    return bg;
  }
  override advance(delta: number | bigint | { delta: number | bigint }): this {
    return super.advance(isOptions(delta) ? delta.delta : delta);
  }
  spawn(nChildren: number | { nChildren: number }): Philox[] { return spawn(this, nChildren, (s) => new (this.constructor as typeof Philox)(s)); }
}

/** NumPy's `SFC64`. */
export class SFC64 extends SFC64Core implements Public {
  seedSeq: SeedSequence | null;
  constructor(...args: [seed?: SeedLike] | [{ seed?: SeedLike }]) {
    super();
    this.seedSeq = defaultSeedSequence(seedArg(args, "SFC64"));
    this.seedWords(this.seedSeq.generateWords(6));
  }
  nextRaw(): bigint { return this.nextUint64Big(); }
  randomRaw(size?: SizeLike | { size?: SizeLike; output?: boolean }, output = true): bigint | NDArray | null {
    return randomRaw(this, [size, output]);
  }
  spawn(nChildren: number | { nChildren: number }): SFC64[] { return spawn(this, nChildren, (s) => new (this.constructor as typeof SFC64)(s)); }
}

export interface MT19937State { bit_generator: string; state: { key: Uint32Array; pos: number } }

/** NumPy's `MT19937`: the Mersenne Twister seeded through SeedSequence (or, by RandomState, the
 *  legacy way with `legacySeeding`). */
export class MT19937 extends MT19937Core implements Public {
  seedSeq: SeedSequence | null;
  constructor(...args: [seed?: SeedLike] | [{ seed?: SeedLike }]) {
    super();
    this.seedSeq = defaultSeedSequence(seedArg(args, "MT19937"));
    this.seedWords(this.seedSeq.generateWords(MT_N));
  }
  /** MT19937's raw output is one 32-bit draw (as uint64). */
  nextRaw(): bigint { return BigInt(this.nextUint32()); }
  randomRaw(size?: SizeLike | { size?: SizeLike; output?: boolean }, output = true): bigint | NDArray | null {
    return randomRaw(this, [size, output]);
  }

  get state(): MT19937State {
    return { bit_generator: "MT19937", state: { key: this.key.slice(), pos: this.pos } };
  }

  /** A state dict, or RandomState's legacy tuple `["MT19937", key, pos, ...]` (3 or 5 long). */
  set state(value: MT19937State | readonly unknown[]) {
    let v: unknown = value;
    if (Array.isArray(value)) {
      if (value[0] !== "MT19937" || (value.length !== 3 && value.length !== 5)) throw new ValueError("state is not a legacy MT19937 state");
      v = { bit_generator: "MT19937", state: { key: value[1], pos: value[2] } };
    }
    const d = checkStateDict(v, "MT19937", "PRNG");
    const s = d.state as { key?: unknown; pos?: unknown } | undefined;
    let key = s?.key as ArrayLike<number> | { tolist(): unknown } | undefined;
    if (key && typeof (key as { tolist?: unknown }).tolist === "function") key = (key as { tolist(): unknown }).tolist() as number[];
    const k = key as ArrayLike<number | bigint> | undefined;
    if (!k || typeof k.length !== "number" || k.length < MT_N) throw new ValueError(`state['state']['key'] must have ${MT_N} elements`);
    for (let i = 0; i < MT_N; i++) this.key[i] = Number(BigInt.asUintN(32, BigInt(k[i]!)));
    this.pos = Number(s?.pos);
  }

  /** Jumps in place by `jumps` times 2^128 draws. */
  jumpInplace(jumps: number | bigint = 1): this {
    const n = Number(intArg(jumps, "jumps"));
    for (let i = 0; i < n; i++) mt19937Jump(this);
    return this;
  }

  /** A new MT19937 whose state is this one's jumped `jumps` times 2^128 draws ahead. */
  jumped(jumps: number | bigint | { jumps?: number | bigint } = 1): MT19937 {
    const bg = new (this.constructor as typeof MT19937)();
    bg.state = this.state;
    bg.jumpInplace(jumpsArg(jumps));
    return bg;
  }

  spawn(nChildren: number | { nChildren: number }): MT19937[] { return spawn(this, nChildren, (s) => new (this.constructor as typeof MT19937)(s)); }

  /** NumPy's `MT19937._legacy_seeding` (what `RandomState(seed)` / `np.random.seed(seed)` do):
   *  an integer in [0, 2^32) → Knuth's seeding; a 1-d sequence → `init_by_array`; `null` → fresh
   *  SeedSequence words. The seed sequence is dropped. */
  legacySeeding(seed: unknown): void {
    const range = "Seed must be between 0 and 2**32 - 1";
    if (seed == null) {
      const w = new SeedSequence().generateWords(MT_N);
      this.key[0] = 0x80000000;
      for (let i = 1; i < MT_N; i++) this.key[i] = w[i]!;
      // NumPy leaves `pos` as it was here.
      this.seedSeq = null;
      return;
    }
    let s: unknown = seed;
    if (s instanceof NDArray) {
      // NumPy squeezes an array first: a one-element array seeds as its integer.
      const arr = s.evalSync();
      s = arr.size === 1 ? (arr.reshape([]).tolist() as unknown) : arr.tolist();
      if (arr.size === 1 && (arr.dtype.kind === "f" || arr.dtype.kind === "c")) {
        throw new TypeError(`Cannot cast array data from dtype('${String(arr.dtype)}') to dtype('int64') according to the rule 'safe'`);
      }
    }
    if (typeof s === "number" || typeof s === "bigint" || typeof s === "boolean") {
      if (typeof s === "number" && !Number.isInteger(s)) {
        throw new TypeError("Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'");
      }
      const v = typeof s === "boolean" ? (s ? 1n : 0n) : BigInt(s);
      if (v < 0n || v > 0xffffffffn) throw new ValueError(range);
      this.seed(Number(v));
      this.seedSeq = null;
      return;
    }
    if (typeof s === "string") throw new TypeError(`Cannot cast array data from dtype('<U${s.length}') to dtype('int64') according to the rule 'safe'`);
    if (typeof s !== "object" || s === null || typeof (s as ArrayLike<unknown>).length !== "number") {
      throw new TypeError(`Cannot cast array data from dtype('O') to dtype('int64') according to the rule 'safe'`);
    }
    const a = Array.from(s as ArrayLike<unknown>);
    if (a.length === 0) throw new ValueError("Seed must be non-empty");
    if (a.some((x) => typeof x === "object" && x !== null)) {
      const flat = (a as unknown[]).flat(Infinity);
      if (flat.length === 0) throw new ValueError("Seed must be non-empty");
      if (flat.some((x) => typeof x === "number" && !Number.isInteger(x))) {
        throw new TypeError("Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'");
      }
      throw new ValueError("Seed array must be 1-d");
    }
    if (a.some((x) => typeof x === "number" && !Number.isInteger(x))) {
      throw new TypeError("Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'");
    }
    const words = new Uint32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const v = typeof x === "bigint" ? x : typeof x === "boolean" ? (x ? 1n : 0n) : typeof x === "number" ? BigInt(x) : null;
      if (v === null) throw new TypeError(`Cannot cast array data from dtype('O') to dtype('int64') according to the rule 'safe'`);
      if (v < 0n || v > 0xffffffffn) throw new ValueError(range);
      words[i] = Number(v);
    }
    this.seedArray(words);
    this.seedSeq = null;
  }
}
