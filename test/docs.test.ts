/**
 * The docs cannot rot: every numfuse snippet in docs/ (the guide "NumPy to numfuse" and
 * the pages beside it) runs against the build as a user runs it, an ES module importing
 * "numfuse", and prints exactly the output the page shows; every NumPy original beside
 * it printed the same under NumPy 1.24 (test/fixtures/gen_docs.py ran them and recorded
 * their output by source hash, so a changed snippet needs the generator run again).
 * Block rules: test/docs/snippets.ts.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { allBlocks, tsProgram, type Block } from "./docs/snippets";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Inside the package (not under node_modules), so `import "numfuse"` resolves to this
// package's own build by name, as it does for a user who installed it.
const scratch = join(repo, ".cache", "docs-snippets");
// NUMFUSE_DOCS=docs/a.md,docs/b.md checks only those pages (while writing them).
const only = process.env.NUMFUSE_DOCS?.split(",").map((f) => f.trim());
const blocks = allBlocks(repo).filter((b) => !only || only.includes(b.file));
const numpyOut: Record<string, { stdout: string; error: string | null }> = JSON.parse(
  readFileSync(join(repo, "test", "fixtures", "docs.json"), "utf8"),
);
const sha = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);
const where = (b: Block) => `${b.file}:${b.line}`;

function run(b: Block, i: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const js = ts.transpileModule(tsProgram(b.source), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const path = join(scratch, `${b.file.replace(/[/.]/g, "_")}_${b.line}_${i}.mjs`);
  writeFileSync(path, js);
  return new Promise((res) => {
    execFile(process.execPath, [path], { cwd: repo, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } }, (err, stdout, stderr) =>
      res({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? -1) : 0 }),
    );
  });
}

describe("docs snippets", () => {
  it("finds the guide's snippets", () => {
    expect(existsSync(join(repo, "dist", "index.js"))).toBe(true);
    expect(blocks.filter((b) => b.lang === "ts").length).toBeGreaterThan(0);
  });

  it("every numfuse snippet runs and prints what the page shows", async () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const tsBlocks = blocks.filter((b) => b.lang === "ts");
    const results = new Array<Awaited<ReturnType<typeof run>>>(tsBlocks.length);
    let next = 0;
    const lane = async () => { for (let i = next++; i < tsBlocks.length; i = next++) results[i] = await run(tsBlocks[i], i); };
    await Promise.all([lane(), lane(), lane()]);
    const failures: string[] = [];
    tsBlocks.forEach((b, i) => {
      const r = results[i];
      if (r.code !== 0) failures.push(`${where(b)} exited with ${r.code}:\n${r.stderr.trim().split("\n").slice(0, 8).join("\n")}`);
      else if (b.expected !== null && r.stdout !== b.expected) failures.push(`${where(b)} printed:\n${r.stdout}--- the page shows:\n${b.expected}`);
    });
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 300_000);

  it("every NumPy original printed what the page shows (run python3 test/fixtures/gen_docs.py after changing one)", () => {
    const failures: string[] = [];
    for (const b of blocks.filter((x) => x.lang === "python")) {
      const got = numpyOut[sha(b.source)];
      if (!got) failures.push(`${where(b)}: not run by NumPy yet (run /usr/bin/python3 test/fixtures/gen_docs.py)`);
      else if (got.error) failures.push(`${where(b)}: NumPy raised ${got.error}`);
      else if (b.expected !== null && got.stdout !== b.expected) failures.push(`${where(b)}: NumPy printed:\n${got.stdout}--- the page shows:\n${b.expected}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  });
});
