// Shared by the suites that compare with NumPy fixtures (construct.json, written by
// test/fixtures/gen_construct.py; indexing.json, by gen_indexing.py): the recorded NumPy
// 1.24 answers, and the comparison of a numfuse result against one.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { NDArray, array } from "../../src/index";

type EncValue = number | string | boolean | [number | string, number | string];
/** `flags`: C-contiguous, F-contiguous, writeable, owndata (indexing.json only). */
interface ArrayAnswer { dtype: string; shape: number[]; values: EncValue[]; writeable: boolean; flags?: [boolean, boolean, boolean, boolean] }
interface ListAnswer { list: Answer[] }
interface ErrorAnswer { error: string; message: string }
type Answer = ArrayAnswer | ListAnswer | ErrorAnswer;
type FixtureFile = { numpy: string; cases: Record<string, Answer & { file?: string }> };

const here = dirname(fileURLToPath(import.meta.url));
const load = (name: string): FixtureFile => JSON.parse(readFileSync(join(here, `../fixtures/${name}.json`), "utf8")) as FixtureFile;
export const fixture = load("construct");

/** Fixture cases of one test file that the file has no JS twin for. */
export const untested = (file: "construct" | "join", cases: Cases): string[] =>
  Object.entries(fixture.cases).filter(([n, c]) => c.file === file && !(n in cases)).map(([n]) => n);

export interface CheckOptions {
  /** Relative tolerance for floats (default 1e-15: copies are exact, arithmetic to an ulp). */
  tol?: number;
  /** NumPy's int64 (its default integer) is numfuse's int32 (SPEC §3). */
  intp?: boolean;
  /** Also compare the writeable flag. */
  writeable?: boolean;
  /** Also compare the layout flags (C/F-contiguous, writeable, owndata). */
  flags?: boolean;
}

/** A fixture float: a number, or "nan", "inf", "-inf", "-0" (the generators' encoding). */
export const decodeFloat = (v: number | string): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0" ? -0 : (v as number);

/** An encoded array's values as JS values: bigint for 64-bit integers, {re, im} for complex, unicode kept. */
export function decodeValues(e: { dtype: string; values: readonly unknown[] }): unknown[] {
  const unicode = e.dtype.includes("U");
  return e.values.map((v) => {
    if (Array.isArray(v)) return { re: decodeFloat(v[0] as number | string), im: decodeFloat(v[1] as number | string) };
    if (e.dtype === "int64" || e.dtype === "uint64") return BigInt(v as string);
    return typeof v === "string" && !unicode ? decodeFloat(v) : v;
  });
}

/** An encoded array (dtype, shape, values) as an NDArray. */
export function decodeArray(e: { dtype: string; shape: readonly number[]; values: readonly unknown[] }): NDArray {
  return array(decodeValues(e) as never, { dtype: e.dtype }).reshape([...e.shape]);
}

function flatList(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) flatList(x, out);
  else out.push(v);
  return out;
}

function closeTo(got: number, exp: number, tol: number): boolean {
  if (Number.isNaN(exp)) return Number.isNaN(got);
  if (!Number.isFinite(exp)) return got === exp;
  return Math.abs(got - exp) <= tol * Math.max(Math.abs(exp), 1e-300) || got === exp;
}

function compareArray(got: unknown, exp: ArrayAnswer, o: CheckOptions, where: string): void {
  expect(got, `${where}: an NDArray`).toBeInstanceOf(NDArray);
  const a = got as NDArray;
  const dtype = o.intp && exp.dtype === "int64" ? "int32" : exp.dtype;
  expect(String(a.dtype), `${where}: dtype`).toBe(dtype);
  expect([...a.shape], `${where}: shape`).toEqual(exp.shape);
  const tol = o.tol ?? 1e-15;
  const vals = a.ndim === 0 ? [a.tolist()] : flatList(a.tolist());
  expect(vals.length, `${where}: size`).toBe(exp.values.length);
  exp.values.forEach((e, i) => {
    const g = vals[i];
    const at = `${where}: value ${i}: got ${String(typeof g === "object" ? JSON.stringify(g) : g)}, NumPy ${JSON.stringify(e)}`;
    if (a.dtype.kind === "c") {
      const c = g as { re: number; im: number }, [re, im] = e as [number, number];
      expect(closeTo(c.re, decodeFloat(re), tol) && closeTo(c.im, decodeFloat(im), tol), at).toBe(true);
    } else if (a.dtype.kind === "f") {
      expect(closeTo(g as number, decodeFloat(e as number), tol), at).toBe(true);
    } else if (a.dtype.kind === "i" || a.dtype.kind === "u") {
      expect(String(g), at).toBe(String(e));
    } else {
      expect(g, at).toBe(e);
    }
  });
  if (o.writeable) expect(a.flags.writeable, `${where}: writeable`).toBe(exp.writeable);
  if (o.flags && exp.flags) {
    const f = a.flags;
    expect([f.cContiguous, f.fContiguous, f.writeable, f.owndata], `${where}: flags [C, F, writeable, owndata]`).toEqual(exp.flags);
  }
}

function compare(got: unknown, exp: Answer, o: CheckOptions, where: string): void {
  if ("list" in exp) {
    expect(Array.isArray(got), `${where}: a list`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${where}: list length`).toBe(exp.list.length);
    exp.list.forEach((e, i) => compare(g[i], e, o, `${where}[${i}]`));
  } else if ("error" in exp) {
    throw new Error(`${where}: NumPy raised ${exp.error}: ${exp.message}; numfuse returned a result`);
  } else {
    compareArray(got, exp, o, where);
  }
}

/** Checks results against the cases of one fixture file. */
export function checker(file: FixtureFile) {
  /** Runs `fn` and checks its result (or error: class name and message) against NumPy's. */
  return function check(name: string, fn: () => unknown, o: CheckOptions = {}): void {
    const exp = file.cases[name];
    expect(exp, `no fixture case '${name}'`).toBeDefined();
    if ("error" in exp) {
      let err: unknown = null;
      try { fn(); } catch (e) { err = e; }
      expect(err, `${name}: NumPy raised ${exp.error}`).toBeInstanceOf(Error);
      expect((err as Error).name, name).toBe(exp.error);
      expect((err as Error).message, name).toBe(exp.message);
      return;
    }
    compare(fn(), exp, o, name);
  };
}

/** Checks against construct.json. */
export const check = checker(fixture);

/** The fixture file test/fixtures/<name>.json. */
export const fixtureFile = load;

/** A case table: name -> the numfuse twin of the NumPy expression, with its options. */
export type Cases = Record<string, (() => unknown) | [() => unknown, CheckOptions]>;
