// np.vectorize / np.frompyfunc against NumPy 1.24 (test/fixtures/gen_vectorize.py), the
// inlined path against the per-element path on edge values, and explain()'s account of both.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import * as np from "../../src/index";
import { decodeFloat } from "./fixtures";
import { schedule } from "../../compiler/schedule";
import { inlineFunction } from "../../src/expr/jsfunc";

type Enc = number | string | boolean;
interface Arr { dtype: string; kind: string; shape: number[]; values: Enc[] }
interface Case { name: string; args: (Arr | { list: number[] })[]; kw: { otypes?: string | string[]; excluded?: number[]; signature?: string }; frompyfunc?: [number, number]; out?: Arr; outs?: Arr[]; error?: string; message?: string }
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../fixtures/vectorize.json"), "utf8")) as { cases: Case[] };

const k = 3.0;
/* eslint-disable @typescript-eslint/no-explicit-any */
// the JS twins of gen_vectorize.py's Python functions; `inline`: the path they must take
const FNS: Record<string, { fn: (...a: any[]) => unknown; inline?: boolean }> = {
  sqOrNeg: { fn: (x: number) => (x > 1 ? x ** 2 : -x), inline: true },
  hypot: { fn: (x: number, y: number) => Math.sqrt(x * x + y * y), inline: true },
  trig: { fn: (x: number) => Math.sin(x) ** 2 + Math.cos(x) ** 2, inline: true },
  both: { fn: (x: number, y: number) => x > y && y > 0, inline: true },
  fmod: { fn: (x: number) => x % 3, inline: true },
  double: { fn: (x: number) => x * 2, inline: true },
  closure: { fn: (x: number) => x * k, inline: false },
  block: { fn: (x: number) => { const y = x + 1; return y * y; }, inline: false },
  upper: { fn: (s: string) => s.toUpperCase(), inline: false },
  pair: { fn: (x: number) => [x, x * 2], inline: false },
  otypesF: { fn: (x: number) => x / 3, inline: true },
  otypesList: { fn: (x: number) => x > 0, inline: true },
  maxOf: { fn: (x: number, y: number) => Math.max(x, y), inline: true },
  positive: { fn: (x: number) => x > 0, inline: true },
  scalePi: { fn: (x: number) => x * Math.PI, inline: true },
  notNan: { fn: (x: number) => (x === x ? x : 0.0), inline: true },
  halves: { fn: (x: number) => x / 2, inline: true },
  excluded: { fn: (x: number, p: number[]) => p[0] * x + p[1], inline: false },
  empty: { fn: (x: number) => x },
  emptyOtypes: { fn: (x: number) => x },
  badOtype: { fn: (x: number) => x },
  dot: { fn: (a: np.NDArray, b: np.NDArray) => np.dot(a, b) },
  cumsum: { fn: (a: np.NDArray) => np.cumsum(a) },
  minmax: { fn: (a: np.NDArray) => [a.min(), a.max()] },
  outer: { fn: (a: np.NDArray, b: np.NDArray) => np.outer(a, b) },
  coreMismatch: { fn: (a: np.NDArray, b: np.NDArray) => np.dot(a, b) },
  notEnoughDims: { fn: (a: np.NDArray) => a.sum() },
  badSignature: { fn: (a: np.NDArray) => a },
  wrongOutputs: { fn: (a: np.NDArray) => [a.sum(), a.sum()] },
  fpAdd: { fn: (x: number, y: number) => x + y, inline: true },
  fpSquare: { fn: (x: number) => x ** 2, inline: true },
  fpTwo: { fn: (x: number) => [x, -x] },
  fpArgs: { fn: (x: number) => x },
};

const decode = (v: Enc, kind: string): unknown => (kind === "f" ? decodeFloat(v as number | string) : v);
// NumPy's default int64 is numfuse's int32 (SPEC §3): int64 data would reach JS as bigints
const input = (a: Arr | { list: number[] }): unknown =>
  "list" in a ? a.list : np.array(a.values.map((v) => decode(v, a.kind)) as never, a.kind === "U" ? {} : { dtype: a.dtype === "int64" ? "int32" : a.dtype }).reshape(a.shape);
// NumPy's int64 is numfuse's inferred int32 (SPEC §3): kinds compare, integer widths do not
const kindOf = (d: string) => (/^u?int/.test(d) ? "i" : d.startsWith("float") ? d : d === "bool" ? "b" : d.startsWith("<U") || d === "str" ? "U" : d);

function check(r: np.NDArray, want: Arr): void {
  expect(kindOf(String(r.dtype))).toBe(kindOf(want.dtype));
  expect(r.shape).toEqual(want.shape);
  const got = r.flatten().tolist() as unknown[];
  want.values.forEach((w, i) => {
    const v = decode(w, want.kind);
    if (typeof v === "number") {
      const g = got[i] as number;
      if (Number.isNaN(v)) expect(g).toBeNaN();
      else if (g === v) return;
      else expect(Math.abs(g - v) <= 1e-6 * Math.max(1, Math.abs(v)), `[${i}] ${g} vs ${v}`).toBe(true);
    } else expect(got[i]).toEqual(v);
  });
}

describe("np.vectorize and np.frompyfunc match NumPy", () => {
  test("every fixture case has a JS twin", () => {
    for (const c of fx.cases) expect(FNS[c.name], c.name).toBeDefined();
  });
  for (const c of fx.cases) {
    test(c.name, () => {
      const { fn, inline } = FNS[c.name];
      const args = c.args.map(input);
      const run = () => {
        const f = c.frompyfunc ? np.frompyfunc(fn, c.frompyfunc[0], c.frompyfunc[1])
          : np.vectorize(fn, { ...c.kw, otypes: c.kw.otypes as string | undefined, excluded: c.kw.excluded });
        return f(...args);
      };
      if (c.error) {
        let err: unknown = null;
        try { run(); } catch (e) { err = e; }
        expect((err as Error)?.name).toBe(c.error);
        // a JS function's name is not Python's "<lambda>"
        expect((err as Error).message.replace(/^\S+ \(vectorized\)/, "<lambda> (vectorized)")).toBe(c.message);
        return;
      }
      const r = run();
      if (c.outs) {
        expect(Array.isArray(r)).toBe(true);
        (r as np.NDArray[]).forEach((x, j) => check(x, c.outs![j]));
      } else check(r as np.NDArray, c.out!);
      if (inline !== undefined) {
        const text = (Array.isArray(r) ? r[0] : r).explain();
        expect(text).toContain(inline ? "inlined" : "per-element call: ");
      }
    });
  }
});

describe("the inlined path computes what calling the function per element gives", () => {
  const edge = [0, -0, 0.5, -0.5, 1, -1, 2, 1.5, -2.75, 3, 1e-300, 1e300, -1e300, Infinity, -Infinity, NaN, Math.PI, 7, -7, 1e15 + 0.5];
  const xs = np.array(edge);
  const ys = np.array([...edge].reverse());
  const fns: [string, (x: number, y: number) => number | boolean][] = [
    ["arith", (x, y) => x * y + x / 2 - y],
    ["power", (x, y) => x ** y],
    ["mod", (x, y) => x % y],
    ["ternary", (x, y) => (x > y ? x - y : y - x)],
    ["cmp", (x, y) => x >= y],
    ["eq", (x, y) => x === y],
    ["neq", (x, y) => x != y],
    ["logic", (x, y) => (x > 0 && y < 1) || !(x === y)],
    ["math", (x) => Math.sqrt(Math.abs(x)) + Math.exp(-Math.abs(x)) + Math.log1p(Math.abs(x))],
    ["trig", (x, y) => Math.atan2(x, y) + Math.hypot(x, y) * Math.tanh(x)],
    ["minmax", (x, y) => Math.max(x, y) - Math.min(x, y)],
    ["rounding", (x) => Math.floor(x) + Math.ceil(x) * 2 + Math.trunc(x) * 3],
    ["sign", (x) => Math.sign(x)],
    ["consts", (x) => x * Math.E + Math.SQRT2 - Infinity * 0],
    ["boolArith", (x, y) => (x > y ? 1 : 0) + Number(0) * 0 + ((x > 0) as unknown as number) * 2],
    ["nested", (x, y) => (x > 0 ? (y > 0 ? x + y : x - y) : y > 0 ? -x : Math.PI)],
    ["neg", (x) => -x + +x],
    ["cbrt", (x) => Math.cbrt(x) + Math.log2(Math.abs(x) + 1) + Math.log10(Math.abs(x) + 1)],
  ];
  for (const [name, fn] of fns) {
    test(name, () => {
      const inl = np.vectorize(fn, { otypes: "d" })(xs, ys) as np.NDArray;
      const per = np.vectorize((x: number, y: number) => fn(x, y), { otypes: "d" })(xs, ys) as np.NDArray;
      const direct = edge.map((x, i) => Number(fn(x, [...edge].reverse()[i])));
      if (name === "boolArith") expect(inl.explain()).toContain("per-element call"); // Number(...) is a call
      else expect(inl.explain()).toContain("inlined");
      expect(per.explain()).toContain("per-element call");
      const a = inl.tolist() as number[], b = per.tolist() as number[];
      a.forEach((v, i) => expect(Object.is(v, b[i]) || Math.abs(v - b[i]) <= 1e-15 * Math.abs(b[i]), `${name}(${edge[i]}, ${[...edge].reverse()[i]}): ${v} vs ${b[i]}`).toBe(true));
      b.forEach((v, i) => expect(Object.is(v, direct[i])).toBe(true));
    });
  }
  test("integer inputs reach the inlined kernel as float64 and results are inferred (SPEC §3)", () => {
    const i = np.array([1, 2, 3]);
    const sq = np.vectorize((x: number) => x ** 2)(i) as np.NDArray;
    expect(String(sq.dtype)).toBe("int32");
    expect(sq.tolist()).toEqual([1, 4, 9]);
    const half = np.vectorize((x: number) => x / 2)(i) as np.NDArray;
    expect(String(half.dtype)).toBe("float64");
    const big = np.vectorize((x: number) => x * 2 ** 40)(i) as np.NDArray;
    expect(String(big.dtype)).toBe("int64");
    const b = np.vectorize((x: number) => x > 1)(i) as np.NDArray;
    expect(String(b.dtype)).toBe("bool");
    expect(b.isPending).toBe(true); // a boolean expression's dtype is static: nothing evaluated
  });
  test("with otypes the inlined result stays lazy and fuses with what follows", () => {
    const x = np.linspace(0, 1, 5);
    const r = (np.vectorize((v: number) => v * 2 + 1, { otypes: ["float64"] })(x) as np.NDArray).mul(3);
    expect(r.isPending).toBe(true);
    expect(r.tolist()).toEqual((x.tolist() as number[]).map((v) => (v * 2 + 1) * 3));
  });
  test("an inlined function compiles to the kernel of the equivalent method chain", () => {
    const x = np.linspace(0, 1, 9), y = np.linspace(2, 3, 9);
    const keys = (a: np.NDArray) => schedule([{ node: a._node }]).plan.steps.map((st) => ("key" in st ? String(st.key) : st.kind));
    const f = np.vectorize((u: number, v: number) => (u > 0.5 ? Math.sqrt(u * v) : v - u), { otypes: "d" });
    const inl = f(x, y) as np.NDArray;
    const chain = np.where(x.gt(0.5), np.sqrt(x.mul(y)), y.sub(x));
    expect(keys(inl)).toEqual(keys(chain));
    expect(inl.tolist()).toEqual(chain.tolist());
  });
  test("inputs JS would see as something else than a float64 take the per-element path, with the reason", () => {
    const f = np.vectorize((x: bigint) => x);
    const r = f(np.array([1n, 2n], { dtype: "int64" })) as np.NDArray;
    expect(r.explain()).toContain("per-element call: an input of dtype int64 would reach the function as a bigint");
    expect(r.tolist()).toEqual([1n, 2n]);
    const g = np.vectorize((x: boolean) => x === true);
    expect((g(np.array([true, false])) as np.NDArray).tolist()).toEqual([true, false]);
    const h = np.vectorize(Math.sqrt);
    const q = h(np.array([4, 9])) as np.NDArray;
    expect(q.tolist()).toEqual([2, 3]);
    expect(q.explain()).toContain("per-element call: ");
  });
  test("what cannot be inlined says why", () => {
    const x = np.array([1.5, 2.5]);
    const why = (fn: (...a: any[]) => unknown) => (np.vectorize(fn, { otypes: "d" })(x) as np.NDArray).explain();
    expect(why((v: number) => v * k)).toContain("per-element call: it reads 'k', a variable from outside the function");
    expect(why((Math: number) => Math * 2)).toContain("per-element call: a parameter shadows Math");
    expect(why((v: number) => (v ? 1 : 2))).toContain("per-element call: the condition of `?:` is a number");
    expect(why((v: number) => v | 0)).toContain("per-element call: it uses the operator '|'");
    expect(why((v: number) => Math.round(v))).toContain("per-element call: it calls a function other than Math's numeric ones");
    expect(why((v: number) => (v > 1 ? true : 0))).toContain("per-element call: the branches of `?:` give a boolean and a number");
    const asyncFn = inlineFunction(async (v: number) => v);
    expect(asyncFn.ok ? "" : asyncFn.reason).toContain("it is async");
    expect(why((v: number) => /* a comment */ v * 2)).toContain("inlined");
    expect(why(function (v: number) { return Math.PI * v; })).toContain("inlined");
  });
  test("the per-element path gets JS scalars of each dtype", () => {
    const seen: unknown[] = [];
    np.vectorize((x: unknown) => { seen.push(x); return 1; })(np.array([{ re: 1, im: 2 }]));
    np.vectorize((x: unknown) => { seen.push(x); return 1; })(np.array(["s"]));
    expect(seen).toEqual([{ re: 1, im: 2 }, "s"]);
  });
});
