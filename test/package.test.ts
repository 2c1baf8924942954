/**
 * The published package (SPEC §1): built with tsup into a scratch `node_modules/numfuse`
 * (package.json copied, so resolution goes through its `exports`), then used from
 * separate Node processes as `import * as np from "numfuse"` (ESM, dist/index.js) and
 * `require("numfuse")` (CJS, dist/index.cjs), and type-checked as a TypeScript import.
 * Building into a scratch directory keeps the test independent of a concurrent build of
 * the repository's own dist/.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkgJson = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  name: string; exports: Record<string, Record<string, string>>; dependencies?: Record<string, string>;
};
let root = "";
let pkgDir = "";

function run(cmd: string, args: string[], cwd: string, timeout = 60_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, NODE_OPTIONS: "" } });
  return { code: r.status, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "numfuse-pkg-"));
  pkgDir = join(root, "node_modules", pkgJson.name);
  mkdirSync(pkgDir, { recursive: true });
  const b = run(process.execPath, [join(repo, "node_modules", "tsup", "dist", "cli-default.js"), "--out-dir", join(pkgDir, "dist")], repo, 180_000);
  if (b.code !== 0) throw new Error(`tsup failed:\n${b.out}\n${b.err}`);
  cpSync(join(repo, "package.json"), join(pkgDir, "package.json"));
  // runtime dependencies resolve from the scratch node_modules, as after `npm install numfuse`
  for (const dep of Object.keys(pkgJson.dependencies ?? {})) {
    const target = join(repo, "node_modules", dep), link = join(root, "node_modules", dep);
    if (existsSync(target)) { mkdirSync(dirname(link), { recursive: true }); symlinkSync(target, link, "dir"); }
  }
}, 240_000);

afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

/** The checks both module systems run; prints one JSON line. */
const BODY = `
const a = np.array([[1, 2], [3, 4]]);
const b = a.mul(2).add(a.T);
const f = np.zeros([3], np.float32).add(0.5);
const out = {
  tolist: b.tolist(),
  dtype: String(b.dtype),
  pending: np.ones([2]).add(1).isPending,
  sum: b.sum().item(),
  repr: np.arange(3).repr(),
  str: np.eye(2).toString(),
  f32: String(f.dtype) + ":" + f.tolist().join(","),
  big: String(np.array([9007199254740993n]).add(1n).item()),
  isArray: b instanceof np.NDArray && np.ndarray === np.NDArray,
  consts: [np.newaxis, np.pi === Math.PI, np.e === Math.E, Number.isNaN(np.nan), np.inf],
  errors: (() => { try { np.ones([3, 2]).add(np.ones([3])); return "no error"; } catch (e) { return e instanceof np.ValueError && e instanceof Error ? e.message : String(e); } })(),
  explain: /fused kernel/.test(a.mul(2).add(1).explain()),
};
console.log(JSON.stringify(out));
`;

const EXPECTED = {
  tolist: [[3, 7], [8, 12]],
  dtype: "int32",
  pending: true,
  sum: 30,
  repr: "array([0, 1, 2], dtype=int32)",
  str: "[[1. 0.]\n [0. 1.]]",
  f32: "float32:0.5,0.5,0.5",
  big: "9007199254740994",
  isArray: true,
  consts: [null, true, true, true, null], // Infinity serializes as null
  errors: "operands could not be broadcast together with shapes (3,2) (3,) ",
  explain: true,
};

function runScript(name: string, source: string) {
  const file = join(root, name);
  writeFileSync(file, source);
  const r = run(process.execPath, [file], root);
  expect(r.err.replace(/^.*ExperimentalWarning.*$/gm, "").trim(), "stderr").toBe("");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out.trim().split("\n").pop()!);
}

describe("package entry points", () => {
  it("package.json exports point at the built files", () => {
    const dot = pkgJson.exports["."];
    for (const key of ["import", "require", "types"]) {
      expect(dot[key], key).toBeTruthy();
      expect(existsSync(join(pkgDir, dot[key])), `${key} -> ${dot[key]} exists after the build`).toBe(true);
    }
  });
  it('ESM: import * as np from "numfuse"', () => {
    expect(runScript("esm.mjs", `import * as np from "numfuse";\n${BODY}`)).toEqual(EXPECTED);
  });
  it('ESM: a default-less namespace also works through import("numfuse")', () => {
    const out = runScript("dyn.mjs", `const np = await import("numfuse");\nconsole.log(JSON.stringify(np.arange(4).mul(3).tolist()));`);
    expect(out).toEqual([0, 3, 6, 9]);
  });
  it('CJS: const np = require("numfuse")', () => {
    expect(runScript("cjs.cjs", `const np = require("numfuse");\n${BODY}`)).toEqual(EXPECTED);
  });
  it("a process using numfuse exits by itself (no handle keeps it alive)", () => {
    const file = join(root, "exit.mjs");
    writeFileSync(file, `import * as np from "numfuse";\nconst x = np.ones([100000]).mul(3);\nawait x.eval();\nconsole.log(x.item(0));`);
    const t = Date.now();
    const r = run(process.execPath, [file], root, 20_000);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe("3");
    expect(Date.now() - t).toBeLessThan(15_000);
  });
  it('TypeScript: import * as np from "numfuse" type-checks against the shipped .d.ts', () => {
    expect(typecheck("check.ts", [
      `import * as np from "numfuse";`,
      `const a: np.NDArray = np.array([[1, 2], [3, 4]]);`,
      `const s: readonly number[] = np.add(a, 1).shape;`,
      `const d: string = String(a.dtype);`,
      `// @ts-expect-error: shapes are number arrays`,
      `np.zeros("3");`,
      `export { s, d };`,
    ])).toBe("");
  });
  // Bug: NDArray's methods are declared by module augmentation in src/methods.ts
  // (`declare module "./ndarray.js"`); the bundled dist/index.d.ts keeps that block, but
  // "./ndarray.js" no longer exists beside it, so the published NDArray type has no
  // methods (`Property 'mul' does not exist on type 'NDArray'`).
  it("TypeScript: NDArray methods are typed in the shipped .d.ts", () => {
    expect(typecheck("methods.ts", [
      `import * as np from "numfuse";`,
      `const a = np.array([[1, 2], [3, 4]]);`,
      `const b: np.NDArray = a.mul(2).add(a.T).get("0, :");`,
      `const l: unknown = b.tolist();`,
      `export { l };`,
    ])).toBe("");
  });
  it("TypeScript: the indexing surface is typed in the shipped .d.ts (methods defined outside ndarray.ts too)", () => {
    expect(typecheck("indexing.ts", [
      `import * as np from "numfuse";`,
      `const a = np.arange(6).reshape(2, 3);`,
      `const d: np.NDArray = a.diagonal(0, 0, 1);`,
      `const t: np.NDArray = a.take([0], 1).repeat(2).compress([true]);`,
      `const nz: np.NDArray[] = a.nonzero();`,
      `const [i, j] = np.where(a.gt(2));`,
      `const w: np.NDArray = np.lib.strideTricks.slidingWindowView(np.where(a.gt(2), a, 0), [1, 2]);`,
      `const p: np.NDArray = np.delete(np.pad(a, 1, { mode: "edge" }), 0, 1);`,
      `for (const v of np.nditer(a, { order: "F" })) void v;`,
      `export { d, t, nz, i, j, w, p };`,
    ])).toBe("");
  });
});

/** Runs tsc on one file importing "numfuse" from the scratch node_modules; returns its diagnostics. */
function typecheck(name: string, lines: string[]): string {
  const file = join(root, name);
  writeFileSync(file, lines.join("\n"));
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  const r = run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022",
    "--skipLibCheck", "--types", "node", "--typeRoots", join(repo, "node_modules", "@types"), file], root, 60_000);
  return `${r.out}${r.err}`.trim() || (r.code === 0 ? "" : `tsc exited with ${r.code}`);
}
