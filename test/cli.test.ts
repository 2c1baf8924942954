/**
 * The `numfuse` command (issue 11), run as users run it: the built binary (bin/numfuse.mjs
 * importing dist/cli.js) as a child process, on files NumPy wrote (test/fixtures/gen_cli.py,
 * which also recorded NumPy's reprs and answers). In CI `npm test` builds dist/ first;
 * NUMFUSE_CLI_BIN points at another build's bin/numfuse.mjs (a private build beside its dist/).
 * Without either, the test builds one into a scratch directory.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FIX = join(repo, "test", "fixtures", "cli");
const expected = JSON.parse(readFileSync(join(repo, "test", "fixtures", "cli.json"), "utf8")) as {
  info: Record<string, string>;
  full: Record<string, string>;
  eval: { name: string; expr: string; vars: string[]; opts: string[] }[];
  printed: { expr: string; vars: string[]; repr: string };
  grid: { expr: string; vars: string[]; repr: string; fields: string[] };
};

let bin = process.env.NUMFUSE_CLI_BIN ?? join(repo, "bin", "numfuse.mjs");
let tmp = "";
let scratch = "";
type Np = typeof import("../src/index.js");
let np: Np;

/** Runs the command in `cwd` (the fixtures by default). */
function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? FIX, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "", ...opts.env },
  });
  return { code: r.status, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** A python3 with NumPy, or null. */
function findPython(): string | null {
  for (const p of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(p, ["-c", "import numpy"], { encoding: "utf8" });
    if (r.status === 0) return p;
  }
  return null;
}
const python = findPython();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "numfuse-cli-"));
  if (!existsSync(join(dirname(bin), "..", "dist", "cli.js"))) {
    // no build to run: one of our own, as package.test.ts does
    scratch = mkdtempSync(join(tmpdir(), "numfuse-cli-build-"));
    const b = spawnSync(process.execPath, [join(repo, "node_modules", "tsup", "dist", "cli-default.js"), "--out-dir", join(scratch, "dist")], { cwd: repo, encoding: "utf8", timeout: 180_000 });
    if (!existsSync(join(scratch, "dist", "cli.js"))) throw new Error(`tsup failed:\n${b.stdout}\n${b.stderr}`);
    mkdirSync(join(scratch, "bin"));
    copyFileSync(join(repo, "bin", "numfuse.mjs"), join(scratch, "bin", "numfuse.mjs"));
    copyFileSync(join(repo, "package.json"), join(scratch, "package.json"));
    symlinkSync(join(repo, "node_modules"), join(scratch, "node_modules"), "dir");
    bin = join(scratch, "bin", "numfuse.mjs");
  }
  np = (await import(pathToFileURL(join(dirname(bin), "..", "dist", "index.js")).href)) as Np;
}, 240_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** No error path prints a stack trace. */
const noTrace = (err: string) => expect(err).not.toMatch(/\n\s+at /);

describe("help and version", () => {
  it("--help, <command> --help and --version print to stdout and exit 0", () => {
    const main = cli(["--help"]);
    expect(main.code).toBe(0);
    expect(main.out).toMatch(/^usage: numfuse <command>/);
    for (const cmd of ["eval", "info", "bench"]) expect(main.out).toContain(`  ${cmd} `);
    for (const cmd of ["eval", "info", "bench"]) {
      const r = cli([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage: numfuse ${cmd}`));
    }
    const v = cli(["--version"]);
    expect(v.code).toBe(0);
    expect(v.out).toBe(`numfuse ${(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version}\n`);
  });

  it("usage errors exit 2 with the usage on stderr", () => {
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/usage: numfuse/);
    const unknown = cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^numfuse: unknown command 'frobnicate'/);
    for (const args of [["info"], ["info", "--bogus", "i4.npy"], ["eval"], ["eval", "a", "b"], ["eval", "a", "a=x.npy", "--threads", "0"], ["bench", "--size", "x"]]) {
      const r = cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(new RegExp(`^numfuse ${args[0]}: .+\\n\\nusage: numfuse ${args[0]}`));
      noTrace(r.err);
    }
  });
});

describe("info", () => {
  it.each(Object.keys(expected.info).filter((n) => n !== "records.npy"))("%s: header fields as stored and NumPy's repr", (name) => {
    const r = cli(["info", name]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(expected.info[name]);
  });

  it("records: the field list, record size and nbytes (a preview once numfuse loads them, or why not)", () => {
    const r = cli(["info", "records.npy"]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines.slice(0, 7)).toEqual(expected.info["records.npy"].split("\n").slice(0, 7));
    expect(lines[7]).toMatch(/^(array\(|\(no preview: )/);
  });

  it("--full prints every element", () => {
    for (const [name, text] of Object.entries(expected.full)) {
      const r = cli(["info", name, "--full"]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(text);
    }
  });

  it("a file that is missing, not .npy, or cut short: one line on stderr, exit 1", () => {
    const bytes = readFileSync(join(FIX, "i4.npy"));
    writeFileSync(join(tmp, "text.npy"), "hello, world\n");
    writeFileSync(join(tmp, "header.npy"), bytes.subarray(0, 50));
    writeFileSync(join(tmp, "data.npy"), bytes.subarray(0, 140));
    const cases: [string, RegExp][] = [
      ["missing.npy", /^numfuse info: missing\.npy: No such file or directory\n$/],
      ["text.npy", /^numfuse info: text\.npy: not a \.npy file/],
      ["header.npy", /^numfuse info: header\.npy: truncated \.npy header/],
      ["data.npy", /^numfuse info: data\.npy: truncated: the header announces 48 bytes of data, 12 follow it\n$/],
    ];
    for (const [file, message] of cases) {
      const r = cli(["info", file], { cwd: tmp });
      expect(r.code, file).toBe(1);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("eval", () => {
  it.each(expected.eval.map((c) => [c.name, c] as const))("%s: NumPy's answer, written as .npy", async (name, c) => {
    const out = join(tmp, `${name}.npy`);
    const r = cli(["eval", c.expr, ...c.vars, "-o", out, ...c.opts]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const got = (await np.load(out)) as InstanceType<Np["NDArray"]>;
    const want = (await np.load(join(FIX, `want_${name}.npy`))) as InstanceType<Np["NDArray"]>;
    expect(String(got.dtype)).toBe(String(want.dtype));
    expect(got.shape).toEqual(want.shape);
    const g = [got.tolist()].flat(3) as (number | boolean)[], w = [want.tolist()].flat(3) as (number | boolean)[];
    g.forEach((v, i) => {
      if (typeof v === "number") expect(Math.abs(v - (w[i] as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w[i] as number)));
      else expect(v).toBe(w[i]);
    });
  });

  it("NumPy reads what -o wrote", () => {
    if (!python) return; // no NumPy here: the numfuse reads above still check the files
    const names = expected.eval.map((c) => c.name);
    const script = `
import json, sys, numpy as np
fix, out = sys.argv[1], sys.argv[2]
res = {}
for n in json.loads(sys.argv[3]):
    o, w = np.load(out + "/" + n + ".npy"), np.load(fix + "/want_" + n + ".npy")
    res[n] = bool(o.dtype == w.dtype and o.shape == w.shape and np.allclose(o, w, rtol=1e-12, atol=0))
print(json.dumps(res))`;
    const r = spawnSync(python, ["-c", script, FIX, tmp, JSON.stringify(names)], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(names.map((n) => [n, true])));
  });

  it("without -o prints the result's repr", () => {
    const r = cli(["eval", expected.printed.expr, ...expected.printed.vars]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${expected.printed.repr}\n`);
  });

  it("streams a result larger than --chunk-mb to disk; info previews it from its corners", () => {
    const out = join(tmp, "grid.npy");
    const r = cli(["eval", expected.grid.expr, ...expected.grid.vars, "-o", out, "--chunk-mb", "1"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const i = cli(["info", out]);
    expect(i.code).toBe(0);
    expect(i.out).toBe([out, ...expected.grid.fields, expected.grid.repr].join("\n") + "\n");
  });

  it("bad expressions, unknown variables and shape mismatches: NumPy's message, exit 1, no output file", () => {
    const cases: [string[], RegExp][] = [
      [["a + q", "a=x.npy"], /^numfuse eval: KeyError: .*'q'/],
      [["a +* 2", "a=x.npy"], /^numfuse eval: SyntaxError: /],
      [["a + b", "a=x.npy", "b=r.npy"], /^numfuse eval: ValueError: operands could not be broadcast together with shapes \(1000,\) \(3,\)/],
      [["a + 1", "a=missing.npy"], /^numfuse eval: missing\.npy: No such file or directory/],
      [["a + 1", "a=pair.npz"], /^numfuse eval: pair\.npz: an \.npz archive/],
    ];
    for (const [args, message] of cases) {
      const out = join(tmp, "failed.npy");
      const r = cli(["eval", ...args, "-o", out]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
    const same = cli(["eval", "a + 1", "a=x.npy", "-o", "x.npy"]);
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/x\.npy: is also an input/);
  });
});

describe("bench", () => {
  it("prints a table of numfuse's times; without NumPy, a note instead of its column", () => {
    const r = cli(["bench", "--size", "2000"], { env: { NUMFUSE_PYTHON: join(tmp, "no-python-here") } });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/numfuse 1 thread/);
    for (const w of ["a*b + 2*a", "sin(a)**2", "sum(a)", "A @ B"]) expect(r.out).toContain(w);
    expect(r.out).toMatch(/NumPy skipped: .*could not be started/);
  });

  it("times NumPy in the same run when python3 has it", () => {
    if (!python) return;
    const r = cli(["bench", "--size", "2000"], { env: { NUMFUSE_PYTHON: python } });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/NumPy \d+\.\d+/);
    expect(r.out).toMatch(/ratio: /);
  });
});
