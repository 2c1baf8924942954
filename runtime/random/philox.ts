// Philox4x64-10 (Salmon et al., Random123), the counter-based generator as NumPy runs it
// (`src/philox/philox.h`): a 256-bit counter and a 128-bit key; each increment of the counter
// yields four uint64 outputs (ten rounds of two 64x64→128 products), buffered and handed out in
// order. The products are done in uint32 limbs (low words by `Math.imul`, high words recovered
// from the double product), so a draw never allocates a BigInt.

import { BitGenerator, TWO_M53 } from "./bitgen.js";
import { big64Array, checkStateDict, fillUint32From64, fromLimbs, intArg, toLimbs } from "./engine-state.js";

const TWO_M32 = 1 / 4294967296;
const TWO_21 = 2097152;
// The round multipliers 0xD2E7470EE14C6C93 and 0xCA5A826395121157, and the Weyl key bumps
// 0x9E3779B97F4A7C15 and 0xBB67AE8584CAA73B, in uint32 halves (low, high).
const A0 = 0xe14c6c93, A1 = 0xd2e7470e;
const B0 = 0x95121157, B1 = 0xca5a8263;
const W00 = 0x7f4a7c15, W01 = 0x9e3779b9;
const W10 = 0x84caa73b, W11 = 0xbb67ae85;
export const PHILOX_BUFFER_SIZE = 4;

export class PhiloxCore extends BitGenerator {
  readonly name: string = "Philox";
  /** The 256-bit counter, little-endian uint32 limbs. */
  readonly ctr = new Uint32Array(8);
  /** The 128-bit key, little-endian uint32 limbs. */
  readonly key = new Uint32Array(4);
  /** The four uint64 outputs of the last block, as (low, high) uint32 pairs. */
  readonly buffer = new Uint32Array(8);
  bufferPos = PHILOX_BUFFER_SIZE;
  hasUint32 = 0;
  uinteger = 0;

  /** An engine whose key is the 4 uint32 words of `generate_state(2, uint64)` (counter 0). */
  static fromSeedWords(words: ArrayLike<number>): PhiloxCore {
    const p = new PhiloxCore();
    for (let i = 0; i < 4; i++) p.key[i] = words[i]! >>> 0;
    return p;
  }

  /** A bare engine with this one's state (counter, key, buffer). */
  clone(): PhiloxCore {
    const c = new PhiloxCore();
    c.ctr.set(this.ctr); c.key.set(this.key); c.buffer.set(this.buffer);
    c.bufferPos = this.bufferPos; c.hasUint32 = this.hasUint32; c.uinteger = this.uinteger;
    return c;
  }

  /** NumPy's `_reset_state_variables`: an empty buffer, no kept uint32. */
  resetBuffer(): void {
    this.hasUint32 = 0;
    this.uinteger = 0;
    this.bufferPos = PHILOX_BUFFER_SIZE;
    this.buffer.fill(0);
  }

  /** Increments the counter and fills the buffer with the next block (`philox4x64_R(10, ...)`). */
  private refill(): void {
    const c = this.ctr;
    // 256-bit increment
    for (let i = 0; i < 8; i++) { c[i] = (c[i]! + 1) >>> 0; if (c[i] !== 0) break; }
    // Loop-carried words stay int32 (`| 0`); products use their unsigned values in doubles.
    let x0 = c[0]! | 0, x1 = c[1]! | 0, x2 = c[2]! | 0, x3 = c[3]! | 0, x4 = c[4]! | 0, x5 = c[5]! | 0, x6 = c[6]! | 0, x7 = c[7]! | 0;
    const k = this.key;
    let k0 = k[0]! | 0, k1 = k[1]! | 0, k2 = k[2]! | 0, k3 = k[3]! | 0;
    for (let round = 0; round < 10; round++) {
      if (round > 0) {
        let n = (k0 + W00) | 0;
        k1 = (k1 + W01 + ((n >>> 0) < (k0 >>> 0) ? 1 : 0)) | 0; k0 = n;
        n = (k2 + W10) | 0;
        k3 = (k3 + W11 + ((n >>> 0) < (k2 >>> 0) ? 1 : 0)) | 0; k2 = n;
      }
      // (hi0, lo0) = A * ctr[0]: each limb's unrounded high words summed, then rounded once
      let u0 = x0 >>> 0, u1 = x1 >>> 0;
      const l00 = Math.imul(x0, A0) >>> 0, l01 = Math.imul(x0, A1) >>> 0;
      const l10 = Math.imul(x1, A0) >>> 0, l11 = Math.imul(x1, A1) >>> 0;
      let t = (u0 * A0 - l00) * TWO_M32 + l01 + l10 + 0.5;
      const lo0b = t >>> 0;
      t = ((u0 * A1 - l01) + (u1 * A0 - l10)) * TWO_M32 + l11 + ((t * TWO_M32) >>> 0) + 0.5;
      const hi0a = t >>> 0;
      const hi0b = (((u1 * A1 - l11) * TWO_M32 + 0.5) >>> 0) + ((t * TWO_M32) >>> 0);
      // (hi1, lo1) = B * ctr[2]
      u0 = x4 >>> 0; u1 = x5 >>> 0;
      const m00 = Math.imul(x4, B0) >>> 0, m01 = Math.imul(x4, B1) >>> 0;
      const m10 = Math.imul(x5, B0) >>> 0, m11 = Math.imul(x5, B1) >>> 0;
      t = (u0 * B0 - m00) * TWO_M32 + m01 + m10 + 0.5;
      const lo1b = t >>> 0;
      t = ((u0 * B1 - m01) + (u1 * B0 - m10)) * TWO_M32 + m11 + ((t * TWO_M32) >>> 0) + 0.5;
      const hi1a = t >>> 0;
      const hi1b = (((u1 * B1 - m11) * TWO_M32 + 0.5) >>> 0) + ((t * TWO_M32) >>> 0);
      // out = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0}
      x0 = hi1a ^ x2 ^ k0; x1 = hi1b ^ x3 ^ k1;
      x4 = hi0a ^ x6 ^ k2; x5 = hi0b ^ x7 ^ k3;
      x2 = m00 | 0; x3 = lo1b | 0; x6 = l00 | 0; x7 = lo0b | 0;
    }
    const b = this.buffer;
    b[0] = x0; b[1] = x1; b[2] = x2; b[3] = x3; b[4] = x4; b[5] = x5; b[6] = x6; b[7] = x7;
    this.bufferPos = 0;
  }

  nextUint64(): number {
    if (this.bufferPos >= PHILOX_BUFFER_SIZE) this.refill();
    const p = 2 * this.bufferPos++;
    this.lo = this.buffer[p]!;
    return this.buffer[p + 1]!;
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

  override fillDouble(out: Float64Array, start: number, end: number): void {
    const b = this.buffer;
    let i = start;
    while (i < end) {
      if (this.bufferPos >= PHILOX_BUFFER_SIZE) this.refill();
      let p = this.bufferPos;
      for (; p < PHILOX_BUFFER_SIZE && i < end; p++, i++) out[i] = (b[2 * p + 1]! * TWO_21 + (b[2 * p]! >>> 11)) * TWO_M53;
      this.bufferPos = p;
    }
  }

  override fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    const b = this.buffer;
    let i = start;
    while (i < end) {
      if (this.bufferPos >= PHILOX_BUFFER_SIZE) this.refill();
      let p = this.bufferPos;
      for (; p < PHILOX_BUFFER_SIZE && i < end; p++, i++) { hi[i] = b[2 * p + 1]!; lo[i] = b[2 * p]!; }
      this.bufferPos = p;
    }
  }

  /** NumPy's state dict: counter, key and buffer as uint64 arrays, plus the buffer position. */
  get state(): {
    bit_generator: string; state: { counter: BigUint64Array; key: BigUint64Array };
    buffer: BigUint64Array; buffer_pos: number; has_uint32: number; uinteger: number;
  } {
    const counter = new BigUint64Array(4), key = new BigUint64Array(2), buffer = new BigUint64Array(4);
    for (let i = 0; i < 4; i++) { counter[i] = fromLimbs(this.ctr, 2, 2 * i); buffer[i] = fromLimbs(this.buffer, 2, 2 * i); }
    for (let i = 0; i < 2; i++) key[i] = fromLimbs(this.key, 2, 2 * i);
    return { bit_generator: this.name, state: { counter, key }, buffer, buffer_pos: this.bufferPos, has_uint32: this.hasUint32, uinteger: this.uinteger };
  }

  set state(value: {
    bit_generator: string; state: { counter: ArrayLike<bigint | number>; key: ArrayLike<bigint | number> };
    buffer: ArrayLike<bigint | number>; buffer_pos: number; has_uint32: number; uinteger: number;
  }) {
    const v = checkStateDict(value, this.name, "PRNG");
    const s = v.state as Record<string, unknown>;
    const counter = big64Array(s?.counter, 4, "counter"), key = big64Array(s?.key, 2, "key");
    const buffer = big64Array(v.buffer, 4, "buffer");
    for (let i = 0; i < 4; i++) { toLimbs(counter[i]!, 2, this.ctr, 2 * i); toLimbs(buffer[i]!, 2, this.buffer, 2 * i); }
    for (let i = 0; i < 2; i++) toLimbs(key[i]!, 2, this.key, 2 * i);
    this.hasUint32 = Number(v.has_uint32) ? 1 : 0;
    this.uinteger = Number(v.uinteger) >>> 0;
    this.bufferPos = Number(v.buffer_pos);
  }

  /** NumPy's `advance(delta)`: adds `delta` (mod 2^256) to the counter and empties the buffer. */
  advance(delta: bigint | number): this {
    const d = BigInt.asUintN(256, intArg(delta, "delta"));
    toLimbs(BigInt.asUintN(256, fromLimbs(this.ctr, 8) + d), 8, this.ctr);
    this.resetBuffer();
    return this;
  }

  /** Jumps in place as if `jumps * 2^128` draws were made. */
  jumpInplace(jumps: bigint | number = 1): this {
    return this.advance(intArg(jumps, "jumps") << 128n);
  }
}
