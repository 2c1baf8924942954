import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as np from "../../src/index.js";

interface Case { fn: "positional" | "scientific"; x: string; f32: boolean; opts: Record<string, unknown>; out: string }
interface ErrorCase { fn: "positional" | "scientific"; opts: Record<string, unknown>; type: string; message: string }
const fx = JSON.parse(readFileSync(new URL("../fixtures/format_float.json", import.meta.url), "utf8")) as { numpy: string; cases: Case[]; errors: ErrorCase[] };

const num = (s: string): number => (s === "nan" ? NaN : s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));
const call = (fn: Case["fn"], x: np.FloatLike, opts: Record<string, unknown>): string =>
  fn === "positional" ? np.formatFloatPositional(x, opts) : np.formatFloatScientific(x, opts);

describe(`formatFloatPositional / formatFloatScientific against NumPy ${fx.numpy}`, () => {
  it(`${fx.cases.length} values x options, float64 and float32`, () => {
    let bad = 0;
    const first: string[] = [];
    for (const c of fx.cases) {
      const x = c.f32 ? np.array(num(c.x), { dtype: "float32" }) : num(c.x);
      const got = call(c.fn, x, c.opts);
      if (got !== c.out) {
        bad++;
        if (first.length < 5) first.push(`${c.fn}(${c.x}${c.f32 ? " f32" : ""}, ${JSON.stringify(c.opts)}): ${JSON.stringify(got)} != ${JSON.stringify(c.out)}`);
      }
    }
    expect(first).toEqual([]);
    expect(bad).toBe(0);
  });

  it("argument errors with NumPy's class and wording", () => {
    for (const e of fx.errors) {
      let err: unknown = null;
      try { call(e.fn, 1.5, e.opts); } catch (x) { err = x; }
      expect(err, JSON.stringify(e.opts)).toBeInstanceOf(Error);
      expect((err as Error).name).toBe(e.type);
      expect((err as Error).message).toBe(e.message);
    }
  });

  it("non-float inputs: booleans and integers format as floats, strings and non-0-d arrays are refused", () => {
    expect(np.formatFloatPositional(true)).toBe("1.");
    expect(np.formatFloatPositional(np.array(5, { dtype: "int32" }))).toBe("5.");
    expect(np.formatFloatScientific(7n)).toBe("7.e+00");
    expect(() => np.formatFloatPositional("a" as unknown as number)).toThrow(np.TypeError);
    expect(() => np.formatFloatPositional(np.ones(2))).toThrow(np.TypeError);
    expect(() => np.formatFloatPositional(1.5, { trim: "x" as "k" })).toThrow(np.TypeError);
  });
});
