// PCG64 (PCG XSL RR 128/64) and PCG64DXSM (PCG CM DXSM 128/64), O'Neill's permuted congruential
// generators as NumPy runs them (`src/pcg64/pcg64.h`): a 128-bit LCG state and odd increment.
// The 128-bit arithmetic of a draw is done in four uint32 limbs: low words by `Math.imul`, the
// high word of a 32x32 product from the double product (exact to within 2^12, so rounding the
// difference from the exact low word recovers it). BigInt is used only to seed, jump and advance.

import { BitGenerator, TWO_M53 } from "./bitgen.js";
import { big, checkStateDict, fromLimbs, intArg, toLimbs } from "./engine-state.js";

const TWO_M32 = 1 / 4294967296;
const TWO_21 = 2097152;
const MASK128 = (1n << 128n) - 1n;

// PCG_DEFAULT_MULTIPLIER_128, little-endian uint32 limbs.
const M0 = 0x9fccf645, M1 = 0x4385df64, M2 = 0x1fc65da4, M3 = 0x2360ed05;
const MULT128 = (2549297995355413924n << 64n) + 4865540595714422341n;
// PCG_CHEAP_MULTIPLIER_128 (a 64-bit constant).
const K0 = 0xe4dd58b5, K1 = 0xda942042;
const CHEAP = 0xda942042e4dd58b5n;
/** `jumped` advances by `jumps` times this (2^128 * (phi - 1)). */
export const PCG64_JUMP_STEP = 0x9e3779b97f4a7c15f39cc0605cedc835n;

/** NumPy's `pcg_advance_lcg_128` (Brown's arbitrary-stride jump), in BigInt. */
function advanceLcg(state: bigint, delta: bigint, mult: bigint, plus: bigint): bigint {
  let accMult = 1n, accPlus = 0n;
  while (delta > 0n) {
    if (delta & 1n) {
      accMult = (accMult * mult) & MASK128;
      accPlus = (accPlus * mult + plus) & MASK128;
    }
    plus = ((mult + 1n) * plus) & MASK128;
    mult = (mult * mult) & MASK128;
    delta >>= 1n;
  }
  return (accMult * state + accPlus) & MASK128;
}

/** The state both PCG variants share: `st` = [state limbs 0..3, inc limbs 0..3], low first. */
abstract class PCG128 extends BitGenerator {
  readonly st = new Uint32Array(8);
  /** NumPy's `has_uint32` / `uinteger`: the high half of a 64-bit draw kept for the next uint32. */
  hasUint32 = 0;
  uinteger = 0;
  abstract readonly name: string;
  protected abstract readonly mult: bigint;

  /** `pcg64_set_seed` from the 8 uint32 words of `generate_state(4, uint64)`. Both variants seed
   *  with the default 128-bit multiplier (NumPy's PCG64DXSM calls the same `pcg64_set_seed`). */
  seedWords(w: ArrayLike<number>): this {
    const u64 = (k: number) => (BigInt(w[2 * k + 1]! >>> 0) << 32n) | BigInt(w[2 * k]! >>> 0);
    const initstate = (u64(0) << 64n) | u64(1);
    const initseq = (u64(2) << 64n) | u64(3);
    const inc = ((initseq << 1n) | 1n) & MASK128;
    let s = inc; // the first step from state 0
    s = (s + initstate) & MASK128;
    s = (s * MULT128 + inc) & MASK128;
    this.set128(s, inc);
    this.hasUint32 = 0;
    this.uinteger = 0;
    return this;
  }

  /** The 128-bit state and increment as bigints. */
  get128(): { state: bigint; inc: bigint } {
    return { state: fromLimbs(this.st, 4, 0), inc: fromLimbs(this.st, 4, 4) };
  }

  set128(state: bigint, inc: bigint): void {
    toLimbs(state & MASK128, 4, this.st, 0);
    toLimbs(inc & MASK128, 4, this.st, 4);
  }

  /** NumPy's state dict: `{ bit_generator, state: { state, inc }, has_uint32, uinteger }`. */
  get state(): { bit_generator: string; state: { state: bigint; inc: bigint }; has_uint32: number; uinteger: number } {
    return { bit_generator: this.name, state: this.get128(), has_uint32: this.hasUint32, uinteger: this.uinteger };
  }

  set state(value: { bit_generator: string; state: { state: bigint | number; inc: bigint | number }; has_uint32: number; uinteger: number }) {
    const v = checkStateDict(value, this.name, "RNG");
    const s = v.state as Record<string, unknown> | undefined;
    if (typeof s !== "object" || s === null) throw new TypeError("state['state'] must be a dict");
    const state = big(s.state, "state"), inc = big(s.inc, "inc");
    if (state < 0n || state > MASK128 || inc < 0n || inc > MASK128) throw new RangeError("Python int too large to convert to C unsigned long");
    this.set128(state, inc);
    this.hasUint32 = Number(v.has_uint32) ? 1 : 0;
    this.uinteger = Number(v.uinteger) >>> 0;
  }

  /** NumPy's `advance(delta)`: as if `delta` (mod 2^128) 64-bit draws were made; clears the uint32 buffer. */
  advance(delta: bigint | number): this {
    const d = BigInt.asUintN(128, intArg(delta, "delta"));
    const { state, inc } = this.get128();
    this.set128(advanceLcg(state, d, this.mult, inc), inc);
    this.hasUint32 = 0;
    this.uinteger = 0;
    return this;
  }

  /** Jumps in place by `jumps * 2^128 (phi - 1)` draws (NumPy's `jump_inplace`). */
  jumpInplace(jumps: bigint | number = 1): this {
    return this.advance(PCG64_JUMP_STEP * intArg(jumps, "jumps"));
  }

  nextUint32(): number {
    if (this.hasUint32) { this.hasUint32 = 0; return this.uinteger; }
    const hi = this.nextUint64();
    this.hasUint32 = 1;
    this.uinteger = hi;
    return this.lo;
  }

  nextDouble(): number {
    const hi = this.nextUint64();
    return (hi * TWO_21 + (this.lo >>> 11)) * TWO_M53;
  }
}

export class PCG64Core extends PCG128 {
  readonly name: string = "PCG64";
  protected readonly mult = MULT128;

  /** An engine seeded from 8 SeedSequence words (`generate_state(8, uint32)` = `generate_state(4, uint64)`). */
  static fromSeedWords(words: ArrayLike<number>): PCG64Core {
    return new PCG64Core().seedWords(words);
  }

  /** One LCG step then the XSL RR output: high uint32 returned, low left in `lo`. */
  nextUint64(): number {
    const st = this.st;
    const s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    // state = state * MULT + inc (mod 2^128)
    let l00 = Math.imul(s0, M0) >>> 0; const h00 = ((s0 * M0 - l00) * TWO_M32 + 0.5) >>> 0;
    const l01 = Math.imul(s0, M1) >>> 0, h01 = ((s0 * M1 - l01) * TWO_M32 + 0.5) >>> 0;
    const l10 = Math.imul(s1, M0) >>> 0, h10 = ((s1 * M0 - l10) * TWO_M32 + 0.5) >>> 0;
    const l02 = Math.imul(s0, M2) >>> 0, h02 = ((s0 * M2 - l02) * TWO_M32 + 0.5) >>> 0;
    const l11 = Math.imul(s1, M1) >>> 0, h11 = ((s1 * M1 - l11) * TWO_M32 + 0.5) >>> 0;
    const l20 = Math.imul(s2, M0) >>> 0, h20 = ((s2 * M0 - l20) * TWO_M32 + 0.5) >>> 0;
    let t = l00 + st[4]!;
    const n0 = t >>> 0;
    t = h00 + l01 + l10 + st[5]! + (t - n0) * TWO_M32;
    const n1 = t >>> 0;
    t = h01 + h10 + l02 + l11 + l20 + st[6]! + (t - n1) * TWO_M32;
    const n2 = t >>> 0;
    const n3 = (h02 + h11 + h20 + st[7]! + (t - n2) * TWO_M32 +
      Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0)) >>> 0;
    st[0] = n0; st[1] = n1; st[2] = n2; st[3] = n3;
    // XSL RR: rotr64(high ^ low, state >> 122)
    let xh = n3 ^ n1, xl = n2 ^ n0;
    let r = n3 >>> 26;
    if (r >= 32) { const x = xh; xh = xl; xl = x; r -= 32; }
    const rl = 31 - r;
    l00 = ((xh >>> r) | ((xl << rl) << 1)) >>> 0;
    this.lo = ((xl >>> r) | ((xh << rl) << 1)) >>> 0;
    return l00;
  }

  override fillDouble(out: Float64Array, start: number, end: number): void {
    const st = this.st;
    let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    const c0 = st[4]!, c1 = st[5]!, c2 = st[6]!, c3 = st[7]!;
    for (let i = start; i < end; i++) {
      const l00 = Math.imul(s0, M0) >>> 0, h00 = ((s0 * M0 - l00) * TWO_M32 + 0.5) >>> 0;
      const l01 = Math.imul(s0, M1) >>> 0, h01 = ((s0 * M1 - l01) * TWO_M32 + 0.5) >>> 0;
      const l10 = Math.imul(s1, M0) >>> 0, h10 = ((s1 * M0 - l10) * TWO_M32 + 0.5) >>> 0;
      const l02 = Math.imul(s0, M2) >>> 0, h02 = ((s0 * M2 - l02) * TWO_M32 + 0.5) >>> 0;
      const l11 = Math.imul(s1, M1) >>> 0, h11 = ((s1 * M1 - l11) * TWO_M32 + 0.5) >>> 0;
      const l20 = Math.imul(s2, M0) >>> 0, h20 = ((s2 * M0 - l20) * TWO_M32 + 0.5) >>> 0;
      let t = l00 + c0;
      const n0 = t >>> 0;
      t = h00 + l01 + l10 + c1 + (t - n0) * TWO_M32;
      const n1 = t >>> 0;
      t = h01 + h10 + l02 + l11 + l20 + c2 + (t - n1) * TWO_M32;
      const n2 = t >>> 0;
      const n3 = (h02 + h11 + h20 + c3 + (t - n2) * TWO_M32 +
        Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0)) >>> 0;
      s0 = n0; s1 = n1; s2 = n2; s3 = n3;
      let xh = n3 ^ n1, xl = n2 ^ n0;
      let r = n3 >>> 26;
      if (r >= 32) { const x = xh; xh = xl; xl = x; r -= 32; }
      const rl = 31 - r;
      const hi = ((xh >>> r) | ((xl << rl) << 1)) >>> 0;
      const lo = ((xl >>> r) | ((xh << rl) << 1)) >>> 0;
      out[i] = (hi * TWO_21 + (lo >>> 11)) * TWO_M53;
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }
}

export class PCG64DXSMCore extends PCG128 {
  readonly name: string = "PCG64DXSM";
  protected readonly mult = CHEAP;

  static fromSeedWords(words: ArrayLike<number>): PCG64DXSMCore {
    return new PCG64DXSMCore().seedWords(words);
  }

  /** DXSM output of the current state, then the cheap-multiplier step (`pcg_cm_random_r`). */
  nextUint64(): number {
    const st = this.st;
    const s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    // hi ^= hi >> 32; hi *= CHEAP; hi ^= hi >> 48; hi *= lo | 1 (all mod 2^64)
    let a1 = s3, a0 = (s2 ^ s3) >>> 0;
    let l = Math.imul(a0, K0) >>> 0;
    let h = ((((a0 * K0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, K1) + Math.imul(a1, K0)) >>> 0;
    a1 = h; a0 = (l ^ (h >>> 16)) >>> 0;
    const b0 = (s0 | 1) >>> 0;
    l = Math.imul(a0, b0) >>> 0;
    h = ((((a0 * b0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, s1) + Math.imul(a1, b0)) >>> 0;
    this.lo = l;
    // state = state * CHEAP + inc (mod 2^128)
    const l00 = Math.imul(s0, K0) >>> 0, h00 = ((s0 * K0 - l00) * TWO_M32 + 0.5) >>> 0;
    const l01 = Math.imul(s0, K1) >>> 0, h01 = ((s0 * K1 - l01) * TWO_M32 + 0.5) >>> 0;
    const l10 = Math.imul(s1, K0) >>> 0, h10 = ((s1 * K0 - l10) * TWO_M32 + 0.5) >>> 0;
    const l11 = Math.imul(s1, K1) >>> 0, h11 = ((s1 * K1 - l11) * TWO_M32 + 0.5) >>> 0;
    const l20 = Math.imul(s2, K0) >>> 0, h20 = ((s2 * K0 - l20) * TWO_M32 + 0.5) >>> 0;
    let t = l00 + st[4]!;
    const n0 = t >>> 0;
    t = h00 + l01 + l10 + st[5]! + (t - n0) * TWO_M32;
    const n1 = t >>> 0;
    t = h01 + h10 + l11 + l20 + st[6]! + (t - n1) * TWO_M32;
    const n2 = t >>> 0;
    st[3] = (h11 + h20 + st[7]! + (t - n2) * TWO_M32 + Math.imul(s2, K1) + Math.imul(s3, K0)) >>> 0;
    st[0] = n0; st[1] = n1; st[2] = n2;
    return h;
  }

  override fillDouble(out: Float64Array, start: number, end: number): void {
    const st = this.st;
    let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    const c0 = st[4]!, c1 = st[5]!, c2 = st[6]!, c3 = st[7]!;
    for (let i = start; i < end; i++) {
      let a1 = s3, a0 = (s2 ^ s3) >>> 0;
      let l = Math.imul(a0, K0) >>> 0;
      let h = ((((a0 * K0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, K1) + Math.imul(a1, K0)) >>> 0;
      a1 = h; a0 = (l ^ (h >>> 16)) >>> 0;
      const b0 = (s0 | 1) >>> 0;
      l = Math.imul(a0, b0) >>> 0;
      h = ((((a0 * b0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, s1) + Math.imul(a1, b0)) >>> 0;
      out[i] = (h * TWO_21 + (l >>> 11)) * TWO_M53;
      const l00 = Math.imul(s0, K0) >>> 0, h00 = ((s0 * K0 - l00) * TWO_M32 + 0.5) >>> 0;
      const l01 = Math.imul(s0, K1) >>> 0, h01 = ((s0 * K1 - l01) * TWO_M32 + 0.5) >>> 0;
      const l10 = Math.imul(s1, K0) >>> 0, h10 = ((s1 * K0 - l10) * TWO_M32 + 0.5) >>> 0;
      const l11 = Math.imul(s1, K1) >>> 0, h11 = ((s1 * K1 - l11) * TWO_M32 + 0.5) >>> 0;
      const l20 = Math.imul(s2, K0) >>> 0, h20 = ((s2 * K0 - l20) * TWO_M32 + 0.5) >>> 0;
      let t = l00 + c0;
      const n0 = t >>> 0;
      t = h00 + l01 + l10 + c1 + (t - n0) * TWO_M32;
      const n1 = t >>> 0;
      t = h01 + h10 + l11 + l20 + c2 + (t - n1) * TWO_M32;
      const n2 = t >>> 0;
      s3 = (h11 + h20 + c3 + (t - n2) * TWO_M32 + Math.imul(s2, K1) + Math.imul(s3, K0)) >>> 0;
      s0 = n0; s1 = n1; s2 = n2;
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }
}
