// The `numfuse` command (bin/numfuse.mjs runs main): eval, info and bench. Everything here
// reaches the library through ../index.js only, which the build keeps an import of
// dist/index.js (tsup.config.ts), so the command shares the package's one copy of numfuse.

import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { USAGE, type Command } from "./usage.js";
import { UsageError, errorLine } from "./failure.js";
import { info } from "./info.js";
import { evalCommand } from "./eval.js";
import { bench } from "./bench.js";

/** The options each command takes (all of them also take --help). */
const OPTIONS: Record<Command, NonNullable<ParseArgsConfig["options"]>> = {
  eval: {
    out: { type: "string", short: "o" },
    threads: { type: "string" },
    "chunk-mb": { type: "string" },
    quiet: { type: "boolean", short: "q" },
  },
  info: { full: { type: "boolean" } },
  bench: { size: { type: "string" } },
};

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch { return "unknown"; }
}

/** A positive number option, or a usage error naming it. */
export function positive(values: Record<string, unknown>, name: string, integer: boolean): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} takes a positive ${integer ? "integer" : "number"}, not '${String(v)}'`);
  return n;
}

async function run(cmd: Command, args: string[], out: (line: string) => void): Promise<void> {
  const parsed = parseArgs({ args, options: { ...OPTIONS[cmd], help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  const values: Record<string, unknown> = parsed.values, positionals = parsed.positionals;
  if (values.help) { out(USAGE[cmd]); return; }
  switch (cmd) {
    case "info": {
      if (positionals.length !== 1) throw new UsageError(positionals.length ? "info takes one file" : "info needs a file");
      for (const line of await info(positionals[0], Boolean(values.full))) out(line);
      return;
    }
    case "eval": {
      const [expr, ...vars] = positionals;
      if (expr === undefined) throw new UsageError("eval needs an expression");
      await evalCommand({
        expr, vars, out: values.out as string | undefined, quiet: Boolean(values.quiet),
        threads: positive(values, "threads", true), chunkMB: positive(values, "chunk-mb", false),
      }, out);
      return;
    }
    case "bench": {
      if (positionals.length) throw new UsageError(`bench takes no arguments, got '${positionals[0]}'`);
      await bench(positive(values, "size", true), out);
      return;
    }
  }
}

/**
 * Runs the command line `argv` (without node and the script); resolves to the exit status:
 * 0 done, 1 an error in the user's files or expression, 2 a usage error.
 */
export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(line + "\n");
  const [first, ...rest] = argv;
  if (first === "-V" || first === "--version") { out(`numfuse ${version()}`); return 0; }
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    (first === undefined ? (l: string) => process.stderr.write(l + "\n") : out)(USAGE.main);
    return first === undefined ? 2 : 0;
  }
  const cmd = first as Command;
  if (!(cmd in OPTIONS)) {
    process.stderr.write(`numfuse: unknown command '${first}'\n\n${USAGE.main}\n`);
    return 2;
  }
  try {
    await run(cmd, rest, out);
    return 0;
  } catch (err) {
    // node:util's parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes
    const usage = err instanceof UsageError || String((err as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`numfuse ${cmd}: ${usage ? (err as Error).message : errorLine(err)}\n`);
    if (usage) process.stderr.write(`\n${USAGE[cmd]}\n`);
    return usage ? 2 : 1;
  }
}
