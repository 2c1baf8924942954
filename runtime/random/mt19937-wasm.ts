// MT19937 runs in WebAssembly: the regeneration (`mt19937_gen`), the tempering and NumPy's
// doubles in compiled loops with no bounds checks or number-tagging, about three times the
// JavaScript loops' speed (mt19937.ts, which stay as the fallback and the reference). The
// module is assembled byte by byte (runtime/wasm.ts) and instantiated lazily, once per thread.
// Its memory holds one engine's 624 state words at KEY and its position at POS: a run copies
// the engine's `key` and `pos` in, draws CHUNK at a time into OUT (doubles, words, or high
// words followed by CHUNK low words), and copies them back, the key only when it was
// regenerated (GENS counts the regenerations).

import { I32, assembleModule, fn, get, op, set, tee, vec } from "../wasm.js";

const N = 624, M = 397;
const KEY = 0, POS = 4 * N, GENS = POS + 4, OUT = 4096;
/** Draws per call: a chunk of doubles fills half the one page. */
const CHUNK = 4096;
/** Shorter runs stay in JavaScript: below this the state's copy in costs more than the draws save (measured). */
const MIN_RUN = 64;

const UPPER = 0x80000000 | 0, LOWER = 0x7fffffff, MATRIX_A = 0x9908b0df | 0;

/** The twist of one word: load(dst) = load(far) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A), y from load(cur) and load(nxt); addresses base + offset. */
function twist(base: number, y: number, cur: number, nxt: number, far: number): number[] {
  return [
    ...get(base), ...op.i32load(cur), ...op.i32const(UPPER), ...op.and,
    ...get(base), ...op.i32load(nxt), ...op.i32const(LOWER), ...op.and, ...op.or, ...set(y),
    ...get(base),
    ...get(base), ...op.i32load(far), ...get(y), ...op.i32const(1), ...op.shrU, ...op.xor,
    ...op.i32const(0), ...get(y), ...op.i32const(1), ...op.and, ...op.sub, ...op.i32const(MATRIX_A), ...op.and, ...op.xor,
    ...op.i32store(cur),
  ];
}

/** `body` for local p from `from` while p < `to` (bytes, both constants, from < to), p advancing by `step`. */
function constLoop(p: number, from: number, to: number, step: number, body: number[]): number[] {
  return [
    ...op.i32const(from), ...set(p),
    ...op.loop, ...body, ...get(p), ...op.i32const(step), ...op.add, ...tee(p), ...op.i32const(to), ...op.ltu, ...op.brIf(0), ...op.end,
  ];
}

/** `mt19937_gen`: all 624 words regenerated in place, and GENS counted up. Function 0. */
function generate() {
  const [P, Y] = [0, 1];
  const code = [
    // i < N - M: mt[i] from mt[i], mt[i + 1], mt[i + M] (all still old)
    ...constLoop(P, 0, 4 * (N - M), 4, twist(P, Y, 0, 4, 4 * M)),
    // N - M <= i < N - 1: mt[i + M - N], already new; p runs over i - (N - M)
    ...constLoop(P, 0, 4 * (M - 1), 4, twist(P, Y, 4 * (N - M), 4 * (N - M) + 4, 0)),
    // the last word wraps to mt[0]
    ...op.i32const(0), ...set(P),
    ...get(P), ...op.i32load(4 * (N - 1)), ...op.i32const(UPPER), ...op.and,
    ...get(P), ...op.i32load(0), ...op.i32const(LOWER), ...op.and, ...op.or, ...set(Y),
    ...get(P),
    ...get(P), ...op.i32load(4 * (M - 1)), ...get(Y), ...op.i32const(1), ...op.shrU, ...op.xor,
    ...op.i32const(0), ...get(Y), ...op.i32const(1), ...op.and, ...op.sub, ...op.i32const(MATRIX_A), ...op.and, ...op.xor,
    ...op.i32store(4 * (N - 1)),
    ...op.i32const(0), ...op.i32const(0), ...op.i32load(GENS), ...op.i32const(1), ...op.add, ...op.i32store(GENS),
    ...op.end,
  ];
  return { sig: fn([], []), name: "generate", body: [...vec([[2, I32]]), ...code] };
}

// The runs' locals: 0 n (param), 1 p (output address), 2 end, 3 pos (byte offset into KEY), 4 y, 5 z
const [RN, RP, REND, RPOS, RY, RZ] = [0, 1, 2, 3, 4, 5];

/** The next tempered word into local `l`, regenerating first when pos reaches N (as `mt19937_next32`). */
function word(l: number): number[] {
  const xorShifted = (shift: number[], mask: number | null) => [
    ...get(l), ...get(l), ...shift, ...(mask === null ? [] : [...op.i32const(mask | 0), ...op.and]), ...op.xor, ...set(l),
  ];
  return [
    ...get(RPOS), ...op.i32const(4 * N), ...op.eq, ...op.if_, ...op.call(0), ...op.i32const(0), ...set(RPOS), ...op.end,
    ...get(RPOS), ...op.i32load(KEY), ...set(l),
    ...get(RPOS), ...op.i32const(4), ...op.add, ...set(RPOS),
    ...xorShifted([...op.i32const(11), ...op.shrU], null),
    ...xorShifted([...op.i32const(7), ...op.shl], 0x9d2c5680),
    ...xorShifted([...op.i32const(15), ...op.shl], 0xefc60000),
    ...xorShifted([...op.i32const(18), ...op.shrU], null),
  ];
}

/** NumPy's double of two words, ((y >>> 5) * 2^26 + (z >>> 6)) * 2^-53, stored at p. */
const storeDouble = [
  ...get(RP),
  ...get(RY), ...op.i32const(5), ...op.shrU, ...op.i64extendI32U, ...op.i64const(26n), ...op.i64shl,
  ...get(RZ), ...op.i32const(6), ...op.shrU, ...op.i64extendI32U, ...op.i64or,
  ...op.f64convertI64S, ...op.f64const(2 ** -53), ...op.f64mul, ...op.f64store(OUT),
];

/** A function of n (0 <= n <= CHUNK) running `draw` n times, p stepping by `stride` bytes from 0. */
function run(name: string, draw: number[], stride: number) {
  const code = [
    ...op.i32const(0), ...set(RP),
    ...get(RN), ...op.i32const(stride), ...op.mul, ...set(REND),
    ...op.i32const(0), ...op.i32load(POS), ...op.i32const(2), ...op.shl, ...set(RPOS),
    ...op.block, ...get(RP), ...get(REND), ...op.ltu, ...op.eqz, ...op.brIf(0),
    ...op.loop, ...draw, ...get(RP), ...op.i32const(stride), ...op.add, ...tee(RP), ...get(REND), ...op.ltu, ...op.brIf(0), ...op.end,
    ...op.end,
    ...op.i32const(0), ...get(RPOS), ...op.i32const(2), ...op.shrU, ...op.i32store(POS),
    ...op.end,
  ];
  return { sig: fn([I32], []), name, body: [...vec([[5, I32]]), ...code] };
}

function assemble(): Uint8Array {
  return assembleModule(1, [
    generate(),
    run("doubles", [...word(RY), ...word(RZ), ...storeDouble], 8),
    run("words", [...word(RY), ...get(RP), ...get(RY), ...op.i32store(OUT)], 4),
    run("pairs", [...word(RY), ...word(RZ), ...get(RP), ...get(RY), ...op.i32store(OUT), ...get(RP), ...get(RZ), ...op.i32store(OUT + 4 * CHUNK)], 4),
  ]);
}

interface Kernels {
  readonly key: Uint32Array;
  /** pos and the count of regenerations. */
  readonly meta: Uint32Array;
  readonly doubles: Float64Array;
  readonly words: Uint32Array;
  readonly lows: Uint32Array;
  readonly fillDoubles: (n: number) => void;
  readonly fillWords: (n: number) => void;
  readonly fillPairs: (n: number) => void;
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
    const ex = inst.exports as unknown as { mem: WebAssembly.Memory; doubles: (n: number) => void; words: (n: number) => void; pairs: (n: number) => void };
    const buf = ex.mem.buffer; // one page that never grows, so the views stay valid
    kernels = {
      key: new Uint32Array(buf, KEY, N), meta: new Uint32Array(buf, POS, 2),
      doubles: new Float64Array(buf, OUT, CHUNK), words: new Uint32Array(buf, OUT, CHUNK), lows: new Uint32Array(buf, OUT + 4 * CHUNK, CHUNK),
      fillDoubles: ex.doubles, fillWords: ex.words, fillPairs: ex.pairs,
    };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** The kernels with `s`'s state copied in, for a run of n draws; null to take the JavaScript loop. */
function begin(s: MTState, n: number): Kernels | null {
  const k = enabled && n >= MIN_RUN ? instance() : null;
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
  const k = begin(s, stop - start);
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
