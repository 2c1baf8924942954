// PCG64 (PCG XSL RR 128/64) and PCG64DXSM (PCG CM DXSM 128/64), O'Neill's permuted congruential
// generators as NumPy runs them (`src/pcg64/pcg64.h`): a 128-bit LCG state and odd increment.
// The 128-bit arithmetic of a draw is done in four uint32 limbs: low words by `Math.imul`, and
// the high word of a 32x32 product p from the double product: fl(a*b) is within 2^11 of p
// (p < 2^64) and subtracting the exact low word adds at most 2^11 more, so
// (fl(a*b) - lo) * 2^-32 is within 2^-20 of the high word. A limb sums such terms (at most
// three) with exact uint32 terms and the carry (a few times 2^32, each addition off by at most
// 2^-18), adds 0.5 and truncates: the total error stays below 2^-15, far from 1/2, so every
// limb and carry is exact. BigInt is used only to seed, jump and advance. Runs of draws
// (`fillDouble`, `fillUint64` and so `fillUint32`) go to WebAssembly's i64 arithmetic
// (pcg64-wasm.ts) when it is there, about ten times faster; these loops are the fallback.

import { BitGenerator, TWO_M53 } from "./bitgen.js";
import { big, checkStateDict, fillUint32From64, fromLimbs, intArg, toLimbs } from "./engine-state.js";
import { OverflowError } from "../errors.js";
import { wasmFillDouble, wasmFillUint64, wasmNextDoublePcg64, wasmNextDxsm, wasmNextPcg64 } from "./pcg64-wasm.js";

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

// MULT^2 (mod 2^128): two steps at once, for the two interleaved chains of PCG64.fillDouble.
const MULT2 = (MULT128 * MULT128) & MASK128;
const Q0 = Number(MULT2 & 0xffffffffn), Q1 = Number((MULT2 >> 32n) & 0xffffffffn);
const Q2 = Number((MULT2 >> 64n) & 0xffffffffn), Q3 = Number((MULT2 >> 96n) & 0xffffffffn);

/** The XSL RR output of a state (limbs high to low) as NumPy's double: (out >> 11) * 2^-53. */
function xslrrDouble(n3: number, n2: number, n1: number, n0: number): number {
  // rotr64 by n3 >>> 26 without a branch (the rotation is random, a branch mispredicts half
  // the time): swap the halves under a mask when the rotation is 32 or more.
  const ph = n3 ^ n1, pl = n2 ^ n0;
  const m = n3 >> 31, sw = (ph ^ pl) & m;
  const xh = ph ^ sw, xl = pl ^ sw;
  const r = (n3 >>> 26) & 31;
  const rl = 31 - r;
  const hi = ((xh >>> r) | ((xl << rl) << 1)) >>> 0;
  const lo = (xl >>> r) | ((xh << rl) << 1);
  return (hi * TWO_21 + (lo >>> 11)) * TWO_M53;
}

/** The XSL RR output of a state (limbs high to low) written as hi/lo uint32 words at `i`. */
function xslrrWords(n3: number, n2: number, n1: number, n0: number, hi: Uint32Array, lo: Uint32Array, i: number): void {
  const ph = n3 ^ n1, pl = n2 ^ n0;
  const sw = (ph ^ pl) & (n3 >> 31);
  const xh = ph ^ sw, xl = pl ^ sw;
  const r = (n3 >>> 26) & 31, rl = 31 - r;
  hi[i] = (xh >>> r) | ((xl << rl) << 1);
  lo[i] = (xl >>> r) | ((xh << rl) << 1);
}

/** One PCG64 LCG step in place: state = state * MULT + inc (mod 2^128), on uint32 limbs. */
function pcg64Step(st: Uint32Array): void {
  const s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
  // Each 32x32 product's high word is (exact product - exact low word) / 2^32 from the double
  // product (within 2^-20 of an integer); a limb's terms are summed first and rounded once.
  const qu0 = s0 >>> 0, qu1 = s1 >>> 0, qu2 = s2 >>> 0;
  const ql00 = Math.imul(s0, M0) >>> 0, ql01 = Math.imul(s0, M1) >>> 0, ql10 = Math.imul(s1, M0) >>> 0;
  const ql02 = Math.imul(s0, M2) >>> 0, ql11 = Math.imul(s1, M1) >>> 0, ql20 = Math.imul(s2, M0) >>> 0;
  let qt = ql00 + st[4]! + 0.5;
  const qn0 = qt >>> 0;
  qt = (qu0 * M0 - ql00) * TWO_M32 + ql01 + ql10 + st[5]! + ((qt * TWO_M32) >>> 0) + 0.5;
  const qn1 = qt >>> 0;
  qt = ((qu0 * M1 - ql01) + (qu1 * M0 - ql10)) * TWO_M32 + ql02 + ql11 + ql20 + st[6]! + ((qt * TWO_M32) >>> 0) + 0.5;
  const qn2 = qt >>> 0;
  st[3] = (((((qu0 * M2 - ql02) + (qu1 * M1 - ql11) + (qu2 * M0 - ql20)) * TWO_M32 + 0.5) >>> 0) + st[7]! + ((qt * TWO_M32) >>> 0) +
    Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0)) | 0;
  st[0] = qn0; st[1] = qn1; st[2] = qn2;
}

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
    for (const x of [state, inc]) {
      // NumPy splits each into `x // 2**64` and `x % 2**64` stored as uint64
      if (x > MASK128) throw new OverflowError("Python int too large to convert to C long");
      if (x < 0n) throw new OverflowError(`Python integer ${x >> 64n} out of bounds for uint64`);
    }
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

  override fillUint32(out: Uint32Array, start: number, end: number): void {
    fillUint32From64(this, out, start, end);
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

  /** A bare engine with this one's state (e.g. to `advance` per block for a parallel fill:
   *  block k of a fill drawing one 64-bit output per element starts at `clone().advance(k * size)`). */
  clone(): PCG64Core {
    const c = new PCG64Core();
    c.st.set(this.st);
    c.hasUint32 = this.hasUint32;
    c.uinteger = this.uinteger;
    return c;
  }

  /** One LCG step then the XSL RR output: high uint32 returned, low left in `lo`. */
  /** One LCG step then the XSL RR output: high uint32 returned, low left in `lo`. */
  nextUint64(): number {
    const w = wasmNextPcg64(this);
    if (w >= 0) return w;
    const st = this.st;
    pcg64Step(st);
    const n0 = st[0]! | 0, n1 = st[1]! | 0, n2 = st[2]! | 0, n3 = st[3]! | 0;
    // XSL RR: rotr64(high ^ low, state >> 122)
    const ph = n3 ^ n1, pl = n2 ^ n0;
    const sw = (ph ^ pl) & (n3 >> 31); // swap the halves when the rotation is >= 32
    const xh = ph ^ sw, xl = pl ^ sw;
    const r = (n3 >>> 26) & 31, rl = 31 - r;
    this.lo = ((xl >>> r) | ((xh << rl) << 1)) >>> 0;
    return ((xh >>> r) | ((xl << rl) << 1)) >>> 0;
  }

  override nextDouble(): number {
    const w = wasmNextDoublePcg64(this.st);
    if (w >= 0) return w;
    const st = this.st;
    pcg64Step(st);
    return xslrrDouble(st[3]! | 0, st[2]! | 0, st[1]! | 0, st[0]! | 0);
  }

  /** The increment of two steps, (MULT + 1) * inc, as limbs; cached per increment. */
  private inc2 = new Uint32Array(8);

  override fillDouble(out: Float64Array, start: number, end: number): void {
    if (wasmFillDouble(false, this.st, out, start, end)) return;
    if (end - start >= 16) start = this.fillPairs(out, start, end);
    // Loop-carried limbs stay int32 (`| 0`) so the JIT keeps them unboxed; products and carries
    // use their unsigned values (`>>> 0`) in doubles.
    const st = this.st;
    let s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
    const c0 = st[4]!, c1 = st[5]!, c2 = st[6]!, c3 = st[7]!;
    for (let i = start; i < end; i++) {
      const su0 = s0 >>> 0, su1 = s1 >>> 0, su2 = s2 >>> 0;
      const sl00 = Math.imul(s0, M0) >>> 0, sl01 = Math.imul(s0, M1) >>> 0, sl10 = Math.imul(s1, M0) >>> 0;
      const sl02 = Math.imul(s0, M2) >>> 0, sl11 = Math.imul(s1, M1) >>> 0, sl20 = Math.imul(s2, M0) >>> 0;
      let t = sl00 + c0 + 0.5;
      const sn0 = t >>> 0;
      t = (su0 * M0 - sl00) * TWO_M32 + sl01 + sl10 + c1 + ((t * TWO_M32) >>> 0) + 0.5;
      const sn1 = t >>> 0;
      t = ((su0 * M1 - sl01) + (su1 * M0 - sl10)) * TWO_M32 + sl02 + sl11 + sl20 + c2 + ((t * TWO_M32) >>> 0) + 0.5;
      const sn2 = t >>> 0;
      s3 = (((((su0 * M2 - sl02) + (su1 * M1 - sl11) + (su2 * M0 - sl20)) * TWO_M32 + 0.5) >>> 0) + c3 + ((t * TWO_M32) >>> 0) +
        Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0)) | 0;
      s0 = sn0 | 0; s1 = sn1 | 0; s2 = sn2 | 0;
      out[i] = xslrrDouble(s3, s2, s1, s0);
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }

  /** Fills pairs of doubles from two interleaved chains (even states S_2k and odd states
   *  S_2k+1, each stepped by MULT^2), so the two dependency chains overlap in the CPU.
   *  Returns the index after the last pair; the state is left at the last output's. */
  private fillPairs(out: Float64Array, start: number, end: number): number {
    const st = this.st, q = this.twoStepInc();
    const d0 = q[4]!, d1 = q[5]!, d2 = q[6]!, d3 = q[7]!;
    // a = S_0 (the current state), b = S_1
    let a0 = st[0]! | 0, a1 = st[1]! | 0, a2 = st[2]! | 0, a3 = st[3]! | 0;
    this.nextUint64();
    let b0 = st[0]! | 0, b1 = st[1]! | 0, b2 = st[2]! | 0, b3 = st[3]! | 0;
    const pairsEnd = start + ((end - start) & ~1);
    for (let i = start; i < pairsEnd; i += 2) {
      // out[i] is S_(2k+1) = b; then both chains take two steps; out[i + 1] is the new a
      out[i] = xslrrDouble(b3, b2, b1, b0);
      const au0 = a0 >>> 0, au1 = a1 >>> 0, au2 = a2 >>> 0;
      const al00 = Math.imul(a0, Q0) >>> 0, al01 = Math.imul(a0, Q1) >>> 0, al10 = Math.imul(a1, Q0) >>> 0;
      const al02 = Math.imul(a0, Q2) >>> 0, al11 = Math.imul(a1, Q1) >>> 0, al20 = Math.imul(a2, Q0) >>> 0;
      let at = al00 + d0 + 0.5;
      const an0 = at >>> 0;
      at = (au0 * Q0 - al00) * TWO_M32 + al01 + al10 + d1 + ((at * TWO_M32) >>> 0) + 0.5;
      const an1 = at >>> 0;
      at = ((au0 * Q1 - al01) + (au1 * Q0 - al10)) * TWO_M32 + al02 + al11 + al20 + d2 + ((at * TWO_M32) >>> 0) + 0.5;
      const an2 = at >>> 0;
      a3 = (((((au0 * Q2 - al02) + (au1 * Q1 - al11) + (au2 * Q0 - al20)) * TWO_M32 + 0.5) >>> 0) + d3 + ((at * TWO_M32) >>> 0) +
        Math.imul(a0, Q3) + Math.imul(a1, Q2) + Math.imul(a2, Q1) + Math.imul(a3, Q0)) | 0;
      a0 = an0 | 0; a1 = an1 | 0; a2 = an2 | 0;
      const bu0 = b0 >>> 0, bu1 = b1 >>> 0, bu2 = b2 >>> 0;
      const bl00 = Math.imul(b0, Q0) >>> 0, bl01 = Math.imul(b0, Q1) >>> 0, bl10 = Math.imul(b1, Q0) >>> 0;
      const bl02 = Math.imul(b0, Q2) >>> 0, bl11 = Math.imul(b1, Q1) >>> 0, bl20 = Math.imul(b2, Q0) >>> 0;
      let bt = bl00 + d0 + 0.5;
      const bn0 = bt >>> 0;
      bt = (bu0 * Q0 - bl00) * TWO_M32 + bl01 + bl10 + d1 + ((bt * TWO_M32) >>> 0) + 0.5;
      const bn1 = bt >>> 0;
      bt = ((bu0 * Q1 - bl01) + (bu1 * Q0 - bl10)) * TWO_M32 + bl02 + bl11 + bl20 + d2 + ((bt * TWO_M32) >>> 0) + 0.5;
      const bn2 = bt >>> 0;
      b3 = (((((bu0 * Q2 - bl02) + (bu1 * Q1 - bl11) + (bu2 * Q0 - bl20)) * TWO_M32 + 0.5) >>> 0) + d3 + ((bt * TWO_M32) >>> 0) +
        Math.imul(b0, Q3) + Math.imul(b1, Q2) + Math.imul(b2, Q1) + Math.imul(b3, Q0)) | 0;
      b0 = bn0 | 0; b1 = bn1 | 0; b2 = bn2 | 0;
      out[i + 1] = xslrrDouble(a3, a2, a1, a0);
    }
    st[0] = a0; st[1] = a1; st[2] = a2; st[3] = a3;
    return pairsEnd;
  }

  override fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    if (wasmFillUint64(false, this.st, hi, lo, start, end)) return;
    if (end - start >= 16) start = this.fillWordPairs(hi, lo, start, end);
    for (let i = start; i < end; i++) { hi[i] = this.nextUint64(); lo[i] = this.lo; }
  }

  /** The increment limbs of two steps at once, (MULT + 1) * inc, in `inc2[4..8)` (cached by inc). */
  private twoStepInc(): Uint32Array {
    const st = this.st, q = this.inc2;
    if (q[0] !== st[4] || q[1] !== st[5] || q[2] !== st[6] || q[3] !== st[7]) {
      q.set(st.subarray(4, 8), 0);
      toLimbs(((MULT128 + 1n) * fromLimbs(st, 4, 4)) & MASK128, 4, q, 4);
    }
    return q;
  }

  /** `fillPairs` for 64-bit words: pairs from two interleaved chains (even states S_2k and odd states
   *  S_2k+1, each stepped by MULT^2), so the two dependency chains overlap in the CPU.
   *  Returns the index after the last pair; the state is left at the last output's. */
  private fillWordPairs(hi: Uint32Array, lo: Uint32Array, start: number, end: number): number {
    const st = this.st, q = this.twoStepInc();
    const d0 = q[4]!, d1 = q[5]!, d2 = q[6]!, d3 = q[7]!;
    // a = S_0 (the current state), b = S_1
    let a0 = st[0]! | 0, a1 = st[1]! | 0, a2 = st[2]! | 0, a3 = st[3]! | 0;
    this.nextUint64();
    let b0 = st[0]! | 0, b1 = st[1]! | 0, b2 = st[2]! | 0, b3 = st[3]! | 0;
    const pairsEnd = start + ((end - start) & ~1);
    for (let i = start; i < pairsEnd; i += 2) {
      // out[i] is S_(2k+1) = b; then both chains take two steps; out[i + 1] is the new a
      xslrrWords(b3, b2, b1, b0, hi, lo, i);
      const au0 = a0 >>> 0, au1 = a1 >>> 0, au2 = a2 >>> 0;
      const al00 = Math.imul(a0, Q0) >>> 0, al01 = Math.imul(a0, Q1) >>> 0, al10 = Math.imul(a1, Q0) >>> 0;
      const al02 = Math.imul(a0, Q2) >>> 0, al11 = Math.imul(a1, Q1) >>> 0, al20 = Math.imul(a2, Q0) >>> 0;
      let at = al00 + d0 + 0.5;
      const an0 = at >>> 0;
      at = (au0 * Q0 - al00) * TWO_M32 + al01 + al10 + d1 + ((at * TWO_M32) >>> 0) + 0.5;
      const an1 = at >>> 0;
      at = ((au0 * Q1 - al01) + (au1 * Q0 - al10)) * TWO_M32 + al02 + al11 + al20 + d2 + ((at * TWO_M32) >>> 0) + 0.5;
      const an2 = at >>> 0;
      a3 = (((((au0 * Q2 - al02) + (au1 * Q1 - al11) + (au2 * Q0 - al20)) * TWO_M32 + 0.5) >>> 0) + d3 + ((at * TWO_M32) >>> 0) +
        Math.imul(a0, Q3) + Math.imul(a1, Q2) + Math.imul(a2, Q1) + Math.imul(a3, Q0)) | 0;
      a0 = an0 | 0; a1 = an1 | 0; a2 = an2 | 0;
      const bu0 = b0 >>> 0, bu1 = b1 >>> 0, bu2 = b2 >>> 0;
      const bl00 = Math.imul(b0, Q0) >>> 0, bl01 = Math.imul(b0, Q1) >>> 0, bl10 = Math.imul(b1, Q0) >>> 0;
      const bl02 = Math.imul(b0, Q2) >>> 0, bl11 = Math.imul(b1, Q1) >>> 0, bl20 = Math.imul(b2, Q0) >>> 0;
      let bt = bl00 + d0 + 0.5;
      const bn0 = bt >>> 0;
      bt = (bu0 * Q0 - bl00) * TWO_M32 + bl01 + bl10 + d1 + ((bt * TWO_M32) >>> 0) + 0.5;
      const bn1 = bt >>> 0;
      bt = ((bu0 * Q1 - bl01) + (bu1 * Q0 - bl10)) * TWO_M32 + bl02 + bl11 + bl20 + d2 + ((bt * TWO_M32) >>> 0) + 0.5;
      const bn2 = bt >>> 0;
      b3 = (((((bu0 * Q2 - bl02) + (bu1 * Q1 - bl11) + (bu2 * Q0 - bl20)) * TWO_M32 + 0.5) >>> 0) + d3 + ((bt * TWO_M32) >>> 0) +
        Math.imul(b0, Q3) + Math.imul(b1, Q2) + Math.imul(b2, Q1) + Math.imul(b3, Q0)) | 0;
      b0 = bn0 | 0; b1 = bn1 | 0; b2 = bn2 | 0;
      xslrrWords(a3, a2, a1, a0, hi, lo, i + 1);
    }
    st[0] = a0; st[1] = a1; st[2] = a2; st[3] = a3;
    return pairsEnd;
  }
}

/** PCG64DXSM's draw in JavaScript: the DXSM output of the state (`pcg_cm_random_r`), high word
 *  returned and low left in `e.lo`, then the cheap-multiplier step. */
function dxsmStep(e: { readonly st: Uint32Array; lo: number }): number {
  const st = e.st;
  const s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
  // hi ^= hi >> 32; hi *= CHEAP; hi ^= hi >> 48; hi *= lo | 1 (all mod 2^64)
  let a1 = s3, a0 = (s2 ^ s3) >>> 0;
  let l = Math.imul(a0, K0) >>> 0;
  let h = ((((a0 * K0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, K1) + Math.imul(a1, K0)) >>> 0;
  a1 = h; a0 = (l ^ (h >>> 16)) >>> 0;
  const b0 = (s0 | 1) >>> 0;
  l = Math.imul(a0, b0) >>> 0;
  h = ((((a0 * b0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, s1) + Math.imul(a1, b0)) >>> 0;
  e.lo = l;
  // state = state * CHEAP + inc (mod 2^128)
  const u0 = s0 >>> 0, u1 = s1 >>> 0, u2 = s2 >>> 0;
  const l00 = Math.imul(s0, K0) >>> 0, l01 = Math.imul(s0, K1) >>> 0, l10 = Math.imul(s1, K0) >>> 0;
  const l11 = Math.imul(s1, K1) >>> 0, l20 = Math.imul(s2, K0) >>> 0;
  let t = l00 + st[4]! + 0.5;
  const n0 = t >>> 0;
  t = (u0 * K0 - l00) * TWO_M32 + l01 + l10 + st[5]! + ((t * TWO_M32) >>> 0) + 0.5;
  const n1 = t >>> 0;
  t = ((u0 * K1 - l01) + (u1 * K0 - l10)) * TWO_M32 + l11 + l20 + st[6]! + ((t * TWO_M32) >>> 0) + 0.5;
  const n2 = t >>> 0;
  st[3] = (((((u1 * K1 - l11) + (u2 * K0 - l20)) * TWO_M32 + 0.5) >>> 0) + st[7]! + ((t * TWO_M32) >>> 0) +
    Math.imul(s2, K1) + Math.imul(s3, K0)) | 0;
  st[0] = n0; st[1] = n1; st[2] = n2;
  return h;
}

export class PCG64DXSMCore extends PCG128 {
  readonly name: string = "PCG64DXSM";
  protected readonly mult = CHEAP;

  static fromSeedWords(words: ArrayLike<number>): PCG64DXSMCore {
    return new PCG64DXSMCore().seedWords(words);
  }

  /** A bare engine with this one's state. */
  clone(): PCG64DXSMCore {
    const c = new PCG64DXSMCore();
    c.st.set(this.st);
    c.hasUint32 = this.hasUint32;
    c.uinteger = this.uinteger;
    return c;
  }

  nextUint64(): number {
    const w = wasmNextDxsm(this);
    return w >= 0 ? w : dxsmStep(this);
  }

  override fillDouble(out: Float64Array, start: number, end: number): void {
    if (wasmFillDouble(true, this.st, out, start, end)) return;
    // Loop-carried limbs stay int32 (`| 0`); products use their unsigned values in doubles.
    const st = this.st;
    let s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
    const c0 = st[4]!, c1 = st[5]!, c2 = st[6]!, c3 = st[7]!;
    for (let i = start; i < end; i++) {
      // DXSM output of the current state
      const a0 = s2 ^ s3;
      let l = Math.imul(a0, K0) >>> 0;
      const g1 = (((((a0 >>> 0) * K0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, K1) + Math.imul(s3, K0)) | 0;
      const g0 = l ^ (g1 >>> 16);
      const b0 = s0 | 1;
      l = Math.imul(g0, b0) >>> 0;
      const h = (((((g0 >>> 0) * (b0 >>> 0) - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(g0, s1) + Math.imul(g1, b0)) >>> 0;
      out[i] = (h * TWO_21 + (l >>> 11)) * TWO_M53;
      // state = state * CHEAP + inc
      const u0 = s0 >>> 0, u1 = s1 >>> 0, u2 = s2 >>> 0;
      const l00 = Math.imul(s0, K0) >>> 0, l01 = Math.imul(s0, K1) >>> 0, l10 = Math.imul(s1, K0) >>> 0;
      const l11 = Math.imul(s1, K1) >>> 0, l20 = Math.imul(s2, K0) >>> 0;
      let t = l00 + c0 + 0.5;
      const n0 = t >>> 0;
      t = (u0 * K0 - l00) * TWO_M32 + l01 + l10 + c1 + ((t * TWO_M32) >>> 0) + 0.5;
      const n1 = t >>> 0;
      t = ((u0 * K1 - l01) + (u1 * K0 - l10)) * TWO_M32 + l11 + l20 + c2 + ((t * TWO_M32) >>> 0) + 0.5;
      const n2 = t >>> 0;
      s3 = (((((u1 * K1 - l11) + (u2 * K0 - l20)) * TWO_M32 + 0.5) >>> 0) + c3 + ((t * TWO_M32) >>> 0) +
        Math.imul(s2, K1) + Math.imul(s3, K0)) | 0;
      s0 = n0 | 0; s1 = n1 | 0; s2 = n2 | 0;
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }

  override fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    if (wasmFillUint64(true, this.st, hi, lo, start, end)) return;
    // Loop-carried limbs stay int32 (`| 0`); products use their unsigned values in doubles.
    const st = this.st;
    let s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
    const c0 = st[4]!, c1 = st[5]!, c2 = st[6]!, c3 = st[7]!;
    for (let i = start; i < end; i++) {
      // DXSM output of the current state
      const a0 = s2 ^ s3;
      let l = Math.imul(a0, K0) >>> 0;
      const g1 = (((((a0 >>> 0) * K0 - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(a0, K1) + Math.imul(s3, K0)) | 0;
      const g0 = l ^ (g1 >>> 16);
      const b0 = s0 | 1;
      l = Math.imul(g0, b0) >>> 0;
      const h = (((((g0 >>> 0) * (b0 >>> 0) - l) * TWO_M32 + 0.5) >>> 0) + Math.imul(g0, s1) + Math.imul(g1, b0)) >>> 0;
      hi[i] = h; lo[i] = l;
      // state = state * CHEAP + inc
      const u0 = s0 >>> 0, u1 = s1 >>> 0, u2 = s2 >>> 0;
      const l00 = Math.imul(s0, K0) >>> 0, l01 = Math.imul(s0, K1) >>> 0, l10 = Math.imul(s1, K0) >>> 0;
      const l11 = Math.imul(s1, K1) >>> 0, l20 = Math.imul(s2, K0) >>> 0;
      let t = l00 + c0 + 0.5;
      const n0 = t >>> 0;
      t = (u0 * K0 - l00) * TWO_M32 + l01 + l10 + c1 + ((t * TWO_M32) >>> 0) + 0.5;
      const n1 = t >>> 0;
      t = ((u0 * K1 - l01) + (u1 * K0 - l10)) * TWO_M32 + l11 + l20 + c2 + ((t * TWO_M32) >>> 0) + 0.5;
      const n2 = t >>> 0;
      s3 = (((((u1 * K1 - l11) + (u2 * K0 - l20)) * TWO_M32 + 0.5) >>> 0) + c3 + ((t * TWO_M32) >>> 0) +
        Math.imul(s2, K1) + Math.imul(s3, K0)) | 0;
      s0 = n0 | 0; s1 = n1 | 0; s2 = n2 | 0;
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }
}
