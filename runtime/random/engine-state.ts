// What the bit generators share for their `state` dicts and seeding: NumPy's checks of a state
// value (with its messages), conversions between bigints and uint32 limbs, and NumPy's
// `int_to_array` / `wrap_int` for the jump and advance amounts.

import { TypeError, ValueError } from "../errors.js";

export const MASK64 = (1n << 64n) - 1n;

/** NumPy's check of a state dict: a dict naming this generator (`word` is "RNG" or "PRNG"). */
export function checkStateDict(value: unknown, name: string, word: "RNG" | "PRNG" | "raw"): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError("state must be a dict");
  const v = value as Record<string, unknown>;
  if ((v.bit_generator ?? "") !== name) {
    // SFC64's message lacks the f-string prefix in NumPy, so it is raised verbatim.
    throw new ValueError(word === "raw" ? "state must be for a {self.__class__.__name__} RNG" : `state must be for a ${name} ${word}`);
  }
  return v;
}

/** A state field as a bigint (a number, a bigint, or a numeric string). */
export function big(x: unknown, what = "state"): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x === "number" && Number.isInteger(x)) return BigInt(x);
  if (typeof x === "string" && /^(0x[0-9a-f]+|[0-9]+)$/i.test(x)) return BigInt(x);
  if (typeof x === "boolean") return x ? 1n : 0n;
  throw new TypeError(`${what} must be an integer`);
}

/** A NumPy uint64 array field of a state dict (any array-like of integers), `n` long. */
export function big64Array(x: unknown, n: number, what: string): bigint[] {
  if (x === null || typeof x !== "object" || typeof (x as ArrayLike<unknown>).length !== "number") {
    const t = x as { tolist?: () => unknown };
    if (x !== null && typeof x === "object" && typeof t.tolist === "function") return big64Array(t.tolist(), n, what);
    throw new TypeError(`${what} must be a sequence of ${n} integers`);
  }
  const a = x as ArrayLike<unknown>;
  if (a.length < n) throw new ValueError(`${what} must have ${n} elements`);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(BigInt.asUintN(64, big(a[i], what)));
  return out;
}

/** `bits`-bit bigint → little-endian uint32 limbs written into `out` at `at`. */
export function toLimbs(v: bigint, n: number, out: Uint32Array, at = 0): void {
  for (let i = 0; i < n; i++) { out[at + i] = Number(v & 0xffffffffn); v >>= 32n; }
}

/** Little-endian uint32 limbs → bigint. */
export function fromLimbs(a: ArrayLike<number>, n: number, at = 0): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 32n) | BigInt(a[at + i]! >>> 0);
  return v;
}

/** An integer argument (jumps, delta) as a bigint, with Python's TypeError for non-integers. */
export function intArg(x: unknown, name: string): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
    return BigInt(x);
  }
  if (typeof x === "boolean") return x ? 1n : 0n;
  throw new TypeError(`${name} must be an integer`);
}

/** NumPy's `int_to_array(value, name, bits, 64)` for a scalar: `bits / 64` uint64 words, lowest first. */
export function intToWords(value: unknown, name: string, bits: number): bigint[] {
  const n = bits / 64;
  if (typeof value === "object" && value !== null) {
    const t = value as { tolist?: () => unknown };
    const list = typeof t.tolist === "function" ? t.tolist() : value;
    if (!Array.isArray(list) && !ArrayBuffer.isView(list)) throw new TypeError(`${name} must be an integer or an array of ${n} integers`);
    const a = list as ArrayLike<unknown>;
    if (a.length !== n) throw new ValueError(`${name} must have ${n} elements when using array form`);
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) out.push(BigInt.asUintN(64, big(a[i], name)));
    return out;
  }
  let v = intArg(value, name);
  if (v < 0n || v >= 1n << BigInt(bits)) throw new ValueError(`${name} must be positive and less than 2**${bits}.`);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) { out.push(v & MASK64); v >>= 64n; }
  return out;
}

/** The 64-bit engines' uint32 buffering: the high half of a draw kept for the next uint32. */
interface HalfBuffered {
  hasUint32: number;
  uinteger: number;
  nextUint32(): number;
  fillUint64(hi: Uint32Array, lo: Uint32Array, start: number, end: number): void;
}

const CHUNK = 1024;
const scratchHi = new Uint32Array(CHUNK), scratchLo = new Uint32Array(CHUNK);

/** `fillUint32` for a 64-bit engine, as repeated `next_uint32` calls: a kept high half first,
 *  then each 64-bit draw's low and high halves (from the engine's inlined `fillUint64`), and a
 *  last odd word through `nextUint32` (which keeps the high half). */
export function fillUint32From64(bg: HalfBuffered, out: Uint32Array, start: number, end: number): void {
  let i = start;
  if (i < end && bg.hasUint32) { out[i++] = bg.uinteger; bg.hasUint32 = 0; }
  while (end - i >= 2) {
    const n = Math.min(CHUNK, (end - i) >> 1);
    bg.fillUint64(scratchHi, scratchLo, 0, n);
    for (let k = 0; k < n; k++, i += 2) { out[i] = scratchLo[k]!; out[i + 1] = scratchHi[k]!; }
    bg.uinteger = scratchHi[n - 1]!; // the spent half stays in the state, as NumPy's does
  }
  if (i < end) out[i] = bg.nextUint32();
}
