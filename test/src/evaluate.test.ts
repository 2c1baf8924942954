// np.evaluate against numexpr 2.8 (test/fixtures/gen_evaluate.py): values, dtypes and the
// error classes it raises; and a string compiles to the same kernel as the method chain.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import * as np from "../../src/index";
import { decodeFloat } from "./fixtures";
import { schedule } from "../../compiler/schedule";

type Enc = number | string | boolean | [number | string, number | string];
interface Arr { dtype: string; shape: number[]; values: Enc[] }
interface Case { expr: string; out?: Arr; error?: string; message?: string }
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../fixtures/evaluate.json"), "utf8")) as { inputs: Record<string, Arr>; cases: Case[] };

const decode = (v: Enc, dtype: string): unknown => {
  if (Array.isArray(v)) return { re: decodeFloat(v[0]), im: decodeFloat(v[1]) };
  if (dtype === "int64") return BigInt(v as string);
  if (dtype.startsWith("float")) return decodeFloat(v as number | string);
  return v;
};
const toArray = (a: Arr): np.NDArray => {
  const vals = a.values.map((v) => decode(v, a.dtype));
  const flat = a.dtype === "str" ? np.array(vals as string[]) : np.array(vals as never, { dtype: a.dtype });
  return flat.reshape(a.shape);
};
const vars: Record<string, np.NDArray> = Object.fromEntries(Object.entries(fx.inputs).map(([k, a]) => [k, toArray(a)]));

// numfuse has no AttributeError; numexpr's few non-Python parse paths raise TypeError for syntax
const CLASS: Record<string, string[]> = { AttributeError: ["TypeError"], RuntimeError: ["RuntimeError"] };
const ALSO: Record<string, string[]> = { "lambda: 1": ["SyntaxError"] };

const close = (got: number, want: number, tol: number) =>
  Number.isNaN(want) ? Number.isNaN(got) : got === want || Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));

function check(r: np.NDArray, want: Arr): void {
  const dtype = want.dtype === "str" ? "bool" : want.dtype;
  expect(String(r.dtype)).toBe(dtype);
  expect(r.shape).toEqual(want.shape);
  const got = r.ndim === 0 ? [r.item()] : (r.flatten().tolist() as unknown[]);
  const tol = want.dtype === "float32" || want.dtype === "complex64" ? 2e-6 : 1e-13;
  want.values.forEach((w, k) => {
    const v = decode(w, want.dtype), g = got[k];
    if (typeof v === "number") expect(close(g as number, v, tol), `[${k}] ${String(g)} vs ${v}`).toBe(true);
    else if (v && typeof v === "object" && "re" in v) {
      const c = g as { re: number; im: number }, w2 = v as { re: number; im: number };
      expect(close(c.re, w2.re, tol) && close(c.im, w2.im, tol), `[${k}] ${JSON.stringify(c)} vs ${JSON.stringify(w2)}`).toBe(true);
    } else expect(g).toEqual(v);
  });
}

describe("np.evaluate matches numexpr 2.8", () => {
  for (const c of fx.cases) {
    test(c.expr || "(empty)", () => {
      if (c.out) {
        check(np.evaluate(c.expr, vars), c.out);
        return;
      }
      let err: unknown = null;
      try { np.evaluate(c.expr, vars).evalSync(); } catch (e) { err = e; }
      expect(err, `expected ${c.error}`).toBeInstanceOf(Error);
      const ok = [c.error!, ...(CLASS[c.error!] ?? []), ...(ALSO[c.expr] ?? [])];
      expect(ok).toContain((err as Error).name);
    });
  }
  test("the fixture exercises values and errors", () => {
    expect(fx.cases.filter((c) => c.out).length).toBeGreaterThan(120);
    expect(fx.cases.filter((c) => c.error).length).toBeGreaterThan(25);
  });
});

describe("the reference interpreter gives numexpr's answers too", () => {
  test("every value case, interpreted", () => {
    const before = np.config().compile;
    np.config({ compile: false });
    try {
      for (const c of fx.cases) if (c.out) check(np.evaluate(c.expr, vars), c.out);
    } finally {
      np.config({ compile: before });
    }
  });
});

describe("a string and its method chain compile to the same kernel", () => {
  const a = np.linspace(0, 1, 7), b = np.linspace(1, 2, 7), m = np.arange(12).reshape(3, 4).astype("float64");
  const pairs: [string, np.NDArray, np.NDArray][] = [
    ["a*b + 2*a", np.evaluate("a*b + 2*a", { a, b }), a.mul(b).add(np.multiply(2, a))],
    ["where(...)", np.evaluate("where(a > 0.5, sin(a)**2 + cos(b)**2, sqrt(b))", { a, b }),
      np.where(a.gt(0.5), np.sin(a).pow(2).add(np.cos(b).pow(2)), np.sqrt(b))],
    ["sum(m**2, axis=1)", np.evaluate("sum(m**2, axis=1)", { m }), np.sum(m.pow(2), { axis: 1 })],
    ["(a > 0.2) & ~(b < 1.5)", np.evaluate("(a > 0.2) & ~(b < 1.5)", { a, b }), a.gt(0.2).and(b.lt(1.5).invert())],
  ];
  // the kernel cache's structural keys (runtime/plan.ts Step.key), step by step
  const keys = (x: np.NDArray) => schedule([{ node: x._node }]).plan.steps.map((st) => ("key" in st ? String(st.key) : st.kind));
  for (const [name, s, chain] of pairs) {
    test(`${name}: equal structural keys`, () => {
      expect(keys(s).length).toBeGreaterThan(0);
      expect(keys(s)).toEqual(keys(chain));
    });
    test(name, () => {
      // explain() prints each step's structural kernel source: equal text, equal kernel
      const src = (x: np.NDArray) => np.explain(x).split("\n").filter((l) => l.startsWith("  |")).join("\n");
      expect(src(s).length).toBeGreaterThan(0);
      expect(src(s)).toBe(src(chain));
      expect(s.tolist()).toEqual(chain.tolist());
    });
  }
  test("a different expression gives a different kernel", () => {
    const src = (x: np.NDArray) => np.explain(x).split("\n").filter((l) => l.startsWith("  |")).join("\n");
    expect(src(np.evaluate("a*b - 2*a", { a, b }))).not.toBe(src(a.mul(b).add(a.mul(2))));
    expect(keys(np.evaluate("a*b - 2*a", { a, b }))).not.toEqual(keys(a.mul(b).add(np.multiply(2, a))));
  });
});

describe("variables, options and errors", () => {
  const a = np.arange(3);
  test("missing variables are named in a KeyError", () => {
    expect(() => np.evaluate("a + zz + yy", { a })).toThrow(np.KeyError);
    expect(() => np.evaluate("a + zz + yy", { a })).toThrow("'zz', 'yy'");
    expect(() => np.evaluate("a + 1")).toThrow("'a'");
  });
  test("prototype names are not variables", () => {
    for (const n of ["constructor", "__proto__", "toString", "hasOwnProperty"]) expect(() => np.evaluate(n, { a })).toThrow(np.KeyError);
  });
  test("JS scalars and nested arrays as variables", () => {
    expect(np.evaluate("x * y", { x: [1, 2, 3], y: 2.5 }).tolist()).toEqual([2.5, 5, 7.5]);
  });
  test("out with numexpr's casting rules", () => {
    const out = np.zeros(3);
    expect(np.evaluate("a * 2", { a }, { out })).toBe(out);
    expect(out.tolist()).toEqual([0, 2, 4]);
    const iout = np.zeros(3, { dtype: "int32" });
    expect(() => np.evaluate("a * 2.5", { a }, { out: iout })).toThrow(np.TypeError);
    expect(() => np.evaluate("a * 2.5", { a }, { out: iout })).toThrow("according to the rule 'safe'");
    np.evaluate("a * 2.5", { a }, { out: iout, casting: "unsafe" });
    expect(iout.tolist()).toEqual([0, 2, 5]);
    expect(() => np.evaluate("a", { a }, { out: np.zeros(4) })).toThrow(np.ValueError);
  });
  test("bad options", () => {
    expect(() => np.evaluate("a", { a }, { casting: "bad" as never })).toThrow("casting must be one of");
    expect(() => np.evaluate("a", { a }, { optimization: "bad" as never })).toThrow("'optimization' must be one of");
    expect(() => np.evaluate(42 as never, { a })).toThrow(np.TypeError);
  });
  test("the conformance examples", () => {
    const x = np.arange(10).astype("float64"), y = np.arange(10).mul(0.5);
    expect(np.evaluate("a*b + 2*a", { a: x, b: y }).tolist()).toEqual(x.mul(y).add(x.mul(2)).tolist());
  });
});
