/**
 * PCG64 and PCG64DXSM runs in WebAssembly (runtime/random/pcg64-wasm.ts) against the
 * JavaScript loops they replace and a BigInt reference of NumPy's pcg64.h: the same doubles,
 * 64-bit words and uint32 halves, the same state after, on many seeds, lengths around the
 * run threshold and the chunk size, extreme states (carries), and fills interleaved with
 * single draws. NumPy's own fixtures are in test/src/random-bitgen.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PCG64Core, PCG64DXSMCore } from "../../runtime/random/pcg64";
import { usePcgWasm, wasmFillDouble } from "../../runtime/random/pcg64-wasm";

type Core = PCG64Core | PCG64DXSMCore;
const KINDS = [["PCG64", PCG64Core], ["PCG64DXSM", PCG64DXSMCore]] as const;
const MASK64 = (1n << 64n) - 1n, MASK128 = (1n << 128n) - 1n;
const MULT = (2549297995355413924n << 64n) + 4865540595714422341n, CHEAP = 0xda942042e4dd58b5n;

/** NumPy's draws in BigInt: XSL RR after the step (PCG64), DXSM before the cheap step (PCG64DXSM). */
function reference(dxsm: boolean, state: bigint, inc: bigint, n: number): { out: bigint[]; state: bigint } {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    if (dxsm) {
      let hi = state >> 64n;
      const lo = (state & MASK64) | 1n;
      hi ^= hi >> 32n; hi = (hi * CHEAP) & MASK64; hi ^= hi >> 48n; hi = (hi * lo) & MASK64;
      out.push(hi);
      state = (state * CHEAP + inc) & MASK128;
    } else {
      state = (state * MULT + inc) & MASK128;
      const x = ((state >> 64n) ^ state) & MASK64, r = state >> 122n;
      out.push(((x >> r) | (x << ((64n - r) & 63n))) & MASK64);
    }
  }
  return { out, state };
}

class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed * 2654435761) >>> 0 || 1; }
  next(): number { this.s ^= this.s << 13; this.s >>>= 0; this.s ^= this.s >>> 17; this.s ^= this.s << 5; this.s >>>= 0; return this.s; }
  words(n: number): number[] { return Array.from({ length: n }, () => this.next()); }
}

/** Two engines of one kind with the same state: the first runs with wasm, the second without. */
function pair(make: (typeof KINDS)[number][1], seed: number): [Core, Core] {
  const w = new Rng(seed).words(8);
  return [make.fromSeedWords(w), make.fromSeedWords(w)];
}

/** The first index where two arrays differ (-1 when equal): vitest's deep equality is slow on long typed arrays. */
function firstDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

function withWasm<T>(on: boolean, f: () => T): T {
  usePcgWasm(on);
  try { return f(); } finally { usePcgWasm(true); }
}

const LENGTHS = [0, 1, 2, 7, 8, 9, 15, 16, 31, 32, 33, 63, 100, 1023, 4095, 4096, 4097, 8191, 10007, 3 * 4096 + 5];

afterEach(() => usePcgWasm(true));

it("the module assembles and instantiates (so the tests below compare two paths)", () => {
  const e = PCG64Core.fromSeedWords([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(wasmFillDouble(false, e.st, new Float64Array(100), 0, 100)).toBe(true);
  expect(wasmFillDouble(false, e.st, new Float64Array(100), 0, 7)).toBe(false); // short runs stay in JavaScript
  usePcgWasm(false);
  expect(wasmFillDouble(false, e.st, new Float64Array(100), 0, 100)).toBe(false);
});

describe.each(KINDS)("%s in WebAssembly", (name, make) => {
  const dxsm = name === "PCG64DXSM";

  it("fillDouble: the JavaScript loop's doubles and state, on many seeds and lengths", () => {
    for (let seed = 0; seed < 12; seed++) {
      const [a, b] = pair(make, seed);
      for (const n of LENGTHS) {
        const x = new Float64Array(n + 3), y = new Float64Array(n + 3);
        a.fillDouble(x, 2, n + 2);
        withWasm(false, () => b.fillDouble(y, 2, n + 2));
        expect(firstDiff(x, y)).toBe(-1);
        expect(a.st).toEqual(b.st);
      }
    }
  });

  it("fillUint64: the JavaScript loop's words and state", () => {
    for (let seed = 100; seed < 112; seed++) {
      const [a, b] = pair(make, seed);
      for (const n of LENGTHS) {
        const h1 = new Uint32Array(n + 1), l1 = new Uint32Array(n + 1), h2 = new Uint32Array(n + 1), l2 = new Uint32Array(n + 1);
        a.fillUint64(h1, l1, 1, n + 1);
        withWasm(false, () => b.fillUint64(h2, l2, 1, n + 1));
        expect(firstDiff(h1, h2)).toBe(-1);
        expect(firstDiff(l1, l2)).toBe(-1);
        expect(a.st).toEqual(b.st);
      }
    }
  });

  it("matches NumPy's algorithm in BigInt, including from all-ones states (every carry)", () => {
    const starts: [bigint, bigint][] = [
      [MASK128, MASK128], [MASK128, 1n], [0n, 1n], [(1n << 64n) - 1n, (1n << 64n) + 1n], [1n << 127n, MASK128 - 2n],
    ];
    for (const [state, inc] of starts) {
      const e = new make();
      e.set128(state, inc);
      const n = 5000, h = new Uint32Array(n), l = new Uint32Array(n);
      e.fillUint64(h, l, 0, n);
      const ref = reference(dxsm, state, inc, n);
      const got = Array.from(h, (x, i) => (BigInt(x) << 32n) | BigInt(l[i]!));
      expect(got.findIndex((x, i) => x !== ref.out[i])).toBe(-1);
      expect(e.get128().state).toBe(ref.state);
      const d = new Float64Array(n);
      e.set128(state, inc);
      e.fillDouble(d, 0, n);
      expect(firstDiff(d, ref.out.map((x) => Number(x >> 11n) * 2 ** -53))).toBe(-1);
    }
  });

  it("single draws match the reference on both paths", () => {
    const state = MASK128 - 12345n, inc = MASK128;
    const ref = reference(dxsm, state, inc, 400);
    for (const on of [true, false]) {
      withWasm(on, () => {
        const e = new make();
        e.set128(state, inc);
        for (let i = 0; i < 400; i += 2) {
          const h = e.nextUint64();
          expect((BigInt(h) << 32n) | BigInt(e.lo)).toBe(ref.out[i]);
          expect(e.nextDouble()).toBe(Number(ref.out[i + 1]! >> 11n) * 2 ** -53);
        }
        expect(e.get128().state).toBe(ref.state);
      });
    }
  });

  it("a fill of n draws is an advance by n", () => {
    const [a, b] = pair(make, 7);
    a.fillDouble(new Float64Array(12345), 0, 12345);
    b.advance(12345);
    expect(a.st).toEqual(b.st);
  });

  it("fills interleaved with single draws and buffered uint32 halves", () => {
    for (let seed = 200; seed < 206; seed++) {
      const [a, b] = pair(make, seed);
      const trace = (e: Core, on: boolean): number[] => withWasm(on, () => {
        const rr = new Rng(seed), out: number[] = [];
        for (let step = 0; step < 60; step++) {
          const n = rr.next() % 3 === 0 ? rr.next() % 40 : rr.next() % 9000;
          switch (rr.next() % 5) {
            case 0: { const d = new Float64Array(n); e.fillDouble(d, 0, n); out.push(...d.subarray(0, 3), ...d.subarray(-3)); break; }
            case 1: { const u = new Uint32Array(n); e.fillUint32(u, 0, n); out.push(...u.subarray(0, 3), ...u.subarray(-3), e.hasUint32, e.uinteger); break; }
            case 2: { const h = new Uint32Array(n), l = new Uint32Array(n); e.fillUint64(h, l, 0, n); out.push(...h.subarray(-2), ...l.subarray(-2)); break; }
            case 3: out.push(e.nextUint32(), e.hasUint32); break;
            default: out.push(e.nextDouble(), e.nextUint64(), e.lo);
          }
          out.push(...e.st);
        }
        return out;
      });
      expect(firstDiff(trace(a, true), trace(b, false))).toBe(-1);
    }
  });

  it("runs on after a JavaScript-only stretch (the flag switches paths, not streams)", () => {
    const [a, b] = pair(make, 9);
    const x = new Float64Array(9000), y = new Float64Array(9000);
    withWasm(false, () => a.fillDouble(x, 0, 3000));
    a.fillDouble(x, 3000, 9000);
    b.fillDouble(y, 0, 9000);
    expect(firstDiff(x, y)).toBe(-1);
  });
});
