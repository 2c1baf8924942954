// The interface every bit generator implements, as NumPy's C `bitgen_t` does: the four draws
// the distributions are written against. 64-bit draws come as two uint32 halves (the high
// word returned, the low word left in `lo`) so the hot paths never allocate a BigInt.

/** 2^-53 and 2^-24: the steps of NumPy's double and float grids on [0, 1). */
export const TWO_M53 = 1 / 9007199254740992;
export const TWO_M24 = 1 / 16777216;

export abstract class BitGenerator {
  /** The low 32 bits of the last `nextUint64()` (a uint32). */
  lo = 0;
  /** The next 32 random bits as a uint32 number in [0, 2^32). */
  abstract nextUint32(): number;
  /** The next 64 random bits: returns the high 32 as a uint32 and leaves the low 32 in `lo`. */
  abstract nextUint64(): number;
  /** A double in [0, 1) on the 2^-53 grid, as the generator's `next_double`. */
  abstract nextDouble(): number;
  /** A float32 in [0, 1) on the 2^-24 grid: NumPy's `next_float` (`(next_uint32 >> 8) * 2^-24`). */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) * TWO_M24;
  }
  /** The next 64 bits as a BigInt (for `random_raw` and tests; not for hot paths). */
  nextUint64Big(): bigint {
    const hi = this.nextUint64();
    return (BigInt(hi) << 32n) | BigInt(this.lo);
  }
  /** Fills `out[start..end)` with `nextDouble()`; generators override it with an unrolled loop. */
  fillDouble(out: Float64Array, start: number, end: number): void {
    for (let i = start; i < end; i++) out[i] = this.nextDouble();
  }
  /**
   * Fills `hi[start..end)` / `lo[start..end)` with the next 64-bit draws (high and low words), as
   * `end - start` calls of `nextUint64()` would: the ziggurat fills take their words in chunks
   * through this one call instead of a polymorphic call per draw. Generators override it with
   * an inlined loop.
   */
  fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void {
    for (let i = start; i < end; i++) { hi[i] = this.nextUint64(); lo[i] = this.lo; }
  }
  /** Fills `out[start..end)` with `nextUint32()` draws (the bounded-integer fills take them in chunks). */
  fillUint32(out: Uint32Array, start: number, end: number): void {
    for (let i = start; i < end; i++) out[i] = this.nextUint32();
  }
  /**
   * The double `nextDouble()` makes when its draw is the 64-bit word hi:lo — NumPy's
   * `(next_uint64 >> 11) * 2^-53` for the 64-bit generators; MT19937 (two 32-bit draws,
   * 27 + 26 bits) overrides it. Each `nextDouble()` is one `nextUint64()` worth of stream.
   */
  doubleFromWords(hi: number, lo: number): number {
    return (hi * 2097152 + (lo >>> 11)) * TWO_M53;
  }
}
