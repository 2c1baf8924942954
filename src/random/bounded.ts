// Bounded random integers exactly as NumPy draws them (`random_bounded_uint*_fill` and the
// `random_buffered_bounded_*` draws of distributions.c, called from _bounded_integers.pyx.in):
// values on the closed interval [off, off + rng] by masked rejection (the legacy `randint`) or
// by Lemire's multiply-and-reject (the Generator's `integers`). 8- and 16-bit draws take their
// bits from one buffered uint32 (4 or 2 draws per word), bools take 1 bit at a time (32 per
// word). 64-bit ranges work on uint32 halves: the 64x64→128 Lemire product is built from
// 32x32→64 partial products, each split in 16-bit pieces so every double stays exact, and
// 64-bit outputs are written as two uint32 words into the BigInt array's buffer — no BigInt
// is made per draw.

import type { BitGenerator } from "../../runtime/random/bitgen.js";
import { MT19937Core } from "../../runtime/random/mt19937.js";
import { wasmFillMasked } from "../../runtime/random/mt19937-wasm.js";
import type { Elements } from "../../runtime/dtypes.js";

export type IntDType = "bool" | "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64";

const TWO32 = 4294967296;

/** The 8/16/1-bit draw buffer (`bcnt`, `buf`): shared across the elements of one call. */
export interface BitBuffer { bcnt: number; buf: number }

/** High 32 bits of the 64-bit product of two uint32s, exact in doubles. */
function mulhi32(a: number, b: number): number {
  const p = a * b;
  if (p < 9007199254740992) return Math.floor(p / TWO32);
  const ah = a >>> 16, al = a & 0xffff;
  const u = ah * b, t = al * b; // each < 2^48
  const uh = Math.floor(u / 65536);
  return uh + Math.floor(((u - uh * 65536) * 65536 + t) / TWO32);
}

/** Smallest all-ones mask ≥ x (uint32). */
function mask32(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1; m |= m >>> 2; m |= m >>> 4; m |= m >>> 8; m |= m >>> 16;
  return m >>> 0;
}

/** Each integer dtype's [min, max]. */
export const INT_BOUNDS: Record<IntDType, [bigint, bigint]> = {
  bool: [0n, 1n], int8: [-128n, 127n], int16: [-32768n, 32767n], int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint8: [0n, 255n], uint16: [0n, 65535n], uint32: [0n, 4294967295n],
  uint64: [0n, 2n ** 64n - 1n],
};

const WIDTH: Record<IntDType, number> = {
  bool: 1, int8: 8, uint8: 8, int16: 16, uint16: 16, int32: 32, uint32: 32, int64: 64, uint64: 64,
};

/** The closed interval's `off` and `rng` as uint32 words (`rng = high - low`, `off = low mod 2^width`). */
export function words(dtype: IntDType, low: bigint, high: bigint): [number, number, number, number] {
  const w = BigInt(WIDTH[dtype]);
  const m = (1n << w) - 1n;
  const off = low & m, rng = (high - low) & m;
  return [Number(off >> 32n), Number(off & 0xffffffffn), Number(rng >> 32n), Number(rng & 0xffffffffn)];
}

/**
 * Fills `out[outStart .. outStart+n)` with NumPy's bounded integers of `dtype` on the closed
 * interval [low, high] (`random_bounded_<utype>_fill`): masked rejection when `useMasked`,
 * else Lemire's method. `out` is the dtype's typed array (Uint8Array for bool, BigInt64Array /
 * BigUint64Array for the 64-bit types). The caller has checked the bounds.
 */
export function boundedFill(bg: BitGenerator, dtype: IntDType, low: bigint, high: bigint, n: number,
  useMasked: boolean, out: Elements, outStart: number): void {
  const [oh, ol, rh, rl] = words(dtype, low, high);
  boundedFillWords(bg, dtype, oh, ol, rh, rl, n, useMasked, out, outStart, { bcnt: 0, buf: 0 });
}

/**
 * `boundedFill` with the interval as uint32 words (off = offHi:offLo, rng = rngHi:rngLo; the
 * high words are ignored below 64 bits) and an explicit bit buffer, so a broadcast caller can
 * draw element by element with one buffer as NumPy's `_rand_<type>_broadcast` does.
 */
export function boundedFillWords(bg: BitGenerator, dtype: IntDType, offHi: number, offLo: number,
  rngHi: number, rngLo: number, n: number, useMasked: boolean, out: Elements, outStart: number, bb: BitBuffer): void {
  if (n <= 0) return;
  switch (WIDTH[dtype]) {
    case 64: fill64(bg, offHi >>> 0, offLo >>> 0, rngHi >>> 0, rngLo >>> 0, n, useMasked, out as BigInt64Array, outStart); return;
    case 32: fill32(bg, offLo >>> 0, rngLo >>> 0, n, useMasked, out as Int32Array, outStart); return;
    case 16: fillSmall(bg, offLo & 0xffff, rngLo & 0xffff, 16, n, useMasked, out as Int16Array, outStart, bb); return;
    case 8: fillSmall(bg, offLo & 0xff, rngLo & 0xff, 8, n, useMasked, out as Int8Array, outStart, bb); return;
    default: fillBool(bg, offLo & 1, rngLo & 1, n, out as Uint8Array, outStart, bb);
  }
}

function fillBool(bg: BitGenerator, off: number, rng: number, n: number, out: Uint8Array, s: number, bb: BitBuffer): void {
  if (rng === 0) { out.fill(off, s, s + n); return; }
  let bcnt = bb.bcnt, buf = bb.buf;
  for (let i = s; i < s + n; i++) {
    if (bcnt === 0) { buf = bg.nextUint32(); bcnt = 31; } else { buf >>>= 1; bcnt--; }
    out[i] = buf & 1;
  }
  bb.bcnt = bcnt; bb.buf = buf;
}

/** 8- and 16-bit draws from a buffered uint32 (`buffered_uint8`/`buffered_uint16`). */
function fillSmall(bg: BitGenerator, off: number, rng: number, bits: number, n: number, useMasked: boolean,
  out: Int8Array | Int16Array | Uint8Array | Uint16Array, s: number, bb: BitBuffer): void {
  const end = s + n;
  if (rng === 0) { out.fill(off, s, end); return; }
  const full = bits === 8 ? 0xff : 0xffff, refill = bits === 8 ? 3 : 1;
  let bcnt = bb.bcnt, buf = bb.buf;
  if (rng === full) {
    for (let i = s; i < end; i++) {
      if (bcnt === 0) { buf = bg.nextUint32(); bcnt = refill; } else { buf >>>= bits; bcnt--; }
      out[i] = off + (buf & full);
    }
  } else if (useMasked) {
    const mask = mask32(rng) & full;
    for (let i = s; i < end; i++) {
      let v: number;
      do {
        if (bcnt === 0) { buf = bg.nextUint32(); bcnt = refill; } else { buf >>>= bits; bcnt--; }
        v = buf & mask;
      } while (v > rng);
      out[i] = off + v;
    }
  } else {
    const excl = rng + 1;
    const threshold = (full - rng) % excl;
    for (let i = s; i < end; i++) {
      if (bcnt === 0) { buf = bg.nextUint32(); bcnt = refill; } else { buf >>>= bits; bcnt--; }
      let m = (buf & full) * excl;
      let left = m & full;
      if (left < excl) {
        while (left < threshold) {
          if (bcnt === 0) { buf = bg.nextUint32(); bcnt = refill; } else { buf >>>= bits; bcnt--; }
          m = (buf & full) * excl;
          left = m & full;
        }
      }
      out[i] = off + (m >>> bits);
    }
  }
  bb.bcnt = bcnt; bb.buf = buf;
}

/** One Lemire draw on [0, rng] for a 32-bit rng < 0xFFFFFFFF (`buffered_bounded_lemire_uint32`). */
export function lemire32(bg: BitGenerator, rng: number): number {
  const excl = rng + 1;
  let x = bg.nextUint32();
  let left = Math.imul(x, excl) >>> 0;
  if (left < excl) {
    const threshold = (TWO32 - excl) % excl; // (UINT32_MAX - rng) % excl
    while (left < threshold) {
      x = bg.nextUint32();
      left = Math.imul(x, excl) >>> 0;
    }
  }
  return mulhi32(x, excl);
}

/** One masked-rejection draw on [0, rng] for a 32-bit rng (`buffered_bounded_masked_uint32`). */
export function masked32(bg: BitGenerator, rng: number, mask: number): number {
  let v: number;
  while ((v = (bg.nextUint32() & mask) >>> 0) > rng);
  return v;
}

// 32-bit draws come CHUNK at a time through one `fillUint32` call. A chunk never holds more
// words than outputs still to make (each output takes at least one), and a rejection reads on
// from the chunk, then from the generator once the chunk is used up — NumPy's order exactly.
const CHUNK = 2048;
const WORDS = new Uint32Array(CHUNK);

function fill32(bg: BitGenerator, off: number, rng: number, n: number, useMasked: boolean,
  out: Int32Array | Uint32Array, s: number): void {
  const end = s + n;
  if (rng === 0) { out.fill(off | 0, s, end); return; }
  const W = WORDS;
  let i = s;
  if (rng === 0xffffffff) {
    while (i < end) {
      const m = Math.min(CHUNK, end - i);
      bg.fillUint32(W, 0, m);
      for (let k = 0; k < m; k++) out[i++] = off + W[k]!;
    }
    return;
  }
  if (useMasked) {
    const mask = mask32(rng);
    if (bg instanceof MT19937Core && wasmFillMasked(bg, out, s, end, off, rng, mask)) return;
    while (i < end) {
      const m = Math.min(CHUNK, end - i);
      bg.fillUint32(W, 0, m);
      let k = 0;
      while (i < end && k < m) {
        let v = (W[k++]! & mask) >>> 0;
        while (v > rng) v = ((k < m ? W[k++]! : bg.nextUint32()) & mask) >>> 0;
        out[i++] = off + v;
      }
    }
    return;
  }
  const excl = rng + 1;
  const threshold = (TWO32 - excl) % excl;
  const small = excl <= 0x200000; // x * excl < 2^53: the product is exact in one double
  while (i < end) {
    const m = Math.min(CHUNK, end - i);
    bg.fillUint32(W, 0, m);
    let k = 0;
    while (i < end && k < m) {
      let x = W[k++]!;
      let left = Math.imul(x, excl) >>> 0;
      if (left < excl) {
        while (left < threshold) {
          x = k < m ? W[k++]! : bg.nextUint32();
          left = Math.imul(x, excl) >>> 0;
        }
      }
      out[i++] = off + (small ? Math.floor(x * excl / TWO32) : mulhi32(x, excl));
    }
  }
}

/** 2^64 mod excl (= (UINT64_MAX - rng) % rng_excl) as uint32 words. */
function threshold64(eh: number, el: number): [number, number] {
  const e = (BigInt(eh) << 32n) | BigInt(el);
  const t = (1n << 64n) % e;
  return [Number(t >> 32n), Number(t & 0xffffffffn)];
}

function fill64(bg: BitGenerator, oh: number, ol: number, rh: number, rl: number, n: number,
  useMasked: boolean, out: BigInt64Array | BigUint64Array, s: number): void {
  const w = new Uint32Array(out.buffer, out.byteOffset + s * 8, n * 2);
  const put = (i: number, vh: number, vl: number): void => {
    const lo = ol + vl;
    const carry = lo >= TWO32 ? 1 : 0;
    w[2 * i] = lo;
    w[2 * i + 1] = oh + vh + carry;
  };
  if (rh === 0 && rl === 0) {
    for (let i = 0; i < n; i++) { w[2 * i] = ol; w[2 * i + 1] = oh; }
    return;
  }
  if (rh === 0) {
    // the range fits 32 bits: the 32-bit draws (the same stream as fill32), results widened
    const tmp = new Uint32Array(n);
    fill32(bg, 0, rl, n, useMasked, tmp, 0);
    for (let i = 0; i < n; i++) put(i, 0, tmp[i]!);
    return;
  }
  if (rh === 0xffffffff && rl === 0xffffffff) {
    for (let i = 0; i < n; i++) { const h = bg.nextUint64(); put(i, h, bg.lo); }
    return;
  }
  if (useMasked) {
    const mh = mask32(rh), ml = 0xffffffff;
    for (let i = 0; i < n; i++) {
      let vh: number, vl: number;
      for (;;) {
        vh = (bg.nextUint64() & mh) >>> 0;
        vl = (bg.lo & ml) >>> 0;
        if (vh < rh || (vh === rh && vl <= rl)) break;
      }
      put(i, vh, vl);
    }
    return;
  }
  // Lemire 64: excl = rng + 1 (no overflow: rng < 2^64 - 1)
  let el = rl + 1, eh = rh;
  if (el === TWO32) { el = 0; eh += 1; }
  const [th, tl] = threshold64(eh, el);
  const e0 = el & 0xffff, e1 = el >>> 16, f0 = eh & 0xffff, f1 = eh >>> 16;
  for (let i = 0; i < n; i++) {
    let xh = 0, xl = 0, w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    for (let first = true; ; first = false) {
      xh = bg.nextUint64(); xl = bg.lo;
      // 128-bit product (xh:xl) * (eh:el) in 32-bit words w3:w2:w1:w0
      // partial products via 16-bit splits of the multiplier (exact below 2^53)
      const xl0 = xl & 0xffff, xl1 = xl >>> 16, xh0 = xh & 0xffff, xh1 = xh >>> 16;
      // p0 = xl*el
      let lo = xl0 * e0, mid = xl1 * e0 + xl0 * e1, hi = xl1 * e1;
      let t = lo + (mid % 65536) * 65536;
      const p0l = t % TWO32, p0h = hi + Math.floor(mid / 65536) + Math.floor(t / TWO32);
      // p1 = xh*el
      lo = xh0 * e0; mid = xh1 * e0 + xh0 * e1; hi = xh1 * e1;
      t = lo + (mid % 65536) * 65536;
      const p1l = t % TWO32, p1h = hi + Math.floor(mid / 65536) + Math.floor(t / TWO32);
      // p2 = xl*eh
      lo = xl0 * f0; mid = xl1 * f0 + xl0 * f1; hi = xl1 * f1;
      t = lo + (mid % 65536) * 65536;
      const p2l = t % TWO32, p2h = hi + Math.floor(mid / 65536) + Math.floor(t / TWO32);
      // p3 = xh*eh
      lo = xh0 * f0; mid = xh1 * f0 + xh0 * f1; hi = xh1 * f1;
      t = lo + (mid % 65536) * 65536;
      const p3l = t % TWO32, p3h = hi + Math.floor(mid / 65536) + Math.floor(t / TWO32);
      w0 = p0l;
      let sum = p0h + p1l + p2l;
      w1 = sum % TWO32;
      sum = p1h + p2h + p3l + Math.floor(sum / TWO32);
      w2 = sum % TWO32;
      w3 = p3h + Math.floor(sum / TWO32);
      if (first) {
        // leftover = w1:w0; only when leftover < excl can it be below the threshold
        if (w1 > eh || (w1 === eh && w0 >= el)) break;
      }
      if (w1 > th || (w1 === th && w0 >= tl)) break;
    }
    put(i, w3, w2);
  }
}

/**
 * `random_bounded_uint64(bg, 0, rng, 0, use_masked=false)` for one draw on [0, rng], rng a
 * non-negative integer below 2^53 (choice's Floyd and tail-shuffle paths).
 */
export function boundedUint64(bg: BitGenerator, rng: number): number {
  if (rng === 0) return 0;
  if (rng <= 0xffffffff) return rng === 0xffffffff ? bg.nextUint32() : lemire32(bg, rng);
  const w = new BigInt64Array(1);
  fill64(bg, 0, 0, Math.floor(rng / TWO32), rng % TWO32, 1, false, w, 0);
  return Number(w[0]!);
}
