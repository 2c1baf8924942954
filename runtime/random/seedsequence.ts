// SeedSequence, NumPy's seeding scheme (`bit_generator.pyx`, after O'Neill's `seed_seq`
// alternative): the entropy (any number of non-negative integers, of any size) is split into
// 32-bit words, hashed into a pool of `poolSize` words, and the pool is expanded into as many
// state words as a bit generator asks for. Every step is 32-bit integer arithmetic, so the words
// are NumPy's bit for bit. `spawn` derives independent children by extending the spawn key.

import { OverflowError, TypeError, ValueError } from "../errors.js";

/** An integer entropy value: a non-negative JS integer, a bigint, or a decimal/"0x" string. */
export type EntropyInt = number | bigint | string | boolean;
/** What `SeedSequence` accepts as entropy (`null`/`undefined`: fresh entropy from the OS). */
export type Entropy = EntropyInt | readonly EntropyInt[] | Uint32Array | ArrayLike<EntropyInt> | { tolist(): unknown } | null | undefined;

export interface SeedSequenceOptions {
  entropy?: Entropy;
  /** NumPy's `spawn_key`: the position of this sequence in a spawn tree. */
  spawnKey?: readonly EntropyInt[];
  /** NumPy's `pool_size` (at least 4). */
  poolSize?: number;
  /** NumPy's `n_children_spawned`, for re-creating a sequence from its recorded state. */
  nChildrenSpawned?: number;
}

const DEFAULT_POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const DECIMAL_RE = /^[0-9]+/;

const describe = (x: unknown): string =>
  typeof x === "string" ? x : typeof x === "bigint" ? x.toString() : Array.isArray(x) ? `[${x.map(describe).join(", ")}]` : String(x);

/** A Python-like integer from one entropy element (NumPy's `_coerce_to_uint32_array` scalar cases). */
function toBigInt(x: unknown): bigint | null {
  if (typeof x === "bigint") return x;
  if (typeof x === "boolean") return x ? 1n : 0n;
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError("seed must be integer");
    return BigInt(x);
  }
  if (typeof x === "string") {
    if (x.startsWith("0x")) {
      const body = x.slice(2);
      if (!/^[0-9a-fA-F]+(_?[0-9a-fA-F]+)*$/.test(body)) throw new ValueError(`invalid literal for int() with base 16: '${x}'`);
      return BigInt("0x" + body.replace(/_/g, ""));
    }
    if (DECIMAL_RE.test(x)) {
      if (!/^[0-9]+$/.test(x.trim())) throw new ValueError(`invalid literal for int() with base 10: '${x}'`);
      return BigInt(x.trim());
    }
    throw new ValueError("unrecognized seed string");
  }
  return null;
}

/** NumPy's `_int_to_uint32_array`: lowest 32 bits first; 0 is one word. */
function intWords(n: bigint, out: number[]): void {
  if (n < 0n) throw new ValueError("expected non-negative integer");
  if (n === 0n) { out.push(0); return; }
  while (n > 0n) { out.push(Number(n & 0xffffffffn)); n >>= 32n; }
}

const hasTolist = (x: unknown): x is { tolist(): unknown; evalSync?: () => unknown } =>
  typeof x === "object" && x !== null && typeof (x as { tolist?: unknown }).tolist === "function";

/** NumPy's `_coerce_to_uint32_array`: an integer (any size) or a flat sequence of them → uint32 words. */
export function coerceToUint32Array(x: unknown): Uint32Array {
  if (x instanceof Uint32Array) return x.slice();
  if (hasTolist(x)) { x.evalSync?.(); x = x.tolist(); }
  const n = toBigInt(x);
  const out: number[] = [];
  if (n !== null) { intWords(n, out); return Uint32Array.from(out); }
  if (typeof x !== "object" || x === null || typeof (x as ArrayLike<unknown>).length !== "number") {
    throw new TypeError(`object of type '${typeof x}' has no len()`);
  }
  const seq = x as ArrayLike<unknown>;
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i];
    // NumPy 2.4 coerces each element recursively, so nested sequences are flattened.
    if (typeof v === "object" && v !== null && (typeof (v as ArrayLike<unknown>).length === "number" || hasTolist(v))) {
      for (const w of coerceToUint32Array(v)) out.push(w);
      continue;
    }
    if (v === null || v === undefined) throw new TypeError("object of type 'NoneType' has no len()");
    const b = toBigInt(v);
    if (b === null) throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${describe(v)}`);
    intWords(b, out);
  }
  return Uint32Array.from(out);
}

/** `hashmix`: the multiplier `h[0]` is advanced as it goes. */
function hashmix(value: number, h: { c: number }): number {
  value = (value ^ h.c) >>> 0;
  h.c = Math.imul(h.c, MULT_A) >>> 0;
  value = Math.imul(value, h.c) >>> 0;
  return (value ^ (value >>> 16)) >>> 0;
}

function mix(x: number, y: number): number {
  const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (r ^ (r >>> 16)) >>> 0;
}

/** 128 (or `bits`) fresh random bits from the platform's CSPRNG, as NumPy's `secrets.randbits`. */
export function osEntropy(bits: number): bigint {
  const words = new Uint32Array(Math.ceil(bits / 32));
  globalThis.crypto.getRandomValues(words);
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]!);
  return BigInt.asUintN(bits, v);
}

const isOptions = (x: unknown): x is SeedSequenceOptions =>
  typeof x === "object" && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !hasTolist(x) &&
  typeof (x as ArrayLike<unknown>).length !== "number";

/** NumPy's `SeedSequence`. */
export class SeedSequence {
  /** The entropy as given (a bigint when it was drawn from the OS). */
  readonly entropy: Entropy;
  readonly spawnKey: readonly EntropyInt[];
  readonly poolSize: number;
  nChildrenSpawned: number;
  /** The mixed entropy pool (`poolSize` uint32 words). */
  readonly pool: Uint32Array;

  /** `new SeedSequence(entropy?, { spawnKey, poolSize, nChildrenSpawned })`, or one options object. */
  constructor(entropy?: Entropy | SeedSequenceOptions, opts: SeedSequenceOptions = {}) {
    if (isOptions(entropy)) { opts = entropy; entropy = entropy.entropy; }
    const poolSize = opts.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (poolSize < DEFAULT_POOL_SIZE) throw new ValueError(`The size of the entropy pool should be at least ${DEFAULT_POOL_SIZE}`);
    let e = entropy as Entropy;
    if (e === null || e === undefined) {
      e = osEntropy(poolSize * 32);
    } else if (typeof e === "number" && !Number.isInteger(e)) {
      throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${describe(e)}`);
    } else if (!(typeof e === "number" || typeof e === "bigint" || typeof e === "boolean" || Array.isArray(e) ||
        ArrayBuffer.isView(e) || hasTolist(e))) {
      throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${describe(e)}`);
    }
    this.entropy = e;
    this.spawnKey = [...(opts.spawnKey ?? [])];
    this.poolSize = poolSize;
    this.nChildrenSpawned = opts.nChildrenSpawned ?? 0;
    this.pool = new Uint32Array(poolSize);
    this.mixEntropy(this.pool, this.assembledEntropy());
  }

  /** NumPy's `state` property (the arguments that rebuild this sequence). */
  get state(): { entropy: Entropy; spawn_key: readonly EntropyInt[]; pool_size: number; n_children_spawned: number } {
    return { entropy: this.entropy, spawn_key: this.spawnKey, pool_size: this.poolSize, n_children_spawned: this.nChildrenSpawned };
  }

  private assembledEntropy(): Uint32Array {
    let run = coerceToUint32Array(this.entropy);
    const spawn = coerceToUint32Array(this.spawnKey);
    // Since NumPy 1.19 (gh-16539) short entropy is zero-padded to the pool size when there is a
    // spawn key, so that a child never collides with an unspawned sequence.
    if (spawn.length > 0 && run.length < this.poolSize) {
      const padded = new Uint32Array(this.poolSize);
      padded.set(run);
      run = padded;
    }
    const all = new Uint32Array(run.length + spawn.length);
    all.set(run);
    all.set(spawn, run.length);
    return all;
  }

  private mixEntropy(mixer: Uint32Array, ent: Uint32Array): void {
    const h = { c: INIT_A };
    const n = mixer.length;
    for (let i = 0; i < n; i++) mixer[i] = hashmix(i < ent.length ? ent[i]! : 0, h);
    for (let src = 0; src < n; src++) {
      for (let dst = 0; dst < n; dst++) {
        if (src !== dst) mixer[dst] = mix(mixer[dst]!, hashmix(mixer[src]!, h));
      }
    }
    for (let src = n; src < ent.length; src++) {
      for (let dst = 0; dst < n; dst++) mixer[dst] = mix(mixer[dst]!, hashmix(ent[src]!, h));
    }
  }

  /** `nWords` uint32 words of state (the stream `generate_state` draws both dtypes from). */
  generateWords(nWords: number): Uint32Array {
    const out = new Uint32Array(nWords);
    const pool = this.pool, n = pool.length;
    let h = INIT_B;
    for (let i = 0; i < nWords; i++) {
      let v = (pool[i % n]! ^ h) >>> 0;
      h = Math.imul(h, MULT_B) >>> 0;
      v = Math.imul(v, h) >>> 0;
      out[i] = (v ^ (v >>> 16)) >>> 0;
    }
    return out;
  }

  /** NumPy's `generate_state(n_words, dtype)`: uint32 words, or uint64 words made of little-endian pairs. */
  generateState(nWords: number, dtype?: "uint32"): Uint32Array;
  generateState(nWords: number, dtype: "uint64"): BigUint64Array;
  generateState(nWords: number, dtype?: "uint32" | "uint64"): Uint32Array | BigUint64Array;
  generateState(nWords: number | { nWords: number; dtype?: "uint32" | "uint64" }, dtype: "uint32" | "uint64" = "uint32"): Uint32Array | BigUint64Array {
    if (typeof nWords === "object") { dtype = nWords.dtype ?? "uint32"; nWords = nWords.nWords; }
    dtype = String(dtype) as "uint32" | "uint64"; // a dtype object names itself
    if (!Number.isInteger(nWords)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (nWords < 0) throw new ValueError("negative dimensions are not allowed");
    if (dtype === "uint32") return this.generateWords(nWords);
    if (dtype !== "uint64") throw new ValueError("only support uint32 or uint64");
    const w = this.generateWords(nWords * 2);
    const out = new BigUint64Array(nWords);
    for (let i = 0; i < nWords; i++) out[i] = (BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!);
    return out;
  }

  /** NumPy's `spawn(n_children)`: children with spawn keys `spawnKey + [i]`. */
  spawn(nChildren: number | { nChildren: number }): SeedSequence[] {
    if (typeof nChildren === "object" && nChildren !== null) nChildren = nChildren.nChildren;
    // NumPy 2.4's loop index is a C uint32, so a negative count overflows before any check.
    if (!Number.isInteger(nChildren)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (nChildren < 0) throw new OverflowError("can't convert negative value to uint32_t");
    const out: SeedSequence[] = [];
    const Ctor = this.constructor as new (e: Entropy, o: SeedSequenceOptions) => SeedSequence;
    for (let i = this.nChildrenSpawned; i < this.nChildrenSpawned + nChildren; i++) {
      out.push(new Ctor(this.entropy, { spawnKey: [...this.spawnKey, i], poolSize: this.poolSize }));
    }
    this.nChildrenSpawned += nChildren;
    return out;
  }

  toString(): string {
    const lines = ["SeedSequence(", `    entropy=${describe(this.entropy)},`];
    if (this.spawnKey.length) lines.push(`    spawn_key=(${this.spawnKey.map(describe).join(", ")}${this.spawnKey.length === 1 ? "," : ""}),`);
    if (this.poolSize !== DEFAULT_POOL_SIZE) lines.push(`    pool_size=${this.poolSize},`);
    if (this.nChildrenSpawned !== 0) lines.push(`    n_children_spawned=${this.nChildrenSpawned},`);
    lines.push(")");
    return lines.join("\n");
  }
}

/** Anything that hands out seeding words (NumPy's `ISeedSequence`). */
export interface SeedSource {
  generateState(nWords: number, dtype?: "uint32"): Uint32Array;
}

/** How `BitGenerator.__init__` turns a seed argument into a SeedSequence. */
export function toSeedSequence(seed: unknown): SeedSequence {
  if (seed instanceof SeedSequence) return seed;
  return new SeedSequence(seed as Entropy);
}
