// MT19937 runs in WebAssembly: the regeneration (`mt19937_gen`) and the tempering four words
// at a time in v128 lanes, the draws as loads from the tempered copy (NumPy's doubles two at a
// time), without the bounds checks and number tags of the JavaScript loops (mt19937.ts, which stay as the fallback and
// the reference). The module is assembled byte by byte (runtime/wasm.ts) and instantiated
// lazily, once per thread. Its memory holds one engine's 624 state words at KEY, their tempered
// copy at TEMPERED and the position at POS: a run copies the engine's `key` and `pos` in, draws
// CHUNK at a time into OUT (doubles, words, or high words followed by CHUNK low words), and
// copies them back, the key only when it was regenerated (GENS counts the regenerations).

import { I32, V128, assembleModule, fn, get, op, set, tee, vec } from "../wasm.js";

const N = 624, M = 397;
/** The state words, their tempered copy (so a run's draws are a load each), pos and the regeneration count, the masked draws' mask, range and offset, the output chunk. */
const KEY = 0, TEMPERED = 2560, POS = 5120, GENS = POS + 4, MASK = POS + 8, OUT = 8192;
/** Draws per call: a chunk of doubles fills half the one page. */
const CHUNK = 4096;
/** Runs of fewer words stay in JavaScript: below this the state's copy in and tempering cost more than the draws save (measured: at 48 words, 24 doubles, wasm is ahead; at 32 words JavaScript). */
const MIN_WORDS = 48;

const UPPER = 0x80000000 | 0, LOWER = 0x7fffffff, MATRIX_A = 0x9908b0df | 0;

const c = op.i32const;

/**
 * The twist of words base + cur (one word, or four in v128 lanes with `simd`):
 * mt[i] = mt[far] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A) with y = (mt[i] & UPPER) | (mt[i + 1] & LOWER).
 * The v128 form takes the constants from locals `k` = [upper, lower, matrix] and -(y & 1) as (y << 31) >> 31.
 */
function twist(simd: boolean, base: number, y: number, k: readonly number[], cur: number, nxt: number, far: number): number[] {
  if (!simd) {
    return [
      ...get(base), ...op.i32load(cur), ...c(UPPER), ...op.and,
      ...get(base), ...op.i32load(nxt), ...c(LOWER), ...op.and, ...op.or, ...set(y),
      ...get(base),
      ...get(base), ...op.i32load(far), ...get(y), ...c(1), ...op.shrU, ...op.xor,
      ...c(0), ...get(y), ...c(1), ...op.and, ...op.sub, ...c(MATRIX_A), ...op.and, ...op.xor,
      ...op.i32store(cur),
    ];
  }
  return [
    ...get(base), ...op.load(cur), ...get(k[0]!), ...op.vand,
    ...get(base), ...op.load(nxt), ...get(k[1]!), ...op.vand, ...op.vor, ...set(y),
    ...get(base),
    ...get(base), ...op.load(far), ...get(y), ...c(1), ...op.i32x4shrU, ...op.vxor,
    ...get(y), ...c(31), ...op.i32x4shl, ...c(31), ...op.i32x4shrS, ...get(k[2]!), ...op.vand, ...op.vxor,
    ...op.store(cur),
  ];
}

/** `body` for local p from `from` while p < `to` (bytes, both constants, from < to), p advancing by `step`. */
function constLoop(p: number, from: number, to: number, step: number, body: number[]): number[] {
  return [
    ...c(from), ...set(p),
    ...op.loop, ...body, ...get(p), ...c(step), ...op.add, ...tee(p), ...c(to), ...op.ltu, ...op.brIf(0), ...op.end,
  ];
}

/** Function 0, `mt19937_gen`: all 624 words regenerated in place (four at a time), tempered, and GENS counted up. */
function generate() {
  const [P, Y, V, K0, K1, K2] = [0, 1, 2, 3, 4, 5], K = [K0, K1, K2];
  const SPLIT = 4 * ((N - M) & ~3); // the v128 passes of the first loop end here, the rest one word at a time
  const code = [
    ...c(UPPER), ...op.i32x4splat, ...set(K0), ...c(LOWER), ...op.i32x4splat, ...set(K1), ...c(MATRIX_A), ...op.i32x4splat, ...set(K2),
    // i < N - M: mt[i] from mt[i], mt[i + 1], mt[i + M], all still old (a pass of four reads mt[i + 4], not yet written)
    ...constLoop(P, 0, SPLIT, 16, twist(true, P, V, K, 0, 4, 4 * M)),
    ...constLoop(P, SPLIT, 4 * (N - M), 4, twist(false, P, Y, K, 0, 4, 4 * M)),
    // N - M <= i < N - 1 (396 words, 99 passes): mt[i + M - N] is new, written at least 227 words before; p runs over i - (N - M)
    ...constLoop(P, 0, 4 * (M - 1), 16, twist(true, P, V, K, 4 * (N - M), 4 * (N - M) + 4, 0)),
    // the last word wraps to mt[0]
    ...c(0), ...set(P),
    ...get(P), ...op.i32load(4 * (N - 1)), ...c(UPPER), ...op.and,
    ...get(P), ...op.i32load(0), ...c(LOWER), ...op.and, ...op.or, ...set(Y),
    ...get(P),
    ...get(P), ...op.i32load(4 * (M - 1)), ...get(Y), ...c(1), ...op.shrU, ...op.xor,
    ...c(0), ...get(Y), ...c(1), ...op.and, ...op.sub, ...c(MATRIX_A), ...op.and, ...op.xor,
    ...op.i32store(4 * (N - 1)),
    ...c(0), ...op.call(1),
    ...c(0), ...c(0), ...op.i32load(GENS), ...c(1), ...op.add, ...op.i32store(GENS),
    ...op.end,
  ];
  return { sig: fn([], []), name: "generate", body: [...vec([[2, I32], [4, V128]]), ...code] };
}

/** Function 1, of a byte offset `from` (a multiple of 16): TEMPERED = the tempering of each KEY word from there on, four at a time (`mt19937_next`'s output function). */
function temper() {
  const [FROM, P, V, TA, TB] = [0, 1, 2, 3, 4];
  const xorShifted = (shift: number[], mask: number | null) => [
    ...get(V), ...get(V), ...shift, ...(mask === null ? [] : [...get(mask), ...op.vand]), ...op.vxor, ...set(V),
  ];
  const pass = [
    ...get(P), ...op.load(KEY), ...set(V),
    ...xorShifted([...c(11), ...op.i32x4shrU], null),
    ...xorShifted([...c(7), ...op.i32x4shl], TA),
    ...xorShifted([...c(15), ...op.i32x4shl], TB),
    ...xorShifted([...c(18), ...op.i32x4shrU], null),
    ...get(P), ...get(V), ...op.store(TEMPERED),
  ];
  const code = [
    ...c(0x9d2c5680 | 0), ...op.i32x4splat, ...set(TA), ...c(0xefc60000 | 0), ...op.i32x4splat, ...set(TB),
    ...get(FROM), ...set(P),
    ...op.loop, ...pass, ...get(P), ...c(16), ...op.add, ...tee(P), ...c(4 * N), ...op.ltu, ...op.brIf(0), ...op.end,
    ...op.end,
  ];
  return { sig: fn([I32], []), name: "temper", body: [...vec([[1, I32], [3, V128]]), ...code] };
}

// The runs' locals: 0 n (param), 1 p (output address), 2 end, 3 pos (byte offset into KEY), 4 y, 5 z, 6 mask, 7 rng, 8 off
const [RN, RP, REND, RPOS, RY, RZ, RMASK, RRNG, ROFF] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The next tempered word into local `l`, regenerating first when pos reaches N (as `mt19937_next32`). */
const word = (l: number): number[] => [
  ...get(RPOS), ...c(4 * N), ...op.eq, ...op.if_, ...op.call(0), ...c(0), ...set(RPOS), ...op.end,
  ...get(RPOS), ...op.i32load(TEMPERED), ...set(l),
  ...get(RPOS), ...c(4), ...op.add, ...set(RPOS),
];

/** NumPy's double of two words, ((y >>> 5) * 2^26 + (z >>> 6)) * 2^-53, stored at p. */
const storeDouble = [
  ...get(RP),
  ...get(RY), ...c(5), ...op.shrU, ...op.i64extendI32U, ...op.i64const(26n), ...op.i64shl,
  ...get(RZ), ...c(6), ...op.shrU, ...op.i64extendI32U, ...op.i64or,
  ...op.f64convertI64S, ...op.f64const(2 ** -53), ...op.f64mul, ...op.f64store(OUT),
];

/** A function of n (0 <= n <= CHUNK) running `draw` n times, p stepping by `stride` bytes from 0; the key's words from pos on tempered first unless pos is N (a regeneration does it). */
function run(name: string, draw: number[], stride: number, prologue: number[] = []) {
  const code = [
    ...prologue,
    ...c(0), ...set(RP),
    ...get(RN), ...c(stride), ...op.mul, ...set(REND),
    ...c(0), ...op.i32load(POS), ...c(2), ...op.shl, ...tee(RPOS),
    ...c(4 * N), ...op.ne, ...op.if_, ...get(RPOS), ...c(-16), ...op.and, ...op.call(1), ...op.end,
    ...op.block, ...get(RP), ...get(REND), ...op.ltu, ...op.eqz, ...op.brIf(0),
    ...op.loop, ...draw, ...get(RP), ...c(stride), ...op.add, ...tee(RP), ...get(REND), ...op.ltu, ...op.brIf(0), ...op.end,
    ...op.end,
    ...c(0), ...get(RPOS), ...c(2), ...op.shrU, ...op.i32store(POS),
    ...op.end,
  ];
  return { sig: fn([I32], []), name, body: [...vec([[8, I32]]), ...code] };
}

/** `buffered_bounded_masked_uint32` n times: words drawn until (word & mask) <= rng, that plus off stored (so exactly the words NumPy draws). */
const masked = () => run("masked", [
  ...op.loop, ...get(RRNG), ...word(RY), ...get(RY), ...get(RMASK), ...op.and, ...tee(RY), ...op.ltu, ...op.brIf(0), ...op.end,
  ...get(RP), ...get(RY), ...get(ROFF), ...op.add, ...op.i32store(OUT),
], 4, [
  ...c(0), ...op.i32load(MASK), ...set(RMASK), ...c(0), ...op.i32load(MASK + 4), ...set(RRNG), ...c(0), ...op.i32load(MASK + 8), ...set(ROFF),
]);

/** The 32-bit lanes (as i8x16.shuffle's byte indices) 0, 2 and 1, 3 of a v128, twice: the first and the second words of its two pairs. */
const lanes = (a: number, b: number) => [a, b, a, b].flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);

/**
 * The doubles: whole pairs of tempered words two doubles at a time in v128 lanes, from pos up to
 * the next regeneration (the lanes' (y >>> 5) * 2^26 + (z >>> 6) is exact in f64, below 2^53), one
 * double one word pair at a time, and the double that straddles a regeneration by `word`.
 */
function doubles() {
  const [STOP, V, K26, K53] = [6, 7, 8, 9];
  const half = (l: number[], shift: number) => [...get(V), ...get(V), ...op.shuffle(...l), ...c(shift), ...op.i32x4shrU, ...op.convertLowU];
  const pass = [
    ...get(RPOS), ...op.load(TEMPERED), ...set(V),
    ...get(RP),
    ...half(lanes(0, 2), 5), ...get(K26), ...op.fmul, ...half(lanes(1, 3), 6), ...op.fadd, ...get(K53), ...op.fmul,
    ...op.store(OUT),
    ...get(RPOS), ...c(16), ...op.add, ...set(RPOS), ...get(RP), ...c(16), ...op.add, ...set(RP),
  ];
  const code = [
    ...op.f64const(2 ** 26), ...op.splat, ...set(K26), ...op.f64const(2 ** -53), ...op.splat, ...set(K53),
    ...c(0), ...set(RP),
    ...get(RN), ...c(8), ...op.mul, ...set(REND),
    ...c(0), ...op.i32load(POS), ...c(2), ...op.shl, ...tee(RPOS),
    ...c(4 * N), ...op.ne, ...op.if_, ...get(RPOS), ...c(-16), ...op.and, ...op.call(1), ...op.end,
    ...op.block, ...op.loop,
    ...get(RP), ...get(REND), ...op.ltu, ...op.eqz, ...op.brIf(1),
    ...get(RPOS), ...c(4 * N), ...op.eq, ...op.if_, ...op.call(0), ...c(0), ...set(RPOS), ...op.end,
    // one word left: this double straddles a regeneration
    ...get(RPOS), ...c(4 * (N - 1)), ...op.eq, ...op.if_,
    ...word(RY), ...word(RZ), ...storeDouble, ...get(RP), ...c(8), ...op.add, ...set(RP), ...op.br(1),
    ...op.end,
    // stop = min(end, p + the doubles left before the regeneration)
    ...get(RP), ...c(4 * N), ...get(RPOS), ...op.sub, ...c(-8), ...op.and, ...op.add, ...tee(STOP),
    ...get(REND), ...get(STOP), ...get(REND), ...op.ltu, ...op.select, ...set(STOP),
    ...op.block, ...op.loop,
    ...get(STOP), ...get(RP), ...c(16), ...op.add, ...op.ltu, ...op.brIf(1),
    ...pass, ...op.br(0),
    ...op.end, ...op.end,
    // an odd double left before stop
    ...get(RP), ...get(STOP), ...op.ltu, ...op.if_,
    ...get(RPOS), ...op.i32load(TEMPERED), ...set(RY), ...get(RPOS), ...op.i32load(TEMPERED + 4), ...set(RZ), ...storeDouble,
    ...get(RPOS), ...c(8), ...op.add, ...set(RPOS), ...get(RP), ...c(8), ...op.add, ...set(RP),
    ...op.end,
    ...op.br(0),
    ...op.end, ...op.end,
    ...c(0), ...get(RPOS), ...c(2), ...op.shrU, ...op.i32store(POS),
    ...op.end,
  ];
  return { sig: fn([I32], []), name: "doubles", body: [...vec([[6, I32], [3, V128]]), ...code] };
}

function assemble(): Uint8Array {
  return assembleModule(1, [
    generate(),
    temper(),
    doubles(),
    run("words", [...word(RY), ...get(RP), ...get(RY), ...op.i32store(OUT)], 4),
    run("pairs", [...word(RY), ...word(RZ), ...get(RP), ...get(RY), ...op.i32store(OUT), ...get(RP), ...get(RZ), ...op.i32store(OUT + 4 * CHUNK)], 4),
    masked(),
  ]);
}

interface Kernels {
  readonly key: Uint32Array;
  /** pos, the count of regenerations, and the masked draws' mask, range and offset. */
  readonly meta: Uint32Array;
  readonly doubles: Float64Array;
  readonly words: Uint32Array;
  readonly lows: Uint32Array;
  readonly fillDoubles: (n: number) => void;
  readonly fillWords: (n: number) => void;
  readonly fillPairs: (n: number) => void;
  readonly fillMasked: (n: number) => void;
}

/** What a run reads and advances: `MT19937Core`'s state (an interface, so that mt19937.ts can import this file). */
export interface MTState {
  readonly key: Uint32Array;
  pos: number;
}

let kernels: Kernels | null | undefined;
let enabled = true;

/** Turns the wasm runs on or off (tests compare them with the JavaScript loops). */
export function useMtWasm(on: boolean): void {
  enabled = on;
}

function instance(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(assemble() as unknown as BufferSource), {});
    const ex = inst.exports as unknown as { mem: WebAssembly.Memory; doubles: (n: number) => void; words: (n: number) => void; pairs: (n: number) => void; masked: (n: number) => void };
    const buf = ex.mem.buffer; // one page that never grows, so the views stay valid
    kernels = {
      key: new Uint32Array(buf, KEY, N), meta: new Uint32Array(buf, POS, 5),
      doubles: new Float64Array(buf, OUT, CHUNK), words: new Uint32Array(buf, OUT, CHUNK), lows: new Uint32Array(buf, OUT + 4 * CHUNK, CHUNK),
      fillDoubles: ex.doubles, fillWords: ex.words, fillPairs: ex.pairs, fillMasked: ex.masked,
    };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** The kernels with `s`'s state copied in, for a run of `words` words; null to take the JavaScript loop. */
function begin(s: MTState, words: number): Kernels | null {
  const k = enabled && words >= MIN_WORDS ? instance() : null;
  if (k === null) return null;
  k.key.set(s.key);
  k.meta[0] = s.pos;
  k.meta[1] = 0;
  return k;
}

/** The state back into `s`: the key only if the run regenerated it. */
function end(k: Kernels, s: MTState): void {
  if (k.meta[1] !== 0) s.key.set(k.key);
  s.pos = k.meta[0]!;
}

/** Fills out[start..end) with NumPy's doubles (two words each), advancing `s` as the JavaScript loop would; false (nothing done) when the run stays in JavaScript. */
export function wasmFillDouble(s: MTState, out: Float64Array, start: number, stop: number): boolean {
  const k = begin(s, 2 * (stop - start));
  if (!k) return false;
  for (let i = start; i < stop; i += CHUNK) {
    const n = Math.min(CHUNK, stop - i);
    k.fillDoubles(n);
    out.set(n === CHUNK ? k.doubles : k.doubles.subarray(0, n), i);
  }
  end(k, s);
  return true;
}

/** `wasmFillDouble` for tempered words (`next_uint32` draws). */
export function wasmFillUint32(s: MTState, out: Uint32Array, start: number, stop: number): boolean {
  const k = begin(s, stop - start);
  if (!k) return false;
  for (let i = start; i < stop; i += CHUNK) {
    const n = Math.min(CHUNK, stop - i);
    k.fillWords(n);
    out.set(n === CHUNK ? k.words : k.words.subarray(0, n), i);
  }
  end(k, s);
  return true;
}

/** `wasmFillDouble` for 64-bit draws (two words each, the first the high word). */
export function wasmFillUint64(s: MTState, hi: Uint32Array, lo: Uint32Array, start: number, stop: number): boolean {
  const k = begin(s, 2 * (stop - start));
  if (!k) return false;
  for (let i = start; i < stop; i += CHUNK) {
    const n = Math.min(CHUNK, stop - i);
    k.fillPairs(n);
    if (n === CHUNK) { hi.set(k.words, i); lo.set(k.lows, i); } else { hi.set(k.words.subarray(0, n), i); lo.set(k.lows.subarray(0, n), i); }
  }
  end(k, s);
  return true;
}

/**
 * out[start..stop) = off + the masked-rejection draws on [0, rng] (`mask` covering rng), as
 * `buffered_bounded_masked_uint32` calls draw them, stored mod 2^32; false when the run stays in JavaScript.
 */
export function wasmFillMasked(s: MTState, out: Int32Array | Uint32Array, start: number, stop: number, off: number, rng: number, mask: number): boolean {
  const k = begin(s, stop - start);
  if (!k) return false;
  k.meta[2] = mask; k.meta[3] = rng; k.meta[4] = off;
  for (let i = start; i < stop; i += CHUNK) {
    const n = Math.min(CHUNK, stop - i);
    k.fillMasked(n);
    out.set(n === CHUNK ? k.words : k.words.subarray(0, n), i);
  }
  end(k, s);
  return true;
}
