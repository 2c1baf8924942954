/**
 * The code blocks of the docs (docs/**.md, outside the generated docs/api/) and what
 * they must print. test/fixtures/gen_docs.py reads the same blocks by the same rules.
 *
 * - A ```ts (or ```js) block is a numfuse program: an ES module run on its own against
 *   the build, with `import * as np from "numfuse"` put in front unless it imports
 *   numfuse itself. Top-level `await` works.
 * - A ```python block is the NumPy original, run by /usr/bin/python3 (NumPy 1.24) with
 *   `import numpy as np` in front.
 * - A ```text block right after a code block (blank lines between are fine) is exactly
 *   what that block prints. A python block without one prints what the ts block after
 *   it prints: the NumPy original and the numfuse snippet agree.
 * - `norun` after the language (```ts norun) marks a block that is shown, not run: code
 *   for a browser page, or a fragment.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface Block {
  file: string; // relative to the repository
  line: number; // 1-based line of the opening fence
  lang: "ts" | "python";
  source: string;
  expected: string | null; // null: runs, output not checked
}

const FENCE = /^```(\S*)(?:[ \t]+(.*))?$/;
const LANGS: Record<string, Block["lang"]> = { ts: "ts", typescript: "ts", js: "ts", javascript: "ts", python: "python", py: "python" };

interface Raw { lang: string; flags: string[]; line: number; body: string }

function rawBlocks(text: string): Raw[] {
  const lines = text.split("\n");
  const out: Raw[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ lang: m[1], flags: (m[2] ?? "").split(/\s+/).filter(Boolean), line: start + 1, body: body.join("\n") + "\n" });
    // what lies between this block's end and the next fence decides adjacency: keep the end line
    (out[out.length - 1] as Raw & { end: number }).end = i;
  }
  return out;
}

/** The runnable blocks of one Markdown text, each with the output it must print. */
export function parseBlocks(text: string, file: string): Block[] {
  const raws = rawBlocks(text) as (Raw & { end: number })[];
  const lines = text.split("\n");
  const adjacent = (a: Raw & { end: number }, b: Raw) => lines.slice(a.end + 1, b.line - 1).every((l) => l.trim() === "");
  const blocks: Block[] = [];
  const pendingPython: Block[] = [];
  for (let k = 0; k < raws.length; k++) {
    const r = raws[k];
    const lang = LANGS[r.lang];
    if (!lang || r.flags.includes("norun")) continue;
    const next = raws[k + 1];
    const own = next && (next.lang === "text" || next.lang === "output") && adjacent(r, next) ? next.body : null;
    const b: Block = { file, line: r.line, lang, source: r.body, expected: own };
    blocks.push(b);
    if (lang === "python" && own === null) pendingPython.push(b);
    if (lang === "ts") {
      for (const p of pendingPython.splice(0)) p.expected = own;
    }
  }
  for (const p of pendingPython) p.expected = null;
  return blocks;
}

/** The docs' Markdown files, relative to the repository (docs/api/ is generated and has none). */
export function docFiles(repo: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) { if (relative(repo, p) !== join("docs", "api")) walk(p); }
      else if (name.endsWith(".md")) out.push(relative(repo, p));
    }
  };
  walk(join(repo, "docs"));
  return out;
}

export function allBlocks(repo: string): Block[] {
  return docFiles(repo).flatMap((f) => parseBlocks(readFileSync(join(repo, f), "utf8"), f));
}

/** The program a ts block runs as. */
export function tsProgram(source: string): string {
  return /from\s+["']numfuse["']/.test(source) ? source : `import * as np from "numfuse";\n${source}`;
}
