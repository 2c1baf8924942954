// PCG64 and PCG64DXSM runs in WebAssembly, whose i64 arithmetic does a 128-bit LCG step in
// a handful of instructions where JavaScript needs a dozen 32-bit limb products (see
// pcg64.ts, whose loops stay as the fallback and the reference). The module is assembled
// byte by byte (runtime/wasm.ts) and instantiated lazily, once per thread. Its memory holds
// the 128-bit state and increment at STATE (the engine's uint32 limbs, low first, which are
// the little-endian u64s state.low, state.high, inc.low, inc.high) and one chunk of output at
// OUT: CHUNK doubles, or CHUNK high words followed by CHUNK low words. wasm has no 64x64->128
// multiply, so the high word of state.low * multiplier is built from 32-bit halves.

import { I32, I64, assembleModule, fn, get, op, set, tee, vec } from "../wasm.js";

const STATE = 0, OUT = 64;
/** Draws per call: one chunk of doubles (or of high and low words) fills half the one page. */
const CHUNK = 4096;
/** Shorter runs stay in JavaScript (measured: at 8 draws the wasm call, the state and the copies out already win). */
const MIN_RUN = 8;

const M32 = 0xffffffffn;
// PCG_DEFAULT_MULTIPLIER_128 (high, low) and PCG_CHEAP_MULTIPLIER_128
const MULT_HI = 2549297995355413924n, MULT_LO = 4865540595714422341n;
const CHEAP = 0xda942042e4dd58b5n;

// params: 0 n; locals: 1 p (output address), 2 end, 3 end of the unrolled passes, then the i64s
const [N, P, END, MAIN_END] = [0, 1, 2, 3];
const [LO, HI, INC_LO, INC_HI, A0, A1, T, W, X] = [4, 5, 6, 7, 8, 9, 10, 11, 12];

const c64 = op.i64const;
const shr = (k: number) => [...c64(BigInt(k)), ...op.i64shrU];
/** x mod 2^32 as wrap then extend (one 32-bit move on x64; measured a few percent faster than `and 0xffffffff`). */
const low32 = [...op.i32wrapI64, ...op.i64extendI32U];

/**
 * state = state * (mHi:mLo) + inc (mod 2^128) on the locals (mHi = 0 for the cheap multiplier):
 * low = lo * mLo + inc.low; high = mulhi(lo, mLo) + lo * mHi + hi * mLo + inc.high + carry.
 */
function step(mHi: bigint, mLo: bigint): number[] {
  const b0 = mLo & M32, b1 = mLo >> 32n;
  return [
    ...get(LO), ...low32, ...set(A0),
    ...get(LO), ...shr(32), ...set(A1),
    // mulhi(lo, mLo) from 32-bit halves (Hacker's Delight's mulhu): t = a1 b0 + (a0 b0 >> 32) and
    // w = low(t) + a0 b1 stay below 2^64, and the high word is a1 b1 + (t >> 32) + (w >> 32)
    ...get(A1), ...c64(b0), ...op.i64mul, ...get(A0), ...c64(b0), ...op.i64mul, ...shr(32), ...op.i64add, ...tee(T),
    ...low32, ...get(A0), ...c64(b1), ...op.i64mul, ...op.i64add, ...set(W),
    // high = mulhi + lo * mHi + hi * mLo + inc.high (+ the carry of low, below)
    ...get(A1), ...c64(b1), ...op.i64mul, ...get(T), ...shr(32), ...op.i64add, ...get(W), ...shr(32), ...op.i64add,
    ...(mHi ? [...get(LO), ...c64(mHi), ...op.i64mul, ...op.i64add] : []),
    ...get(INC_HI), ...op.i64add, ...get(HI), ...c64(mLo), ...op.i64mul, ...op.i64add, ...set(HI),
    // low = lo * mLo + inc.low, and its carry into high
    ...get(LO), ...c64(mLo), ...op.i64mul, ...get(INC_LO), ...op.i64add, ...tee(LO),
    ...get(INC_LO), ...op.i64ltu, ...op.i64extendI32U, ...get(HI), ...op.i64add, ...set(HI),
  ];
}

/** PCG64's XSL RR output of the (new) state: rotr64(high ^ low, high >> 58), into X. */
const xslrr = [...get(HI), ...get(LO), ...op.i64xor, ...get(HI), ...shr(58), ...op.i64rotr, ...set(X)];

/** PCG64DXSM's output of the (old) state, into X: hi ^= hi >> 32; hi *= CHEAP; hi ^= hi >> 48; hi *= lo | 1. */
const dxsm = [
  ...get(HI), ...get(HI), ...shr(32), ...op.i64xor, ...c64(CHEAP), ...op.i64mul, ...tee(X),
  ...get(X), ...shr(48), ...op.i64xor, ...get(LO), ...c64(1n), ...op.i64or, ...op.i64mul, ...set(X),
];

/** X as NumPy's double, (X >> 11) * 2^-53, stored at p + off. */
const storeDouble = (off: number) => [...get(P), ...get(X), ...shr(11), ...op.f64convertI64S, ...op.f64const(2 ** -53), ...op.f64mul, ...op.f64store(off)];
/** X's high word at p + off and its low word CHUNK words later. */
const storeWords = (off: number) => [
  ...get(P), ...get(X), ...shr(32), ...op.i32wrapI64, ...op.i32store(off),
  ...get(P), ...get(X), ...op.i32wrapI64, ...op.i32store(off + 4 * CHUNK),
];

/** Draws per pass of the main loop: unrolled four times, V8 takes about a fifth less time per draw. */
const UNROLL = 4;

/**
 * A function of n (0 <= n <= CHUNK) running the draw `draw(off)` n times over the state in memory,
 * with `off` the output's byte offset from p: UNROLL draws a pass, then one a pass for the rest.
 */
function run(name: string, draw: (off: number) => number[], stride: number) {
  /** `pass` while p < bound (checked first). */
  const loopWhile = (bound: number, pass: number[], bytes: number) => [
    ...op.block, ...get(P), ...get(bound), ...op.ltu, ...op.eqz, ...op.brIf(0),
    ...op.loop, ...pass, ...get(P), ...op.i32const(bytes), ...op.add, ...tee(P), ...get(bound), ...op.ltu, ...op.brIf(0), ...op.end,
    ...op.end,
  ];
  const code = [
    ...op.i32const(STATE), ...op.i64load(0), ...set(LO),
    ...op.i32const(STATE), ...op.i64load(8), ...set(HI),
    ...op.i32const(STATE), ...op.i64load(16), ...set(INC_LO),
    ...op.i32const(STATE), ...op.i64load(24), ...set(INC_HI),
    ...op.i32const(OUT), ...set(P),
    ...op.i32const(OUT), ...get(N), ...op.i32const(stride), ...op.mul, ...op.add, ...set(END),
    ...op.i32const(OUT), ...get(N), ...op.i32const(-UNROLL), ...op.and, ...op.i32const(stride), ...op.mul, ...op.add, ...set(MAIN_END),
    ...loopWhile(MAIN_END, Array.from({ length: UNROLL }, (_, k) => draw(k * stride)).flat(), UNROLL * stride),
    ...loopWhile(END, draw(0), stride),
    ...op.i32const(STATE), ...get(LO), ...op.i64store(0),
    ...op.i32const(STATE), ...get(HI), ...op.i64store(8),
    ...op.end,
  ];
  return { sig: fn([I32], []), name, body: [...vec([[3, I32], [9, I64]]), ...code] };
}

function assemble(): Uint8Array {
  const pcg = step(MULT_HI, MULT_LO), cm = step(0n, CHEAP);
  return assembleModule(1, [
    run("pcg64Double", (off) => [...pcg, ...xslrr, ...storeDouble(off)], 8),
    run("pcg64Words", (off) => [...pcg, ...xslrr, ...storeWords(off)], 4),
    run("dxsmDouble", (off) => [...dxsm, ...cm, ...storeDouble(off)], 8),
    run("dxsmWords", (off) => [...dxsm, ...cm, ...storeWords(off)], 4),
  ]);
}

interface Kernels {
  /** The state limbs in memory (8 uint32, as `PCG128.st`). */
  readonly st: Uint32Array;
  readonly doubles: Float64Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly pcg64Double: (n: number) => void;
  readonly pcg64Words: (n: number) => void;
  readonly dxsmDouble: (n: number) => void;
  readonly dxsmWords: (n: number) => void;
}

let kernels: Kernels | null | undefined;
let enabled = true;

/** Turns the wasm runs on or off (tests compare them with the JavaScript loops). */
export function usePcgWasm(on: boolean): void {
  enabled = on;
}

function instance(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(assemble() as unknown as BufferSource), {});
    const ex = inst.exports as unknown as Omit<Kernels, "st" | "doubles" | "hi" | "lo"> & { mem: WebAssembly.Memory };
    const buf = ex.mem.buffer; // one page that never grows, so the views stay valid
    kernels = {
      st: new Uint32Array(buf, STATE, 8), doubles: new Float64Array(buf, OUT, CHUNK),
      hi: new Uint32Array(buf, OUT, CHUNK), lo: new Uint32Array(buf, OUT + 4 * CHUNK, CHUNK),
      pcg64Double: ex.pcg64Double, pcg64Words: ex.pcg64Words, dxsmDouble: ex.dxsmDouble, dxsmWords: ex.dxsmWords,
    };
  } catch {
    kernels = null;
  }
  return kernels;
}

// The state in and out by hand: TypedArray.set and subarray cost more than a short run's draws.
function stateIn(k: Kernels, st: Uint32Array): void {
  const m = k.st;
  m[0] = st[0]!; m[1] = st[1]!; m[2] = st[2]!; m[3] = st[3]!; m[4] = st[4]!; m[5] = st[5]!; m[6] = st[6]!; m[7] = st[7]!;
}
function stateOut(k: Kernels, st: Uint32Array): void {
  const m = k.st;
  st[0] = m[0]!; st[1] = m[1]!; st[2] = m[2]!; st[3] = m[3]!;
}

/** The kernels for a run of `n` draws, or null to take the JavaScript loop (short run, no wasm, or turned off). */
function kernelsFor(n: number): Kernels | null {
  return enabled && n >= MIN_RUN ? instance() : null;
}

/**
 * Fills out[start..end) with NumPy's doubles of PCG64 (`dxsmOutput` false) or PCG64DXSM, advancing the
 * state limbs `st` as the JavaScript loop would; false (nothing done) when the run stays in JavaScript.
 */
export function wasmFillDouble(dxsmOutput: boolean, st: Uint32Array, out: Float64Array, start: number, end: number): boolean {
  const k = kernelsFor(end - start);
  if (!k) return false;
  const fill = dxsmOutput ? k.dxsmDouble : k.pcg64Double;
  stateIn(k, st);
  for (let i = start; i < end; i += CHUNK) {
    const n = Math.min(CHUNK, end - i);
    fill(n);
    out.set(n === CHUNK ? k.doubles : k.doubles.subarray(0, n), i);
  }
  stateOut(k, st);
  return true;
}

/** `wasmFillDouble` for 64-bit words: high words to hi[start..end), low words to lo[start..end). */
export function wasmFillUint64(dxsmOutput: boolean, st: Uint32Array, hi: Uint32Array, lo: Uint32Array, start: number, end: number): boolean {
  const k = kernelsFor(end - start);
  if (!k) return false;
  const fill = dxsmOutput ? k.dxsmWords : k.pcg64Words;
  stateIn(k, st);
  for (let i = start; i < end; i += CHUNK) {
    const n = Math.min(CHUNK, end - i);
    fill(n);
    if (n === CHUNK) { hi.set(k.hi, i); lo.set(k.lo, i); } else { hi.set(k.hi.subarray(0, n), i); lo.set(k.lo.subarray(0, n), i); }
  }
  stateOut(k, st);
  return true;
}

// Single draws: a wasm call and the state in and out (~20 ns) beat the JavaScript limb step (~35 ns).

/** One 64-bit PCG64 draw in wasm: the high word returned and the low word left in `e.lo`, or -1 (nothing done) without wasm. */
export function wasmNextPcg64(e: { readonly st: Uint32Array; lo: number }): number {
  const k = enabled ? instance() : null;
  if (k === null) return -1;
  stateIn(k, e.st);
  k.pcg64Words(1);
  stateOut(k, e.st);
  e.lo = k.lo[0]!;
  return k.hi[0]!;
}

/** `wasmNextPcg64` for PCG64DXSM. */
export function wasmNextDxsm(e: { readonly st: Uint32Array; lo: number }): number {
  const k = enabled ? instance() : null;
  if (k === null) return -1;
  stateIn(k, e.st);
  k.dxsmWords(1);
  stateOut(k, e.st);
  e.lo = k.lo[0]!;
  return k.hi[0]!;
}

/** One PCG64 double in wasm, or -1 (nothing done) without wasm. */
export function wasmNextDoublePcg64(st: Uint32Array): number {
  const k = enabled ? instance() : null;
  if (k === null) return -1;
  stateIn(k, st);
  k.pcg64Double(1);
  stateOut(k, st);
  return k.doubles[0]!;
}
