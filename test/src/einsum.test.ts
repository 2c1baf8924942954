// Checks src/einsum.ts against NumPy 1.24 (test/fixtures/einsum.json, written by
// test/fixtures/gen_einsum.py, which records each call as data so that it replays here
// without a hand-written twin): einsum's values, dtypes and errors under every optimize
// mode, einsum_path's paths and reports byte for byte; then Python's number formatting
// the reports use, and what NumPy's answers do not show: laziness, views, notes.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { pyExp, pyFixed, pyRatio } from "../../src/einsum/report";
import { checker, fixtureFile, decodeArray } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values: EncValue[] }
type Arg = number | string | boolean | null | Arg[]
  | { array: EncArray; view?: string; pending?: boolean }
  | { zeros: number[]; dtype: string } | { broadcast: number[] };
interface Call {
  fn: "einsum" | "einsumPath"; args: Arg[]; kw: Record<string, Arg>; tol: number; returnsOut?: boolean;
  error?: string; message?: string; path?: unknown[]; report?: string; reportVaries?: boolean; labelVaries?: boolean;
}

const file = fixtureFile("einsum");
const check = checker(file);
const calls = file.cases as unknown as Record<string, Call>;
const numbers = (file as unknown as { numbers: { formats: [number, string, string][]; ratios: [string, string, number][] } }).numbers;



function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  if ("zeros" in a) return np.zeros(a.zeros, { dtype: a.dtype });
  if ("broadcast" in a) return np.broadcastTo(np.array(0.5), a.broadcast);
  let arr = decodeArray(a.array);
  if (a.pending) arr = arr.mul(1);
  if (a.view) arr = a.view === "T" ? arr.T : arr.get(a.view);
  return arr;
}

/** Replays one recorded call: positional arguments, then the options object. */
function replay(c: Call): unknown {
  const args = c.args.map(decode);
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  const fn = c.fn === "einsum" ? np.einsum : np.einsumPath;
  const r = fn(...args, ...(Object.keys(kw).length ? [kw] : []));
  return c.returnsOut ? kw.out : r;
}

function checkCase(name: string, c: Call): void {
  if (c.error !== undefined) {
    let err: unknown = null;
    try { replay(c); } catch (e) { err = e; }
    expect(err, `${name}: NumPy raised ${c.error}: ${c.message}`).toBeInstanceOf(Error);
    const e = err as Error;
    // numfuse has no KeyError (the one einsum_path raises for an unknown path name): a ValueError
    expect(e.name, `${name}: ${e.message}`).toBe(c.error === "KeyError" ? "ValueError" : c.error);
    // NumPy names the letters of an ellipsis from a set, in an order that varies between runs
    const strip = (m: string) => (c.labelVaries ? m.replace(/label '.'/, "label '?'") : m);
    expect(strip(e.message), name).toBe(strip(c.message!));
    return;
  }
  if (c.fn === "einsumPath") {
    const [path, report] = replay(c) as [unknown[], string];
    expect(path, `${name}: path`).toEqual(c.path);
    if (!c.reportVaries) expect(report, `${name}: report`).toBe(c.report);
    return;
  }
  check(name, () => replay(c), { tol: c.tol });
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("einsum vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(calls)) {
    if (!compile && c.fn === "einsumPath") continue;
    it(name, () => {
      config.compile = compile;
      checkCase(name, c);
    });
  }
});

describe("einsum_path's number formatting (Python's %.3e, %.3f, int / int)", () => {
  it("formats as Python does, ties to even", () => {
    for (const [x, e, f] of numbers.formats) {
      expect(pyExp(x, 3), `%.3e of ${x}`).toBe(e);
      expect(pyFixed(x, 3), `%3.3f of ${x}`).toBe(f);
    }
  });
  it("divides integers as Python does", () => {
    for (const [a, b, q] of numbers.ratios) expect(pyRatio(BigInt(a), BigInt(b)), `${a} / ${b}`).toBe(q);
  });
});

describe("einsum: laziness, views, notes", () => {
  const a = np.arange(6).reshape(2, 3).astype("float64"), b = np.arange(12).reshape(3, 4).astype("float64");

  it("builds nodes at the call and computes only when read", () => {
    const r = np.einsum("ij,jk->ik", a, b), s = np.einsum("ij,jk->ik", a, b, { optimize: "greedy" });
    expect(r.isPending).toBe(true);
    expect(s.isPending).toBe(true);
    expect(r.shape).toEqual([2, 4]);
    expect(r.tolist()).toEqual([[20, 23, 26, 29], [56, 68, 80, 92]]);
  });

  it("a later write to an operand does not change a pending result", () => {
    const x = np.array([1, 2, 3]), y = np.array([4, 5, 6]);
    const r = np.einsum("i,i", x, y), o = np.einsum("i,j->ij", x, y, { optimize: true });
    x.set(0, 100);
    expect(r.item()).toBe(32);
    expect(o.get(0).tolist()).toEqual([4, 5, 6]);
  });

  it("reads pending operands (and their diagonals) without evaluating them first", () => {
    const m = np.arange(16).reshape(4, 4).mul(2);
    const t = np.einsum("ii", m), d = np.einsum("ii->i", m);
    expect(m.isPending).toBe(true);
    expect(t.item()).toBe(60);
    expect(d.tolist()).toEqual([0, 10, 20, 30]);
  });

  it("one operand without a sum is a writeable view, as NumPy returns", () => {
    const m = np.arange(9).reshape(3, 3);
    const d = np.einsum("ii->i", m), t = np.einsum("ij->ji", m);
    d.set(1, 100);
    expect(m.item(1, 1)).toBe(100);
    t.set([0, 2], -1);
    expect(m.item(2, 0)).toBe(-1);
  });

  it("a view of a pending operand writes through, even across two diagonals", () => {
    const m = np.arange(8).reshape(2, 2, 2).mul(1);
    const d = np.einsum("iii->i", m);
    expect(d.isPending).toBe(true);
    d.set(1, 99);
    expect(m.item(1, 1, 1)).toBe(99);
  });

  it("out: written with the result, returned, even when it is an operand", () => {
    const m = np.arange(4).reshape(2, 2).astype("float64");
    const r = np.einsum("ij->ji", m, { out: m });
    expect(r).toBe(m);
    expect(m.tolist()).toEqual([[0, 2], [1, 3]]);
  });

  it("an optimized einsum's result carries the path report for explain()", () => {
    const c = np.ones([4, 5]);
    const r = np.einsum("ij,jk,kl->il", a, b, c, { optimize: "optimal" });
    const [, report] = np.einsumPath("ij,jk,kl->il", a, b, c, { optimize: "optimal" });
    for (const line of report.split("\n").slice(-4)) expect(np.explain(r)).toContain(line); // (indented as a block)
    expect(np.explain(np.einsum("ij,jk,kl->il", a, b, c))).not.toContain("Complete contraction");
  });

  it("accepts nested JS arrays and typed arrays as operands", () => {
    expect(np.einsum("i,i", [1, 2, 3], new Float64Array([1, 1, 1])).item()).toBe(6);
    expect(np.einsum([[1, 2], [3, 4]], [0, 0]).item()).toBe(5);
  });
});
