import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as np from "../../src/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/limits.json", import.meta.url), "utf8")) as {
  numpy: string;
  finfo: { dtype: string; attrs: Record<string, number>; str: string; repr: string; fdtype: string }[];
  iinfo: { dtype: string; bits: number; kind: string; min: string; max: string; str: string; repr: string }[];
};
const camel = (k: string) => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

describe(`finfo / iinfo against NumPy ${fx.numpy}`, () => {
  for (const c of fx.finfo) {
    it(`finfo(${c.dtype})`, () => {
      const f = np.finfo(c.dtype) as unknown as Record<string, unknown> & { toString(): string; repr(): string; dtype: unknown };
      for (const [k, v] of Object.entries(c.attrs)) expect(f[camel(k)], k).toBe(v);
      expect(String(f.dtype)).toBe(c.fdtype);
      expect(String(f)).toBe(c.str);
      expect(f.repr()).toBe(c.repr);
    });
  }
  for (const c of fx.iinfo) {
    it(`iinfo(${c.dtype})`, () => {
      const i = np.iinfo(c.dtype);
      expect(i.bits).toBe(c.bits);
      expect(i.kind).toBe(c.kind);
      expect(String(i.min)).toBe(c.min);
      expect(String(i.max)).toBe(c.max);
      expect(typeof i.max).toBe(c.bits === 64 ? "bigint" : "number");
      expect(String(i)).toBe(c.str);
      expect(i.repr()).toBe(c.repr);
    });
  }
  it("NumPy's errors for the wrong kind", () => {
    expect(() => np.finfo("int32")).toThrow(np.ValueError);
    expect(() => np.iinfo("float64")).toThrow(np.ValueError);
  });
});
