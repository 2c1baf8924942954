// Shared by the io-*.test.ts suites: test/fixtures/io.json (written by
// test/fixtures/gen_io.py with NumPy 2.x) and the files beside it in test/fixtures/io/.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checker } from "./fixtures";

const here = dirname(fileURLToPath(import.meta.url));
export const IO_DIR = join(here, "../fixtures/io");
export const ioFile = (name: string): Buffer => readFileSync(join(IO_DIR, name));

type Encoded = { dtype: string; shape: number[]; values: unknown[] };
type ErrorCase = { error: string; message: string };
export type NpyCase = (Encoded & { fortran: boolean; native: boolean; descr: string; version?: number[]; widened?: boolean }) | ErrorCase;
export type NpzCase = { files: string[]; members: Record<string, Encoded>; compressed: boolean };
export type SavetxtCase = { array: Encoded; kwargs: Record<string, unknown> } & ({ text: string } | ErrorCase);
export type LoadCase = { lines: string[]; kwargs: Record<string, unknown> } & (Encoded | ErrorCase);
export type BitsCase = { input: Encoded; kwargs: Record<string, unknown>; fn: string } & (Encoded | ErrorCase);
export type TofileCase = { array: Encoded; kwargs: Record<string, unknown>; text?: string; hex?: string };

export const io = JSON.parse(readFileSync(join(here, "../fixtures/io.json"), "utf8")) as {
  numpy: string;
  headers: Record<string, { text: string | null; spaces: number; length: number; sha256: string; version: number }>;
  npy: Record<string, NpyCase>; npz: Record<string, NpzCase>; savetxt: Record<string, SavetxtCase>;
  loadtxt: Record<string, LoadCase>; genfromtxt: Record<string, LoadCase>; bits: Record<string, BitsCase>;
  tofile: Record<string, TofileCase>;
  fromfile: Record<string, { text: string; kwargs: Record<string, unknown> } & (Encoded | ErrorCase)>;
};

/** A checker over one section of io.json (exact values: files hold the bits). */
export const checkSection = (cases: Record<string, unknown>) => checker({ numpy: io.numpy, cases: cases as never });

/** Python keyword names to numfuse's camelCase options. */
export const camel = (kw: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(kw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

/** The outcome of a promise as a function for `check` (which runs it synchronously). */
export async function settled<T>(p: Promise<T> | (() => Promise<T>)): Promise<() => T> {
  try {
    const v = await (typeof p === "function" ? p() : p);
    return () => v;
  } catch (e) {
    return () => { throw e; };
  }
}
