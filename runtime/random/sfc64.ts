// SFC64, Chris Doty-Humphrey's Small Fast Chaotic generator as NumPy runs it
// (`src/sfc64/sfc64.h`): four 64-bit words (the last a counter), adds, shifts and a rotation.
// Each 64-bit word is held as two uint32 limbs, so a draw is plain 32-bit arithmetic.

import { BitGenerator, TWO_M53 } from "./bitgen.js";
import { big64Array, checkStateDict, fillUint32From64, fromLimbs, toLimbs } from "./engine-state.js";

const TWO_M32 = 1 / 4294967296;
const TWO_21 = 2097152;

export class SFC64Core extends BitGenerator {
  readonly name: string = "SFC64";
  /** s[0..3], each as (low, high) uint32 limbs. */
  readonly s = new Uint32Array(8);
  hasUint32 = 0;
  uinteger = 0;

  /** `sfc64_set_seed` from the 6 uint32 words of `generate_state(3, uint64)`: s[3] = 1, then 12 draws. */
  static fromSeedWords(words: ArrayLike<number>): SFC64Core {
    return new SFC64Core().seedWords(words);
  }

  /** A bare engine with this one's state. */
  clone(): SFC64Core {
    const c = new SFC64Core();
    c.s.set(this.s);
    c.hasUint32 = this.hasUint32;
    c.uinteger = this.uinteger;
    return c;
  }

  seedWords(words: ArrayLike<number>): this {
    const s = this.s;
    for (let i = 0; i < 6; i++) s[i] = words[i]! >>> 0;
    s[6] = 1; s[7] = 0;
    for (let i = 0; i < 12; i++) this.nextUint64();
    this.hasUint32 = 0;
    this.uinteger = 0;
    return this;
  }

  nextUint64(): number {
    const s = this.s;
    const a0 = s[0]!, a1 = s[1]!, b0 = s[2]!, b1 = s[3]!, c0 = s[4]!, c1 = s[5]!, d0 = s[6]!, d1 = s[7]!;
    // tmp = s0 + s1 + s3++
    let t = a0 + b0 + d0;
    const tl = t >>> 0;
    const th = (a1 + b1 + d1 + (t - tl) * TWO_M32) >>> 0;
    if (d0 === 0xffffffff) { s[6] = 0; s[7] = (d1 + 1) >>> 0; } else s[6] = d0 + 1;
    // s0 = s1 ^ (s1 >> 11)
    s[0] = (b0 ^ ((b0 >>> 11) | (b1 << 21))) >>> 0;
    s[1] = (b1 ^ (b1 >>> 11)) >>> 0;
    // s1 = s2 + (s2 << 3)
    t = c0 + ((c0 << 3) >>> 0);
    let l = t >>> 0;
    s[2] = l;
    s[3] = (c1 + (((c1 << 3) | (c0 >>> 29)) >>> 0) + (t - l) * TWO_M32) >>> 0;
    // s2 = rotl(s2, 24) + tmp
    t = (((c0 << 24) | (c1 >>> 8)) >>> 0) + tl;
    l = t >>> 0;
    s[4] = l;
    s[5] = ((((c1 << 24) | (c0 >>> 8)) >>> 0) + th + (t - l) * TWO_M32) >>> 0;
    this.lo = tl;
    return th;
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
    // Loop-carried words stay int32 (`| 0`) so the JIT keeps them in registers unboxed;
    // carries compare the words as unsigned.
    const s = this.s;
    let a0 = s[0]! | 0, a1 = s[1]! | 0, b0 = s[2]! | 0, b1 = s[3]! | 0;
    let c0 = s[4]! | 0, c1 = s[5]! | 0, d0 = s[6]! | 0, d1 = s[7]! | 0;
    for (let i = start; i < end; i++) {
      // tmp = s0 + s1 + s3++
      let x0 = (a0 + b0) | 0;
      const x1 = (a1 + b1 + ((x0 >>> 0) < (a0 >>> 0) ? 1 : 0)) | 0;
      const t0 = (x0 + d0) | 0;
      const t1 = (x1 + d1 + ((t0 >>> 0) < (x0 >>> 0) ? 1 : 0)) | 0;
      d0 = (d0 + 1) | 0;
      if (d0 === 0) d1 = (d1 + 1) | 0;
      // s0 = s1 ^ (s1 >> 11)
      a0 = b0 ^ ((b0 >>> 11) | (b1 << 21));
      a1 = b1 ^ (b1 >>> 11);
      // s1 = s2 + (s2 << 3)
      x0 = (c0 + (c0 << 3)) | 0;
      b1 = (c1 + ((c1 << 3) | (c0 >>> 29)) + ((x0 >>> 0) < (c0 >>> 0) ? 1 : 0)) | 0;
      b0 = x0;
      // s2 = rotl(s2, 24) + tmp
      const r0 = (c0 << 24) | (c1 >>> 8), r1 = (c1 << 24) | (c0 >>> 8);
      c0 = (r0 + t0) | 0;
      c1 = (r1 + t1 + ((c0 >>> 0) < (t0 >>> 0) ? 1 : 0)) | 0;
      out[i] = ((t1 >>> 0) * TWO_21 + (t0 >>> 11)) * TWO_M53;
    }
    s[0] = a0; s[1] = a1; s[2] = b0; s[3] = b1; s[4] = c0; s[5] = c1; s[6] = d0; s[7] = d1;
  }

  override fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    const s = this.s;
    let a0 = s[0]! | 0, a1 = s[1]! | 0, b0 = s[2]! | 0, b1 = s[3]! | 0;
    let c0 = s[4]! | 0, c1 = s[5]! | 0, d0 = s[6]! | 0, d1 = s[7]! | 0;
    for (let i = start; i < end; i++) {
      // tmp = s0 + s1 + s3++
      let x0 = (a0 + b0) | 0;
      const x1 = (a1 + b1 + ((x0 >>> 0) < (a0 >>> 0) ? 1 : 0)) | 0;
      const t0 = (x0 + d0) | 0;
      const t1 = (x1 + d1 + ((t0 >>> 0) < (x0 >>> 0) ? 1 : 0)) | 0;
      d0 = (d0 + 1) | 0;
      if (d0 === 0) d1 = (d1 + 1) | 0;
      // s0 = s1 ^ (s1 >> 11)
      a0 = b0 ^ ((b0 >>> 11) | (b1 << 21));
      a1 = b1 ^ (b1 >>> 11);
      // s1 = s2 + (s2 << 3)
      x0 = (c0 + (c0 << 3)) | 0;
      b1 = (c1 + ((c1 << 3) | (c0 >>> 29)) + ((x0 >>> 0) < (c0 >>> 0) ? 1 : 0)) | 0;
      b0 = x0;
      // s2 = rotl(s2, 24) + tmp
      const r0 = (c0 << 24) | (c1 >>> 8), r1 = (c1 << 24) | (c0 >>> 8);
      c0 = (r0 + t0) | 0;
      c1 = (r1 + t1 + ((c0 >>> 0) < (t0 >>> 0) ? 1 : 0)) | 0;
      hi[i] = t1; lo[i] = t0;
    }
    s[0] = a0; s[1] = a1; s[2] = b0; s[3] = b1; s[4] = c0; s[5] = c1; s[6] = d0; s[7] = d1;
  }

  /** NumPy's state dict: `{ bit_generator, state: { state: uint64[4] }, has_uint32, uinteger }`. */
  get state(): { bit_generator: string; state: { state: BigUint64Array }; has_uint32: number; uinteger: number } {
    const st = new BigUint64Array(4);
    for (let i = 0; i < 4; i++) st[i] = fromLimbs(this.s, 2, 2 * i);
    return { bit_generator: this.name, state: { state: st }, has_uint32: this.hasUint32, uinteger: this.uinteger };
  }

  set state(value: { bit_generator: string; state: { state: ArrayLike<bigint | number> }; has_uint32: number; uinteger: number }) {
    const v = checkStateDict(value, this.name, "raw");
    const st = big64Array((v.state as Record<string, unknown> | undefined)?.state, 4, "state");
    for (let i = 0; i < 4; i++) toLimbs(st[i]!, 2, this.s, 2 * i);
    this.hasUint32 = Number(v.has_uint32) ? 1 : 0;
    this.uinteger = Number(v.uinteger) >>> 0;
  }
}
