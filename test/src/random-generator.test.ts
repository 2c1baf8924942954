// The Generator's streams against NumPy 2.4 (test/fixtures/random_generator.json, written by
// test/fixtures/gen_random_generator.py): bounded integers (Lemire and masked), the ziggurat
// normals/exponentials, and every Generator method, on MT19937 (legacy seeding) and PCG64.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MT19937Core } from "../../runtime/random/mt19937";
import { STORAGE, type DTypeId, type Elements } from "../../runtime/dtypes";
import { boundedFill, type IntDType } from "../../src/random/bounded";

type Enc = { dtype: string; shape: number[]; values: (number | string | boolean)[] };
type Result =
  | { scalar: number | string | boolean; kind: "b" | "i" | "f" }
  | { array: Enc }
  | { long: Enc & { step: number; sum: number | string } }
  | { bytes: number[] }
  | { error: string; message: string };
interface Case {
  engine: "mt" | "pcg" | "rs"; seed: number; method: string; args: unknown[]; kwargs: Record<string, unknown>;
  result: Result & { then?: Result }; then?: [string, unknown[], Record<string, unknown>];
}

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../fixtures/random_generator.json"), "utf8")) as { numpy: string; cases: Case[] };

const decodeFloat = (v: number | string): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : (v as number);

/** Decoded JSON argument: {nd: enc} arrays, {big: "…"} integers beyond 2^53. */
function bigOf(v: unknown): bigint {
  if (typeof v === "object" && v !== null && "big" in v) return BigInt((v as { big: string }).big);
  return BigInt(v as number);
}

function mtEngine(seed: number): MT19937Core {
  const c = new MT19937Core();
  c.seed(seed);
  return c;
}

const ULP = (x: number): number => {
  if (!Number.isFinite(x) || x === 0) return Number.MIN_VALUE;
  const e = Math.floor(Math.log2(Math.abs(x)));
  return Math.pow(2, e - 52);
};

/** Compares a flat list of values (numbers or bigints) with an encoded array's values (1 ulp for floats). */
function expectValues(got: ArrayLike<number | bigint | boolean>, enc: Enc, step = 1, label = ""): void {
  const float = enc.dtype.startsWith("float");
  const f32 = enc.dtype === "float32";
  expect(Math.ceil(got.length / step), label).toBe(enc.values.length);
  for (let k = 0; k < enc.values.length; k++) {
    const g = got[k * step]!, w = enc.values[k]!;
    if (float) {
      const wf = decodeFloat(w as number | string), gf = Number(g);
      if (Number.isNaN(wf)) { expect(Number.isNaN(gf), `${label}[${k * step}]`).toBe(true); continue; }
      const tol = f32 ? ULP(wf) * 2 ** 29 : ULP(wf);
      if (!(Math.abs(gf - wf) <= tol)) expect(gf, `${label}[${k * step}]`).toBe(wf);
    } else if (enc.dtype === "bool") {
      expect(Boolean(g), `${label}[${k * step}]`).toBe(w);
    } else {
      if (String(g) !== String(w)) expect(String(g), `${label}[${k * step}]`).toBe(String(w));
    }
  }
}

const boundedCases = fx.cases.filter((c) => c.method === "integers" || c.method === "randint");

describe("bounded integers (boundedFill) match NumPy", () => {
  it(`has fixture cases (${boundedCases.length})`, () => expect(boundedCases.length).toBeGreaterThan(100));
  for (const c of boundedCases) {
    const dtype = c.kwargs.dtype as IntDType;
    const endpoint = c.kwargs.endpoint === true;
    const lo = bigOf(c.args[0]), hiArg = bigOf(c.args[1]);
    const name = `${c.engine} seed=${c.seed} ${c.method}(${lo}, ${hiArg}, ${dtype}${endpoint ? ", endpoint" : ""}) n=${c.kwargs.size as number}`;
    it(name, () => {
      const n = c.kwargs.size as number;
      const out = new (STORAGE[dtype as DTypeId].ctor!)(new ArrayBuffer(n * STORAGE[dtype as DTypeId].itemsize)) as Elements;
      const bg = mtEngine(c.seed);
      boundedFill(bg, dtype, lo, endpoint ? hiArg : hiArg - 1n, n, c.engine === "rs", out, 0);
      const r = c.result;
      if ("array" in r) expectValues(out as ArrayLike<number>, r.array, 1, name);
      else if ("long" in r) {
        expectValues(out as ArrayLike<number>, r.long, r.long.step, name);
        let s = 0n;
        for (let i = 0; i < n; i++) s += BigInt(out[i] as number | bigint);
        expect(s.toString()).toBe(String(r.long.sum));
      } else throw new Error(`unexpected result ${JSON.stringify(r)}`);
    });
  }
});
