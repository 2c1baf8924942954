// SeedSequence and the bit generators against NumPy 2.4 (test/fixtures/random_bitgen.json,
// written by test/fixtures/gen_random_bitgen.py): SeedSequence pools, words and spawned
// children; each engine's raw stream, doubles, uint32 buffering and state after seeding from
// many seeds; long runs; jumped/advance; Philox keys and counters; MT19937's legacy seeding;
// state round trips; NumPy's errors. Integers and bits exactly; doubles bit for bit.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MT19937Core } from "../../runtime/random/mt19937";
import { PCG64Core, PCG64DXSMCore } from "../../runtime/random/pcg64";
import { PhiloxCore } from "../../runtime/random/philox";
import { SFC64Core } from "../../runtime/random/sfc64";
import { coerceToUint32Array } from "../../runtime/random/seedsequence";
import { MT19937, PCG64, PCG64DXSM, Philox, SFC64, SeedSequence, BitGenerator, defaultSeedSequence } from "../../src/random/bitgenerators";
import { NDArray, array } from "../../src/index";

type SeedEnc = { int: string } | { list: (string | SeedEncList)[] } | { ss: { entropy: SeedEnc; spawn_key: string[]; pool_size: number } } | { ndarray: number[] };
type SeedEncList = (string | SeedEncList)[];
type Enc = unknown;
interface Fx {
  numpy: string;
  seedseq: { entropy: SeedEnc; spawn_key: string[]; pool_size: number; pool: number[]; u32: Record<string, number[]>; u64: Record<string, string[]> }[];
  spawn: ({ entropy: SeedEnc; spawn_key: string[]; n_children_spawned: number; children: { spawn_key: string[]; u32: number[] }[]; grandchildren: { spawn_key: string[]; u32: number[] }[] }
    | { engine: Name; entropy: SeedEnc; bitgen_children_raw: string[][]; children_spawn_keys: string[][] })[];
  engines: { engine: Name; seed: SeedEnc; state0: Enc; raw: string[]; doubles: number[]; ops: string[]; ops_out: (string | number)[]; state_u32: Enc }[];
  long: { engine: Name; seed: SeedEnc; n: number; raw_sum: string; raw_xor: string; raw_last: string[]; dbl_idx: number[]; dbl_at: number[]; dbl_sum: number }[];
  jumped: { engine: Name; seed: SeedEnc; pre: string; jumps: string; state: Enc; raw: string[] }[];
  advance: { engine: Name; seed: SeedEnc; delta: string; state: Enc; raw: string[] }[];
  philox: { kwargs: Record<string, SeedEnc>; state: Enc; raw: string[]; seed_seq_none: boolean }[];
  legacy: { seed: SeedEnc; pos: number; key_head: number[]; raw: string[]; seed_seq_none: boolean }[];
  roundtrip: { engine: Name; state: Enc; next_raw: string[] }[];
  errors: Record<string, { error: string; message: string }>;
}
type Name = "PCG64" | "PCG64DXSM" | "Philox" | "SFC64" | "MT19937";

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../fixtures/random_bitgen.json"), "utf8")) as Fx;

const CLASSES = { PCG64, PCG64DXSM, Philox, SFC64, MT19937 };
type AnyBG = PCG64 | PCG64DXSM | Philox | SFC64 | MT19937;
const make = (name: Name, seed?: unknown): AnyBG => new (CLASSES[name] as new (s?: unknown) => AnyBG)(seed);

/** An integer from the fixture: a number when exact, else a bigint. */
const int = (s: string): number | bigint => {
  const b = BigInt(s);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
};
const decList = (l: SeedEncList): unknown[] => l.map((x) => (Array.isArray(x) ? decList(x) : x.startsWith("0x") ? x : int(x)));
function seedOf(e: SeedEnc): unknown {
  if ("int" in e) return int(e.int);
  if ("list" in e) return decList(e.list);
  if ("ndarray" in e) return array(e.ndarray);
  return new SeedSequence(seedOf(e.ss.entropy) as never, { spawnKey: e.ss.spawn_key.map(int), poolSize: e.ss.pool_size });
}

/** A state (or any value) in the fixture's encoding: integers as decimal strings. */
function enc(x: unknown): unknown {
  if (typeof x === "bigint" || typeof x === "number") return String(x);
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number | bigint>, (v) => String(v));
  if (Array.isArray(x)) return x.map(enc);
  if (typeof x === "object" && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, enc(v)]));
  return x;
}

const rawList = (bg: AnyBG, n: number): string[] => {
  const r = bg.randomRaw(n) as NDArray;
  return (r.tolist() as (bigint | number)[]).map(String);
};
const rawN = (bg: AnyBG, n: number): string[] => { const out: string[] = []; for (let i = 0; i < n; i++) out.push(String(bg.randomRaw())); return out; };

function runOps(bg: AnyBG, ops: readonly string[]): (string | number)[] {
  return ops.map((op) => (op === "u32" ? String(bg.nextUint32()) : op === "u64" ? String(bg.nextUint64Big()) : bg.nextDouble()));
}

describe("SeedSequence", () => {
  it(`pools and generate_state for ${fx.seedseq.length} entropies x spawn keys x pool sizes (NumPy ${fx.numpy})`, () => {
    for (const c of fx.seedseq) {
      const ss = new SeedSequence(seedOf(c.entropy) as never, { spawnKey: c.spawn_key.map(int), poolSize: c.pool_size });
      expect(Array.from(ss.pool)).toEqual(c.pool);
      for (const [n, w] of Object.entries(c.u32)) expect(Array.from(ss.generateState(Number(n)))).toEqual(w);
      for (const [n, w] of Object.entries(c.u64)) expect(enc(ss.generateState(Number(n), "uint64"))).toEqual(w);
    }
  });

  it("spawns children and grandchildren with NumPy's keys and words", () => {
    for (const c of fx.spawn) {
      if ("engine" in c) {
        const kids = make(c.engine, seedOf(c.entropy)).spawn(2) as AnyBG[];
        expect(kids.map((k) => rawN(k, 4))).toEqual(c.bitgen_children_raw);
        expect(kids.map((k) => enc(k.seedSeq!.spawnKey))).toEqual(c.children_spawn_keys);
        expect(kids[0]).toBeInstanceOf(CLASSES[c.engine]);
        continue;
      }
      const ss = new SeedSequence(seedOf(c.entropy) as never, { spawnKey: c.spawn_key.map(int) });
      const a = ss.spawn(3), b = ss.spawn(2), g = a[1]!.spawn(2);
      expect(ss.nChildrenSpawned).toBe(c.n_children_spawned);
      expect([...a, ...b].map((k) => ({ spawn_key: enc(k.spawnKey), u32: Array.from(k.generateState(6)) }))).toEqual(c.children);
      expect(g.map((k) => ({ spawn_key: enc(k.spawnKey), u32: Array.from(k.generateState(6)) }))).toEqual(c.grandchildren);
    }
  });

  it("coerces integers of any size into 32-bit words, lowest first", () => {
    expect(Array.from(coerceToUint32Array(12345))).toEqual([12345]);
    expect(Array.from(coerceToUint32Array("0x12345"))).toEqual([74565]);
    expect(Array.from(coerceToUint32Array([12345, 0x10deadbeef, 67890, 0xdeadbeef]))).toEqual([12345, 3735928559, 16, 67890, 3735928559]);
    expect(Array.from(coerceToUint32Array(1234567890123456789012345678901234567890n))).toEqual([3460238034, 2898026390, 3235640248, 2697535605, 3]);
    expect(Array.from(coerceToUint32Array(array([7, 8])))).toEqual([7, 8]);
  });

  it("draws 128 bits from the OS when entropy is null, and reproduces from its entropy", () => {
    const s = new SeedSequence();
    expect(typeof s.entropy).toBe("bigint");
    expect(s.entropy as bigint).toBeLessThan(1n << 128n);
    expect(Array.from(new SeedSequence(s.entropy).generateState(8))).toEqual(Array.from(s.generateState(8)));
    expect(new SeedSequence({ entropy: 5, poolSize: 8 }).poolSize).toBe(8);
    expect(new SeedSequence(5, { nChildrenSpawned: 3 }).spawn(1)[0]!.spawnKey).toEqual([3]);
    expect(defaultSeedSequence(s)).toBe(s);
    expect(String(new SeedSequence(5, { spawnKey: [1] }))).toBe("SeedSequence(\n    entropy=5,\n    spawn_key=(1,),\n)");
  });
});

describe("bit generators: streams from many seeds", () => {
  it(`raw streams, doubles, uint32 buffering and states for ${fx.engines.length} engine x seed cases`, () => {
    for (const c of fx.engines) {
      const tag = `${c.engine} ${JSON.stringify(c.seed)}`;
      const bg = make(c.engine, seedOf(c.seed));
      expect(enc(bg.state), tag).toEqual(c.state0);
      expect(rawList(bg, 40), tag).toEqual(c.raw);
      const d = make(c.engine, seedOf(c.seed));
      expect(Array.from({ length: 25 }, () => d.nextDouble()), tag).toEqual(c.doubles);
      const f = make(c.engine, seedOf(c.seed)), out = new Float64Array(27);
      f.fillDouble(out, 2, 27);
      expect(Array.from(out.subarray(2)), tag).toEqual(c.doubles);
      expect(runOps(make(c.engine, seedOf(c.seed)), c.ops), tag).toEqual(c.ops_out);
      const u = make(c.engine, seedOf(c.seed));
      for (let i = 0; i < 3; i++) u.nextUint32();
      expect(enc(u.state), tag).toEqual(c.state_u32);
    }
  });

  it("fillDouble continues the nextDouble stream across calls and buffers", () => {
    for (const name of Object.keys(CLASSES) as Name[]) {
      const a = make(name, 11), b = make(name, 11);
      const out = new Float64Array(1000);
      a.fillDouble(out, 0, 3); a.fillDouble(out, 3, 700); out[700] = a.nextDouble(); a.fillDouble(out, 701, 1000);
      const ref = Array.from({ length: 1000 }, () => b.nextDouble());
      expect(Array.from(out), name).toEqual(ref);
    }
    // fillUint64 (the ziggurat's chunked words) equals nextUint64 call by call
    for (const name of Object.keys(CLASSES) as Name[]) {
      const a = make(name, 12), b = make(name, 12);
      const hi = new Uint32Array(800), lo = new Uint32Array(800);
      a.nextUint32();
      b.nextUint32();
      a.fillUint64(hi, lo, 0, 1); a.fillUint64(hi, lo, 1, 2); a.fillUint64(hi, lo, 2, 503); a.fillUint64(hi, lo, 503, 800);
      const want = Array.from({ length: 800 }, () => b.nextUint64Big());
      expect(Array.from(hi, (h, i) => (BigInt(h) << 32n) | BigInt(lo[i]!)), name).toEqual(want);
      expect(a.nextUint32(), name).toBe(b.nextUint32());
      expect(enc(a.state), name).toEqual(enc(b.state));
    }
    // fillUint32 (bounded integers' chunked words) equals nextUint32 call by call, buffered half included
    for (const name of Object.keys(CLASSES) as Name[]) {
      for (const pre of [0, 1, 2]) {
        const a = make(name, 13), b = make(name, 13);
        for (let k = 0; k < pre; k++) { a.nextUint32(); b.nextUint32(); }
        const out = new Uint32Array(5000);
        a.fillUint32(out, 0, 1); a.fillUint32(out, 1, 4); a.fillUint32(out, 4, 2053); a.fillUint32(out, 2053, 5000);
        expect(Array.from(out), name).toEqual(Array.from({ length: 5000 }, () => b.nextUint32()));
        expect(enc(a.state), name).toEqual(enc(b.state));
        expect(a.nextUint64Big(), name).toBe(b.nextUint64Big());
      }
    }
    // PCG64's paired fill caches the two-step increment: a new increment (state set) must refresh it
    const p = new PCG64(1), q = new PCG64(2), buf = new Float64Array(64);
    p.fillDouble(buf, 0, 64);
    p.state = q.state;
    p.fillDouble(buf, 0, 64);
    expect(Array.from(buf)).toEqual(Array.from({ length: 64 }, () => q.nextDouble()));
  });

  it("long runs (10^5 draws) keep to NumPy's stream", () => {
    for (const c of fx.long) {
      const tag = `${c.engine} ${JSON.stringify(c.seed)}`;
      const bg = make(c.engine, seedOf(c.seed));
      const r = (bg.randomRaw(c.n) as NDArray).tolist() as bigint[];
      let sum = 0n, x = 0n;
      for (const v of r) { sum += BigInt(v); x ^= BigInt(v); }
      expect(String(sum & ((1n << 64n) - 1n)), tag).toBe(c.raw_sum);
      expect(String(x), tag).toBe(c.raw_xor);
      expect(r.slice(-5).map(String), tag).toEqual(c.raw_last);
      const d = new Float64Array(c.n);
      make(c.engine, seedOf(c.seed)).fillDouble(d, 0, c.n);
      expect(c.dbl_idx.map((i) => d[i]), tag).toEqual(c.dbl_at);
      let s = 0;
      for (const v of d) s += v;
      expect(Math.abs(s - c.dbl_sum) / c.dbl_sum, tag).toBeLessThan(1e-12);
    }
  });

  it("seeds the runtime engines straight from SeedSequence words (for worker streams)", () => {
    const seq = () => new SeedSequence(2024);
    const check = (core: { nextUint64Big(): bigint }, pub: AnyBG) => {
      for (let i = 0; i < 20; i++) expect(core.nextUint64Big()).toBe(pub.nextUint64Big());
    };
    check(PCG64Core.fromSeedWords(seq().generateWords(8)), new PCG64(2024));
    check(PCG64DXSMCore.fromSeedWords(seq().generateWords(8)), new PCG64DXSM(2024));
    check(PhiloxCore.fromSeedWords(seq().generateWords(4)), new Philox(2024));
    check(SFC64Core.fromSeedWords(seq().generateWords(6)), new SFC64(2024));
    check(MT19937Core.fromSeedWords(seq().generateWords(624)), new MT19937(2024));
    expect(new PCG64(seq()).state).toEqual(new PCG64(2024).state);
    expect(new PCG64({ seed: 5 }).state).toEqual(new PCG64(5).state);
    expect(new PCG64(array([1, 2, 3])).state).toEqual(new PCG64([1, 2, 3]).state);
    expect(new PCG64()).toBeInstanceOf(BitGenerator);
    // a block of a fill can start from a clone advanced past the blocks before it
    const whole = new Float64Array(3000), parts = new Float64Array(3000), src = new PCG64(77);
    src.clone().fillDouble(whole, 0, 3000);
    for (let k = 0; k < 3; k++) src.clone().advance(k * 1000).fillDouble(parts, k * 1000, (k + 1) * 1000);
    expect(Array.from(parts)).toEqual(Array.from(whole));
    const dx = new PCG64DXSM(5), dxc = dx.clone();
    expect(dxc.nextUint64Big()).toBe(dx.nextUint64Big());
    const ph = new Philox(5); ph.nextUint32(); const phc = ph.clone();
    expect([phc.nextUint32(), phc.nextUint64Big()]).toEqual([ph.nextUint32(), ph.nextUint64Big()]);
    const sf = new SFC64(5); sf.nextUint32(); const sfc = sf.clone();
    expect([sfc.nextUint32(), sfc.nextUint64Big()]).toEqual([sf.nextUint32(), sf.nextUint64Big()]);
    expect(new PCG64(null).seedSeq).toBeInstanceOf(SeedSequence);
  });
});

describe("jumped, advance, Philox keys, legacy seeding, round trips", () => {
  it(`jumped (${fx.jumped.length} cases)`, () => {
    for (const c of fx.jumped) {
      const tag = `${c.engine} ${JSON.stringify(c.seed)} jumps=${c.jumps}`;
      const bg = make(c.engine, seedOf(c.seed));
      if (c.pre === "u32") bg.nextUint32(); else bg.randomRaw(7);
      const before = enc(bg.state);
      const j = (bg as PCG64).jumped(int(c.jumps) as number);
      expect(enc(j.state), tag).toEqual(c.state);
      expect(rawN(j as AnyBG, 5), tag).toEqual(c.raw);
      expect(enc(bg.state), tag).toEqual(before);
      expect(j).toBeInstanceOf(CLASSES[c.engine]);
    }
  });

  it(`advance (${fx.advance.length} cases, negative and oversized deltas wrap)`, () => {
    for (const c of fx.advance) {
      const tag = `${c.engine} ${JSON.stringify(c.seed)} delta=${c.delta}`;
      const bg = make(c.engine, seedOf(c.seed)) as PCG64;
      for (let i = 0; i < 3; i++) bg.nextUint32();
      expect(bg.advance(BigInt(c.delta))).toBe(bg);
      expect(enc(bg.state), tag).toEqual(c.state);
      expect(rawN(bg, 6), tag).toEqual(c.raw);
    }
    const a = new PCG64(3), b = new PCG64(3);
    for (let i = 0; i < 1000; i++) a.nextUint64();
    expect(b.advance(1000).state).toEqual(a.state);
    expect(new PCG64(3).advance({ delta: 1000 }).state).toEqual(a.state);
  });

  it("Philox with explicit keys and counters", () => {
    for (const c of fx.philox) {
      const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, seedOf(v)]));
      const bg = new Philox(kw);
      expect(enc(bg.state), JSON.stringify(c.kwargs)).toEqual(c.state);
      expect(bg.seedSeq === null).toBe(c.seed_seq_none);
      expect(rawN(bg, 10)).toEqual(c.raw);
    }
    expect(new Philox(undefined, 7, 12345).state).toEqual(new Philox({ key: 12345, counter: 7 }).state);
  });

  it("MT19937 legacy seeding (RandomState.seed)", () => {
    for (const c of fx.legacy) {
      const bg = new MT19937(0);
      bg.legacySeeding(seedOf(c.seed));
      expect(bg.pos).toBe(c.pos);
      expect(Array.from(bg.key.subarray(0, 5))).toEqual(c.key_head);
      expect(rawN(bg, 8)).toEqual(c.raw);
      expect(bg.seedSeq === null).toBe(c.seed_seq_none);
    }
  });

  it("a state taken mid-stream continues the stream on a fresh generator", () => {
    for (const c of fx.roundtrip) {
      const bg = make(c.engine, 123);
      for (let i = 0; i < 5; i++) bg.nextUint32();
      bg.randomRaw(3);
      const st = bg.state;
      expect(enc(st), c.engine).toEqual(c.state);
      const fresh = make(c.engine, 9);
      (fresh as { state: unknown }).state = st;
      expect(rawN(fresh, 6), c.engine).toEqual(c.next_raw);
    }
    const big = new PCG64(1), st = big.state;
    expect(() => { big.state = { ...st, state: { ...st.state, state: 1n << 128n } }; }).toThrow("Python int too large to convert to C long");
    expect(() => { big.state = { ...st, state: { ...st.state, state: -1n } }; }).toThrow("Python integer -1 out of bounds for uint64");
    // the legacy RandomState tuple form
    const mt = new MT19937(4);
    const t = ["MT19937", mt.state.state.key, mt.state.state.pos, 0, 0.0];
    const m2 = new MT19937(5);
    m2.state = t;
    expect(rawN(m2, 4)).toEqual(rawN(mt, 4));
  });

  it("random_raw shapes and output=false", () => {
    const bg = new PCG64(1);
    const r = bg.randomRaw([2, 3]) as NDArray;
    expect(r.shape).toEqual([2, 3]);
    expect(String(r.dtype)).toBe("uint64");
    const a = new PCG64(1), b = new PCG64(1);
    expect(a.randomRaw(5, false)).toBeNull();
    b.randomRaw(5);
    expect(a.state).toEqual(b.state);
    expect(typeof new MT19937(1).randomRaw()).toBe("bigint");
  });
});

describe("NumPy's errors", () => {
  const cases: Record<string, () => unknown> = {
    ss_negative: () => new SeedSequence(-1),
    ss_negative_list: () => new SeedSequence([1, -2]),
    ss_float: () => new SeedSequence(1.5),
    ss_float_list: () => new SeedSequence([1.5]),
    ss_none_elem: () => new SeedSequence([null] as never),
    ss_pool: () => new SeedSequence(5, { poolSize: 3 }),
    ss_spawn_neg: () => new SeedSequence(5).spawn(-1),
    ss_dtype: () => new SeedSequence(5).generateState(4, "int32" as never),
    ss_string: () => new SeedSequence("abc" as never),
    ss_bad_string: () => new SeedSequence(["abc"]),
    pcg_negative: () => new PCG64(-5),
    philox_seed_key: () => new Philox({ seed: 1, key: 2 }),
    philox_key_big: () => new Philox({ key: 1n << 128n }),
    philox_key_neg: () => new Philox({ key: -1 }),
    philox_counter_len: () => new Philox({ counter: [1, 2] }),
    philox_key_len: () => new Philox({ key: [1, 2, 3] }),
    philox_spawn_keyed: () => new Philox({ key: 5 }).spawn(1),
    bitgen_spawn_neg: () => new PCG64(1).spawn(-1),
    mt_legacy_tuple: () => { new MT19937(1).state = ["Nope", 1, 2]; },
    legacy_neg: () => new MT19937(0).legacySeeding(-1),
    legacy_big: () => new MT19937(0).legacySeeding(2 ** 32),
    legacy_empty: () => new MT19937(0).legacySeeding([]),
    legacy_2d: () => new MT19937(0).legacySeeding([[1, 2], [3, 4]]),
    legacy_elem_big: () => new MT19937(0).legacySeeding([1, 2 ** 32]),
    legacy_elem_neg: () => new MT19937(0).legacySeeding([1, -1]),
    legacy_float: () => new MT19937(0).legacySeeding(1.5),
    legacy_float_list: () => new MT19937(0).legacySeeding([1.5, 2.0]),
  };
  for (const name of Object.keys(CLASSES) as Name[]) {
    cases[`state_name_${name}`] = () => { (make(name, 1) as { state: unknown }).state = { bit_generator: "Nope" }; };
    cases[`state_type_${name}`] = () => { (make(name, 1) as { state: unknown }).state = 5; };
  }

  it(`raises ${Object.keys(fx.errors).length} errors with NumPy's classes and messages`, () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(fx.errors).sort());
    for (const [name, want] of Object.entries(fx.errors)) {
      let got: Error | null = null;
      try { cases[name]!(); } catch (e) { got = e as Error; }
      expect(got, name).not.toBeNull();
      expect([got!.name, got!.message], name).toEqual([want.error, want.message]);
    }
  });
});
