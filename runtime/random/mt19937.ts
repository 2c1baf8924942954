// MT19937, the Mersenne Twister (Matsumoto & Nishimura 1998) as NumPy's legacy RandomState and
// its `MT19937` bit generator run it: 624 uint32 words of state, tempered output, doubles
// built from two draws (27 + 26 bits). All arithmetic is exact in 32-bit integers. Long fills
// run in WebAssembly (mt19937-wasm.ts) when it is there; these loops are the fallback.

import { BitGenerator, TWO_M53 } from "./bitgen.js";
import { wasmFillDouble, wasmFillUint32, wasmFillUint64 } from "./mt19937-wasm.js";

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;

export class MT19937Core extends BitGenerator {
  readonly key = new Uint32Array(MT_N);
  pos = MT_N;

  /** Knuth's initialisation from one uint32 (`mt19937_seed`, the legacy `seed(int)`). */
  seed(s: number): void {
    const mt = this.key;
    let x = s >>> 0;
    for (let i = 0; i < MT_N; i++) {
      mt[i] = x;
      x = (Math.imul(1812433253, (x ^ (x >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = MT_N;
  }

  /** `init_by_array`: the legacy `seed(array)` form. */
  seedArray(initKey: ArrayLike<number>): void {
    const mt = this.key;
    this.seed(19650218);
    let i = 1, j = 0;
    const n = initKey.length;
    for (let k = Math.max(MT_N, n); k > 0; k--) {
      const p = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(p, 1664525)) + (initKey[j]! >>> 0) + j) >>> 0;
      i++; j++;
      if (i >= MT_N) { mt[0] = mt[MT_N - 1]!; i = 1; }
      if (j >= n) j = 0;
    }
    for (let k = MT_N - 1; k > 0; k--) {
      const p = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(p, 1566083941)) - i) >>> 0;
      i++;
      if (i >= MT_N) { mt[0] = mt[MT_N - 1]!; i = 1; }
    }
    mt[0] = 0x80000000; // MSB is 1: a non-zero initial array
    this.pos = MT_N;
  }

  /** NumPy's `MT19937.__init__` from SeedSequence words (`generate_state(624, uint32)`): the
   *  words, the first replaced by 0x80000000, and pos 623 (the loop variable NumPy leaves there). */
  seedWords(words: ArrayLike<number>): this {
    const mt = this.key;
    mt[0] = 0x80000000;
    for (let i = 1; i < MT_N; i++) mt[i] = words[i]! >>> 0;
    this.pos = MT_N - 1;
    return this;
  }

  /** An engine seeded as NumPy's `MT19937(seed)` from the 624 words of `generate_state(624)`. */
  static fromSeedWords(words: ArrayLike<number>): MT19937Core {
    return new MT19937Core().seedWords(words);
  }

  /** Regenerates all 624 words (`mt19937_gen`), carrying each word to the next step. */
  generate(): void {
    const mt = this.key;
    let cur = mt[0]!, i = 0;
    for (; i < MT_N - MT_M; i++) {
      const nxt = mt[i + 1]!;
      const y = (cur & 0x80000000) | (nxt & 0x7fffffff);
      mt[i] = mt[i + MT_M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      cur = nxt;
    }
    for (; i < MT_N - 1; i++) {
      const nxt = mt[i + 1]!;
      const y = (cur & 0x80000000) | (nxt & 0x7fffffff);
      mt[i] = mt[i + MT_M - MT_N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      cur = nxt;
    }
    const y = (cur & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos === MT_N) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  nextUint64(): number {
    const hi = this.nextUint32();
    this.lo = this.nextUint32();
    return hi;
  }

  nextDouble(): number {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * TWO_M53;
  }

  override doubleFromWords(hi: number, lo: number): number {
    return ((hi >>> 5) * 67108864 + (lo >>> 6)) * TWO_M53;
  }

  override fillUint32(out: Uint32Array, start: number, end: number): void {
    if (wasmFillUint32(this, out, start, end)) return;
    const mt = this.key;
    let pos = this.pos;
    for (let i = start; i < end; i++) {
      if (pos === MT_N) { this.generate(); pos = 0; }
      let y = mt[pos++]!;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      out[i] = y ^ (y >>> 18);
    }
    this.pos = pos;
  }

  override fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    if (wasmFillUint64(this, hi, lo, start, end)) return;
    const mt = this.key;
    let pos = this.pos;
    for (let i = start; i < end; i++) {
      if (pos === MT_N) { this.generate(); pos = 0; }
      let y = mt[pos++]!;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      hi[i] = y ^ (y >>> 18);
      if (pos === MT_N) { this.generate(); pos = 0; }
      y = mt[pos++]!;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      lo[i] = y ^ (y >>> 18);
    }
    this.pos = pos;
  }

  override fillDouble(out: Float64Array, start: number, end: number): void {
    if (wasmFillDouble(this, out, start, end)) return;
    const mt = this.key;
    let pos = this.pos, i = start;
    while (i < end) {
      if (pos >= MT_N - 1) {
        if (pos === MT_N) { this.generate(); pos = 0; }
        else { // one word left: this double straddles a regeneration
          let y = mt[MT_N - 1]!; y ^= y >>> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >>> 18;
          this.generate();
          let z = mt[0]!; z ^= z >>> 11; z ^= (z << 7) & 0x9d2c5680; z ^= (z << 15) & 0xefc60000; z ^= z >>> 18;
          out[i++] = ((y >>> 5) * 67108864 + (z >>> 6)) * TWO_M53;
          pos = 1;
          continue;
        }
      }
      // whole pairs of words until the next regeneration, no per-word check
      const stop = Math.min(end, i + ((MT_N - pos) >> 1));
      for (; i < stop; i++) {
        let y = mt[pos]!; y ^= y >>> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >>> 18;
        let z = mt[pos + 1]!; z ^= z >>> 11; z ^= (z << 7) & 0x9d2c5680; z ^= (z << 15) & 0xefc60000; z ^= z >>> 18;
        pos += 2;
        out[i] = ((y >>> 5) * 67108864 + (z >>> 6)) * TWO_M53;
      }
    }
    this.pos = pos;
  }
}
