// The io cases of the conformance suite (../shared/conformance), run on the sources with the
// io functions in the namespace, compared as run.mjs compares them (shape, dtype kind, values).
// Skipped where the shared folder is absent. Structured cases belong to another part.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import * as fs from "node:fs";
import * as path from "node:path";
import { tmpdir } from "node:os";
import * as np from "../../src/index";
import * as nio from "../../src/io/index";

const SHARED = "/work/shared/conformance";
const ready = existsSync(`${SHARED}/expected/io.json`);
const NOT_OURS = new Set(["s3-load-structured"]);

type Exp = { type: string; shape?: number[]; kind?: string; values?: unknown; items?: Exp[]; value?: unknown };
const kindOf = (d: string) => {
  const s = d.replace(/^[<>=|]/, "");
  if (/^u?int\d+$/.test(s)) return "int";
  if (/^U\d*$/.test(s)) return "unicode";
  return s;
};
const flat = (v: unknown, out: unknown[] = []): unknown[] => { if (Array.isArray(v)) v.forEach((x) => flat(x, out)); else out.push(v); return out; };
const num = (v: unknown) => (typeof v === "bigint" ? Number(v) : v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v);

function compare(got: unknown, exp: Exp, where: string): void {
  if (exp.type === "tuple") {
    expect(Array.isArray(got), where).toBe(true);
    (exp.items ?? []).forEach((e, i) => compare((got as unknown[])[i], e, `${where}[${i}]`));
    return;
  }
  if (exp.type === "scalar") {
    const v = got instanceof np.NDArray ? got.tolist() : got;
    expect(v, where).toEqual(exp.value);
    return;
  }
  expect(got, where).toBeInstanceOf(np.NDArray);
  const a = got as np.NDArray;
  expect([...a.shape], `${where} shape`).toEqual(exp.shape);
  expect(kindOf(String(a.dtype)), `${where} dtype`).toBe(exp.kind);
  const g = flat(a.tolist()), e = flat(exp.values);
  expect(g.length, where).toBe(e.length);
  e.forEach((y, i) => {
    const x = g[i];
    if (y !== null && typeof y === "object") {
      const c = x as { re: number; im: number }, z = y as { re: unknown; im: unknown };
      expect([c.re, c.im], `${where} value ${i}`).toEqual([num(z.re), num(z.im)]);
    } else if (typeof y === "number" || y === "NaN" || y === "Infinity" || y === "-Infinity") {
      const yy = num(y) as number, xx = num(x) as number;
      if (Number.isNaN(yy)) expect(Number.isNaN(xx), `${where} value ${i}`).toBe(true);
      else expect(Math.abs(xx - yy) <= 1e-9 + 1e-9 * Math.abs(yy), `${where} value ${i}: ${xx} vs ${yy}`).toBe(true);
    } else expect(x, `${where} value ${i}`).toEqual(y);
  });
}

describe.skipIf(!ready)("conformance: io", () => {
  const cases = ready ? (JSON.parse(readFileSync(`${SHARED}/expected/io.json`, "utf8")) as Record<string, { js: string; expected: Exp }>) : {};
  const ns = { ...np, ...nio };
  const AsyncFunction = (async () => {}).constructor as new (...a: string[]) => (np: unknown, ctx: unknown) => Promise<unknown>;
  for (const [id, c] of Object.entries(cases)) {
    it.skipIf(NOT_OURS.has(id))(id, async () => {
      const ctx = { dataDir: `${SHARED}/data`, tmpDir: mkdtempSync(path.join(tmpdir(), "conf-io-")), fs, path };
      const run = new AsyncFunction("np", "ctx", c.js)(ns, ctx);
      const exp = c.expected as Exp & { name?: string; message?: string };
      if (exp.type === "error") await expect(run).rejects.toMatchObject({ name: exp.name });
      else compare(await run, c.expected, id);
    });
  }
});
