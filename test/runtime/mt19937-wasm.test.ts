/**
 * MT19937 runs in WebAssembly (runtime/random/mt19937-wasm.ts) against the JavaScript loops
 * they replace: the same doubles, words and 64-bit pairs, the same key and pos after, on many
 * seeds, lengths across the 624-word regenerations, the run threshold and the chunk size, and
 * fills interleaved with single draws; the legacy RandomState's state after mixed calls. NumPy's
 * own fixtures are in test/src/random-legacy.test.ts and random-bitgen.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MT19937Core } from "../../runtime/random/mt19937";
import { useMtWasm, wasmFillDouble } from "../../runtime/random/mt19937-wasm";
import * as np from "../../src/index";

class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed * 2654435761) >>> 0 || 1; }
  next(): number { this.s ^= this.s << 13; this.s >>>= 0; this.s ^= this.s >>> 17; this.s ^= this.s << 5; this.s >>>= 0; return this.s; }
}

/** Two engines with the same state (seeded, then advanced to `pos`): the first runs with wasm, the second without. */
function pair(seed: number, pos = 624): [MT19937Core, MT19937Core] {
  const a = new MT19937Core(), b = new MT19937Core();
  a.seed(seed); b.seed(seed);
  if (pos < 624) { a.generate(); b.generate(); a.pos = b.pos = pos; }
  return [a, b];
}

/** The first index where two arrays differ (-1 when equal): vitest's deep equality is slow on long typed arrays. */
function firstDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

function withWasm<T>(on: boolean, f: () => T): T {
  useMtWasm(on);
  try { return f(); } finally { useMtWasm(true); }
}

const LENGTHS = [0, 1, 2, 23, 24, 25, 47, 48, 49, 63, 64, 65, 311, 312, 313, 623, 624, 625, 1247, 1248, 1249, 4095, 4096, 4097, 10007, 3 * 4096 + 5];
const STARTS = [624, 623, 622, 0, 1, 311, 500];

afterEach(() => useMtWasm(true));

it("the module assembles and instantiates (so the tests below compare two paths)", () => {
  const [e] = pair(5);
  expect(wasmFillDouble(e, new Float64Array(100), 0, 100)).toBe(true);
  expect(wasmFillDouble(e, new Float64Array(100), 0, 23)).toBe(false); // short runs stay in JavaScript
  useMtWasm(false);
  expect(wasmFillDouble(e, new Float64Array(100), 0, 100)).toBe(false);
});

describe("MT19937 in WebAssembly", () => {
  it("fillDouble: the JavaScript loop's doubles, key and pos, from every kind of position", () => {
    for (let seed = 0; seed < 6; seed++) {
      for (const pos of STARTS) {
        const [a, b] = pair(seed * 7919 + 1, pos);
        for (const n of LENGTHS) {
          const x = new Float64Array(n + 3), y = new Float64Array(n + 3);
          a.fillDouble(x, 2, n + 2);
          withWasm(false, () => b.fillDouble(y, 2, n + 2));
          expect(firstDiff(x, y)).toBe(-1);
          expect(a.pos).toBe(b.pos);
          expect(firstDiff(a.key, b.key)).toBe(-1);
        }
      }
    }
  });

  it("fillUint32 and fillUint64: the JavaScript loop's words, key and pos", () => {
    for (let seed = 100; seed < 104; seed++) {
      for (const pos of STARTS) {
        const [a, b] = pair(seed, pos);
        for (const n of LENGTHS) {
          const u = new Uint32Array(n + 1), v = new Uint32Array(n + 1);
          a.fillUint32(u, 1, n + 1);
          withWasm(false, () => b.fillUint32(v, 1, n + 1));
          expect(firstDiff(u, v)).toBe(-1);
          const h1 = new Uint32Array(n), l1 = new Uint32Array(n), h2 = new Uint32Array(n), l2 = new Uint32Array(n);
          a.fillUint64(h1, l1, 0, n);
          withWasm(false, () => b.fillUint64(h2, l2, 0, n));
          expect(firstDiff(h1, h2)).toBe(-1);
          expect(firstDiff(l1, l2)).toBe(-1);
          expect(a.pos).toBe(b.pos);
          expect(firstDiff(a.key, b.key)).toBe(-1);
        }
      }
    }
  });

  it("a fill of n doubles is 2n single draws", () => {
    const [a, b] = pair(42, 623);
    const x = new Float64Array(5000);
    a.fillDouble(x, 0, 5000);
    const y = Float64Array.from({ length: 5000 }, () => b.nextDouble());
    expect(firstDiff(x, y)).toBe(-1);
    expect(a.pos).toBe(b.pos);
    expect(firstDiff(a.key, b.key)).toBe(-1);
  });

  it("fills interleaved with single draws and JavaScript regenerations", () => {
    for (let seed = 200; seed < 206; seed++) {
      const [a, b] = pair(seed);
      const trace = (e: MT19937Core, on: boolean): number[] => withWasm(on, () => {
        const rr = new Rng(seed), out: number[] = [];
        for (let step = 0; step < 60; step++) {
          const n = rr.next() % 3 === 0 ? rr.next() % 700 : rr.next() % 9000;
          switch (rr.next() % 5) {
            case 0: { const d = new Float64Array(n); e.fillDouble(d, 0, n); out.push(...d.subarray(0, 3), ...d.subarray(-3)); break; }
            case 1: { const u = new Uint32Array(n); e.fillUint32(u, 0, n); out.push(...u.subarray(0, 3), ...u.subarray(-3)); break; }
            case 2: { const h = new Uint32Array(n), l = new Uint32Array(n); e.fillUint64(h, l, 0, n); out.push(...h.subarray(-2), ...l.subarray(-2)); break; }
            case 3: for (let k = rr.next() % 700; k > 0; k--) out.push(e.nextUint32()); break;
            default: out.push(e.nextDouble(), e.nextUint64(), e.lo);
          }
          out.push(e.pos, e.key[0]!, e.key[623]!);
        }
        return out;
      });
      expect(firstDiff(trace(a, true), trace(b, false))).toBe(-1);
    }
  });

  it("RandomState: the same numbers and get_state after mixed calls, with and without wasm", () => {
    const run = (on: boolean) => withWasm(on, () => {
      const rs = new np.random.RandomState(12345), out: number[] = [];
      const last = (a: unknown) => (a as { tolist(): number[] }).tolist().slice(-3);
      for (const n of [1, 3, 100, 1000, 5001, 77, 20000]) {
        out.push(...last(rs.rand(n)), ...last(rs.randn(n)), ...last(rs.randint(0, 1000, n)));
        out.push(rs.randn() as number, rs.random() as number);
      }
      const state = (rs.getState() as unknown[]).map((x) => (x !== null && typeof x === "object" && "tolist" in x ? (x as { tolist(): unknown }).tolist() : x));
      return { out, state };
    });
    const w = run(true), j = run(false);
    expect(firstDiff(w.out, j.out)).toBe(-1);
    expect(w.state).toEqual(j.state);
  });

  it("randn's chunked fill is randn() called n times, on MT19937 and on PCG64 (the spare Gaussian cached the same way)", () => {
    for (const make of [() => new np.random.RandomState(7), () => new np.random.RandomState(new np.random.PCG64(7))]) {
      const a = make(), b = make();
      for (const n of [1, 2, 3, 64, 65, 129, 1000, 4097, 9001]) {
        const x = (a.randn(n) as unknown as { tolist(): number[] }).tolist();
        const y = Array.from({ length: n }, () => b.randn() as number);
        expect(firstDiff(x, y)).toBe(-1);
        expect(a.random()).toBe(b.random());
      }
    }
  });

  it("randint's masked rejection in wasm: NumPy's words and values for 32-bit ranges and offsets, and the stream after", () => {
    const cases: [number, number, string][] = [
      [0, 1000, "int64"], [-5, 3, "int32"], [0, 2, "int64"], [-(2 ** 31), 2 ** 31 - 1, "int32"], [0, 2 ** 32 - 1, "uint32"],
      [7, 12352, "uint32"], [-1000000, 2 ** 31, "int64"], [0, 2 ** 31 + 5, "int64"], [100, 101, "int32"],
    ];
    const run = (on: boolean) => withWasm(on, () => {
      const rs = new np.random.RandomState(99), out: number[] = [];
      for (const [lo, hi, dtype] of cases) {
        for (const n of [1, 47, 48, 700, 4097, 9000]) {
          const v = (rs.randint(lo, hi, n, dtype) as unknown as { tolist(): (number | bigint)[] }).tolist();
          out.push(...v.map(Number));
          out.push(rs.random() as number);
        }
      }
      return out;
    });
    expect(firstDiff(run(true), run(false))).toBe(-1);
  });
});
